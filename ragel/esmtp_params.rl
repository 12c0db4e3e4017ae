// Host machine: ESMTP parameters (grammar in common/esmtp_params.rl).
// Generated into the build tree as esmtp_params.rl.cpp; never committed.
#include <cassert>

#include "detail/esmtp_params_machine.hpp"

namespace smtpcodec::detail {

%%{
  machine esmtp_params;
  alphtype unsigned char;

  action kw_begin { begin_param(static_cast<std::size_t>(p - bytes)); }
  action val_begin { begin_value(static_cast<std::size_t>(p - bytes)); }
  action param_end { end_param(static_cast<std::size_t>(p - bytes)); }
  action utf8_seen { utf8 = true; }

  include abnf_core "common/abnf_core.rl";
  include esmtp_params_grammar "common/esmtp_params.rl";

  main := mail_parameters;
  params_utf8 := mail_parameters_utf8;
  keyword_only := esmtp_keyword;
  value_only := esmtp_value;
  value_utf8_only := esmtp_value_utf8;
  xtext_only := xtext;
  utf8_addr_xtext_only := utf_8_addr_xtext;
  utf8_addr_unitext_only := utf_8_addr_unitext;

  write data noerror;
}%%

void esmtp_scan::run(esmtp_rule rule, const unsigned char* bytes, std::size_t len) noexcept {
  data = bytes;
  const unsigned char* p = bytes;
  const unsigned char* pe = bytes + len;
  const unsigned char* eof = pe;
  int cs = esmtp_params_en_main;
  switch (rule) {
    case esmtp_rule::mail_parameters: cs = esmtp_params_en_main; break;
    case esmtp_rule::mail_parameters_utf8: cs = esmtp_params_en_params_utf8; break;
    case esmtp_rule::keyword: cs = esmtp_params_en_keyword_only; break;
    case esmtp_rule::value: cs = esmtp_params_en_value_only; break;
    case esmtp_rule::value_utf8: cs = esmtp_params_en_value_utf8_only; break;
    case esmtp_rule::xtext: cs = esmtp_params_en_xtext_only; break;
    case esmtp_rule::utf8_addr_xtext: cs = esmtp_params_en_utf8_addr_xtext_only; break;
    case esmtp_rule::utf8_addr_unitext: cs = esmtp_params_en_utf8_addr_unitext_only; break;
  }
  %% write exec;
  // Invariants (kept in fuzz builds): the machine never runs past the input.
  assert(p >= bytes && p <= pe);
  stop = static_cast<std::size_t>(p - bytes);
  accepted = cs >= esmtp_params_first_final && p == pe;
  (void)eof;
}

}  // namespace smtpcodec::detail
