// Shared by `smtpcodec unstuff` and `smtpcodec stuff` (tools/cli_unstuff.cpp,
// tools/cli_stuff.cpp): their options and the notes they print about a body.
#pragma once

#include <charconv>
#include <cstdio>
#include <string_view>

#include "smtpcodec/dot_stuffing.hpp"
#include "smtpcodec/line_ending.hpp"

namespace smtpcodec::cli {

/// EX_USAGE (sysexits.h): a bad option. Not 2, which `unstuff` uses for truncated input.
inline constexpr int exit_usage = 64;

struct data_cli_options {
  bare_eol_policy bare_eol = bare_eol_policy::reject;
  std::size_t max_line_length = 0;
  bool help = false;
};

/// Parses [--bare-eol P] [--max-line-length N] (also --opt=value). False on bad usage.
inline bool parse_data_options(int argc, char** argv, bool allow_accept, data_cli_options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i], value;
    if (a == "-h" || a == "--help") {
      o.help = true;
      continue;
    }
    if (const auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string_view::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return false;
    }
    if (a == "--bare-eol") {
      if (!parse_bare_eol_policy(value, o.bare_eol)) return false;
      if (o.bare_eol == bare_eol_policy::accept && !allow_accept) return false;
    } else if (a == "--max-line-length") {
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), o.max_line_length);
      if (ec != std::errc{} || end != value.data() + value.size()) return false;
    } else {
      return false;
    }
  }
  return true;
}

/// One "note: ..." line on stderr per thing worth knowing about a body that was accepted.
inline void print_body_notes(const body_stats& s, bare_eol_policy policy) {
  if (s.long_lines)
    std::fprintf(stderr, "note: %llu line(s) over %zu octets (RFC 5321 4.5.3.1.6)\n",
                 static_cast<unsigned long long>(s.long_lines), rfc5321_max_text_line);
  if (s.eight_bit) std::fputs("note: 8-bit octets (the body needs BODY=8BITMIME)\n", stderr);
  if (s.nul) std::fputs("note: NUL octets\n", stderr);
  const char* what = policy == bare_eol_policy::normalize ? "normalised to CRLF" : "passed through";
  if (s.bare_lf) std::fprintf(stderr, "note: bare LF %s\n", what);
  if (s.bare_cr) std::fprintf(stderr, "note: bare CR %s\n", what);
}

}  // namespace smtpcodec::cli
