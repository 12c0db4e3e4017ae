// command_reader against line_reader + parse_command, for the tests and fuzz targets that
// check the one gives exactly what the other two give: both run in lockstep on one buffer,
// fed in pieces as a server would receive it, every event compared (views by position).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "detail/command_compare.hpp"
#include "smtpcodec/command_reader.hpp"
#include "smtpcodec/line_reader.hpp"

namespace smtpcodec::detail {

struct lockstep_outcome {
  std::size_t lines = 0;             ///< events of kind line
  bool same = true;                  ///< every event agreed
  std::string first_difference;      ///< the bytes of the line where they first did not
};

/// Feeds `in` in pieces of `piece` bytes (0: all at once) to both; stops at the first
/// difference.
inline lockstep_outcome run_reader_lockstep(std::string_view in, const command_options& opt, bare_eol_policy policy,
                                            std::size_t piece) {
  command_reader reader(opt, policy);
  line_reader lines({policy, opt.max_reader_line()});
  lockstep_outcome out;
  std::string buf;
  std::size_t fed = 0;
  for (;;) {
    const std::size_t take = piece == 0 ? in.size() - fed : (piece < in.size() - fed ? piece : in.size() - fed);
    buf.append(in.substr(fed, take));
    fed += take;
    for (;;) {
      const command_event& ev = reader.next(buf);
      const line_event le = lines.next(buf);
      bool same = ev.consumed == le.consumed && ev.bare_eol_seen == le.bare_eol_seen &&
                  reader.skipping() == lines.skipping();
      if (le.kind == line_event::kind_t::need_more) {
        same = same && ev.kind == command_event::kind_t::need_more;
      } else {
        parse_result<command> expected;
        if (le.kind == line_event::kind_t::error) expected.error = le.error;
        else expected = parse_command(le.line, opt);
        same = same && ev.kind == command_event::kind_t::line && identical(ev.result, expected);
        ++out.lines;
      }
      if (!same) {
        out.same = false;
        out.first_difference = buf.substr(0, le.consumed > ev.consumed ? le.consumed : ev.consumed);
        return out;
      }
      buf.erase(0, le.consumed);
      if (le.kind == line_event::kind_t::need_more && le.consumed == 0) break;
    }
    if (fed == in.size()) break;
  }
  return out;
}

}  // namespace smtpcodec::detail
