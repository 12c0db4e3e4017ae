// File: xtext.hpp
//
// xtext (RFC 3461 4): "+XX" hex escapes for bytes outside "!".."~" and for '+' and '='.
// Used by ENVID, ORCPT, AUTH= and the XCLIENT/XFORWARD attributes.
//
//   std::string scratch;
//   auto r = smtpcodec::xtext_decode("joe+2Bsmith", scratch);   // "joe+smith", in scratch
//   auto v = smtpcodec::xtext_decode("plain", scratch);         // view of the input itself
#pragma once

#include <string>
#include <string_view>

#include "smtpcodec/export.hpp"
#include "smtpcodec/result.hpp"

namespace smtpcodec {

/// True when `s` is valid xtext: 1*xchar and "+" 2HEXDIG (upper-case hex, RFC 3461 4).
/// An empty string is not xtext.
[[nodiscard]] SMTPCODEC_API bool is_xtext(std::string_view s) noexcept;

/// Decodes xtext. When `s` holds no "+XX" the result is a view of `s` itself and nothing
/// is allocated; otherwise the decoded bytes are written to `scratch` and the result views
/// it. Errors: invalid_xtext (malformed escape, lower-case hex, byte outside xchar).
/// Lifetime: the view points into `s` or into `scratch`.
[[nodiscard]] SMTPCODEC_API parse_result<std::string_view> xtext_decode(std::string_view s SMTPCODEC_LIFETIME_BOUND,
                                                                        std::string& scratch SMTPCODEC_LIFETIME_BOUND);

/// Appends the xtext encoding of arbitrary bytes to `out` (always valid xtext; an empty
/// input appends nothing).
SMTPCODEC_API void xtext_encode(std::string_view raw, std::string& out);

}  // namespace smtpcodec
