// Eight bytes at a time in a uint64_t (SIMD within a register), for the fast paths of the
// command grammar: a run of letters and digits is crossed a word at a time instead of a
// byte at a time. Portable: any CPU, any byte order (each byte is compared on its own).
#pragma once

#include <cstddef>
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

// Bit 7 of each byte of w set where that byte is an ASCII letter or digit (RFC 5321
// Let-dig). Exact for every byte up to and including the first byte >= 0x80 (that one is
// never set); bytes after it may be wrong (a carry out of it), which the prefix counts
// below never look at.
[[nodiscard]] constexpr std::uint64_t let_dig_bits(std::uint64_t w) noexcept {
  const std::uint64_t folded = w | ones * 0x20;  // letters to lower case; digits keep bit 5
  const std::uint64_t digit = bytes_ge(folded, '0') & bytes_le(folded, '9');
  const std::uint64_t lower = bytes_ge(folded, 'a') & bytes_le(folded, 'z');
  // Folding also maps the controls 0x10..0x19 onto '0'..'9': the original must be >= '!'.
  return (digit | lower) & bytes_ge(w, 0x21) & ~w & highs;
}

// Bit 7 of each byte set where that byte is an esmtp-value character (RFC 5321 4.1.2:
// %d33-60 / %d62-126). Exact in the same sense as let_dig_bits.
[[nodiscard]] constexpr std::uint64_t value_char_bits(std::uint64_t w) noexcept {
  const std::uint64_t in_range = bytes_ge(w, 0x21) & bytes_le(w, 0x7e);
  const std::uint64_t equals = w ^ (ones * '=');  // a zero byte where '='
  // Bit 7 set where a byte of `equals` is not zero: (x | 0x80) - 1 keeps bit 7 unless the
  // low seven bits are zero; no borrow crosses a byte.
  const std::uint64_t not_equals = (equals | ((equals | highs) - ones)) & highs;
  return in_range & not_equals & ~w & highs;
}

// How many of the eight bytes at p, from the first, have their bit set in `bits` (0..8).
// Little-endian only: elsewhere 0, and the callers go on byte by byte.
[[nodiscard]] inline std::size_t leading(std::uint64_t bits) noexcept {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const std::uint64_t stops = ~bits & highs;
  return stops == 0 ? 8 : static_cast<std::size_t>(__builtin_ctzll(stops)) / 8;
#else
  (void)bits;
  return 0;
#endif
}

/// How many of the eight bytes at p, from the first, are letters or digits.
[[nodiscard]] inline std::size_t let_dig_prefix(const unsigned char* p) noexcept { return leading(let_dig_bits(load8(p))); }

/// How many of the eight bytes at p, from the first, are esmtp-value characters.
[[nodiscard]] inline std::size_t value_char_prefix(const unsigned char* p) noexcept {
  return leading(value_char_bits(load8(p)));
}

}  // namespace smtpcodec::detail::swar
