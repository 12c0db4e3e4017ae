// File: dot_stuffing.hpp
//
// The DATA body codecs (RFC 5321 4.1.1.4, 4.5.2), both streaming and zero-copy:
//
//  - dot_unstuffer (server side) reads the bytes that follow the 354 reply, removes the
//    transparency dots, finds the end-of-data marker CRLF "." CRLF and hands back the
//    message content as views into your input. Bytes after the marker (a pipelined next
//    command) are not consumed: they go back to the session untouched.
//  - dot_stuffer (client side) turns a message into its wire form: a doubled dot at the
//    start of every line that begins with one, CRLF line ends, the final CRLF if missing
//    and the terminating "." CRLF. The output is a list of views (into your input, plus
//    a few static strings it inserts) ready for writev.
//
// SMTP smuggling (CERT VU#302671, CVE-2023-51764/51765/51766): under every policy the
// data ends at the first CRLF "." CRLF and nowhere else. LF "." LF, CRLF "." LF,
// LF "." CRLF, CR "." CR, CRLF "." CR and every other variant are content (and, under the
// default policy, the reason the message is refused). The unstuffer never lets them end
// the data, and the stuffer never produces them.
//
//   smtpcodec::dot_unstuffer u;                          // bare CR / bare LF refused
//   std::string_view in = ...;                           // bytes received after "354"
//   for (;;) {
//     auto r = u.decode(in);
//     store(r.chunk);                                    // a piece of the message
//     in.remove_prefix(r.consumed);
//     if (r.status == smtpcodec::unstuff_status::done) {
//       if (r.error != smtpcodec::errc{})                // e.g. 550 5.6.0, 552 5.3.4
//         send(smtpcodec::reply_for(r.error, smtpcodec::reply_context::data));
//       else
//         send_250_ok();
//       break;                                           // `in` now starts at the next command
//     }
//     if (r.status == smtpcodec::unstuff_status::need_input) break;  // read more, call again
//   }
//
//   smtpcodec::dot_stuffer s;
//   std::string_view seg[16];
//   for (std::string_view msg = message; !msg.empty();) {
//     auto r = s.encode(msg, seg);                       // r.error: bare_lf, bare_cr, ...
//     writev(seg, r.segments);
//     msg.remove_prefix(r.consumed);
//   }
//   auto end = s.finish(seg);                            // "\r\n.\r\n" or ".\r\n"
//   writev(seg, end.segments);
//
// Lifetime: a chunk or segment is a view into the `in` passed to the call that returned it,
// or a static string of the library (an inserted "\r\n", "\r", "\n"; valid for the
// program's life). Use or copy it before you change or drop those input bytes. The codecs
// keep no pointer into your memory between calls: everything they must remember (a line
// start, a half-seen marker, a CR whose LF has not arrived yet) is state in the object.
//
// Errors: bare_lf and bare_cr (bare_eol_policy::reject), message_size_exceeded (SIZE,
// RFC 1870), data_line_too_long (a configured line limit), data_incomplete (finish()
// before the end of the data). Errors are sticky; the unstuffer keeps reading until the
// end-of-data marker so the session stays in step with the client, but yields no more
// content. The reply to send is reply_for(error, reply_context::data).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "smtpcodec/error.hpp"
#include "smtpcodec/export.hpp"
#include "smtpcodec/line_ending.hpp"

namespace smtpcodec {

/// RFC 5321 4.5.3.1.6: a text line is at most 1000 octets including its CRLF (not counting
/// a transparency dot). Longer lines are counted in body_stats::long_lines.
inline constexpr std::size_t rfc5321_max_text_line = 1000;

/// What a server (or a client) must know about a message body. Counted the same way
/// whatever the chunking, and on every CPU path.
struct body_stats {
  /// Message octets (RFC 1870 SIZE: CRLF pairs included, transparency dots and the
  /// end-of-data line excluded). Keeps counting after a refusal, content withheld or not.
  std::uint64_t size = 0;
  /// Lines over rfc5321_max_text_line octets (RFC 5321 4.5.3.1.6).
  std::uint64_t long_lines = 0;
  /// An octet >= 0x80: the body needs BODY=8BITMIME (RFC 6152) or BINARYMIME (RFC 3030).
  bool eight_bit = false;
  /// A NUL octet (RFC 5322 2.2 and RFC 6152 3 allow none outside BINARYMIME).
  bool nul = false;
  /// A bare LF / bare CR was seen (refused, normalised or passed, per the policy).
  bool bare_lf = false;
  bool bare_cr = false;
  friend constexpr bool operator==(const body_stats&, const body_stats&) = default;
};

namespace detail {
/// Line bookkeeping a codec keeps between calls. Internal: the layout may change.
struct line_state {
  std::size_t line_len = 0;    ///< octets of the current line so far
  std::size_t limit = 0;       ///< the line crosses a threshold when line_len passes this
  std::size_t next_limit = 0;  ///< `limit` of every new line (the lowest threshold)
  std::size_t second = 0;      ///< the higher threshold, or SIZE_MAX
  std::size_t refuse = 0;      ///< the configured maximum, or SIZE_MAX for none
  unsigned char or_bits = 0;   ///< OR of every octet counted (bit 7: 8-bit data)
  bool nul = false;            ///< a NUL octet was counted
};
class unstuff_run;
}  // namespace detail

// ---- server side ------------------------------------------------------------------------

struct dot_unstuffer_options {
  /// Bare CR / bare LF in the body (line_ending.hpp). In DATA:
  ///  reject (default): the message is refused (bare_lf / bare_cr, 550 5.6.0 in the data
  ///    context); the bytes are not line ends, so nothing but CRLF "." CRLF ends the data.
  ///  normalize: a bare LF or CR ends a line and is delivered as CRLF; a line start after
  ///    such a line end drops a leading dot like any other but can never begin the end
  ///    marker. Risk: content now holds line ends the client did not send; use it to take
  ///    mail from broken clients, and re-stuff (dot_stuffer) before relaying.
  ///  accept: the bytes pass through as content and are only reported (body_stats). A
  ///    leading dot after a bare LF is not a line start and is kept. Risk: relaying this
  ///    content to a next hop that treats bare LF as a line end reopens smuggling; only for
  ///    archivers and analysers.
  bare_eol_policy bare_eol = bare_eol_policy::reject;
  /// SIZE (RFC 1870): the largest message accepted, 0 for no limit. Past it the content is
  /// withheld, the end is still found, and the error is message_size_exceeded (552 5.3.4).
  std::uint64_t max_message_size = 0;
  /// Refuse lines longer than this many octets including CRLF (data_line_too_long), 0 for
  /// no limit. Lines over 1000 are always counted in body_stats::long_lines.
  std::size_t max_line_length = 0;
};

enum class unstuff_status : std::uint8_t {
  /// Every byte of `in` is consumed and nothing is pending: call again when more arrives.
  need_input = 0,
  /// Call again with the rest of `in` (possibly empty): more content is ready.
  more = 1,
  /// The end-of-data marker ended at in[consumed - 1]. The bytes after it belong to the
  /// session (the next command). `error` says whether to accept the message.
  done = 2,
};

struct unstuff_result {
  /// Bytes of `in` used up; drop them before the next call.
  std::size_t consumed = 0;
  /// The next piece of the message content, in order (may be empty). A view into `in`, or
  /// a static "\r\n" / "\r" / "\n" the normalize and accept policies insert.
  std::string_view chunk;
  unstuff_status status = unstuff_status::need_input;
  /// With `done`: errc{} to accept the message, otherwise why to refuse it. Before `done`,
  /// the error so far (the content is withheld from then on). The first error wins, except
  /// message_size_exceeded, which gives way to any other: the answer is then the same
  /// however the input was split.
  errc error{};
};

/// Streaming DATA decoder (server side).
class dot_unstuffer {
 public:
  SMTPCODEC_API explicit dot_unstuffer(const dot_unstuffer_options& opt = {}) noexcept;

  /// Decodes from the front of `in`: returns at most one chunk of content per call.
  /// Consumes all of `in` unless the marker ends inside it; never holds bytes back.
  /// Errors (in unstuff_result::error): bare_lf, bare_cr, message_size_exceeded,
  /// data_line_too_long. After `done`, returns done again and consumes nothing.
  /// Lifetime: the chunk points into `in` or at static storage.
  [[nodiscard]] SMTPCODEC_API unstuff_result decode(std::string_view in SMTPCODEC_LIFETIME_BOUND) noexcept;

  /// The input ended (the peer closed). Returns errc::data_incomplete if the end-of-data
  /// marker was not seen (the message must be discarded, RFC 5321 4.1.1.4), else error().
  [[nodiscard]] SMTPCODEC_API errc finish() noexcept;

  /// Ready for the next message with the same options.
  SMTPCODEC_API void reset() noexcept;

  [[nodiscard]] bool done() const noexcept { return done_; }
  [[nodiscard]] errc error() const noexcept { return error_; }
  [[nodiscard]] const body_stats& stats() const noexcept { return stats_; }
  [[nodiscard]] const dot_unstuffer_options& options() const noexcept { return opt_; }

 private:
  friend class detail::unstuff_run;
  dot_unstuffer_options opt_;
  body_stats stats_;
  detail::line_state line_;
  std::string_view pending_;  // a static string to yield before reading more input
  int cs_ = 0;                // the Ragel machine's state (ragel/dot_unstuff.rl)
  errc error_{};
  bool withhold_ = false;     // refused: find the end, yield nothing
  bool done_ = false;
};

/// Decodes a whole buffer: appends the content to `content` (nothing once refused).
struct unstuff_summary {
  std::size_t consumed = 0;  ///< octets up to and including the marker, or all if incomplete
  bool complete = false;     ///< the end-of-data marker was found
  errc error{};              ///< as unstuff_result::error; data_incomplete if !complete
  body_stats stats;
};
[[nodiscard]] SMTPCODEC_API unstuff_summary unstuff_message(std::string_view wire, std::string& content,
                                                            const dot_unstuffer_options& opt = {});

// ---- client side ------------------------------------------------------------------------

struct dot_stuffer_options {
  /// reject (default): a bare CR or LF in the message is an error (bare_cr / bare_lf).
  /// normalize: a bare LF gets its CR and a bare CR its LF, and the next octet starts a
  /// line (a leading dot after it is doubled). accept is not offered for sending: putting
  /// bare line ends on the wire is how smuggling is done, so it is treated as reject.
  bare_eol_policy bare_eol = bare_eol_policy::reject;
  /// Refuse lines longer than this many octets including CRLF (data_line_too_long), 0 for
  /// no limit. RFC 5321 4.5.3.1.6 allows 1000; longer lines are counted in stats().
  std::size_t max_line_length = 0;
};

struct stuff_result {
  /// Bytes of `in` used up. Less than in.size() only when `out` filled up or on error (it
  /// may be 0 when the only segment written is an inserted "\n" owed to the previous call).
  std::size_t consumed = 0;
  /// out[0 .. segments) hold the wire form of those bytes, in order.
  std::size_t segments = 0;
  /// errc{} or why the message cannot be sent (sticky). Segments written before the error
  /// are valid but the message must not be completed: close the connection.
  errc error{};
};

/// Streaming DATA encoder (client side).
///
/// Output: encode() writes views into `out`, which the caller provides (a stack array is
/// fine; at least min_segments slots). Each view is a piece of `in`, or a static string
/// (an inserted "\r" or "\n"). A leading dot is doubled by emitting that input dot twice:
/// as the last byte of one segment and the first of the next. Segments per call are
/// bounded by out.size(); more slots mean fewer calls (about one segment per dot line).
class dot_stuffer {
 public:
  /// The smallest `out` encode() and finish() work with.
  static constexpr std::size_t min_segments = 3;

  SMTPCODEC_API explicit dot_stuffer(const dot_stuffer_options& opt = {}) noexcept;

  /// Encodes from the front of `in`. Errors: bare_lf, bare_cr, data_line_too_long.
  /// Returns nothing if out.size() < min_segments or after finish().
  /// Lifetime: the segments point into `in` or at static storage.
  [[nodiscard]] SMTPCODEC_API stuff_result encode(std::string_view in SMTPCODEC_LIFETIME_BOUND,
                                                  std::span<std::string_view> out) noexcept;

  /// Ends the message: writes one static segment, "\r\n.\r\n" (the final CRLF was
  /// missing), ".\r\n" (it was there, or the message is empty) or "\n.\r\n" (a last bare
  /// CR under normalize). Errors: bare_cr (a last bare CR under reject),
  /// data_line_too_long, or the earlier error.
  [[nodiscard]] SMTPCODEC_API stuff_result finish(std::span<std::string_view> out) noexcept;

  /// Ready for the next message with the same options.
  SMTPCODEC_API void reset() noexcept;

  [[nodiscard]] errc error() const noexcept { return error_; }
  [[nodiscard]] bool finished() const noexcept { return finished_; }
  /// size counts the message as the server will (after normalisation and the added CRLF).
  [[nodiscard]] const body_stats& stats() const noexcept { return stats_; }
  [[nodiscard]] const dot_stuffer_options& options() const noexcept { return opt_; }

 private:
  enum class at : std::uint8_t { line_start, text, after_cr };
  void fail(errc e) noexcept;
  dot_stuffer_options opt_;
  body_stats stats_;
  detail::line_state line_;
  errc error_{};
  at state_ = at::line_start;
  bool finished_ = false;
};

/// Stuffs a whole message: appends its wire form, terminator included, to `wire`. On error
/// `wire` is left as it was. `stats`, if given, receives dot_stuffer::stats().
[[nodiscard]] SMTPCODEC_API errc stuff_message(std::string_view message, std::string& wire,
                                               const dot_stuffer_options& opt = {}, body_stats* stats = nullptr);

}  // namespace smtpcodec
