// The vector lane of parse_command() and command_reader: the command lines a session is
// nearly all made of (MAIL and RCPT with plain, quoted or address-literal paths and the
// common parameters, DATA, QUIT, RSET, NOOP, EHLO/HELO/LHLO with a Domain), recognised and
// decoded from character-class bit masks of the whole line, with the line end found in the
// same pass. Why: on a realistic mix the cost of the byte loops was branch misses at every
// token end (and a separate framing pass before them); here each rule is a few shifts and
// ANDs over the masks, whatever the number of atoms, labels or parameters.
//
// It only ever accepts, with exactly the result the other routes give; anything else
// (UTF-8, source routes, <Postmaster>, General literals, parameters other than SIZE, BODY,
// RET, ENVID, SMTPUTF8, NOTIFY, ORCPT, trailing SP, every error) goes on to the fast lanes
// and the machine in src/command.cpp. tests/command_routes_test.cpp and
// fuzz/fuzz_command.cpp compare the routes on every line; fuzz/fuzz_command_reader.cpp
// compares command_reader with line_reader + parse_command. Measured in
// bench/command_bench.cpp.
#include <cstdint>
#include <cstring>

#include "detail/atext_nibbles.hpp"
#include "detail/byte_scan.hpp"
#include "detail/command_line_machine.hpp"
#include "detail/path_machine.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define SMTPCODEC_LANE_AVX512 1
#endif

namespace smtpcodec::detail {

#if SMTPCODEC_LANE_AVX512
namespace {

// The masks: bit i for byte i of a window of up to 64 bytes. A line is looked at through
// at most three windows (its start, its path, its parameters), each one vector load.
using mask = std::uint64_t;
constexpr std::size_t window = 64;

/// Bits [0, n); all of them for n >= 64. BZHI (every AVX-512 CPU has it) reads only the low
/// byte of its index, hence the clamp.
__attribute__((target("bmi2"), always_inline)) inline mask ones(std::size_t n) noexcept {
  return _bzhi_u64(~mask{0}, static_cast<unsigned>(n < window ? n : window));
}
/// Bits [a, b).
__attribute__((target("bmi2"), always_inline)) inline mask span(std::size_t a, std::size_t b) noexcept {
  return ones(b) & ~ones(a);
}
/// `m` without its bits below `a`.
__attribute__((target("bmi2"), always_inline)) inline mask from(mask m, std::size_t a) noexcept {
  return m & ~ones(a);
}
constexpr bool has(mask m, std::size_t i) noexcept { return i < window && ((m >> i) & 1U) != 0; }
/// The lowest / highest set bit of m != 0.
inline std::size_t first_bit(mask m) noexcept { return static_cast<std::size_t>(__builtin_ctzll(m)); }
inline std::size_t last_bit(mask m) noexcept { return 63 - static_cast<std::size_t>(__builtin_clzll(m)); }
inline unsigned count_bits(mask m) noexcept { return static_cast<unsigned>(__builtin_popcountll(m)); }
constexpr bool more_than_one(mask m) noexcept { return (m & (m - 1)) != 0; }

#define SMTPCODEC_AVX512 __attribute__((target("avx512f,avx512bw,bmi,bmi2")))
#define SMTPCODEC_AVX512_INLINE __attribute__((target("avx512f,avx512bw,bmi,bmi2"), always_inline)) inline

SMTPCODEC_AVX512_INLINE mask bytes_equal(__m512i v, char c) noexcept {
  return _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(c));
}
/// Bytes in [first, first + count).
SMTPCODEC_AVX512_INLINE mask bytes_in(__m512i v, unsigned char first, unsigned char count) noexcept {
  return _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8(static_cast<char>(first))),
                                _mm512_set1_epi8(static_cast<char>(count)));
}
/// Bytes 0-7 of v as a little-endian word.
SMTPCODEC_AVX512_INLINE std::uint64_t first_word(__m512i v) noexcept {
  // A vector-extension element read: _mm512_castsi512_si128 trips GCC 12's
  // -Wmaybe-uninitialized inside its own header.
  typedef long long words __attribute__((vector_size(64)));
  return static_cast<std::uint64_t>(static_cast<words>(v)[0]);
}
/// The `n` bytes at p, the rest of the vector zero; a masked load reads nothing outside
/// [p, p + n).
SMTPCODEC_AVX512_INLINE __m512i load(const unsigned char* p, std::size_t n) noexcept {
  return _mm512_maskz_loadu_epi8(ones(n), p);
}

// Character classes by nibble look-up: a byte b is in class bit k of a table pair when
// (low[b & 15] & high[b >> 4]) has bit k. Each bit stands for a set of high nibbles times a
// set of low nibbles, so a single character or a range within one row takes one bit; any
// union of classes of a pair is then one test instruction. Pair 1 is atext and the letters
// (atext_nibbles.hpp); pairs 2 and 3 below. NUL is in no class (the windows are zero-padded).
struct nibble_class {
  unsigned char high;  // the high nibble
  unsigned char low_first, low_last;
};
// Pair 2.
constexpr unsigned char c_digit = 1, c_dot = 2, c_hyphen = 4, c_at = 8, c_gt = 16, c_eq = 32, c_sp = 64,
                        c_comma = 128;
constexpr nibble_class pair2[8] = {{3, 0, 9}, {2, 0xe, 0xe}, {2, 0xd, 0xd}, {4, 0, 0},
                                   {3, 0xe, 0xe}, {3, 0xd, 0xd}, {2, 0, 0}, {2, 0xc, 0xc}};
// Pair 3.
constexpr unsigned char c_semi = 1, c_plus = 2, c_quote = 4, c_backslash = 8, c_rbracket = 16, c_colon = 32,
                        c_hex_upper_letter = 64, c_hex_lower_letter = 128;
constexpr nibble_class pair3[8] = {{3, 0xb, 0xb}, {2, 0xb, 0xb}, {2, 2, 2}, {5, 0xc, 0xc},
                                   {5, 0xd, 0xd}, {3, 0xa, 0xa}, {4, 1, 6},  {6, 1, 6}};

/// The 16-entry tables of a pair, repeated to fill a 64-byte vector (one copy per lane).
struct nibble_tables {
  alignas(64) unsigned char low[64];
  alignas(64) unsigned char high[64];
  constexpr explicit nibble_tables(const nibble_class (&classes)[8]) : low{}, high{} {
    for (unsigned k = 0; k < 8; ++k) {
      const auto bit = static_cast<unsigned char>(1U << k);
      for (unsigned lane = 0; lane < 64; lane += 16) {
        high[lane + classes[k].high] = static_cast<unsigned char>(high[lane + classes[k].high] | bit);
        for (unsigned l = classes[k].low_first; l <= classes[k].low_last; ++l)
          low[lane + l] = static_cast<unsigned char>(low[lane + l] | bit);
      }
    }
  }
  constexpr nibble_tables(unsigned char (*low_bits)(unsigned), unsigned char (*high_bits)(unsigned)) : low{}, high{} {
    for (unsigned i = 0; i < 64; ++i) {
      low[i] = low_bits(i % 16);
      high[i] = high_bits(i % 16);
    }
  }
};
constexpr nibble_tables tables1{atext_nibbles::low_nibble_bits, atext_nibbles::high_nibble_bits};
constexpr nibble_tables tables2{pair2};
constexpr nibble_tables tables3{pair3};

SMTPCODEC_AVX512_INLINE __m512i class_bits(__m512i lo, __m512i hi, const nibble_tables& t) noexcept {
  return _mm512_and_si512(_mm512_shuffle_epi8(_mm512_load_si512(t.low), lo),
                          _mm512_shuffle_epi8(_mm512_load_si512(t.high), hi));
}

/// A window's bytes by class (bit i for byte i; nothing at or past the window's end): three
/// vectors of class bits, from which each mask below is one test.
struct window_classes {
  __m512i lo, hi;  // the nibbles
  __m512i c1, c2;  // pairs 1 and 2; pair 3 (rarer classes) is looked up when asked for

  SMTPCODEC_AVX512_INLINE __m512i c3() const noexcept { return class_bits(lo, hi, tables3); }
  SMTPCODEC_AVX512_INLINE mask test(__m512i c, unsigned char bits) const noexcept {
    return _mm512_test_epi8_mask(c, _mm512_set1_epi8(static_cast<char>(bits)));
  }
  SMTPCODEC_AVX512_INLINE mask atext() const noexcept { return test(c1, atext_nibbles::atext_rows); }  // RFC 5322
  SMTPCODEC_AVX512_INLINE mask letter() const noexcept { return test(c1, atext_nibbles::letter_rows); }
  SMTPCODEC_AVX512_INLINE mask letdig() const noexcept { return letter() | digit(); }  // RFC 5321 Let-dig
  SMTPCODEC_AVX512_INLINE mask digit() const noexcept { return test(c2, c_digit); }
  SMTPCODEC_AVX512_INLINE mask dot() const noexcept { return test(c2, c_dot); }
  SMTPCODEC_AVX512_INLINE mask hyphen() const noexcept { return test(c2, c_hyphen); }
  SMTPCODEC_AVX512_INLINE mask at() const noexcept { return test(c2, c_at); }
  SMTPCODEC_AVX512_INLINE mask gt() const noexcept { return test(c2, c_gt); }
  SMTPCODEC_AVX512_INLINE mask eq() const noexcept { return test(c2, c_eq); }
  SMTPCODEC_AVX512_INLINE mask sp() const noexcept { return test(c2, c_sp); }
  SMTPCODEC_AVX512_INLINE mask comma() const noexcept { return test(c2, c_comma); }
  SMTPCODEC_AVX512_INLINE mask semi() const noexcept { return test(c3(), c_semi); }
  SMTPCODEC_AVX512_INLINE mask plus() const noexcept { return test(c3(), c_plus); }
  SMTPCODEC_AVX512_INLINE mask quote() const noexcept { return test(c3(), c_quote); }
  SMTPCODEC_AVX512_INLINE mask backslash() const noexcept { return test(c3(), c_backslash); }
  SMTPCODEC_AVX512_INLINE mask rbracket() const noexcept { return test(c3(), c_rbracket); }
  SMTPCODEC_AVX512_INLINE mask colon() const noexcept { return test(c3(), c_colon); }
  /// HEXDIG, either case (RFC 5234 2.3).
  SMTPCODEC_AVX512_INLINE mask hex() const noexcept {
    return digit() | test(c3(), c_hex_upper_letter | c_hex_lower_letter);
  }
  /// xtext's hexchar: DIGIT / "A"-"F" (RFC 3461 4).
  SMTPCODEC_AVX512_INLINE mask hex_upper() const noexcept { return digit() | test(c3(), c_hex_upper_letter); }
  /// Let-dig / "-" / ".": what a Domain is made of.
  SMTPCODEC_AVX512_INLINE mask ldh_dot() const noexcept { return letter() | test(c2, c_digit | c_hyphen | c_dot); }
  /// Let-dig / "-": what an esmtp-keyword is made of.
  SMTPCODEC_AVX512_INLINE mask ldh() const noexcept { return letter() | test(c2, c_digit | c_hyphen); }
};

/// Classes the bytes of v (zero past the window's end).
SMTPCODEC_AVX512_INLINE window_classes classify(__m512i v) noexcept {
  const __m512i nibble = _mm512_set1_epi8(0x0f);
  const __m512i lo = _mm512_and_si512(v, nibble);
  const __m512i hi = _mm512_and_si512(_mm512_srli_epi16(v, 4), nibble);
  return window_classes{lo, hi, class_bits(lo, hi, tables1), class_bits(lo, hi, tables2)};
}

consteval std::uint64_t word(const char (&s)[9]) noexcept {
  std::uint64_t w = 0;
  for (std::size_t i = 0; i < 8; ++i) w |= std::uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
  return w;
}
/// A string of up to 8 bytes as a little-endian word, zero-filled.
consteval std::uint64_t word(std::string_view s) noexcept {
  std::uint64_t w = 0;
  for (std::size_t i = 0; i < s.size() && i < 8; ++i) w |= std::uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
  return w;
}
/// The low n bytes of a word (all of it for n >= 8).
__attribute__((target("bmi2"), always_inline)) inline std::uint64_t low_bytes(std::size_t n) noexcept {
  return _bzhi_u64(~std::uint64_t{0}, static_cast<unsigned>(n < 8 ? 8 * n : 64));
}

/// A window: `n` bytes at `p` with their classes, and how far the buffer may be read
/// (`readable` >= n bytes from p).
struct text_window {
  const unsigned char* p;
  std::size_t n;
  std::size_t readable;
  window_classes m;
};

/// The `n` (<= 8) bytes at `at`, case-folded: every byte gets bit 5. Compared with a
/// lower-case word this is an exact case-insensitive comparison for bytes the masks
/// showed to be text: a letter meets only its other case, and a digit, "-", "," or ";"
/// only a control byte, which cannot be there.
SMTPCODEC_AVX512_INLINE std::uint64_t folded(const text_window& w, std::size_t at, std::size_t n) noexcept {
  const std::size_t k = n < 8 ? n : 8;
  const auto x = first_word(load(w.p + at, k));
  return (x | 0x2020202020202020ULL) & low_bytes(n);
}

/// Domain = sub-domain *("." sub-domain), each starting and ending with a Let-dig
/// (RFC 5321 4.1.2), over [a, b), a < b.
SMTPCODEC_AVX512_INLINE bool domain_ok(const window_classes& m, std::size_t a, std::size_t b) noexcept {
  const mask region = span(a, b);
  if ((region & ~m.ldh_dot()) != 0 || !has(m.letdig(), a) || !has(m.letdig(), b - 1)) return false;
  const mask dot = m.dot() & region, hyphen = m.hyphen() & region;
  return (dot & ((dot | hyphen) >> 1)) == 0 && (hyphen & (dot >> 1)) == 0;
}

/// IPv4-address-literal = Snum 3("." Snum), Snum 1*3DIGIT of 0-255 (RFC 5321 4.1.3), over [a, b).
SMTPCODEC_AVX512_INLINE bool ipv4_ok(const text_window& w, std::size_t a, std::size_t b) noexcept {
  if (b <= a) return false;
  const mask region = span(a, b);
  const mask dots = w.m.dot() & region, digits = w.m.digit() & region;
  if ((region & ~(digits | dots)) != 0 || count_bits(dots) != 3 || has(dots, a) || has(dots, b - 1) ||
      (dots & (dots >> 1)) != 0 || (digits & (digits >> 1) & (digits >> 2) & (digits >> 3)) != 0)
    return false;
  unsigned value = 0;
  for (std::size_t i = a; i <= b; ++i) {
    if (i == b || w.p[i] == '.') {
      if (value > 255) return false;
      value = 0;
    } else {
      value = value * 10 + static_cast<unsigned>(w.p[i] - '0');
    }
  }
  return true;
}

/// IPv6-addr (RFC 5321 4.1.3) over [a, b): full (8 groups), comp ("::" and at most 6 groups),
/// v4-full (6 groups and an IPv4 address), v4-comp ("::", at most 4 groups, IPv4), each group
/// 1*4HEXDIG; the same language as ragel/common/rfc5321.rl's IPv6_addr.
SMTPCODEC_AVX512_INLINE bool ipv6_ok(const text_window& w, std::size_t a, std::size_t b) noexcept {
  if (b < a + 2) return false;
  const mask colons_all = w.m.colon() & span(a, b);
  if (colons_all == 0) return false;
  const bool v4 = (w.m.dot() & span(a, b)) != 0;
  std::size_t end = b;  // the hex-and-colon part; with IPv4, up to its ":" included
  if (v4) {
    const std::size_t last_colon = last_bit(colons_all);
    if (!ipv4_ok(w, last_colon + 1, b)) return false;
    end = last_colon + 1;
  }
  const mask region = span(a, end);
  const mask colons = w.m.colon() & region, hex = w.m.hex() & region;
  if ((region & ~(colons | hex)) != 0) return false;
  if ((hex & (hex >> 1) & (hex >> 2) & (hex >> 3) & (hex >> 4)) != 0) return false;  // 5 HEXDIG
  const mask doubles = colons & (colons >> 1);  // "::"
  if (more_than_one(doubles)) return false;     // two "::", or ":::"
  // A lone ":" cannot start the address, nor end it (with IPv4 the last ":" is a separator).
  if (has(colons, a) && !has(colons, a + 1)) return false;
  if (!v4 && has(colons, b - 1) && !has(colons, b - 2)) return false;
  const unsigned groups = count_bits(hex & ~(hex << 1));
  if (doubles == 0) return groups == (v4 ? 6U : 8U);
  return groups <= (v4 ? 4U : 6U);
}

/// RFC 3461 4 xtext over [a, b), a < b, decoding to printable ASCII (RFC 3461 4.2 / 4.4):
/// every "+" followed by two upper-case HEXDIG whose value is %x20-7E. Bytes other than "+"
/// are xchar already: printable, not "=" (esmtp-value) and not SP.
SMTPCODEC_AVX512_INLINE bool printable_xtext_ok(const text_window& w, std::size_t a, std::size_t b) noexcept {
  const mask region = span(a, b);
  mask plus = w.m.plus() & region;
  const mask hex = w.m.hex_upper() & region;
  if (((plus << 1) & ~hex) != 0 || ((plus << 2) & ~hex) != 0 || has(plus, 62) || has(plus, 63)) return false;
  while (plus != 0) {
    const std::size_t i = first_bit(plus);
    plus &= plus - 1;
    const unsigned char hi = w.p[i + 1];
    if (hi < '2' || hi > '7' || (hi == '7' && w.p[i + 2] == 'F')) return false;
  }
  return true;
}

/// The notify_flag a NOTIFY item (RFC 3461 4.1), folded, stands for; 0 for anything else.
/// An item longer than 8 bytes cannot match: its ninth byte would be a NUL in the words.
constexpr std::uint8_t notify_item(std::uint64_t x) noexcept {
  return static_cast<std::uint8_t>((x == word("success") ? notify_success : 0) |
                                   (x == word("failure") ? notify_failure : 0) |
                                   (x == word("delay") ? notify_delay : 0) | (x == word("never") ? notify_never : 0));
}

/// RFC 3461 4.1: "NEVER" / 1#("SUCCESS" / "FAILURE" / "DELAY"), each at most once, so at
/// most three items: all of them looked up at once, without a branch per item.
SMTPCODEC_AVX512_INLINE bool notify_ok(const text_window& w, std::size_t a, std::size_t b, rcpt_parameters& r) noexcept {
  mask commas = w.m.comma() & span(a, b);
  const unsigned items = count_bits(commas) + 1;
  if (items > 3) return false;
  const std::size_t c1 = commas != 0 ? first_bit(commas) : b;
  commas &= commas - 1;
  const std::size_t c2 = commas != 0 ? first_bit(commas) : b;
  // An item past the last is the empty string at b, which matches nothing and counts as none.
  const std::uint8_t f1 = notify_item(folded(w, a, c1 - a));
  const std::uint8_t f2 = items >= 2 ? notify_item(folded(w, c1 + 1, c2 - c1 - 1)) : 0;
  const std::uint8_t f3 = items == 3 ? notify_item(folded(w, c2 + 1, b - c2 - 1)) : 0;
  const auto flags = static_cast<std::uint8_t>(f1 | f2 | f3);
  // Every item known, none twice (so the flags count the items), "NEVER" alone.
  if (f1 == 0 || (items >= 2 && f2 == 0) || (items == 3 && f3 == 0) ||
      static_cast<unsigned>(__builtin_popcount(flags)) != items || ((flags & notify_never) != 0 && items != 1))
    return false;
  r.notify = flags;
  return true;
}

/// The keywords this lane decodes, folded and zero-filled, found by a perfect hash of that
/// word (a multiplier chosen at compile time so that no two share a slot).
struct keyword_slot {
  std::uint64_t word;
  param_id id;
};
constexpr keyword_slot lane_keywords[] = {{word("size"), param_id::size},       {word("body"), param_id::body},
                                          {word("smtputf8"), param_id::smtputf8}, {word("ret"), param_id::ret},
                                          {word("envid"), param_id::envid},       {word("notify"), param_id::notify},
                                          {word("orcpt"), param_id::orcpt}};
constexpr unsigned keyword_hash(std::uint64_t x, std::uint64_t multiplier) noexcept {
  return static_cast<unsigned>((x * multiplier) >> 60);  // 16 slots
}
consteval std::uint64_t keyword_multiplier() {
  for (std::uint64_t m = 0x9E3779B97F4A7C15ULL;; m += 0x2000000000000002ULL) {
    bool used[16] = {};
    bool clash = false;
    for (const keyword_slot& k : lane_keywords) {
      const unsigned h = keyword_hash(k.word, m);
      clash = clash || used[h];
      used[h] = true;
    }
    if (!clash) return m;
  }
}
constexpr std::uint64_t keyword_multiplier_v = keyword_multiplier();
struct keyword_table {
  keyword_slot slots[16];
  constexpr keyword_table() : slots{} {
    for (const keyword_slot& k : lane_keywords) slots[keyword_hash(k.word, keyword_multiplier_v)] = k;
  }
};
constexpr keyword_table keyword_slots{};

/// The registered parameters this lane decodes, as find_param_id would name them; unknown
/// for the others (which go the long way).
SMTPCODEC_AVX512_INLINE param_id lane_param(const text_window& w, std::size_t at, std::size_t n) noexcept {
  const std::uint64_t x = folded(w, at, n);
  const keyword_slot& slot = keyword_slots.slots[keyword_hash(x, keyword_multiplier_v)];
  // Longer than 8 bytes: none of these (its first 8 bytes alone would be compared).
  return slot.word == x && n <= 8 ? slot.id : param_id::unknown;
}

/// Decodes one parameter's value [a, b) (a == b without "="), as decode_mail_parameters /
/// decode_rcpt_parameters would, or returns false for whatever this lane leaves to them.
SMTPCODEC_AVX512_INLINE bool decode_param(param_id id, bool is_mail, const text_window& w, std::size_t a, std::size_t b,
                         bool has_value, const param_decode_options& opt, mail_parameters& mp,
                         rcpt_parameters& rp) noexcept {
  const extension_set& ext = opt.extensions;
  const std::size_t n = b - a;
  const auto* chars = reinterpret_cast<const char*>(w.p);
  switch (id) {
    case param_id::size: {  // RFC 1870 3: 1*20DIGIT (19 cannot overflow; 20 may: the long way)
      if (!is_mail || !ext.size || !has_value || n > 19 || (span(a, b) & ~w.m.digit()) != 0) return false;
      std::uint64_t size = 0;
      for (std::size_t i = a; i < b; ++i) size = size * 10 + static_cast<unsigned>(w.p[i] - '0');
      if (opt.max_message_size != 0 && size > opt.max_message_size) return false;
      mp.size = size;
      mp.has_size = true;
      return true;
    }
    case param_id::body: {  // RFC 6152 2, RFC 3030 3
      if (!is_mail || !(ext.eight_bit_mime || ext.binary_mime) || !has_value) return false;
      const std::uint64_t x = folded(w, a, n);
      if (n == 4 && x == word("7bit")) mp.body = body_type::seven_bit;
      else if (n == 8 && x == word("8bitmime") && ext.eight_bit_mime) mp.body = body_type::eight_bit_mime;
      else if (n == 10 && x == word("binarymi") && folded(w, a + 8, 2) == word("me") && ext.binary_mime)
        mp.body = body_type::binary_mime;
      else return false;
      return true;
    }
    case param_id::ret: {  // RFC 3461 4.3
      if (!is_mail || !ext.dsn || !has_value || n != 4) return false;
      const std::uint64_t x = folded(w, a, 4);
      if (x == word("full")) mp.ret = dsn_ret::full;
      else if (x == word("hdrs")) mp.ret = dsn_ret::hdrs;
      else return false;
      return true;
    }
    case param_id::envid:  // RFC 3461 4.4: xtext, at most 100 characters
      if (!is_mail || !ext.dsn || !has_value || n > 100 || !printable_xtext_ok(w, a, b)) return false;
      mp.envid = std::string_view(chars + a, n);
      return true;
    case param_id::smtputf8:  // RFC 6531 3.4: no value
      if (!is_mail || !ext.smtputf8 || has_value) return false;
      mp.smtputf8 = true;
      return true;
    case param_id::notify:
      return !is_mail && ext.dsn && has_value && notify_ok(w, a, b, rp);
    case param_id::orcpt: {  // RFC 3461 4.2: addr-type ";" xtext; "utf-8" (RFC 6533) the long way
      if (is_mail || !ext.dsn || !has_value) return false;
      const mask semis = w.m.semi() & span(a, b);
      if (semis == 0) return false;
      const std::size_t semi = first_bit(semis);
      if (semi == a || semi + 1 == b || (span(a, semi) & ~w.m.atext()) != 0) return false;
      if (semi - a == 5 && folded(w, a, 5) == word("utf-8")) return false;
      if (!printable_xtext_ok(w, semi + 1, b)) return false;
      rp.orcpt_type = std::string_view(chars + a, semi - a);
      rp.orcpt_address = std::string_view(chars + semi + 1, b - semi - 1);
      rp.has_orcpt = true;
      return true;
    }
    default:
      return false;
  }
}

inline bool has_a_label_if(bool maybe, std::string_view domain) noexcept { return maybe && has_a_label(domain); }

/// The path at the start of window w ("<" at 0) into c.path; the offset just past its ">",
/// or 0 to leave the line to the long way.
SMTPCODEC_AVX512_INLINE std::size_t take_path(const text_window& w, bool is_mail, const command_options& opt, command& c) noexcept {
  const window_classes& m = w.m;
  const unsigned char* p = w.p;
  const auto* chars = reinterpret_cast<const char*>(p);
  const std::size_t n = w.n;
  // Written member by member into `c` (default-constructed): a local path_view copied in
  // whole measured slow (its wide loads wait for the narrow stores).
  path_view& path = c.path;
  std::size_t stop;  // just past the ">"
  if (p[1] == '>') {  // "<>", RFC 5321 4.5.5: MAIL only
    if (!is_mail) return 0;
    stop = 2;
    path.null = true;
  } else {
    std::size_t at;
    bool quoted = false;
    if (p[1] == '"') {
      // Quoted-string = DQUOTE *(qtextSMTP / quoted-pairSMTP) DQUOTE; every byte is SP or
      // printable already, so only the closing quote and the quoted-pairs matter.
      const mask quotes = from(m.quote(), 2);
      if (quotes == 0) return 0;
      std::size_t close = first_bit(quotes);
      if ((m.backslash() & span(2, close)) != 0) {
        for (close = 2;;) {
          if (close >= n) return 0;
          if (p[close] == '"') break;
          close += p[close] == '\\' ? 2 : 1;
        }
      }
      at = close + 1;
      quoted = true;
    } else {
      // Dot-string = Atom *("." Atom), up to the first byte that is neither atext nor ".".
      const mask stops = from(~(m.atext() | m.dot()), 1);
      if (stops == 0) return 0;
      at = first_bit(stops);
      const mask dots = m.dot() & span(1, at);
      if (at == 1 || has(dots, 1) || has(dots, at - 1) || (dots & (dots >> 1)) != 0) return 0;
    }
    if (!has(m.at(), at) || at + 1 >= n) return 0;
    const std::size_t d = at + 1;
    std::size_t gt;
    literal_kind literal = literal_kind::none;
    bool hyphen = false;
    if (p[d] == '[') {
      const mask closes = from(m.rbracket(), d);
      if (closes == 0) return 0;
      const std::size_t rb = first_bit(closes);
      gt = rb + 1;
      if (!has(m.gt(), gt)) return 0;
      if (ipv4_ok(w, d + 1, rb)) {
        literal = literal_kind::ipv4;
      } else if (rb - d > 6 && (p[d + 1] | 0x20) == 'i' && (p[d + 2] | 0x20) == 'p' && (p[d + 3] | 0x20) == 'v' &&
                 p[d + 4] == '6' && p[d + 5] == ':' && ipv6_ok(w, d + 6, rb)) {
        literal = literal_kind::ipv6;
      } else {
        return 0;  // General-address-literal, or an error: the long way
      }
    } else {
      const mask stops = from(~m.ldh_dot(), d);
      if (stops == 0) return 0;
      gt = first_bit(stops);
      if (gt == d || !has(m.gt(), gt) || !domain_ok(m, d, gt)) return 0;
      hyphen = (m.hyphen() & span(d, gt)) != 0;
    }
    stop = gt + 1;
    // RFC 5321 4.5.3.1.1-2: the limits (the long way reports a breach).
    const std::string_view local(chars + 1, at - 1);
    const std::string_view domain(chars + d, gt - d);
    if (local.size() > opt.limits.max_local_part || domain.size() > opt.limits.max_domain) return 0;
    mailbox_view& mailbox = path.mailbox;
    mailbox.local_part = local;
    mailbox.domain = domain;
    mailbox.literal = literal;
    mailbox.quoted = quoted;
    mailbox.idn = has_a_label_if(literal == literal_kind::none && hyphen, domain);
  }
  path.text = std::string_view(chars, stop);
  if (stop > opt.limits.max_path) return 0;  // RFC 5321 4.5.3.1.3, "<>" included
  return stop;
}

/// esmtp-param *(SP esmtp-param) (RFC 5321 4.1.2): the whole window w, n >= 1.
SMTPCODEC_AVX512_INLINE bool take_params(const text_window& w, bool is_mail, const command_options& opt, command& c) noexcept {
  const window_classes& m = w.m;
  const std::size_t n = w.n;  // 1 to 64
  const auto* chars = reinterpret_cast<const char*>(w.p);
  const mask valid = ones(n);
  const mask spaces = m.sp(), equals = m.eq();
  // Exactly one SP between parameters, none before the first or after the last.
  if ((spaces & 1) != 0 || has(spaces, n - 1) || (spaces & (spaces >> 1)) != 0) return false;
  // The whole list's syntax at once. Each parameter starts after an SP; its keyword runs to
  // the first "=", SP or the end, whichever comes first: subtracting the start bits from the
  // bits of those terminators sets exactly the keyword bytes (a borrow stops at the first
  // terminator above its start) and clears that terminator.
  const mask starts = ((spaces << 1) | 1) & valid;
  const mask terminators = equals | spaces | (n < window ? mask{1} << n : 0);
  const mask flipped = (terminators - starts) ^ terminators;
  const mask keywords = flipped & ~terminators & valid;
  const mask first_terminators = flipped & terminators;
  // esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"); esmtp-value = 1*(%d33-60 /
  // %d62-126): so a "=" only right after a keyword, and a value after it.
  if ((keywords & ~m.ldh()) != 0 || (starts & ~m.letdig()) != 0 || (equals & ~first_terminators) != 0 ||
      ((equals << 1) & (spaces | ~valid)) != 0 || has(equals, n - 1))
    return false;
  const std::size_t limit =
      opt.max_parameters < esmtp_param_list::capacity ? opt.max_parameters : esmtp_param_list::capacity;
  const std::size_t count = count_bits(starts);
  if (count > limit) return false;
  esmtp_param_list& list = c.params;
  std::uint32_t seen = 0;
  mask rest = starts;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t a = first_bit(rest);
    rest &= rest - 1;
    const mask after = from(first_terminators, a);
    const std::size_t kw_end = after != 0 ? first_bit(after) : n;
    const bool has_value = has(equals, kw_end);
    const mask next_space = from(spaces, kw_end);
    const std::size_t end = next_space != 0 ? first_bit(next_space) : n;
    const param_id id = lane_param(w, a, kw_end - a);
    const std::uint32_t bit = 1U << static_cast<unsigned>(id);
    if (id == param_id::unknown || (seen & bit) != 0) return false;
    seen |= bit;
    const std::size_t value = has_value ? kw_end + 1 : end;
    if (!decode_param(id, is_mail, w, value, end, has_value, opt.params, c.mail, c.rcpt)) return false;
    esmtp_param& item = list.items[i];
    item.keyword = std::string_view(chars + a, kw_end - a);
    item.value = std::string_view(chars + value, end - value);
    item.has_value = has_value;
    item.id = id;
  }
  list.count = count;
  return true;
}

SMTPCODEC_AVX512 std::size_t take_avx512(const unsigned char* p, std::size_t avail, bool framed,
                                         const command_options& opt, command& c) noexcept {
  if (avail == 0) return 0;
  // The line: its end, and that it holds text only (SP and printable ASCII; controls, DEL
  // and 8-bit bytes such as UTF-8 go the long way). Two blocks: lines of up to 127 bytes.
  const __m512i v0 = load(p, avail);
  mask ends = bytes_equal(v0, '\r') | bytes_equal(v0, '\n');
  mask text = bytes_in(v0, 0x20, 0x7f - 0x20);
  std::size_t len;  // the line without its CRLF
  if (ends != 0) {
    len = first_bit(ends);
    if ((ones(len) & ~text) != 0) return 0;
  } else {
    if ((ones(avail) & ~text) != 0) return 0;
    if (avail <= window) {
      if (framed) return 0;
      len = avail;
    } else {
      const __m512i v1 = load(p + window, avail - window);
      ends = bytes_equal(v1, '\r') | bytes_equal(v1, '\n');
      text = bytes_in(v1, 0x20, 0x7f - 0x20);
      if (ends != 0) len = window + first_bit(ends);
      else if (!framed && avail <= 2 * window) len = avail;
      else return 0;
      if ((ones(len - window) & ~text) != 0) return 0;
    }
  }
  if (framed) {
    // RFC 5321 2.3.8: the line ends in CRLF; a bare CR or LF is the line reader's to judge.
    if (p[len] != '\r' || len + 1 >= avail || p[len + 1] != '\n') return 0;
  } else if (len != avail) {
    return 0;  // a CR or LF inside the line
  }
  // Short lines (every verb here has 4 letters) and lines near a limit go the long way;
  // MAIL / RCPT may be longer than max_line_length, never shorter.
  if (len < 4 || len + 2 > opt.max_line_length) return 0;
  const std::size_t consumed = framed ? len + 2 : len;

  const auto* chars = reinterpret_cast<const char*>(p);
  const std::string_view line(chars, len);
  const auto head = first_word(v0);
  // Every byte of these verbs is a letter: OR-ing 0x20 folds case and lets nothing else match.
  const auto verb4 = static_cast<std::uint32_t>(head) | 0x20202020U;
  if (len == 4) {
    verb v;
    switch (verb4) {
      case static_cast<std::uint32_t>(word("data")): v = verb::data; break;
      case static_cast<std::uint32_t>(word("quit")): v = verb::quit; break;
      case static_cast<std::uint32_t>(word("rset")): v = verb::rset; break;
      case static_cast<std::uint32_t>(word("noop")): v = verb::noop; break;
      case static_cast<std::uint32_t>(word("help")): v = verb::help; break;
      case static_cast<std::uint32_t>(word("atrn")): v = verb::atrn; break;
      default: return 0;
    }
    c.verb = v;
    c.line = line;
    return consumed;
  }
  if (p[4] == ' ' && (verb4 == word("ehlo") || verb4 == word("helo") || verb4 == word("lhlo"))) {
    // RFC 5321 4.1.1.1: a Domain (an address literal goes the long way).
    if (len < 6 || len - 5 > window) return 0;
    const window_classes m = classify(load(p + 5, len - 5));
    if (!domain_ok(m, 0, len - 5)) return 0;
    c.verb = verb4 == word("ehlo") ? verb::ehlo : verb4 == word("helo") ? verb::helo : verb::lhlo;
    c.line = line;
    c.arg = line.substr(5);
    return consumed;
  }
  // Case-fold the letters only: OR-ing 0x20 into SP or ":" would let a control byte match.
  constexpr std::uint64_t mail_fold = word("\x20\x20\x20\x20\x00\x20\x20\x20");
  constexpr std::uint64_t rcpt_fold = word("\x20\x20\x20\x20\x00\x20\x20\x00");
  std::size_t lt;  // the path's "<"
  verb v;
  if (len >= 12 && (head | mail_fold) == word("mail fro") && (p[8] | 0x20) == 'm' && p[9] == ':' && p[10] == '<') {
    v = verb::mail;
    lt = 10;
  } else if (len >= 10 && (head | rcpt_fold) == word("rcpt to:") && p[8] == '<') {
    v = verb::rcpt;
    lt = 8;
  } else {
    return 0;
  }
  const bool is_mail = v == verb::mail;
  // The path must end within 64 bytes of its "<", the parameters take 64 bytes at most.
  const std::size_t path_window = len - lt < window ? len - lt : window;
  const text_window pw{p + lt, path_window, avail - lt, classify(load(p + lt, path_window))};
  const std::size_t stop = take_path(pw, is_mail, opt, c);
  bool taken = stop != 0;
  const std::size_t params = lt + stop + 1;  // after the path and its SP
  if (taken && params - 1 < len) {
    taken = p[params - 1] == ' ' && params < len && len - params <= window;
    if (taken) {
      const text_window qw{p + params, len - params, avail - params, classify(load(p + params, len - params))};
      taken = take_params(qw, is_mail, opt, c);
    }
  }
  if (!taken) {
    // Leave `c` as it was given: the long way starts from a default command.
    c.path = path_view{};
    c.mail = mail_parameters{};
    c.rcpt = rcpt_parameters{};
    c.params.count = 0;
    return 0;
  }
  c.verb = v;
  c.line = line;
  c.arg = line.substr(lt);
  return consumed;
}

}  // namespace

std::size_t take_command_vector(const unsigned char* p, std::size_t avail, bool framed, const command_options& opt,
                                command& c) noexcept {
  // The avx512 path is only ever active where the CPU has BMI2 too (scan_path_available).
  if (active_scan_path() < scan_path::avx512) return 0;
  return take_avx512(p, avail, framed, opt, c);
}

#else

std::size_t take_command_vector(const unsigned char*, std::size_t, bool, const command_options&, command&) noexcept {
  return 0;
}

#endif

}  // namespace smtpcodec::detail
