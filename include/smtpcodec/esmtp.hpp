// File: esmtp.hpp
//
// ESMTP parameters of MAIL and RCPT (RFC 5321 4.1.2 esmtp-param, RFC 1869): the generic
// keyword[=value] list, and typed decoding of every registered parameter.
//
//   auto pr = smtpcodec::parse_esmtp_params("SIZE=1000 BODY=8BITMIME", {});
//   smtpcodec::mail_parameters mp;
//   if (pr && smtpcodec::decode_mail_parameters(pr.value, {}, mp) == smtpcodec::errc{})
//     use(mp.size, mp.body);
//
// Lifetime: every view points into the string given to parse_esmtp_params(). Nothing
// here allocates.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "smtpcodec/error.hpp"
#include "smtpcodec/export.hpp"
#include "smtpcodec/result.hpp"

namespace smtpcodec {

/// Registered parameters smtpcodec decodes; `unknown` for any other keyword.
enum class param_id : std::uint8_t {
  unknown = 0,
  size,         ///< RFC 1870 (MAIL)
  body,         ///< RFC 6152 8BITMIME, RFC 3030 BINARYMIME (MAIL)
  smtputf8,     ///< RFC 6531 (MAIL)
  ret,          ///< RFC 3461 (MAIL)
  envid,        ///< RFC 3461 (MAIL)
  notify,       ///< RFC 3461 (RCPT)
  orcpt,        ///< RFC 3461, RFC 6533 utf-8 forms (RCPT)
  auth,         ///< RFC 4954 5 (MAIL)
  mt_priority,  ///< RFC 6710 (MAIL)
  requiretls,   ///< RFC 8689 (MAIL)
  holdfor,      ///< RFC 4865 (MAIL)
  holduntil,    ///< RFC 4865 (MAIL)
  by,           ///< RFC 2852 (MAIL)
  rrvs,         ///< RFC 7293 (RCPT)
};

/// The registered keyword in upper case ("SIZE", "MT-PRIORITY"); "" for unknown.
[[nodiscard]] SMTPCODEC_API std::string_view to_string(param_id id) noexcept;
/// Case-insensitive keyword look-up.
[[nodiscard]] SMTPCODEC_API param_id find_param_id(std::string_view keyword) noexcept;

/// One esmtp-param: esmtp-keyword ["=" esmtp-value], views as on the wire.
struct esmtp_param {
  std::string_view keyword;
  std::string_view value;   ///< empty when there is no "="
  bool has_value = false;
  param_id id = param_id::unknown;
};

/// A fixed-capacity list: parsing never allocates.
struct esmtp_param_list {
  static constexpr std::size_t capacity = 32;
  std::array<esmtp_param, capacity> items{};
  std::size_t count = 0;

  [[nodiscard]] const esmtp_param* begin() const noexcept { return items.data(); }
  [[nodiscard]] const esmtp_param* end() const noexcept { return items.data() + count; }
  [[nodiscard]] std::size_t size() const noexcept { return count; }
  [[nodiscard]] bool empty() const noexcept { return count == 0; }
  /// The parameter with this id, or nullptr.
  [[nodiscard]] const esmtp_param* find(param_id id) const noexcept {
    for (const auto& p : *this)
      if (p.id == id) return &p;
    return nullptr;
  }
};

struct esmtp_param_options {
  /// At most this many parameters (<= esmtp_param_list::capacity).
  std::size_t max_parameters = 16;
  /// RFC 6531 3.3: esmtp-value may hold UTF-8 (MAIL with SMTPUTF8, RCPT in such a
  /// transaction). Off: any byte >= 0x80 is errc::eight_bit_byte. The UTF-8 is validated.
  bool allow_utf8 = false;
};

/// Parses `esmtp-param *(SP esmtp-param)` (the text after the path). Empty input gives an
/// empty list. Keywords are compared case-insensitively; a repeated keyword is an error.
/// Errors: invalid_parameter, duplicate_parameter, too_many_parameters, eight_bit_byte,
/// control_character, invalid_utf8.
/// Lifetime: views point into `in`.
[[nodiscard]] SMTPCODEC_API parse_result<esmtp_param_list> parse_esmtp_params(
    std::string_view in SMTPCODEC_LIFETIME_BOUND, const esmtp_param_options& opt) noexcept;

// ---- Typed values ------------------------------------------------------------------

enum class body_type : std::uint8_t { unspecified = 0, seven_bit, eight_bit_mime, binary_mime };
enum class dsn_ret : std::uint8_t { unspecified = 0, full, hdrs };
/// NOTIFY flags (RFC 3461 4.1): NEVER alone, or any of SUCCESS, FAILURE, DELAY.
enum notify_flag : std::uint8_t {
  notify_never = 1,
  notify_success = 2,
  notify_failure = 4,
  notify_delay = 8,
};
/// BY (RFC 2852 4): "R" return, "N" notify; trace with "T".
enum class by_mode : std::uint8_t { unspecified = 0, notify, ret };
/// RRVS (RFC 7293 3): "R" reject (default), "C" continue.
enum class rrvs_action : std::uint8_t { unspecified = 0, reject, cont };

/// Which extensions the server has enabled; a parameter of a disabled one is
/// errc::parameter_not_permitted (the server did not advertise it).
struct extension_set {
  bool size = true, eight_bit_mime = true, binary_mime = true, smtputf8 = true, dsn = true,
       auth = true, mt_priority = true, requiretls = true, future_release = true,
       deliver_by = true, rrvs = true;
};

struct param_decode_options {
  extension_set extensions{};
  /// true: an unknown keyword is errc::unrecognized_parameter (RFC 5321 4.1.1.11, 555).
  /// false: it stays in the list (id == unknown) for the application.
  bool reject_unknown = true;
  /// A SIZE above this (0: no maximum) is errc::message_size_exceeded.
  std::uint64_t max_message_size = 0;
};

struct mail_parameters {
  bool has_size = false;
  std::uint64_t size = 0;                     ///< SIZE=, overflow-checked
  body_type body = body_type::unspecified;
  bool smtputf8 = false;
  dsn_ret ret = dsn_ret::unspecified;
  std::string_view envid;                     ///< xtext as on the wire (xtext_decode it)
  bool has_auth = false;
  std::string_view auth;                      ///< AUTH= xtext mailbox, or "<>"
  bool has_mt_priority = false;
  std::int8_t mt_priority = 0;                ///< -9..9
  bool requiretls = false;
  bool has_holdfor = false;
  std::uint32_t holdfor = 0;                  ///< seconds (1*9DIGIT)
  std::string_view holduntil;                 ///< RFC 3339 date-time as on the wire
  bool has_by = false;
  std::int64_t by_time = 0;                   ///< seconds, may be negative
  by_mode by = by_mode::unspecified;
  bool by_trace = false;
};

struct rcpt_parameters {
  std::uint8_t notify = 0;                    ///< notify_flag bits; 0 = not given
  bool has_orcpt = false;
  std::string_view orcpt_type;                ///< addr-type ("rfc822", "utf-8")
  std::string_view orcpt_address;             ///< xtext / utf-8-addr-xtext as on the wire
  bool has_rrvs = false;
  std::string_view rrvs_time;                 ///< RFC 3339 date-time as on the wire
  rrvs_action rrvs = rrvs_action::unspecified;
};

/// Decodes the parameters of MAIL FROM into `out`. Returns errc{} on success.
/// Errors: unrecognized_parameter, parameter_not_permitted, invalid_parameter_value,
/// message_size_exceeded, invalid_xtext.
[[nodiscard]] SMTPCODEC_API errc decode_mail_parameters(const esmtp_param_list& params,
                                                        const param_decode_options& opt,
                                                        mail_parameters& out) noexcept;

/// Decodes the parameters of RCPT TO into `out`. Returns errc{} on success.
/// Errors: unrecognized_parameter, parameter_not_permitted, invalid_parameter_value,
/// invalid_xtext.
[[nodiscard]] SMTPCODEC_API errc decode_rcpt_parameters(const esmtp_param_list& params,
                                                        const param_decode_options& opt,
                                                        rcpt_parameters& out) noexcept;

/// Extra octets an enabled extension adds to the 512-octet MAIL / RCPT command line
/// (RFC 5321 4.5.3.1.4 and each extension's RFC).
[[nodiscard]] SMTPCODEC_API std::size_t mail_line_allowance(const extension_set& ext) noexcept;
[[nodiscard]] SMTPCODEC_API std::size_t rcpt_line_allowance(const extension_set& ext) noexcept;

/// Appends " KEYWORD[=value]" to `out` so that parse_esmtp_params() reads it back
/// unchanged. Fails (appending nothing) with invalid_parameter when the keyword is not
/// an esmtp-keyword or the value holds a byte an esmtp-value may not (SP, '=', controls,
/// CR, LF, NUL, 8-bit): encode such values as xtext first.
[[nodiscard]] SMTPCODEC_API errc write_esmtp_param(std::string_view keyword, std::string_view value,
                                                   bool has_value, std::string& out);

}  // namespace smtpcodec
