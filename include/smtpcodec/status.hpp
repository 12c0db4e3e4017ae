// File: status.hpp
//
// The vocabulary of SMTP replies shared by every part of the library: the three-digit
// reply code (RFC 5321 4.2) and the enhanced status code (RFC 3463, RFC 2034), and the
// small `canned_reply` value that every error maps to (error.hpp's reply_for()).
//
//   smtpcodec::enhanced_status s{5, 1, 7};
//   char buf[smtpcodec::enhanced_status::max_chars];
//   std::string_view text = s.format(buf);       // "5.1.7"
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace smtpcodec {

/// An enhanced status code class.subject.detail (RFC 3463 2). class is 2, 4 or 5;
/// subject and detail are 0..999. A default-constructed value (class 0) means "none".
struct enhanced_status {
  std::uint8_t cls = 0;
  std::uint16_t subject = 0;
  std::uint16_t detail = 0;

  /// Longest text form: "5.999.999".
  static constexpr std::size_t max_chars = 9;

  [[nodiscard]] constexpr bool empty() const noexcept { return cls == 0; }
  friend constexpr bool operator==(const enhanced_status&, const enhanced_status&) = default;

  /// Writes "c.s.d" into buf (at least max_chars bytes) and returns the view of it.
  /// Lifetime: the view points into buf.
  [[nodiscard]] constexpr std::string_view format(char* buf) const noexcept {
    std::size_t n = 0;
    buf[n++] = static_cast<char>('0' + cls % 10);
    buf[n++] = '.';
    n += write_number(buf + n, subject);
    buf[n++] = '.';
    n += write_number(buf + n, detail);
    return {buf, n};
  }

 private:
  static constexpr std::size_t write_number(char* out, std::uint16_t v) noexcept {
    v = static_cast<std::uint16_t>(v % 1000);
    if (v >= 100) {
      out[0] = static_cast<char>('0' + v / 100);
      out[1] = static_cast<char>('0' + v / 10 % 10);
      out[2] = static_cast<char>('0' + v % 10);
      return 3;
    }
    if (v >= 10) {
      out[0] = static_cast<char>('0' + v / 10);
      out[1] = static_cast<char>('0' + v % 10);
      return 2;
    }
    out[0] = static_cast<char>('0' + v);
    return 1;
  }
};

/// A reply the library suggests a server send: code, enhanced status and fixed text.
/// The text is a static string owned by the library (valid for the program's life).
struct canned_reply {
  std::uint16_t code = 0;
  enhanced_status status{};
  std::string_view text{};
  friend constexpr bool operator==(const canned_reply&, const canned_reply&) = default;
};

}  // namespace smtpcodec
