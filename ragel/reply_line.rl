// Host machine: one SMTP reply line without its CRLF (grammar in common/rfc5321_reply.rl).
// Generated into the build tree as reply_line.rl.cpp; never committed.
#include "detail/reply_line_machine.hpp"

namespace smtpcodec::detail {

%%{
  machine reply_line;
  alphtype unsigned char;

  action mailbox_at {}
  action eight_bit {
    if (!s.eight_bit) {
      s.eight_bit = true;
      s.first_eight_bit = static_cast<std::size_t>(p - data);
    }
  }
  action es_class {
    s.es_class = static_cast<std::uint8_t>(fc - '0');
    s.es_subject = 0;
    s.es_detail = 0;
  }
  action es_subject { s.es_subject = static_cast<std::uint16_t>(s.es_subject * 10 + (fc - '0')); }
  action es_detail { s.es_detail = static_cast<std::uint16_t>(s.es_detail * 10 + (fc - '0')); }
  action es_end {
    s.has_status = true;
    s.es_end = static_cast<std::size_t>(p - data);
  }
  action kw_end {}
  action legacy_auth {}

  include abnf_core "common/abnf_core.rl";
  include rfc5321 "common/rfc5321.rl";
  include rfc6531 "common/rfc6531.rl";
  include rfc5321_reply "common/rfc5321_reply.rl";

  main := reply_line;
  write data noerror noentry;
}%%

void scan_reply_line(const unsigned char* data, std::size_t len, reply_line_scan& s) noexcept {
  const unsigned char* p = data;
  const unsigned char* pe = data + len;
  const unsigned char* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  s.stop = static_cast<std::size_t>(p - data);
  s.accepted = cs >= reply_line_first_final && p == pe;
  // The status code counts only on a line that matched: es_end may have fired before a
  // later byte failed, and the host reports that byte instead.
  if (!s.accepted) s.has_status = false;
}

}  // namespace smtpcodec::detail
