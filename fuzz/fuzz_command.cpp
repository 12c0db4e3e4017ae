// fuzz_command: a server's input stream, framed by line_reader and parsed by
// parse_command. The first byte chooses the options. Invariants:
//  - no crash, no read outside the input (ASan), every view lies inside the input;
//  - a parsed command written back by write_command() and parsed again is the same
//    command (verb, path, parameters, typed values), and is exactly one line;
//  - every route through parse_command (fast lanes, the one-pass machine, the separate
//    path and parameter parsers: detail::command_route) gives the identical result;
//  - command_reader gives, event for event, what line_reader + parse_command give, with
//    the input whole and fed in pieces (of 1 to 13 bytes, from the input's length);
//  - where the CPU has AVX-512BW, the AVX2 vector lane gives the same results too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "detail/byte_scan.hpp"
#include "detail/command_compare.hpp"
#include "detail/command_line_machine.hpp"
#include "detail/command_reader_lockstep.hpp"
#include "smtpcodec/command.hpp"
#include "smtpcodec/line_reader.hpp"

#include "fuzz_check.hpp"

using namespace smtpcodec;

namespace {

using smtpcodec::fuzz::check;
using smtpcodec::fuzz::check_inside;

bool same_path(const path_view& a, const path_view& b) {
  if (a.null != b.null || a.postmaster != b.postmaster) return false;
  if (a.null || a.postmaster) return true;
  std::string la, lb;
  if (!decode_local_part(a.mailbox.local_part, la) || !decode_local_part(b.mailbox.local_part, lb)) return false;
  return la == lb && a.mailbox.domain == b.mailbox.domain && a.mailbox.literal == b.mailbox.literal &&
         a.mailbox.utf8 == b.mailbox.utf8;
}

void check_same(const command& a, const command& b) {
  check(a.verb == b.verb);
  switch (a.verb) {
    case verb::mail:
    case verb::rcpt:
      check(same_path(a.path, b.path));
      check(a.mail.size == b.mail.size && a.mail.body == b.mail.body && a.mail.smtputf8 == b.mail.smtputf8 &&
            a.mail.ret == b.mail.ret && a.mail.envid == b.mail.envid && a.mail.auth == b.mail.auth &&
            a.mail.mt_priority == b.mail.mt_priority && a.mail.holdfor == b.mail.holdfor &&
            a.mail.by_time == b.mail.by_time);
      check(a.rcpt.notify == b.rcpt.notify && a.rcpt.orcpt_type == b.rcpt.orcpt_type &&
            a.rcpt.orcpt_address == b.rcpt.orcpt_address && a.rcpt.rrvs_time == b.rcpt.rrvs_time);
      [[fallthrough]];
    case verb::xclient:
    case verb::xforward:
      check(a.params.size() == b.params.size());
      for (std::size_t i = 0; i < a.params.size(); ++i) {
        check(a.params.items[i].keyword == b.params.items[i].keyword);
        check(a.params.items[i].value == b.params.items[i].value);
        check(a.params.items[i].has_value == b.params.items[i].has_value);
      }
      break;
    case verb::auth:
      check(a.auth_mechanism == b.auth_mechanism && a.has_initial_response == b.has_initial_response &&
            a.auth_initial_response == b.auth_initial_response);
      break;
    case verb::bdat:
      check(a.bdat_size == b.bdat_size && a.last == b.last);
      break;
    default:
      check(a.arg == b.arg);
      break;
  }
}

void check_views(const command& c, std::string_view in) {
  check_inside(c.line, in);
  check_inside(c.arg, in);
  check_inside(c.path.text, in);
  check_inside(c.path.source_route, in);
  check_inside(c.path.mailbox.local_part, in);
  check_inside(c.path.mailbox.domain, in);
  check_inside(c.auth_mechanism, in);
  check_inside(c.auth_initial_response, in);
  check_inside(c.burl_url, in);
  check_inside(c.mail.envid, in);
  check_inside(c.mail.auth, in);
  check_inside(c.rcpt.orcpt_address, in);
  for (const auto& p : c.params) {
    check_inside(p.keyword, in);
    check_inside(p.value, in);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t flags = data[0];
  command_options opt;
  opt.smtputf8_transaction = flags & 1;
  opt.params.reject_unknown = !(flags & 2);
  opt.strict_helo = !(flags & 4);
  opt.allow_space_after_colon = flags & 8;
  opt.check_u_labels = !(flags & 16);
  if (flags & 128) opt.max_parameters = 2;  // also where the one-pass machine must give way
  // More option sets, picked by the input's length (the flag byte is full): limits, disabled
  // extensions and line limits move the routes' policy decisions.
  switch ((static_cast<std::uint32_t>(size) * 2654435761U) >> 29) {
    case 1:
      opt.limits = address_limits{8, 12, 24};
      break;
    case 2:
      opt.params.extensions = extension_set{false, true, false, true, false, false, true, false, true, false, true};
      break;
    case 3:
      opt.params.max_message_size = 5000;
      opt.params.extensions.eight_bit_mime = false;
      break;
    case 4:
      opt.max_line_length = 60;
      break;
    case 5:
      opt.max_line_length = SIZE_MAX - 700;  // no limit, in effect: nothing may wrap
      break;
    case 6:
      opt.max_parameters = 0;
      opt.params.extensions.dsn = false;
      break;
    default:
      break;
  }

  const auto policy = static_cast<bare_eol_policy>((flags >> 5) % 3);
  const std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);

  check(detail::run_reader_lockstep(in, opt, policy, 0).same);
  // In pieces, and on the AVX2 lane where the CPU has more (the scan path is a global of the
  // library's, which this single-threaded target may set).
  const bool avx2 = detail::active_scan_path() > detail::scan_path::avx2 && detail::force_scan_path(detail::scan_path::avx2);
  check(detail::run_reader_lockstep(in, opt, policy, 1 + size % 13).same);
  if (avx2) detail::reset_scan_path();

  line_reader reader({policy, opt.max_reader_line()});
  std::string_view rest = in;
  for (;;) {
    const auto ev = reader.next(rest);
    check(ev.consumed <= rest.size());
    rest.remove_prefix(ev.consumed);
    if (ev.kind == line_event::kind_t::need_more) {
      if (ev.consumed) continue;
      break;
    }
    if (ev.kind == line_event::kind_t::error) continue;
    check_inside(ev.line, in);
    const auto r = parse_command(ev.line, opt);
    check(r.error_offset <= ev.line.size());
    using detail::command_route;
    check(detail::identical(r, detail::parse_command_via(ev.line, opt, command_route::machine)));
    check(detail::identical(r, detail::parse_command_via(ev.line, opt, command_route::separate_parsers)));
    if (detail::active_scan_path() > detail::scan_path::avx2 && detail::force_scan_path(detail::scan_path::avx2)) {
      check(detail::identical(r, parse_command(ev.line, opt)));
      detail::reset_scan_path();
    }
    if (!r) continue;
    check_views(r.value, in);
    std::string wire;
    const errc we = write_command(r.value, wire);
    if (we != errc{}) continue;  // e.g. a lenient HELO argument; never a partial write
    check(wire.size() >= 2 && wire.find('\n') == wire.size() - 1 && wire.find('\r') == wire.size() - 2);
    command_options again = opt;
    again.smtputf8_transaction = true;
    const auto r2 = parse_command(wire, again);
    check(r2.ok());
    check_same(r.value, r2.value);
  }
  return 0;
}
