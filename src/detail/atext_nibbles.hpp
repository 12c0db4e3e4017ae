// Nibble tables that class bytes as RFC 5322 atext and as letters with two 16-byte table
// look-ups (SSSE3/AVX2/AVX-512 shuffles), shared by the vector recognisers of
// src/command_vector.cpp and src/command_lane.cpp: a byte is atext when
// (low_table[b & 15] & high_table[b >> 4] & atext_rows) != 0, a letter when the same AND
// with letter_rows is non-zero.
#pragma once

namespace smtpcodec::detail::atext_nibbles {

// atext by rows of the high nibble: the low nibbles each row admits, one bit per row
// (0x2_: ! # $ % & ' * + - /, 0x3_: digits = ?, 0x4_: A-O, 0x5_: P-Z ^ _, 0x6_: ` a-o,
// 0x7_: p-z { | } ~). Bits 6 and 7: the letters (rows 4 and 6 take 1-F, rows 5 and 7
// take 0-A). A byte >= 0x80 has a high nibble of 8-F, whose row admits nothing.
inline constexpr unsigned char row2 = 1, row3 = 2, row4 = 4, row5 = 8, row6 = 16, row7 = 32;
inline constexpr unsigned char letters_4_6 = 64, letters_5_7 = 128;
inline constexpr unsigned char atext_rows = 0x3f, letter_rows = 0xc0;

constexpr unsigned char low_nibble_bits(unsigned l) {
  unsigned bits = row6;  // ` and a-o: every low nibble
  if (l == 1 || (l >= 3 && l <= 7) || l == 0xa || l == 0xb || l == 0xd || l == 0xf) bits |= row2;
  if (l <= 9 || l == 0xd || l == 0xf) bits |= row3;
  if (l >= 1) bits |= row4 | letters_4_6;
  if (l <= 0xa || l == 0xe || l == 0xf) bits |= row5;
  if (l <= 0xe) bits |= row7;
  if (l <= 0xa) bits |= letters_5_7;
  return static_cast<unsigned char>(bits);
}

constexpr unsigned char high_nibble_bits(unsigned h) {
  switch (h) {
    case 2: return row2;
    case 3: return row3;
    case 4: return row4 | letters_4_6;
    case 5: return row5 | letters_5_7;
    case 6: return row6 | letters_4_6;
    case 7: return row7 | letters_5_7;
    default: return 0;
  }
}

/// The 16-entry table repeated to fill 32 bytes (one copy per 128-bit lane).
template <unsigned char (*Bits)(unsigned)>
struct table {
  alignas(32) unsigned char bytes[32];
  constexpr table() : bytes{} {
    for (unsigned i = 0; i < 32; ++i) bytes[i] = Bits(i % 16);
  }
};
inline constexpr table<low_nibble_bits> low_table{};
inline constexpr table<high_nibble_bits> high_table{};

}  // namespace smtpcodec::detail::atext_nibbles
