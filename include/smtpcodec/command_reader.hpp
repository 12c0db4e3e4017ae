// File: command_reader.hpp
//
// Framing and parsing of command lines in one step, as a server reads them: the bytes
// received go in, one event per command line comes out, each with its parsed command or
// the error to answer. It gives exactly what a line_reader followed by parse_command()
// gives for every input, split however it arrives (tests/command_reader_test.cpp and
// fuzz/fuzz_command.cpp check that), and is faster: the common lines are recognised while their line end is found,
// in one pass over their bytes (bench/command_bench.cpp).
//
//   smtpcodec::command_reader reader;                   // all registered extensions on
//   std::string buf = ...;                              // bytes read so far
//   for (;;) {
//     const auto& ev = reader.next(buf);                // valid until the next call
//     if (ev.kind == smtpcodec::command_event::kind_t::need_more) { buf.erase(0, ev.consumed); break; }
//     if (!ev.result) reply(ev.result.reply());          // 500 5.5.2, 501 5.1.7, ...
//     else handle(ev.result.value);                      // views into buf: use them first
//     buf.erase(0, ev.consumed);
//   }
//
// Lifetime: next() returns a reference to the reader's own event, valid until the next call
// (or the reader's end): building a fresh command of some 60 fields on every line measured
// as a tenth of the time a line takes, so the reader resets only what the last line set.
// The views in it point into the `in` passed to next(); drop the consumed bytes only once
// you are done with them. The reader keeps no pointer into caller memory between calls.
#pragma once

#include <cstddef>
#include <string_view>

#include "smtpcodec/command.hpp"
#include "smtpcodec/export.hpp"
#include "smtpcodec/line_ending.hpp"
#include "smtpcodec/line_reader.hpp"
#include "smtpcodec/result.hpp"

namespace smtpcodec {

struct command_event {
  enum class kind_t : unsigned char {
    /// No complete line yet: drop `consumed` bytes (non-zero only while the rest of an
    /// over-long line is skipped), append more input, call again.
    need_more,
    /// One command line: `result` holds its command, or the error to answer it with.
    line,
  };
  kind_t kind = kind_t::need_more;
  /// Bytes of `in` this event used up, line end included; drop them before the next call.
  std::size_t consumed = 0;
  /// A bare CR or LF was accepted or normalised in this line (bare_eol_policy != reject).
  bool bare_eol_seen = false;
  /// For kind line: parse_command()'s result for the line, or a framing error
  /// (line_reader's: line_too_long, bare_cr, bare_lf, with error_offset 0 and the
  /// generic reply context).
  parse_result<command> result;
};

class command_reader {
 public:
  /// `opt` as for parse_command(); lines longer than opt.max_reader_line() are refused
  /// with line_too_long, and `bare_eol` decides about bare CR / LF as for line_reader.
  explicit command_reader(const command_options& opt = {},
                          bare_eol_policy bare_eol = bare_eol_policy::reject) noexcept
      : opt_(opt), reader_({bare_eol, opt.max_reader_line()}) {}

  /// The next command line at the start of `in`.
  /// Errors (in result.error): those of line_reader::next and of parse_command().
  /// Lifetime: the event is the reader's, valid until the next call; its views point into `in`.
  [[nodiscard]] SMTPCODEC_API const command_event& next(std::string_view in SMTPCODEC_LIFETIME_BOUND) noexcept;

  [[nodiscard]] const command_options& options() const noexcept { return opt_; }
  /// New options for the lines that follow (the line limit follows them).
  void set_options(const command_options& opt) noexcept {
    opt_ = opt;
    reader_.set_options({reader_.options().bare_eol, opt.max_reader_line()});
  }
  /// RFC 6531 3.4: whether the RCPTs that follow belong to a MAIL with SMTPUTF8
  /// (command_options::smtputf8_transaction); set it on each MAIL, clear it on RSET.
  void set_smtputf8_transaction(bool on) noexcept { opt_.smtputf8_transaction = on; }
  /// True while the rest of an over-long line is being skipped.
  [[nodiscard]] bool skipping() const noexcept { return reader_.skipping(); }

 private:
  void reset_event() noexcept;

  command_options opt_;
  line_reader reader_;
  command_event event_;
  /// What of event_ the last line set beyond its defaults: only the members of this verb
  /// (set by the vector lane), or anything (`all_set_`: parse_command's route).
  verb set_for_ = verb::unknown;
  bool all_set_ = false;
};

}  // namespace smtpcodec
