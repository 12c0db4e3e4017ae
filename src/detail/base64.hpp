// Base64 syntax check (RFC 4648 4) for SASL initial responses and continuation lines
// (RFC 4954 4). Only validates; decoding is the SASL mechanism's business.
#pragma once

#include <cstddef>
#include <string_view>

namespace smtpcodec::detail {

/// True when `s` is non-empty canonical base64: length a multiple of 4, alphabet
/// A-Z a-z 0-9 + /, and at most two '=' only at the end.
[[nodiscard]] constexpr bool is_base64(std::string_view s) noexcept {
  if (s.empty() || s.size() % 4 != 0) return false;
  std::size_t pad = 0;
  if (s.back() == '=') ++pad;
  if (s.size() >= 2 && s[s.size() - 2] == '=') {
    if (pad == 0) return false;
    ++pad;
  }
  for (std::size_t i = 0; i < s.size() - pad; ++i) {
    const char c = s[i];
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/';
    if (!ok) return false;
  }
  return true;
}

}  // namespace smtpcodec::detail
