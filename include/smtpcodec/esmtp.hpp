// File: esmtp.hpp
//
// ESMTP parameters of MAIL and RCPT (RFC 5321 4.1.2 esmtp-param, RFC 1869): the generic
// keyword[=value] list, typed decoding of every registered parameter, the command-line
// allowance each extension adds, and a writer that can only produce what the parser reads
// back.
//
//   // The text after "MAIL FROM:<path> " (or after "RCPT TO:<path> "):
//   auto pr = smtpcodec::parse_esmtp_params("SIZE=1000 BODY=8BITMIME RET=HDRS", {});
//   if (!pr) return pr.reply();                  // e.g. 501 5.5.4, at pr.error_offset
//   smtpcodec::param_decode_options opt;         // every extension on, unknown rejected
//   opt.max_message_size = 50'000'000;
//   smtpcodec::mail_parameters mp;
//   if (auto e = smtpcodec::decode_mail_parameters(pr.value, opt, mp); e != smtpcodec::errc{})
//     return smtpcodec::reply_for(e);            // e.g. 552 5.3.4 for SIZE above the maximum
//   use(mp.size, mp.body, mp.ret);
//
//   std::string line = "MAIL FROM:<a@b.example>";
//   if (smtpcodec::write_esmtp_param("ENVID", "QQ314159", true, line) != smtpcodec::errc{})
//     ...;                                       // refused: nothing was appended
//
// Syntax is strict (RFC 5321 4.1.2): exactly one SP between parameters, none before the first
// or after the last; a keyword is (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"); a value is 1 or
// more of %d33-60 / %d62-126 (plus well-formed UTF-8 with esmtp_param_options::allow_utf8).
// Keywords compare case-insensitively; so do the registered values (BODY=8bitmime is fine),
// except xtext's "+XX" hex, which must be upper case (RFC 3461 4).
//
// Lifetime: every view in esmtp_param_list, mail_parameters and rcpt_parameters points into
// the string given to parse_esmtp_params(); keep it alive and unchanged while you use them.
// Nothing here allocates except write_esmtp_param (it appends to a std::string).
#pragma once

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

/// A fixed-capacity list: parsing never allocates. Parameters are in wire order.
struct esmtp_param_list {
  static constexpr std::size_t capacity = 32;
  std::size_t count = 0;
  /// Some value holds non-ASCII UTF-8 (only possible with esmtp_param_options::allow_utf8).
  /// RFC 6531 3.4: such a MAIL needs the SMTPUTF8 parameter.
  bool utf8 = false;
  /// items[0, count) are the parameters. The slots after them are left uninitialised:
  /// zeroing all 32 (1.3 KB) on every parsed command measured as a tenth of the time
  /// command parsing takes (bench/command_bench.cpp). Copies copy the bytes as they are.
  /// Last, so that what a new list does initialise is contiguous with what precedes it.
  union {
    esmtp_param items[capacity];
  };

  esmtp_param_list() noexcept {}  // NOLINT(modernize-use-equals-default): must not zero `items`

  [[nodiscard]] const esmtp_param* begin() const noexcept { return items; }
  [[nodiscard]] const esmtp_param* end() const noexcept { return items + count; }
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
  /// At most this many parameters; values above esmtp_param_list::capacity act as capacity.
  std::size_t max_parameters = 16;
  /// RFC 6531 3.3: esmtp-value may hold UTF-8 (MAIL with SMTPUTF8, RCPT in such a
  /// transaction). Off: any byte >= 0x80 is errc::eight_bit_byte. The UTF-8 is validated.
  bool allow_utf8 = false;
};

/// Parses `esmtp-param *(SP esmtp-param)` (the text after the path and its SP). Empty input
/// gives an empty list. Each parameter gets its param_id (find_param_id); unknown keywords are
/// kept with id unknown. Keywords are compared case-insensitively; a repeated keyword is an
/// error. Values are only split off here: decode_mail_parameters / decode_rcpt_parameters
/// check them.
/// Errors (error_offset is the first offending byte, or where a parameter was expected):
///   invalid_parameter    not keyword[=value] (empty value, "==", a second SP, leading or
///                        trailing SP, a keyword starting with "-", 8-bit in a keyword);
///   control_character    a byte < 0x20 (TAB and NUL included) or 0x7F;
///   eight_bit_byte       a byte >= 0x80 without allow_utf8;
///   invalid_utf8         ill-formed UTF-8 in a value with allow_utf8;
///   duplicate_parameter  a keyword seen before (offset of the repeat);
///   too_many_parameters  more than min(max_parameters, capacity) (offset of the first extra).
/// When several apply, the one at the smallest offset is reported.
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
/// RRVS (RFC 7293 3): "R" reject (the default when none is given), "C" continue.
enum class rrvs_action : std::uint8_t { unspecified = 0, reject, cont };

/// Which extensions the server has enabled; a parameter of a disabled one is
/// errc::parameter_not_permitted (the server did not advertise it).
struct extension_set {
  bool size = true;            ///< SIZE (RFC 1870): SIZE=
  bool eight_bit_mime = true;  ///< 8BITMIME (RFC 6152): BODY=7BIT / 8BITMIME
  bool binary_mime = true;     ///< BINARYMIME (RFC 3030): BODY=BINARYMIME
  bool smtputf8 = true;        ///< SMTPUTF8 (RFC 6531): SMTPUTF8
  bool dsn = true;             ///< DSN (RFC 3461): RET, ENVID, NOTIFY, ORCPT
  bool auth = true;            ///< AUTH (RFC 4954): AUTH=
  bool mt_priority = true;     ///< MT-PRIORITY (RFC 6710)
  bool requiretls = true;      ///< REQUIRETLS (RFC 8689)
  bool future_release = true;  ///< FUTURERELEASE (RFC 4865): HOLDFOR, HOLDUNTIL
  bool deliver_by = true;      ///< DELIVERBY (RFC 2852): BY=
  bool rrvs = true;            ///< RRVS (RFC 7293)
};

struct param_decode_options {
  extension_set extensions{};
  /// true: an unknown keyword is errc::unrecognized_parameter (RFC 5321 4.1.1.11, 555).
  /// false: it stays in the list (id == unknown) for the application.
  bool reject_unknown = true;
  /// A SIZE above this (0: no maximum) is errc::message_size_exceeded.
  std::uint64_t max_message_size = 0;
};

// Wide members first, flags last (80 bytes, no padding between members): parsers reset
// it for every MAIL line, and at 112 bytes GCC cleared it with `rep stos`, whose start-up
// alone cost a third of a MAIL line's parse.
struct mail_parameters {
  std::uint64_t size = 0;                     ///< SIZE=, overflow-checked (when has_size)
  std::int64_t by_time = 0;                   ///< BY= seconds, may be negative (when has_by)
  std::string_view envid;                     ///< xtext as on the wire (xtext_decode it)
  std::string_view auth;                      ///< AUTH= xtext mailbox, or "<>" (when has_auth)
  std::string_view holduntil;                 ///< RFC 3339 date-time as on the wire
  std::uint32_t holdfor = 0;                  ///< seconds (1*9DIGIT) (when has_holdfor)
  bool has_size = false;
  body_type body = body_type::unspecified;
  bool smtputf8 = false;
  dsn_ret ret = dsn_ret::unspecified;
  bool has_auth = false;
  bool has_mt_priority = false;
  std::int8_t mt_priority = 0;                ///< -9..9
  bool requiretls = false;
  bool has_holdfor = false;
  bool has_by = false;
  by_mode by = by_mode::unspecified;
  bool by_trace = false;
};
static_assert(sizeof(mail_parameters) <= 80, "mail_parameters: keep it free of padding (see above)");

struct rcpt_parameters {
  std::uint8_t notify = 0;                    ///< notify_flag bits; 0 = not given
  bool has_orcpt = false;
  std::string_view orcpt_type;                ///< addr-type ("rfc822", "utf-8")
  std::string_view orcpt_address;             ///< xtext / utf-8-addr-xtext as on the wire
  bool has_rrvs = false;
  std::string_view rrvs_time;                 ///< RFC 3339 date-time as on the wire
  rrvs_action rrvs = rrvs_action::unspecified;  ///< reject when RRVS has no ";C"/";R" (RFC 7293 3)
};

/// Decodes the parameters of MAIL FROM into `out`. Returns errc{} on success; on failure
/// `out` is reset to its defaults (never partial) and, if `failed_index` is given, it receives
/// the index in `params` of the parameter at fault (its keyword view gives the offset).
/// Parameters are checked in order and the first failure is returned. Per parameter:
///   SIZE         RFC 1870: 1*20DIGIT; above 2^64-1 or opt.max_message_size
///                -> message_size_exceeded; more than 20 digits -> invalid_parameter_value.
///   BODY         RFC 6152 / RFC 3030: 7BIT, 8BITMIME (eight_bit_mime), BINARYMIME
///                (binary_mime); 7BIT needs either.
///   SMTPUTF8     RFC 6531 3.4: no value.
///   RET, ENVID   RFC 3461 4.3, 4.4 (dsn): FULL / HDRS; xtext of at most 100 characters as
///                sent, decoding to printable ASCII.
///   AUTH         RFC 4954 5 (auth): xtext (a mailbox) or "<>".
///   MT-PRIORITY  RFC 6710 (mt_priority): ["+" / "-"] DIGIT.
///   REQUIRETLS   RFC 8689 (requiretls): no value.
///   HOLDFOR      RFC 4865 (future_release): 1*9DIGIT seconds.
///   HOLDUNTIL    RFC 4865 (future_release): RFC 3339 date-time (at most 9 fraction digits);
///                HOLDFOR and HOLDUNTIL together -> invalid_parameter_value.
///   BY           RFC 2852 4 (deliver_by): ["+" / "-"] 1*9DIGIT ";" ("N" / "R") ["T"];
///                a by-time <= 0 with "R" -> invalid_parameter_value.
/// Errors: unrecognized_parameter (unknown keyword with opt.reject_unknown),
/// parameter_not_permitted (NOTIFY, ORCPT, RRVS, or a disabled extension),
/// invalid_parameter_value (bad value, value on a no-value keyword, missing value),
/// message_size_exceeded, invalid_xtext (malformed ENVID / AUTH xtext).
[[nodiscard]] SMTPCODEC_API errc decode_mail_parameters(const esmtp_param_list& params,
                                                        const param_decode_options& opt,
                                                        mail_parameters& out,
                                                        std::size_t* failed_index = nullptr) noexcept;

/// Decodes the parameters of RCPT TO into `out`, as decode_mail_parameters does.
///   NOTIFY  RFC 3461 4.1 (dsn): "NEVER", or a comma list of SUCCESS, FAILURE, DELAY, each at
///           most once.
///   ORCPT   RFC 3461 4.2 (dsn): addr-type ";" xtext, addr-type an atom; the xtext decodes to
///           printable ASCII. With addr-type "utf-8" (RFC 6533 3) the address is
///           utf-8-addr-xtext, or utf-8-addr-unitext (UTF-8, needs allow_utf8 when parsing).
///           Decode it with xtext_decode or utf8_addr_decode (xtext.hpp).
///   RRVS    RFC 7293 3 (rrvs): RFC 3339 date-time [";" ("C" / "R")].
/// Errors: unrecognized_parameter, parameter_not_permitted (a MAIL parameter, or a disabled
/// extension), invalid_parameter_value, invalid_xtext (malformed ORCPT xtext).
[[nodiscard]] SMTPCODEC_API errc decode_rcpt_parameters(const esmtp_param_list& params,
                                                        const param_decode_options& opt,
                                                        rcpt_parameters& out,
                                                        std::size_t* failed_index = nullptr) noexcept;

/// Extra octets the enabled extensions add to the 512-octet MAIL / RCPT command line
/// (RFC 5321 4.5.3.1.4: "... may be increased by extensions"), summed over `ext`. A server
/// accepts a MAIL line of 512 + mail_line_allowance(ext) octets (CRLF included). The figure of
/// each extension is the one its RFC states; where it states none, the length of the longest
/// valid parameter with its leading SP (see src/esmtp.cpp for each source).
[[nodiscard]] SMTPCODEC_API std::size_t mail_line_allowance(const extension_set& ext) noexcept;
[[nodiscard]] SMTPCODEC_API std::size_t rcpt_line_allowance(const extension_set& ext) noexcept;

/// Appends " KEYWORD[=value]" to `out` so that parse_esmtp_params() reads it back
/// unchanged (with the same allow_utf8). The check uses the parser's own grammar, so no value
/// can smuggle a parameter, a command or a line end: SP, "=", CR, LF, NUL, other controls and
/// DEL are refused, and 8-bit bytes unless `allow_utf8` (then only well-formed UTF-8, RFC
/// 6531 3.3). Encode arbitrary bytes as xtext first (xtext_encode). The keyword is written as
/// given (the parser keeps case too).
/// Errors (nothing appended): invalid_parameter (keyword not an esmtp-keyword, value not an
/// esmtp-value, or has_value with an empty value).
[[nodiscard]] SMTPCODEC_API errc write_esmtp_param(std::string_view keyword, std::string_view value,
                                                   bool has_value, std::string& out,
                                                   bool allow_utf8 = false);

}  // namespace smtpcodec
