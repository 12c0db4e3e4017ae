// Wrapper for the generated ESMTP parameter machine (ragel/esmtp_params.rl, grammar in
// ragel/common/esmtp_params.rl). The machine only records offsets through the small inline
// members below; src/esmtp.cpp turns the result into an esmtp_param_list or an error.
// The same machine also answers "is this whole string an <rule>?" for the sub-grammars the
// writer, xtext codec and ORCPT decoder need, so parser and writer share one definition.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "detail/swar.hpp"
#include "smtpcodec/esmtp.hpp"

namespace smtpcodec::detail {

/// Which rule of the grammar a run matches against the whole input.
enum class esmtp_rule : std::uint8_t {
  mail_parameters,       ///< esmtp-param *(SP esmtp-param), or empty; records parameters
  mail_parameters_utf8,  ///< the same with RFC 6531 UTF-8 values
  keyword,               ///< esmtp-keyword
  value,                 ///< esmtp-value
  value_utf8,            ///< esmtp-value with UTF8-non-ascii
  xtext,                 ///< RFC 3461 4 xtext (1 or more characters)
  utf8_addr_xtext,       ///< RFC 6533 3 utf-8-addr-xtext
  utf8_addr_unitext,     ///< RFC 6533 3 utf-8-addr-unitext
};

/// Case-insensitive ASCII equality (keywords and registered values are ASCII).
[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto x = static_cast<unsigned char>(a[i]);
    const auto y = static_cast<unsigned char>(b[i]);
    if ((x | 0x20U) != (y | 0x20U)) return false;
    // Only letters may differ in bit 5; any other byte must match exactly.
    if (x != y && !((x | 0x20U) >= 'a' && (x | 0x20U) <= 'z')) return false;
  }
  return true;
}

// Character classes of RFC 5321 4.1.2 for the fast path.
inline constexpr unsigned char keyword_first = 1;  // ALPHA / DIGIT
inline constexpr unsigned char keyword_char = 2;   // ALPHA / DIGIT / "-"
inline constexpr unsigned char value_char = 4;     // %d33-60 / %d62-126
inline constexpr unsigned char xchar = 8;          // RFC 3461 4: "!".."~" but "+" and "="
inline constexpr unsigned char hex_upper = 16;     // DIGIT / "A".."F" (xtext's hexchar)
inline constexpr auto char_class = [] {
  std::array<unsigned char, 256> t{};
  for (int c = 0x21; c <= 0x7E; ++c)
    if (c != '=') t[static_cast<std::size_t>(c)] |= value_char;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] |= keyword_first | keyword_char;
  for (int c = 'A'; c <= 'Z'; ++c) {
    t[static_cast<std::size_t>(c)] |= keyword_first | keyword_char;
    t[static_cast<std::size_t>(c + 32)] |= keyword_first | keyword_char;
  }
  t['-'] |= keyword_char;
  for (int c = 0x21; c <= 0x7E; ++c)
    if (c != '+' && c != '=') t[static_cast<std::size_t>(c)] |= xchar;
  for (const char c : std::string_view("0123456789ABCDEF")) t[static_cast<unsigned char>(c)] |= hex_upper;
  return t;
}();

/// Fast path for RFC 3461 4 xtext, one table look-up per byte: true only when all of `s`
/// is xtext (1 or more xchar / "+" 2 upper-case HEXDIG). On false the caller asks the
/// machine (esmtp_rule::xtext), which stays the authority; fuzz/fuzz_esmtp_params.cpp
/// checks that whatever this accepts, the machine accepts.
[[nodiscard]] inline bool xtext_ascii_fast(std::string_view s) noexcept {
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  if (n == 0) return false;
  for (std::size_t i = 0; i < n; ++i) {
    if ((char_class[b[i]] & xchar) != 0) continue;
    if (b[i] != '+' || n - i < 3 || (char_class[b[i + 1]] & char_class[b[i + 2]] & hex_upper) == 0) return false;
    i += 2;
  }
  return true;
}

struct esmtp_scan {
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  // In: the list to fill (mail_parameters rules only) and how many it may hold.
  esmtp_param_list* out = nullptr;
  std::size_t limit = 0;
  const unsigned char* data = nullptr;

  // Out.
  bool accepted = false;          ///< the whole input matched the rule
  std::size_t stop = 0;           ///< where the machine stopped (the error offset if !accepted)
  std::size_t overflow_at = npos; ///< keyword offset of the first parameter past `limit`
  std::size_t duplicate_at = npos;///< keyword offset of the first repeated keyword
  bool utf8 = false;              ///< some value holds UTF8-non-ascii

  // Current parameter.
  std::size_t kw_begin = 0;
  std::size_t val_begin = npos;
  std::uint32_t seen_ids = 0;     ///< bit per param_id already in the list

  void begin_param(std::size_t off) noexcept {
    kw_begin = off;
    val_begin = npos;
  }
  void begin_value(std::size_t off) noexcept { val_begin = off; }

  /// Records the parameter that ends at `off`; notes overflow and duplicates (the machine
  /// keeps going, so the host can report whichever error comes first in the input).
  void end_param(std::size_t off) noexcept {
    if (out == nullptr) return;
    if (out->count >= limit) {
      if (overflow_at == npos) overflow_at = kw_begin;
      return;
    }
    esmtp_param& p = out->items[out->count];
    const auto* base = reinterpret_cast<const char*>(data);
    const std::size_t kw_end = val_begin == npos ? off : val_begin - 1;
    p.keyword = std::string_view(base + kw_begin, kw_end - kw_begin);
    p.has_value = val_begin != npos;
    p.value = p.has_value ? std::string_view(base + val_begin, off - val_begin) : std::string_view();
    p.id = find_param_id(p.keyword);
    if (duplicate_at == npos && is_duplicate(p)) duplicate_at = kw_begin;
    ++out->count;
  }

  /// Runs the machine over [data, data + len) from `rule`'s start. Never reads outside it.
  void run(esmtp_rule rule, const unsigned char* bytes, std::size_t len) noexcept;

  /// Fast path for the common case, measured about twice as fast as the -G2 machine on
  /// realistic MAIL/RCPT parameters (bench/esmtp_bench.cpp): a table-driven loop over the
  /// ASCII rule mail_parameters. It only ever accepts: on any byte it does not like it
  /// returns false and the caller re-runs the machine (after resetting the list), which
  /// stays the authority for UTF-8 and for errors. fuzz/fuzz_esmtp_params.cpp checks that
  /// whatever this accepts, the machine accepts with the same list.
  [[nodiscard]] bool run_ascii_fast(const unsigned char* bytes, std::size_t len) noexcept {
    data = bytes;
    std::size_t i = 0;
    if (len == 0) return accepted = true;
    for (;;) {
      // esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
      if ((char_class[bytes[i]] & keyword_first) == 0) return false;
      begin_param(i);
      for (++i; i < len && (char_class[bytes[i]] & keyword_char) != 0;) ++i;
      if (i < len && bytes[i] == '=') {
        // esmtp-value = 1*(%d33-60 / %d62-126)
        const std::size_t value = ++i;
        while (len - i >= 8) {
          const std::size_t k = swar::value_char_prefix(bytes + i);
          i += k;
          if (k < 8) break;
        }
        while (i < len && (char_class[bytes[i]] & value_char) != 0) ++i;
        if (i == value) return false;
        begin_value(value);
      }
      end_param(i);
      if (i == len) break;
      if (bytes[i] != ' ' || ++i == len) return false;  // exactly one SP, then a parameter
    }
    stop = len;
    return accepted = true;
  }

 private:
  bool is_duplicate(const esmtp_param& p) noexcept {
    if (p.id != param_id::unknown) {
      const std::uint32_t bit = 1U << static_cast<unsigned>(p.id);
      const bool dup = (seen_ids & bit) != 0;
      seen_ids |= bit;
      return dup;
    }
    // RFC 5321 2.4: keywords are case-insensitive; unknown ones are compared pairwise
    // (at most esmtp_param_list::capacity of them).
    for (std::size_t i = 0; i < out->count; ++i)
      if (out->items[i].id == param_id::unknown && iequals(out->items[i].keyword, p.keyword))
        return true;
    return false;
  }
};

/// True when the whole of `s` matches `rule` (one of the non-list rules); otherwise false and
/// `*stop` (if given) is where matching failed.
[[nodiscard]] inline bool match_rule(esmtp_rule rule, std::string_view s,
                                     std::size_t* stop = nullptr) noexcept {
  esmtp_scan scan;
  scan.run(rule, reinterpret_cast<const unsigned char*>(s.data()), s.size());
  if (stop != nullptr) *stop = scan.stop;
  return scan.accepted;
}

/// parse_esmtp_params() filling a caller's list in place (the command parser parses
/// straight into its command). On error `out` holds a partial list: the caller discards it.
[[nodiscard]] errc parse_esmtp_params_into(std::string_view in, const esmtp_param_options& opt,
                                           esmtp_param_list& out, std::size_t& error_offset) noexcept;

}  // namespace smtpcodec::detail
