// Command line framing (RFC 5321 2.3.8, 4.5.3.1.4): memchr for the line end, then the
// bare CR / bare LF policy (line_ending.hpp).
#include "smtpcodec/line_reader.hpp"

#include <cstring>

#include "detail/byte_scan.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define SMTPCODEC_LINE_AVX2 1
#endif

namespace smtpcodec {
namespace {

const char* find_byte(const char* p, std::size_t n, char c) noexcept {
  return n ? static_cast<const char*>(std::memchr(p, c, n)) : nullptr;
}

// Under normalize a bare CR ends a line too: the first CR or LF.
const char* find_line_end(const char* p, std::size_t n, bare_eol_policy policy) noexcept {
  const char* lf = find_byte(p, n, '\n');
  if (policy != bare_eol_policy::normalize) return lf;
  const char* cr = find_byte(p, lf ? static_cast<std::size_t>(lf - p) : n, '\r');
  return cr ? cr : lf;
}

// The first CR or LF in [p, p + n), or nullptr: one pass where memchr for LF and then for a
// CR inside the line would take two. 32 bytes at a time with AVX2 where the CPU has it
// (picked once), 16 with SSE2 (every x86-64), else a byte at a time.
const char* find_cr_or_lf_bytes(const char* p, std::size_t i, std::size_t n) noexcept {
  for (; i < n; ++i)
    if (p[i] == '\r' || p[i] == '\n') return p + i;
  return nullptr;
}

#if SMTPCODEC_LINE_AVX2
const char* find_cr_or_lf_sse2(const char* p, std::size_t n) noexcept {
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const auto hits = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf))));
    if (hits != 0) return p + i + __builtin_ctz(hits);
  }
  return find_cr_or_lf_bytes(p, i, n);
}

__attribute__((target("avx2"))) const char* find_cr_or_lf_avx2(const char* p, std::size_t n) noexcept {
  const __m256i cr = _mm256_set1_epi8('\r');
  const __m256i lf = _mm256_set1_epi8('\n');
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    const auto hits =
        static_cast<unsigned>(_mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(v, cr), _mm256_cmpeq_epi8(v, lf))));
    if (hits != 0) return p + i + __builtin_ctz(hits);
  }
  if (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const auto hits = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')))));
    if (hits != 0) return p + i + __builtin_ctz(hits);
    i += 16;
  }
  return find_cr_or_lf_bytes(p, i, n);
}

#endif

// The path is the one the DATA codecs use (detail::active_scan_path: picked for this CPU on
// first use, chosen by tests with force_scan_path), so every variant is tested; no static
// initialiser is involved, so a line_reader works from another one's too.
const char* find_cr_or_lf(const char* p, std::size_t n) noexcept {
#if SMTPCODEC_LINE_AVX2
  const detail::scan_path path = detail::active_scan_path();
  if (path >= detail::scan_path::avx2) return find_cr_or_lf_avx2(p, n);
  if (path >= detail::scan_path::sse2) return find_cr_or_lf_sse2(p, n);
#endif
  return find_cr_or_lf_bytes(p, 0, n);
}

}  // namespace

line_event line_reader::next(std::string_view in) noexcept {
  line_event ev;
  const char* const base = in.data();
  const std::size_t max = opt_.max_line_length < 3 ? 3 : opt_.max_line_length;

  if (skipping_) {
    // The rest of an over-long line, already answered with line_too_long.
    const char* end = find_line_end(base, in.size(), opt_.bare_eol);
    if (!end) {
      ev.consumed = in.size();
      return ev;
    }
    skipping_ = false;
    std::size_t skipped = static_cast<std::size_t>(end - base) + 1;
    if (*end == '\r') {  // normalize: CR, and its LF if one follows
      if (skipped == in.size()) {
        skipping_ = true;  // decide on the next call
        ev.consumed = skipped - 1;
        return ev;
      }
      if (base[skipped] == '\n') ++skipped;
    }
    line_event rest = next(in.substr(skipped));
    rest.consumed += skipped;
    return rest;
  }

  // A line holds at most max - 2 octets before its CRLF, so the end of any acceptable
  // line lies within the first `max` bytes.
  const std::size_t window = in.size() < max ? in.size() : max;

  // The common case under every policy: the first CR or LF is the CR of a CRLF inside the
  // window (so the line is not too long), and the line holds no bare CR or LF. One pass
  // instead of the general path's memchr for LF and again for CR; anything else goes on
  // to the general path, which would give the same answer here.
  if (const char* q = find_cr_or_lf(base, window); q != nullptr && *q == '\r') {
    const auto at = static_cast<std::size_t>(q - base);
    if (at + 1 < window && base[at + 1] == '\n') {
      ev.consumed = at + 2;
      ev.kind = line_event::kind_t::line;
      ev.line = {base, at};
      return ev;
    }
  }
  const char* end = find_line_end(base, window, opt_.bare_eol);
  if (!end) {
    if (in.size() < max) return ev;  // need more
    // No line end within the limit: refuse now, skip the rest of the line as it arrives.
    ev.kind = line_event::kind_t::error;
    ev.error = errc::line_too_long;
    ev.consumed = window;
    skipping_ = true;
    return ev;
  }

  const auto at = static_cast<std::size_t>(end - base);
  if (*end == '\r') {
    // normalize only: CRLF, or a bare CR taken as the CRLF the client meant.
    if (at + 1 == in.size()) return ev;  // cannot tell yet whether LF follows
    const bool crlf = base[at + 1] == '\n';
    ev.consumed = at + (crlf ? 2 : 1);
    if (at + 2 > max) {
      ev.kind = line_event::kind_t::error;
      ev.error = errc::line_too_long;
      return ev;
    }
    ev.kind = line_event::kind_t::line;
    ev.line = {base, at};
    ev.bare_eol_seen = !crlf;
    return ev;
  }

  const bool crlf = at > 0 && base[at - 1] == '\r';
  const std::size_t content = crlf ? at - 1 : at;
  ev.consumed = at + 1;
  if (content + 2 > max) {
    ev.kind = line_event::kind_t::error;
    ev.error = errc::line_too_long;
    return ev;
  }
  // RFC 5321 2.3.8: CR and LF only as CRLF. A CR elsewhere in the line is a bare CR.
  const bool bare_cr = find_byte(base, content, '\r') != nullptr;
  if (!crlf || bare_cr) {
    if (opt_.bare_eol == bare_eol_policy::reject) {
      ev.kind = line_event::kind_t::error;
      ev.error = bare_cr ? errc::bare_cr : errc::bare_lf;
      return ev;
    }
    ev.bare_eol_seen = true;  // accept: LF ends the line, a lone CR stays in it
  }
  ev.kind = line_event::kind_t::line;
  ev.line = {base, content};
  return ev;
}

}  // namespace smtpcodec
