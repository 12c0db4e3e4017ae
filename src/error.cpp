// The one table from errc to its name and to the reply a server sends for it.
#include "smtpcodec/error.hpp"

#include <string>

namespace smtpcodec {
namespace {

struct error_info {
  errc code;
  std::string_view name;
  canned_reply reply;
};

// RFC 5321 4.2.3 reply codes, RFC 3463 enhanced codes. Address errors carry the MAIL
// form here; reply_for() swaps in 5.1.3 for RCPT.
constexpr error_info error_table[] = {
    {errc::line_too_long, "line_too_long", {500, {5, 5, 2}, "Line too long"}},
    {errc::bare_lf, "bare_lf", {500, {5, 5, 2}, "Bare LF received; lines must end with CRLF"}},
    {errc::bare_cr, "bare_cr", {500, {5, 5, 2}, "Bare CR received; lines must end with CRLF"}},
    {errc::nul_byte, "nul_byte", {500, {5, 5, 2}, "NUL byte in command"}},
    {errc::control_character, "control_character", {500, {5, 5, 2}, "Control character in command"}},
    {errc::eight_bit_byte, "eight_bit_byte", {500, {5, 5, 2}, "8-bit byte in command"}},
    {errc::unknown_command, "unknown_command", {500, {5, 5, 1}, "Command unrecognized"}},
    {errc::command_not_implemented, "command_not_implemented", {502, {5, 5, 1}, "Command not implemented"}},
    {errc::syntax_error, "syntax_error", {500, {5, 5, 2}, "Syntax error"}},
    {errc::missing_argument, "missing_argument", {501, {5, 5, 4}, "Syntax error: argument required"}},
    {errc::unexpected_argument, "unexpected_argument", {501, {5, 5, 4}, "Syntax error: no arguments allowed"}},
    {errc::invalid_argument, "invalid_argument", {501, {5, 5, 4}, "Syntax error in arguments"}},
    {errc::invalid_domain, "invalid_domain", {501, {5, 5, 2}, "Invalid domain name"}},
    {errc::invalid_path, "invalid_path", {501, {5, 1, 7}, "Bad address syntax"}},
    {errc::invalid_local_part, "invalid_local_part", {501, {5, 1, 7}, "Bad address syntax: local part"}},
    {errc::invalid_path_domain, "invalid_path_domain", {501, {5, 1, 7}, "Bad address syntax: domain"}},
    {errc::invalid_address_literal, "invalid_address_literal", {501, {5, 1, 7}, "Bad address syntax: address literal"}},
    {errc::local_part_too_long, "local_part_too_long", {501, {5, 1, 7}, "Path too long: local part exceeds limit"}},
    {errc::domain_too_long, "domain_too_long", {501, {5, 1, 7}, "Path too long: domain exceeds limit"}},
    {errc::path_too_long, "path_too_long", {501, {5, 1, 7}, "Path too long"}},
    {errc::invalid_utf8, "invalid_utf8", {501, {5, 1, 7}, "Bad address syntax: invalid UTF-8"}},
    {errc::invalid_u_label, "invalid_u_label", {501, {5, 1, 7}, "Bad address syntax: invalid U-label"}},
    {errc::utf8_not_permitted, "utf8_not_permitted", {553, {5, 6, 7}, "Non-ASCII addresses require SMTPUTF8"}},
    {errc::null_path_not_permitted, "null_path_not_permitted", {501, {5, 1, 3}, "Null path not permitted for recipient"}},
    {errc::unrecognized_parameter, "unrecognized_parameter", {555, {5, 5, 4}, "Unsupported MAIL/RCPT parameter"}},
    {errc::parameter_not_permitted, "parameter_not_permitted", {555, {5, 5, 4}, "Parameter not permitted here"}},
    {errc::duplicate_parameter, "duplicate_parameter", {501, {5, 5, 4}, "Duplicate parameter"}},
    {errc::invalid_parameter, "invalid_parameter", {501, {5, 5, 4}, "Syntax error in parameters"}},
    {errc::invalid_parameter_value, "invalid_parameter_value", {501, {5, 5, 4}, "Invalid parameter value"}},
    {errc::too_many_parameters, "too_many_parameters", {501, {5, 5, 4}, "Too many parameters"}},
    {errc::message_size_exceeded, "message_size_exceeded", {552, {5, 3, 4}, "Message size exceeds fixed maximum message size"}},
    {errc::invalid_xtext, "invalid_xtext", {501, {5, 5, 4}, "Invalid xtext encoding"}},
    {errc::invalid_base64, "invalid_base64", {501, {5, 5, 2}, "Cannot Base64-decode client response"}},
    {errc::proxy_invalid_header, "proxy_invalid_header", {421, {4, 7, 0}, "Invalid PROXY protocol header"}},
    {errc::proxy_unsupported, "proxy_unsupported", {421, {4, 7, 0}, "Unsupported PROXY protocol header"}},
    {errc::proxy_invalid_address, "proxy_invalid_address", {421, {4, 7, 0}, "Invalid address in PROXY protocol header"}},
    {errc::invalid_reply_code, "invalid_reply_code", {451, {4, 5, 0}, "Invalid reply code"}},
    {errc::invalid_reply_separator, "invalid_reply_separator", {451, {4, 5, 0}, "Invalid separator after reply code"}},
    {errc::reply_code_mismatch, "reply_code_mismatch", {451, {4, 5, 0}, "Reply lines carry different codes"}},
    {errc::too_many_reply_lines, "too_many_reply_lines", {451, {4, 5, 0}, "Reply has too many lines"}},
    {errc::reply_too_large, "reply_too_large", {451, {4, 5, 0}, "Reply too large"}},
    {errc::reply_incomplete, "reply_incomplete", {451, {4, 4, 2}, "Connection ended inside a reply"}},
    {errc::enhanced_status_mismatch, "enhanced_status_mismatch", {451, {4, 5, 0}, "Enhanced status code does not match reply code"}},
    {errc::invalid_enhanced_status, "invalid_enhanced_status", {501, {5, 5, 4}, "Invalid enhanced status code"}},
    {errc::invalid_ehlo_reply, "invalid_ehlo_reply", {451, {4, 5, 0}, "Invalid EHLO reply"}},
    {errc::invalid_capability, "invalid_capability", {451, {4, 5, 0}, "Invalid EHLO capability"}},
    {errc::too_many_capabilities, "too_many_capabilities", {451, {4, 5, 0}, "Too many EHLO capabilities"}},
    {errc::data_line_too_long, "data_line_too_long", {550, {5, 6, 0}, "Message line too long"}},
    {errc::data_incomplete, "data_incomplete", {421, {4, 4, 2}, "Connection ended before end of data"}},
};

constexpr const error_info* find(errc e) noexcept {
  for (const auto& i : error_table)
    if (i.code == e) return &i;
  return nullptr;
}

// Errors about the address itself: RFC 3463 3.2 X.1.7 for the sender, X.1.3 for a recipient.
constexpr bool is_address_error(errc e) noexcept {
  const int v = static_cast<int>(e);
  return v >= static_cast<int>(errc::invalid_path) && v <= static_cast<int>(errc::invalid_u_label);
}

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "smtpcodec"; }
  std::string message(int ev) const override {
    const auto* i = find(static_cast<errc>(ev));
    return i ? std::string(i->reply.text) : "unknown smtpcodec error";
  }
};

}  // namespace

const std::error_category& error_category() noexcept {
  static const category instance;
  return instance;
}

std::string_view to_string(errc e) noexcept {
  const auto* i = find(e);
  return i ? i->name : std::string_view("unknown");
}

canned_reply reply_for(errc e, reply_context ctx) noexcept {
  const auto* i = find(e);
  if (!i) return {451, {4, 3, 0}, "Internal error"};
  canned_reply r = i->reply;
  if (ctx == reply_context::rcpt_to && is_address_error(e)) r.status = {5, 1, 3};
  // A bare CR/LF in a message body is answered after the end of the data, where RFC 5321
  // 4.3.2 allows 250, 450-452, 550, 552 and 554 but not 500: 550 is its policy refusal,
  // and RFC 3463 3.7's X.6.0 says the content, not the command, was at fault.
  if (ctx == reply_context::data && (e == errc::bare_lf || e == errc::bare_cr))
    r = {550, {5, 6, 0}, e == errc::bare_lf ? "Bare LF in message body; lines must end with CRLF"
                                            : "Bare CR in message body; lines must end with CRLF"};
  return r;
}

}  // namespace smtpcodec
