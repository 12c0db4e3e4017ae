// dot_unstuffer: the server side of DATA (RFC 5321 4.1.1.4, 4.5.2). The structure lives in
// ragel/common/rfc5321_data.rl, its actions in detail/dot_unstuff_machine.hpp; this file
// only holds the call protocol around them.
#include "detail/dot_unstuff_machine.hpp"

namespace smtpcodec {

dot_unstuffer::dot_unstuffer(const dot_unstuffer_options& opt) noexcept : opt_(opt) { reset(); }

void dot_unstuffer::reset() noexcept {
  stats_ = {};
  detail::init_lines(line_, opt_.max_line_length);
  pending_ = {};
  cs_ = detail::unstuff_run::start_state(opt_.bare_eol);
  error_ = {};
  withhold_ = false;
  done_ = false;
}

unstuff_result dot_unstuffer::decode(std::string_view in) noexcept {
  if (done_) return {0, {}, unstuff_status::done, error_};
  if (!pending_.empty()) {  // a static CRLF / LF inserted after the previous chunk
    const std::string_view v = pending_;
    pending_ = {};
    return {0, v, in.empty() ? unstuff_status::need_input : unstuff_status::more, error_};
  }
  const auto* data = reinterpret_cast<const unsigned char*>(in.data());
  const auto* pe = data + in.size();
  detail::unstuff_run run(*this, data);
  return run.finish(run.exec(data, pe), pe);
}

errc dot_unstuffer::finish() noexcept {
  if (!done_ && error_ == errc{}) error_ = errc::data_incomplete;
  return done_ ? error_ : errc::data_incomplete;
}

unstuff_summary unstuff_message(std::string_view wire, std::string& content, const dot_unstuffer_options& opt) {
  dot_unstuffer u(opt);
  unstuff_summary s;
  std::string_view in = wire;
  for (;;) {
    const unstuff_result r = u.decode(in);
    content.append(r.chunk);
    in.remove_prefix(r.consumed);
    s.consumed += r.consumed;
    if (r.status == unstuff_status::done) {
      s.complete = true;
      s.error = r.error;
      break;
    }
    if (r.status == unstuff_status::need_input) {
      s.error = u.finish();
      break;
    }
  }
  s.stats = u.stats();
  return s;
}

}  // namespace smtpcodec
