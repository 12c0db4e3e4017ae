// fuzz_unstuff: dot_unstuffer against a simple reference decoder written from RFC 5321
// 4.1.1.4 / 4.5.2 and the policies' documentation, over input split at points the fuzzer
// chooses, on a scan path it chooses.
//
// Input: byte 0 options (bits 0-1 policy, bit 2 size limit, bit 3 line limit), byte 1 the
// size limit, byte 2 the line limit - 1, byte 3 the scan path, bytes 4-7 four split points
// (as fractions of the body; 0 = none; byte 7 bit 0 also: one byte at a time), then the
// bytes after the 354 reply.
//
// Checks: views inside their input (or the static inserts), consumed within range; the
// same end, error and stats as the reference; without an error the same content, with
// one a prefix of it; nothing past the size limit handed out. Each piece is a fresh heap
// copy freed after the call, so ASan catches a pointer kept across calls.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "detail/byte_scan.hpp"
#include "smtpcodec/dot_stuffing.hpp"

namespace {

using namespace smtpcodec;

#define CHECK(cond)                                                   \
  do {                                                                \
    if (!(cond)) {                                                    \
      std::fprintf(stderr, "fuzz_unstuff: check failed: %s\n", #cond); \
      std::abort();                                                   \
    }                                                                 \
  } while (0)

struct outcome {
  std::string content;
  bool complete = false;
  std::size_t consumed = 0;
  errc error{};
  body_stats stats;
};

// ---- the reference: whole input, line by line, positions kept for error order --------
//
// 1. The data ends at the first CRLF "." CRLF of CRLF + input (DATA's CRLF comes first).
// 2. Lines end at CRLF; under normalize also at a bare LF or a CR not followed by LF.
// 3. A line's first "." is removed, except the undecided "." / ".\r" at the very end of
//    an incomplete input after a CRLF.
// 4. Line octets (with CRLF, without the removed dot) are counted for the limits; the
//    errors are ordered by where the decoder can know them: a bare LF at itself, a bare CR
//    at the octet after it, a crossing at the octet that crosses (a bare line end before a
//    crossing at the same place). message_size_exceeded only if nothing else.
outcome reference(std::string_view in, const dot_unstuffer_options& o) {
  outcome r;
  std::string framed = "\r\n";
  framed.append(in);
  std::string_view body = in;
  if (const std::size_t m = framed.find("\r\n.\r\n"); m != std::string::npos) {
    r.complete = true;
    r.consumed = m + 3;
    body = in.substr(0, m);
  }
  const bool norm = o.bare_eol == bare_eol_policy::normalize;
  const std::size_t refuse = o.max_line_length ? o.max_line_length : SIZE_MAX;
  std::tuple<std::size_t, int, std::size_t> first{SIZE_MAX, 0, 0};  // (position, order, sequence)
  std::size_t seq = 0;
  auto event = [&](std::size_t pos, int order, errc e) {
    if (std::make_tuple(pos, order, seq) < first) {
      first = {pos, order, seq};
      r.error = e;
    }
    ++seq;
  };
  bool marker_capable = true;
  for (std::size_t i = 0; i < body.size();) {
    std::size_t e = i;
    int term = 0;  // 0 none, 1 CRLF, 2 bare LF, 3 bare CR
    for (; e < body.size(); ++e) {
      if (body[e] == '\r' && e + 1 < body.size() && body[e + 1] == '\n') { term = 1; break; }
      if (norm && body[e] == '\n') { term = 2; break; }
      if (norm && body[e] == '\r' && e + 1 < body.size()) { term = 3; break; }
    }
    std::string_view line = body.substr(i, e - i);
    std::size_t start = i;
    if (term == 0 && marker_capable && (line == "." || line == ".\r")) break;  // undecided
    if (!line.empty() && line[0] == '.') {
      line.remove_prefix(1);
      ++start;
    }
    std::vector<std::pair<char, std::size_t>> octets;
    for (std::size_t k = 0; k < line.size(); ++k) {
      const std::size_t pos = start + k;
      if (!norm && line[k] == '\n') {
        r.stats.bare_lf = true;
        if (o.bare_eol == bare_eol_policy::reject) event(pos, 0, errc::bare_lf);
      }
      if (!norm && line[k] == '\r' && pos + 1 < body.size()) {
        r.stats.bare_cr = true;
        if (o.bare_eol == bare_eol_policy::reject) event(pos + 1, 0, errc::bare_cr);
      }
      octets.emplace_back(line[k], pos);
    }
    if (term == 1) octets.insert(octets.end(), {{'\r', e}, {'\n', e + 1}});
    if (term == 2) {
      r.stats.bare_lf = true;
      octets.insert(octets.end(), {{'\r', e}, {'\n', e}});
    }
    if (term == 3) {
      r.stats.bare_cr = true;
      octets.insert(octets.end(), {{'\r', e}, {'\n', e + 1}});
    }
    for (std::size_t j = 0; j < octets.size(); ++j) {
      const auto c = static_cast<unsigned char>(octets[j].first);
      if (c >= 0x80) r.stats.eight_bit = true;
      if (c == 0) r.stats.nul = true;
      if (j == rfc5321_max_text_line) ++r.stats.long_lines;
      if (j == refuse) event(octets[j].second, 1, errc::data_line_too_long);
      r.content += octets[j].first;
    }
    marker_capable = term == 1;
    i = term == 0 ? body.size() : e + (term == 1 ? 2 : 1);
  }
  r.stats.size = r.content.size();
  if (r.error == errc{} && o.max_message_size && r.stats.size > o.max_message_size) r.error = errc::message_size_exceeded;
  return r;
}

// ---- the decoder, fed in pieces -----------------------------------------------------------

bool inside_or_static(std::string_view v, std::string_view in) {
  if (v.empty()) return true;
  if (v.data() >= in.data() && v.data() + v.size() <= in.data() + in.size()) return true;
  return v == "\r\n" || v == "\r" || v == "\n";
}

outcome decode(std::string_view wire, const std::vector<std::size_t>& cuts, const dot_unstuffer_options& o) {
  dot_unstuffer u(o);
  outcome r;
  std::size_t at = 0;
  for (std::size_t k = 0; k <= cuts.size(); ++k) {
    const std::size_t end = k < cuts.size() ? cuts[k] : wire.size();
    const std::size_t n = end - at;
    std::unique_ptr<char[]> copy(new char[n + 1]);
    std::memcpy(copy.get(), wire.data() + at, n);
    std::string_view in(copy.get(), n);
    for (;;) {
      const unstuff_result res = u.decode(in);
      CHECK(res.consumed <= in.size());
      CHECK(inside_or_static(res.chunk, in));
      r.content.append(res.chunk);
      in.remove_prefix(res.consumed);
      r.consumed += res.consumed;
      if (res.status == unstuff_status::done) {
        r.complete = true;
        r.error = res.error;
        r.stats = u.stats();
        CHECK(u.finish() == r.error);
        return r;
      }
      if (res.status == unstuff_status::need_input) {
        CHECK(in.empty());
        break;
      }
    }
    at = end;
  }
  r.error = u.error();
  r.stats = u.stats();
  CHECK(u.finish() == errc::data_incomplete);
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 8) return 0;
  dot_unstuffer_options o;
  o.bare_eol = static_cast<bare_eol_policy>(data[0] % 3);
  if (data[0] & 4) o.max_message_size = data[1];
  if (data[0] & 8) o.max_line_length = std::size_t{data[2]} + 1;
  const std::string_view wire(reinterpret_cast<const char*>(data) + 8, size - 8);
  std::vector<std::size_t> cuts;
  if (data[7] & 1) {
    for (std::size_t i = 1; i < wire.size(); ++i) cuts.push_back(i);
  } else {
    for (int k = 4; k < 8; ++k)
      if (data[k] && !wire.empty()) cuts.push_back(wire.size() * data[k] / 256);
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  }
  // scan_path values are 0..4 (none, portable, sse2, avx2, avx512).
  if (!detail::force_scan_path(static_cast<detail::scan_path>(data[3] % 5))) detail::reset_scan_path();

  const outcome want = reference(wire, o);
  const outcome got = decode(wire, cuts, o);
  detail::reset_scan_path();

  CHECK(got.complete == want.complete);
  CHECK(!got.complete || got.consumed == want.consumed);
  CHECK(got.complete || got.consumed == wire.size());
  CHECK(got.error == want.error);
  CHECK(got.stats == want.stats);
  if (want.error == errc{}) CHECK(got.content == want.content);
  else CHECK(want.content.compare(0, got.content.size(), got.content) == 0);
  if (o.max_message_size) CHECK(got.content.size() <= o.max_message_size);
  return 0;
}
