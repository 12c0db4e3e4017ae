// File: xtext.hpp
//
// xtext (RFC 3461 4): the encoding of ENVID, ORCPT and AUTH= values (and of the XCLIENT /
// XFORWARD attributes). Every byte outside "!".."~", and "+" and "=" themselves, travel as
// "+" followed by two UPPER-CASE hex digits. This codec is strict: "+2b" is refused, as are
// "+" at the end and "+2". Also the RFC 6533 3 form of ORCPT's "utf-8" address type, where
// non-ASCII travels as "\x{HEXPOINT}" escapes (or as raw UTF-8 under SMTPUTF8).
//
//   std::string scratch;
//   auto r = smtpcodec::xtext_decode("joe+2Bsmith", scratch);   // "joe+smith", in scratch
//   auto v = smtpcodec::xtext_decode("plain", scratch);         // a view of the input itself
//   std::string wire;
//   smtpcodec::xtext_encode("a b=c", wire);                      // "a+20b+3Dc"
//
// Lifetime: a decoded view points into the input or into the `scratch` string passed in;
// it is valid while both are unchanged. Decoding allocates only when scratch must grow.
#pragma once

#include <string>
#include <string_view>

#include "smtpcodec/export.hpp"
#include "smtpcodec/result.hpp"

namespace smtpcodec {

/// True when `s` is valid xtext: 1*(xchar / hexchar), where xchar is "!".."~" except "+" and
/// "=", and hexchar is "+" and two upper-case hex digits (RFC 3461 4). An empty string is not
/// xtext (an esmtp-value is never empty).
[[nodiscard]] SMTPCODEC_API bool is_xtext(std::string_view s) noexcept;

/// Decodes xtext. When `s` holds no "+XX" the result is a view of `s` itself and nothing
/// is allocated; otherwise the decoded bytes replace the contents of `scratch` and the result
/// views it.
/// Errors: invalid_xtext (empty input, malformed or lower-case escape, byte outside xchar),
/// with error_offset at the offending byte (or the input's end for a cut-off "+X").
/// Lifetime: the view points into `s` or into `scratch`.
[[nodiscard]] SMTPCODEC_API parse_result<std::string_view> xtext_decode(std::string_view s SMTPCODEC_LIFETIME_BOUND,
                                                                        std::string& scratch SMTPCODEC_LIFETIME_BOUND);

/// Appends the xtext encoding of arbitrary bytes to `out`: "!".."~" except "+" and "=" as
/// themselves, every other byte as "+XX" (upper case). The output is always valid xtext and
/// a valid esmtp-value; an empty input appends nothing.
SMTPCODEC_API void xtext_encode(std::string_view raw, std::string& out);

/// Decodes an ORCPT address of addr-type "utf-8" (RFC 6533 3): utf-8-addr-xtext, or, when
/// `allow_unitext` (the transaction uses SMTPUTF8), utf-8-addr-unitext. Each "\x{HEXPOINT}"
/// becomes the UTF-8 of its code point (HEXPOINT is checked as the RFC writes it: no
/// surrogates, nothing above U+10FFFF, only the listed ASCII code points). Like xtext_decode,
/// the result views `s` when there is no escape, else `scratch`.
/// Errors: invalid_xtext (not of that grammar), with error_offset at the offending byte.
/// Lifetime: the view points into `s` or into `scratch`.
[[nodiscard]] SMTPCODEC_API parse_result<std::string_view> utf8_addr_decode(
    std::string_view s SMTPCODEC_LIFETIME_BOUND, std::string& scratch SMTPCODEC_LIFETIME_BOUND,
    bool allow_unitext = false);

}  // namespace smtpcodec
