// EHLO capabilities: reading a server's 250 reply to EHLO into typed capabilities, and
// writing one from a configured set (RFC 5321 4.1.1.1 ehlo-ok-rsp). Line syntax comes
// from the ehlo_line machine (ragel/ehlo_keyword.rl); each known keyword's parameters
// are checked here against its own RFC. The writer checks every line it composes with
// the parser's own reader, so what it writes always reads back as the same set.
#include "smtpcodec/ehlo.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "detail/reply_line_machine.hpp"
#include "smtpcodec/address.hpp"

namespace smtpcodec {
namespace {

struct keyword_entry {
  capability_id id;
  std::string_view name;
};

constexpr keyword_entry keywords[] = {
    {capability_id::size, "SIZE"},
    {capability_id::auth, "AUTH"},
    {capability_id::eight_bit_mime, "8BITMIME"},
    {capability_id::binary_mime, "BINARYMIME"},
    {capability_id::chunking, "CHUNKING"},
    {capability_id::pipelining, "PIPELINING"},
    {capability_id::smtputf8, "SMTPUTF8"},
    {capability_id::starttls, "STARTTLS"},
    {capability_id::dsn, "DSN"},
    {capability_id::enhanced_status_codes, "ENHANCEDSTATUSCODES"},
    {capability_id::requiretls, "REQUIRETLS"},
    {capability_id::mt_priority, "MT-PRIORITY"},
    {capability_id::deliver_by, "DELIVERBY"},
    {capability_id::future_release, "FUTURERELEASE"},
    {capability_id::etrn, "ETRN"},
    {capability_id::atrn, "ATRN"},
    {capability_id::vrfy, "VRFY"},
    {capability_id::expn, "EXPN"},
    {capability_id::help, "HELP"},
    {capability_id::limits, "LIMITS"},
    {capability_id::burl, "BURL"},
    {capability_id::rrvs, "RRVS"},
    {capability_id::xclient, "XCLIENT"},
    {capability_id::xforward, "XFORWARD"},
};

constexpr char upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (upper(a[i]) != upper(b[i])) return false;
  return true;
}

// 1*max_digits DIGIT into out; false for anything else (including overflow of 64 bits).
bool read_uint(std::string_view s, std::size_t max_digits, std::uint64_t& out) noexcept {
  if (s.empty() || s.size() > max_digits) return false;
  std::uint64_t v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

// Splits params on single SPs (valid lines have no other spacing).
std::size_t count_tokens(std::string_view params) noexcept {
  if (params.empty()) return 0;
  std::size_t n = 1;
  for (const char c : params) n += c == ' ';
  return n;
}

std::string_view next_token(std::string_view& rest) noexcept {
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  const std::size_t sp = rest.find(' ');
  const std::string_view tok = rest.substr(0, sp);
  rest.remove_prefix(sp == std::string_view::npos ? rest.size() : sp);
  return tok;
}

// Reads the text of one EHLO line after the first.
capability read_capability(std::string_view text) noexcept {
  capability c;
  detail::ehlo_line_scan s;
  detail::scan_ehlo_line(reinterpret_cast<const unsigned char*>(text.data()), text.size(), s);
  if (s.accepted) {
    c.keyword = text.substr(0, s.kw_end);
    c.params = s.legacy_auth ? text.substr(s.kw_end) : text.substr(s.kw_end < text.size() ? s.kw_end + 1 : text.size());
  } else if (text.size() >= 5 && iequals(text.substr(0, 5), "AUTH=")) {
    c.keyword = text.substr(0, 5);
    c.params = text.substr(5);
    c.valid = false;
  } else {
    const std::size_t sp = text.find(' ');
    c.keyword = text.substr(0, sp);
    c.params = sp == std::string_view::npos ? std::string_view{} : text.substr(sp + 1);
    c.valid = false;
  }
  c.id = c.legacy() ? capability_id::auth : find_capability_id(c.keyword);
  return c;
}

// Records capability `c` in `set`. Typed values are taken only from a valid line; returns
// whether the parameters follow the keyword's RFC.
bool apply(const capability& c, capability_set& set) noexcept {
  const std::string_view p = c.params;
  const std::size_t n = count_tokens(p);
  const bool typed = c.valid;
  std::uint64_t v = 0;
  switch (c.id) {
    case capability_id::size:  // RFC 1870 4: "SIZE" [SP 1*20DIGIT]
      set.size = true;
      if (n == 0) return true;
      if (n != 1 || !read_uint(p, 20, v)) return false;
      if (typed) set.max_size = v;
      return true;
    case capability_id::auth:  // RFC 4954 3: "AUTH" 1*(SP sasl-mech)
      set.auth = true;
      if (c.legacy()) {
        set.auth_legacy = true;
        if (typed && set.auth_mechanisms.empty()) set.auth_mechanisms = p;
      } else if (typed && n > 0) {
        set.auth_mechanisms = p;  // the standard line's list wins over the legacy one
      }
      return n > 0;
    case capability_id::mt_priority:  // RFC 6710 3: "MT-PRIORITY" [SP priority-profile]
      set.mt_priority = true;
      if (typed && n == 1) set.mt_priority_profile = p;
      return n <= 1;
    case capability_id::deliver_by:  // RFC 2852 4: "DELIVERBY" [SP min-by-time], 1*9DIGIT
      set.deliver_by = true;
      if (n == 0) return true;
      if (n != 1 || !read_uint(p, 9, v)) return false;
      if (typed) set.deliver_by_min = static_cast<std::uint32_t>(v);
      return true;
    case capability_id::future_release: {  // RFC 4865 3: SP interval (1*9DIGIT) SP date-time
      set.future_release = true;
      std::string_view rest = p;
      const std::string_view interval = next_token(rest);
      const std::string_view when = next_token(rest);
      if (n != 2 || !read_uint(interval, 9, v) || when.empty()) return false;
      if (typed) {
        set.future_release_max_interval = static_cast<std::uint32_t>(v);
        set.future_release_max_datetime = when;
      }
      return true;
    }
    case capability_id::limits: {  // RFC 9422 3: SP limit *(SP limit), name=value
      set.limits = true;
      std::string_view rest = p;
      // RFC 9422 3.7: a malformed or unknown limit is ignored, not an error.
      for (std::string_view tok = next_token(rest); !tok.empty() && typed; tok = next_token(rest)) {
        const std::size_t eq = tok.find('=');
        if (eq == std::string_view::npos || !read_uint(tok.substr(eq + 1), 6, v)) continue;
        const std::string_view name = tok.substr(0, eq);
        const auto value = static_cast<std::uint32_t>(v);
        if (iequals(name, "MAILMAX")) set.limit.mailmax = value;
        else if (iequals(name, "RCPTMAX")) set.limit.rcptmax = value;
        else if (iequals(name, "RCPTDOMAINMAX")) set.limit.rcptdomainmax = value;
      }
      return true;
    }
    case capability_id::burl:  // RFC 4468 3: "BURL" [SP burl-param *(SP burl-param)]
      set.burl = true;
      if (typed) set.burl_params = p;
      return true;
    case capability_id::xclient:  // Postfix XCLIENT_README: SP attribute-name...
      set.xclient = true;
      if (typed) set.xclient_attributes = p;
      return n > 0;
    case capability_id::xforward:
      set.xforward = true;
      if (typed) set.xforward_attributes = p;
      return n > 0;
    case capability_id::eight_bit_mime: set.eight_bit_mime = true; break;
    case capability_id::binary_mime: set.binary_mime = true; break;
    case capability_id::chunking: set.chunking = true; break;
    case capability_id::pipelining: set.pipelining = true; break;
    case capability_id::smtputf8: set.smtputf8 = true; break;
    case capability_id::starttls: set.starttls = true; break;
    case capability_id::dsn: set.dsn = true; break;
    case capability_id::enhanced_status_codes: set.enhanced_status_codes = true; break;
    case capability_id::requiretls: set.requiretls = true; break;
    case capability_id::etrn: set.etrn = true; break;
    case capability_id::atrn: set.atrn = true; break;
    case capability_id::vrfy: set.vrfy = true; break;
    case capability_id::expn: set.expn = true; break;
    case capability_id::help: set.help = true; break;
    case capability_id::rrvs: set.rrvs = true; break;
    case capability_id::unknown: return true;
  }
  return n == 0;  // the keywords without parameters
}

// A bit per (id, legacy form), for finding repeated keywords.
std::uint64_t seen_bit(const capability& c) noexcept {
  return c.legacy() ? std::uint64_t{1} << 63 : std::uint64_t{1} << static_cast<unsigned>(c.id);
}

bool valid_domain(std::string_view domain) noexcept {
  if (domain.empty()) return false;
  for (const char ch : domain) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return validate_utf8(domain) == domain.size();
}

}  // namespace

std::string_view to_string(capability_id id) noexcept {
  for (const auto& k : keywords)
    if (k.id == id) return k.name;
  return {};
}

capability_id find_capability_id(std::string_view keyword) noexcept {
  for (const auto& k : keywords)
    if (iequals(k.name, keyword)) return k.id;
  return capability_id::unknown;
}

const capability* ehlo_capabilities::find(capability_id id) const noexcept {
  for (const auto& c : *this)
    if (c.id == id) return &c;
  return nullptr;
}

const capability* ehlo_capabilities::find(std::string_view keyword) const noexcept {
  for (const auto& c : *this)
    if (iequals(c.keyword, keyword)) return &c;
  return nullptr;
}

bool ehlo_capabilities::supports_auth(std::string_view mechanism) const noexcept {
  for (const auto& c : *this) {
    if (c.id != capability_id::auth) continue;
    std::string_view rest = c.params;
    for (std::string_view tok = next_token(rest); !tok.empty(); tok = next_token(rest))
      if (iequals(tok, mechanism)) return true;
  }
  return false;
}

parse_result<ehlo_capabilities> parse_ehlo_reply(const reply_view& reply, const ehlo_parse_options& opt) noexcept {
  using R = parse_result<ehlo_capabilities>;
  if (reply.code != 250) return R::failure(errc::invalid_ehlo_reply, 0);
  R r;
  ehlo_capabilities& caps = r.value;
  std::uint64_t seen = 0;
  std::size_t index = 0;
  for (const reply_line& line : reply) {
    if (index == 0) {
      // RFC 5321 4.1.1.1: "250" SP Domain [ SP ehlo-greet ]
      const std::size_t sp = line.text.find(' ');
      caps.domain = line.text.substr(0, sp);
      caps.greeting = sp == std::string_view::npos ? std::string_view{} : line.text.substr(sp + 1);
      if (caps.domain.empty()) return R::failure(errc::invalid_ehlo_reply, 0);
    } else {
      if (caps.count == ehlo_capabilities::capacity) return R::failure(errc::too_many_capabilities, index);
      capability c = read_capability(line.text);
      const bool repeated = c.id != capability_id::unknown && (seen & seen_bit(c));
      capability_set scratch = caps.set;
      c.valid = apply(c, scratch) && c.valid;
      if (opt.strict && (!c.valid || repeated)) return R::failure(errc::invalid_capability, index);
      if (!repeated) caps.set = scratch;
      if (c.id != capability_id::unknown) seen |= seen_bit(c);
      caps.items[caps.count++] = c;
    }
    ++index;
  }
  return r;
}

errc write_ehlo_reply(std::string_view domain, std::string_view greeting, const capability_set& set,
                      std::span<const capability> extra, std::string& out, const reply_writer_options& opt) {
  if (!valid_domain(domain)) return errc::invalid_ehlo_reply;
  std::vector<std::string> lines;
  lines.emplace_back(domain);
  if (!greeting.empty()) (lines.back() += ' ') += greeting;

  auto add = [&](capability_id id, std::string_view params = {}) {
    std::string l(to_string(id));
    if (!params.empty()) (l += ' ') += params;
    lines.push_back(std::move(l));
  };
  // A conventional order (Postfix's, with the rest after it).
  if (set.pipelining) add(capability_id::pipelining);
  if (set.size) add(capability_id::size, set.max_size ? std::to_string(set.max_size) : std::string());
  if (set.vrfy) add(capability_id::vrfy);
  if (set.expn) add(capability_id::expn);
  if (set.etrn) add(capability_id::etrn);
  if (set.atrn) add(capability_id::atrn);
  if (set.starttls) add(capability_id::starttls);
  if (set.auth) {
    if (set.auth_mechanisms.empty()) return errc::invalid_capability;  // RFC 4954 3: 1+ mechanisms
    add(capability_id::auth, set.auth_mechanisms);
    if (set.auth_legacy) lines.push_back("AUTH=" + std::string(set.auth_mechanisms));
  }
  if (set.enhanced_status_codes) add(capability_id::enhanced_status_codes);
  if (set.eight_bit_mime) add(capability_id::eight_bit_mime);
  if (set.binary_mime) add(capability_id::binary_mime);
  if (set.chunking) add(capability_id::chunking);
  if (set.dsn) add(capability_id::dsn);
  if (set.smtputf8) add(capability_id::smtputf8);
  if (set.requiretls) add(capability_id::requiretls);
  if (set.mt_priority) add(capability_id::mt_priority, set.mt_priority_profile);
  if (set.deliver_by) add(capability_id::deliver_by, set.deliver_by_min ? std::to_string(set.deliver_by_min) : std::string());
  if (set.future_release)
    add(capability_id::future_release,
        std::to_string(set.future_release_max_interval) + ' ' + std::string(set.future_release_max_datetime));
  if (set.limits) {
    // RFC 9422 3: limit values are 1*6DIGIT.
    std::string p;
    const std::pair<std::string_view, std::uint32_t> limits[] = {
        {"MAILMAX", set.limit.mailmax}, {"RCPTMAX", set.limit.rcptmax}, {"RCPTDOMAINMAX", set.limit.rcptdomainmax}};
    for (const auto& [name, value] : limits) {
      if (!value) continue;
      if (value > 999999) return errc::invalid_capability;
      if (!p.empty()) p += ' ';
      ((p += name) += '=') += std::to_string(value);
    }
    add(capability_id::limits, p);
  }
  if (set.burl) add(capability_id::burl, set.burl_params);
  if (set.rrvs) add(capability_id::rrvs);
  if (set.xclient) add(capability_id::xclient, set.xclient_attributes);
  if (set.xforward) add(capability_id::xforward, set.xforward_attributes);
  if (set.help) add(capability_id::help);
  for (const capability& c : extra) {
    std::string l(c.keyword);
    if (!c.params.empty()) (l += c.legacy() ? "" : " ") += c.params;
    lines.push_back(std::move(l));
  }

  // Every line must read back as valid and fit without wrapping: a wrapped capability
  // would turn into a second, bogus one.
  const std::size_t limit = std::max<std::size_t>(opt.max_line_length, 64);
  std::vector<std::string_view> views;
  views.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (4 + l.size() + 2 > limit) return i == 0 ? errc::invalid_ehlo_reply : errc::invalid_capability;
    if (i > 0) {
      capability c = read_capability(l);
      capability_set scratch;
      if (c.keyword.empty() || !c.valid || !apply(c, scratch)) return errc::invalid_capability;
    }
    views.push_back(l);
  }
  return write_multiline_reply(250, {}, views, out, opt);
}

}  // namespace smtpcodec
