// Wrapper for the generated command-line machine (ragel/command_line.rl). The machine only
// records offsets and flags; src/command.cpp turns them into a command or an error.
#pragma once

#include <cstddef>
#include <cstdint>

#include "smtpcodec/command.hpp"

namespace smtpcodec::detail {

struct command_scan {
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  verb v = verb::unknown;
  std::size_t verb_end = 0;         ///< offset just past the verb's last character
  std::size_t arg_begin = npos;
  std::size_t tok1_end = npos;
  std::size_t tok2_begin = npos;
  std::uint64_t number = 0;
  bool number_overflow = false;
  bool last = false;
  bool space_after_colon = false;
  bool path_started = false;        ///< MAIL/RCPT: stopped at the path (arg_begin)
  bool accepted = false;            ///< the whole line matched
  std::size_t stop = 0;             ///< where the machine stopped (error offset if !accepted)
};

/// Runs the command-line machine over [data, data + len). Never reads outside it.
void scan_command_line(const unsigned char* data, std::size_t len, command_scan& out) noexcept;

}  // namespace smtpcodec::detail
