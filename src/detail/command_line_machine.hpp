// Wrapper for the generated command-line machine (ragel/command_line.rl). The machine only
// records offsets and flags; src/command.cpp turns them into a command or an error.
#pragma once

#include <cstddef>
#include <cstdint>

#include "detail/byte_scan.hpp"
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
/// avx2 (the AVX-512BW lane on avx512, the AVX2 lane on avx2). `c` must hold its defaults in
/// every member but verb, line and arg (which the lane writes whenever it takes a line, and
/// never reads); on 0 it is left as given.
[[nodiscard]] inline std::size_t take_command_vector(const unsigned char* p, std::size_t avail, bool framed,
                                                     const command_options& opt, command& c) noexcept;

/// Back to their defaults, exactly the members of `c` the vector lane writes besides verb,
/// line and arg (src/detail/command_lane_body.hpp: keep the two in step). A few plain stores:
/// assigning whole default structs compiled to `rep stos` for mail_parameters, whose start-up
/// cost measured as a third of a MAIL line's time.
inline void clear_lane_members(command& c) noexcept {
  path_view& path = c.path;
  path.text = {};
  path.null = false;
  mailbox_view& mailbox = path.mailbox;
  mailbox.local_part = {};
  mailbox.domain = {};
  mailbox.literal = literal_kind::none;
  mailbox.quoted = false;
  mailbox.utf8 = false;
  mailbox.idn = false;
  c.params.count = 0;
  mail_parameters& mail = c.mail;
  mail.has_size = false;
  mail.size = 0;
  mail.body = body_type::unspecified;
  mail.smtputf8 = false;
  mail.ret = dsn_ret::unspecified;
  mail.envid = {};
  mail.has_auth = false;
  mail.auth = {};
  rcpt_parameters& rcpt = c.rcpt;
  rcpt.notify = 0;
  rcpt.has_orcpt = false;
  rcpt.orcpt_type = {};
  rcpt.orcpt_address = {};
  c.bdat_size = 0;
  c.last = false;
}

/// The lane for each instruction set (0 for every line where this build has none); chosen
/// inline, without a call of its own, because the reader asks for every line.
[[nodiscard]] std::size_t take_command_avx512(const unsigned char* p, std::size_t avail, bool framed,
                                              const command_options& opt, command& c) noexcept;
[[nodiscard]] std::size_t take_command_avx2(const unsigned char* p, std::size_t avail, bool framed,
                                            const command_options& opt, command& c) noexcept;

inline std::size_t take_command_vector(const unsigned char* p, std::size_t avail, bool framed,
                                       const command_options& opt, command& c) noexcept {
  // Both paths are only ever active where the CPU has BMI2 too (scan_path_available).
  switch (active_scan_path()) {
    case scan_path::avx512: return take_command_avx512(p, avail, framed, opt, c);
    case scan_path::avx2: return take_command_avx2(p, avail, framed, opt, c);
    default: return 0;
  }
}

/// parse_command() along `route`, into `r` (default-constructed; its value is reset on failure).
void parse_command_into(std::string_view line, const command_options& opt, command_route route,
                        parse_result<command>& r) noexcept;

/// parse_command() along `route`.
[[nodiscard]] SMTPCODEC_API parse_result<command> parse_command_via(std::string_view line, const command_options& opt,
                                                                   command_route route) noexcept;

}  // namespace smtpcodec::detail
