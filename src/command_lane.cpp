// The vector lane of parse_command() and command_reader: the command lines a session is
// nearly all made of (MAIL and RCPT with plain, quoted, address-literal or SMTPUTF8 paths and
// the common parameters, DATA, QUIT, RSET, NOOP, EHLO/HELO/LHLO with a Domain), recognised and
// decoded from character-class bit masks of the whole line, with the line end found in the
// same pass. Why: on a realistic mix the cost of the byte loops was branch misses at every
// token end (and a separate framing pass before them); here each rule is a few shifts and
// ANDs over the masks, whatever the number of atoms, labels or parameters.
//
// The rules (detail/command_lane_body.hpp) are written once over 64-bit masks and compiled
// twice below, for AVX-512BW (masks straight from compares, byte-masked loads) and for AVX2
// (two 32-byte halves, movemask); detail::active_scan_path picks one, like the DATA codecs'.
//
// It only ever accepts, with exactly the result the other routes give; anything else
// (UTF-8 other than in a Dot-string local part or a Domain, source routes, <Postmaster>,
// General literals, parameters other than SIZE, BODY, RET, ENVID, SMTPUTF8, NOTIFY, ORCPT,
// trailing SP, every error) goes on to the fast lanes and the machine in src/command.cpp. tests/command_routes_test.cpp and
// fuzz/fuzz_command.cpp compare the routes on every line, on each lane;
// tests/command_reader_test.cpp and fuzz/fuzz_command.cpp compare command_reader with
// line_reader + parse_command. Measured in bench/command_bench.cpp.
#include <cstdint>
#include <cstring>

#include "detail/atext_nibbles.hpp"
#include "detail/byte_scan.hpp"
#include "detail/command_line_machine.hpp"
#include "detail/dotted_masks.hpp"
#include "detail/path_machine.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define SMTPCODEC_LANE_X86 1
#endif

namespace smtpcodec::detail {

#if SMTPCODEC_LANE_X86
namespace {

// The masks: bit i for byte i of a window of up to 64 bytes. A line is looked at through
// at most three windows (its start, its path, its parameters), each one vector load.
using mask = std::uint64_t;
constexpr std::size_t window = 64;

/// Bits [0, n); all of them for n >= 64. BZHI (both paths require BMI2: scan_path_available)
/// reads only the low byte of its index, hence the clamp.
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
/// (Always inlined: see dotted_masks.hpp.)
[[gnu::always_inline]] constexpr bool has(mask m, std::size_t i) noexcept { return i < window && ((m >> i) & 1U) != 0; }
/// `x`, as a value the optimiser cannot relate to any other: a value equal to another
/// keeps its own (shorter) chain of computation, and a test of several conditions OR-ed
/// together stays one test of one value, where GCC would split it into a branch per
/// condition, each taken as randomly as the data it looks at.
template <class T>
[[gnu::always_inline]] inline T opaque(T x) noexcept {
  asm("" : "+r"(x));
  return x;
}
/// The lowest / highest set bit of m != 0.
[[gnu::always_inline]] inline std::size_t first_bit(mask m) noexcept { return static_cast<std::size_t>(__builtin_ctzll(m)); }
/// The lowest set bit of m, or 64 when m is 0 (TZCNT: both paths require BMI1).
__attribute__((target("bmi"), always_inline)) inline std::size_t first_bit_or_64(mask m) noexcept {
  return static_cast<std::size_t>(_tzcnt_u64(m));
}
[[gnu::always_inline]] inline std::size_t last_bit(mask m) noexcept { return 63 - static_cast<std::size_t>(__builtin_clzll(m)); }
[[gnu::always_inline]] inline unsigned count_bits(mask m) noexcept { return static_cast<unsigned>(__builtin_popcountll(m)); }
[[gnu::always_inline]] constexpr bool more_than_one(mask m) noexcept { return (m & (m - 1)) != 0; }

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

/// A multiplier under which `hash` puts no two of `keys` in the same of `Slots` slots: a
/// perfect hash, found at compile time by trying multipliers in a fixed sequence.
template <std::size_t Slots, class Keys, class Hash>
consteval std::uint64_t perfect_multiplier(const Keys& keys, Hash hash) {
  for (std::uint64_t m = 0x9E3779B97F4A7C15ULL;; m += 0x2000000000000002ULL) {
    bool used[Slots] = {};
    bool clash = false;
    for (const auto& key : keys) {
      const unsigned h = hash(key, m);
      clash = clash || used[h];
      used[h] = true;
    }
    if (!clash) return m;
  }
}

/// Every NOTIFY value (RFC 3461 4.1): "NEVER" alone, or one to three of SUCCESS, FAILURE and
/// DELAY in any order, each at most once. That is 16 sequences of at most 21 bytes, so a
/// value is looked up whole (folded, as three words) instead of item by item: one hash, one
/// comparison, and the flags.
struct notify_value {
  std::uint64_t words[3];
  std::uint8_t flags;
};
constexpr std::size_t notify_value_max = 21;  // "SUCCESS,FAILURE,DELAY"
/// Up to 24 bytes as three little-endian words, zero-filled.
struct three_words {
  std::uint64_t w[3];
};
constexpr three_words words_of(const char* s, std::size_t n) {
  three_words r{};
  for (std::size_t i = 0; i < n; ++i) r.w[i / 8] |= std::uint64_t{static_cast<unsigned char>(s[i])} << (8 * (i % 8));
  return r;
}
/// The items of RFC 3461 4.1 besides NEVER, in the order of notify_flag.
struct notify_item_name {
  const char* name;
  std::size_t size;
  std::uint8_t flag;
};
constexpr notify_item_name notify_item_names[3] = {
    {"success", 7, notify_success}, {"failure", 7, notify_failure}, {"delay", 5, notify_delay}};
/// The value listing the items `order[0..n)`, comma-separated.
constexpr notify_value notify_sequence(const std::size_t* order, std::size_t n) {
  char text[notify_value_max] = {};
  std::size_t size = 0;
  std::uint8_t flags = 0;
  for (std::size_t k = 0; k < n; ++k) {
    if (k != 0) text[size++] = ',';
    const notify_item_name& item = notify_item_names[order[k]];
    for (std::size_t i = 0; i < item.size; ++i) text[size++] = item.name[i];
    flags = static_cast<std::uint8_t>(flags | item.flag);
  }
  const three_words w = words_of(text, size);
  return notify_value{{w.w[0], w.w[1], w.w[2]}, flags};
}
struct notify_values {
  notify_value all[16];
  constexpr notify_values() : all{} {
    const three_words never = words_of("never", 5);
    all[0] = notify_value{{never.w[0], never.w[1], never.w[2]}, notify_never};
    std::size_t count = 1;
    // Every ordered selection of distinct items: 3 of one, 6 of two, 6 of three.
    for (std::size_t x = 0; x < 3; ++x) {
      const std::size_t one[1] = {x};
      all[count++] = notify_sequence(one, 1);
      for (std::size_t y = 0; y < 3; ++y) {
        if (y == x) continue;
        const std::size_t two[2] = {x, y};
        all[count++] = notify_sequence(two, 2);
        const std::size_t three[3] = {x, y, 3 - x - y};
        all[count++] = notify_sequence(three, 3);
      }
    }
  }
};
[[gnu::always_inline]] constexpr unsigned notify_hash(std::uint64_t w0, std::uint64_t w1, std::uint64_t multiplier) noexcept {
  return static_cast<unsigned>(((w0 ^ (w1 >> 1)) * multiplier) >> 59);  // 32 slots
}
constexpr std::uint64_t notify_multiplier_v = perfect_multiplier<32>(
    notify_values{}.all, [](const notify_value& v, std::uint64_t m) { return notify_hash(v.words[0], v.words[1], m); });
struct notify_table {
  notify_value slots[32];
  constexpr notify_table() : slots{} {
    for (const notify_value& v : notify_values{}.all)
      slots[notify_hash(v.words[0], v.words[1], notify_multiplier_v)] = v;
  }
};
constexpr notify_table notify_slots{};
static_assert(notify_slots.slots[notify_hash(words_of("success,failure", 15).w[0], words_of("success,failure", 15).w[1],
                                             notify_multiplier_v)]
                  .flags == (notify_success | notify_failure));

/// The keywords this lane decodes, folded and zero-filled, found by a perfect hash of that
/// word (a multiplier chosen at compile time so that no two share a slot).
struct keyword_slot {
  std::uint64_t word;
  param_id id;
};
constexpr keyword_slot lane_keywords[] = {{word("size"), param_id::size},       {word("body"), param_id::body},
                                          {word("smtputf8"), param_id::smtputf8}, {word("ret"), param_id::ret},
                                          {word("envid"), param_id::envid},       {word("notify"), param_id::notify},
                                          {word("orcpt"), param_id::orcpt},       {word("auth"), param_id::auth}};
[[gnu::always_inline]] constexpr unsigned keyword_hash(std::uint64_t x, std::uint64_t multiplier) noexcept {
  return static_cast<unsigned>((x * multiplier) >> 60);  // 16 slots
}
constexpr std::uint64_t keyword_multiplier_v = perfect_multiplier<16>(
    lane_keywords, [](const keyword_slot& k, std::uint64_t m) { return keyword_hash(k.word, m); });
struct keyword_table {
  keyword_slot slots[16];
  constexpr keyword_table() : slots{} {
    for (const keyword_slot& k : lane_keywords) slots[keyword_hash(k.word, keyword_multiplier_v)] = k;
  }
};
constexpr keyword_table keyword_slots{};

inline bool has_a_label_if(bool maybe, std::string_view domain) noexcept { return maybe && has_a_label(domain); }

// ---- AVX-512BW: one 64-byte vector, masks straight from compares ----------------------
namespace avx512 {

#define SMTPCODEC_LANE_INLINE __attribute__((target("avx512f,avx512bw,bmi,bmi2"), always_inline)) inline
#define SMTPCODEC_LANE_ENTRY __attribute__((target("avx512f,avx512bw,bmi,bmi2")))

using vec = __m512i;

SMTPCODEC_LANE_INLINE mask bytes_equal(vec v, char c) noexcept { return _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(c)); }
/// Bytes in [first, first + count).
SMTPCODEC_LANE_INLINE mask bytes_in(vec v, unsigned char first, unsigned char count) noexcept {
  return _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8(static_cast<char>(first))),
                                _mm512_set1_epi8(static_cast<char>(count)));
}
/// Bytes 0-7 of v as a little-endian word.
SMTPCODEC_LANE_INLINE std::uint64_t first_word(vec v) noexcept {
  // A vector-extension element read: _mm512_castsi512_si128 trips GCC 12's
  // -Wmaybe-uninitialized inside its own header.
  typedef long long words __attribute__((vector_size(64)));
  return static_cast<std::uint64_t>(static_cast<words>(v)[0]);
}
/// The `n` bytes at p, the rest of the vector zero; a masked load reads nothing outside
/// [p, p + n).
SMTPCODEC_LANE_INLINE vec load(const unsigned char* p, std::size_t n) noexcept { return _mm512_maskz_loadu_epi8(ones(n), p); }
/// The `n` (<= 64) bytes at p, the rest zero, where `readable` >= n bytes may be read: with
/// 64 readable, a plain load and a zeroing move (byte-masked loads measured slower here).
SMTPCODEC_LANE_INLINE vec load_prefix(const unsigned char* p, std::size_t n, std::size_t readable) noexcept {
  if (readable < window) return load(p, n);
  return _mm512_maskz_mov_epi8(ones(n), _mm512_loadu_si512(p));
}
/// 64 bytes at p, all readable.
SMTPCODEC_LANE_INLINE vec load_block(const unsigned char* p) noexcept { return _mm512_loadu_si512(p); }
SMTPCODEC_LANE_INLINE void nibbles(vec v, vec& lo, vec& hi) noexcept {
  const vec nibble = _mm512_set1_epi8(0x0f);
  lo = _mm512_and_si512(v, nibble);
  hi = _mm512_and_si512(_mm512_srli_epi16(v, 4), nibble);
}
SMTPCODEC_LANE_INLINE vec class_bits(vec lo, vec hi, const nibble_tables& t) noexcept {
  return _mm512_and_si512(_mm512_shuffle_epi8(_mm512_load_si512(t.low), lo),
                          _mm512_shuffle_epi8(_mm512_load_si512(t.high), hi));
}
/// The bytes of c with any of `bits`.
SMTPCODEC_LANE_INLINE mask any_bits(vec c, unsigned char bits) noexcept {
  return _mm512_test_epi8_mask(c, _mm512_set1_epi8(static_cast<char>(bits)));
}

#include "detail/command_lane_body.hpp"

#undef SMTPCODEC_LANE_INLINE
#undef SMTPCODEC_LANE_ENTRY
}  // namespace avx512

// ---- AVX2: two 32-byte halves, masks from movemask ---------------------------------------
namespace avx2 {

#define SMTPCODEC_LANE_INLINE __attribute__((target("avx2,bmi,bmi2"), always_inline)) inline
#define SMTPCODEC_LANE_ENTRY __attribute__((target("avx2,bmi,bmi2")))

/// 64 bytes as two halves.
struct vec {
  __m256i lo, hi;
};

SMTPCODEC_LANE_INLINE mask to_mask(__m256i lo, __m256i hi) noexcept {
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(lo)) |
         (mask{static_cast<std::uint32_t>(_mm256_movemask_epi8(hi))} << 32);
}
SMTPCODEC_LANE_INLINE mask bytes_equal(const vec& v, char c) noexcept {
  const __m256i x = _mm256_set1_epi8(c);
  return to_mask(_mm256_cmpeq_epi8(v.lo, x), _mm256_cmpeq_epi8(v.hi, x));
}
/// Bytes in [first, first + count): x - first <= count - 1 unsigned, as min(x, count - 1) == x.
SMTPCODEC_LANE_INLINE mask bytes_in(const vec& v, unsigned char first, unsigned char count) noexcept {
  const __m256i f = _mm256_set1_epi8(static_cast<char>(first));
  const __m256i top = _mm256_set1_epi8(static_cast<char>(count - 1));
  const __m256i lo = _mm256_sub_epi8(v.lo, f), hi = _mm256_sub_epi8(v.hi, f);
  return to_mask(_mm256_cmpeq_epi8(_mm256_min_epu8(lo, top), lo), _mm256_cmpeq_epi8(_mm256_min_epu8(hi, top), hi));
}
SMTPCODEC_LANE_INLINE std::uint64_t first_word(const vec& v) noexcept {
  return static_cast<std::uint64_t>(_mm256_extract_epi64(v.lo, 0));
}
/// The `n` bytes at p, the rest zero. AVX2 has no byte-masked load: with fewer than 64
/// bytes left they are copied into a zeroed block first, so nothing outside [p, p + n) is
/// read.
SMTPCODEC_LANE_INLINE vec load(const unsigned char* p, std::size_t n) noexcept {
  if (n >= window)
    return vec{_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)),
               _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32))};
  alignas(32) unsigned char block[window] = {};
  std::memcpy(block, p, n);
  return vec{_mm256_load_si256(reinterpret_cast<const __m256i*>(block)),
             _mm256_load_si256(reinterpret_cast<const __m256i*>(block + 32))};
}
/// 64 bytes of 0xFF, then 64 of zero: 64 bytes from `64 - n` keep the first n of a block.
alignas(64) constexpr unsigned char prefix_masks[2 * window] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
/// The `n` (<= 64) bytes at p, the rest zero, where `readable` >= n bytes may be read: with
/// 64 readable, a plain load and an AND (no copy).
SMTPCODEC_LANE_INLINE vec load_prefix(const unsigned char* p, std::size_t n, std::size_t readable) noexcept {
  if (readable < window) return load(p, n);
  const unsigned char* keep = prefix_masks + window - n;
  return vec{_mm256_and_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)),
                              _mm256_loadu_si256(reinterpret_cast<const __m256i*>(keep))),
             _mm256_and_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32)),
                              _mm256_loadu_si256(reinterpret_cast<const __m256i*>(keep + 32)))};
}
/// 64 bytes at p, all readable.
SMTPCODEC_LANE_INLINE vec load_block(const unsigned char* p) noexcept {
  return vec{_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)),
             _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32))};
}
SMTPCODEC_LANE_INLINE void nibbles(const vec& v, vec& lo, vec& hi) noexcept {
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  lo = vec{_mm256_and_si256(v.lo, nibble), _mm256_and_si256(v.hi, nibble)};
  hi = vec{_mm256_and_si256(_mm256_srli_epi16(v.lo, 4), nibble), _mm256_and_si256(_mm256_srli_epi16(v.hi, 4), nibble)};
}
SMTPCODEC_LANE_INLINE vec class_bits(const vec& lo, const vec& hi, const nibble_tables& t) noexcept {
  const __m256i low = _mm256_load_si256(reinterpret_cast<const __m256i*>(t.low));
  const __m256i high = _mm256_load_si256(reinterpret_cast<const __m256i*>(t.high));
  return vec{_mm256_and_si256(_mm256_shuffle_epi8(low, lo.lo), _mm256_shuffle_epi8(high, hi.lo)),
             _mm256_and_si256(_mm256_shuffle_epi8(low, lo.hi), _mm256_shuffle_epi8(high, hi.hi))};
}
SMTPCODEC_LANE_INLINE mask any_bits(const vec& c, unsigned char bits) noexcept {
  const __m256i b = _mm256_set1_epi8(static_cast<char>(bits));
  const __m256i zero = _mm256_setzero_si256();
  return ~to_mask(_mm256_cmpeq_epi8(_mm256_and_si256(c.lo, b), zero), _mm256_cmpeq_epi8(_mm256_and_si256(c.hi, b), zero));
}

#include "detail/command_lane_body.hpp"

#undef SMTPCODEC_LANE_INLINE
#undef SMTPCODEC_LANE_ENTRY
}  // namespace avx2

}  // namespace

std::size_t take_command_avx512(const unsigned char* p, std::size_t avail, bool framed, const command_options& opt,
                                command& c) noexcept {
  return avx512::take(p, avail, framed, opt, c);
}
std::size_t take_command_avx2(const unsigned char* p, std::size_t avail, bool framed, const command_options& opt,
                              command& c) noexcept {
  return avx2::take(p, avail, framed, opt, c);
}

#else

std::size_t take_command_avx512(const unsigned char*, std::size_t, bool, const command_options&, command&) noexcept {
  return 0;
}
std::size_t take_command_avx2(const unsigned char*, std::size_t, bool, const command_options&, command&) noexcept {
  return 0;
}

#endif

}  // namespace smtpcodec::detail
