// xtext (RFC 3461 4) and the RFC 6533 3 "utf-8" address forms of ORCPT. Validation is the
// Ragel grammar's (ragel/common/esmtp_params.rl), shared with the parameter parser; the
// decoders below only run over input that grammar has accepted.
#include "smtpcodec/xtext.hpp"

#include <cstdint>
#include <cstring>

#include "detail/esmtp_params_machine.hpp"

namespace smtpcodec {
namespace {

constexpr char upper_hex[] = "0123456789ABCDEF";

// Accepted input only: the grammar has checked that `c` is a hex digit.
constexpr unsigned hex_value(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  if (u <= '9') return u - '0';
  return (u | 0x20U) - 'a' + 10;
}

// RFC 3629 3: the UTF-8 form of a scalar value (HEXPOINT never names a surrogate).
void append_utf8(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Finds the first `escape` in `s`. None: returns npos and leaves scratch alone (the caller
// returns a view of `s`). Otherwise scratch holds the bytes before it and the offset is
// returned, for the caller to decode the rest into scratch.
std::size_t start_copy(std::string_view s, char escape, std::string& scratch) {
  const void* hit = std::memchr(s.data(), escape, s.size());
  if (hit == nullptr) return std::string_view::npos;
  const auto first = static_cast<std::size_t>(static_cast<const char*>(hit) - s.data());
  scratch.clear();
  scratch.reserve(s.size());
  scratch.append(s.data(), first);
  return first;
}

parse_result<std::string_view> invalid_at(std::size_t offset) noexcept {
  return parse_result<std::string_view>::failure(errc::invalid_xtext, offset);
}

}  // namespace

bool is_xtext(std::string_view s) noexcept {
  return detail::xtext_ascii_fast(s) || detail::match_rule(detail::esmtp_rule::xtext, s);
}

parse_result<std::string_view> xtext_decode(std::string_view s, std::string& scratch) {
  std::size_t stop = 0;
  if (!detail::match_rule(detail::esmtp_rule::xtext, s, &stop)) return invalid_at(stop);
  parse_result<std::string_view> r;
  const std::size_t first = start_copy(s, '+', scratch);
  if (first == std::string_view::npos) {
    r.value = s;  // nothing escaped: zero-copy
    return r;
  }
  for (std::size_t i = first; i < s.size(); ++i) {
    if (s[i] == '+') {
      scratch.push_back(static_cast<char>(hex_value(s[i + 1]) << 4 | hex_value(s[i + 2])));
      i += 2;
    } else {
      scratch.push_back(s[i]);
    }
  }
  r.value = scratch;
  return r;
}

void xtext_encode(std::string_view raw, std::string& out) {
  out.reserve(out.size() + raw.size());
  for (const char c : raw) {
    const auto u = static_cast<unsigned char>(c);
    // RFC 3461 4: xchar may stand for itself; everything else, and "+" and "=", as hexchar.
    if (u >= 0x21 && u <= 0x7E && u != '+' && u != '=') {
      out.push_back(c);
    } else {
      out.push_back('+');
      out.push_back(upper_hex[u >> 4]);
      out.push_back(upper_hex[u & 0xF]);
    }
  }
}

parse_result<std::string_view> utf8_addr_decode(std::string_view s, std::string& scratch,
                                                bool allow_unitext) {
  std::size_t stop = 0;
  const auto rule = allow_unitext ? detail::esmtp_rule::utf8_addr_unitext : detail::esmtp_rule::utf8_addr_xtext;
  if (!detail::match_rule(rule, s, &stop)) return invalid_at(stop);
  parse_result<std::string_view> r;
  // The grammar's QCHAR excludes "\", so a backslash always starts "\x{...}".
  const std::size_t first = start_copy(s, '\\', scratch);
  if (first == std::string_view::npos) {
    r.value = s;
    return r;
  }
  for (std::size_t i = first; i < s.size(); ++i) {
    if (s[i] != '\\') {
      scratch.push_back(s[i]);
      continue;
    }
    std::uint32_t cp = 0;
    for (i += 3; s[i] != '}'; ++i) cp = cp << 4 | hex_value(s[i]);  // skip "\x{"
    append_utf8(cp, scratch);
  }
  r.value = scratch;
  return r;
}

}  // namespace smtpcodec
