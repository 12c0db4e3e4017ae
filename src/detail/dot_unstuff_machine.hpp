// One dot_unstuffer::decode() call: the Ragel machine of ragel/dot_unstuff.rl (grammar in
// ragel/common/rfc5321_data.rl) and the small members its actions call. The machine
// decides the structure; these members only count, cut views and record errors.
//
// Content bookkeeping within a call: `open_` is where the content not yet yielded begins.
// An action that removes something (a dot) or inserts something (a CRLF for a bare line
// end) closes the content before it and yields it, then the inserted static string on the
// next call (dot_unstuffer::pending_). One piece per call keeps the result a single view.
#pragma once

#include <string_view>

#include "detail/byte_scan.hpp"
#include "smtpcodec/dot_stuffing.hpp"

namespace smtpcodec::detail {

class unstuff_run {
 public:
  using uchar = unsigned char;

  unstuff_run(dot_unstuffer& u, const uchar* data) noexcept : u_(u), line_(u.line_), data_(data), open_(data) {}

  /// The machine's start state for a policy (normalize has its own chart).
  static int start_state(bare_eol_policy policy) noexcept;

  /// Runs the machine from u.cs_ over [p, pe); returns where it stopped.
  const uchar* exec(const uchar* p, const uchar* pe) noexcept;

  /// Stores the state back into the unstuffer and builds the call's result.
  unstuff_result finish(const uchar* stop, const uchar* pe) noexcept {
    unstuff_result r;
    r.consumed = static_cast<std::size_t>(stop - data_);
    if (done_) {
      r.status = unstuff_status::done;
      u_.done_ = true;
    } else if (!out_.empty()) {
      r.status = stop == pe && u_.pending_.empty() ? unstuff_status::need_input : unstuff_status::more;
    } else {  // ran to the end of the input: the open content is the chunk
      yield(view(open_, pe));
      r.status = unstuff_status::need_input;
    }
    r.chunk = out_;
    u_.line_ = line_;
    sync_stats(line_, u_.stats_);
    r.error = u_.error_;
    return r;
  }

  // ---- what the actions call -----------------------------------------------------------

  void count(uchar c) noexcept {
    if (count_octet(line_, u_.stats_, c)) fail(errc::data_line_too_long);
  }
  void line_end() noexcept { end_line(line_); }
  /// Fast-forward over octets that only count (detail/byte_scan.hpp).
  const uchar* skip(const uchar* p, const uchar* pe) noexcept { return scan_text(p, pe, line_); }

  /// strict: a bare LF is an octet of its line.
  void bare_lf() noexcept {
    flag_bare_lf();
    count('\n');
  }
  /// strict: the CR before this octet was not followed by LF (it was counted already).
  void bare_cr() noexcept { flag_bare_cr(); }

  /// A "." at a line start after CRLF: the content before it is complete.
  bool on_dot(const uchar* q, const uchar* pe) noexcept {
    const std::string_view before = view(open_, q);
    open_ = q + 1;
    if (before.empty()) return false;
    // ". CR LF" in view: end of data is certain, so yield the content with `done`.
    if (pe - q >= 3 && q[1] == '\r' && q[2] == '\n') {
      closed_ = before;
      return false;
    }
    return yield(before);
  }
  void on_dot_cr(const uchar* q) noexcept { open_ = q + 1; }  // undecided: not content yet
  void on_end_of_data() noexcept {
    done_ = true;
    yield(closed_);
  }
  /// strict, "." CR then q: the CR was bare and is content.
  bool on_dot_bare_cr(const uchar* q) noexcept {
    flag_bare_cr();
    count('\r');
    open_ = q;
    return yield("\r");
  }

  /// normalize: a bare LF at q becomes CRLF.
  bool on_lf_norm(const uchar* q) noexcept {
    flag_bare_lf();
    const std::string_view before = view(open_, q);
    open_ = q + 1;
    count_crlf();
    return yield2(before, "\r\n");
  }
  /// normalize: the CR before q was bare (it is content already); add its LF.
  bool on_cr_norm(const uchar* q) noexcept {
    flag_bare_cr();
    const std::string_view before = view(open_, q);
    open_ = q;
    count('\n');
    line_end();
    return yield2(before, "\n");
  }
  /// normalize: a "." after a bare line end.
  bool on_dot_bare(const uchar* q) noexcept {
    const std::string_view before = view(open_, q);
    open_ = q + 1;
    return yield(before);
  }
  /// normalize: "." LF at q.
  bool on_dot_lf_norm(const uchar* q) noexcept {
    flag_bare_lf();
    open_ = q + 1;
    count_crlf();
    return yield("\r\n");
  }
  /// normalize: "." CR then q.
  bool on_dot_cr_norm(const uchar* q) noexcept {
    flag_bare_cr();
    open_ = q;
    count_crlf();
    return yield("\r\n");
  }

 private:
  static std::string_view view(const uchar* b, const uchar* e) noexcept {
    return {reinterpret_cast<const char*>(b), static_cast<std::size_t>(e - b)};
  }
  void count_crlf() noexcept {
    count('\r');
    count('\n');
    line_end();
  }
  // The first error wins, except message_size_exceeded: where the size is checked depends
  // on where content is cut (the chunking), so any other error replaces it and the answer
  // is the same however the input arrived.
  void fail(errc e) noexcept {
    if (u_.error_ == errc{} || u_.error_ == errc::message_size_exceeded) u_.error_ = e;
    u_.withhold_ = true;
  }
  void flag_bare_lf() noexcept {
    u_.stats_.bare_lf = true;
    if (u_.opt_.bare_eol == bare_eol_policy::reject) fail(errc::bare_lf);
  }
  void flag_bare_cr() noexcept {
    u_.stats_.bare_cr = true;
    if (u_.opt_.bare_eol == bare_eol_policy::reject) fail(errc::bare_cr);
  }
  /// Counts content toward SIZE (RFC 1870); false when it must be withheld.
  bool release(std::size_t n) noexcept {
    u_.stats_.size += n;
    if (u_.opt_.max_message_size && u_.stats_.size > u_.opt_.max_message_size) fail(errc::message_size_exceeded);
    return !u_.withhold_;
  }
  /// Makes `v` this call's chunk if it is content to deliver; true: end the call.
  bool yield(std::string_view v) noexcept {
    if (v.empty() || !release(v.size())) return false;
    out_ = v;
    return true;
  }
  /// `first` now and the static `then` on the next call (or `then` now if `first` is empty).
  bool yield2(std::string_view first, std::string_view then) noexcept {
    if (first.empty()) return yield(then);
    if (!yield(first)) return yield(then);  // withheld: counts `then` and withholds it too
    if (release(then.size())) u_.pending_ = then;
    return true;
  }

  dot_unstuffer& u_;
  line_state line_;  // a local copy for the call, stored back by finish()
  const uchar* const data_;
  const uchar* open_;
  std::string_view closed_;  // content before the "." of a marker already in view
  std::string_view out_;
  bool done_ = false;
};

}  // namespace smtpcodec::detail
