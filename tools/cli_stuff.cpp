// smtpcodec stuff [--bare-eol reject|normalize] [--max-line-length N] < message
//
// Reads a message and writes its DATA wire form as a client sends it after 354: leading
// dots doubled, CRLF line ends, the final CRLF added if missing, and the terminating
// "." CRLF (public, stable contract; see README.md "CLI"):
//   exit 0   the wire form on stdout; "note: ..." lines on stderr (long lines, 8-bit, NUL,
//            normalised bare line ends)
//   exit 1   the message cannot be sent as it is: "refused: <reason>: <text>" on stderr,
//            nothing on stdout (bare CR / LF under reject, a line over --max-line-length)
//   exit 64  usage error (EX_USAGE); "accept" is not offered for sending
#include <cstdio>
#include <string>

#include "cli.hpp"
#include "cli_data.hpp"
#include "smtpcodec/dot_stuffing.hpp"

namespace smtpcodec::cli {
namespace {

constexpr const char* stuff_usage = "usage: smtpcodec stuff [--bare-eol reject|normalize] [--max-line-length N] < message\n";

int stuff_main(int argc, char** argv) {
  data_cli_options o;
  if (!parse_data_options(argc, argv, false, o) || o.help) {
    std::fputs(stuff_usage, stderr);
    return o.help ? 0 : exit_usage;
  }
  const std::string input = read_all_stdin();
  std::string wire;
  body_stats stats;
  if (const errc e = stuff_message(input, wire, {o.bare_eol, o.max_line_length}, &stats); e != errc{}) {
    const std::string_view text = reply_for(e).text;
    std::fprintf(stderr, "refused: %s: %.*s\n", std::string(to_string(e)).c_str(), static_cast<int>(text.size()),
                 text.data());
    return 1;
  }
  std::fwrite(wire.data(), 1, wire.size(), stdout);
  std::fflush(stdout);
  print_body_notes(stats, o.bare_eol);
  return 0;
}

const registration reg{"stuff", &stuff_main, "stuff [--bare-eol reject|normalize] [--max-line-length N] < message"};

}  // namespace
}  // namespace smtpcodec::cli
