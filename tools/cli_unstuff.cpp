// smtpcodec unstuff [--bare-eol reject|normalize|accept] [--max-line-length N] < body
//
// Reads the bytes that follow a 354 reply and decodes them as a server does (public,
// stable contract; see README.md "CLI"):
//   exit 0   the end-of-data marker was found: the message (its final CRLF kept) on
//            stdout; "consumed N" on stderr (octets up to and including the marker),
//            then a "note: ..." line for long lines, 8-bit, NUL and tolerated bare line ends
//   exit 1   the body was refused: "refused: <reason>: <code> <enhanced> <text>" (the reply
//            a server sends) and "consumed N" on stderr, nothing on stdout
//   exit 2   the input ended before the marker ("truncated: ..." on stderr)
//   exit 64  usage error (EX_USAGE)
// Defaults: --bare-eol reject, no line limit (lines over 1000 octets are noted, not refused).
#include <cstdio>
#include <string>

#include "cli.hpp"
#include "cli_data.hpp"
#include "smtpcodec/dot_stuffing.hpp"

namespace smtpcodec::cli {
namespace {

constexpr const char* unstuff_usage =
    "usage: smtpcodec unstuff [--bare-eol reject|normalize|accept] [--max-line-length N] < body\n";

int unstuff_main(int argc, char** argv) {
  data_cli_options o;
  if (!parse_data_options(argc, argv, true, o) || o.help) {
    std::fputs(unstuff_usage, stderr);
    return o.help ? 0 : exit_usage;
  }
  const std::string input = read_all_stdin();
  std::string content;
  const unstuff_summary s = unstuff_message(input, content, {o.bare_eol, 0, o.max_line_length});
  if (!s.complete) {
    std::fputs("truncated: input ended before the end-of-data marker (CRLF \".\" CRLF)\n", stderr);
    return 2;
  }
  if (s.error != errc{}) {
    const canned_reply r = reply_for(s.error, reply_context::data);
    char enh[enhanced_status::max_chars];
    const std::string_view e = r.status.format(enh);
    std::fprintf(stderr, "refused: %s: %u %.*s %.*s\nconsumed %zu\n", std::string(to_string(s.error)).c_str(),
                 static_cast<unsigned>(r.code), static_cast<int>(e.size()), e.data(), static_cast<int>(r.text.size()),
                 r.text.data(), s.consumed);
    return 1;
  }
  std::fwrite(content.data(), 1, content.size(), stdout);
  std::fflush(stdout);
  std::fprintf(stderr, "consumed %zu\n", s.consumed);
  print_body_notes(s.stats, o.bare_eol);
  return 0;
}

const registration reg{"unstuff", &unstuff_main,
                       "unstuff [--bare-eol reject|normalize|accept] [--max-line-length N] < body"};

}  // namespace
}  // namespace smtpcodec::cli
