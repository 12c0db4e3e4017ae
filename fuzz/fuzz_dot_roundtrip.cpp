// fuzz_dot_roundtrip: dot_stuffer then dot_unstuffer (strict policy) gives back the
// normalised message, and the wire form never holds CRLF "." CRLF before its end nor any
// bare CR or LF.
//
// Input: byte 0 options (bit 0 normalize, bit 1 line limit), byte 1 the line limit - 1,
// byte 2 output slots per call (3..18), byte 3 the scan path, bytes 4-5 split points of the
// message (fractions; 0 = none), byte 6 split step for the wire (0 = whole), then the
// message.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detail/byte_scan.hpp"
#include "smtpcodec/dot_stuffing.hpp"

namespace {

using namespace smtpcodec;

#define CHECK(cond)                                                         \
  do {                                                                      \
    if (!(cond)) {                                                          \
      std::fprintf(stderr, "fuzz_dot_roundtrip: check failed: %s\n", #cond); \
      std::abort();                                                         \
    }                                                                       \
  } while (0)

// The message as the stuffer promises to deliver it: CRLF line ends (a bare CR or LF
// becomes one), and a final CRLF if the message is not empty.
std::string normalised(std::string_view m) {
  std::string out;
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m[i] == '\r' && i + 1 < m.size() && m[i + 1] == '\n') ++i;
    if (m[i] == '\r' || m[i] == '\n') out += "\r\n";
    else out += m[i];
  }
  if (!out.empty() && (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0)) out += "\r\n";
  return out;
}

// The longest line of the normalised message, CRLF included.
std::size_t longest_line(std::string_view n) {
  std::size_t best = 0, start = 0;
  for (std::size_t at; (at = n.find("\r\n", start)) != std::string_view::npos; start = at + 2)
    best = std::max(best, at + 2 - start);
  return best;
}

std::unique_ptr<char[]> heap_copy(std::string_view s) {
  std::unique_ptr<char[]> p(new char[s.size() + 1]);
  std::memcpy(p.get(), s.data(), s.size());
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 7) return 0;
  dot_stuffer_options o;
  o.bare_eol = data[0] & 1 ? bare_eol_policy::normalize : bare_eol_policy::reject;
  if (data[0] & 2) o.max_line_length = std::size_t{data[1]} + 1;
  const std::size_t slots = 3 + data[2] % 16;
  // scan_path values are 0..4 (none, portable, sse2, avx2, avx512).
  if (!detail::force_scan_path(static_cast<detail::scan_path>(data[3] % 5))) detail::reset_scan_path();
  const std::string_view msg(reinterpret_cast<const char*>(data) + 7, size - 7);
  std::vector<std::size_t> cuts;
  for (int k = 4; k < 6; ++k)
    if (data[k] && !msg.empty()) cuts.push_back(msg.size() * data[k] / 256);
  std::sort(cuts.begin(), cuts.end());
  cuts.push_back(msg.size());

  // Stuff, piece by piece.
  dot_stuffer s(o);
  std::vector<std::string_view> seg(slots);
  std::string wire;
  errc error{};
  std::size_t at = 0;
  for (std::size_t end : cuts) {
    const auto copy = heap_copy(msg.substr(at, end - at));
    std::string_view in(copy.get(), end - at);
    while (!in.empty() && error == errc{}) {
      const stuff_result r = s.encode(in, seg);
      CHECK(r.segments <= slots && r.consumed <= in.size());
      CHECK(r.consumed > 0 || r.segments > 0 || r.error != errc{});
      for (std::size_t i = 0; i < r.segments; ++i) wire.append(seg[i]);
      in.remove_prefix(r.consumed);
      error = r.error;
    }
    at = end;
  }
  if (error == errc{}) {
    const stuff_result r = s.finish(seg);
    error = r.error;
    if (r.segments) wire.append(seg[0]);
  }

  const std::string want = normalised(msg);
  if (error != errc{}) {  // a refusal needs its reason in the message
    if (error == errc::bare_lf) CHECK(o.bare_eol == bare_eol_policy::reject && msg.find('\n') != std::string_view::npos);
    else if (error == errc::bare_cr) CHECK(o.bare_eol == bare_eol_policy::reject && msg.find('\r') != std::string_view::npos);
    else CHECK(error == errc::data_line_too_long && longest_line(want) > o.max_line_length);
    detail::reset_scan_path();
    return 0;
  }
  CHECK(o.max_line_length == 0 || longest_line(want) <= o.max_line_length);

  // The marker only at the end, and no bare line ends on the wire.
  const std::string framed = "\r\n" + wire;
  CHECK(framed.find("\r\n.\r\n") == framed.size() - 5);

  // Unstuff strictly, in pieces of the fuzzer's step.
  const std::size_t step = data[6] ? data[6] : wire.size() + 1;
  dot_unstuffer u;
  std::string content;
  std::size_t consumed = 0;
  bool done = false;
  for (std::size_t from = 0; from < wire.size() && !done; from += step) {
    const std::size_t n = std::min(step, wire.size() - from);
    const auto copy = heap_copy(std::string_view(wire).substr(from, n));
    std::string_view in(copy.get(), n);
    for (;;) {
      const unstuff_result r = u.decode(in);
      content.append(r.chunk);
      in.remove_prefix(r.consumed);
      consumed += r.consumed;
      if (r.status == unstuff_status::done) {
        CHECK(r.error == errc{});
        done = true;
        break;
      }
      if (r.status == unstuff_status::need_input) break;
    }
  }
  CHECK(done && consumed == wire.size());
  CHECK(content == want);
  CHECK(u.stats().size == s.stats().size);
  CHECK(u.stats().long_lines == s.stats().long_lines);
  detail::reset_scan_path();
  return 0;
}
