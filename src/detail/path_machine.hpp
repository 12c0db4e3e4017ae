// Wrapper for the generated path machine (ragel/path.rl; grammar in ragel/common/rfc5321.rl
// and ragel/common/rfc6531.rl), plus the entry points the command parser shares with
// parse_path(): a path at the start of a longer argument, and the EHLO/HELO domain.
//
// The machine always runs the SMTPUTF8 grammar (RFC 6531 3.3). Whether non-ASCII is
// permitted at all is decided by the host (src/address.cpp) with a separate byte scan, so
// that "UTF-8 without SMTPUTF8" is reported as utf8_not_permitted wherever it occurs, not
// as whatever grammar error it happens to cause. The machine records one offset (the '@'
// that ends the local part); everything else is derived from the matched text afterwards,
// so the per-byte loop carries no actions.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "detail/swar.hpp"
#include "smtpcodec/address.hpp"

namespace smtpcodec::detail {

/// Which rule a run matches.
enum class path_rule : std::uint8_t {
  path,        ///< Reverse-path / Forward-path / "<Postmaster>"; stops right after the '>'
  mailbox,     ///< Mailbox, the whole input
  domain,      ///< Domain / address-literal, the whole input (EHLO, the writer)
  local_part,  ///< Local-part, the whole input (decode_local_part)
  dot_string,  ///< Dot-string, the whole input (the writer's choice of form)
};

struct path_scan {
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  /// path: the input starts with a complete path (stop is its length); other rules: the
  /// whole input matched.
  bool accepted = false;
  /// Accepted path: just after its '>'. Otherwise where the machine gave up (the input
  /// size if it ran out).
  std::size_t stop = 0;
  /// Offset of the '@' between Local-part and domain (path and mailbox rules), if reached.
  std::size_t at = npos;

  /// Runs the machine over [bytes, bytes + len) from `rule`'s start. Never reads outside it;
  /// the path rule reads nothing after the closing '>'.
  void run(path_rule rule, const unsigned char* bytes, std::size_t len) noexcept;

  /// The path run_fast accepted holds a byte >= 0x80 (well-formed UTF-8, RFC 6531 3.3).
  bool non_ascii = false;
  /// Its domain holds a "-" (else it cannot hold an A-label, RFC 5890 2.3.2.1).
  bool domain_hyphen = false;

  /// Fast path for the shapes nearly every path has: "<>", and "<" Local-part "@" domain ">"
  /// with a Dot-string or Quoted-string local part and a Domain or IPv4 address literal,
  /// UTF-8 where RFC 6531 3.3 puts it (atext, qtextSMTP, U-labels by shape), sets
  /// `non_ascii` when there is any. One table look-up per byte instead of the machine's
  /// comparison trees. It only ever accepts, with the same `at` and `stop` the path rule
  /// would give; on anything else (source routes, "<Postmaster>", IPv6 and General
  /// literals, every error) it returns false and the caller runs the machine, which stays
  /// the authority. fuzz/fuzz_path.cpp checks that whatever this accepts, the machine
  /// accepts identically. Measured in bench/path_bench.cpp and bench/command_bench.cpp.
  /// `before`: how many bytes before `bytes` may be read too (the command line's), which
  /// spares the vector recogniser a copy near the end of the input; nothing is read outside
  /// [bytes - before, bytes + len).
  [[nodiscard]] bool run_fast(const unsigned char* bytes, std::size_t len, std::size_t before = 0) noexcept;
};

// Character classes of RFC 5321 4.1.2 for the fast path (ASCII only).
inline constexpr unsigned char class_atext = 1;    // atext (RFC 5322 3.2.3)
inline constexpr unsigned char class_let_dig = 2;  // Let-dig
inline constexpr unsigned char class_ldh = 4;      // Let-dig / "-"
inline constexpr unsigned char class_qtext = 8;    // qtextSMTP
inline constexpr auto path_char_class = [] {
  std::array<unsigned char, 256> t{};
  for (int c = 0x20; c <= 0x7e; ++c)
    if (c != '"' && c != '\\') t[static_cast<std::size_t>(c)] |= class_qtext;
  for (const char c : std::string_view("!#$%&'*+-/=?^_`{|}~")) t[static_cast<unsigned char>(c)] |= class_atext;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] |= class_atext | class_let_dig | class_ldh;
  for (int c = 'A'; c <= 'Z'; ++c) {
    t[static_cast<std::size_t>(c)] |= class_atext | class_let_dig | class_ldh;
    t[static_cast<std::size_t>(c + 32)] |= class_atext | class_let_dig | class_ldh;
  }
  t['-'] |= class_ldh;
  return t;
}();

/// The length of the well-formed UTF-8 character (RFC 3629 4) at p, whose first byte is
/// >= 0x80, with n bytes available; 0 when it is ill-formed or cut short. The lead byte
/// fixes the length and the range of the first continuation byte, which is where
/// overlongs, surrogates and code points above U+10FFFF are excluded.
[[nodiscard]] inline std::size_t utf8_char_length(const unsigned char* p, std::size_t n) noexcept {
  const unsigned char c = p[0];
  std::size_t tail = 0;
  unsigned char lo = 0x80, hi = 0xbf;
  if (c < 0xc2) return 0;  // a continuation byte, or C0/C1 (overlong)
  if (c <= 0xdf) {
    tail = 1;
  } else if (c <= 0xef) {
    tail = 2;
    if (c == 0xe0) lo = 0xa0;  // overlong
    if (c == 0xed) hi = 0x9f;  // surrogates
  } else if (c <= 0xf4) {
    tail = 3;
    if (c == 0xf0) lo = 0x90;  // overlong
    if (c == 0xf4) hi = 0x8f;  // above U+10FFFF
  } else {
    return 0;
  }
  if (n - 1 < tail || p[1] < lo || p[1] > hi) return 0;
  for (std::size_t k = 2; k <= tail; ++k)
    if ((p[k] & 0xc0) != 0x80) return 0;
  return tail + 1;
}

// The dotted forms of RFC 5321 4.1.2, Dot-string (Atom *("." Atom)) and Domain
// (sub-domain *("." sub-domain), a sub-domain starting and ending with a Let-dig), scanned
// by one loop each: every byte is classed as a part (0: atext / Let-dig), "-" (1, Domain
// only), "." (2) or an end (3), and what may not stand next to what is one bit test per
// byte, not a branch per token (the token ends were where the time went: branch misses).
inline constexpr unsigned char dot_part = 0, dot_hyphen = 1, dot_dot = 2, dot_end = 3;
// Bit (prev * 4 + cur) is set where `cur` may not follow `prev`: "." after "." or "-",
// "-" after "." (the start counts as a "."; the last byte is checked by the caller).
inline constexpr unsigned dotted_bad_pairs =
    (1U << (dot_hyphen * 4 + dot_dot)) | (1U << (dot_dot * 4 + dot_hyphen)) | (1U << (dot_dot * 4 + dot_dot));
inline constexpr auto dot_string_class = [] {
  std::array<unsigned char, 256> t{};
  for (std::size_t c = 0; c < 256; ++c) t[c] = (path_char_class[c] & class_atext) != 0 ? dot_part : dot_end;
  t['.'] = dot_dot;
  return t;
}();
inline constexpr auto domain_class = [] {
  std::array<unsigned char, 256> t{};
  for (std::size_t c = 0; c < 256; ++c) t[c] = (path_char_class[c] & class_let_dig) != 0 ? dot_part : dot_end;
  t['-'] = dot_hyphen;
  t['.'] = dot_dot;
  return t;
}();

/// The dotted form (`cls`: dot_string_class or domain_class) starting at b[i]: the offset
/// just past it, where a byte that cannot continue it stands (or len); path_scan::npos
/// when none starts there or it ends badly (empty, a "." at either end, "..", a label
/// with "-" at an end). With `utf8`, a well-formed UTF-8 character counts as a part (RFC
/// 6531 3.3: atext =/ UTF8-non-ascii; U-labels by shape) and sets `non_ascii`. Sets
/// `hyphen` when it passed a "-". Fast path only: the machine stays the authority.
[[nodiscard]] inline std::size_t scan_dotted_fast(const std::array<unsigned char, 256>& cls, const unsigned char* b,
                                                  std::size_t i, std::size_t len, bool utf8, bool& non_ascii,
                                                  bool& hyphen) noexcept {
  unsigned prev = dot_dot;
  unsigned bad = 0;
  for (;;) {
    // A run of letters and digits (a part in both forms) up to eight bytes at a time, then
    // the byte that ended it on its own.
    while (len - i >= 8) {
      const std::size_t k = swar::let_dig_prefix(b + i);
      if (k != 0) prev = dot_part;
      i += k;
      if (k < 8) break;
    }
    if (i == len) break;
    const unsigned cur = cls[b[i]];
    if (cur != dot_end) {
      bad |= dotted_bad_pairs >> (prev * 4 + cur);
      hyphen |= cur == dot_hyphen;
      prev = cur;
      ++i;
      continue;
    }
    if (b[i] < 0x80 || !utf8) break;
    const std::size_t n = utf8_char_length(b + i, len - i);
    if (n == 0) return path_scan::npos;
    non_ascii = true;
    prev = dot_part;
    i += n;
  }
  if ((bad & 1U) != 0 || prev != dot_part) return path_scan::npos;
  return i;
}

/// The Domain starting at b[i] (scan_dotted_fast with domain_class). Address literals are
/// not recognised here.
[[nodiscard]] inline std::size_t scan_domain_fast(const unsigned char* b, std::size_t i, std::size_t len, bool utf8,
                                                  bool& non_ascii, bool& hyphen) noexcept {
  return scan_dotted_fast(domain_class, b, i, len, utf8, non_ascii, hyphen);
}

/// RFC 5321 4.1.3: IPv4-address-literal = Snum 3("." Snum), Snum 1*3DIGIT up to 255, at
/// b[i]: the offset just past it, or path_scan::npos.
[[nodiscard]] inline std::size_t scan_ipv4_fast(const unsigned char* b, std::size_t i, std::size_t len) noexcept {
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i == len || b[i] != '.') return path_scan::npos;
      ++i;
    }
    unsigned value = 0;
    std::size_t digits = 0;
    while (i < len && b[i] >= '0' && b[i] <= '9' && digits < 4) value = value * 10 + static_cast<unsigned>(b[i++] - '0'), ++digits;
    if (digits == 0 || digits > 3 || value > 255) return path_scan::npos;
  }
  return i;
}

/// The plain path "<" Dot-string "@" Domain ">", all ASCII and within 64 bytes, recognised
/// from character-class bit masks (src/command_vector.cpp, AVX2) instead of byte loops: true
/// with the offsets of its "@" and just past its ">", and whether its domain holds a "-".
/// False for anything else, and where the CPU lacks AVX2 or detail::force_scan_path chose a
/// path below avx2: then run_fast's loops decide. Never reads outside [b - before, b + len).
[[nodiscard]] bool match_plain_path_vector(const unsigned char* b, std::size_t len, std::size_t before,
                                           std::size_t& at_out, std::size_t& stop_out, bool& hyphen_out) noexcept;

inline bool path_scan::run_fast(const unsigned char* b, std::size_t len, std::size_t before) noexcept {
  const auto& cls = path_char_class;
  if (len < 2 || b[0] != '<') return false;
  if (b[1] == '>') {  // "<>", RFC 5321 4.5.5
    stop = 2;
    at = npos;
    non_ascii = false;
    domain_hyphen = false;
    return accepted = true;
  }
  bool utf8 = false;
  bool hyphen = false;
  if (b[1] != '"' && match_plain_path_vector(b, len, before, at, stop, hyphen)) {
    non_ascii = false;
    domain_hyphen = hyphen;
    return accepted = true;
  }
  std::size_t i = 1;
  if (b[1] == '"') {
    // Quoted-string = DQUOTE *QcontentSMTP DQUOTE; quoted-pairSMTP = "\" %d32-126.
    for (++i;;) {
      if (i == len) return false;
      const unsigned char c = b[i];
      if ((cls[c] & class_qtext) != 0) {
        ++i;
      } else if (c == '"') {
        ++i;
        break;
      } else if (c == '\\') {
        if (len - i < 2 || b[i + 1] < 0x20 || b[i + 1] > 0x7e) return false;
        i += 2;
      } else if (c >= 0x80) {
        const std::size_t n = utf8_char_length(b + i, len - i);
        if (n == 0) return false;
        utf8 = true;
        i += n;
      } else {
        return false;
      }
    }
  } else {
    // Dot-string = Atom *("." Atom); Atom = 1*atext
    bool unused = false;  // no "-" class in a Dot-string
    i = scan_dotted_fast(dot_string_class, b, 1, len, true, utf8, unused);
    if (i == npos) return false;
  }
  if (i == len || b[i] != '@') return false;
  const std::size_t at_sign = i++;
  if (i < len && b[i] == '[') {
    i = scan_ipv4_fast(b, i + 1, len);
    if (i == npos || i == len || b[i] != ']') return false;
    ++i;
  } else {
    i = scan_domain_fast(b, i, len, true, utf8, hyphen);
  }
  if (i == npos || i == len || b[i] != '>') return false;
  at = at_sign;
  stop = i + 1;
  non_ascii = utf8;
  domain_hyphen = hyphen;
  return accepted = true;
}

/// Offset of the first byte >= 0x80 in [p, p + n), or path_scan::npos. Eight bytes at a
/// time: almost every address is ASCII.
[[nodiscard]] inline std::size_t find_non_ascii(const unsigned char* p, std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    if ((w & 0x8080808080808080ULL) != 0) break;
  }
  for (; i < n; ++i)
    if (p[i] >= 0x80) return i;
  return path_scan::npos;
}

[[nodiscard]] inline std::size_t find_non_ascii(std::string_view s) noexcept {
  return find_non_ascii(reinterpret_cast<const unsigned char*>(s.data()), s.size());
}

/// True when `label` starts with the ACE prefix "xn--" in any case (RFC 5890 2.3.2.1): an
/// A-label, if it is valid.
[[nodiscard]] constexpr bool has_ace_prefix(std::string_view label) noexcept {
  return label.size() >= 4 && (label[0] | 0x20) == 'x' && (label[1] | 0x20) == 'n' && label[2] == '-' &&
         label[3] == '-';
}

/// True when some label of `domain` starts with "xn--" in any case (RFC 5890 2.3.2.1's ACE
/// prefix): an IDN written with A-labels.
[[nodiscard]] inline bool has_a_label(std::string_view domain) noexcept {
  // One pass, no library calls: domains are short, and memchr's set-up cost more than this.
  for (std::size_t i = 0; i + 4 <= domain.size(); ++i)
    if (domain[i + 3] == '-' && domain[i + 2] == '-' && (i == 0 || domain[i - 1] == '.') &&
        has_ace_prefix(domain.substr(i, 4)))
      return true;
  return false;
}

/// Parses a Reverse-path / Forward-path (or "<>" / "<Postmaster>" as `opt` allows) at the
/// start of `in` and stops right after its closing '>': bytes after it are not examined.
/// On success `path_length` is the path's length; parse_path() is this plus "nothing
/// after". Errors and offsets as parse_path(). Allocates only for libidn2's U-label check.
[[nodiscard]] parse_result<path_view> parse_path_prefix(std::string_view in, const path_options& opt,
                                                        std::size_t& path_length) noexcept;

/// For a path matched by a larger machine (the command line's, which runs this grammar in
/// the same pass): `path` is exactly the "<...>" it matched, `at` its mailbox '@' (npos
/// for "<>" / "<Postmaster>"). Fills `out` as parse_path_prefix would and returns true when
/// every policy of `opt` holds; returns false when any does not ("<>" or "<Postmaster>"
/// where not allowed, UTF-8 without opt.allow_utf8, a length limit, an invalid U-label),
/// and the caller runs parse_path_prefix, which reports the precise error.
[[nodiscard]] bool accept_matched_path(std::string_view path, std::size_t at, const path_options& opt,
                                       path_view& out) noexcept;

/// Checks an EHLO/HELO argument: Domain / address-literal (RFC 5321 4.1.1.1), at most
/// 255 octets (4.5.3.1.2), U-labels only if `allow_utf8` (RFC 6531 3.3; IDNA2008-checked).
/// Sets `kind` on success. Errors: invalid_domain, utf8_not_permitted, invalid_utf8,
/// invalid_u_label.
[[nodiscard]] errc validate_helo_domain(std::string_view arg, bool allow_utf8, literal_kind& kind) noexcept;

/// The kind of a domain the machine accepted: a Domain, or "[...]" of one of the forms.
[[nodiscard]] literal_kind classify_domain(std::string_view domain) noexcept;

/// Offset in `domain` (a Domain the machine accepted) of the first label holding non-ASCII
/// that is not a valid IDNA2008 U-label (libidn2 lookup rules, no UTS #46 mapping), or
/// path_scan::npos when all are valid. Allocates inside libidn2 only.
[[nodiscard]] std::size_t find_invalid_u_label(std::string_view domain) noexcept;

}  // namespace smtpcodec::detail
