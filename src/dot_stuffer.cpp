// dot_stuffer: the client side of DATA (RFC 5321 4.1.1.4, 4.5.2, 2.3.8).
//
// The wire form is built from views: runs of the input, plus "\r" / "\n" inserted for a
// bare line end under normalize and the terminator. A leading dot is doubled without a
// copy by ending one segment after it and starting the next at it. Between those events
// the input is crossed with scan_text() (detail/byte_scan.hpp), which stops exactly where
// this encoder has something to do: a CRLF followed by ".", a bare CR or LF, a line
// passing a length threshold. Those are the same stops the unstuffer's machine needs, so
// both directions run at the same speed.
#include <cstring>

#include "detail/byte_scan.hpp"
#include "smtpcodec/dot_stuffing.hpp"

namespace smtpcodec {
namespace {

using uchar = unsigned char;

std::string_view view(const uchar* b, const uchar* e) noexcept {
  return {reinterpret_cast<const char*>(b), static_cast<std::size_t>(e - b)};
}

}  // namespace

dot_stuffer::dot_stuffer(const dot_stuffer_options& opt) noexcept : opt_(opt) { reset(); }

void dot_stuffer::reset() noexcept {
  stats_ = {};
  detail::init_lines(line_, opt_.max_line_length);
  error_ = {};
  state_ = at::line_start;
  finished_ = false;
}

void dot_stuffer::fail(errc e) noexcept {
  if (error_ == errc{}) error_ = e;
}

stuff_result dot_stuffer::encode(std::string_view in, std::span<std::string_view> out) noexcept {
  stuff_result r;
  r.error = error_;
  if (error_ != errc{} || finished_ || out.size() < min_segments) return r;

  const bool normalize = opt_.bare_eol == bare_eol_policy::normalize;
  const auto* const data = reinterpret_cast<const uchar*>(in.data());
  const uchar* const pe = data + in.size();
  const uchar* p = data;
  const uchar* seg = data;  // start of the input not yet written to `out`
  std::size_t k = 0, inserted = 0;
  // One slot always stays free for the run that ends the call.
  auto room = [&](std::size_t n) { return out.size() - k > n; };
  auto count = [&](uchar c) {
    if (detail::count_octet(line_, stats_, c)) fail(errc::data_line_too_long);
  };
  auto line_end = [&] {
    count('\r');
    count('\n');
    detail::end_line(line_);
  };

  while (p < pe && error_ == errc{}) {
    if (state_ == at::after_cr) {  // the previous input ended in CR; nothing written yet
      if (*p == '\n') {
        count('\n');
        detail::end_line(line_);
        ++p;  // the CR went out with the previous call; its LF starts this call's run
      } else {
        // RFC 5321 2.3.8: a CR alone. normalize adds the LF it lacked.
        stats_.bare_cr = true;
        if (!normalize) {
          fail(errc::bare_cr);
          break;
        }
        out[k++] = "\n";
        ++inserted;
        count('\n');
        detail::end_line(line_);
      }
      state_ = at::line_start;
      continue;
    }
    if (state_ == at::line_start) {
      const uchar c = *p;
      if (c == '.') {
        // RFC 5321 4.5.2: a line starting with "." gets one more. This segment ends with
        // the dot and the next one starts with it again.
        if (!room(1)) break;
        out[k++] = view(seg, p + 1);
        seg = p;
        count(c);
        ++p;
        state_ = at::text;
        continue;
      }
      state_ = at::text;
      if (c != '\r' && c != '\n') {
        count(c);
        ++p;
        continue;
      }
    } else {
      p = detail::scan_text(p, pe, line_);
      if (p == pe) break;
    }
    // p is at a CR, an LF or an octet that passes a line threshold; state_ is text.
    const uchar c = *p;
    if (c == '\r') {
      if (pe - p == 1) {  // its LF, if any, comes with the next input
        count(c);
        ++p;
        state_ = at::after_cr;
      } else if (p[1] == '\n') {
        line_end();
        p += 2;
        state_ = at::line_start;
      } else {
        stats_.bare_cr = true;
        if (!normalize) {
          fail(errc::bare_cr);
          break;
        }
        if (!room(2)) break;
        line_end();
        out[k++] = view(seg, p + 1);
        out[k++] = "\n";
        ++inserted;
        seg = ++p;
        state_ = at::line_start;
      }
    } else if (c == '\n') {  // a bare LF
      stats_.bare_lf = true;
      if (!normalize) {
        fail(errc::bare_lf);
        break;
      }
      if (!room(2)) break;
      line_end();
      if (seg != p) out[k++] = view(seg, p);
      out[k++] = "\r";
      ++inserted;
      seg = p++;
      state_ = at::line_start;
    } else {
      count(c);
      ++p;
    }
  }
  if (seg < p) out[k++] = view(seg, p);
  r.consumed = static_cast<std::size_t>(p - data);
  r.segments = k;
  r.error = error_;
  stats_.size += r.consumed + inserted;
  detail::sync_stats(line_, stats_);
  return r;
}

stuff_result dot_stuffer::finish(std::span<std::string_view> out) noexcept {
  stuff_result r;
  r.error = error_;
  if (error_ != errc{} || finished_ || out.empty()) return r;
  std::string_view end = ".\r\n";  // RFC 5321 4.1.1.4: the line holding a single "."
  std::size_t added = 0;
  if (state_ == at::text) {  // the final CRLF is missing
    end = "\r\n.\r\n";
    added = 2;
    for (uchar c : {uchar{'\r'}, uchar{'\n'}})
      if (detail::count_octet(line_, stats_, c)) fail(errc::data_line_too_long);
  } else if (state_ == at::after_cr) {
    stats_.bare_cr = true;
    if (opt_.bare_eol != bare_eol_policy::normalize) fail(errc::bare_cr);
    end = "\n.\r\n";
    added = 1;
    if (detail::count_octet(line_, stats_, '\n')) fail(errc::data_line_too_long);
  }
  r.error = error_;
  if (error_ != errc{}) return r;
  out[0] = end;
  r.segments = 1;
  stats_.size += added;
  finished_ = true;
  return r;
}

errc stuff_message(std::string_view message, std::string& wire, const dot_stuffer_options& opt,
                   body_stats* stats) {
  dot_stuffer s(opt);
  struct copy_stats {
    const dot_stuffer& from;
    body_stats* to;
    ~copy_stats() {
      if (to) *to = from.stats();
    }
  } on_return{s, stats};
  std::string_view seg[64];
  std::string out;
  out.reserve(message.size() + message.size() / 64 + 8);
  auto append = [&](const stuff_result& r) {
    for (std::size_t i = 0; i < r.segments; ++i) out.append(seg[i]);
  };
  while (!message.empty()) {
    const stuff_result r = s.encode(message, seg);
    if (r.error != errc{}) return r.error;
    append(r);
    message.remove_prefix(r.consumed);
  }
  const stuff_result r = s.finish(seg);
  if (r.error != errc{}) return r.error;
  append(r);
  wire += out;
  return {};
}

}  // namespace smtpcodec
