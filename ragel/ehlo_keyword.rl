// Host machine: the text of one EHLO reply line after the first, "keyword *(SP param)"
// (grammar in common/rfc5321_reply.rl). Generated as ehlo_keyword.rl.cpp; never committed.
#include "detail/reply_line_machine.hpp"

namespace smtpcodec::detail {

%%{
  machine ehlo_keyword;
  alphtype unsigned char;

  action mailbox_at {}
  action eight_bit {}
  action es_class {}
  action es_subject {}
  action es_detail {}
  action es_end {}
  action kw_end { s.kw_end = static_cast<std::size_t>(p - data); }
  action legacy_auth { s.legacy_auth = true; }

  include abnf_core "common/abnf_core.rl";
  include rfc5321 "common/rfc5321.rl";
  include rfc6531 "common/rfc6531.rl";
  include rfc5321_reply "common/rfc5321_reply.rl";

  main := ehlo_line;
  write data noerror noentry;
}%%

void scan_ehlo_line(const unsigned char* data, std::size_t len, ehlo_line_scan& s) noexcept {
  const unsigned char* p = data;
  const unsigned char* pe = data + len;
  const unsigned char* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  s.stop = static_cast<std::size_t>(p - data);
  s.accepted = cs >= ehlo_keyword_first_final && p == pe;
}

}  // namespace smtpcodec::detail
