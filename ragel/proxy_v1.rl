// Host machine: the PROXY protocol v1 line (grammar in common/proxy.rl).
// Generated into the build tree as proxy_v1.rl.cpp; never committed.
#include <cassert>

#include "detail/proxy_v1_machine.hpp"

namespace smtpcodec::detail {

%%{
  machine proxy_v1;
  alphtype unsigned char;

  action mark { mark = static_cast<std::size_t>(p - bytes); }
  action src_end { set(proxy_v1_field::source, static_cast<std::size_t>(p - bytes)); }
  action dst_end { set(proxy_v1_field::dest, static_cast<std::size_t>(p - bytes)); }
  action sport_end { set(proxy_v1_field::source_port, static_cast<std::size_t>(p - bytes)); }
  action dport_end { set(proxy_v1_field::dest_port, static_cast<std::size_t>(p - bytes)); }
  action proto_tcp4 { proto = proxy_v1_proto::tcp4; }
  action proto_tcp6 { proto = proxy_v1_proto::tcp6; }
  action proto_unknown { proto = proxy_v1_proto::unknown; }
  action line_end { done = true; fbreak; }

  include abnf_core "common/abnf_core.rl";
  include proxy_grammar "common/proxy.rl";

  main := proxy_v1_line;

  write data nofinal noentry;
}%%

void proxy_v1_scan::run(const unsigned char* bytes, std::size_t len) noexcept {
  const unsigned char* p = bytes;
  const unsigned char* pe = bytes + len;
  int cs = proxy_v1_start;
  %% write exec;
  // Invariants (kept in fuzz builds): the machine never runs past the input, and a finished
  // line ends with its LF.
  assert(p >= bytes && p <= pe);
  assert(!done || (p > bytes && p[-1] == '\n'));
  stop = static_cast<std::size_t>(p - bytes);
  failed = cs == proxy_v1_error;
}

}  // namespace smtpcodec::detail
