// Fuzz target: ESMTP parameter lists (parse_esmtp_params), their typed decoding on both
// commands, the writer, and the xtext / RFC 6533 codecs.
//
// Input: byte 0 = options (bit 0 allow_utf8, bit 1 reject_unknown, bits 2..7 switch off
// extensions), byte 1 = max_parameters, the rest = the parameter text after the path.
// Invariants:
//  - the hand-written ASCII fast path and the Ragel machine agree whenever the fast path
//    accepts (it may only accept what the machine accepts, with the same parameters);
//  - every view in the list and in the decoded values lies inside the input;
//  - a failed parse or decode yields a default value; a failed decode names a parameter;
//  - re-serialising the parsed list with write_esmtp_param gives back the input byte for byte,
//    and re-parsing that gives the same list;
//  - xtext_encode of arbitrary bytes is valid xtext and decodes back to them;
//  - xtext_decode / utf8_addr_decode output never holds NUL, CR or LF unless the xtext
//    spelled it ("+00", "+0D", "+0A"); the RFC 6533 form cannot express them at all.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "detail/esmtp_params_machine.hpp"
#include "fuzz_check.hpp"
#include "smtpcodec/esmtp.hpp"
#include "smtpcodec/xtext.hpp"

namespace {

using namespace smtpcodec;

using smtpcodec::fuzz::check;
using smtpcodec::fuzz::inside;

void check_list(const esmtp_param_list& list, std::string_view in, const esmtp_param_options& opt) {
  check(list.size() <= esmtp_param_list::capacity && list.size() <= opt.max_parameters);
  for (const auto& p : list) {
    check(inside(p.keyword, in) && inside(p.value, in));
    check(!p.keyword.empty());
    check(p.has_value == !p.value.empty());
    check(find_param_id(p.keyword) == p.id);
  }
  // Re-serialise: the strict grammar makes the writer's output equal the input.
  std::string wire;
  for (const auto& p : list) check(write_esmtp_param(p.keyword, p.value, p.has_value, wire, opt.allow_utf8) == errc{});
  const std::string_view body = wire.empty() ? std::string_view() : std::string_view(wire).substr(1);
  check(body == in);
  const auto again = parse_esmtp_params(body, opt);
  check(again.ok() && again.value.size() == list.size() && again.value.utf8 == list.utf8);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& a = list.items[i];
    const auto& b = again.value.items[i];
    check(a.keyword == b.keyword && a.value == b.value && a.has_value == b.has_value && a.id == b.id);
  }
}

void check_fast_path(std::string_view in) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(in.data());
  esmtp_param_list fast_list, machine_list;
  detail::esmtp_scan fast, machine;
  fast.out = &fast_list;
  machine.out = &machine_list;
  fast.limit = machine.limit = esmtp_param_list::capacity;
  if (!fast.run_ascii_fast(bytes, in.size())) return;
  machine.run(detail::esmtp_rule::mail_parameters, bytes, in.size());
  check(machine.accepted && machine.stop == in.size() && fast_list.size() == machine_list.size());
  check(fast.overflow_at == machine.overflow_at && fast.duplicate_at == machine.duplicate_at && !machine.utf8);
  for (std::size_t i = 0; i < fast_list.size(); ++i) {
    const auto& a = fast_list.items[i];
    const auto& b = machine_list.items[i];
    check(a.keyword.data() == b.keyword.data() && a.keyword.size() == b.keyword.size());
    check(a.value.data() == b.value.data() && a.value.size() == b.value.size() && a.has_value == b.has_value);
  }
}

void check_decode(const esmtp_param_list& list, std::string_view in, const param_decode_options& opt) {
  mail_parameters m;
  std::size_t index = SIZE_MAX;
  if (decode_mail_parameters(list, opt, m, &index) == errc{}) {
    check(inside(m.envid, in) && inside(m.auth, in) && inside(m.holduntil, in));
    check(!(m.has_holdfor && !m.holduntil.empty()));
    check(m.mt_priority >= -9 && m.mt_priority <= 9);
    std::string scratch;
    if (!m.envid.empty()) check(xtext_decode(m.envid, scratch).ok());
    if (m.has_auth) check(xtext_decode(m.auth, scratch).ok());
  } else {
    check(index < list.size());
    check(!m.has_size && m.envid.empty() && !m.smtputf8);
  }
  rcpt_parameters r;
  index = SIZE_MAX;
  if (decode_rcpt_parameters(list, opt, r, &index) == errc{}) {
    check(inside(r.orcpt_type, in) && inside(r.orcpt_address, in) && inside(r.rrvs_time, in));
    check((r.notify & notify_never) == 0 || r.notify == notify_never);
    if (r.has_orcpt) {
      std::string scratch;
      std::string type(r.orcpt_type);
      for (auto& c : type) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      const bool utf8_type = type == "utf-8";
      const auto d = utf8_type ? utf8_addr_decode(r.orcpt_address, scratch, true) : xtext_decode(r.orcpt_address, scratch);
      check(d.ok());
    }
  } else {
    check(index < list.size());
    check(!r.has_orcpt && r.notify == 0);
  }
}

void check_codecs(std::string_view raw) {
  // Arbitrary bytes -> xtext -> the same bytes.
  std::string wire;
  xtext_encode(raw, wire);
  check(raw.empty() ? wire.empty() : is_xtext(wire));
  std::string scratch;
  if (!raw.empty()) {
    const auto back = xtext_decode(wire, scratch);
    check(back.ok() && back.value == raw);
  }
  // The input read as xtext: a view of it when unescaped; a second round trip is stable.
  const auto d = xtext_decode(raw, scratch);
  check(d.ok() == is_xtext(raw));
  if (d.ok()) {
    if (raw.find('+') == std::string_view::npos) check(d.value.data() == raw.data());
    std::string again;
    xtext_encode(d.value, again);
    std::string scratch2;
    const auto twice = xtext_decode(again, scratch2);
    check(twice.ok() && twice.value == d.value);
  } else {
    check(d.error == errc::invalid_xtext && d.error_offset <= raw.size());
  }
  // RFC 6533: no escape can produce NUL, CR or LF.
  for (const bool unitext : {false, true}) {
    const auto u = utf8_addr_decode(raw, scratch, unitext);
    if (u.ok()) check(u.value.find_first_of(std::string_view("\0\r\n", 3)) == std::string_view::npos);
    else check(u.error_offset <= raw.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t flags = data[0];
  esmtp_param_options po;
  po.allow_utf8 = (flags & 1) != 0;
  po.max_parameters = data[1];
  const std::string_view in(reinterpret_cast<const char*>(data + 2), size - 2);

  check_fast_path(in);
  // The xtext fast path only accepts what the machine accepts.
  check(!detail::xtext_ascii_fast(in) || detail::match_rule(detail::esmtp_rule::xtext, in));
  const auto r = parse_esmtp_params(in, po);
  if (r.ok()) {
    check_list(r.value, in, po);
    param_decode_options dopt;
    dopt.reject_unknown = (flags & 2) != 0;
    extension_set& e = dopt.extensions;
    e.size = (flags & 4) == 0;
    e.dsn = (flags & 8) == 0;
    e.eight_bit_mime = e.binary_mime = (flags & 16) == 0;
    e.future_release = (flags & 32) == 0;
    e.deliver_by = e.rrvs = (flags & 64) == 0;
    e.auth = e.mt_priority = e.requiretls = e.smtputf8 = (flags & 128) == 0;
    dopt.max_message_size = flags & 4 ? 0 : 1'000'000;
    check_decode(r.value, in, dopt);
  } else {
    check(r.value.empty() && r.error_offset <= in.size());
  }
  check_codecs(in);
  return 0;
}
