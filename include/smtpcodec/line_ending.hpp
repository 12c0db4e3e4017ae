// File: line_ending.hpp
//
// The one policy for bare CR and bare LF. SMTP lines end in CRLF only (RFC 5321 2.3.8);
// a lone CR or LF is where SMTP smuggling lives (CERT VU#302671, CVE-2023-51764/51765/
// 51766). The command line reader, the DATA unstuffer, the BDAT reader and the stuffer
// all take this same type, so a server configures it once.
#pragma once

#include <cstdint>
#include <string_view>

namespace smtpcodec {

/// What to do with a CR not followed by LF, or an LF not preceded by CR.
enum class bare_eol_policy : std::uint8_t {
  /// Default and safe: a bare CR or bare LF is an error (errc::bare_cr / errc::bare_lf).
  /// Command lines get 500 5.5.2; DATA is refused at its end (the end-of-data marker
  /// is still found so the stream stays in sync). Nothing ends a line but CRLF.
  reject = 0,
  /// Treat a bare LF or bare CR as if it were CRLF. Risk: a relay that normalises while
  /// the next hop does not can still be confused about where lines end; use it to accept
  /// traffic from broken clients, and always re-emit CRLF. In DATA a normalised line end
  /// never counts toward the end-of-data marker: only a real CRLF "." CRLF ends the data
  /// (dot_stuffing.hpp). The BDAT reader never rewrites content and treats it as accept.
  normalize = 1,
  /// Pass the byte through as ordinary data and report that it was seen. A bare LF still
  /// ends a command line (there is nothing else it could mean there); in DATA a bare CR or
  /// LF never ends the data. Risk: passing bare line ends to a next hop that treats them
  /// as line ends reopens smuggling; only for archivers and analysers.
  accept = 2,
};

/// "reject", "normalize" or "accept".
[[nodiscard]] constexpr std::string_view to_string(bare_eol_policy p) noexcept {
  switch (p) {
    case bare_eol_policy::reject: return "reject";
    case bare_eol_policy::normalize: return "normalize";
    case bare_eol_policy::accept: return "accept";
  }
  return "reject";
}

/// Parses "reject", "normalize" (or "normalise") and "accept"; false when unknown.
[[nodiscard]] constexpr bool parse_bare_eol_policy(std::string_view s, bare_eol_policy& out) noexcept {
  if (s == "reject") { out = bare_eol_policy::reject; return true; }
  if (s == "normalize" || s == "normalise") { out = bare_eol_policy::normalize; return true; }
  if (s == "accept") { out = bare_eol_policy::accept; return true; }
  return false;
}

}  // namespace smtpcodec
