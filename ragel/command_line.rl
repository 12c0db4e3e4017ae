// Host machine: SMTP command lines (grammar in common/rfc5321_commands.rl; MAIL/RCPT paths
// in common/rfc5321.rl + rfc6531.rl, their parameters in common/esmtp_params.rl).
// Generated into the build tree as command_line.rl.cpp; never committed.
#include "detail/command_line_machine.hpp"

namespace smtpcodec::detail {

%%{
  machine command_line;
  alphtype unsigned char;

  action v_helo { s.v = verb::helo; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_ehlo { s.v = verb::ehlo; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_lhlo { s.v = verb::lhlo; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_mail { s.v = verb::mail; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_rcpt { s.v = verb::rcpt; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_data { s.v = verb::data; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_rset { s.v = verb::rset; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_quit { s.v = verb::quit; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_starttls { s.v = verb::starttls; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_vrfy { s.v = verb::vrfy; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_expn { s.v = verb::expn; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_help { s.v = verb::help; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_noop { s.v = verb::noop; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_auth { s.v = verb::auth; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_bdat { s.v = verb::bdat; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_etrn { s.v = verb::etrn; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_atrn { s.v = verb::atrn; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_burl { s.v = verb::burl; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_xclient { s.v = verb::xclient; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_xforward { s.v = verb::xforward; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_send { s.v = verb::send; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_soml { s.v = verb::soml; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_saml { s.v = verb::saml; s.verb_end = static_cast<std::size_t>(p - data) + 1; }
  action v_turn { s.v = verb::turn; s.verb_end = static_cast<std::size_t>(p - data) + 1; }

  action arg { s.arg_begin = static_cast<std::size_t>(p - data); }
  # MAIL / RCPT: offsets only; the esmtp_scan records each parameter as it ends.
  action colon { s.colon_end = static_cast<std::size_t>(p - data) + 1; }
  action path_start { s.arg_begin = static_cast<std::size_t>(p - data); }
  action path_end { s.path_end = static_cast<std::size_t>(p - data) + 1; }
  action mailbox_at { s.at = static_cast<std::size_t>(p - data); }
  action kw_begin { s.params.begin_param(static_cast<std::size_t>(p - data)); }
  action val_begin { s.params.begin_value(static_cast<std::size_t>(p - data)); }
  action param_end { s.params.end_param(static_cast<std::size_t>(p - data)); }
  action utf8_seen { s.params.utf8 = true; }
  action tok1_end { s.tok1_end = static_cast<std::size_t>(p - data); }
  action tok2 { s.tok2_begin = static_cast<std::size_t>(p - data); }
  action last_marker { s.last = true; }
  action space_after_colon { s.space_after_colon = true; }
  action num_digit {
    // RFC 3030 2: chunk-size = 1*DIGIT, unbounded in the ABNF; refuse what overflows 64 bits.
    const auto d = static_cast<std::uint64_t>(fc - '0');
    if (s.number > (UINT64_MAX - d) / 10) s.number_overflow = true;
    else s.number = s.number * 10 + d;
  }

  include abnf_core "common/abnf_core.rl";
  include rfc5321 "common/rfc5321.rl";
  include rfc6531 "common/rfc6531.rl";
  include esmtp_params_grammar "common/esmtp_params.rl";
  include rfc5321_commands "common/rfc5321_commands.rl";

  main := command_line;
  write data noerror noentry;
}%%

void scan_command_line(const unsigned char* data, std::size_t len, command_scan& s) noexcept {
  const unsigned char* p = data;
  const unsigned char* pe = data + len;
  const unsigned char* eof = pe;
  int cs;
  s.params.data = data;
  %% write init;
  %% write exec;
  s.stop = static_cast<std::size_t>(p - data);
  s.accepted = cs >= command_line_first_final && p == pe;
  (void)eof;
}

}  // namespace smtpcodec::detail
