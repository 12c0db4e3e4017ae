// A command stream split at every byte position gives the same commands and errors as
// the whole stream: framing and parsing keep no partial-token state.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smtpcodec/command.hpp"
#include "smtpcodec/line_reader.hpp"

namespace smtpcodec {
namespace {

const std::string stream =
    "EHLO client.example.org\r\n"
    "MAIL FROM:<alice@example.org> SIZE=14200 BODY=8BITMIME\r\n"
    "RCPT TO:<bob@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.com\r\n"
    "RCPT TO:<\"john doe\"@[IPv6:2001:db8::1]>\r\n"
    "RCPT TO:<bad@@example>\r\n"
    "RCPT\nTO:<x@y>\r\n"
    "MAIL FROM:<j\xc3\xbcrgen@b\xc3\xbc" "cher.example> SMTPUTF8\r\n"
    "RCPT TO:<\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.example>\r\n"
    "NOOP " + std::string(600, 'x') + "\r\n"
    "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"
    "BDAT 10 LAST\r\n"
    "FROB\r\n"
    "QUIT\r\n";

std::string summary(const parse_result<command>& r) {
  if (!r) return "!" + std::string(to_string(r.error)) + "@" + std::to_string(r.error_offset);
  std::string s(to_string(r.value.verb));
  s += "|" + std::string(r.value.arg) + "|" + std::string(r.value.path.mailbox.local_part) + "|" +
       std::string(r.value.path.mailbox.domain) + "|" + std::to_string(r.value.params.size());
  return s;
}

// Feeds the stream in the given pieces; the caller-side buffer keeps unconsumed bytes.
std::vector<std::string> run(const std::vector<std::string_view>& pieces) {
  command_options opt;
  line_reader reader({bare_eol_policy::reject, opt.max_reader_line()});
  std::vector<std::string> out;
  std::string buf;
  bool smtputf8 = false;
  for (auto piece : pieces) {
    buf.append(piece);
    for (;;) {
      const auto ev = reader.next(buf);
      std::string line(ev.line);
      const auto kind = ev.kind;
      const auto err = ev.error;
      buf.erase(0, ev.consumed);
      if (kind == line_event::kind_t::need_more) {
        if (ev.consumed) continue;
        break;
      }
      if (kind == line_event::kind_t::error) {
        out.push_back("framing:" + std::string(to_string(err)));
        continue;
      }
      opt.smtputf8_transaction = smtputf8;
      const auto r = parse_command(line, opt);
      if (r && r.value.verb == verb::mail) smtputf8 = r.value.mail.smtputf8;
      out.push_back(summary(r));
    }
  }
  return out;
}

TEST(CommandStream, SplitAtEveryBytePosition) {
  const auto whole = run({stream});
  ASSERT_EQ(whole.size(), 14u);
  EXPECT_EQ(whole[4].substr(0, 21), "!invalid_path_domain@");
  EXPECT_EQ(whole[5], "framing:bare_lf");        // "RCPT\n" is refused whole...
  EXPECT_EQ(whole[6], "!unknown_command@0");     // ...and "TO:<x@y>" is no command
  EXPECT_EQ(whole[8].substr(0, 5), "RCPT|");      // SMTPUTF8 transaction carried over
  EXPECT_EQ(whole[9], "!line_too_long@510");     // NOOP gets no MAIL/RCPT allowance
  EXPECT_EQ(whole[12], "!unknown_command@0");
  const std::string_view s = stream;
  for (std::size_t cut = 0; cut <= s.size(); ++cut)
    ASSERT_EQ(run({s.substr(0, cut), s.substr(cut)}), whole) << "cut at " << cut;
}

TEST(CommandStream, OneByteAtATime) {
  const auto whole = run({stream});
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < stream.size(); ++i) bytes.emplace_back(stream.data() + i, 1);
  EXPECT_EQ(run(bytes), whole);
}

}  // namespace
}  // namespace smtpcodec
