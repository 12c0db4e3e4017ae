// Invariant checks shared by the fuzz targets: a failed check aborts, which libFuzzer (and
// the corpus replayer) reports as a crash with the input that caused it.
#pragma once

#include <cstdlib>
#include <string_view>

namespace smtpcodec::fuzz {

inline void check(bool ok) {
  if (!ok) std::abort();
}

/// True when `v` is empty or lies inside `in`.
inline bool inside(std::string_view v, std::string_view in) {
  return v.empty() || (v.data() >= in.data() && v.data() + v.size() <= in.data() + in.size());
}

/// Every view a parser returns must lie inside the input it was given (or be empty).
inline void check_inside(std::string_view v, std::string_view in) { check(inside(v, in)); }

}  // namespace smtpcodec::fuzz
