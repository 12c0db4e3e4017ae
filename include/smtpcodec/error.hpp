// File: error.hpp
//
// Every error smtpcodec reports, as one stable enum registered with <system_error>, and
// the SMTP reply a server should send for each (reply_for). Values are explicit and never
// renumbered; new ones are appended inside their range:
//     1..99   command lines, paths, ESMTP parameters, PROXY header   (issue 2)
//   100..199  replies and EHLO capabilities                          (issue 3)
//   200..299  DATA / BDAT codecs                                     (issue 4)
//   300..399  sessions and API misuse
//
//   if (auto r = smtpcodec::parse_command(line, opts); !r) {
//     smtpcodec::canned_reply rep = smtpcodec::reply_for(r.error, r.context);
//     send(rep.code, rep.status, rep.text);   // e.g. 501 5.1.7 Bad sender address syntax
//   }
#pragma once

#include <cstdint>
#include <string_view>
#include <system_error>

#include "smtpcodec/export.hpp"
#include "smtpcodec/status.hpp"

namespace smtpcodec {

enum class errc : int {
  // ---- 1..99: command lines (RFC 5321 4.1, 4.5.3) -------------------------------------
  /// The line exceeds the configured limit (RFC 5321 4.5.3.1.4, default 512 incl. CRLF
  /// plus what negotiated extensions add). The reader skips to the next LF. 500 5.5.2.
  line_too_long = 1,
  /// An LF not preceded by CR under bare_eol_policy::reject. 500 5.5.2 for a command
  /// line; 550 5.6.0 for a refused DATA/BDAT body (reply_context::data).
  bare_lf = 2,
  /// A CR not followed by LF under bare_eol_policy::reject. 500 5.5.2 for a command
  /// line; 550 5.6.0 for a refused DATA/BDAT body (reply_context::data).
  bare_cr = 3,
  /// A NUL byte in a command line. 500 5.5.2.
  nul_byte = 4,
  /// Another C0 control byte or DEL where the grammar allows none. 500 5.5.2.
  control_character = 5,
  /// A byte >= 0x80 outside a place where SMTPUTF8 allows it. 500 5.5.2.
  eight_bit_byte = 6,
  /// The verb is not one smtpcodec knows. 500 5.5.1.
  unknown_command = 7,
  /// An RFC 821 relic (SEND, SOML, SAML, TURN) a server recognises but does not
  /// implement. 502 5.5.1.
  command_not_implemented = 8,
  /// The line is empty or not of the form verb [SP arguments]. 500 5.5.2.
  syntax_error = 9,
  /// A required argument is missing (e.g. "EHLO" alone, "VRFY"). 501 5.5.4.
  missing_argument = 10,
  /// Arguments given to a command that takes none (DATA, RSET, QUIT, STARTTLS). 501 5.5.4.
  unexpected_argument = 11,
  /// The argument does not match the command's grammar (e.g. "MAIL TO:", "BDAT x"). 501 5.5.4.
  invalid_argument = 12,
  /// The EHLO/HELO/LHLO/ETRN domain is neither a Domain nor an address-literal. 501 5.5.2.
  invalid_domain = 13,

  // paths (RFC 5321 4.1.2, 4.5.3.1; RFC 6531 3.3)
  /// The path is not "<" [A-d-l ":"] Mailbox ">" (or "<>" where allowed). 501 5.1.7 in
  /// MAIL, 501 5.1.3 in RCPT.
  invalid_path = 14,
  /// The local part is neither a Dot-string nor a Quoted-string. 501 5.1.7 / 5.1.3.
  invalid_local_part = 15,
  /// The domain after "@" is not a valid Domain. 501 5.1.7 / 5.1.3.
  invalid_path_domain = 16,
  /// The address literal is not IPv4, IPv6 (any RFC 5321 4.1.3 form) or General. 501.
  invalid_address_literal = 17,
  /// Local part longer than limits::max_local_part (RFC 5321 4.5.3.1.1, 64). 501.
  local_part_too_long = 18,
  /// Domain longer than limits::max_domain (RFC 5321 4.5.3.1.2, 255). 501.
  domain_too_long = 19,
  /// Path longer than limits::max_path (RFC 5321 4.5.3.1.3, 256). 501.
  path_too_long = 20,
  /// Bytes that are not well-formed UTF-8 (overlong, surrogate, > U+10FFFF, truncated).
  /// 501 5.1.7 / 5.1.3.
  invalid_utf8 = 21,
  /// A U-label that IDNA2008 (RFC 5890/5891) disallows. 501 5.1.7 / 5.1.3.
  invalid_u_label = 22,
  /// Non-ASCII in an address of a transaction without SMTPUTF8 (RFC 6531 3.5). 553 5.6.7.
  utf8_not_permitted = 23,
  /// "<>" in RCPT, which needs a forward-path. 501 5.1.3.
  null_path_not_permitted = 24,

  // ESMTP parameters (RFC 5321 4.1.2 esmtp-param; registry as named on each)
  /// A keyword the server does not implement (RFC 5321 4.1.1.11). 555 5.5.4.
  unrecognized_parameter = 25,
  /// A known keyword on the wrong command (NOTIFY on MAIL, RET on RCPT) or without the
  /// extension it needs. 555 5.5.4.
  parameter_not_permitted = 26,
  /// The same keyword twice in one command. 501 5.5.4.
  duplicate_parameter = 27,
  /// Not keyword[=value] with esmtp-keyword/esmtp-value characters. 501 5.5.4.
  invalid_parameter = 28,
  /// A registered keyword with a value its RFC does not allow. 501 5.5.4.
  invalid_parameter_value = 29,
  /// More parameters than limits::max_parameters. 501 5.5.4.
  too_many_parameters = 30,
  /// SIZE (or BDAT's chunk size) above what fits, or above the configured maximum.
  /// 552 5.3.4 (RFC 1870 6.1).
  message_size_exceeded = 31,
  /// xtext with a malformed "+XX" or a byte outside its alphabet (RFC 3461 4). 501 5.5.4.
  invalid_xtext = 32,
  /// An AUTH initial response that is not base64 (RFC 4954 4). 501 5.5.2.
  invalid_base64 = 33,

  // PROXY protocol header (HAProxy v1 and v2), before the SMTP greeting
  /// The first bytes are not a PROXY v1 line or v2 header (bad signature, bare CR/LF,
  /// malformed TLVs or a CRC32C mismatch). 421 4.7.0, then close.
  proxy_invalid_header = 34,
  /// A v2 header with an unknown version/command or a v1 line over 107 octets. 421 4.7.0.
  proxy_unsupported = 35,
  /// A malformed address, port or family in the PROXY header. 421 4.7.0.
  proxy_invalid_address = 36,

  // ---- 100..199: replies and EHLO capabilities (issue 3) ------------------------------
  // Reply parser (reply.hpp). Unless noted, these are fatal: the reply stream is unusable.
  /// A reply line that does not start with a Reply-code: three digits, the first 2..5, the
  /// second 0..5 (RFC 5321 4.2). Also what the writer returns for such a code.
  invalid_reply_code = 100,
  /// The byte after the reply code is not "-", SP or the end of the line (RFC 5321 4.2).
  invalid_reply_separator = 101,
  /// A line of a multi-line reply carries another code than the first line (RFC 5321 4.2.1:
  /// every line of a reply has the same code).
  reply_code_mismatch = 102,
  /// More lines in one reply than reply_parser_options::max_lines.
  too_many_reply_lines = 103,
  /// More bytes in one reply than reply_parser_options::max_reply_bytes (the bound on
  /// what a hostile server can make a client buffer).
  reply_too_large = 104,
  /// The stream ended inside a reply (reply_parser::finish()).
  reply_incomplete = 105,
  /// An enhanced status code whose class is not 2, 4 or 5 or differs from the reply code's
  /// first digit (RFC 3463 2, RFC 2034 4). Not fatal when parsing (reply_view::status_error);
  /// the writer refuses such a reply.
  enhanced_status_mismatch = 106,
  /// Text that is not class "." subject "." detail (RFC 3463 2) where one is required
  /// (parse_enhanced_status, explain).
  invalid_enhanced_status = 107,
  /// An EHLO reply that is not a 250 reply starting with the server's domain (RFC 5321
  /// 4.1.1.1 ehlo-ok-rsp), or a writer domain that is empty or holds SP or controls.
  invalid_ehlo_reply = 108,
  /// An EHLO line that is not ehlo-keyword *(SP ehlo-param) (RFC 5321 4.1.1.1), or a
  /// registered capability with parameters its RFC does not allow (strict parsing; the
  /// writer always checks).
  invalid_capability = 109,
  /// More EHLO lines than ehlo_capabilities::capacity.
  too_many_capabilities = 110,


  // ---- 200..299: DATA and BDAT codecs (issue 4) ---------------------------------------
  /// A body line longer than the configured maximum (dot_unstuffer / dot_stuffer /
  /// bdat_reader max_line_length; RFC 5321 4.5.3.1.6 sets 1000 octets with CRLF). The data
  /// is still read to its end. 550 5.6.0 (RFC 5321 4.3.2: 550 is the policy refusal after
  /// the data; RFC 3463 3.7: X.6.0 a content error).
  data_line_too_long = 200,
  /// The input ended before the end-of-data marker (DATA) or before the octets BDAT
  /// announced: the message must be discarded (RFC 5321 4.1.1.4, RFC 3030 2). No peer is
  /// left to answer; 421 4.4.2 for logs, as for a timeout (RFC 5321 4.5.3.2).
  data_incomplete = 201,

  // ---- 300..399: sessions and API misuse ----------------------------------------------
};

/// Which command an error arose in; address errors answer with 5.1.7 for a sender
/// and 5.1.3 for a recipient (RFC 3463 3.2).
enum class reply_context : std::uint8_t { generic = 0, mail_from = 1, rcpt_to = 2, data = 3 };

/// The std::error_category of errc ("smtpcodec").
[[nodiscard]] SMTPCODEC_API const std::error_category& error_category() noexcept;

[[nodiscard]] inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), error_category()};
}

/// Stable snake_case name of an error ("line_too_long"); "unknown" for other values.
[[nodiscard]] SMTPCODEC_API std::string_view to_string(errc e) noexcept;

/// The reply a server should send for e, with its RFC 3463 enhanced status code.
/// Never fails: an unknown value maps to 451 4.3.0.
[[nodiscard]] SMTPCODEC_API canned_reply reply_for(errc e,
                                                   reply_context ctx = reply_context::generic) noexcept;

}  // namespace smtpcodec

template <>
struct std::is_error_code_enum<smtpcodec::errc> : std::true_type {};
