// File: ehlo.hpp
//
// EHLO capabilities (RFC 5321 4.1.1.1 ehlo-ok-rsp): a client reads the server's 250 reply
// to EHLO into typed capabilities; a server writes that reply from its configured set.
// Known keywords (case-insensitive, RFC 5321 2.4): SIZE [n] (RFC 1870), AUTH mechanisms
// (RFC 4954) and the legacy "AUTH=" form, 8BITMIME (RFC 6152), BINARYMIME and CHUNKING
// (RFC 3030), PIPELINING (RFC 2920), SMTPUTF8 (RFC 6531), STARTTLS (RFC 3207), DSN
// (RFC 3461), ENHANCEDSTATUSCODES (RFC 2034), REQUIRETLS (RFC 8689), MT-PRIORITY
// (RFC 6710), DELIVERBY (RFC 2852), FUTURERELEASE (RFC 4865), ETRN (RFC 1985), ATRN
// (RFC 2645), VRFY, EXPN, HELP (RFC 5321), LIMITS (RFC 9422), BURL (RFC 4468), RRVS
// (RFC 7293), XCLIENT and XFORWARD (Postfix). Any other keyword is kept with its
// parameters.
//
//   auto ev = smtpcodec::parse_reply(bytes);          // or from a reply_parser
//   auto caps = smtpcodec::parse_ehlo_reply(ev.reply);
//   if (caps) {
//     caps.value.domain;                               // "mx.example"
//     if (caps.value.set.pipelining) ...;
//     if (caps.value.set.size && msg.size() > caps.value.set.max_size) ...;
//     if (caps.value.supports_auth("PLAIN")) ...;
//     for (const auto& c : caps.value) log(c.keyword, c.params);
//   }
//
//   smtpcodec::capability_set set;                     // server side
//   set.pipelining = set.eight_bit_mime = set.smtputf8 = set.starttls = true;
//   set.size = true; set.max_size = 35882577;
//   set.auth = true; set.auth_mechanisms = "PLAIN LOGIN";
//   std::string out;
//   if (smtpcodec::write_ehlo_reply("mx.example", "at your service", set, {}, out) != smtpcodec::errc{})
//     ...;                                             // a bad domain or parameter
//
// Lifetime: every view in ehlo_capabilities (and its capability_set) points into the
// reply given to parse_ehlo_reply, that is into the bytes the reply_view points into.
// Parsing allocates nothing; the writer appends to a std::string.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "smtpcodec/error.hpp"
#include "smtpcodec/export.hpp"
#include "smtpcodec/reply.hpp"
#include "smtpcodec/result.hpp"

namespace smtpcodec {

/// Known EHLO keywords. Values are stable.
enum class capability_id : std::uint8_t {
  unknown = 0,
  size,                   ///< SIZE [max] (RFC 1870)
  auth,                   ///< AUTH mech *(SP mech) (RFC 4954), or legacy "AUTH=" mech...
  eight_bit_mime,         ///< 8BITMIME (RFC 6152)
  binary_mime,            ///< BINARYMIME (RFC 3030)
  chunking,               ///< CHUNKING (RFC 3030)
  pipelining,             ///< PIPELINING (RFC 2920)
  smtputf8,               ///< SMTPUTF8 (RFC 6531)
  starttls,               ///< STARTTLS (RFC 3207)
  dsn,                    ///< DSN (RFC 3461)
  enhanced_status_codes,  ///< ENHANCEDSTATUSCODES (RFC 2034)
  requiretls,             ///< REQUIRETLS (RFC 8689)
  mt_priority,            ///< MT-PRIORITY [profile] (RFC 6710)
  deliver_by,             ///< DELIVERBY [min-by-time] (RFC 2852)
  future_release,         ///< FUTURERELEASE max-interval max-date-time (RFC 4865)
  etrn,                   ///< ETRN (RFC 1985)
  atrn,                   ///< ATRN (RFC 2645)
  vrfy,                   ///< VRFY (RFC 5321 3.5.2)
  expn,                   ///< EXPN (RFC 5321 3.5.2)
  help,                   ///< HELP (RFC 5321 4.1.1.8)
  limits,                 ///< LIMITS name=value... (RFC 9422)
  burl,                   ///< BURL [params] (RFC 4468)
  rrvs,                   ///< RRVS (RFC 7293)
  xclient,                ///< XCLIENT attribute... (Postfix XCLIENT_README)
  xforward,               ///< XFORWARD attribute... (Postfix XFORWARD_README)
};

/// The keyword in upper case ("SIZE", "MT-PRIORITY"); "" for unknown.
[[nodiscard]] SMTPCODEC_API std::string_view to_string(capability_id id) noexcept;
/// Case-insensitive keyword look-up ("AUTH=" is not a keyword: see capability::legacy()).
[[nodiscard]] SMTPCODEC_API capability_id find_capability_id(std::string_view keyword) noexcept;

/// One line of an EHLO reply after the first, as sent.
struct capability {
  /// The keyword as sent; "AUTH=" (with its "=") for the legacy form.
  std::string_view keyword;
  /// What follows the keyword and its SP (after "=" for "AUTH="); "" when nothing does.
  std::string_view params;
  capability_id id = capability_id::unknown;
  /// The line is ehlo-keyword *(SP ehlo-param) and, for a known keyword, its parameters
  /// follow that extension's RFC. Lines that are not (e.g. a keyword holding "_", as some
  /// MTAs send) are still kept, with valid == false, unless parsing is strict.
  bool valid = true;
  [[nodiscard]] constexpr bool legacy() const noexcept { return !keyword.empty() && keyword.back() == '='; }
};

/// RFC 9422 limits; 0 when not announced.
struct ehlo_limits {
  std::uint32_t mailmax = 0;        ///< MAIL transactions per session
  std::uint32_t rcptmax = 0;        ///< RCPT per transaction
  std::uint32_t rcptdomainmax = 0;  ///< recipient domains per transaction
  friend constexpr bool operator==(const ehlo_limits&, const ehlo_limits&) = default;
};

/// The typed capability set: what parse_ehlo_reply finds, and what write_ehlo_reply
/// advertises. Views point into the parsed reply, or into the server's configuration.
struct capability_set {
  bool size = false;
  /// SIZE's maximum message size; 0 when none is given (RFC 1870 4: no fixed maximum).
  std::uint64_t max_size = 0;
  bool auth = false;
  /// SASL mechanisms, SP-separated as sent ("PLAIN LOGIN").
  std::string_view auth_mechanisms;
  /// The legacy "AUTH=" line is (also) advertised.
  bool auth_legacy = false;
  bool eight_bit_mime = false;
  bool binary_mime = false;
  bool chunking = false;
  bool pipelining = false;
  bool smtputf8 = false;
  bool starttls = false;
  bool dsn = false;
  bool enhanced_status_codes = false;
  bool requiretls = false;
  bool mt_priority = false;
  /// MT-PRIORITY's priority profile ("MIXER", "STANAG4406", "NSEP"); "" when none.
  std::string_view mt_priority_profile;
  bool deliver_by = false;
  /// DELIVERBY's min-by-time in seconds (RFC 2852 4); 0 when none is given.
  std::uint32_t deliver_by_min = 0;
  bool future_release = false;
  /// FUTURERELEASE's max-future-release-interval (seconds) and max-future-release-date-time
  /// (RFC 3339, as sent) (RFC 4865 3).
  std::uint32_t future_release_max_interval = 0;
  std::string_view future_release_max_datetime;
  bool etrn = false;
  bool atrn = false;
  bool vrfy = false;
  bool expn = false;
  bool help = false;
  bool limits = false;
  ehlo_limits limit{};
  bool burl = false;
  /// BURL's parameters as sent ("imap"); "" when none.
  std::string_view burl_params;
  bool rrvs = false;
  bool xclient = false;
  /// XCLIENT's attribute names as sent ("NAME ADDR PROTO HELO").
  std::string_view xclient_attributes;
  bool xforward = false;
  std::string_view xforward_attributes;

  friend constexpr bool operator==(const capability_set&, const capability_set&) = default;
};

/// A parsed EHLO reply.
struct ehlo_capabilities {
  static constexpr std::size_t capacity = 64;
  /// The first line: Domain (or address literal) and the optional ehlo-greet after it.
  std::string_view domain;
  std::string_view greeting;
  /// The lines after the first, in order (unknown keywords included).
  std::array<capability, capacity> items{};
  std::size_t count = 0;
  /// The known capabilities, typed. When a keyword is repeated the first line counts.
  capability_set set{};

  [[nodiscard]] const capability* begin() const noexcept { return items.data(); }
  [[nodiscard]] const capability* end() const noexcept { return items.data() + count; }
  [[nodiscard]] std::size_t size() const noexcept { return count; }
  [[nodiscard]] bool empty() const noexcept { return count == 0; }
  /// The first line with this id, or nullptr.
  [[nodiscard]] SMTPCODEC_API const capability* find(capability_id id) const noexcept;
  /// The first line with this keyword (case-insensitive), or nullptr.
  [[nodiscard]] SMTPCODEC_API const capability* find(std::string_view keyword) const noexcept;
  /// AUTH (or AUTH=) lists this SASL mechanism (case-insensitive).
  [[nodiscard]] SMTPCODEC_API bool supports_auth(std::string_view mechanism) const noexcept;
};

struct ehlo_parse_options {
  /// true: a line that is not valid (capability::valid) is errc::invalid_capability, and so
  /// is a known keyword given twice. false: such lines are kept with valid == false.
  bool strict = false;
};

/// Reads a reply to EHLO (or LHLO, or HELO: then there are no capabilities).
/// Errors (error_offset: the index of the offending line, 0 for the first):
///   invalid_ehlo_reply     the code is not 250, or the first line has no domain;
///   invalid_capability     (strict) a line that is not valid, or a repeated known keyword;
///   too_many_capabilities  more than ehlo_capabilities::capacity lines after the first.
/// Lifetime: views point where `reply` points.
[[nodiscard]] SMTPCODEC_API parse_result<ehlo_capabilities> parse_ehlo_reply(const reply_view& reply,
                                                                             const ehlo_parse_options& opt = {}) noexcept;

/// Appends the 250 reply to EHLO: "domain [SP greeting]", then one line per capability in
/// `set` (in a fixed, conventional order), then `extra` (keywords the library does not
/// know, each with its params; their id and valid fields are ignored).
/// `greeting` is neutralised like write_reply's text.
/// Errors (nothing is appended):
///   invalid_ehlo_reply  `domain` is empty or holds SP or control bytes, or the first line
///                       does not fit in opt.max_line_length;
///   invalid_capability  a parameter or extra keyword that is not ehlo-keyword /
///                       ehlo-param syntax (e.g. AUTH with no mechanism, a CR in a
///                       parameter), or a capability line longer than the line limit.
[[nodiscard]] SMTPCODEC_API errc write_ehlo_reply(std::string_view domain, std::string_view greeting,
                                                  const capability_set& set, std::span<const capability> extra,
                                                  std::string& out, const reply_writer_options& opt = {});

}  // namespace smtpcodec
