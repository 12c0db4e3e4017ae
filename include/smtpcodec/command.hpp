// File: command.hpp
//
// The SMTP command grammar, server side: every verb of RFC 5321 4.1.1 and of the
// extensions (STARTTLS RFC 3207, AUTH RFC 4954, BDAT RFC 3030, ETRN RFC 1985, ATRN
// RFC 2645, LHLO RFC 2033, BURL RFC 4468, Postfix's XCLIENT and XFORWARD), the RFC 821
// relics SEND/SOML/SAML/TURN (recognised so a server can answer 502), MAIL/RCPT paths
// with SMTPUTF8 (RFC 6531) and typed ESMTP parameters. Every failure maps to the reply a
// server should send (parse_result::reply()).
//
//   smtpcodec::command_options opt;                      // all registered extensions on
//   auto r = smtpcodec::parse_command("MAIL FROM:<a@b.example> SIZE=1000", opt);
//   if (!r) {
//     auto rep = r.reply();                              // e.g. 501 5.1.7 Bad address syntax
//   } else if (r.value.verb == smtpcodec::verb::mail) {
//     r.value.path.mailbox.domain;                       // "b.example"
//     r.value.mail.size;                                 // 1000
//   }
//
// A server reading a stream frames and parses in one step with command_reader
// (command_reader.hpp), which gives exactly what line_reader + parse_command() give.
//
// Lifetime: every view in `command` points into the line given to parse_command().
// Parsing allocates nothing (a test counts allocations), except the IDNA2008 check of
// non-ASCII domains, which goes through libidn2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "smtpcodec/address.hpp"
#include "smtpcodec/error.hpp"
#include "smtpcodec/esmtp.hpp"
#include "smtpcodec/export.hpp"
#include "smtpcodec/result.hpp"

namespace smtpcodec {

/// Command verbs. Values are stable.
enum class verb : std::uint8_t {
  unknown = 0,
  helo, ehlo, lhlo,          ///< RFC 5321 4.1.1.1, RFC 2033
  mail, rcpt, data,          ///< RFC 5321 4.1.1.2-4
  rset, vrfy, expn, help, noop, quit,  ///< RFC 5321 4.1.1.5-10
  starttls,                  ///< RFC 3207
  auth,                      ///< RFC 4954
  bdat,                      ///< RFC 3030
  etrn,                      ///< RFC 1985
  atrn,                      ///< RFC 2645
  burl,                      ///< RFC 4468
  xclient, xforward,         ///< Postfix XCLIENT_README / XFORWARD_README
  send, soml, saml, turn,    ///< RFC 821 relics: recognised, never implemented
};

/// The verb in upper case ("MAIL"); "" for unknown.
[[nodiscard]] SMTPCODEC_API std::string_view to_string(verb v) noexcept;

/// False for the RFC 821 relics SEND, SOML, SAML and TURN, which a server answers with
/// 502 5.5.1 (reply_for(errc::command_not_implemented)).
[[nodiscard]] constexpr bool is_implemented(verb v) noexcept {
  return v != verb::send && v != verb::soml && v != verb::saml && v != verb::turn && v != verb::unknown;
}

/// A parsed command line. Only the members of its verb are set.
struct command {
  smtpcodec::verb verb = smtpcodec::verb::unknown;
  /// The whole line without its line end.
  std::string_view line;
  /// The text after "VERB SP" (MAIL/RCPT: after "FROM:"/"TO:"), trailing SP removed;
  /// empty when there is none. For EHLO/HELO/LHLO the client's domain or literal.
  std::string_view arg;

  /// EHLO/HELO/LHLO: how the argument is written.
  literal_kind helo_literal = literal_kind::none;

  /// MAIL / RCPT: the path, their typed parameters, and the parameters as sent (`params`,
  /// below).
  path_view path;
  mail_parameters mail;
  rcpt_parameters rcpt;

  /// AUTH mechanism [initial-response]: "=" is an empty initial response (RFC 4954 4).
  std::string_view auth_mechanism;
  std::string_view auth_initial_response;
  bool has_initial_response = false;

  /// BDAT chunk-size [LAST] (RFC 3030 2), BURL absolute-URI [LAST] (RFC 4468 3).
  std::uint64_t bdat_size = 0;
  bool last = false;
  std::string_view burl_url;

  /// MAIL / RCPT parameters as sent; also XCLIENT / XFORWARD attributes. Last: its unused
  /// slots are never initialised, so a new command initialises one contiguous block.
  esmtp_param_list params;
};

struct command_options {
  /// Address limits and SMTPUTF8/IDNA checks for MAIL and RCPT paths.
  address_limits limits{};
  bool check_u_labels = true;
  /// The RCPT belongs to a transaction whose MAIL carried SMTPUTF8 (RFC 6531 3.4), so its
  /// forward-path and parameters may hold UTF-8. MAIL decides for itself from its own
  /// SMTPUTF8 parameter.
  bool smtputf8_transaction = false;
  /// Extensions enabled, unknown-parameter policy and the SIZE maximum.
  param_decode_options params{};
  std::size_t max_parameters = 16;
  /// RFC 5321 4.5.3.1.4: 512 octets with CRLF; MAIL and RCPT add the allowances of the
  /// enabled extensions (mail_line_allowance / rcpt_line_allowance). RFC 4954 4 keeps
  /// AUTH at this limit too.
  std::size_t max_line_length = 512;
  /// RFC 5321 4.1.1.1 wants a Domain or address-literal after EHLO/HELO/LHLO. false
  /// accepts any argument without SP or controls (many clients send bare host names
  /// with '_' or other junk).
  bool strict_helo = true;
  /// RFC 5321 3.3 forbids SP around the colon of "MAIL FROM:" / "RCPT TO:"; true tolerates
  /// "MAIL FROM: <a@b>", which some clients send.
  bool allow_space_after_colon = false;

  /// The longest line any verb may have under these options, for line_reader_options.
  [[nodiscard]] SMTPCODEC_API std::size_t max_reader_line() const noexcept;
};

/// Parses one command line (its CRLF may be present or already removed).
/// Errors (each with reply_context mail_from / rcpt_to where it belongs):
///  line framing: line_too_long, bare_cr, bare_lf, nul_byte, control_character, eight_bit_byte;
///  verbs: unknown_command, syntax_error, missing_argument, unexpected_argument,
///  invalid_argument, invalid_domain, invalid_base64, message_size_exceeded (BDAT size
///  beyond 2^64-1), invalid_xtext (XCLIENT/XFORWARD);
///  paths: every parse_path error; parameters: every parse_esmtp_params and
///  decode_mail_parameters / decode_rcpt_parameters error.
/// SEND, SOML, SAML and TURN parse successfully (check is_implemented()).
/// Lifetime: the result's views point into `line`.
[[nodiscard]] SMTPCODEC_API parse_result<command> parse_command(std::string_view line SMTPCODEC_LIFETIME_BOUND,
                                                                const command_options& opt = {}) noexcept;

/// Writes `c` as a command line ending in CRLF that parse_command() (with options that
/// allow what `c` holds) reads back as the same command: the verb in upper case, paths
/// re-quoted canonically by write_path() (a source route is dropped, as RFC 5321 C
/// tells clients), parameters by write_esmtp_param(). Nothing in `c` can make it emit a
/// second line: every field is checked by the grammar's own writers.
/// Errors: those of write_path() and write_esmtp_param(); invalid_argument when a free-
/// text argument or AUTH mechanism holds CR, LF, NUL or another control byte;
/// invalid_base64 for a bad AUTH initial response; missing_argument for XCLIENT/XFORWARD
/// without attributes; unknown_command for verb::unknown. Appends to `out` only on success.
[[nodiscard]] SMTPCODEC_API errc write_command(const command& c, std::string& out);

}  // namespace smtpcodec
