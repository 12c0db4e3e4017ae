// File: enhanced_status.hpp
//
// Enhanced mail system status codes (RFC 3463, carried in replies by RFC 2034): parsing
// and validating "class.subject.detail", and what each registered code means, from the
// IANA "SMTP Enhanced Status Codes" registry (RFC 5248 and the RFCs that added codes
// since: 3886, 4468, 4954, 6531, 6710, 7293, 7372, 7505, 8617, 8689, and the registry's
// own additions). The `enhanced_status` value type itself lives in status.hpp.
//
//   auto r = smtpcodec::parse_enhanced_status("5.7.1");
//   if (r) {
//     smtpcodec::status_meaning m = smtpcodec::explain(r.value);
//     m.class_name;     // "Permanent Failure"
//     m.subject_name;   // "Security or Policy Status"
//     m.detail_name;    // "Delivery not authorized, message refused"
//     m.reference;      // "RFC 3463"
//   }
//   // The registry's class-less form works too, as used in documentation:
//   auto g = smtpcodec::explain_enhanced_status("X.1.7");   // class_name empty
//
// The command-line tool prints the same: `smtpcodec explain 5.7.1`.
//
// Lifetime: every string_view returned here points to static data of the library.
// Errors: parse_enhanced_status and explain_enhanced_status return
// errc::invalid_enhanced_status for text that is not class "." subject "." detail.
// Nothing here allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "smtpcodec/error.hpp"
#include "smtpcodec/export.hpp"
#include "smtpcodec/result.hpp"
#include "smtpcodec/status.hpp"

namespace smtpcodec {

/// True when `s` is a status code RFC 3463 2 allows: class 2, 4 or 5, subject and
/// detail 0..999.
[[nodiscard]] constexpr bool is_valid(const enhanced_status& s) noexcept {
  return (s.cls == 2 || s.cls == 4 || s.cls == 5) && s.subject <= 999 && s.detail <= 999;
}

/// True when `s` may accompany reply `code`: valid, and its class is the code's first
/// digit (RFC 3463 2: "the class ... must match" the reply's success/failure; RFC 2034 4).
/// No status code fits a 3yz reply.
[[nodiscard]] constexpr bool matches_reply_code(const enhanced_status& s, std::uint16_t code) noexcept {
  return is_valid(s) && s.cls == code / 100;
}

/// One row of the registry: a subject.detail pair (the registry lists them class-less,
/// "X.7.1") with its meaning and the document that defined it.
struct enhanced_status_entry {
  std::uint16_t subject = 0;
  std::uint16_t detail = 0;
  std::string_view meaning;    ///< the registry's summary, e.g. "Mailbox full"
  std::string_view reference;  ///< e.g. "RFC 3463"
};

/// Every registered subject.detail, ordered by subject then detail.
[[nodiscard]] SMTPCODEC_API std::span<const enhanced_status_entry> enhanced_status_registry() noexcept;

/// The registry row for subject.detail, or nullptr when it is not registered.
[[nodiscard]] SMTPCODEC_API const enhanced_status_entry* find_enhanced_status(unsigned subject,
                                                                           unsigned detail) noexcept;

/// "Success" (2), "Persistent Transient Failure" (4), "Permanent Failure" (5); "" otherwise.
[[nodiscard]] SMTPCODEC_API std::string_view enhanced_status_class_name(unsigned cls) noexcept;

/// The registered name of a subject ("Addressing Status" for 1, ... "Security or Policy
/// Status" for 7); "" for an unregistered subject.
[[nodiscard]] SMTPCODEC_API std::string_view enhanced_status_subject_name(unsigned subject) noexcept;

/// What a status code means. Empty views where the registry has nothing.
struct status_meaning {
  /// The code; cls is 0 when it was written in the class-less form "X.s.d".
  enhanced_status code{};
  std::string_view class_name;
  std::string_view subject_name;
  std::string_view detail_name;
  std::string_view reference;
  /// subject.detail is in the registry.
  [[nodiscard]] constexpr bool registered() const noexcept { return !detail_name.empty(); }
};

/// Looks `s` up in the registry (any class, or class 0 for the class-less form).
[[nodiscard]] SMTPCODEC_API status_meaning explain(const enhanced_status& s) noexcept;

/// Parses exactly class "." subject "." detail (RFC 3463 2: class = "2" / "4" / "5",
/// subject and detail = 1*3digit; leading zeros are allowed, as the ABNF allows them).
/// Errors: invalid_enhanced_status (error_offset: the first byte that does not fit).
[[nodiscard]] SMTPCODEC_API parse_result<enhanced_status> parse_enhanced_status(std::string_view text) noexcept;

/// parse_enhanced_status, also accepting the class-less form "X.s.d" (or "x.s.d"), then
/// explain(). Errors: invalid_enhanced_status.
[[nodiscard]] SMTPCODEC_API parse_result<status_meaning> explain_enhanced_status(std::string_view text) noexcept;

}  // namespace smtpcodec
