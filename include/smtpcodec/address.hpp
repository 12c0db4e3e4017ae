// File: address.hpp
//
// Reverse-path and forward-path (RFC 5321 4.1.2), with SMTPUTF8 mailboxes (RFC 6531 3.3),
// address literals (RFC 5321 4.1.3), the length limits of RFC 5321 4.5.3.1, and the
// reverse direction: a writer that always produces a path the parser accepts back.
//
//   smtpcodec::path_options opt;                 // reverse-path, ASCII only
//   auto r = smtpcodec::parse_path("<\"john doe\"@[IPv6:2001:db8::1]>", opt);
//   if (r) {
//     r.value.mailbox.local_part;   // "\"john doe\""   (as on the wire)
//     r.value.mailbox.domain;       // "[IPv6:2001:db8::1]"
//     r.value.mailbox.literal;      // literal_kind::ipv6
//   }
//
// Lifetime: every view in path_view / mailbox_view points into the string passed to
// parse_path(); keep those bytes alive and unchanged while you use the result.
// Parsing allocates nothing, except the IDNA2008 check of U-labels (libidn2) when a
// domain is non-ASCII and path_options::check_u_labels is on.
//
// Errors: a failed parse reports the earliest problem in the input, at the offset where a
// parser applying every rule at once would give up: a grammar error where the grammar
// fails, a length limit at the first octet past it, utf8_not_permitted at the first
// non-ASCII byte, invalid_utf8 at the first byte of the ill-formed sequence (the offset
// validate_utf8() reports). error_offset counts from the start of the input;
// parse_result::context stays reply_context::generic (the command parser sets it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "smtpcodec/error.hpp"
#include "smtpcodec/export.hpp"
#include "smtpcodec/result.hpp"

namespace smtpcodec {

/// The length limits of RFC 5321 4.5.3.1, in octets. Configurable; a server may raise
/// them (RFC 5321 4.5.3.1: "objects ... larger than these should be avoided").
struct address_limits {
  std::size_t max_local_part = 64;   // 4.5.3.1.1
  std::size_t max_domain = 255;      // 4.5.3.1.2
  std::size_t max_path = 256;        // 4.5.3.1.3, counted with the angle brackets
};

/// How the domain part of a mailbox is written.
enum class literal_kind : std::uint8_t {
  none = 0,     ///< a Domain (dot-separated labels)
  ipv4 = 1,     ///< [1.2.3.4]
  ipv6 = 2,     ///< [IPv6:...] in any form of RFC 5321 4.1.3, incl. IPv4-compatible
  general = 3,  ///< [tag:content], General-address-literal
};

/// "ipv4", "ipv6", "general", or "" for none.
[[nodiscard]] SMTPCODEC_API std::string_view to_string(literal_kind k) noexcept;

/// Mailbox = Local-part "@" ( Domain / address-literal ).
struct mailbox_view {
  /// As on the wire: a Quoted-string keeps its quotes and backslashes.
  std::string_view local_part;
  /// The Domain, or the address literal with its brackets. Empty for <Postmaster>.
  std::string_view domain;
  literal_kind literal = literal_kind::none;
  /// The local part is a Quoted-string.
  bool quoted = false;
  /// Local part or domain holds UTF-8 (only possible with path_options::allow_utf8).
  bool utf8 = false;
  /// The domain holds at least one A-label ("xn--") or U-label.
  bool idn = false;
};

/// Reverse-path / Forward-path.
struct path_view {
  /// The whole path as on the wire, angle brackets included.
  std::string_view text;
  /// "<>": the null reverse-path (RFC 5321 4.5.5).
  bool null = false;
  /// "<Postmaster>" (any case) without a domain (RFC 5321 4.1.1.3).
  bool postmaster = false;
  /// The source route ("@a.example,@b.example") without its trailing ':'. Parsed and
  /// reported, otherwise ignored (RFC 5321 4.1.2, Appendix C).
  std::string_view source_route;
  mailbox_view mailbox;
};

struct path_options {
  /// Accept "<>" (true for MAIL's reverse-path, false for RCPT).
  bool allow_null = true;
  /// Accept "<Postmaster>" without domain (true for RCPT).
  bool allow_postmaster = false;
  /// RFC 6531 3.3: UTF-8 in local parts and U-labels in domains. Off: any byte >= 0x80
  /// is errc::utf8_not_permitted.
  bool allow_utf8 = false;
  /// Check every U-label of the mailbox's domain against IDNA2008 (RFC 5890/5891) with
  /// libidn2, strictly: no UTS #46 mapping, so "Bücher" (upper case) is not a U-label.
  /// Source-route domains are parsed but not checked (they are ignored).
  bool check_u_labels = true;
  address_limits limits{};
};

/// Parses a Reverse-path or Forward-path: "<" [ A-d-l ":" ] Mailbox ">", or "<>" and
/// "<Postmaster>" where the options allow them. The whole input must be the path.
/// Errors: invalid_path (not "<...>", cut short, bytes after the '>', "<Postmaster>" not
/// allowed), invalid_local_part, invalid_path_domain, invalid_address_literal,
/// local_part_too_long, domain_too_long, path_too_long, invalid_utf8, invalid_u_label,
/// utf8_not_permitted (any non-ASCII byte in the input without allow_utf8),
/// null_path_not_permitted (offset 0).
/// Lifetime: the result's views point into `in`.
[[nodiscard]] SMTPCODEC_API parse_result<path_view> parse_path(std::string_view in SMTPCODEC_LIFETIME_BOUND,
                                                               const path_options& opt) noexcept;

/// Parses a Mailbox without angle brackets ("user@example.org"), e.g. from VRFY or a
/// header. Same errors as parse_path except the null/postmaster ones; path_too_long
/// measures the path the mailbox would make ("<" and ">" included).
[[nodiscard]] SMTPCODEC_API parse_result<mailbox_view> parse_mailbox(std::string_view in SMTPCODEC_LIFETIME_BOUND,
                                                                     const path_options& opt) noexcept;

/// Checks that `s` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, nothing
/// above U+10FFFF, no truncated sequence). Returns s.size() when it is valid, otherwise
/// the offset of the first byte of the first ill-formed sequence (so s.substr(0, result)
/// is the longest valid prefix). ASCII runs are skipped eight bytes at a time.
[[nodiscard]] SMTPCODEC_API std::size_t validate_utf8(std::string_view s) noexcept;

// ---- IDNA: U-labels <-> A-labels (RFC 5890, 5891, 3492), through libidn2 ------------

/// Converts a domain's U-labels to A-labels ("bücher.example" -> "xn--bcher-kva.example"),
/// as a relay needs for DNS look-ups and downgrades. ASCII labels are kept (lower-cased
/// only where they are A-labels). Returns false (and leaves `out` empty) when `domain` is
/// not a Domain (an address literal, say) or a label is not a valid U-label or A-label
/// (strict IDNA2008, as path_options::check_u_labels).
[[nodiscard]] SMTPCODEC_API bool domain_to_ascii(std::string_view domain, std::string& out);

/// Converts A-labels back to U-labels ("xn--bcher-kva.example" -> "bücher.example");
/// other labels are kept. Returns false (and leaves `out` empty) when `domain` is not a
/// Domain or an A-label does not decode to a valid U-label that encodes back to it.
[[nodiscard]] SMTPCODEC_API bool domain_to_unicode(std::string_view domain, std::string& out);

// ---- Writing paths ---------------------------------------------------------------

/// Writes a mailbox so that parse_mailbox() accepts it back and yields the same address.
/// The local part is given *decoded* (the characters it stands for, without quotes):
/// it is written as a Dot-string when it can be one, otherwise as a canonical
/// Quoted-string (only '"' and '\\' escaped); an empty one is written `""`. Bytes that
/// no path can carry (CR, LF, NUL, other controls, DEL) make it fail; '>' and SP end up
/// quoted and can never end a path. The domain is checked as the parser would (Domain or
/// address-literal; U-labels only with opt.allow_utf8, IDNA2008-checked with
/// opt.check_u_labels).
/// Invariant (fuzzed): on success, parse_mailbox/parse_path of the output with the same
/// allow_utf8 and limits succeeds, decode_local_part() of its local part gives back
/// `local_part_decoded` and its domain is `domain`.
/// Errors: invalid_local_part (a byte no Quoted-string may hold), invalid_path_domain
/// (also for an empty domain), invalid_address_literal, utf8_not_permitted, invalid_utf8,
/// invalid_u_label, local_part_too_long, domain_too_long, path_too_long (counted with
/// the brackets a path adds). Appends to `out` only on success.
[[nodiscard]] SMTPCODEC_API errc write_mailbox(std::string_view local_part_decoded, std::string_view domain,
                                               std::string& out, const path_options& opt = {});

/// As write_mailbox, inside angle brackets. An empty local part and domain write "<>"
/// (error null_path_not_permitted unless opt.allow_null); "Postmaster" (any case) with an
/// empty domain writes "<Postmaster>" when opt.allow_postmaster (RFC 5321 4.1.1.3).
[[nodiscard]] SMTPCODEC_API errc write_path(std::string_view local_part_decoded, std::string_view domain,
                                            std::string& out, const path_options& opt = {});

/// Decodes a local part as on the wire (Dot-string or Quoted-string) to the characters
/// it stands for: quotes removed, quoted-pairs resolved. Returns false (and leaves `out`
/// empty) if `wire` is not a valid Local-part (RFC 6531 UTF-8 included). `out` is replaced.
[[nodiscard]] SMTPCODEC_API bool decode_local_part(std::string_view wire, std::string& out);

}  // namespace smtpcodec
