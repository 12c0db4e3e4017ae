// Wrappers for the generated reply-side machines: ragel/reply_line.rl (one reply line) and
// ragel/ehlo_keyword.rl (one EHLO capability line). Both grammars live in
// ragel/common/rfc5321_reply.rl. The machines only record offsets, digits and flags;
// src/reply.cpp and src/ehlo.cpp turn them into values or precise errors.
#pragma once

#include <cstddef>
#include <cstdint>

namespace smtpcodec::detail {

struct reply_line_scan {
  bool accepted = false;          ///< the whole line matched Reply-line (without CRLF)
  std::size_t stop = 0;           ///< where the machine stopped (first bad byte if !accepted)
  bool eight_bit = false;         ///< some UTF8-non-ascii character in the text
  std::size_t first_eight_bit = 0;
  bool has_status = false;        ///< the text starts with an enhanced status code
  std::uint8_t es_class = 0;      ///< its class digit, not yet checked against the code
  std::uint16_t es_subject = 0;
  std::uint16_t es_detail = 0;
  std::size_t es_end = 0;         ///< offset just past its detail
};

/// Runs the reply-line machine over [data, data + len), a line without its CRLF. Never
/// reads outside it.
void scan_reply_line(const unsigned char* data, std::size_t len, reply_line_scan& out) noexcept;

struct ehlo_line_scan {
  bool accepted = false;          ///< ehlo-keyword *(SP ehlo-param), or the legacy AUTH= form
  std::size_t stop = 0;
  std::size_t kw_end = 0;         ///< offset just past the keyword ("AUTH=" includes the "=")
  bool legacy_auth = false;
};

/// Runs the EHLO-line machine over [data, data + len), the text of one EHLO reply line.
void scan_ehlo_line(const unsigned char* data, std::size_t len, ehlo_line_scan& out) noexcept;

}  // namespace smtpcodec::detail
