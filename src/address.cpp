// Paths and mailboxes: the host side of the path machine (ragel/path.rl). The machine
// decides the grammar and records where the local part ends; this file turns that into
// views, applies the policy the grammar leaves open (SMTPUTF8 permitted or not, "<>",
// "<Postmaster>", the length limits of RFC 5321 4.5.3.1, IDNA2008 for U-labels) and picks
// the error a failed parse reports: the earliest problem in the input, so the offset is
// where a strict parser applying every rule at once would give up.
//
// The writer (write_mailbox / write_path) runs the same machine over what it is about to
// produce, so parser and writer share one definition of every rule.
#include "smtpcodec/address.hpp"

#include <cstdint>

#include "detail/path_machine.hpp"

namespace smtpcodec {
namespace detail {
namespace {

constexpr std::size_t npos = path_scan::npos;

const unsigned char* bytes_of(std::string_view s) noexcept {
  return reinterpret_cast<const unsigned char*>(s.data());
}

bool matches(path_rule rule, std::string_view s) noexcept {
  path_scan scan;
  scan.run(rule, bytes_of(s), s.size());
  return scan.accepted;
}

/// The earliest of several errors; on a tie the one considered first wins.
struct earliest {
  errc error{};
  std::size_t at = npos;
  void consider(errc e, std::size_t offset) noexcept {
    if (offset < at) {
      error = e;
      at = offset;
    }
  }
  [[nodiscard]] bool found() const noexcept { return error != errc{}; }
};

constexpr std::size_t minus_or_zero(std::size_t a, std::size_t b) noexcept { return a > b ? a - b : 0; }

constexpr char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }


/// What parse_core matches.
enum class mode : std::uint8_t {
  path_prefix,  ///< a path at the start of the input (parse_path_prefix)
  path_whole,   ///< a path and nothing after it (parse_path)
  mailbox,      ///< a Mailbox, all of the input (parse_mailbox)
};

/// Which error a grammar failure at s.stop is: decided by which part the machine was in.
errc grammar_error(std::string_view in, const path_scan& s, bool mailbox_only, std::size_t local_begin) noexcept {
  const std::size_t e = s.stop;
  // A path that is cut short is a path error: its '>' is missing, whatever came before.
  if (!mailbox_only && (e == 0 || e == in.size() || local_begin == npos)) return errc::invalid_path;
  if (s.at != npos)
    return s.at + 1 < e && in[s.at + 1] == '[' ? errc::invalid_address_literal : errc::invalid_path_domain;
  // No "@domain" at all: the input or the path ended where the '@' was due.
  if (mailbox_only ? e == in.size() : in[e] == '>') return errc::invalid_path;
  return errc::invalid_local_part;
}

using path_result = parse_result<path_view>;

/// A successful result, built in one aggregate initialisation: every member is given, so
/// nothing is zeroed first (a value-initialised parse_result costs a `rep stos`, which
/// measured as much as the rest of the host code together).
path_result success(std::string_view text, bool null, bool postmaster, std::string_view route,
                    const mailbox_view& m) noexcept {
  return path_result{path_view{text, null, postmaster, route, m}, errc{}, 0, reply_context::generic};
}

/// Where the local part of the path in[0, end) begins: after "<" and the source route, if
/// any (the route's domains hold no ':', so its first ':' ends it). `route_end` is that ':'.
std::size_t local_part_begin(std::string_view in, std::size_t end, std::size_t& route_end) noexcept {
  route_end = npos;
  if (in.size() > 1 && in[1] == '@') {
    route_end = in.substr(0, end).find(':', 1);
    return route_end == npos ? npos : route_end + 1;
  }
  return 1;
}

/// The result for input the machine accepted and that broke no limit: in[0, end) is the
/// path (or, mailbox_only, the mailbox), `at` its mailbox '@' (npos for "<>" /
/// "<Postmaster>"). Applies the "<>" / "<Postmaster>" policy, and with `scan_utf8` finds
/// UTF-8 and checks U-labels. `consumed` is `end` on success.
path_result finish_path(std::string_view in, bool mailbox_only, std::size_t end, std::size_t at,
                        std::size_t local_begin, std::size_t route_end, const path_options& opt, bool scan_utf8,
                        std::size_t& consumed) noexcept {
  const std::size_t mailbox_end = mailbox_only ? end : end - 1;
  const std::string_view text = mailbox_only ? std::string_view() : in.substr(0, end);
  const std::string_view route = route_end != npos ? in.substr(1, route_end - 1) : std::string_view();
  if (!mailbox_only && at == npos) {
    consumed = end;
    if (end == 2) {  // "<>", RFC 5321 4.5.5
      if (!opt.allow_null) return path_result::failure(errc::null_path_not_permitted, 0);
      return success(text, true, false, route, mailbox_view{});
    }
    // "<Postmaster>", RFC 5321 4.1.1.3: where it is not allowed, '@' was due at the '>'.
    if (!opt.allow_postmaster) return path_result::failure(errc::invalid_path, end - 1);
    return success(text, false, true, route, mailbox_view{in.substr(1, end - 2), {}, literal_kind::none, false, false, false});
  }
  const std::string_view local = in.substr(local_begin, at - local_begin);
  const std::string_view domain = in.substr(at + 1, mailbox_end - at - 1);
  const literal_kind literal = classify_domain(domain);
  bool utf8 = false;
  bool idn = false;
  if (scan_utf8) {
    // The machine accepted, so any non-ASCII here is well-formed UTF-8.
    utf8 = find_non_ascii(bytes_of(in) + local_begin, mailbox_end - local_begin) != npos;
    if (utf8 && literal == literal_kind::none && find_non_ascii(domain) != npos) {
      idn = true;
      if (opt.check_u_labels) {
        const std::size_t bad = find_invalid_u_label(domain);
        if (bad != npos) return path_result::failure(errc::invalid_u_label, at + 1 + bad);
      }
    }
  }
  if (literal == literal_kind::none && !idn) idn = has_a_label(domain);
  consumed = end;
  return success(text, false, false, route, mailbox_view{local, domain, literal, local.front() == '"', utf8, idn});
}

/// Shared by parse_path_prefix, parse_path and parse_mailbox. `consumed` is the path's
/// length on success.
path_result parse_core(std::string_view in, const path_options& opt, mode how, std::size_t& consumed) noexcept {
  consumed = 0;
  const bool mailbox_only = how == mode::mailbox;
  // RFC 6531 3.5: without SMTPUTF8 a non-ASCII byte is refused as such, wherever it is and
  // whatever grammar error it would otherwise cause. The whole-input forms judge all of
  // the input first; the prefix form only what the parser looked at (below).
  // The fast path's paths are ASCII: when it took all of the input there is nothing to scan.
  // (The fast path's UTF-8 answers are left to the machine: the checks below rely on
  // what it accepts being ASCII.)
  path_scan s;
  const bool fast = !mailbox_only && s.run_fast(bytes_of(in), in.size()) && !s.non_ascii;
  if (!fast) s = path_scan{};
  if (!opt.allow_utf8 && how != mode::path_prefix && !(fast && s.stop == in.size())) {
    const std::size_t h = find_non_ascii(in);
    if (h != npos) return path_result::failure(errc::utf8_not_permitted, h);
  }
  if (!fast) s.run(mailbox_only ? path_rule::mailbox : path_rule::path, bytes_of(in), in.size());
  const bool ok = s.accepted;
  const std::size_t end = s.stop;  // end of the path / mailbox, or where the machine gave up

  std::size_t route_end = npos;
  const std::size_t local_begin = mailbox_only ? 0 : local_part_begin(in, end, route_end);
  // The domain (or the local part of "<Postmaster>" / "<>") ends before the '>'.
  const std::size_t mailbox_end = ok && !mailbox_only ? end - 1 : end;

  earliest err;
  if (!opt.allow_utf8 && how == mode::path_prefix && !fast) {
    const std::size_t scanned = ok ? end : (end < in.size() ? end + 1 : end);
    const std::size_t h = find_non_ascii(bytes_of(in), scanned);
    if (h != npos) err.consider(errc::utf8_not_permitted, h);
  }
  // RFC 5321 4.5.3.1: each limit is crossed at the first octet past it.
  const address_limits& lim = opt.limits;
  if (local_begin != npos && end > local_begin) {
    const std::size_t local_end = s.at != npos ? s.at : mailbox_end;
    if (local_end - local_begin > lim.max_local_part)
      err.consider(errc::local_part_too_long, local_begin + lim.max_local_part);
  }
  if (s.at != npos && mailbox_end - (s.at + 1) > lim.max_domain)
    err.consider(errc::domain_too_long, s.at + 1 + lim.max_domain);
  // A bare mailbox is measured as the path it would be, "<" and ">" included.
  const std::size_t path_limit_at = mailbox_only ? minus_or_zero(lim.max_path, 2) : lim.max_path;
  if (end > path_limit_at) err.consider(errc::path_too_long, path_limit_at);

  if (!ok) {
    // Ill-formed UTF-8 at (or running into) the failure point is reported as such, at the
    // first byte of the ill-formed sequence. Everything the machine passed is well-formed.
    const std::string_view window = in.substr(0, end + 4);
    const std::size_t v = validate_utf8(window);
    if (v != window.size() && v <= end)
      err.consider(errc::invalid_utf8, v);
    else
      err.consider(grammar_error(in, s, mailbox_only, local_begin), end);
    return path_result::failure(err.error, err.at);
  }
  if (err.found()) return path_result::failure(err.error, err.at);
  if (how == mode::path_whole && end != in.size()) return path_result::failure(errc::invalid_path, end);
  return finish_path(in, mailbox_only, end, s.at, local_begin, route_end, opt, opt.allow_utf8 && !fast, consumed);
}

}  // namespace

literal_kind classify_domain(std::string_view domain) noexcept {
  if (domain.size() < 2 || domain.front() != '[') return literal_kind::none;
  // The machine accepted it, so: no ':' is IPv4; "IPv6:" (any case) is IPv6; any other
  // tag is General (RFC 5321 4.1.3).
  if (domain.find(':') == std::string_view::npos) return literal_kind::ipv4;
  const std::string_view tag = domain.substr(1, 5);
  const bool v6 = tag.size() == 5 && ascii_lower(tag[0]) == 'i' && ascii_lower(tag[1]) == 'p' &&
                  ascii_lower(tag[2]) == 'v' && tag[3] == '6' && tag[4] == ':';
  return v6 ? literal_kind::ipv6 : literal_kind::general;
}

parse_result<path_view> parse_path_prefix(std::string_view in, const path_options& opt,
                                          std::size_t& path_length) noexcept {
  return parse_core(in, opt, mode::path_prefix, path_length);
}

bool accept_matched_path(std::string_view path, std::size_t at, const path_options& opt, path_view& out) noexcept {
  const std::size_t end = path.size();
  if (!opt.allow_utf8 && find_non_ascii(path) != npos) return false;
  std::size_t route_end = npos;
  const std::size_t local_begin = local_part_begin(path, end, route_end);
  // RFC 5321 4.5.3.1: the limits parse_core checks, any breach sent back to it.
  const address_limits& lim = opt.limits;
  const std::size_t local_end = at != npos ? at : end - 1;
  if (local_begin == npos || local_end - local_begin > lim.max_local_part || end > lim.max_path) return false;
  if (at != npos && end - 1 - (at + 1) > lim.max_domain) return false;
  std::size_t consumed = 0;
  const path_result r =
      finish_path(path, false, end, at, local_begin, route_end, opt, opt.allow_utf8, consumed);
  if (!r) return false;
  out = r.value;
  return true;
}

errc validate_helo_domain(std::string_view arg, bool allow_utf8, literal_kind& kind) noexcept {
  kind = literal_kind::none;
  // The usual argument, a plain ASCII Domain, without the machine.
  bool non_ascii = false, hyphen = false;
  if (scan_domain_fast(bytes_of(arg), 0, arg.size(), false, non_ascii, hyphen) == arg.size() &&
      arg.size() <= address_limits{}.max_domain)
    return errc{};
  const std::size_t h = find_non_ascii(arg);
  if (h != npos && !allow_utf8) return errc::utf8_not_permitted;
  if (!matches(path_rule::domain, arg)) {
    if (h != npos && validate_utf8(arg) != arg.size()) return errc::invalid_utf8;
    return errc::invalid_domain;
  }
  if (arg.size() > address_limits{}.max_domain) return errc::invalid_domain;  // RFC 5321 4.5.3.1.2
  const literal_kind k = classify_domain(arg);
  if (h != npos && k == literal_kind::none && find_invalid_u_label(arg) != npos) return errc::invalid_u_label;
  kind = k;
  return errc{};
}

}  // namespace detail

using detail::bytes_of;
using detail::npos;

std::string_view to_string(literal_kind k) noexcept {
  switch (k) {
    case literal_kind::ipv4: return "ipv4";
    case literal_kind::ipv6: return "ipv6";
    case literal_kind::general: return "general";
    case literal_kind::none: break;
  }
  return "";
}

parse_result<path_view> parse_path(std::string_view in, const path_options& opt) noexcept {
  std::size_t length = 0;
  return detail::parse_core(in, opt, detail::mode::path_whole, length);
}

parse_result<mailbox_view> parse_mailbox(std::string_view in, const path_options& opt) noexcept {
  using result = parse_result<mailbox_view>;
  std::size_t length = 0;
  const auto r = detail::parse_core(in, opt, detail::mode::mailbox, length);
  if (!r) return result::failure(r.error, r.error_offset);
  return result{r.value.mailbox, errc{}, 0, reply_context::generic};
}

std::size_t validate_utf8(std::string_view s) noexcept {
  const unsigned char* p = bytes_of(s);
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {  // ASCII run: skip it a word at a time
      const std::size_t skip = detail::find_non_ascii(p + i, n - i);
      if (skip == npos) return n;
      i += skip;
    }
    const std::size_t length = detail::utf8_char_length(p + i, n - i);
    if (length == 0) return i;
    i += length;
  }
  return n;
}

// ---- writer -------------------------------------------------------------------------

namespace {

/// What a decoded local part becomes on the wire.
struct local_encoding {
  errc error{};
  bool dot_string = false;
  std::size_t escapes = 0;     ///< '"' and '\' to escape when quoted
  std::size_t wire_size = 0;
};

local_encoding plan_local_part(std::string_view decoded, const path_options& opt) noexcept {
  local_encoding enc;
  if (detail::find_non_ascii(decoded) != npos) {
    if (!opt.allow_utf8) return {errc::utf8_not_permitted};
    if (validate_utf8(decoded) != decoded.size()) return {errc::invalid_utf8};
  }
  // RFC 5321 4.1.2: "a Quoted-string ... SHOULD NOT be used" where a Dot-string will do.
  enc.dot_string = !decoded.empty() && detail::matches(detail::path_rule::dot_string, decoded);
  if (!enc.dot_string) {
    for (const char ch : decoded) {
      const auto c = static_cast<unsigned char>(ch);
      // qtextSMTP / quoted-pairSMTP carry SP and printable ASCII only (and UTF-8 under
      // RFC 6531): no NUL, CR, LF, other controls or DEL, escaped or not.
      if (c < 0x20 || c == 0x7f) return {errc::invalid_local_part};
      if (c == '"' || c == '\\') ++enc.escapes;
    }
  }
  enc.wire_size = enc.dot_string ? decoded.size() : decoded.size() + 2 + enc.escapes;
  if (enc.wire_size > opt.limits.max_local_part) return {errc::local_part_too_long};
  return enc;
}

errc check_domain(std::string_view domain, const path_options& opt) noexcept {
  if (domain.empty()) return errc::invalid_path_domain;
  const bool non_ascii = detail::find_non_ascii(domain) != npos;
  if (non_ascii) {
    if (!opt.allow_utf8) return errc::utf8_not_permitted;
    if (validate_utf8(domain) != domain.size()) return errc::invalid_utf8;
  }
  if (!detail::matches(detail::path_rule::domain, domain))
    return domain.front() == '[' ? errc::invalid_address_literal : errc::invalid_path_domain;
  if (domain.size() > opt.limits.max_domain) return errc::domain_too_long;
  if (non_ascii && opt.check_u_labels && detail::classify_domain(domain) == literal_kind::none &&
      detail::find_invalid_u_label(domain) != npos)
    return errc::invalid_u_label;
  return errc{};
}

void append_local_part(std::string_view decoded, const local_encoding& enc, std::string& out) {
  if (enc.dot_string) {
    out.append(decoded);
    return;
  }
  out.push_back('"');
  for (const char c : decoded) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

/// Checks everything write_mailbox checks; on success `enc` says how to write the local part.
errc plan_mailbox(std::string_view local, std::string_view domain, const path_options& opt,
                  local_encoding& enc) noexcept {
  enc = plan_local_part(local, opt);
  if (enc.error != errc{}) return enc.error;
  if (const errc e = check_domain(domain, opt); e != errc{}) return e;
  // RFC 5321 4.5.3.1.3, counted as a path: "<" local "@" domain ">".
  if (enc.wire_size + 1 + domain.size() + 2 > opt.limits.max_path) return errc::path_too_long;
  return errc{};
}

bool iequals_ascii(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (detail::ascii_lower(a[i]) != detail::ascii_lower(b[i])) return false;
  return true;
}

}  // namespace

errc write_mailbox(std::string_view local_part_decoded, std::string_view domain, std::string& out,
                   const path_options& opt) {
  local_encoding enc;
  if (const errc e = plan_mailbox(local_part_decoded, domain, opt, enc); e != errc{}) return e;
  out.reserve(out.size() + enc.wire_size + 1 + domain.size());
  append_local_part(local_part_decoded, enc, out);
  out.push_back('@');
  out.append(domain);
  return errc{};
}

errc write_path(std::string_view local_part_decoded, std::string_view domain, std::string& out,
                const path_options& opt) {
  if (domain.empty()) {
    if (local_part_decoded.empty()) {  // RFC 5321 4.5.5: the null reverse-path
      if (!opt.allow_null) return errc::null_path_not_permitted;
      out.append("<>");
      return errc{};
    }
    if (opt.allow_postmaster && iequals_ascii(local_part_decoded, "postmaster")) {  // RFC 5321 4.1.1.3
      // The parser holds "<Postmaster>" to the limits too (it is a local part).
      if (local_part_decoded.size() > opt.limits.max_local_part) return errc::local_part_too_long;
      if (local_part_decoded.size() + 2 > opt.limits.max_path) return errc::path_too_long;
      out.push_back('<');
      out.append(local_part_decoded);
      out.push_back('>');
      return errc{};
    }
  }
  local_encoding enc;
  if (const errc e = plan_mailbox(local_part_decoded, domain, opt, enc); e != errc{}) return e;
  out.reserve(out.size() + enc.wire_size + domain.size() + 3);
  out.push_back('<');
  append_local_part(local_part_decoded, enc, out);
  out.push_back('@');
  out.append(domain);
  out.push_back('>');
  return errc{};
}

bool decode_local_part(std::string_view wire, std::string& out) {
  out.clear();
  if (!detail::matches(detail::path_rule::local_part, wire)) return false;
  if (wire.front() != '"') {
    out.assign(wire);
    return true;
  }
  // Quoted-string: drop the quotes, resolve each quoted-pairSMTP to its second octet.
  out.reserve(wire.size() - 2);
  for (std::size_t i = 1; i + 1 < wire.size(); ++i) {
    if (wire[i] == '\\') ++i;
    out.push_back(wire[i]);
  }
  return true;
}

}  // namespace smtpcodec
