// scan_text(): the byte scan behind the DATA codecs (contract in detail/byte_scan.hpp).
//
// The implementations give the same answer on every input:
//  - portable: 8 octets at a time in a uint64_t while they hold no CR or LF and the line
//    limit is far, one octet at a time otherwise. Any CPU.
//  - sse2 / avx2 / avx512: one loop (scan_blocks) over 64-octet blocks. Each block is
//    compared against CR, LF and '.' as it stands and shifted by -1, +1 and +2 octets
//    (overlapping unaligned loads, so no carry between blocks), giving 64-bit masks of the
//    positions (a)-(c) of the contract, of the LFs (from which the line length and the
//    limit (d) are tracked per block), of 8-bit octets and of NULs. The last octets go
//    through the same code from a padded copy.
// The path is picked once, at the first call, with __builtin_cpu_supports; tests and
// benchmarks can force each one (force_scan_path).
#include "detail/byte_scan.hpp"

#include <atomic>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#define SMTPCODEC_SCAN_X86 1
#include <immintrin.h>
#endif

namespace smtpcodec::detail {
namespace {

using uchar = unsigned char;

// Position-exact scan of [p, stop), looking ahead up to pe; CRLF pairs are passed over as
// one unit, so the result may be stop + 1. `hit` tells whether it stopped on (a)-(d).
struct scalar_stop {
  const uchar* p;
  bool hit;
};

scalar_stop scan_scalar(const uchar* p, const uchar* stop, const uchar* pe, line_state& s) noexcept {
  std::size_t len = s.line_len, limit = s.limit;
  unsigned acc = 0;
  bool nul = false, hit = false;
  while (p < stop) {
    const uchar c = *p;
    if (c == '\r') {
      // (b) bare or undecided CR, (c) CRLF '.' or undecided, (d) the CR or its LF crosses.
      if (pe - p < 3 || p[1] != '\n' || p[2] == '.' || limit - len <= 1) {
        hit = true;
        break;
      }
      p += 2;  // RFC 5321 2.3.8: a line ends; the next starts with an ordinary octet or CR
      len = 0;
      limit = s.next_limit;
      continue;
    }
    if (c == '\n' || len == limit) {  // (a) bare LF, (d) crossing
      hit = true;
      break;
    }
    ++len;
    acc |= c;
    nul |= c == 0;
    ++p;
  }
  s.line_len = len;
  s.limit = limit;
  s.or_bits = static_cast<uchar>(s.or_bits | acc);
  s.nul = s.nul || nul;
  return {p, hit};
}

constexpr std::uint64_t ones = 0x0101010101010101ull;
constexpr std::uint64_t highs = 0x8080808080808080ull;
constexpr bool has_zero(std::uint64_t v) noexcept { return ((v - ones) & ~v & highs) != 0; }

const uchar* scan_portable(const uchar* p, const uchar* pe, line_state& s) noexcept {
  for (;;) {
    std::uint64_t acc = 0;
    bool nul = false;
    std::size_t len = s.line_len;
    while (pe - p >= 8 && s.limit - len >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if (has_zero(w ^ (ones * '\r')) || has_zero(w ^ (ones * '\n'))) break;
      acc |= w;
      nul = nul || has_zero(w);
      len += 8;
      p += 8;
    }
    s.line_len = len;
    for (int i = 0; i < 8; ++i) s.or_bits = static_cast<uchar>(s.or_bits | (acc >> (8 * i)));
    s.nul = s.nul || nul;
    // The next word holds a CR or LF, or the limit is near, or the input nearly ends.
    const uchar* stop = pe - p >= 8 ? p + 8 : pe;
    const scalar_stop r = scan_scalar(p, stop, pe, s);
    if (r.hit || r.p >= pe) return r.p;
    p = r.p;
  }
}

const uchar* scan_none(const uchar* p, const uchar*, line_state&) noexcept { return p; }

#if SMTPCODEC_SCAN_X86

inline unsigned ctz64(std::uint64_t v) noexcept { return static_cast<unsigned>(__builtin_ctzll(v)); }
inline unsigned clz64(std::uint64_t v) noexcept { return static_cast<unsigned>(__builtin_clzll(v)); }

// The line counters of the vector loops, kept in registers (not in the caller's
// line_state, which the compiler would otherwise store to on every block).
struct block_lines {
  std::size_t len, limit;
  const std::size_t next;
  explicit block_lines(const line_state& s) noexcept : len(s.line_len), limit(s.limit), next(s.next_limit) {}
  void store(line_state& s) const noexcept {
    s.line_len = len;
    s.limit = limit;
  }
  // A whole block passed over: the line after its last LF, or one 64 octets longer.
  // (A branchless form measured slower: it lengthens the loop-carried chain.)
  void pass(std::uint64_t lf) noexcept {
    len = lf ? clz64(lf) : len + 64;
    limit = lf ? next : limit;
  }
};

// One 64-octet block's masks -> where to stop in it (-1: at the CR just before it; 64:
// nowhere). Moves the line counters to the stop position, or past the block.
inline int block_stop(std::uint64_t hits, std::uint64_t lf, block_lines& l) noexcept {
  const std::size_t room = l.limit - l.len;  // (d) at offset `room`, if in the first line
  if (!hits && room >= 64) {  // the common block: no hit, no limit in reach
    l.pass(lf);
    return 64;
  }
  int cross = 64;
  const unsigned first_lf = lf ? ctz64(lf) : 64;
  if (room <= first_lf && room < 64) {
    cross = static_cast<int>(room);
    // The crossing octet is the LF of a CRLF (not a bare LF, which is a hit itself):
    // report the CR, as the machine must see the pair.
    if ((lf >> room & 1) && !(hits >> room & 1)) --cross;
  }
  int q = hits ? static_cast<int>(ctz64(hits)) : 64;
  if (cross < q) q = cross;
  if (q >= 64) {
    l.pass(lf);
    return 64;
  }
  if (q < 0) {  // the CR ending the previous block was counted there
    --l.len;
    return q;
  }
  const std::uint64_t before = lf & ((std::uint64_t{1} << q) - 1);
  if (before) {
    l.len = static_cast<std::size_t>(q) - 1 - (63 - clz64(before));
    l.limit = l.next;
  } else {
    l.len += static_cast<std::size_t>(q);
  }
  return q;
}

// The first unit (one octet, or a CRLF pair) goes through the scalar code so that the
// vector loop may read p[-1].
inline bool prologue(const uchar*& p, const uchar* pe, line_state& s) noexcept {
  const scalar_stop r = scan_scalar(p, p + 1, pe, s);
  p = r.p;
  return r.hit;
}

// What one 64-octet block [p, p + 64) holds, bit i for octet p[i]: hits (a)-(c) of the
// contract, LFs, octets >= 0x80 and NULs. Reads p[-1] .. p[65].
struct block_masks {
  std::uint64_t hits, lf, high, zero;
};

inline std::uint64_t bits(int movemask, int at) noexcept {
  return static_cast<std::uint64_t>(static_cast<std::uint32_t>(movemask)) << at;
}

inline block_masks block_sse2(const uchar* p) noexcept {
  const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n'), dot = _mm_set1_epi8('.');
  block_masks m{};
  for (int k = 0; k < 64; k += 16) {
    const __m128i v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k));
    const __m128i vm1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k - 1));
    const __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k + 1));
    const __m128i v2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k + 2));
    const __m128i lf0 = _mm_cmpeq_epi8(v0, lf);
    const __m128i bare_lf = _mm_andnot_si128(_mm_cmpeq_epi8(vm1, cr), lf0);
    // A CR is a hit unless an LF and then a non-dot follow: cr & ~(lf1 & ~dot2).
    const __m128i quiet = _mm_andnot_si128(_mm_cmpeq_epi8(v2, dot), _mm_cmpeq_epi8(v1, lf));
    const __m128i cr_hit = _mm_andnot_si128(quiet, _mm_cmpeq_epi8(v0, cr));
    m.hits |= bits(_mm_movemask_epi8(_mm_or_si128(bare_lf, cr_hit)), k);
    m.lf |= bits(_mm_movemask_epi8(lf0), k);
    m.high |= bits(_mm_movemask_epi8(v0), k);
    m.zero |= bits(_mm_movemask_epi8(_mm_cmpeq_epi8(v0, _mm_setzero_si128())), k);
  }
  return m;
}

__attribute__((target("avx2"))) inline block_masks block_avx2(const uchar* p) noexcept {
  const __m256i cr = _mm256_set1_epi8('\r'), lf = _mm256_set1_epi8('\n'), dot = _mm256_set1_epi8('.');
  block_masks m{};
  for (int k = 0; k < 64; k += 32) {
    const __m256i v0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + k));
    const __m256i vm1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + k - 1));
    const __m256i v1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + k + 1));
    const __m256i v2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + k + 2));
    const __m256i lf0 = _mm256_cmpeq_epi8(v0, lf);
    const __m256i bare_lf = _mm256_andnot_si256(_mm256_cmpeq_epi8(vm1, cr), lf0);
    const __m256i quiet = _mm256_andnot_si256(_mm256_cmpeq_epi8(v2, dot), _mm256_cmpeq_epi8(v1, lf));
    const __m256i cr_hit = _mm256_andnot_si256(quiet, _mm256_cmpeq_epi8(v0, cr));
    m.hits |= bits(_mm256_movemask_epi8(_mm256_or_si256(bare_lf, cr_hit)), k);
    m.lf |= bits(_mm256_movemask_epi8(lf0), k);
    m.high |= bits(_mm256_movemask_epi8(v0), k);
    m.zero |= bits(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v0, _mm256_setzero_si256())), k);
  }
  return m;
}

// One vector per block; masked comparisons fold the ANDs in.
__attribute__((target("avx512f,avx512bw"))) inline block_masks block_avx512(const uchar* p) noexcept {
  const __m512i cr = _mm512_set1_epi8('\r'), lf = _mm512_set1_epi8('\n'), dot = _mm512_set1_epi8('.');
  const __m512i v0 = _mm512_loadu_si512(p);
  const __mmask64 lf0 = _mm512_cmpeq_epi8_mask(v0, lf);
  const __mmask64 bare_lf = _mm512_mask_cmpneq_epi8_mask(lf0, _mm512_loadu_si512(p - 1), cr);
  const __mmask64 cr0 = _mm512_cmpeq_epi8_mask(v0, cr);
  const __mmask64 cr_no_lf = _mm512_mask_cmpneq_epi8_mask(cr0, _mm512_loadu_si512(p + 1), lf);
  const __mmask64 cr_dot = _mm512_mask_cmpeq_epi8_mask(cr0, _mm512_loadu_si512(p + 2), dot);
  return {_cvtmask64_u64(bare_lf) | _cvtmask64_u64(cr_no_lf) | _cvtmask64_u64(cr_dot), _cvtmask64_u64(lf0),
          _cvtmask64_u64(_mm512_movepi8_mask(v0)), _cvtmask64_u64(_mm512_testn_epi8_mask(v0, v0))};
}

// The loop every vector path shares; Block computes one block's masks. Inlined into each
// path's function, so Block is compiled for that path's instruction set.
template <block_masks (*Block)(const uchar*)>
__attribute__((always_inline)) inline const uchar* scan_blocks(const uchar* p, const uchar* pe, line_state& s) noexcept {
  if (s.next_limit < 64) return scan_portable(p, pe, s);  // lines might cross inside a block
  if (p == pe || prologue(p, pe, s)) return p;
  block_lines lines(s);
  std::uint64_t high = 0, zero = 0;
  while (p < pe) {
    const auto n = static_cast<std::size_t>(pe - p);
    block_masks m;
    if (n >= 66) {
      m = Block(p);
    } else {
      // The last octets, from a copy padded with '.': an undecided CR (its LF or the octet
      // after that not there yet) is then a hit, and a hit forced at pe stops the block.
      uchar buf[67];
      buf[0] = p[-1];
      std::memcpy(buf + 1, p, n);
      std::memset(buf + 1 + n, '.', 66 - n);
      m = Block(buf + 1);
      if (n < 64) m.hits = (m.hits & ((std::uint64_t{1} << n) - 1)) | std::uint64_t{1} << n;
    }
    const int q = block_stop(m.hits, m.lf, lines);
    if (q < 64) {  // only the octets before the stop are accounted
      const std::uint64_t before = q > 0 ? ~std::uint64_t{0} >> (64 - q) : 0;
      high |= m.high & before;
      zero |= m.zero & before;
      p += q;
      break;
    }
    high |= m.high;
    zero |= m.zero;
    p += 64;
  }
  lines.store(s);
  if (high) s.or_bits = static_cast<uchar>(s.or_bits | 0x80);
  if (zero) s.nul = true;
  return p;
}

const uchar* scan_sse2(const uchar* p, const uchar* pe, line_state& s) noexcept {
  return scan_blocks<block_sse2>(p, pe, s);
}
__attribute__((target("avx2"))) const uchar* scan_avx2(const uchar* p, const uchar* pe, line_state& s) noexcept {
  return scan_blocks<block_avx2>(p, pe, s);
}
__attribute__((target("avx512f,avx512bw"))) const uchar* scan_avx512(const uchar* p, const uchar* pe,
                                                                   line_state& s) noexcept {
  return scan_blocks<block_avx512>(p, pe, s);
}

#endif  // SMTPCODEC_SCAN_X86

using scan_fn = const uchar* (*)(const uchar*, const uchar*, line_state&) noexcept;

const uchar* scan_first_call(const uchar* p, const uchar* pe, line_state& s) noexcept;

std::atomic<scan_fn> g_scan{&scan_first_call};

scan_fn function_of(scan_path path) noexcept {
  switch (path) {
    case scan_path::none: return &scan_none;
    case scan_path::portable: return &scan_portable;
#if SMTPCODEC_SCAN_X86
    case scan_path::sse2: return &scan_sse2;
    case scan_path::avx2: return &scan_avx2;
    case scan_path::avx512: return &scan_avx512;
#else
    case scan_path::sse2:
    case scan_path::avx2:
    case scan_path::avx512: break;
#endif
  }
  return &scan_portable;
}

const uchar* scan_first_call(const uchar* p, const uchar* pe, line_state& s) noexcept {
  reset_scan_path();
  return g_scan.load(std::memory_order_relaxed)(p, pe, s);
}

}  // namespace

namespace scan_state {
std::atomic<scan_path> path{scan_path::portable};
std::atomic<bool> chosen{false};
}  // namespace scan_state

const unsigned char* scan_text(const unsigned char* p, const unsigned char* pe, line_state& s) noexcept {
  return g_scan.load(std::memory_order_relaxed)(p, pe, s);
}

bool scan_path_available(scan_path path) noexcept {
  switch (path) {
    case scan_path::none:
    case scan_path::portable: return true;
#if SMTPCODEC_SCAN_X86
    case scan_path::sse2: return true;  // part of x86-64; checked for 32-bit builds
    case scan_path::avx2:
      __builtin_cpu_init();
      // BMI1/2 and POPCNT for the command parser's vector lane (src/command_lane.cpp); every
      // AVX2 CPU but the rarest has them, a hypervisor may hide them.
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
             __builtin_cpu_supports("popcnt");
    case scan_path::avx512:
      __builtin_cpu_init();
      // BMI1/2 for the command parser's vector lane (src/command_lane.cpp); every AVX-512 CPU
      // has them, a hypervisor may hide them.
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
#else
    case scan_path::sse2:
    case scan_path::avx2:
    case scan_path::avx512: return false;
#endif
  }
  return false;
}

bool force_scan_path(scan_path path) noexcept {
  if (!scan_path_available(path)) return false;
  scan_state::path.store(path, std::memory_order_relaxed);
  g_scan.store(function_of(path), std::memory_order_relaxed);
  scan_state::chosen.store(true, std::memory_order_relaxed);
  return true;
}

void reset_scan_path() noexcept {
  for (scan_path p : {scan_path::avx512, scan_path::avx2, scan_path::sse2, scan_path::portable})
    if (force_scan_path(p)) return;
}

const char* to_string(scan_path path) noexcept {
  switch (path) {
    case scan_path::none: return "none";
    case scan_path::portable: return "portable";
    case scan_path::sse2: return "sse2";
    case scan_path::avx2: return "avx2";
    case scan_path::avx512: return "avx512";
  }
  return "portable";
}

}  // namespace smtpcodec::detail
