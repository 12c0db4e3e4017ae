// File: bdat.hpp
//
// CHUNKING (RFC 3030): the message travels in chunks announced by "BDAT <size> [LAST]",
// each exactly <size> octets, with no dot-stuffing and no end marker.
//
//  - bdat_reader (server side) takes exactly the announced number of octets from your
//    input, binary-safe and across any split, hands them back as views and leaves the
//    rest (the next command) untouched. It keeps the message-wide checks a server needs:
//    SIZE across all chunks, bare CR / LF, line lengths, 8-bit and NUL (body_stats).
//  - bdat_writer (client side) cuts a message into chunks and formats each BDAT line.
//
//   smtpcodec::bdat_reader rd;
//   rd.begin_chunk(1000, true);                      // after parsing "BDAT 1000 LAST"
//   auto r = rd.read(in);                            // again with more input while
//   store(r.data);                                   //   r.status == need_input
//   in.remove_prefix(r.consumed);                    // `in` now starts at the next command
//   if (r.status == smtpcodec::bdat_status::message_done)
//     send(r.error != smtpcodec::errc{} ? smtpcodec::reply_for(r.error, smtpcodec::reply_context::data)
//                                       : ok_250);   // chunk_done: 250 for the chunk
//
//   smtpcodec::bdat_writer wr(64 * 1024);
//   for (std::string_view msg = message;;) {
//     auto c = wr.next(msg, /*end_of_message=*/true);   // "BDAT 65536\r\n" ... "BDAT 17 LAST\r\n"
//     if (c.command.empty()) break;
//     writev({c.command, c.data});
//     msg.remove_prefix(c.consumed);
//   }
//
// Lifetime: bdat_result::data points into the `in` given to read(). bdat_chunk::data
// points into the `in` given to next(), bdat_chunk::command into the writer, valid until
// its next call. Neither keeps a pointer into your memory between calls.
//
// Errors (sticky for the message; the chunks are still read to their end so the session
// stays in step, but no more data is handed out): message_size_exceeded, bare_lf, bare_cr
// (bare_eol_policy::reject), data_line_too_long, data_incomplete (finish() inside a chunk).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "smtpcodec/dot_stuffing.hpp"
#include "smtpcodec/error.hpp"
#include "smtpcodec/export.hpp"
#include "smtpcodec/line_ending.hpp"

namespace smtpcodec {

struct bdat_reader_options {
  /// reject (default): a bare CR or LF refuses the message (as in DATA: the next hop may
  /// read it as a line end). accept and normalize: reported in body_stats only; the chunk
  /// reader never rewrites content (its length framing is exact), so a relay normalises
  /// when it re-encodes (dot_stuffer, normalize).
  bare_eol_policy bare_eol = bare_eol_policy::reject;
  /// SIZE (RFC 1870) over all chunks of the message, 0 for no limit. Checked when a chunk
  /// is announced (RFC 3030 4: the server may refuse as soon as it knows).
  std::uint64_t max_message_size = 0;
  /// Refuse lines longer than this many octets including CRLF, 0 for no limit.
  std::size_t max_line_length = 0;
  /// BODY=BINARYMIME (RFC 3030 3): the content is not text; no line checks at all.
  bool binary = false;
};

enum class bdat_status : std::uint8_t {
  /// No chunk in progress: call begin_chunk() first.
  idle = 0,
  /// All of `in` consumed, the chunk wants more octets.
  need_input = 1,
  /// The chunk is complete; the bytes after it are the next command.
  chunk_done = 2,
  /// The LAST chunk is complete; `error` says whether to accept the message.
  message_done = 3,
};

struct bdat_result {
  std::size_t consumed = 0;
  /// Octets of the chunk, exactly as received (empty once the message is refused).
  std::string_view data;
  bdat_status status = bdat_status::idle;
  /// The first error of the message so far (errc{} if none).
  errc error{};
};

/// Streaming BDAT chunk reader (server side).
class bdat_reader {
 public:
  SMTPCODEC_API explicit bdat_reader(const bdat_reader_options& opt = {}) noexcept;

  /// Starts a chunk of `size` octets ("BDAT size [LAST]", already parsed). After a LAST
  /// chunk has completed this starts a new message. Ignored while a chunk is in progress.
  /// Returns error(): message_size_exceeded as soon as the announced total is too large.
  SMTPCODEC_API errc begin_chunk(std::uint64_t size, bool last) noexcept;

  /// Takes the chunk's octets from the front of `in` (all of the chunk that is there).
  /// A chunk of 0 octets completes at once. Errors: see the file comment.
  /// Lifetime: data points into `in`.
  [[nodiscard]] SMTPCODEC_API bdat_result read(std::string_view in SMTPCODEC_LIFETIME_BOUND) noexcept;

  /// The input ended: errc::data_incomplete if a chunk was in progress, else error().
  [[nodiscard]] SMTPCODEC_API errc finish() noexcept;

  /// Forget the message (RSET): the next begin_chunk starts a new one.
  SMTPCODEC_API void reset() noexcept;

  [[nodiscard]] bool in_chunk() const noexcept { return in_chunk_; }
  /// Octets of the current chunk still to come.
  [[nodiscard]] std::uint64_t remaining() const noexcept { return remaining_; }
  [[nodiscard]] errc error() const noexcept { return error_; }
  [[nodiscard]] const body_stats& stats() const noexcept { return stats_; }

 private:
  void fail(errc e) noexcept;
  void inspect(const unsigned char* p, const unsigned char* pe) noexcept;
  void flag_bare(bool lf) noexcept;
  bdat_reader_options opt_;
  body_stats stats_;
  detail::line_state line_;
  std::uint64_t remaining_ = 0;
  std::uint64_t announced_ = 0;
  errc error_{};
  bool in_chunk_ = false;
  bool last_ = false;
  bool message_done_ = false;
  bool after_cr_ = false;
};

/// Longest BDAT command line: "BDAT 18446744073709551615 LAST\r\n".
inline constexpr std::size_t bdat_command_max = 32;

/// Writes "BDAT <size>\r\n" or "BDAT <size> LAST\r\n" (RFC 3030 2) into buf.
/// Lifetime: the view points into buf.
[[nodiscard]] SMTPCODEC_API std::string_view format_bdat(std::uint64_t size, bool last,
                                                         std::span<char, bdat_command_max> buf) noexcept;

struct bdat_chunk {
  /// "BDAT <n>[ LAST]\r\n", or empty when there is nothing to send.
  std::string_view command;
  /// The chunk's octets: the first `consumed` octets of `in`.
  std::string_view data;
  std::size_t consumed = 0;
  bool last = false;
};

/// Cuts a message into BDAT chunks (client side).
class bdat_writer {
 public:
  static constexpr std::size_t default_chunk_size = 64 * 1024;

  /// max_chunk_size: the largest chunk to announce, 0 for no limit.
  explicit bdat_writer(std::size_t max_chunk_size = default_chunk_size) noexcept : max_(max_chunk_size) {}

  /// The next chunk from the front of `in`. end_of_message: `in` holds all the rest of
  /// the message, so the chunk that takes its end is LAST ("BDAT 0 LAST" for an empty
  /// rest). Without it, an empty `in` gives nothing. After LAST, gives nothing.
  /// Lifetime: command is valid until the next call; data points into `in`.
  [[nodiscard]] SMTPCODEC_API bdat_chunk next(std::string_view in SMTPCODEC_LIFETIME_BOUND,
                                              bool end_of_message) noexcept;

  [[nodiscard]] bool finished() const noexcept { return finished_; }
  void reset() noexcept { finished_ = false; }

 private:
  char buf_[bdat_command_max] = {};
  std::size_t max_;
  bool finished_ = false;
};

}  // namespace smtpcodec
