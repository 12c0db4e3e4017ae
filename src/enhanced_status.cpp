// The IANA "SMTP Enhanced Status Codes" registry (RFC 5248 2.4 and later registrations),
// and the parser of "class.subject.detail" (RFC 3463 2).
#include "smtpcodec/enhanced_status.hpp"

#include <algorithm>
#include <iterator>

namespace smtpcodec {
namespace {

// Class-less rows, X.subject.detail, ordered. Meanings are the registry's summaries.
constexpr enhanced_status_entry registry[] = {
    {0, 0, "Other undefined Status", "RFC 3463"},
    {1, 0, "Other address status", "RFC 3463"},
    {1, 1, "Bad destination mailbox address", "RFC 3463"},
    {1, 2, "Bad destination system address", "RFC 3463"},
    {1, 3, "Bad destination mailbox address syntax", "RFC 3463"},
    {1, 4, "Destination mailbox address ambiguous", "RFC 3463"},
    {1, 5, "Destination address valid", "RFC 3463"},
    {1, 6, "Destination mailbox has moved, No forwarding address", "RFC 3463"},
    {1, 7, "Bad sender's mailbox address syntax", "RFC 3463"},
    {1, 8, "Bad sender's system address", "RFC 3463"},
    {1, 9, "Message relayed to non-compliant mailer", "RFC 3886"},
    {1, 10, "Recipient address has null MX", "RFC 7505"},
    {2, 0, "Other or undefined mailbox status", "RFC 3463"},
    {2, 1, "Mailbox disabled, not accepting messages", "RFC 3463"},
    {2, 2, "Mailbox full", "RFC 3463"},
    {2, 3, "Message length exceeds administrative limit", "RFC 3463"},
    {2, 4, "Mailing list expansion problem", "RFC 3463"},
    {3, 0, "Other or undefined mail system status", "RFC 3463"},
    {3, 1, "Mail system full", "RFC 3463"},
    {3, 2, "System not accepting network messages", "RFC 3463"},
    {3, 3, "System not capable of selected features", "RFC 3463"},
    {3, 4, "Message too big for system", "RFC 3463"},
    {3, 5, "System incorrectly configured", "RFC 3463"},
    {3, 6, "Requested priority was changed", "RFC 6710"},
    {4, 0, "Other or undefined network or routing status", "RFC 3463"},
    {4, 1, "No answer from host", "RFC 3463"},
    {4, 2, "Bad connection", "RFC 3463"},
    {4, 3, "Directory server failure", "RFC 3463"},
    {4, 4, "Unable to route", "RFC 3463"},
    {4, 5, "Mail system congestion", "RFC 3463"},
    {4, 6, "Routing loop detected", "RFC 3463"},
    {4, 7, "Delivery time expired", "RFC 3463"},
    {5, 0, "Other or undefined protocol status", "RFC 3463"},
    {5, 1, "Invalid command", "RFC 3463"},
    {5, 2, "Syntax error", "RFC 3463"},
    {5, 3, "Too many recipients", "RFC 3463"},
    {5, 4, "Invalid command arguments", "RFC 3463"},
    {5, 5, "Wrong protocol version", "RFC 3463"},
    {5, 6, "Authentication Exchange line is too long", "RFC 4954"},
    {6, 0, "Other or undefined media error", "RFC 3463"},
    {6, 1, "Media not supported", "RFC 3463"},
    {6, 2, "Conversion required and prohibited", "RFC 3463"},
    {6, 3, "Conversion required but not supported", "RFC 3463"},
    {6, 4, "Conversion with loss performed", "RFC 3463"},
    {6, 5, "Conversion Failed", "RFC 3463"},
    {6, 6, "Message content not available", "RFC 4468"},
    {6, 7, "Non-ASCII addresses not permitted for that sender/recipient", "RFC 6531"},
    {6, 8, "UTF-8 string reply is required, but not permitted by the SMTP client", "RFC 6531"},
    {6, 9, "UTF-8 header message cannot be transferred to one or more recipients", "RFC 6531"},
    {7, 0, "Other or undefined security status", "RFC 3463"},
    {7, 1, "Delivery not authorized, message refused", "RFC 3463"},
    {7, 2, "Mailing list expansion prohibited", "RFC 3463"},
    {7, 3, "Security conversion required but not possible", "RFC 3463"},
    {7, 4, "Security features not supported", "RFC 3463"},
    {7, 5, "Cryptographic failure", "RFC 3463"},
    {7, 6, "Cryptographic algorithm not supported", "RFC 3463"},
    {7, 7, "Message integrity failure", "RFC 3463"},
    {7, 8, "Authentication credentials invalid", "RFC 4954"},
    {7, 9, "Authentication mechanism is too weak", "RFC 4954"},
    {7, 10, "Encryption Needed", "RFC 5248"},
    {7, 11, "Encryption required for requested authentication mechanism", "RFC 4954"},
    {7, 12, "A password transition is needed", "RFC 4954"},
    {7, 13, "User Account Disabled", "RFC 5248"},
    {7, 14, "Trust relationship required", "RFC 5248"},
    {7, 15, "Priority Level is too low", "RFC 6710"},
    {7, 16, "Message is too big for the specified priority", "RFC 6710"},
    {7, 17, "Mailbox owner has changed", "RFC 7293"},
    {7, 18, "Domain owner has changed", "RFC 7293"},
    {7, 19, "RRVS test cannot be completed", "RFC 7293"},
    {7, 20, "No passing DKIM signature found", "RFC 7372"},
    {7, 21, "No acceptable DKIM signature found", "RFC 7372"},
    {7, 22, "No valid author-matched DKIM signature found", "RFC 7372"},
    {7, 23, "SPF validation failed", "RFC 7372"},
    {7, 24, "SPF validation error", "RFC 7372"},
    {7, 25, "Reverse DNS validation failed", "RFC 7372"},
    {7, 26, "Multiple authentication checks failed", "RFC 7372"},
    {7, 27, "Sender address has null MX", "RFC 7505"},
    {7, 28, "Mail flood detected", "IANA registry"},
    {7, 29, "ARC validation failure", "RFC 8617"},
    {7, 30, "REQUIRETLS support required", "RFC 8689"},
};

constexpr bool ordered() {
  for (std::size_t i = 1; i < std::size(registry); ++i) {
    const auto& a = registry[i - 1];
    const auto& b = registry[i];
    if (a.subject > b.subject || (a.subject == b.subject && a.detail >= b.detail)) return false;
  }
  return true;
}
static_assert(ordered(), "registry rows must stay ordered for the binary search");

// RFC 3463 3.1-3.8: the subject sub-codes.
constexpr std::string_view subject_names[] = {
    "Other or Undefined Status",      "Addressing Status",          "Mailbox Status",
    "Mail System Status",             "Network and Routing Status", "Mail Delivery Protocol Status",
    "Message Content or Media Status", "Security or Policy Status",
};

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Reads 1*3digit at text[i]; returns false when there is none. i moves past it.
bool read_number(std::string_view text, std::size_t& i, std::uint16_t& out) noexcept {
  std::size_t n = 0;
  out = 0;
  while (i < text.size() && is_digit(text[i]) && n < 3) {
    out = static_cast<std::uint16_t>(out * 10 + (text[i] - '0'));
    ++i;
    ++n;
  }
  return n > 0;
}

// class "." subject "." detail, where class is any single character the caller accepts.
parse_result<enhanced_status> parse_with_class(std::string_view text, bool allow_generic) noexcept {
  using R = parse_result<enhanced_status>;
  if (text.empty()) return R::failure(errc::invalid_enhanced_status, 0);
  enhanced_status s;
  const char c = text[0];
  if (c == '2' || c == '4' || c == '5') s.cls = static_cast<std::uint8_t>(c - '0');
  else if (!(allow_generic && (c == 'X' || c == 'x'))) return R::failure(errc::invalid_enhanced_status, 0);
  std::size_t i = 1;
  if (i >= text.size() || text[i] != '.') return R::failure(errc::invalid_enhanced_status, i);
  ++i;
  if (!read_number(text, i, s.subject)) return R::failure(errc::invalid_enhanced_status, i);
  if (i >= text.size() || text[i] != '.') return R::failure(errc::invalid_enhanced_status, i);
  ++i;
  if (!read_number(text, i, s.detail)) return R::failure(errc::invalid_enhanced_status, i);
  if (i != text.size()) return R::failure(errc::invalid_enhanced_status, i);
  R r;
  r.value = s;
  return r;
}

}  // namespace

std::span<const enhanced_status_entry> enhanced_status_registry() noexcept { return registry; }

const enhanced_status_entry* find_enhanced_status(unsigned subject, unsigned detail) noexcept {
  const auto* it = std::lower_bound(std::begin(registry), std::end(registry), std::pair{subject, detail},
                                    [](const enhanced_status_entry& e, const std::pair<unsigned, unsigned>& k) {
                                      return e.subject < k.first || (e.subject == k.first && e.detail < k.second);
                                    });
  if (it == std::end(registry) || it->subject != subject || it->detail != detail) return nullptr;
  return it;
}

std::string_view enhanced_status_class_name(unsigned cls) noexcept {
  // RFC 3463 3 / the registry's class sub-codes.
  switch (cls) {
    case 2: return "Success";
    case 4: return "Persistent Transient Failure";
    case 5: return "Permanent Failure";
    default: return {};
  }
}

std::string_view enhanced_status_subject_name(unsigned subject) noexcept {
  return subject < std::size(subject_names) ? subject_names[subject] : std::string_view{};
}

status_meaning explain(const enhanced_status& s) noexcept {
  status_meaning m;
  m.code = s;
  m.class_name = enhanced_status_class_name(s.cls);
  m.subject_name = enhanced_status_subject_name(s.subject);
  if (const auto* e = find_enhanced_status(s.subject, s.detail)) {
    m.detail_name = e->meaning;
    m.reference = e->reference;
  }
  return m;
}

parse_result<enhanced_status> parse_enhanced_status(std::string_view text) noexcept {
  return parse_with_class(text, false);
}

parse_result<status_meaning> explain_enhanced_status(std::string_view text) noexcept {
  const auto p = parse_with_class(text, true);
  if (!p) return parse_result<status_meaning>::failure(p.error, p.error_offset);
  parse_result<status_meaning> r;
  r.value = explain(p.value);
  return r;
}

}  // namespace smtpcodec
