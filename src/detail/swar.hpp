// Eight bytes at a time in a uint64_t (SIMD within a register), for the fast paths of the
// command grammar: a run of letters and digits is crossed a word at a time instead of a
// byte at a time. Portable: any CPU, any byte order (each byte is compared on its own).
#pragma once

#include <cstdint>
#include <cstring>

namespace smtpcodec::detail::swar {

inline constexpr std::uint64_t ones = 0x0101010101010101ULL;
inline constexpr std::uint64_t highs = 0x8080808080808080ULL;

[[nodiscard]] inline std::uint64_t load8(const unsigned char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// For a word of ASCII bytes (each < 0x80): bit 7 of each byte set where the byte is >= k
// (k <= 0x80), or <= k (k < 0x80). No carry crosses a byte: every sum stays below 0x100.
[[nodiscard]] constexpr std::uint64_t bytes_ge(std::uint64_t w, unsigned k) noexcept {
  return (w + ones * (0x80 - k)) & highs;
}
[[nodiscard]] constexpr std::uint64_t bytes_le(std::uint64_t w, unsigned k) noexcept {
  return ~(w + ones * (0x7f - k)) & highs;
}

/// All eight bytes at p are ASCII letters or digits (RFC 5321 Let-dig).
[[nodiscard]] inline bool all_let_dig(const unsigned char* p) noexcept {
  const std::uint64_t w = load8(p);
  if ((w & highs) != 0) return false;
  const std::uint64_t folded = w | ones * 0x20;  // letters to lower case; digits keep bit 5
  const std::uint64_t digit = bytes_ge(folded, '0') & bytes_le(folded, '9');
  const std::uint64_t lower = bytes_ge(folded, 'a') & bytes_le(folded, 'z');
  // Folding maps only '0'..'9' and DEL-free punctuation 0x10..0x19 to '0'..'9'; the latter
  // are controls, so check the original is not below SP.
  return ((digit | lower) & bytes_ge(w, 0x21)) == highs;
}

/// All eight bytes at p are esmtp-value characters (RFC 5321 4.1.2: %d33-60 / %d62-126).
[[nodiscard]] inline bool all_value_chars(const unsigned char* p) noexcept {
  const std::uint64_t w = load8(p);
  if ((w & highs) != 0) return false;
  const std::uint64_t in_range = bytes_ge(w, 0x21) & bytes_le(w, 0x7e);
  const std::uint64_t equals = w ^ (ones * '=');  // a zero byte where '='
  const std::uint64_t not_equals = ((equals | ((equals | highs) - ones)) & highs);  // bit 7 set where byte != 0
  return (in_range & not_equals) == highs;
}

}  // namespace smtpcodec::detail::swar
