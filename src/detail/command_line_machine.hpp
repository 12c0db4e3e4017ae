// Wrapper for the generated command-line machine (ragel/command_line.rl). The machine only
// records offsets and flags; src/command.cpp turns them into a command or an error.
#pragma once

#include <cstddef>
#include <cstdint>

#include "detail/esmtp_params_machine.hpp"
#include "smtpcodec/command.hpp"

namespace smtpcodec::detail {

struct command_scan {
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  verb v = verb::unknown;
  std::size_t verb_end = 0;         ///< offset just past the verb's last character
  std::size_t arg_begin = npos;     ///< MAIL/RCPT: the path's "<"
  std::size_t tok1_end = npos;
  std::size_t tok2_begin = npos;
  std::uint64_t number = 0;
  bool number_overflow = false;
  bool last = false;
  bool space_after_colon = false;
  bool accepted = false;            ///< the whole line matched
  std::size_t stop = 0;             ///< where the machine stopped (error offset if !accepted)

  // MAIL / RCPT, parsed in the same pass.
  std::size_t colon_end = npos;     ///< just past the ":" of "FROM:" / "TO:"
  std::size_t path_end = npos;      ///< just past the path's ">"
  std::size_t at = npos;            ///< the mailbox's "@" (npos for "<>" / "<Postmaster>")
  /// The parameters: set `params.out` and `params.limit` before the run to record them
  /// (into the command's own list: nothing is copied afterwards).
  esmtp_scan params;
};

/// Runs the command-line machine over [data, data + len). Never reads outside it.
void scan_command_line(const unsigned char* data, std::size_t len, command_scan& out) noexcept;

/// The ways parse_command() can take through a line. Every route gives the same result for
/// every line; tests and fuzz/fuzz_command.cpp check that, which is what lets the faster
/// routes exist at all.
enum class command_route : std::uint8_t {
  fastest,           ///< what parse_command() does: fast lanes, then the machine
  machine,           ///< no fast lanes: the machine decides every line (MAIL/RCPT in one pass)
  separate_parsers,  ///< no fast lanes; MAIL/RCPT paths and parameters by parse_path_prefix
                     ///< and parse_esmtp_params, as for every refused line
};

/// The vector lane (src/command_lane.cpp): the common MAIL / RCPT / DATA / QUIT / RSET / NOOP /
/// HELP / ATRN / EHLO / HELO / LHLO lines from character-class masks, with the result every
/// other route gives, or 0 for anything it leaves to them (it only ever accepts). Framed:
/// `p` holds `avail` bytes from the start of a line, and the line is taken only when its CRLF
/// is there (as line_reader would frame it under every bare_eol_policy); returns the bytes
/// used, CRLF included. Not framed: the `avail` bytes are the line without its CRLF; returns
/// `avail`. Reads nothing outside [p, p + avail). 0 where the active scan path is below
/// avx2 (the AVX-512BW lane on avx512, the AVX2 lane on avx2). `c` must be default-constructed; on 0 it is left so.
[[nodiscard]] std::size_t take_command_vector(const unsigned char* p, std::size_t avail, bool framed,
                                              const command_options& opt, command& c) noexcept;

/// parse_command() along `route`, into `r` (default-constructed; its value is reset on failure).
void parse_command_into(std::string_view line, const command_options& opt, command_route route,
                        parse_result<command>& r) noexcept;

/// parse_command() along `route`.
[[nodiscard]] SMTPCODEC_API parse_result<command> parse_command_via(std::string_view line, const command_options& opt,
                                                                   command_route route) noexcept;

}  // namespace smtpcodec::detail
