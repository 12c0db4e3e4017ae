// Command lines: framing checks, the Ragel command machine, then the argument grammars
// it hands on (paths, ESMTP parameters, domains). Nothing here allocates.
#include "smtpcodec/command.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

#include "detail/base64.hpp"
#include "detail/command_line_machine.hpp"
#include "detail/esmtp_params_machine.hpp"
#include "detail/path_machine.hpp"
#include "smtpcodec/xtext.hpp"

namespace smtpcodec {
namespace {

using detail::command_scan;
using result = parse_result<command>;

// Why a line was refused; parse_command() turns it into the result.
struct failure {
  errc error{};
  std::size_t at = 0;
  reply_context ctx = reply_context::generic;
};

constexpr std::array<std::string_view, 25> verb_names = {
    "", "HELO", "EHLO", "LHLO", "MAIL", "RCPT", "DATA", "RSET", "VRFY", "EXPN", "HELP", "NOOP", "QUIT",
    "STARTTLS", "AUTH", "BDAT", "ETRN", "ATRN", "BURL", "XCLIENT", "XFORWARD", "SEND", "SOML", "SAML", "TURN"};

constexpr char ascii_upper(char c) noexcept { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_upper(a[i]) != ascii_upper(b[i])) return false;
  return true;
}

reply_context context_of(verb v) noexcept {
  if (v == verb::mail) return reply_context::mail_from;
  if (v == verb::rcpt) return reply_context::rcpt_to;
  return reply_context::generic;
}

// Verbs that take no argument, and those that need one.
bool takes_no_argument(verb v) noexcept {
  return v == verb::data || v == verb::rset || v == verb::quit || v == verb::starttls;
}

// The first byte that may not appear in a command line at all (RFC 5321 2.3.8, 4.1.1:
// commands are printable US-ASCII and SP, plus UTF-8 where RFC 6531 allows it).
struct byte_scan {
  errc error{};
  std::size_t error_at = 0;
  std::size_t first_8bit = std::string_view::npos;
};

byte_scan scan_bytes(std::string_view line) noexcept {
  byte_scan s;
  const auto* p = reinterpret_cast<const unsigned char*>(line.data());
  const std::size_t n = line.size();
  std::size_t i = 0;
  // Eight bytes at a time while every byte is printable ASCII (0x20..0x7e): no byte below
  // 0x20, none >= 0x7f (DEL or 8-bit). Almost every command line is entirely that.
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    const std::uint64_t below_space = (w - ones * 0x20) & ~w & highs;
    const std::uint64_t del_or_high = ((w + ones * 0x01) | w) & highs;
    if ((below_space | del_or_high) != 0) break;
  }
  for (; i < n; ++i) {
    const unsigned char c = p[i];
    if (c >= 0x20 && c < 0x7f) continue;
    if (c >= 0x80) {
      if (s.first_8bit == std::string_view::npos) s.first_8bit = i;
      continue;
    }
    s.error_at = i;
    s.error = c == 0 ? errc::nul_byte : c == '\r' ? errc::bare_cr : c == '\n' ? errc::bare_lf : errc::control_character;
    return s;
  }
  return s;
}

// The machine stopped early: say why, from which verb it had recognised and where.
failure machine_error(const command_scan& s, std::string_view line) noexcept {
  const auto ctx = context_of(s.v);
  if (s.v == verb::unknown) return failure{errc::unknown_command, 0};
  if (s.stop == s.verb_end) {
    // "MAILX", "DATA2": not this verb after all.
    if (s.stop < line.size() && line[s.stop] != ' ') return failure{errc::unknown_command, 0};
    if (s.stop == line.size()) return failure{errc::missing_argument, s.stop, ctx};
  }
  if (takes_no_argument(s.v)) return failure{errc::unexpected_argument, s.verb_end, ctx};
  if (s.v == verb::mail || s.v == verb::rcpt) {
    // "MAIL FROM:" with nothing after it: the path is missing.
    if (s.stop == line.size() && s.arg_begin == command_scan::npos && s.stop > s.verb_end + 1 &&
        line[s.stop - 1] == ':')
      return failure{errc::invalid_path, s.stop, ctx};
    return failure{errc::invalid_argument, s.stop, ctx};
  }
  if (s.v == verb::auth && s.tok1_end != command_scan::npos && s.stop > s.tok1_end)
    return failure{errc::invalid_base64, s.stop};
  if (s.v == verb::bdat && s.arg_begin == command_scan::npos && s.stop == line.size())
    return failure{errc::missing_argument, s.stop};
  if (s.stop == s.verb_end + 1 && s.stop == line.size()) return failure{errc::missing_argument, s.stop, ctx};
  return failure{errc::invalid_argument, s.stop, ctx};
}

// RFC 6531 3.4 / 3.7.4: UTF-8 may appear in MAIL/RCPT (paths and parameters, judged by
// their own grammars) and VRFY/EXPN with SMTPUTF8; anywhere else an 8-bit byte is an error.
bool eight_bit_allowed(const command& c) noexcept {
  switch (c.verb) {
    case verb::mail:
    case verb::rcpt:
    case verb::send:
    case verb::soml:
    case verb::saml:
    case verb::turn:
      return true;
    case verb::vrfy:
    case verb::expn: {
      const auto sp = c.arg.rfind(' ');
      return sp != std::string_view::npos && iequals(c.arg.substr(sp + 1), "SMTPUTF8");
    }
    default:
      return false;
  }
}

errc check_xcommand_attributes(command& c, const command_options& opt, std::size_t& error_at) noexcept {
  // Postfix XCLIENT_README: NAME ADDR PORT PROTO HELO LOGIN DESTADDR DESTPORT;
  // XFORWARD_README: NAME ADDR PORT PROTO HELO IDENT SOURCE. Values are xtext.
  static constexpr std::string_view xclient_attrs[] = {"NAME", "ADDR", "PORT", "PROTO", "HELO", "LOGIN", "DESTADDR", "DESTPORT"};
  static constexpr std::string_view xforward_attrs[] = {"NAME", "ADDR", "PORT", "PROTO", "HELO", "IDENT", "SOURCE"};
  esmtp_param_options po;
  po.max_parameters = opt.max_parameters;
  if (const errc e = detail::parse_esmtp_params_into(c.arg, po, c.params, error_at); e != errc{})
    return e == errc::duplicate_parameter ? errc::invalid_argument : e;
  for (const auto& a : c.params) {
    bool known = false;
    if (c.verb == verb::xclient) {
      for (auto n : xclient_attrs) known = known || iequals(a.keyword, n);
    } else {
      for (auto n : xforward_attrs) known = known || iequals(a.keyword, n);
    }
    error_at = static_cast<std::size_t>(a.keyword.data() - c.arg.data());
    if (!known || !a.has_value) return errc::invalid_argument;
    if (!is_xtext(a.value)) return errc::invalid_xtext;
  }
  return errc{};
}

// RFC 1985: node-name = domain / "@" domain / "#" String.
errc check_etrn(std::string_view arg) noexcept {
  if (arg.front() == '#') return arg.size() > 1 ? errc{} : errc::invalid_argument;
  if (arg.front() == '@') arg.remove_prefix(1);
  literal_kind kind{};
  return arg.empty() ? errc::invalid_domain : detail::validate_helo_domain(arg, false, kind);
}

// RFC 2645 4: domain *( "," domain ).
errc check_atrn(std::string_view arg, std::size_t& error_at) noexcept {
  std::size_t start = 0;
  for (;;) {
    const auto comma = arg.find(',', start);
    const auto d = arg.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    literal_kind kind{};
    error_at = start;
    if (d.empty() || detail::validate_helo_domain(d, false, kind) != errc{} || kind != literal_kind::none)
      return errc::invalid_domain;
    if (comma == std::string_view::npos) return errc{};
    start = comma + 1;
  }
}

// MAIL / RCPT: Reverse-path / Forward-path, then [SP esmtp-params] (RFC 5321 4.1.2).
failure parse_path_and_params(command& c, std::string_view rest, std::size_t rest_offset, bool has_8bit,
                             const command_options& opt) noexcept {
  const bool is_mail = c.verb == verb::mail;
  const auto ctx = is_mail ? reply_context::mail_from : reply_context::rcpt_to;
  auto fail = [&](errc e, std::size_t at) { return failure{e, rest_offset + at, ctx}; };

  path_options po;
  po.allow_null = is_mail;
  po.allow_postmaster = !is_mail;
  po.check_u_labels = opt.check_u_labels;
  po.limits = opt.limits;
  // RFC 6531 3.4: a MAIL may carry UTF-8 only with its own SMTPUTF8 parameter, which
  // comes after the path; parse leniently first, then decide below.
  po.allow_utf8 = has_8bit && (is_mail || opt.smtputf8_transaction);
  std::size_t path_len = 0;
  auto pr = detail::parse_path_prefix(rest, po, path_len);
  if (!pr) return fail(pr.error, pr.error_offset);
  if (!is_mail && pr.value.null) return fail(errc::null_path_not_permitted, 0);
  c.path = pr.value;

  std::string_view params_text;
  if (path_len < rest.size()) {
    if (rest[path_len] != ' ' || path_len + 1 == rest.size()) return fail(errc::invalid_path, path_len);
    params_text = rest.substr(path_len + 1);
  }
  esmtp_param_options eo;
  eo.max_parameters = opt.max_parameters;
  eo.allow_utf8 = has_8bit && (is_mail || opt.smtputf8_transaction);
  std::size_t params_error_at = 0;
  if (const errc pe = detail::parse_esmtp_params_into(params_text, eo, c.params, params_error_at); pe != errc{})
    return fail(pe, path_len + 1 + params_error_at);

  if (is_mail && has_8bit && !c.params.find(param_id::smtputf8)) {
    // Without SMTPUTF8 the same line is judged again strictly, for the precise error.
    po.allow_utf8 = false;
    auto strict = detail::parse_path_prefix(rest, po, path_len);
    if (!strict) return fail(strict.error, strict.error_offset);
    if (c.params.utf8) {
      eo.allow_utf8 = false;
      auto strict_params = parse_esmtp_params(params_text, eo);
      if (!strict_params) return fail(strict_params.error, path_len + 1 + strict_params.error_offset);
    }
  }

  std::size_t failed = 0;
  const errc de = is_mail ? decode_mail_parameters(c.params, opt.params, c.mail, &failed)
                          : decode_rcpt_parameters(c.params, opt.params, c.rcpt, &failed);
  if (de != errc{}) {
    // Point at the offending parameter.
    const std::size_t at = failed < c.params.size()
                               ? static_cast<std::size_t>(c.params.items[failed].keyword.data() - rest.data())
                               : path_len + 1;
    return fail(de, at);
  }
  return {};
}

}  // namespace

std::string_view to_string(verb v) noexcept {
  const auto i = static_cast<std::size_t>(v);
  return i < verb_names.size() ? verb_names[i] : std::string_view{};
}

namespace {

// A limit plus an allowance, at most SIZE_MAX: a limit near it (no limit, in effect) must not
// wrap round to a small one.
std::size_t plus_allowance(std::size_t limit, std::size_t allowance) noexcept {
  return limit > SIZE_MAX - allowance ? SIZE_MAX : limit + allowance;
}

}  // namespace

std::size_t command_options::max_reader_line() const noexcept {
  const auto mail = mail_line_allowance(params.extensions);
  const auto rcpt = rcpt_line_allowance(params.extensions);
  return plus_allowance(max_line_length, mail > rcpt ? mail : rcpt);
}

namespace {

// RFC 5321 4.5.3.1.4: 512 octets including CRLF, plus the extensions' allowances.
std::size_t line_limit(verb v, const command_options& opt) noexcept {
  if (v == verb::mail) return plus_allowance(opt.max_line_length, mail_line_allowance(opt.params.extensions));
  if (v == verb::rcpt) return plus_allowance(opt.max_line_length, rcpt_line_allowance(opt.params.extensions));
  return opt.max_line_length;
}

// A MAIL / RCPT line the machine matched whole, path and parameters in the one pass: the
// command, if every policy holds. On false the line goes the long way (parse_into below),
// which derives everything again and reports the precise error; that is only ever the
// case for refused lines. fuzz/fuzz_command.cpp checks both ways give the same result.
bool accept_matched_mail_rcpt(command& c, std::string_view line, std::string_view trimmed, const command_scan& s,
                              const command_options& opt) noexcept {
  const detail::esmtp_scan& ps = s.params;
  if ((s.space_after_colon && !opt.allow_space_after_colon) || ps.overflow_at != command_scan::npos ||
      ps.duplicate_at != command_scan::npos || line.size() + 2 > line_limit(s.v, opt))
    return false;
  const bool is_mail = s.v == verb::mail;
  // RFC 6531 3.4: UTF-8 only in a MAIL with SMTPUTF8, or a RCPT of such a transaction.
  const bool utf8_allowed =
      is_mail ? (ps.seen_ids & (1U << static_cast<unsigned>(param_id::smtputf8))) != 0 : opt.smtputf8_transaction;
  if (ps.utf8 && !utf8_allowed) return false;
  path_options po;
  po.allow_null = is_mail;
  po.allow_postmaster = !is_mail;
  po.check_u_labels = opt.check_u_labels;
  po.limits = opt.limits;
  po.allow_utf8 = utf8_allowed;
  const std::size_t at = s.at == command_scan::npos ? command_scan::npos : s.at - s.arg_begin;
  if (!detail::accept_matched_path(trimmed.substr(s.arg_begin, s.path_end - s.arg_begin), at, po, c.path))
    return false;
  c.params.utf8 = ps.utf8;
  const errc de = is_mail ? decode_mail_parameters(c.params, opt.params, c.mail)
                          : decode_rcpt_parameters(c.params, opt.params, c.rcpt);
  if (de != errc{}) return false;
  c.verb = s.v;
  c.line = line;
  c.arg = trimmed.substr(s.arg_begin);
  return true;
}

// The shape nearly every MAIL / RCPT line has: "MAIL FROM:<" or "RCPT TO:<" in any case,
// a path path_scan::run_fast takes (Dot-string or Quoted-string "@" Domain or IPv4 literal,
// or "<>"), plain ASCII parameters. The fast paths of the path and parameter grammars
// (fuzz/fuzz_path.cpp and fuzz/fuzz_esmtp_params.cpp check each against its machine) and
// the result built in place, without the general host's detours. Only ever accepts, with
// the result the machine route gives (tests/command_routes_test.cpp, fuzz/fuzz_command.cpp);
// anything else, refusals included, is left to the machine. Measured in
// bench/command_bench.cpp.
bool parse_mail_rcpt_fast(std::string_view line, std::string_view trimmed, const command_options& opt,
                          command& c) noexcept {
  const auto* b = reinterpret_cast<const unsigned char*>(trimmed.data());
  const std::size_t n = trimmed.size();
  if (n < 11) return false;  // "RCPT TO:<>" is refused anyway
  auto word = [](const void* bytes) {
    std::uint64_t v;
    std::memcpy(&v, bytes, 8);
    return v;
  };
  // Case-fold the letters only: OR-ing 0x20 into SP would let NUL match it.
  static constexpr unsigned char mail_fold[8] = {0x20, 0x20, 0x20, 0x20, 0, 0x20, 0x20, 0x20};
  static constexpr unsigned char rcpt_fold[8] = {0x20, 0x20, 0x20, 0x20, 0, 0x20, 0x20, 0};
  const std::uint64_t head = word(b);
  std::size_t lt;  // the path's "<"
  verb v;
  if ((head | word(mail_fold)) == word("mail fro")) {
    if ((b[8] | 0x20) != 'm' || b[9] != ':' || b[10] != '<') return false;
    v = verb::mail;
    lt = 10;
  } else if ((head | word(rcpt_fold)) == word("rcpt to:")) {
    if (b[8] != '<') return false;
    v = verb::rcpt;
    lt = 8;
  } else {
    return false;
  }
  const bool is_mail = v == verb::mail;
  if (line.size() + 2 > line_limit(v, opt)) return false;

  detail::path_scan path;
  if (!path.run_fast(b + lt, n - lt, lt)) return false;
  const std::size_t path_end = lt + path.stop;
  detail::esmtp_scan params;
  params.out = &c.params;
  params.limit = std::min(opt.max_parameters, esmtp_param_list::capacity);
  c.params.count = 0;
  if (path_end < n) {
    const unsigned char* text = b + path_end + 1;
    const std::size_t size = n - path_end - 1;
    if (b[path_end] != ' ' || !params.run_ascii_fast(text, size) ||
        params.overflow_at != command_scan::npos || params.duplicate_at != command_scan::npos)
      return false;
  }
  // RFC 6531 3.4: UTF-8 only in a MAIL with SMTPUTF8, or a RCPT of such a transaction.
  if (path.non_ascii &&
      !(is_mail ? (params.seen_ids & (1U << static_cast<unsigned>(param_id::smtputf8))) != 0
                : opt.smtputf8_transaction))
    return false;

  const std::string_view text = trimmed.substr(lt, path.stop);
  // RFC 5321 4.5.3.1.3, "<>" included (a limit below 2 refuses even that).
  if (text.size() > opt.limits.max_path) return false;
  if (path.at == command_scan::npos) {  // "<>", RFC 5321 4.5.5: MAIL only
    if (!is_mail) return false;
    c.path = path_view{text, true, false, {}, mailbox_view{}};
  } else {
    // RFC 5321 4.5.3.1: the limits; parse_path_prefix reports any breach.
    const std::string_view local = text.substr(1, path.at - 1);
    const std::string_view domain = text.substr(path.at + 1, path.stop - path.at - 2);
    const address_limits& lim = opt.limits;
    if (local.size() > lim.max_local_part || domain.size() > lim.max_domain) return false;
    const literal_kind literal = domain.front() == '[' ? literal_kind::ipv4 : literal_kind::none;
    bool idn = false;
    if (literal == literal_kind::none) {
      if (path.non_ascii && detail::find_non_ascii(domain) != command_scan::npos) {
        // RFC 5890/5891 by libidn2; a refusal is reported by the long way.
        if (opt.check_u_labels && detail::find_invalid_u_label(domain) != command_scan::npos) return false;
        idn = true;
      } else {
        idn = path.domain_hyphen && detail::has_a_label(domain);
      }
    }
    c.path = path_view{text, false, false, {}, mailbox_view{local, domain, literal, local.front() == '"',
                                                            path.non_ascii, idn}};
  }
  c.params.utf8 = false;  // run_ascii_fast takes ASCII values only
  const errc de = is_mail ? decode_mail_parameters(c.params, opt.params, c.mail)
                          : decode_rcpt_parameters(c.params, opt.params, c.rcpt);
  if (de != errc{}) return false;
  c.verb = v;
  c.line = line;
  c.arg = trimmed.substr(lt);
  return true;
}

// The other lines a session is made of, when they are as plain as they usually are: a bare
// four-letter verb (DATA, QUIT, RSET, NOOP, HELP, ATRN) and EHLO/HELO/LHLO with an ASCII
// Domain. Only ever accepts, with what the machine would record; printable ASCII only.
bool scan_simple_fast(std::string_view trimmed, command_scan& s) noexcept {
  const auto* b = reinterpret_cast<const unsigned char*>(trimmed.data());
  const std::size_t n = trimmed.size();
  if (n < 4) return false;
  auto word = [](const void* bytes) {
    std::uint32_t v;
    std::memcpy(&v, bytes, 4);
    return v;
  };
  // Every byte of the verbs below is a letter: OR-ing 0x20 folds case and lets nothing else match.
  const std::uint32_t verb4 = word(b) | 0x20202020U;
  if (n == 4) {
    static constexpr std::pair<const char*, verb> bare[] = {{"data", verb::data}, {"quit", verb::quit},
                                                            {"rset", verb::rset}, {"noop", verb::noop},
                                                            {"help", verb::help}, {"atrn", verb::atrn}};
    for (const auto& [name, v] : bare) {
      if (verb4 == word(name)) {
        s.v = v;
        s.verb_end = 4;
        s.stop = 4;
        s.accepted = true;
        return true;
      }
    }
    return false;
  }
  if (b[4] != ' ') return false;
  verb v{};
  if (verb4 == word("ehlo")) v = verb::ehlo;
  else if (verb4 == word("helo")) v = verb::helo;
  else if (verb4 == word("lhlo")) v = verb::lhlo;
  else return false;
  bool non_ascii = false, hyphen = false;
  // RFC 5321 4.1.1.1 and 4.5.3.1.2: a Domain of at most 255 octets, all validate_helo_domain
  // would check of it.
  if (n - 5 > address_limits{}.max_domain || detail::scan_domain_fast(b, 5, n, false, non_ascii, hyphen) != n)
    return false;
  s.v = v;
  s.verb_end = 4;
  s.arg_begin = 5;
  s.stop = n;
  s.accepted = true;
  return true;
}

failure parse_into(std::string_view line, const command_options& opt, command& c, detail::command_route route) noexcept {
  if (line.size() >= 2 && line[line.size() - 2] == '\r' && line.back() == '\n') line.remove_suffix(2);

  // Deliberate leniency: trailing SP is ignored (clients send "QUIT " and "DATA ").
  std::string_view trimmed = line;
  while (!trimmed.empty() && trimmed.back() == ' ') trimmed.remove_suffix(1);

  const bool lanes = route == detail::command_route::fastest;
  if (lanes && (detail::take_command_vector(reinterpret_cast<const unsigned char*>(line.data()), line.size(), false,
                                            opt, c) != 0 ||
                parse_mail_rcpt_fast(line, trimmed, opt, c)))
    return {};
  command_scan s;
  s.params.out = &c.params;
  s.params.limit = std::min(opt.max_parameters, esmtp_param_list::capacity);
  c.params.count = 0;
  // A line the simple fast lane took is printable ASCII and SP only: nothing to scan for.
  const bool plain_ascii = lanes && scan_simple_fast(trimmed, s);
  if (!plain_ascii) {
    detail::scan_command_line(reinterpret_cast<const unsigned char*>(trimmed.data()), trimmed.size(), s);
    // The common case: a MAIL or RCPT line matched whole. Its grammar admits no control
    // byte, so the framing scan below has nothing to find.
    if (s.accepted && (s.v == verb::mail || s.v == verb::rcpt) && route != detail::command_route::separate_parsers &&
        accept_matched_mail_rcpt(c, line, trimmed, s, opt))
      return {};
  }

  // Framing first: bytes no command may hold, with their own errors.
  const byte_scan bytes = plain_ascii ? byte_scan{} : scan_bytes(line);
  if (bytes.error != errc{}) return failure{bytes.error, bytes.error_at};
  if (trimmed.empty()) return failure{errc::syntax_error, 0};

  if ((s.v == verb::mail || s.v == verb::rcpt) && s.colon_end != command_scan::npos) {
    // Whatever follows "FROM:" / "TO:" is judged by the path and parameter parsers, which
    // say precisely what is wrong with it.
    std::size_t i = s.colon_end;
    while (i < trimmed.size() && trimmed[i] == ' ') ++i;
    s.space_after_colon = i > s.colon_end;
    if (i < trimmed.size()) {
      s.arg_begin = i;
      s.accepted = true;
    }
  }
  if (!s.accepted) return machine_error(s, trimmed);

  c.verb = s.v;
  c.line = line;
  if (s.arg_begin != command_scan::npos) c.arg = trimmed.substr(s.arg_begin);
  const auto ctx = context_of(c.verb);

  const std::size_t limit = line_limit(c.verb, opt);
  if (line.size() + 2 > limit) return failure{errc::line_too_long, limit > 2 ? limit - 2 : 0, ctx};

  const bool has_8bit = bytes.first_8bit != std::string_view::npos;
  if (has_8bit && !eight_bit_allowed(c)) return failure{errc::eight_bit_byte, bytes.first_8bit, ctx};

  std::size_t error_at = s.arg_begin;
  errc e{};
  switch (c.verb) {
    case verb::helo:
    case verb::ehlo:
    case verb::lhlo:
      // The simple fast lane took only what validate_helo_domain accepts as a plain Domain.
      if (opt.strict_helo && !plain_ascii) e = detail::validate_helo_domain(c.arg, false, c.helo_literal);
      break;
    case verb::mail:
    case verb::rcpt: {
      if (s.space_after_colon && !opt.allow_space_after_colon)
        return failure{errc::invalid_path, s.arg_begin - 1, ctx};
      if (const failure f = parse_path_and_params(c, c.arg, s.arg_begin, has_8bit, opt); f.error != errc{}) return f;
      break;
    }
    case verb::vrfy:
    case verb::expn:
      if (has_8bit && validate_utf8(c.arg) != c.arg.size()) {
        error_at = s.arg_begin + validate_utf8(c.arg);
        e = errc::invalid_utf8;
      }
      break;
    case verb::auth:
      c.auth_mechanism = trimmed.substr(s.arg_begin, s.tok1_end - s.arg_begin);
      if (s.tok2_begin != command_scan::npos) {
        c.has_initial_response = true;
        c.auth_initial_response = trimmed.substr(s.tok2_begin);
        // RFC 4954 4: "=" is a zero-length initial response.
        if (c.auth_initial_response == "=") c.auth_initial_response = {};
        else if (!detail::is_base64(c.auth_initial_response)) {
          error_at = s.tok2_begin;
          e = errc::invalid_base64;
        }
      }
      break;
    case verb::bdat:
      if (s.number_overflow) e = errc::message_size_exceeded;
      c.bdat_size = s.number;
      c.last = s.last;
      break;
    case verb::burl:
      c.burl_url = trimmed.substr(s.arg_begin, s.tok1_end - s.arg_begin);
      c.last = s.last;
      break;
    case verb::etrn:
      e = check_etrn(c.arg);
      break;
    case verb::atrn:
      if (!c.arg.empty()) {
        std::size_t at = 0;
        e = check_atrn(c.arg, at);
        error_at = s.arg_begin + at;
      }
      break;
    case verb::xclient:
    case verb::xforward: {
      std::size_t at = 0;
      e = check_xcommand_attributes(c, opt, at);
      error_at = s.arg_begin + at;
      break;
    }
    default:
      break;
  }
  if (e != errc{}) return failure{e, error_at == command_scan::npos ? 0 : error_at, ctx};
  return {};
}

}  // namespace

void detail::parse_command_into(std::string_view line, const command_options& opt, command_route route,
                                parse_result<command>& r) noexcept {
  const failure f = parse_into(line, opt, r.value, route);
  if (f.error != errc{}) {
    r.value = command{};  // a failed parse never yields a partial value
    r.error = f.error;
    r.error_offset = f.at;
    r.context = f.ctx;
  }
}

parse_result<command> detail::parse_command_via(std::string_view line, const command_options& opt,
                                                command_route route) noexcept {
  parse_result<command> r;  // the only object returned: built in place, never copied
  parse_command_into(line, opt, route, r);
  return r;
}

parse_result<command> parse_command(std::string_view line, const command_options& opt) noexcept {
  return detail::parse_command_via(line, opt, detail::command_route::fastest);
}

namespace {

bool is_plain_text(std::string_view s) noexcept {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

errc write_path_of(const path_view& p, std::string& out, bool utf8) {
  if (p.null) {
    out += "<>";
    return errc{};
  }
  if (p.postmaster) {
    out += "<Postmaster>";
    return errc{};
  }
  std::string local;
  if (!decode_local_part(p.mailbox.local_part, local)) return errc::invalid_local_part;
  path_options po;
  po.allow_utf8 = utf8;
  return write_path(local, p.mailbox.domain, out, po);
}

}  // namespace

errc write_command(const command& c, std::string& out) {
  if (c.verb == verb::unknown) return errc::unknown_command;
  std::string line(to_string(c.verb));
  errc e{};
  switch (c.verb) {
    case verb::mail:
    case verb::rcpt: {
      line += c.verb == verb::mail ? " FROM:" : " TO:";
      const bool utf8 = c.verb == verb::mail ? c.params.find(param_id::smtputf8) != nullptr : c.path.mailbox.utf8;
      e = write_path_of(c.path, line, utf8);
      for (const auto& p : c.params)
        if (e == errc{}) e = write_esmtp_param(p.keyword, p.value, p.has_value, line);
      break;
    }
    case verb::auth: {
      // RFC 4422 3.1 sasl-mech; RFC 4954 4 initial response is base64 or "=".
      const bool mech_ok = !c.auth_mechanism.empty() && c.auth_mechanism.size() <= 20 &&
                           c.auth_mechanism.find_first_not_of(
                               "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string_view::npos;
      if (!mech_ok) return errc::invalid_argument;
      if (c.has_initial_response && !c.auth_initial_response.empty() && !detail::is_base64(c.auth_initial_response))
        return errc::invalid_base64;
      line += ' ';
      line += c.auth_mechanism;
      if (c.has_initial_response) {
        line += ' ';
        if (c.auth_initial_response.empty()) line += '=';
        else line += c.auth_initial_response;
      }
      break;
    }
    case verb::bdat:
      line += ' ';
      line += std::to_string(c.bdat_size);
      if (c.last) line += " LAST";
      break;
    case verb::xclient:
    case verb::xforward:
      // Each attribute is written as " NAME=value", the same form as an esmtp-param.
      if (c.params.empty()) return errc::missing_argument;
      for (const auto& p : c.params)
        if (e == errc{}) e = write_esmtp_param(p.keyword, p.value, p.has_value, line);
      break;
    default:
      if (!is_plain_text(c.arg)) return errc::invalid_argument;
      if (!c.arg.empty()) {
        line += ' ';
        line += c.arg;
      }
      break;
  }
  if (e != errc{}) return e;
  line += "\r\n";
  out += line;
  return errc{};
}

}  // namespace smtpcodec
