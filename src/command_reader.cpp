// command_reader: the vector lane (src/command_lane.cpp) takes the common lines straight
// from the buffer, finding their CRLF as it classes their bytes; every other line, and
// every framing decision it leaves open, goes through line_reader and parse_command's
// own route, so the two ways cannot disagree (fuzz/fuzz_command.cpp and tests/command_reader_test.cpp compare them).
#include "smtpcodec/command_reader.hpp"

#include "detail/command_line_machine.hpp"

namespace smtpcodec {

// Back to a default command, storing only over what the last line set (a default command
// built afresh is some 60 stores, measured as a tenth of a line's time); verb, line and arg
// are left to next(): the vector lane writes them whenever it takes a line.
void command_reader::reset_event() noexcept {
  command_event& ev = event_;
  command& c = ev.result.value;
  if (all_set_) {
    // parse_command's route, or a framing error: anything may be set.
    ev.result.error = errc{};
    ev.result.error_offset = 0;
    ev.result.context = reply_context::generic;
    c.helo_literal = literal_kind::none;
    c.path = path_view{};
    c.mail = mail_parameters{};
    c.rcpt = rcpt_parameters{};
    c.auth_mechanism = {};
    c.auth_initial_response = {};
    c.has_initial_response = false;
    c.bdat_size = 0;
    c.last = false;
    c.burl_url = {};
    c.params.count = 0;
    c.params.utf8 = false;
  } else if (set_for_ == verb::mail || set_for_ == verb::rcpt || set_for_ == verb::bdat) {
    // The vector lane (src/command_lane.cpp) sets these and verb, line and arg only; all of
    // them, without a branch on which: MAIL, RCPT and BDAT lines alternate as unpredictably
    // as line shapes do.
    detail::clear_lane_members(c);
  }
  all_set_ = false;
}

const command_event& command_reader::next(std::string_view in) noexcept {
  reset_event();
  command_event& ev = event_;
  command& c = ev.result.value;
  const auto* bytes = reinterpret_cast<const unsigned char*>(in.data());
  // Not while skipping an over-long line: its rest is no line of its own.
  if (!reader_.skipping()) {
    if (const std::size_t used = detail::take_command_vector(bytes, in.size(), true, opt_, c)) {
      ev.kind = command_event::kind_t::line;
      ev.consumed = used;
      ev.bare_eol_seen = false;
      set_for_ = c.verb;
      return ev;
    }
  }
  c.verb = verb::unknown;
  c.line = {};
  c.arg = {};
  ev.kind = command_event::kind_t::need_more;
  set_for_ = verb::unknown;
  const line_event le = reader_.next(in);
  ev.consumed = le.consumed;
  ev.bare_eol_seen = le.bare_eol_seen;
  switch (le.kind) {
    case line_event::kind_t::need_more:
      break;
    case line_event::kind_t::error:
      ev.kind = command_event::kind_t::line;
      ev.result.error = le.error;
      all_set_ = true;
      break;
    case line_event::kind_t::line:
      ev.kind = command_event::kind_t::line;
      detail::parse_command_into(le.line, opt_, detail::command_route::fastest, ev.result);
      all_set_ = true;
      break;
  }
  return ev;
}

}  // namespace smtpcodec
