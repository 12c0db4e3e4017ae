// IDNA2008 (RFC 5890, 5891, 5892, 5893) through libidn2: the U-label check of the path
// parser, and U-label <-> A-label conversion of whole domains.
//
// Strictness: libidn2's lookup with IDN2_NO_TR46, i.e. IDNA2008 itself without the UTS #46
// mapping step. A U-label in an SMTPUTF8 address must already be a U-label (RFC 6531 3.3
// refers to RFC 5890's definition): "Bücher" (upper case) or "ﬁ" (a compatibility
// character) are not, though a browser would map them. Leading/trailing hyphens, which
// libidn2 does not check in this mode, are already refused by the grammar
// (common/rfc6531.rl U_label).
#include <idn2.h>

#include <cstring>

#include "detail/path_machine.hpp"
#include "smtpcodec/address.hpp"

namespace smtpcodec {
namespace {

constexpr int idna2008_flags = IDN2_NO_TR46;

// A valid U-label fits: its A-label has at most 63 octets and Punycode spends at least one
// of them per code point, so at most 59 code points, 236 octets of UTF-8.
constexpr std::size_t max_label_octets = 255;

/// libidn2's IDNA2008 lookup of one label. With `alabel`, the resulting A-label (or the
/// ASCII label itself) is appended to it.
bool lookup_label(std::string_view label, std::string* alabel) {
  if (label.empty() || label.size() > max_label_octets) return false;
  char buf[max_label_octets + 1];
  std::memcpy(buf, label.data(), label.size());
  buf[label.size()] = '\0';
  std::uint8_t* out = nullptr;
  const int rc = idn2_lookup_u8(reinterpret_cast<const std::uint8_t*>(buf), &out, idna2008_flags);
  const bool ok = rc == IDN2_OK && out != nullptr;
  if (ok && alabel != nullptr) alabel->append(reinterpret_cast<const char*>(out));
  idn2_free(out);
  return ok;
}

std::string ascii_lower(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return r;
}

/// A Domain (RFC 5321 4.1.2, with RFC 6531 U-labels); address literals are not.
bool is_domain(std::string_view domain) {
  if (domain.empty() || domain.front() == '[') return false;
  detail::path_scan scan;
  scan.run(detail::path_rule::domain, reinterpret_cast<const unsigned char*>(domain.data()), domain.size());
  return scan.accepted;
}

/// Calls f(label) for each dot-separated label; stops at the first false.
template <class F>
bool each_label(std::string_view domain, F&& f) {
  std::size_t begin = 0;
  for (;;) {
    const std::size_t dot = domain.find('.', begin);
    if (!f(domain.substr(begin, dot == std::string_view::npos ? std::string_view::npos : dot - begin)))
      return false;
    if (dot == std::string_view::npos) return true;
    begin = dot + 1;
  }
}

/// Decodes a lower-case A-label. It stands for a U-label only if the decoded text has
/// the shape of one (common/rfc6531.rl, which also refuses edge hyphens), passes IDNA2008
/// and encodes back to the same A-label (RFC 5891 5.4). With `ulabel`, appends it there.
bool decode_a_label(const std::string& lower, std::string* ulabel) {
  char* unicode = nullptr;
  bool good = idn2_to_unicode_8z8z(lower.c_str(), &unicode, 0) == IDN2_OK && unicode != nullptr;
  if (good) {
    const std::string_view u(unicode);
    std::string again;
    good = u.find('.') == std::string_view::npos && is_domain(u) && lookup_label(u, &again) && again == lower;
    if (good && ulabel != nullptr) ulabel->append(u);
  }
  idn2_free(unicode);
  return good;
}

// The verdicts on recently checked U-labels, per thread. Mail names the same few domains
// over and over, and libidn2's check (NFC, Punycode, allocations) costs about a microsecond
// a label (bench/path_bench.cpp: BM_ULabelRepeated against BM_ULabelDistinct). A verdict
// depends on the label's bytes alone, so a hit answers exactly as the look-up would.
// Direct-mapped, fixed size, no allocation; longer labels are not kept.
class u_label_verdicts {
 public:
  static constexpr std::size_t slots = 64;
  static constexpr std::size_t max_label = 62;

  /// The verdict on `label`, from the cache or from libidn2.
  bool valid(std::string_view label) noexcept {
    if (label.size() > max_label) return lookup_label(label, nullptr);
    entry& e = entries_[hash(label) % slots];
    if (e.size == label.size() && std::memcmp(e.bytes, label.data(), label.size()) == 0) return e.valid;
    const bool ok = lookup_label(label, nullptr);
    e.size = static_cast<std::uint8_t>(label.size());
    e.valid = ok;
    std::memcpy(e.bytes, label.data(), label.size());
    return ok;
  }

 private:
  struct entry {
    std::uint8_t size = 0;  // 0: empty (a label never is)
    bool valid = false;
    char bytes[max_label];
  };
  static std::uint32_t hash(std::string_view s) noexcept {  // FNV-1a
    std::uint32_t h = 2166136261U;
    for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619U;
    return h;
  }
  entry entries_[slots];
};

thread_local u_label_verdicts recent_u_labels;

}  // namespace

std::size_t detail::find_invalid_u_label(std::string_view domain) noexcept {
  std::size_t bad = path_scan::npos;
  std::size_t begin = 0;
  each_label(domain, [&](std::string_view label) {
    if (find_non_ascii(label) != path_scan::npos && !recent_u_labels.valid(label)) {
      bad = begin;
      return false;
    }
    begin += label.size() + 1;
    return true;
  });
  return bad;
}

bool domain_to_ascii(std::string_view domain, std::string& out) {
  out.clear();
  if (!is_domain(domain)) return false;
  std::string r;
  r.reserve(domain.size() + 8);
  const bool ok = each_label(domain, [&](std::string_view label) {
    if (!r.empty()) r.push_back('.');
    if (detail::find_non_ascii(label) != detail::path_scan::npos) return lookup_label(label, &r);
    if (!detail::has_ace_prefix(label)) {
      r.append(label);
      return true;
    }
    // An A-label is checked (RFC 5891 5.4) and written lower-case.
    const std::string lower = ascii_lower(label);
    r.append(lower);
    return decode_a_label(lower, nullptr);
  });
  if (ok) out = std::move(r);
  return ok;
}

bool domain_to_unicode(std::string_view domain, std::string& out) {
  out.clear();
  if (!is_domain(domain)) return false;
  std::string r;
  r.reserve(domain.size());
  const bool ok = each_label(domain, [&](std::string_view label) {
    if (!r.empty()) r.push_back('.');
    if (detail::find_non_ascii(label) != detail::path_scan::npos) {  // already a U-label
      r.append(label);
      return lookup_label(label, nullptr);
    }
    if (!detail::has_ace_prefix(label)) {
      r.append(label);
      return true;
    }
    return decode_a_label(ascii_lower(label), &r);
  });
  if (ok) out = std::move(r);
  return ok;
}

}  // namespace smtpcodec
