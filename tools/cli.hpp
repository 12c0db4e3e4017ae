// Shared pieces of the smtpcodec command-line tool: the subcommand registry and the one
// JSON writer every subcommand prints with.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "smtpcodec/status.hpp"

namespace smtpcodec::cli {

using subcommand_fn = int (*)(int argc, char** argv);  // argv[0] is the subcommand name

/// Each cli_<name>.cpp defines one `static const registration r{"name", fn, "usage"};`.
struct registration {
  registration(std::string_view name, subcommand_fn fn, std::string_view usage);
};

/// Looks up a registered subcommand. Names holding ':' are internal parts of another
/// subcommand (e.g. "decode:client" serves `smtpcodec decode --role client`) and are not
/// listed in the usage text.
subcommand_fn find_subcommand(std::string_view name);

/// Reads all of stdin (binary-safe).
std::string read_all_stdin();

/// Builds one JSON object per line. Strings are escaped per RFC 8259; bytes that are not
/// well-formed UTF-8 are written as \u00XX (their Latin-1 reading) so output is always valid.
class json_line {
 public:
  json_line& key(std::string_view k);
  json_line& str(std::string_view v);
  /// The string with ASCII letters upper-cased (keywords are case-insensitive on the wire
  /// and printed upper-case).
  json_line& upper(std::string_view v);
  /// "c.s.d", or null when `s` is empty.
  json_line& enhanced(const enhanced_status& s);
  json_line& num(long long v);
  json_line& unum(unsigned long long v);
  json_line& boolean(bool v);
  json_line& null();
  json_line& begin_array();
  json_line& end_array();
  json_line& begin_object();
  json_line& end_object();
  /// Writes the object and a newline to `out`, then resets.
  void print(std::FILE* out = stdout);
  [[nodiscard]] const std::string& text() const { return buf_; }

 private:
  void sep();
  void write_string(std::string_view v);
  std::string buf_ = "{";
  std::vector<bool> first_{true};
  bool after_key_ = false;
};

/// Prints {"event":"error","what":...,"detail":...}: `what` is a stable snake_case name.
void print_error(std::string_view what, std::string_view detail, std::FILE* out = stdout);

/// Prints {"event":"reply","code":N,"enhanced":"c.s.d"|null,"text":["..."]} for a reply the
/// server would send.
void print_reply(const canned_reply& r, std::FILE* out = stdout);

}  // namespace smtpcodec::cli
