// The reply writer: what a server sends (RFC 5321 4.2, RFC 2034 4). Everything it writes
// is a reply the parser in src/reply.cpp reads back with the same code, status code and
// text; fuzz/fuzz_reply_roundtrip.cpp checks that.
#include <algorithm>
#include <string>

#include "smtpcodec/address.hpp"
#include "smtpcodec/reply.hpp"

namespace smtpcodec {
namespace {

constexpr std::size_t min_line_length = 64;

// Appends `text` with every byte that could end, split or corrupt a reply line replaced:
// CR and LF by SP (so text meant as several lines reads as one), NUL, the other controls
// but HT, and DEL by "?"; bytes >= 0x80 stay only as well-formed UTF-8 when allowed.
void append_neutralised(std::string_view text, bool allow_utf8, std::string& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
      out += static_cast<char>(c);
      ++i;
    } else if (c == '\r' || c == '\n') {
      out += ' ';
      ++i;
    } else if (c >= 0x80 && allow_utf8) {
      // The sequence length the lead byte announces; validate_utf8 refuses bad leads.
      const std::size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      const std::string_view seq = text.substr(i, n);
      if (seq.size() == n && validate_utf8(seq) == n) {
        out += seq;
        i += n;
      } else {
        out += '?';
        ++i;
      }
    } else {
      out += '?';
      ++i;
    }
  }
}

// Where to cut `rest` (longer than `room`) so the piece fits: after the last SP within
// room (the SP stays at the end of the piece), else at room, moved back to the start of
// a UTF-8 character.
std::size_t wrap_point(std::string_view rest, std::size_t room) noexcept {
  const std::size_t sp = rest.rfind(' ', room - 1);
  if (sp != std::string_view::npos && sp > 0) return sp + 1;
  std::size_t cut = room;
  while (cut > 0 && (static_cast<unsigned char>(rest[cut]) & 0xc0) == 0x80) --cut;
  return cut > 0 ? cut : room;
}

}  // namespace

errc write_multiline_reply(std::uint16_t code, const enhanced_status& status, std::span<const std::string_view> lines,
                           std::string& out, const reply_writer_options& opt) {
  if (!is_valid_reply_code(code)) return errc::invalid_reply_code;
  if (!status.empty() && !matches_reply_code(status, code)) return errc::enhanced_status_mismatch;
  char status_buf[enhanced_status::max_chars];
  const std::string_view st = status.empty() ? std::string_view{} : status.format(status_buf);
  const char digits[3] = {static_cast<char>('0' + code / 100), static_cast<char>('0' + code / 10 % 10),
                          static_cast<char>('0' + code % 10)};
  const std::size_t limit = std::max(opt.max_line_length, min_line_length);
  // "NNN-" [status SP] text CRLF
  const std::size_t room = limit - 4 - 2 - (st.empty() ? 0 : st.size() + 1);

  std::size_t last_separator = 0;
  auto emit = [&](std::string_view piece) {
    out.append(digits, 3);
    last_separator = out.size();
    out += '-';
    if (!st.empty()) {
      out += st;
      if (!piece.empty()) out += ' ';
    }
    out += piece;
    out += "\r\n";
  };

  std::string clean;
  if (lines.empty()) emit({});
  for (const std::string_view line : lines) {
    clean.clear();
    append_neutralised(line, opt.allow_utf8, clean);
    std::string_view rest = clean;
    if (rest.empty()) emit({});
    while (!rest.empty()) {
      const std::size_t cut = rest.size() <= room ? rest.size() : wrap_point(rest, room);
      emit(rest.substr(0, cut));
      rest.remove_prefix(cut);
    }
  }
  // The last line: "NNN SP text", or "NNN" alone when nothing follows the code
  // (RFC 5321 4.2: Reply-code [ SP textstring ] CRLF).
  if (out.size() == last_separator + 3) out.erase(last_separator, 1);
  else out[last_separator] = ' ';
  return errc{};
}

errc write_reply(std::uint16_t code, const enhanced_status& status, std::string_view text, std::string& out,
                 const reply_writer_options& opt) {
  return write_multiline_reply(code, status, std::span<const std::string_view>(&text, 1), out, opt);
}

}  // namespace smtpcodec
