// The vectorised scan that lets the DATA codecs run near memory speed, and the per-line
// bookkeeping every body codec shares.
//
// How it fits the Ragel machine (ragel/dot_unstuff.rl, grammar in
// ragel/common/rfc5321_data.rl): the machine defines the structure of a body, byte by
// byte. Almost all bytes take the machine around one loop, text -> text on an ordinary
// octet, or text -CR-> cr -LF-> start -octet-> text on a line end followed by an ordinary
// octet, with no action but counting. scan_text() crosses any stretch of such bytes at
// once, does the counting itself, and stops in front of the first byte where the machine
// could do anything else. The machine then takes that byte; its actions are the only
// place where content is cut, dots dropped, markers found and errors raised. Turn the scan
// off (scan_path::none) and the machine alone gives the same results; the tests check
// that on every path and every chunking.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "smtpcodec/dot_stuffing.hpp"

namespace smtpcodec::detail {

inline constexpr std::size_t no_limit = SIZE_MAX;

/// Returns the first position q in [p, pe) where the machine, in its `text` state at p,
/// could do more than count, or pe if there is none:
///   (a) *q is LF (a bare LF: an LF after a CR is passed over together with it);
///   (b) *q is CR and q + 1 == pe or q[1] != LF            (bare CR, or undecided);
///   (c) *q is CR, q[1] == LF and q + 2 == pe or q[2] == '.' (a line starting with a dot,
///       perhaps the end-of-data marker, or undecided);
///   (d) the octet at q makes the line longer than s.limit (s.line_len == s.limit before
///       it); when that octet is the LF of a CRLF, q is the CR.
/// Precondition: the octet before p, if any, is neither CR nor LF (the machine is in `text`).
/// Every octet in [p, q) is accounted in s: line_len (reset after each CRLF, when limit
/// becomes next_limit), or_bits and nul. Reads only [p, pe). Same answer on every path.
const unsigned char* scan_text(const unsigned char* p, const unsigned char* pe, line_state& s) noexcept;

enum class scan_path : std::uint8_t {
  none = 0,      ///< no scan: scan_text returns p, the machine takes every byte
  portable = 1,  ///< 8 bytes at a time in a uint64_t (any CPU)
  sse2 = 2,      ///< 64-byte blocks, 16-byte vectors (x86-64 baseline)
  avx2 = 3,      ///< 64-byte blocks, 32-byte vectors (and BMI1/2)
  avx512 = 4,    ///< 64-byte blocks, one 64-byte vector (AVX-512BW) and mask registers (and BMI1/2)
};

namespace scan_state {
/// The path in use, once one is chosen (`chosen`): the first use picks the best for the
/// CPU. Read inline because the command lane asks on every line.
extern std::atomic<scan_path> path;
extern std::atomic<bool> chosen;
}  // namespace scan_state

/// Whether this build and CPU can run `path`.
bool scan_path_available(scan_path path) noexcept;
/// For tests and benchmarks: use `path` (if available; returns whether it was). Global,
/// not meant to change while other threads decode.
bool force_scan_path(scan_path path) noexcept;
/// Back to the best path for this CPU (AVX-512BW, else AVX2, else SSE2, else portable).
void reset_scan_path() noexcept;
/// The path scan_text uses now.
inline scan_path active_scan_path() noexcept {
  if (!scan_state::chosen.load(std::memory_order_relaxed)) [[unlikely]]
    reset_scan_path();
  return scan_state::path.load(std::memory_order_relaxed);
}
/// "none", "portable", "sse2", "avx2" or "avx512".
const char* to_string(scan_path path) noexcept;

// ---- line bookkeeping shared by the unstuffer, the stuffer and the BDAT reader ----------

/// Sets the thresholds: RFC 5321 4.5.3.1.6's 1000 octets (lines over it are counted) and
/// `max_line_length` (0: none; lines over it are refused). Starts a line.
inline void init_lines(line_state& s, std::size_t max_line_length) noexcept {
  s = line_state{};
  s.refuse = max_line_length ? max_line_length : no_limit;
  const std::size_t a = rfc5321_max_text_line, b = s.refuse;
  s.next_limit = a < b ? a : b;
  s.second = a == b ? no_limit : (a < b ? b : a);
  s.limit = s.next_limit;
}

/// The line just passed s.limit: counts a long line, raises the limit. Returns true when
/// the refusal threshold was passed.
inline bool cross_limit(line_state& s, body_stats& stats) noexcept {
  const std::size_t at = s.limit;
  if (at == rfc5321_max_text_line) ++stats.long_lines;
  s.limit = at == s.next_limit ? s.second : no_limit;
  return at == s.refuse;
}

/// Counts one octet of the current line; returns true if it passed the refusal threshold.
inline bool count_octet(line_state& s, body_stats& stats, unsigned char c) noexcept {
  bool refused = false;
  if (s.line_len == s.limit) refused = cross_limit(s, stats);
  ++s.line_len;
  s.or_bits = static_cast<unsigned char>(s.or_bits | c);
  if (c == 0) s.nul = true;
  return refused;
}

inline void end_line(line_state& s) noexcept {
  s.line_len = 0;
  s.limit = s.next_limit;
}

/// Copies what the scan accumulated into the public stats.
inline void sync_stats(const line_state& s, body_stats& stats) noexcept {
  if (s.or_bits & 0x80) stats.eight_bit = true;
  if (s.nul) stats.nul = true;
}

}  // namespace smtpcodec::detail
