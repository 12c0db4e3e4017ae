// Host machine: the streaming DATA decoder (grammar in common/rfc5321_data.rl).
// Generated into the build tree as dot_unstuff.rl.cpp; never committed.
//
// The machine and the vectorised scan: the charts are the definition. On `text_octet`
// (an ordinary octet that leaves the machine in `text`) the action asks scan_text()
// (detail/byte_scan.hpp) for the next position where the machine could do anything but
// count, and fexec's there; the octets in between are exactly those that would take the
// machine around text -> text or text -CR-> cr -LF-> start -octet-> text with only
// counting actions, and the scan does that counting. Every other transition, including
// every one that cuts content, drops a dot, ends the data or raises an error, is taken
// here, byte by byte. With scan_path::none the scan returns its input and this machine
// reads every byte itself; the tests check that all paths give identical results.
//
// The state persists across calls in dot_unstuffer::cs_; nothing else survives a call but
// counters and flags.
#include "detail/dot_unstuff_machine.hpp"

namespace smtpcodec::detail {

%%{
  machine dot_unstuff;
  alphtype unsigned char;

  action text_octet  { r.count(fc); fexec r.skip(fpc + 1, pe); }
  action cr          { r.count(fc); }
  action crlf        { r.count(fc); r.line_end(); }
  action dot         { if (r.on_dot(fpc, pe)) fbreak; }
  action dot_cr      { r.on_dot_cr(fpc); }
  action end_of_data { r.on_end_of_data(); fbreak; }
  action bare_lf     { r.bare_lf(); }
  action bare_cr     { r.bare_cr(); fhold; }
  action dot_bare_cr { const unsigned char* at = fpc; fhold; if (r.on_dot_bare_cr(at)) fbreak; }
  action lf_norm     { if (r.on_lf_norm(fpc)) fbreak; }
  action cr_norm     { const unsigned char* at = fpc; fhold; if (r.on_cr_norm(at)) fbreak; }
  action dot_bare    { if (r.on_dot_bare(fpc)) fbreak; }
  action dot_lf_norm { if (r.on_dot_lf_norm(fpc)) fbreak; }
  action dot_cr_norm { const unsigned char* at = fpc; fhold; if (r.on_dot_cr_norm(at)) fbreak; }

  include abnf_core "common/abnf_core.rl";
  include rfc5321_data "common/rfc5321_data.rl";

  strict := data_strict;
  normalize := data_normalize;

  write data noerror nofinal;
}%%

int unstuff_run::start_state(bare_eol_policy policy) noexcept {
  return policy == bare_eol_policy::normalize ? dot_unstuff_en_normalize : dot_unstuff_en_strict;
}

const unsigned char* unstuff_run::exec(const unsigned char* p, const unsigned char* pe) noexcept {
  unstuff_run& r = *this;
  int cs = u_.cs_;
  %% write exec;
  u_.cs_ = cs;
  return p;
}

}  // namespace smtpcodec::detail
