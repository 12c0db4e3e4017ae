// The plain MAIL/RCPT path "<" Dot-string "@" Domain ">" recognised from character-class
// bit masks (detail::match_plain_path_vector in path_machine.hpp). Byte loops branch at the
// end of every atom and label, on data no predictor can learn; on the benchmark's mix this
// recogniser took parse_command from 7.2 to 9.7 M commands/s. Up to 64 bytes are classed
// at once (AVX2: a nibble-table look-up for atext and letters, compares for the rest) and
// every rule of both dotted forms is a few shifts and ANDs over the masks, whatever the
// number of labels. (The same treatment of the parameters measured slower than
// esmtp_scan::run_ascii_fast: their tokens are few and long; it was not kept.)
#include <cstdint>
#include <cstring>

#include "detail/atext_nibbles.hpp"
#include "detail/byte_scan.hpp"
#include "detail/dotted_masks.hpp"
#include "detail/path_machine.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define SMTPCODEC_PATH_AVX2 1
#endif

namespace smtpcodec::detail {

#if SMTPCODEC_PATH_AVX2
namespace {

/// Bit j of each mask: byte j of the 64 classed.
struct path_masks {
  std::uint64_t atext = 0;   // RFC 5322 3.2.3 atext
  std::uint64_t letdig = 0;  // RFC 5321 Let-dig
  std::uint64_t dot = 0;
  std::uint64_t hyphen = 0;
  std::uint64_t at = 0;
  std::uint64_t gt = 0;
};

using atext_nibbles::low_table;
using atext_nibbles::high_table;

#define SMTPCODEC_AVX2 __attribute__((target("avx2")))

SMTPCODEC_AVX2 inline std::uint64_t bits(__m256i x) noexcept {
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(x));
}

/// Classes the 32 bytes of v, moves the bits right by `drop` (bytes loaded from before the
/// wanted ones) and left by `shift` (their place among the 64), into m.
SMTPCODEC_AVX2 inline void add_classes(__m256i v, unsigned drop, unsigned shift, path_masks& m) noexcept {
  const __m256i lows = _mm256_load_si256(reinterpret_cast<const __m256i*>(low_table.bytes));
  const __m256i highs = _mm256_load_si256(reinterpret_cast<const __m256i*>(high_table.bytes));
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  const __m256i zero = _mm256_setzero_si256();
  const __m256i lo = _mm256_and_si256(v, nibble);
  const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
  const __m256i cls = _mm256_and_si256(_mm256_shuffle_epi8(lows, lo), _mm256_shuffle_epi8(highs, hi));
  auto place = [drop, shift](std::uint64_t x) { return (x >> drop) << shift; };
  const std::uint64_t not_atext = bits(_mm256_cmpeq_epi8(_mm256_and_si256(cls, _mm256_set1_epi8(atext_nibbles::atext_rows)), zero));
  const std::uint64_t not_letter =
      bits(_mm256_cmpeq_epi8(_mm256_and_si256(cls, _mm256_set1_epi8(static_cast<char>(atext_nibbles::letter_rows))), zero));
  // Signed compares: a byte >= 0x80 is negative, never above '/'.
  const std::uint64_t digit =
      bits(_mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8('/')), _mm256_cmpgt_epi8(_mm256_set1_epi8(':'), v)));
  m.atext |= place(~not_atext & 0xffffffffULL);
  m.letdig |= place((~not_letter & 0xffffffffULL) | digit);
  m.dot |= place(bits(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('.'))));
  m.hyphen |= place(bits(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('-'))));
  m.at |= place(bits(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('@'))));
  m.gt |= place(bits(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('>'))));
}

/// Classes bytes [offset, offset + 32) of b (of len) into bits [offset, offset + 32); bytes
/// at or past len are in no class. Nothing outside [b - before, b + len) is read: where
/// fewer than 32 bytes remain, the 32 that end at b + len are loaded if that many lie in
/// the readable range (and the extra bits dropped), else a zero-padded copy is classed.
SMTPCODEC_AVX2 inline void classify_half(const unsigned char* b, std::size_t len, std::size_t before, unsigned offset,
                                         path_masks& m) noexcept {
  if (len >= offset + 32) {
    add_classes(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + offset)), 0, offset, m);
  } else if (len + before >= 32) {
    const auto back = static_cast<unsigned>(offset + 32 - len);  // bytes loaded from before b + offset
    add_classes(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + len - 32)), back, offset, m);
  } else {
    alignas(32) unsigned char padded[32] = {};
    std::memcpy(padded, b + offset, len - offset);
    add_classes(_mm256_load_si256(reinterpret_cast<const __m256i*>(padded)), 0, offset, m);
  }
}

SMTPCODEC_AVX2 bool match_plain_path_avx2(const unsigned char* b, std::size_t len, std::size_t before,
                                          std::size_t& at_out, std::size_t& stop_out, bool& hyphen_out) noexcept {
  // The first 32 bytes hold most paths; the next 32 are classed only if its ">" is not there.
  path_masks m;
  classify_half(b, len, before, 0, m);
  if ((m.gt & ~std::uint64_t{1}) == 0) {
    if (len <= 32) return false;
    classify_half(b, len, before, 32, m);
  }

  // "<" Dot-string "@" Domain ">" (dotted_masks.hpp): the Dot-string from byte 1 up to the
  // first byte neither atext nor ".", which must be the "@"; the Domain from after it up to
  // the first byte none of Let-dig, "-", ".", which must be the ">".
  const std::size_t at = dotted::dot_string_end(m.atext, m.dot, 1);
  if (at == 0 || !dotted::bit(m.at, at)) return false;
  const std::size_t first = at + 1;
  if (first >= 64) return false;
  const std::uint64_t domain_stops = ~(m.letdig | m.hyphen | m.dot) & ~dotted::below(first);
  if (domain_stops == 0) return false;
  const auto gt = static_cast<std::size_t>(__builtin_ctzll(domain_stops));
  if (gt == first || !dotted::bit(m.gt, gt) || !dotted::domain_ok(m.letdig, m.hyphen, m.dot, first, gt)) return false;
  const std::uint64_t domain = dotted::below(gt) & ~dotted::below(first);

  at_out = at;
  stop_out = gt + 1;
  hyphen_out = (m.hyphen & domain) != 0;
  return true;
}

}  // namespace

bool match_plain_path_vector(const unsigned char* b, std::size_t len, std::size_t before, std::size_t& at_out,
                             std::size_t& stop_out, bool& hyphen_out) noexcept {
  if (len < 2 || active_scan_path() < scan_path::avx2) return false;
  return match_plain_path_avx2(b, len, before, at_out, stop_out, hyphen_out);
}

#else

bool match_plain_path_vector(const unsigned char*, std::size_t, std::size_t, std::size_t&, std::size_t&,
                             bool&) noexcept {
  return false;
}

#endif

}  // namespace smtpcodec::detail
