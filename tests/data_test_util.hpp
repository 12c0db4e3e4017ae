// Helpers shared by the DATA / BDAT codec tests (dot_unstuff_test.cpp, dot_stuff_test.cpp,
// bdat_test.cpp): every scan path of this CPU, and feeding input in pieces that live in
// fresh heap copies (so ASan sees any pointer kept across calls).
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "detail/byte_scan.hpp"
#include "smtpcodec/dot_stuffing.hpp"

namespace smtpcodec::test {

/// Every scan path this build and CPU can run, "none" (the machine alone) first.
inline std::vector<detail::scan_path> all_scan_paths() {
  std::vector<detail::scan_path> v;
  for (auto p : {detail::scan_path::none, detail::scan_path::portable, detail::scan_path::sse2, detail::scan_path::avx2,
                 detail::scan_path::avx512})
    if (detail::scan_path_available(p)) v.push_back(p);
  return v;
}

/// Forces a scan path for its lifetime.
struct scoped_scan_path {
  explicit scoped_scan_path(detail::scan_path p) { detail::force_scan_path(p); }
  ~scoped_scan_path() { detail::reset_scan_path(); }
  scoped_scan_path(const scoped_scan_path&) = delete;
  scoped_scan_path& operator=(const scoped_scan_path&) = delete;
};

/// `v` lies inside `in`, or is one of the static strings the codecs insert.
inline bool inside_or_static(std::string_view v, std::string_view in) {
  if (v.empty()) return true;
  if (v.data() >= in.data() && v.data() + v.size() <= in.data() + in.size()) return true;
  return v == "\r\n" || v == "\r" || v == "\n" || v == ".\r\n" || v == "\r\n.\r\n" || v == "\n.\r\n";
}

/// A fresh heap copy of one piece of input, freed when it goes out of scope.
struct heap_piece {
  explicit heap_piece(std::string_view s) : buf(new char[s.size() + 1]), size(s.size()) {
    std::memcpy(buf.get(), s.data(), s.size());
  }
  std::string_view view() const { return {buf.get(), size}; }
  std::unique_ptr<char[]> buf;
  std::size_t size;
};

/// Cut points for `n` octets: every `step` octets.
inline std::vector<std::size_t> cuts_every(std::size_t n, std::size_t step) {
  std::vector<std::size_t> c;
  for (std::size_t i = step; i < n; i += step) c.push_back(i);
  return c;
}

/// Random cut points, sorted.
inline std::vector<std::size_t> random_cuts(std::size_t n, std::mt19937& rng, std::size_t count) {
  std::vector<std::size_t> c;
  for (std::size_t i = 0; i < count && n > 1; ++i) c.push_back(1 + rng() % (n - 1));
  std::sort(c.begin(), c.end());
  c.erase(std::unique(c.begin(), c.end()), c.end());
  return c;
}

/// The pieces of `s` between cut points.
inline std::vector<std::string_view> split_at(std::string_view s, const std::vector<std::size_t>& cuts) {
  std::vector<std::string_view> v;
  std::size_t at = 0;
  for (std::size_t c : cuts) {
    v.push_back(s.substr(at, c - at));
    at = c;
  }
  v.push_back(s.substr(at));
  return v;
}

}  // namespace smtpcodec::test
