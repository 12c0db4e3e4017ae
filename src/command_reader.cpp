// command_reader: the vector lane (src/command_lane.cpp) takes the common lines straight
// from the buffer, finding their CRLF as it classes their bytes; every other line, and
// every framing decision it leaves open, goes through line_reader and parse_command's
// own route, so the two ways cannot disagree (fuzz/fuzz_command_reader.cpp compares them).
#include "smtpcodec/command_reader.hpp"

#include "detail/command_line_machine.hpp"

namespace smtpcodec {

command_event command_reader::next(std::string_view in) noexcept {
  command_event ev;
  const auto* bytes = reinterpret_cast<const unsigned char*>(in.data());
  // Not while skipping an over-long line: its rest is no line of its own.
  if (!reader_.skipping()) {
    if (const std::size_t used = detail::take_command_vector(bytes, in.size(), true, opt_, ev.result.value)) {
      ev.kind = command_event::kind_t::line;
      ev.consumed = used;
      return ev;
    }
  }
  const line_event le = reader_.next(in);
  ev.consumed = le.consumed;
  ev.bare_eol_seen = le.bare_eol_seen;
  switch (le.kind) {
    case line_event::kind_t::need_more:
      break;
    case line_event::kind_t::error:
      ev.kind = command_event::kind_t::line;
      ev.result.error = le.error;
      break;
    case line_event::kind_t::line:
      ev.kind = command_event::kind_t::line;
      detail::parse_command_into(le.line, opt_, detail::command_route::fastest, ev.result);
      break;
  }
  return ev;
}

}  // namespace smtpcodec
