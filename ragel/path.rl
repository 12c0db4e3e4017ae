// Host machine: paths, mailboxes and their parts (grammar in common/rfc5321.rl and
// common/rfc6531.rl). Generated into the build tree as path.rl.cpp; never committed.
#include <cassert>

#include "detail/path_machine.hpp"

namespace smtpcodec::detail {

%%{
  machine path;
  alphtype unsigned char;

  action mailbox_at { at = static_cast<std::size_t>(p - bytes); }
  # The path ends at its '>': stop there so a caller's parameters are never read.
  action path_end { fbreak; }

  include abnf_core "common/abnf_core.rl";
  include rfc5321 "common/rfc5321.rl";
  include rfc6531 "common/rfc6531.rl";

  # RFC 5321 4.1.1.3: "<Postmaster>" without a domain (any case: an ABNF string). The host
  # accepts it only where path_options::allow_postmaster says, and "<>" only where
  # allow_null says; one machine serves MAIL and RCPT.
  path_rule := ( Reverse_path_utf8 | '<' 'Postmaster'i '>' ) @path_end;
  mailbox_rule := Mailbox_utf8;
  domain_rule := Domain_utf8 | address_literal;
  local_part_rule := Local_part_utf8;
  dot_string_rule := Dot_string_utf8;

  write data noerror;
}%%

void path_scan::run(path_rule rule, const unsigned char* bytes, std::size_t len) noexcept {
  const unsigned char* p = bytes;
  const unsigned char* pe = bytes + len;
  int cs = path_en_path_rule;
  switch (rule) {
    case path_rule::path: cs = path_en_path_rule; break;
    case path_rule::mailbox: cs = path_en_mailbox_rule; break;
    case path_rule::domain: cs = path_en_domain_rule; break;
    case path_rule::local_part: cs = path_en_local_part_rule; break;
    case path_rule::dot_string: cs = path_en_dot_string_rule; break;
  }
  %% write exec;
  // Invariants (kept in fuzz builds): the machine never runs past the input.
  assert(p >= bytes && p <= pe);
  stop = static_cast<std::size_t>(p - bytes);
  accepted = cs >= path_first_final && (rule == path_rule::path || p == pe);
  assert(at == npos || at < stop);
}

}  // namespace smtpcodec::detail
