// The reply parser: CRLF framing, limits and multi-line assembly around the reply-line
// machine (ragel/reply_line.rl).
//
// Theory of operation. next() starts at a reply boundary. While no byte of the current
// reply is held, lines are found with memchr in the caller's buffer and validated in place;
// when the last line arrives the reply is a view of that buffer (zero copy). When the
// buffer ends inside a reply, the reply so far is copied into the internal buffer and every
// later byte of that reply is appended there, so the finished reply is one contiguous view
// either way. Each line is validated exactly once, when its LF arrives; a partial line is
// only measured. The internal buffer never holds more than max_reply_bytes.
//
// Split independence: an error depends only on the bytes of the stream, never on where it
// was cut. A limit is reported at the first byte beyond it (both limits are checked as
// soon as that byte is seen, the nearer one wins), everything else when the line is
// complete, in a fixed order: limits, line content, code agreement, line count.
#include "smtpcodec/reply.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "detail/reply_line_machine.hpp"

namespace smtpcodec {
namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

// Why the machine stopped (or, for an accepted line, whether its 8-bit text is allowed).
errc classify(std::string_view line, const detail::reply_line_scan& s, bool allow_utf8, std::size_t& column) noexcept {
  if (s.eight_bit && !allow_utf8 && (s.accepted || s.first_eight_bit < s.stop)) {
    column = s.first_eight_bit;
    return errc::eight_bit_byte;
  }
  column = s.stop;
  if (s.stop < 3) return errc::invalid_reply_code;
  if (s.stop == 3) return errc::invalid_reply_separator;
  const auto c = s.stop < line.size() ? static_cast<unsigned char>(line[s.stop]) : 0u;
  if (s.stop == line.size() || c == '\t' || (c >= 0x20 && c < 0x7f)) {
    // Text would allow this byte (or the line ended): a UTF-8 sequence before it was cut
    // short. Report its lead byte.
    std::size_t k = s.stop;
    while (k > 4 && (static_cast<unsigned char>(line[k - 1]) & 0xc0) == 0x80) --k;
    column = k - 1;
    return allow_utf8 ? errc::invalid_utf8 : errc::eight_bit_byte;
  }
  if (c == 0) return errc::nul_byte;
  if (c == '\r') return errc::bare_cr;
  if (c == '\n') return errc::bare_lf;
  if (c >= 0x80) return allow_utf8 ? errc::invalid_utf8 : errc::eight_bit_byte;
  return errc::control_character;
}

// The reply code, its separator and the longest enhanced status code ("5.999.999") with
// the SP after it fill at most this many bytes. Past them the machine is in its text loop,
// where every printable ASCII byte leads back to the same loop (rfc5321_reply.rl,
// status_text): no action fires and no error is possible.
constexpr std::size_t status_region = 14;

// True when every byte is printable ASCII (%d32-126), eight bytes at a time.
bool all_printable(const char* p, std::size_t n) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t x;
    std::memcpy(&x, p + i, 8);
    if (x & high) return false;                      // a byte >= 0x80
    if ((x - 0x20 * ones) & ~x & high) return false;  // a byte < 0x20 (no byte has bit 7 here)
    if ((x + ones) & high) return false;              // a 0x7F
  }
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// Validates one line without its line end and fills `out` (views into `line`).
errc scan_line(std::string_view line, bool allow_utf8, reply_line& out, std::size_t& column) noexcept {
  detail::reply_line_scan s;
  // Fast path: when everything after the status region is printable ASCII, the machine
  // runs over the region only; the rest cannot change its verdict (see status_region).
  // fuzz/fuzz_reply.cpp checks the two paths agree.
  const bool plain_tail = line.size() > status_region &&
                          all_printable(line.data() + status_region, line.size() - status_region);
  const std::size_t scanned = plain_tail ? status_region : line.size();
  detail::scan_reply_line(reinterpret_cast<const unsigned char*>(line.data()), scanned, s);
  if (plain_tail && s.accepted) s.stop = line.size();
  if (!s.accepted || (s.eight_bit && !allow_utf8)) return classify(line, s, allow_utf8, column);
  out = reply_line{};
  out.code = static_cast<std::uint16_t>((line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0'));
  out.last = line.size() == 3 || line[3] == ' ';
  out.text = line.size() > 3 ? line.substr(4) : std::string_view{};
  out.message = out.text;
  if (s.has_status) {
    const enhanced_status st{s.es_class, s.es_subject, s.es_detail};
    if (matches_reply_code(st, out.code)) {
      out.status = st;
      out.message = line.substr(s.es_end < line.size() ? s.es_end + 1 : line.size());
    } else {
      out.status_error = errc::enhanced_status_mismatch;
    }
  }
  return errc{};
}

// The content of `line` (which ends in LF) without its line end; crlf tells whether a CR
// came before the LF.
std::string_view content_of(std::string_view line, bool& crlf) noexcept {
  crlf = line.size() >= 2 && line[line.size() - 2] == '\r';
  return line.substr(0, line.size() - (crlf ? 2 : 1));
}

}  // namespace

// ---- single lines ----------------------------------------------------------------------

parse_result<reply_line> parse_reply_line(std::string_view line, const reply_parser_options& opt) noexcept {
  using R = parse_result<reply_line>;
  const bool has_lf = !line.empty() && line.back() == '\n';
  bool crlf = false;
  const std::string_view content = has_lf ? content_of(line, crlf) : line;
  const std::size_t total = has_lf ? line.size() : line.size() + 2;
  if (total > opt.max_line_length) return R::failure(errc::line_too_long, opt.max_line_length);
  R r;
  std::size_t column = 0;
  if (const errc e = scan_line(content, opt.allow_utf8, r.value, column); e != errc{}) return R::failure(e, column);
  if (has_lf && !crlf) return R::failure(errc::bare_lf, line.size() - 1);
  return r;
}

void reply_line_iterator::load(std::string_view rest) noexcept {
  rest_ = rest;
  line_ = reply_line{};
  length_ = 0;
  if (rest.empty()) return;
  const void* lf = std::memchr(rest.data(), '\n', rest.size());
  length_ = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - rest.data()) + 1 : rest.size();
  bool crlf = false;
  const std::string_view content = lf ? content_of(rest.substr(0, length_), crlf) : rest;
  std::size_t column = 0;
  // The line was validated when the reply was parsed; this only re-reads its parts.
  (void)scan_line(content, true, line_, column);
}

// ---- the incremental parser -----------------------------------------------------------

reply_parser::reply_parser(const reply_parser_options& opt) noexcept : opt_(opt) {}
reply_parser::~reply_parser() = default;
reply_parser::reply_parser(reply_parser&&) noexcept = default;
reply_parser& reply_parser::operator=(reply_parser&&) noexcept = default;

void reply_parser::start_reply() noexcept {
  code_ = 0;
  lines_ = 0;
  bytes_ = 0;
  status_ = {};
  status_error_ = {};
}

void reply_parser::reset() noexcept {
  held_ = 0;
  release_ = false;
  failed_ = {};
  failed_line_ = failed_column_ = 0;
  start_reply();
}

reply_event reply_parser::fail(errc e, std::size_t line, std::size_t column) noexcept {
  if (failed_ == errc{}) {
    failed_ = e;
    failed_line_ = line;
    failed_column_ = column;
  }
  reply_event ev;
  ev.kind = reply_event::kind_t::error;
  ev.error = failed_;
  ev.error_line = failed_line_;
  ev.error_column = failed_column_;
  return ev;
}

// `seen` bytes of the current line have arrived (all of it when `complete`). Reports the
// limit whose first excess byte comes first among those seen.
errc reply_parser::check_limits(std::size_t seen, std::size_t& column) const noexcept {
  std::size_t at = npos;
  errc e{};
  if (seen > opt_.max_line_length) {
    at = opt_.max_line_length;
    e = errc::line_too_long;
  }
  if (bytes_ + seen > opt_.max_reply_bytes) {
    const std::size_t r = opt_.max_reply_bytes - bytes_;
    if (r < at) {
      at = r;
      e = errc::reply_too_large;
    }
  }
  column = at;
  return e;
}

errc reply_parser::complete_line(std::string_view line, bool& last, std::size_t& column) noexcept {
  bool crlf = false;
  const std::string_view content = content_of(line, crlf);
  reply_line l;
  if (const errc e = scan_line(content, opt_.allow_utf8, l, column); e != errc{}) return e;
  if (!crlf) {
    column = line.size() - 1;
    return errc::bare_lf;
  }
  column = 0;
  if (lines_ == 0) {
    code_ = l.code;
    status_ = l.status;
  } else if (l.code != code_) {
    return errc::reply_code_mismatch;
  }
  if (lines_ + 1 > opt_.max_lines) return errc::too_many_reply_lines;
  ++lines_;
  bytes_ += line.size();
  if (l.status_error != errc{}) status_error_ = l.status_error;
  last = l.last;
  return errc{};
}

bool reply_parser::hold(std::string_view bytes) noexcept {
  if (!buf_) {
    buf_.reset(static_cast<char*>(std::malloc(opt_.max_reply_bytes ? opt_.max_reply_bytes : 1)));
    if (!buf_) return false;
  }
  // check_limits() keeps every held byte within max_reply_bytes.
  std::memcpy(buf_.get() + held_, bytes.data(), bytes.size());
  held_ += bytes.size();
  return true;
}

reply_event reply_parser::next(std::string_view in) noexcept {
  if (failed_ != errc{}) return fail(failed_, failed_line_, failed_column_);
  if (release_) {
    held_ = 0;
    release_ = false;
  }
  const bool buffering = held_ > 0;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t partial = buffering ? held_ - bytes_ : 0;  // bytes of this line held
    const std::size_t avail = in.size() - pos;
    const void* lf = avail ? std::memchr(in.data() + pos, '\n', avail) : nullptr;
    std::size_t column = 0;
    if (!lf) {
      if (const errc e = check_limits(partial + avail, column); e != errc{})
        return fail(e, lines_ + 1, column);
      // Whole-buffer mode copies the reply begun in this call; buffering appends.
      const std::string_view keep = buffering ? in.substr(pos) : in;
      if (!keep.empty() && !hold(keep)) return fail(errc::reply_too_large, lines_ + 1, partial);
      reply_event ev;
      ev.consumed = in.size();
      return ev;
    }
    const std::size_t seg = static_cast<std::size_t>(static_cast<const char*>(lf) - (in.data() + pos)) + 1;
    if (const errc e = check_limits(partial + seg, column); e != errc{}) return fail(e, lines_ + 1, column);
    std::string_view line;
    if (buffering) {
      if (!hold(in.substr(pos, seg))) return fail(errc::reply_too_large, lines_ + 1, partial);
      line = std::string_view(buf_.get() + bytes_, partial + seg);
    } else {
      line = in.substr(pos, seg);
    }
    pos += seg;
    bool last = false;
    if (const errc e = complete_line(line, last, column); e != errc{}) return fail(e, lines_ + 1, column);
    if (!last) continue;
    reply_event ev;
    ev.kind = reply_event::kind_t::reply;
    ev.consumed = pos;
    ev.reply.code = code_;
    ev.reply.status = status_;
    ev.reply.status_error = status_error_;
    ev.reply.line_count = lines_;
    ev.reply.raw = buffering ? std::string_view(buf_.get(), held_) : in.substr(0, pos);
    release_ = buffering;
    start_reply();
    return ev;
  }
}

errc reply_parser::finish() noexcept {
  if (failed_ != errc{}) return failed_;
  if (held_ > 0 && !release_) {
    (void)fail(errc::reply_incomplete, lines_ + 1, held_ - bytes_);
    return failed_;
  }
  return errc{};
}

reply_event parse_reply(std::string_view in, const reply_parser_options& opt) noexcept {
  // A reply that completes in `in` is never copied; an incomplete one is reported with
  // the line and column finish() gives it, and no view into the parser escapes.
  reply_parser p(opt);
  reply_event ev = p.next(in);
  if (ev.kind == reply_event::kind_t::need_more) {
    (void)p.finish();
    ev = p.next({});
  }
  return ev;
}

}  // namespace smtpcodec
