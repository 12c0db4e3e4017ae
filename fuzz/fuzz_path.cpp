// Fuzz target: paths and mailboxes (parse_path, parse_mailbox, the prefix form the command
// parser uses), the writer, validate_utf8 and the IDNA conversions.
//
// Input: byte 0 = options (bit 0 allow_utf8, bit 1 allow_null, bit 2 allow_postmaster,
// bit 3 check_u_labels, bit 4 small limits {8, 16, 32}), the rest = the text.
// Invariants:
//  - no crash; a failed parse yields a default value and an offset inside the input;
//  - every view of a successful parse lies inside the input, the flags agree with the
//    views, and the configured limits hold;
//  - without allow_utf8 nothing non-ASCII is ever accepted;
//  - the ASCII fast path accepts only what the machine accepts, with the same offsets;
//  - parse_path == parse_path_prefix + "nothing after";
//  - round trip: a parsed mailbox, decoded and written again, parses back to the same
//    decoded local part and domain;
//  - the rest split in two and handed to write_path as (local part, domain) either fails
//    or round-trips the same way (the writer can be fed anything);
//  - validate_utf8 returns a prefix that is itself valid;
//  - domain_to_ascii / domain_to_unicode: ASCII out, and stable when repeated.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "detail/path_machine.hpp"
#include "fuzz_check.hpp"
#include "smtpcodec/address.hpp"

namespace {

using namespace smtpcodec;

using smtpcodec::fuzz::check;
using smtpcodec::fuzz::inside;

bool ascii(std::string_view s) { return detail::find_non_ascii(s) == detail::path_scan::npos; }

/// Writes (decoded local, domain) with write_path and checks that it parses back the same.
void check_round_trip(std::string_view local, std::string_view domain, const path_options& opt,
                      bool must_write) {
  std::string wire = "x";  // the writer appends
  const errc e = write_path(local, domain, wire, opt);
  if (e != errc{}) {
    check(!must_write && wire == "x");
    return;
  }
  const std::string_view path = std::string_view(wire).substr(1);
  path_options back = opt;
  back.allow_null = back.allow_postmaster = true;
  const auto r = parse_path(path, back);
  check(r.ok());
  if (r.value.null) {
    check(local.empty() && domain.empty());
    return;
  }
  std::string decoded;
  check(decode_local_part(r.value.mailbox.local_part, decoded));
  check(decoded == local && r.value.mailbox.domain == domain);
  if (!r.value.postmaster) {
    std::string mailbox;
    check(write_mailbox(local, domain, mailbox, opt) == errc{});
    check("<" + mailbox + ">" == path);
    const auto m = parse_mailbox(mailbox, back);
    check(m.ok() && m.value.domain == domain);
  }
}

void check_mailbox(const mailbox_view& m, std::string_view in, const path_options& opt) {
  check(inside(m.local_part, in) && inside(m.domain, in));
  check(m.local_part.size() <= opt.limits.max_local_part && m.domain.size() <= opt.limits.max_domain);
  check(m.quoted == (!m.local_part.empty() && m.local_part.front() == '"'));
  check(m.literal == detail::classify_domain(m.domain));
  check(!m.utf8 || opt.allow_utf8);
  check(m.utf8 == !(ascii(m.local_part) && ascii(m.domain)));
  if (m.literal != literal_kind::none) check(!m.idn);
}

void check_fast_path(std::string_view in) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(in.data());
  detail::path_scan fast, machine;
  if (!fast.run_fast(bytes, in.size())) return;
  machine.run(detail::path_rule::path, bytes, in.size());
  check(machine.accepted && machine.stop == fast.stop && machine.at == fast.at);
  check(fast.non_ascii == !ascii(in.substr(0, fast.stop)));
}

void check_path(std::string_view in, const path_options& opt) {
  const auto r = parse_path(in, opt);
  std::size_t length = 0;
  const auto prefix = detail::parse_path_prefix(in, opt, length);
  if (!r.ok()) {
    check(r.error_offset <= in.size() && r.value.text.empty() && r.value.mailbox.local_part.empty());
    check(!prefix.ok() || length < in.size());
    return;
  }
  check(prefix.ok() && length == in.size());
  const path_view& p = r.value;
  check(p.text == in && in.size() <= opt.limits.max_path);
  check(opt.allow_utf8 || ascii(in));
  check(inside(p.source_route, in));
  check_mailbox(p.mailbox, in, opt);
  if (p.null) {
    check(opt.allow_null && in == "<>" && p.mailbox.local_part.empty() && p.mailbox.domain.empty());
    check_round_trip("", "", opt, true);
    return;
  }
  if (p.postmaster) {
    check(opt.allow_postmaster && p.mailbox.domain.empty() && p.mailbox.local_part.size() == 10);
    return;
  }
  // The canonical form is never longer than what was parsed (it drops the source route,
  // needless quotes and needless quoted-pairs), so every limit still holds.
  std::string decoded;
  check(decode_local_part(p.mailbox.local_part, decoded));
  check_round_trip(decoded, p.mailbox.domain, opt, true);
}

void check_bare_mailbox(std::string_view in, const path_options& opt) {
  const auto r = parse_mailbox(in, opt);
  if (!r.ok()) {
    check(r.error_offset <= in.size() && r.value.domain.empty());
    return;
  }
  check_mailbox(r.value, in, opt);
  check(r.value.local_part.size() + 1 + r.value.domain.size() == in.size());
  std::string decoded;
  check(decode_local_part(r.value.local_part, decoded));
  check_round_trip(decoded, r.value.domain, opt, true);
}

void check_text_functions(std::string_view in, bool allow_utf8) {
  const std::size_t v = validate_utf8(in);
  check(v <= in.size() && validate_utf8(in.substr(0, v)) == v);

  literal_kind kind = literal_kind::general;
  if (detail::validate_helo_domain(in, allow_utf8, kind) == errc{}) {
    check(kind == detail::classify_domain(in) && in.size() <= 255);
    check(allow_utf8 || ascii(in));
  } else {
    check(kind == literal_kind::none);
  }

  std::string a, u, again;
  if (domain_to_ascii(in, a)) {
    check(ascii(a) && !a.empty());
    check(domain_to_unicode(a, u) && domain_to_ascii(u, again) && again == a);
  } else {
    check(a.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t flags = data[0];
  path_options opt;
  opt.allow_utf8 = (flags & 1) != 0;
  opt.allow_null = (flags & 2) != 0;
  opt.allow_postmaster = (flags & 4) != 0;
  opt.check_u_labels = (flags & 8) != 0;
  if ((flags & 16) != 0) opt.limits = {8, 16, 32};
  const std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);

  check_fast_path(in);
  check_path(in, opt);
  check_bare_mailbox(in, opt);
  check_text_functions(in, opt.allow_utf8);

  // Arbitrary bytes for the writer: split at the last '@' (or in the middle).
  const std::size_t at = in.rfind('@');
  const std::size_t cut = at == std::string_view::npos ? in.size() / 2 : at;
  const std::string_view domain = at == std::string_view::npos ? in.substr(cut) : in.substr(cut + 1);
  check_round_trip(in.substr(0, cut), domain, opt, false);
  return 0;
}
