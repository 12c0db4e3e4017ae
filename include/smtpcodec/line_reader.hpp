// File: line_reader.hpp
//
// Splits the bytes a server receives into command lines (RFC 5321 2.3.8: lines end in
// CRLF), enforcing the line length limit and the bare CR / bare LF policy. It finds the
// line end with memchr and never copies: the line is a view into the caller's buffer,
// and the caller keeps the bytes not yet consumed (Boost.Beast's put contract).
//
//   smtpcodec::line_reader reader({.bare_eol = smtpcodec::bare_eol_policy::reject});
//   std::string buf = ...;                        // bytes read so far
//   for (;;) {
//     auto ev = reader.next(buf);
//     if (ev.kind == smtpcodec::line_event::kind_t::need_more) { buf.erase(0, ev.consumed); break; }
//     if (ev.kind == smtpcodec::line_event::kind_t::line) handle(ev.line);
//     else reply(smtpcodec::reply_for(ev.error));  // 500 5.5.2 ...
//     buf.erase(0, ev.consumed);
//   }
//
// Lifetime: line_event::line points into the `in` passed to next(). The reader keeps no
// pointer into caller memory between calls; its only state is "skipping an over-long line".
#pragma once

#include <cstddef>
#include <string_view>

#include "smtpcodec/error.hpp"
#include "smtpcodec/export.hpp"
#include "smtpcodec/line_ending.hpp"

namespace smtpcodec {

struct line_reader_options {
  bare_eol_policy bare_eol = bare_eol_policy::reject;
  /// Longest line accepted, counting its CRLF (RFC 5321 4.5.3.1.4: 512, plus what the
  /// negotiated extensions add; command_options::max_reader_line() computes it).
  std::size_t max_line_length = 512;
};

struct line_event {
  enum class kind_t : unsigned char {
    /// No complete line yet: drop `consumed` bytes (non-zero only while skipping an
    /// over-long line), append more input, call again.
    need_more,
    /// `line` holds one command line without its line end.
    line,
    /// `error` says what was wrong: line_too_long (the rest of that line, up to its LF, is
    /// skipped silently on the following calls), bare_lf or bare_cr (the whole line up to
    /// its LF is consumed). The caller answers with reply_for(error) and goes on.
    error,
  };
  kind_t kind = kind_t::need_more;
  /// Bytes of `in` this event used up; drop them before the next call.
  std::size_t consumed = 0;
  std::string_view line;
  errc error{};
  /// A bare CR or bare LF was accepted or normalised in this line (policy != reject).
  bool bare_eol_seen = false;
};

class line_reader {
 public:
  explicit line_reader(const line_reader_options& opt = {}) noexcept : opt_(opt) {}

  /// Finds the next line at the start of `in`.
  /// Errors (in line_event::error): line_too_long, bare_lf, bare_cr.
  /// Lifetime: line_event::line points into `in`.
  [[nodiscard]] SMTPCODEC_API line_event next(std::string_view in SMTPCODEC_LIFETIME_BOUND) noexcept;

  /// True while the rest of an over-long line is being skipped.
  [[nodiscard]] bool skipping() const noexcept { return skipping_; }
  [[nodiscard]] const line_reader_options& options() const noexcept { return opt_; }
  void set_options(const line_reader_options& opt) noexcept { opt_ = opt; }

 private:
  line_reader_options opt_;
  bool skipping_ = false;
};

}  // namespace smtpcodec
