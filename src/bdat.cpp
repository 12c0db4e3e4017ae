// BDAT (RFC 3030): the exact-length chunk reader and the chunk writer.
#include "smtpcodec/bdat.hpp"

#include "detail/byte_scan.hpp"

namespace smtpcodec {

bdat_reader::bdat_reader(const bdat_reader_options& opt) noexcept : opt_(opt) { reset(); }

void bdat_reader::reset() noexcept {
  stats_ = {};
  detail::init_lines(line_, opt_.max_line_length);
  remaining_ = 0;
  announced_ = 0;
  error_ = {};
  in_chunk_ = false;
  last_ = false;
  message_done_ = false;
  after_cr_ = false;
}

void bdat_reader::fail(errc e) noexcept {
  if (error_ == errc{}) error_ = e;
}

void bdat_reader::flag_bare(bool lf) noexcept {
  (lf ? stats_.bare_lf : stats_.bare_cr) = true;
  if (opt_.bare_eol == bare_eol_policy::reject) fail(lf ? errc::bare_lf : errc::bare_cr);
}

errc bdat_reader::begin_chunk(std::uint64_t size, bool last) noexcept {
  if (in_chunk_) return error_;
  if (message_done_) reset();
  in_chunk_ = true;
  last_ = last;
  remaining_ = size;
  // RFC 1870 / RFC 3030 4: a chunk that takes the message past the limit is refused, yet
  // its octets must still be read before the reply (they are not commands).
  announced_ = size > UINT64_MAX - announced_ ? UINT64_MAX : announced_ + size;
  if (opt_.max_message_size && announced_ > opt_.max_message_size) fail(errc::message_size_exceeded);
  return error_;
}

// The same line checks as DATA, without dots or marker: lines run across chunks, and
// only CRLF ends one (RFC 5321 2.3.8). scan_text crosses what only needs counting.
void bdat_reader::inspect(const unsigned char* p, const unsigned char* pe) noexcept {
  auto count = [&](unsigned char c) {
    if (detail::count_octet(line_, stats_, c)) fail(errc::data_line_too_long);
  };
  while (p < pe) {
    if (after_cr_) {  // a CR ended the previous piece
      after_cr_ = false;
      if (*p == '\n') {
        count('\n');
        detail::end_line(line_);
        ++p;
        continue;
      }
      flag_bare(false);
    }
    p = detail::scan_text(p, pe, line_);
    if (p == pe) break;
    const unsigned char c = *p;
    count(c);
    ++p;
    if (c == '\r') {
      if (p == pe) {
        after_cr_ = true;
      } else if (*p == '\n') {
        count('\n');
        detail::end_line(line_);
        ++p;
      } else {
        flag_bare(false);
      }
    } else if (c == '\n') {
      flag_bare(true);
    }
  }
  detail::sync_stats(line_, stats_);
}

bdat_result bdat_reader::read(std::string_view in) noexcept {
  bdat_result r;
  r.error = error_;
  if (!in_chunk_) return r;
  const std::size_t take = remaining_ < in.size() ? static_cast<std::size_t>(remaining_) : in.size();
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  if (!opt_.binary && error_ == errc{}) inspect(p, p + take);
  remaining_ -= take;
  stats_.size += take;
  r.consumed = take;
  if (error_ == errc{}) r.data = in.substr(0, take);
  if (remaining_ > 0) {
    r.status = bdat_status::need_input;
  } else {
    in_chunk_ = false;
    if (last_) {
      if (after_cr_ && !opt_.binary) {  // the message ended in a CR
        after_cr_ = false;
        flag_bare(false);
      }
      message_done_ = true;
      r.status = bdat_status::message_done;
    } else {
      r.status = bdat_status::chunk_done;
    }
  }
  r.error = error_;
  return r;
}

errc bdat_reader::finish() noexcept {
  if (in_chunk_) {
    fail(errc::data_incomplete);
    return errc::data_incomplete;
  }
  return error_;
}

std::string_view format_bdat(std::uint64_t size, bool last, std::span<char, bdat_command_max> buf) noexcept {
  char digits[20];
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + size % 10);
    size /= 10;
  } while (size);
  std::size_t k = 0;
  for (char c : {'B', 'D', 'A', 'T', ' '}) buf[k++] = c;
  while (n) buf[k++] = digits[--n];
  if (last)
    for (char c : {' ', 'L', 'A', 'S', 'T'}) buf[k++] = c;
  buf[k++] = '\r';
  buf[k++] = '\n';
  return {buf.data(), k};
}

bdat_chunk bdat_writer::next(std::string_view in, bool end_of_message) noexcept {
  bdat_chunk c;
  if (finished_ || (in.empty() && !end_of_message)) return c;
  const std::size_t n = max_ && in.size() > max_ ? max_ : in.size();
  c.last = end_of_message && n == in.size();
  c.data = in.substr(0, n);
  c.consumed = n;
  c.command = format_bdat(n, c.last, buf_);
  finished_ = c.last;
  return c;
}

}  // namespace smtpcodec
