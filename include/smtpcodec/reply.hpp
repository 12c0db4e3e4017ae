// File: reply.hpp
//
// SMTP replies (RFC 5321 4.2) in both directions:
//  - reply_parser: what a client receives. Incremental: bytes arrive in pieces of any size
//    and a reply, single or multi-line ("250-..." continuation lines, then "250 ..." or a
//    bare "250"), comes out when it is complete. Validated and bounded, so a hostile server
//    can make a client hold at most max_reply_bytes.
//  - write_reply / write_multiline_reply: what a server sends. Text is wrapped under the
//    line limit and any CR, LF, NUL or other control byte in it is neutralised, so no
//    application text can end a reply early or smuggle in a line of its own.
//  - reply classification (RFC 5321 4.2.1) and the enhanced status code (RFC 2034, RFC 3463)
//    of every line; enhanced_status.hpp says what a code means.
//
//   smtpcodec::reply_parser parser;                    // default limits, UTF-8 text allowed
//   std::string_view in = socket_bytes;                // any piece of the stream
//   for (;;) {
//     smtpcodec::reply_event ev = parser.next(in);
//     in.remove_prefix(ev.consumed);
//     if (ev.kind == smtpcodec::reply_event::kind_t::need_more) break;   // read more, call again
//     if (ev.kind == smtpcodec::reply_event::kind_t::error) return close(ev.error);  // fatal
//     const smtpcodec::reply_view& r = ev.reply;
//     if (smtpcodec::classify_reply(r.code) == smtpcodec::reply_class::positive_completion) ...;
//     for (const smtpcodec::reply_line& line : r) log(line.code, line.status, line.message);
//   }
//
//   std::string out;                                   // server side
//   if (smtpcodec::write_reply(250, {2, 1, 0}, "Sender <a@b.example> ok", out) != smtpcodec::errc{})
//     ...;                                             // only for a bad code or status code
//   // "501 5.1.3 Bad address syntax": the library's wording for a parse error
//   (void)smtpcodec::write_error_reply(smtpcodec::errc::invalid_path, smtpcodec::reply_context::rcpt_to, out);
//
// Lifetime: a reply_view (and every reply_line it yields) points either into the `in` of
// the next() call that returned it, when the whole reply lay in that buffer (no copy, no
// allocation), or into the parser's internal buffer, when the reply arrived in several
// pieces. Either way it is valid until the next call of next(), finish() or reset() and
// while the caller keeps the bytes of `in` it consumed. Copy what you need before that.
// reply_parser keeps no pointer into caller memory between calls; it allocates its
// internal buffer (max_reply_bytes) once, the first time a reply spans two calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "smtpcodec/enhanced_status.hpp"
#include "smtpcodec/error.hpp"
#include "smtpcodec/export.hpp"
#include "smtpcodec/result.hpp"
#include "smtpcodec/status.hpp"

namespace smtpcodec {

// ---- Classification (RFC 5321 4.2.1) --------------------------------------------------

/// What the first digit of a reply code says. Values are the digit.
enum class reply_class : std::uint8_t {
  invalid = 0,
  positive_completion = 2,    ///< 2yz: the action is done
  positive_intermediate = 3,  ///< 3yz: accepted, send more (354 after DATA, 334 in AUTH)
  transient_negative = 4,     ///< 4yz: not done, try again later
  permanent_negative = 5,     ///< 5yz: not done, do not repeat as is
};

/// The class of `code`; invalid outside 200..599.
[[nodiscard]] constexpr reply_class classify_reply(std::uint16_t code) noexcept {
  return code >= 200 && code <= 599 ? static_cast<reply_class>(code / 100) : reply_class::invalid;
}

/// "positive_completion", "positive_intermediate", "transient_negative",
/// "permanent_negative" or "invalid".
[[nodiscard]] constexpr std::string_view to_string(reply_class c) noexcept {
  switch (c) {
    case reply_class::positive_completion: return "positive_completion";
    case reply_class::positive_intermediate: return "positive_intermediate";
    case reply_class::transient_negative: return "transient_negative";
    case reply_class::permanent_negative: return "permanent_negative";
    case reply_class::invalid: break;
  }
  return "invalid";
}

/// RFC 5321 4.2: Reply-code = %x32-35 %x30-35 %x30-39 (200..559, second digit 0..5).
[[nodiscard]] constexpr bool is_valid_reply_code(std::uint16_t code) noexcept {
  return code >= 200 && code <= 559 && code / 10 % 10 <= 5;
}

// ---- One line ------------------------------------------------------------------------

/// One reply line, as on the wire.
struct reply_line {
  std::uint16_t code = 0;
  /// The separator was SP or the line ended after the code: the reply's last line.
  bool last = true;
  /// Everything after "NNN-" / "NNN " exactly as sent (the enhanced code stays in it).
  std::string_view text;
  /// The enhanced status code that starts `text` (RFC 2034 4), if there is one and it
  /// matches `code` (matches_reply_code); empty otherwise.
  enhanced_status status{};
  /// `text` after the status code and its SP; `text` itself when there is no status code.
  std::string_view message;
  /// enhanced_status_mismatch when `text` starts with something shaped like a status code
  /// ("d.d.d" then SP or the end) whose class does not fit `code` (e.g. "250 5.0.0"). Not
  /// fatal: the line is otherwise valid and `status` stays empty.
  errc status_error{};
};

struct reply_parser_options {
  /// Longest line, with its CRLF (RFC 5321 4.5.3.1.5: 512 octets).
  std::size_t max_line_length = 512;
  /// Most lines in one reply. EHLO replies of large providers have 10-30 lines.
  std::size_t max_lines = 128;
  /// Most bytes in one reply, CRLFs included; also the size of the internal buffer.
  std::size_t max_reply_bytes = 16384;
  /// RFC 6531 3.7.4 lets reply text hold UTF-8; it must be well-formed (RFC 3629).
  /// false: any byte >= 0x80 is errc::eight_bit_byte.
  bool allow_utf8 = true;
};

/// Parses one reply line; its CRLF may be present or already removed.
/// Errors (error_offset: the first offending byte):
///   line_too_long            longer than opt.max_line_length (counting a CRLF);
///   invalid_reply_code       not three digits, first 2..5, second 0..5;
///   invalid_reply_separator  the fourth byte is not "-" or SP;
///   bare_cr / bare_lf        a CR or LF that is not the line's final CRLF;
///   nul_byte, control_character  NUL, or another control byte but HT (RFC 5321 4.2
///                            textstring allows HT, SP and printable ASCII);
///   eight_bit_byte           a byte >= 0x80 without opt.allow_utf8;
///   invalid_utf8             ill-formed UTF-8 with opt.allow_utf8.
/// max_lines and max_reply_bytes do not apply to a single line.
/// Lifetime: the result's views point into `line`.
[[nodiscard]] SMTPCODEC_API parse_result<reply_line> parse_reply_line(std::string_view line SMTPCODEC_LIFETIME_BOUND,
                                                                      const reply_parser_options& opt = {}) noexcept;

// ---- A whole reply -------------------------------------------------------------------

/// Iterates the lines of a reply_view (re-reading each line, which was validated when
/// the reply was parsed).
class reply_line_iterator {
 public:
  using value_type = reply_line;
  using difference_type = std::ptrdiff_t;
  using reference = const reply_line&;
  using pointer = const reply_line*;
  using iterator_category = std::forward_iterator_tag;

  reply_line_iterator() = default;
  /// `rest`: whole lines with their CRLFs.
  explicit reply_line_iterator(std::string_view rest) noexcept { load(rest); }

  reference operator*() const noexcept { return line_; }
  pointer operator->() const noexcept { return &line_; }
  reply_line_iterator& operator++() noexcept {
    load(rest_.substr(length_));
    return *this;
  }
  reply_line_iterator operator++(int) noexcept {
    reply_line_iterator old = *this;
    ++*this;
    return old;
  }
  friend bool operator==(const reply_line_iterator& a, const reply_line_iterator& b) noexcept {
    return a.rest_.data() == b.rest_.data() && a.rest_.size() == b.rest_.size();
  }

 private:
  SMTPCODEC_API void load(std::string_view rest) noexcept;
  std::string_view rest_;
  std::size_t length_ = 0;
  reply_line line_{};
};

/// A complete, validated reply. Lifetime: see the banner.
struct reply_view {
  std::uint16_t code = 0;
  /// The first line's enhanced status code (RFC 2034 4 puts one on every line).
  enhanced_status status{};
  /// enhanced_status_mismatch if any line's status code did not fit `code` (see reply_line).
  errc status_error{};
  std::size_t line_count = 0;
  /// Every line of the reply with its CRLF, as received.
  std::string_view raw;

  [[nodiscard]] reply_class category() const noexcept { return classify_reply(code); }
  [[nodiscard]] reply_line_iterator begin() const noexcept { return reply_line_iterator(raw); }
  [[nodiscard]] reply_line_iterator end() const noexcept { return reply_line_iterator(raw.substr(raw.size())); }
  /// The first line (an empty reply_line for an empty view).
  [[nodiscard]] reply_line first_line() const noexcept { return *begin(); }
};

struct reply_event {
  enum class kind_t : unsigned char {
    /// No complete reply yet. Everything given was taken (consumed == in.size()): an
    /// incomplete reply is held in the internal buffer. Call again with more bytes.
    need_more,
    /// `reply` is complete. Call again with the bytes after `consumed`.
    reply,
    /// A fatal violation: `error` says which. The stream cannot be trusted any more; every
    /// later call returns the same error. Close the connection.
    error,
  };
  kind_t kind = kind_t::need_more;
  /// Bytes of `in` this call used up.
  std::size_t consumed = 0;
  reply_view reply{};
  errc error{};
  /// Where the error is: the line of the reply (1-based) and the byte in that line
  /// (0-based; for the limits, the first byte beyond them).
  std::size_t error_line = 0;
  std::size_t error_column = 0;
};

/// The incremental reply parser. One per connection; reset() after STARTTLS.
class reply_parser {
 public:
  SMTPCODEC_API explicit reply_parser(const reply_parser_options& opt = {}) noexcept;
  SMTPCODEC_API ~reply_parser();
  SMTPCODEC_API reply_parser(reply_parser&&) noexcept;
  SMTPCODEC_API reply_parser& operator=(reply_parser&&) noexcept;
  reply_parser(const reply_parser&) = delete;
  reply_parser& operator=(const reply_parser&) = delete;

  /// Reads at most one reply from the front of `in` (plus what is held from earlier calls).
  /// Call after: every read from the connection, and again after each `reply` event with
  /// the bytes it did not consume.
  /// Errors (fatal, in reply_event::error): every parse_reply_line error, and
  ///   reply_code_mismatch   a line's code differs from the first line's (RFC 5321 4.2.1);
  ///   too_many_reply_lines  more than max_lines lines;
  ///   reply_too_large       more than max_reply_bytes bytes, or the internal buffer
  ///                         could not be allocated.
  /// Every error is found at the same byte, with the same line and column, however the
  /// stream is cut into pieces.
  /// Lifetime: the reply points into `in` or into the parser (see the banner).
  [[nodiscard]] SMTPCODEC_API reply_event next(std::string_view in SMTPCODEC_LIFETIME_BOUND) noexcept;

  /// The peer closed the connection. Returns errc::reply_incomplete (and the parser
  /// fails) when a reply was begun and not finished, the earlier fatal error if there was
  /// one, errc{} otherwise.
  SMTPCODEC_API errc finish() noexcept;

  /// A fatal error happened; the stream is unusable.
  [[nodiscard]] bool failed() const noexcept { return failed_ != errc{}; }
  [[nodiscard]] errc error() const noexcept { return failed_; }
  /// Bytes of an incomplete reply held from earlier calls. After STARTTLS's 220 this (and
  /// any byte after that reply in `in`) must be zero: bytes a server sent before the TLS
  /// handshake are an injection attempt and are to be dropped with reset().
  [[nodiscard]] std::size_t buffered() const noexcept { return release_ ? 0 : held_; }
  /// The internal buffer has been allocated (only ever by a reply that spans calls).
  [[nodiscard]] bool buffer_allocated() const noexcept { return buf_ != nullptr; }
  /// Forgets everything (held bytes, a fatal error) and starts a new stream; keeps the
  /// buffer. Views from earlier calls become invalid.
  SMTPCODEC_API void reset() noexcept;
  [[nodiscard]] const reply_parser_options& options() const noexcept { return opt_; }

 private:
  errc check_limits(std::size_t seen, std::size_t& column) const noexcept;
  errc complete_line(std::string_view line, bool& last, std::size_t& column) noexcept;
  bool hold(std::string_view bytes) noexcept;
  reply_event fail(errc e, std::size_t line, std::size_t column) noexcept;
  void start_reply() noexcept;

  // malloc/free: no exception can leave next(), and a failed allocation is a plain error.
  struct free_buffer {
    void operator()(char* p) const noexcept { std::free(p); }
  };
  reply_parser_options opt_;
  std::unique_ptr<char[], free_buffer> buf_;
  std::size_t held_ = 0;       // bytes in buf_
  bool release_ = false;       // buf_ holds a delivered reply; drop it on the next call
  errc failed_{};
  std::size_t failed_line_ = 0;
  std::size_t failed_column_ = 0;
  // The reply being read.
  std::uint16_t code_ = 0;
  std::size_t lines_ = 0;      // complete lines
  std::size_t bytes_ = 0;      // bytes of the complete lines
  enhanced_status status_{};
  errc status_error_{};
};

/// Parses the single reply at the start of `in` with a fresh parser. An incomplete reply
/// is an error event with errc::reply_incomplete. Lifetime: views point into `in` (a
/// reply lying in one buffer is never copied).
[[nodiscard]] SMTPCODEC_API reply_event parse_reply(std::string_view in SMTPCODEC_LIFETIME_BOUND,
                                                    const reply_parser_options& opt = {}) noexcept;

// ---- Writer --------------------------------------------------------------------------

struct reply_writer_options {
  /// Longest line written, with its CRLF (RFC 5321 4.5.3.1.5: 512). Values below 64 act
  /// as 64, so every line has room for its code, status code and some text.
  std::size_t max_line_length = 512;
  /// Keep well-formed UTF-8 in text (RFC 6531 3.7.4, for SMTPUTF8 sessions). false, or
  /// ill-formed bytes: each byte >= 0x80 becomes "?".
  bool allow_utf8 = true;
};

/// Appends a reply whose text is one logical line, wrapped at spaces into as many lines
/// as the limit needs (a word longer than a line is cut, never inside a UTF-8 character;
/// the space at a wrap point ends the earlier line, so joining the lines' texts gives
/// back the text). With a non-empty `status`, every line starts with it (RFC 2034 4).
/// Neutralised in `text`: CR and LF become SP; NUL, other controls but HT, and DEL
/// become "?". An empty text writes "NNN" alone (or "NNN c.s.d").
/// Errors (nothing is appended): invalid_reply_code (not is_valid_reply_code),
/// enhanced_status_mismatch (a status that does not fit the code: matches_reply_code).
[[nodiscard]] SMTPCODEC_API errc write_reply(std::uint16_t code, const enhanced_status& status, std::string_view text,
                                             std::string& out, const reply_writer_options& opt = {});

/// Appends a multi-line reply: one or more lines per element of `lines` (each wrapped and
/// neutralised as write_reply does), "NNN-" on all but the very last, "NNN " on it. No
/// lines writes a single empty line. Errors: as write_reply.
[[nodiscard]] SMTPCODEC_API errc write_multiline_reply(std::uint16_t code, const enhanced_status& status,
                                                       std::span<const std::string_view> lines, std::string& out,
                                                       const reply_writer_options& opt = {});
[[nodiscard]] inline errc write_multiline_reply(std::uint16_t code, const enhanced_status& status,
                                                std::initializer_list<std::string_view> lines, std::string& out,
                                                const reply_writer_options& opt = {}) {
  return write_multiline_reply(code, status, std::span<const std::string_view>(lines.begin(), lines.size()), out, opt);
}

/// Appends a ready-made reply (reply_for() gives one for every errc).
[[nodiscard]] inline errc write_reply(const canned_reply& r, std::string& out, const reply_writer_options& opt = {}) {
  return write_reply(r.code, r.status, r.text, out, opt);
}

/// Appends the reply the library prescribes for `e` (reply_for(e, ctx)), so that a server
/// never words its refusals in several places: e.g. "501 5.1.3 Bad address syntax".
[[nodiscard]] inline errc write_error_reply(errc e, reply_context ctx, std::string& out,
                                            const reply_writer_options& opt = {}) {
  return write_reply(reply_for(e, ctx), out, opt);
}

}  // namespace smtpcodec
