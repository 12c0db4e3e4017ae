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
  return r;
}

}  // namespace smtpcodec
