// ESMTP parameters: the generic list (parsed by the Ragel machine in ragel/esmtp_params.rl),
// typed decoding of the registered parameters, the command-line allowances, and the writer.
// The typed value grammars are small fixed forms, checked here by hand with their RFC rules
// quoted; xtext and the RFC 6533 forms go through the shared Ragel grammar.
#include "smtpcodec/esmtp.hpp"

#include <algorithm>

#include "detail/esmtp_params_machine.hpp"
#include "detail/path_machine.hpp"
#include "smtpcodec/xtext.hpp"

namespace smtpcodec {
namespace {

using detail::esmtp_rule;
using detail::iequals;
using detail::match_rule;

constexpr std::string_view keyword_names[] = {
    "",         "SIZE",        "BODY",       "SMTPUTF8", "RET",       "ENVID", "NOTIFY", "ORCPT",
    "AUTH",     "MT-PRIORITY", "REQUIRETLS", "HOLDFOR",  "HOLDUNTIL", "BY",    "RRVS",
};
static_assert(std::size(keyword_names) == static_cast<std::size_t>(param_id::rrvs) + 1);
static_assert(static_cast<std::size_t>(param_id::rrvs) < 32, "esmtp_scan::seen_ids is 32 bits");

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr unsigned digit(char c) noexcept { return static_cast<unsigned>(c - '0'); }

param_id if_named(std::string_view k, param_id id) noexcept {
  return iequals(k, keyword_names[static_cast<std::size_t>(id)]) ? id : param_id::unknown;
}

// ---- parse_esmtp_params error classification (error path only) -----------------------

// The byte at `pos` sits in a value: an "=" comes after the last SP before it.
bool in_value(std::string_view in, std::size_t pos) noexcept {
  for (std::size_t i = pos; i > 0; --i) {
    if (in[i - 1] == ' ') return false;
    if (in[i - 1] == '=') return true;
  }
  return false;
}

// A UTF-8 sequence started before `pos` still wants continuation bytes there.
bool utf8_cut_at(std::string_view in, std::size_t pos) noexcept {
  std::size_t i = pos;
  std::size_t tails = 0;
  while (i > 0 && tails < 3 && (static_cast<unsigned char>(in[i - 1]) & 0xC0) == 0x80) --i, ++tails;
  if (i == 0) return false;
  const auto lead = static_cast<unsigned char>(in[i - 1]);
  const std::size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  return need > tails;
}

errc classify_stop(std::string_view in, std::size_t pos, bool allow_utf8) noexcept {
  if (allow_utf8 && utf8_cut_at(in, pos)) return errc::invalid_utf8;
  if (pos >= in.size()) return errc::invalid_parameter;  // ended where more was required
  const auto c = static_cast<unsigned char>(in[pos]);
  if (c < 0x20 || c == 0x7F) return errc::control_character;
  if (c >= 0x80) {
    if (!allow_utf8) return errc::eight_bit_byte;
    // Keywords are ASCII whatever the transaction (RFC 6531 3.3 only widens esmtp-value).
    return in_value(in, pos) ? errc::invalid_utf8 : errc::invalid_parameter;
  }
  return errc::invalid_parameter;
}

// ---- value grammars ----------------------------------------------------------------

// 1*max_digits DIGIT into a uint64; false on a non-digit, emptiness or too many digits.
// Sets `overflow` when the digits do not fit 64 bits.
bool parse_digits(std::string_view v, std::size_t max_digits, std::uint64_t& n, bool& overflow) noexcept {
  if (v.empty() || v.size() > max_digits) return false;
  n = 0;
  overflow = false;
  for (const char c : v) {
    if (!is_digit(c)) return false;
    const std::uint64_t d = digit(c);
    if (n > (UINT64_MAX - d) / 10) overflow = true;
    else n = n * 10 + d;
  }
  return true;
}

bool two_digits(std::string_view v, std::size_t at, unsigned& n) noexcept {
  if (!is_digit(v[at]) || !is_digit(v[at + 1])) return false;
  n = digit(v[at]) * 10 + digit(v[at + 1]);
  return true;
}

constexpr bool is_leap(unsigned y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr unsigned days_in(unsigned y, unsigned m) noexcept {
  constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// The most fraction digits accepted in a date-time. RFC 3339 5.6 allows "." 1*DIGIT; nine
// (nanoseconds) bounds the parameter, so the line allowances below stay finite.
constexpr std::size_t max_secfrac = 9;

// RFC 3339 5.6:
//   date-time = full-date "T" full-time
//   full-date = date-fullyear "-" date-month "-" date-mday      ; 4DIGIT "-" 2DIGIT "-" 2DIGIT
//   full-time = partial-time time-offset
//   partial-time = time-hour ":" time-minute ":" time-second [time-secfrac]
//   time-secfrac = "." 1*DIGIT
//   time-offset = "Z" / time-numoffset ; time-numoffset = ("+" / "-") time-hour ":" time-minute
// with the ranges of 5.7 (month 01-12, mday per month and leap year, hour 00-23, minute
// 00-59, second 00-60 for a leap second) and "T" / "Z" in either case (5.6 NOTE).
bool is_date_time(std::string_view v) noexcept {
  if (v.size() < 20) return false;  // "YYYY-MM-DDTHH:MM:SSZ"
  unsigned yh = 0, yl = 0, mon = 0, mday = 0, hour = 0, min = 0, sec = 0;
  if (!two_digits(v, 0, yh) || !two_digits(v, 2, yl) || v[4] != '-' || !two_digits(v, 5, mon) ||
      v[7] != '-' || !two_digits(v, 8, mday) || (v[10] != 'T' && v[10] != 't') ||
      !two_digits(v, 11, hour) || v[13] != ':' || !two_digits(v, 14, min) || v[16] != ':' ||
      !two_digits(v, 17, sec))
    return false;
  const unsigned year = yh * 100 + yl;
  if (mon < 1 || mon > 12 || mday < 1 || mday > days_in(year, mon) || hour > 23 || min > 59 || sec > 60)
    return false;
  std::size_t i = 19;
  if (v[i] == '.') {
    const std::size_t first = ++i;
    while (i < v.size() && is_digit(v[i])) ++i;
    if (i == first || i - first > max_secfrac) return false;
  }
  if (i == v.size()) return false;
  if (v[i] == 'Z' || v[i] == 'z') return i + 1 == v.size();
  if (v[i] != '+' && v[i] != '-') return false;
  unsigned oh = 0, om = 0;
  return v.size() - i == 6 && two_digits(v, i + 1, oh) && v[i + 3] == ':' && two_digits(v, i + 4, om) &&
         oh <= 23 && om <= 59;
}

// RFC 3461 4.2 / 4.4: the text "prior to encoding as xtext MUST consist entirely of printable
// (graphic and white space) characters from the US-ASCII repertoire". xchars are; each
// hexchar must decode to %x20-7E. `v` is valid xtext.
bool xtext_is_printable(std::string_view v) noexcept {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '+') continue;
    const auto hi = static_cast<unsigned char>(v[i + 1]);
    const auto lo = static_cast<unsigned char>(v[i + 2]);
    // Upper-case hex (the grammar said so): 20-7E is hi in 2..7, and not 7F.
    if (hi < '2' || hi > '7' || (hi == '7' && lo == 'F')) return false;
    i += 2;
  }
  return true;
}

// xtext whose decoded form is printable ASCII (ENVID, ORCPT).
errc check_printable_xtext(std::string_view v) noexcept {
  if (!is_xtext(v)) return errc::invalid_xtext;
  return xtext_is_printable(v) ? errc{} : errc::invalid_parameter_value;
}

// RFC 5322 3.2.3 atext (RFC 3461 4.2: addr-type = atom).
constexpr bool is_atext(char c) noexcept {
  return (detail::path_char_class[static_cast<unsigned char>(c)] & detail::class_atext) != 0;
}

// ---- one parameter at a time -------------------------------------------------------

// RFC 1870 3: size-value = 1*20DIGIT.
errc decode_size(const esmtp_param& p, const param_decode_options& opt, mail_parameters& m) noexcept {
  bool overflow = false;
  if (!parse_digits(p.value, 20, m.size, overflow)) return errc::invalid_parameter_value;
  // RFC 1870 6.1: a declared size above the fixed maximum is answered 552.
  if (overflow || (opt.max_message_size != 0 && m.size > opt.max_message_size))
    return errc::message_size_exceeded;
  m.has_size = true;
  return {};
}

// RFC 6152 2 / RFC 3030 3: body-value = "7BIT" / "8BITMIME" / "BINARYMIME".
errc decode_body(const esmtp_param& p, const extension_set& ext, mail_parameters& m) noexcept {
  if (iequals(p.value, "7BIT")) {
    m.body = body_type::seven_bit;
  } else if (iequals(p.value, "8BITMIME")) {
    if (!ext.eight_bit_mime) return errc::parameter_not_permitted;
    m.body = body_type::eight_bit_mime;
  } else if (iequals(p.value, "BINARYMIME")) {
    if (!ext.binary_mime) return errc::parameter_not_permitted;
    m.body = body_type::binary_mime;
  } else {
    return errc::invalid_parameter_value;
  }
  return {};
}

// RFC 6710 2: priority-value = [priority-sign] priority-number;
// priority-sign = "-" / "+"; priority-number = DIGIT (0-9).
errc decode_mt_priority(std::string_view v, mail_parameters& m) noexcept {
  const bool sign = !v.empty() && (v[0] == '+' || v[0] == '-');
  if (v.size() != (sign ? 2U : 1U) || !is_digit(v.back())) return errc::invalid_parameter_value;
  const int n = static_cast<int>(digit(v.back()));
  m.mt_priority = static_cast<std::int8_t>(v[0] == '-' ? -n : n);
  m.has_mt_priority = true;
  return {};
}

// RFC 2852 4: by-value = by-time ";" by-mode [by-trace]
//   by-time = ["-" / "+"] 1*9digit   ; "a negative or zero value is not allowed with a
//                                    ;  by-mode of R"
//   by-mode = "N" / "R"; by-trace = "T"
errc decode_by(std::string_view v, mail_parameters& m) noexcept {
  const std::size_t semi = v.find(';');
  if (semi == std::string_view::npos) return errc::invalid_parameter_value;
  std::string_view t = v.substr(0, semi);
  const bool negative = !t.empty() && t[0] == '-';
  if (!t.empty() && (t[0] == '-' || t[0] == '+')) t.remove_prefix(1);
  std::uint64_t n = 0;
  bool overflow = false;  // cannot happen with 9 digits
  if (!parse_digits(t, 9, n, overflow)) return errc::invalid_parameter_value;
  const std::string_view rest = v.substr(semi + 1);
  if (rest.empty() || rest.size() > 2) return errc::invalid_parameter_value;
  const char mode = static_cast<char>(rest[0] | 0x20);
  if (mode != 'n' && mode != 'r') return errc::invalid_parameter_value;
  if (rest.size() == 2 && (rest[1] | 0x20) != 't') return errc::invalid_parameter_value;
  const auto time = static_cast<std::int64_t>(n);
  m.by_time = negative ? -time : time;
  if (mode == 'r' && m.by_time <= 0) return errc::invalid_parameter_value;
  m.by = mode == 'r' ? by_mode::ret : by_mode::notify;
  m.by_trace = rest.size() == 2;
  m.has_by = true;
  return {};
}

// RFC 3461 4.1: notify-esmtp-value = "NEVER" / 1#notify-list-element,
// notify-list-element = "SUCCESS" / "FAILURE" / "DELAY"; each at most once.
errc decode_notify(std::string_view v, rcpt_parameters& r) noexcept {
  std::uint8_t flags = 0;
  while (true) {
    const std::size_t comma = v.find(',');
    const std::string_view item = v.substr(0, comma);
    std::uint8_t f = 0;
    if (iequals(item, "NEVER")) f = notify_never;
    else if (iequals(item, "SUCCESS")) f = notify_success;
    else if (iequals(item, "FAILURE")) f = notify_failure;
    else if (iequals(item, "DELAY")) f = notify_delay;
    else return errc::invalid_parameter_value;  // also an empty item (",", "A,,B", "A,")
    if ((flags & f) != 0) return errc::invalid_parameter_value;
    flags = static_cast<std::uint8_t>(flags | f);
    if (comma == std::string_view::npos) break;
    v.remove_prefix(comma + 1);
  }
  // "NEVER" must be alone.
  if ((flags & notify_never) != 0 && flags != notify_never) return errc::invalid_parameter_value;
  r.notify = flags;
  return {};
}

// RFC 3461 4.2: orcpt-parameter = "ORCPT=" original-recipient-address
//   original-recipient-address = addr-type ";" xtext ; addr-type = atom
// RFC 6533 3: with addr-type "utf-8", utf-8-addr-xtext or (SMTPUTF8) utf-8-addr-unitext.
errc decode_orcpt(std::string_view v, rcpt_parameters& r) noexcept {
  const std::size_t semi = v.find(';');
  if (semi == 0 || semi == std::string_view::npos || semi + 1 == v.size())
    return errc::invalid_parameter_value;
  const std::string_view type = v.substr(0, semi);
  if (!std::all_of(type.begin(), type.end(), is_atext)) return errc::invalid_parameter_value;
  const std::string_view addr = v.substr(semi + 1);
  if (iequals(type, "utf-8")) {
    // 8-bit bytes only reach here when the list was parsed with allow_utf8 (SMTPUTF8).
    if (!match_rule(esmtp_rule::utf8_addr_unitext, addr)) return errc::invalid_xtext;
  } else if (const errc e = check_printable_xtext(addr); e != errc{}) {
    return e;
  }
  r.orcpt_type = type;
  r.orcpt_address = addr;
  r.has_orcpt = true;
  return {};
}

// RFC 7293 3: rrvs-param = "RRVS=" date-time [ ";" ( "C" / "R" ) ]
errc decode_rrvs(std::string_view v, rcpt_parameters& r) noexcept {
  rrvs_action action = rrvs_action::reject;  // RFC 7293 3: "R" when no action is given
  if (v.size() >= 2 && v[v.size() - 2] == ';') {
    const char a = static_cast<char>(v.back() | 0x20);
    if (a != 'c' && a != 'r') return errc::invalid_parameter_value;
    action = a == 'c' ? rrvs_action::cont : rrvs_action::reject;
    v.remove_suffix(2);
  }
  if (!is_date_time(v)) return errc::invalid_parameter_value;
  r.rrvs_time = v;
  r.rrvs = action;
  r.has_rrvs = true;
  return {};
}

// RFC 3461 4.4: "The ENVID esmtp-value MUST NOT exceed 100 characters" (counted as sent).
constexpr std::size_t max_envid = 100;

enum class command : std::uint8_t { mail, rcpt };

// Where each registered parameter may appear, which extension it needs, and whether it
// takes a value. Checked before the value, so a misplaced or disabled parameter is 555
// whatever its value.
struct param_rule {
  command cmd;
  bool takes_value;
  bool (*enabled)(const extension_set&) noexcept;
};

constexpr param_rule rules[] = {
    /* unknown */ {command::mail, false, nullptr},
    /* SIZE, RFC 1870 */ {command::mail, true, [](const extension_set& e) noexcept { return e.size; }},
    /* BODY, RFC 6152 / 3030 */
    {command::mail, true, [](const extension_set& e) noexcept { return e.eight_bit_mime || e.binary_mime; }},
    /* SMTPUTF8, RFC 6531 3.1 / 3.4: "does not accept a value" */
    {command::mail, false, [](const extension_set& e) noexcept { return e.smtputf8; }},
    /* RET, RFC 3461 4.3 */ {command::mail, true, [](const extension_set& e) noexcept { return e.dsn; }},
    /* ENVID, RFC 3461 4.4 */ {command::mail, true, [](const extension_set& e) noexcept { return e.dsn; }},
    /* NOTIFY, RFC 3461 4.1 */ {command::rcpt, true, [](const extension_set& e) noexcept { return e.dsn; }},
    /* ORCPT, RFC 3461 4.2 */ {command::rcpt, true, [](const extension_set& e) noexcept { return e.dsn; }},
    /* AUTH, RFC 4954 5 */ {command::mail, true, [](const extension_set& e) noexcept { return e.auth; }},
    /* MT-PRIORITY, RFC 6710 */ {command::mail, true, [](const extension_set& e) noexcept { return e.mt_priority; }},
    /* REQUIRETLS, RFC 8689: no value */
    {command::mail, false, [](const extension_set& e) noexcept { return e.requiretls; }},
    /* HOLDFOR, RFC 4865 */ {command::mail, true, [](const extension_set& e) noexcept { return e.future_release; }},
    /* HOLDUNTIL, RFC 4865 */ {command::mail, true, [](const extension_set& e) noexcept { return e.future_release; }},
    /* BY, RFC 2852 */ {command::mail, true, [](const extension_set& e) noexcept { return e.deliver_by; }},
    /* RRVS, RFC 7293 */ {command::rcpt, true, [](const extension_set& e) noexcept { return e.rrvs; }},
};
static_assert(std::size(rules) == std::size(keyword_names));

errc admit(const esmtp_param& p, command cmd, const extension_set& ext) noexcept {
  const param_rule& rule = rules[static_cast<std::size_t>(p.id)];
  if (rule.cmd != cmd || !rule.enabled(ext)) return errc::parameter_not_permitted;
  return p.has_value == rule.takes_value ? errc{} : errc::invalid_parameter_value;
}

// The value of an admitted MAIL parameter.
errc decode_mail_value(const esmtp_param& p, const param_decode_options& opt, mail_parameters& m) noexcept {
  switch (p.id) {
    case param_id::size: return decode_size(p, opt, m);
    case param_id::body: return decode_body(p, opt.extensions, m);
    case param_id::smtputf8: m.smtputf8 = true; return {};
    case param_id::ret:
      // RFC 3461 4.3: ret-value = "FULL" / "HDRS"
      if (iequals(p.value, "FULL")) m.ret = dsn_ret::full;
      else if (iequals(p.value, "HDRS")) m.ret = dsn_ret::hdrs;
      else return errc::invalid_parameter_value;
      return {};
    case param_id::envid:
      if (p.value.size() > max_envid) return errc::invalid_parameter_value;
      if (const errc e = check_printable_xtext(p.value); e != errc{}) return e;
      m.envid = p.value;
      return {};
    case param_id::auth:
      // RFC 4954 5: auth-param = "AUTH=" xtext, an addr-spec or "<>" (itself valid xtext).
      if (!is_xtext(p.value)) return errc::invalid_xtext;
      m.auth = p.value;
      m.has_auth = true;
      return {};
    case param_id::mt_priority: return decode_mt_priority(p.value, m);
    case param_id::requiretls: m.requiretls = true; return {};
    case param_id::holdfor: {
      // RFC 4865 3: HOLDFOR and HOLDUNTIL are mutually exclusive (501).
      if (!m.holduntil.empty()) return errc::invalid_parameter_value;
      // RFC 4865 3: holdfor-value = 1*9DIGIT (seconds).
      std::uint64_t n = 0;
      bool overflow = false;
      if (!parse_digits(p.value, 9, n, overflow)) return errc::invalid_parameter_value;
      m.holdfor = static_cast<std::uint32_t>(n);
      m.has_holdfor = true;
      return {};
    }
    case param_id::holduntil:
      if (m.has_holdfor) return errc::invalid_parameter_value;
      // RFC 4865 3: holduntil-value = date-time (RFC 3339).
      if (!is_date_time(p.value)) return errc::invalid_parameter_value;
      m.holduntil = p.value;
      return {};
    case param_id::by: return decode_by(p.value, m);
    default: return errc::parameter_not_permitted;  // not admitted on MAIL
  }
}

// The value of an admitted RCPT parameter.
errc decode_rcpt_value(const esmtp_param& p, const param_decode_options&, rcpt_parameters& r) noexcept {
  switch (p.id) {
    case param_id::notify: return decode_notify(p.value, r);
    case param_id::orcpt: return decode_orcpt(p.value, r);
    case param_id::rrvs: return decode_rrvs(p.value, r);
    default: return errc::parameter_not_permitted;  // not admitted on RCPT
  }
}

template <class Out, class DecodeValue>
errc decode_all(const esmtp_param_list& params, const param_decode_options& opt, command cmd, Out& out,
                std::size_t* failed_index, DecodeValue decode_value) noexcept {
  // Straight into `out` (a copy of the whole struct measured as costly as decoding).
  out = Out{};
  for (std::size_t i = 0; i < params.size(); ++i) {
    const esmtp_param& p = params.items[i];
    errc e{};
    if (p.id == param_id::unknown) {
      // RFC 5321 4.1.1.11: an unrecognised parameter is answered 555; or hand it over.
      if (!opt.reject_unknown) continue;
      e = errc::unrecognized_parameter;
    } else if (e = admit(p, cmd, opt.extensions); e == errc{}) {
      e = decode_value(p, opt, out);
    }
    if (e != errc{}) {
      out = Out{};
      if (failed_index != nullptr) *failed_index = i;
      return e;
    }
  }
  return {};
}

}  // namespace

std::string_view to_string(param_id id) noexcept {
  const auto i = static_cast<std::size_t>(id);
  return i < std::size(keyword_names) ? keyword_names[i] : std::string_view();
}

param_id find_param_id(std::string_view k) noexcept {
  if (k.empty()) return param_id::unknown;
  switch (k.size()) {
    case 2: return if_named(k, param_id::by);
    case 3: return if_named(k, param_id::ret);
    case 4:
      switch (k[0] | 0x20) {
        case 's': return if_named(k, param_id::size);
        case 'b': return if_named(k, param_id::body);
        case 'a': return if_named(k, param_id::auth);
        case 'r': return if_named(k, param_id::rrvs);
        default: return param_id::unknown;
      }
    case 5: return (k[0] | 0x20) == 'e' ? if_named(k, param_id::envid) : if_named(k, param_id::orcpt);
    case 6: return if_named(k, param_id::notify);
    case 7: return if_named(k, param_id::holdfor);
    case 8: return if_named(k, param_id::smtputf8);
    case 9: return if_named(k, param_id::holduntil);
    case 10: return if_named(k, param_id::requiretls);
    case 11: return if_named(k, param_id::mt_priority);
    default: return param_id::unknown;
  }
}

errc detail::parse_esmtp_params_into(std::string_view in, const esmtp_param_options& opt, esmtp_param_list& out,
                                     std::size_t& error_offset) noexcept {
  const auto* bytes = reinterpret_cast<const unsigned char*>(in.data());
  detail::esmtp_scan scan;
  const auto start = [&] {
    out.count = 0;
    out.utf8 = false;
    scan = detail::esmtp_scan{};
    scan.out = &out;
    scan.limit = std::min(opt.max_parameters, esmtp_param_list::capacity);
  };
  start();
  if (!scan.run_ascii_fast(bytes, in.size())) {
    // Not plain valid ASCII: the machine decides (UTF-8 values, or which error and where).
    start();
    scan.run(opt.allow_utf8 ? esmtp_rule::mail_parameters_utf8 : esmtp_rule::mail_parameters, bytes, in.size());
  }

  // Report whichever problem comes first in the input.
  constexpr std::size_t npos = detail::esmtp_scan::npos;
  errc error{};
  std::size_t at = npos;
  if (!scan.accepted) {
    error = classify_stop(in, scan.stop, opt.allow_utf8);
    at = scan.stop;
  }
  if (scan.overflow_at < at) error = errc::too_many_parameters, at = scan.overflow_at;
  if (scan.duplicate_at < at) error = errc::duplicate_parameter, at = scan.duplicate_at;
  if (error != errc{}) {
    error_offset = at;
    return error;
  }
  out.utf8 = scan.utf8;
  return errc{};
}

parse_result<esmtp_param_list> parse_esmtp_params(std::string_view in, const esmtp_param_options& opt) noexcept {
  parse_result<esmtp_param_list> r;
  std::size_t at = 0;
  const errc e = detail::parse_esmtp_params_into(in, opt, r.value, at);
  if (e != errc{}) return parse_result<esmtp_param_list>::failure(e, at);
  return r;
}

errc decode_mail_parameters(const esmtp_param_list& params, const param_decode_options& opt,
                            mail_parameters& out, std::size_t* failed_index) noexcept {
  return decode_all(params, opt, command::mail, out, failed_index, decode_mail_value);
}

errc decode_rcpt_parameters(const esmtp_param_list& params, const param_decode_options& opt,
                            rcpt_parameters& out, std::size_t* failed_index) noexcept {
  return decode_all(params, opt, command::rcpt, out, failed_index, decode_rcpt_value);
}

// ---- command-line allowances (RFC 5321 4.5.3.1.4) ------------------------------------
// "Longest" figures count the leading SP, as the RFC-stated ones do (RFC 1870's 26 is
// " SIZE=" plus 20 digits).

// RFC 3339 date-time with max_secfrac fraction digits: "YYYY-MM-DDTHH:MM:SS.fffffffff+HH:MM".
constexpr std::size_t longest_date_time = 19 + 1 + max_secfrac + 6;

std::size_t mail_line_allowance(const extension_set& ext) noexcept {
  std::size_t n = 0;
  // RFC 1870 3 (5): "increased by 26 characters by the possible addition of the SIZE keyword
  // and value".
  if (ext.size) n += 26;
  // RFC 6152 and RFC 3030 state no figure: longest is " BODY=BINARYMIME" (16), or
  // " BODY=8BITMIME" (14) without BINARYMIME.
  if (ext.binary_mime) n += 16;
  else if (ext.eight_bit_mime) n += 14;
  // RFC 6531 3.1 (5): "The maximum length of a MAIL command line is increased by 10 characters
  // to accommodate the possible addition of the SMTPUTF8 parameter."
  if (ext.smtputf8) n += 10;
  // RFC 3461 2 (framework list): MAIL FROM increased by 100 characters for RET and ENVID.
  if (ext.dsn) n += 100;
  // RFC 4954 3 (framework list): MAIL FROM increased by 500 characters for the AUTH= parameter.
  if (ext.auth) n += 500;
  // RFC 6710: longest is " MT-PRIORITY=-9" (15).
  if (ext.mt_priority) n += 15;
  // RFC 8689: longest is " REQUIRETLS" (11).
  if (ext.requiretls) n += 11;
  // RFC 4865: HOLDFOR and HOLDUNTIL exclude each other; longest is " HOLDUNTIL=" plus a
  // date-time (11 + 35 = 46; " HOLDFOR=999999999" is 18).
  if (ext.future_release) n += 11 + longest_date_time;
  // RFC 2852: longest is " BY=-999999999;RT" (17).
  if (ext.deliver_by) n += 17;
  return n;
}

std::size_t rcpt_line_allowance(const extension_set& ext) noexcept {
  std::size_t n = 0;
  // RFC 3461 2 (framework list): RCPT increased by 500 characters for NOTIFY and ORCPT.
  if (ext.dsn) n += 500;
  // RFC 7293: longest is " RRVS=" plus a date-time plus ";C" (6 + 35 + 2 = 43).
  if (ext.rrvs) n += 6 + longest_date_time + 2;
  return n;
}

errc write_esmtp_param(std::string_view keyword, std::string_view value, bool has_value, std::string& out,
                       bool allow_utf8) {
  // The parser's own rules decide, so whatever is written reads back as exactly this
  // parameter: no SP, "=", CR, LF or other control can get through.
  if (!match_rule(esmtp_rule::keyword, keyword)) return errc::invalid_parameter;
  if (has_value) {
    if (!match_rule(allow_utf8 ? esmtp_rule::value_utf8 : esmtp_rule::value, value)) return errc::invalid_parameter;
  } else if (!value.empty()) {
    return errc::invalid_parameter;  // a value the caller meant to send would be dropped
  }
  out.reserve(out.size() + 2 + keyword.size() + value.size());
  out.push_back(' ');
  out.append(keyword);
  if (has_value) {
    out.push_back('=');
    out.append(value);
  }
  return {};
}

}  // namespace smtpcodec
