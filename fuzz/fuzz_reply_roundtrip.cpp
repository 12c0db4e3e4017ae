// fuzz_reply_roundtrip: the reply writer against the reply parser. Invariants:
//  - whatever the application text (CR, LF, NUL, controls, ill-formed UTF-8), the output
//    is lines ending in CRLF with no other CR, LF or NUL, each within the line limit;
//  - the parser reads the output back as exactly one reply with the written code and, on
//    every line, the written enhanced status code;
//  - each input line comes back as the concatenation of its wrapped pieces, the same
//    length as the input, with every printable ASCII byte and HT in place and every CR
//    or LF turned into SP;
//  - invalid codes or mismatched status codes are refused and nothing is appended.
// Input: bytes 0-1 code, 2-5 status code, 6 options, then lines separated by 0xFF.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "smtpcodec/reply.hpp"

using namespace smtpcodec;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 7) return 0;
  const unsigned raw_code = static_cast<unsigned>(data[0]) << 8 | data[1];
  // Mostly valid codes (first digit 2..5, second 0..5), sometimes anything.
  const auto code = static_cast<std::uint16_t>(
      data[6] & 0x80 ? raw_code % 1000 : 200 + (raw_code / 60 % 4) * 100 + (raw_code / 10 % 6) * 10 + raw_code % 10);
  enhanced_status st;
  if (data[2] & 1) {
    st.cls = data[2] & 2 ? static_cast<std::uint8_t>(data[2] >> 4) : static_cast<std::uint8_t>(code / 100);
    st.subject = static_cast<std::uint16_t>(data[3] * 4 % 1003);
    st.detail = static_cast<std::uint16_t>((data[4] << 8 | data[5]) % 1003);
  }
  reply_writer_options opt;
  opt.allow_utf8 = !(data[6] & 1);
  opt.max_line_length = 32 + (data[6] >> 1 & 0x3f) * 8;
  const std::size_t limit = opt.max_line_length < 64 ? 64 : opt.max_line_length;

  std::vector<std::string_view> lines;
  std::string_view rest(reinterpret_cast<const char*>(data + 7), size - 7);
  for (;;) {
    const std::size_t sep = rest.find('\xff');
    lines.push_back(rest.substr(0, sep));
    if (sep == std::string_view::npos) break;
    rest.remove_prefix(sep + 1);
  }

  std::string out = "prefix";
  const errc e = write_multiline_reply(code, st, lines, out, opt);
  const bool valid = is_valid_reply_code(code) && (st.empty() || matches_reply_code(st, code));
  if (!valid) {
    check(e == errc::invalid_reply_code || e == errc::enhanced_status_mismatch);
    check(out == "prefix");
    return 0;
  }
  check(e == errc{});
  const std::string_view wire = std::string_view(out).substr(6);

  // Framing: CRLF only at line ends, no NUL, each line within the limit.
  std::size_t start = 0;
  while (start < wire.size()) {
    const std::size_t lf = wire.find('\n', start);
    check(lf != std::string_view::npos && lf > start && wire[lf - 1] == '\r');
    const std::string_view line = wire.substr(start, lf + 1 - start);
    check(line.size() <= limit);
    check(line.find('\r') == line.size() - 2);
    check(line.find('\0') == std::string_view::npos);
    start = lf + 1;
  }

  reply_parser_options popt;
  popt.max_line_length = limit;
  popt.max_lines = SIZE_MAX;
  popt.max_reply_bytes = wire.size();
  popt.allow_utf8 = opt.allow_utf8;
  const reply_event ev = parse_reply(wire, popt);
  check(ev.kind == reply_event::kind_t::reply);
  check(ev.consumed == wire.size());
  check(ev.reply.code == code);
  if (!st.empty()) check(ev.reply.status == st);

  auto it = ev.reply.begin();
  for (const std::string_view original : lines) {
    std::string joined;
    do {
      check(it != ev.reply.end());
      check(it->code == code);
      if (!st.empty()) check(it->status == st);
      joined += st.empty() ? it->text : it->message;
      ++it;
    } while (joined.size() < original.size());
    check(joined.size() == original.size());
    for (std::size_t i = 0; i < original.size(); ++i) {
      const auto c = static_cast<unsigned char>(original[i]);
      if (c == '\t' || (c >= 0x20 && c < 0x7f)) check(joined[i] == original[i]);
      else if (c == '\r' || c == '\n') check(joined[i] == ' ');
      else if (c < 0x80 || !opt.allow_utf8) check(joined[i] == '?');
    }
  }
  check(it == ev.reply.end());
  return 0;
}
