// command_reader: framing and parsing in one step gives, event for event, what line_reader
// followed by parse_command gives, whatever the chunking, policy and scan path (with
// AVX-512BW the vector lane takes the common lines straight from the buffer).
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "detail/byte_scan.hpp"
#include "detail/command_reader_lockstep.hpp"
#include "smtpcodec/command_reader.hpp"

namespace smtpcodec {
namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// A session's worth of lines the lane takes and lines it leaves, and framing trouble:
// bare LF and CR, an over-long line, lines across 64-byte block edges.
std::string mixed_input() {
  std::string s = read_file(std::filesystem::path(SMTPCODEC_SOURCE_DIR) / "examples" / "sample_session.txt");
  const char* lines[] = {
      "EHLO client.example.net\r\n",
      "MAIL FROM:<alice@example.org> SIZE=1000 BODY=8BITMIME RET=HDRS ENVID=QQ314\r\n",
      "RCPT TO:<bob@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob+2Bx@example.org\r\n",
      "RCPT TO:<\"john doe\"@[IPv6:2001:db8::1]>\r\n",
      "RCPT TO:<x@[192.0.2.17]> NOTIFY=NEVER\r\n",
      ("RCPT TO:<j\xc3\xbcrgen@b\xc3\xbc" "cher.example>\r\n"),
      "RCPT TO:<a@b.example> NOTIFY=NEVER\n",
      "RCPT TO:<a@b.example>\rNOTIFY=NEVER\r\n",
      "DATA\r\n",
      "QUIT \r\n",
      "RSET\r",
      "\r\n",
      "NOOP\r\n",
      "BDAT 10 LAST\r\n",
      // Lane lines setting members a lane line after them does not (BDAT's size and LAST,
      // AUTH=, SMTPUTF8 paths).
      "BDAT 10 LAST\r\n",
      "DATA\r\n",
      "BDAT 123456789012 last\r\n",
      "MAIL FROM:<a@b.example>\r\n",
      "MAIL FROM:<a@b.example> AUTH=a+2Bb@c BODY=7BIT\r\n",
      "MAIL FROM:<a@b.example>\r\n",
      "MAIL FROM:<a@b.example> AUTH=<>\r\n",
      "RCPT TO:<a@b.example>\r\n",
      // Lines of parse_command's route that set members the vector lane never does, each
      // followed by a lane line that must not see them (the reader resets its event).
      "AUTH PLAIN dGVzdA==\r\n",
      "DATA\r\n",
      "EHLO [192.0.2.1]\r\n",
      "EHLO client.example.net\r\n",
      "BURL imap://x.example/y LAST\r\n",
      "RCPT TO:<a@b.example>\r\n",
      "MAIL FROM:<j\xc3\xbcrgen@example.org> SMTPUTF8\r\n",
      "MAIL FROM:<a@example.org>\r\n",
      "RCPT TO:<@r.example:a@b.example> NOTIFY=NEVER\r\n",
      "RCPT TO:<a@b.example>\r\n",
  };
  for (const char* l : lines) s += l;
  s += "MAIL FROM:<a@b.example> ENVID=" + std::string(700, 'x') + "\r\n";
  for (std::size_t n = 50; n < 140; n += 3) s += "RCPT TO:<" + std::string(n, 'l') + "@b.example>\r\n";
  for (std::size_t n = 50; n < 140; n += 5) s += "RCPT TO:<a@b.example> ORCPT=rfc822;" + std::string(n, 'x') + "\r\n";
  s += "RCPT TO:<a@b.example>";  // no line end: left over
  return s;
}

// command_reader and line_reader + parse_command in lockstep (detail/command_reader_lockstep.hpp);
// returns the number of lines.
std::size_t expect_lockstep(std::string_view in, const command_options& opt, bare_eol_policy policy,
                            std::size_t piece) {
  const detail::lockstep_outcome out = detail::run_reader_lockstep(in, opt, policy, piece);
  EXPECT_TRUE(out.same) << ::testing::PrintToString(out.first_difference);
  return out.lines;
}

class CommandReaderPaths : public ::testing::TestWithParam<detail::scan_path> {
 protected:
  void SetUp() override {
    if (!detail::force_scan_path(GetParam())) GTEST_SKIP() << "not on this CPU";
  }
  void TearDown() override { detail::reset_scan_path(); }
};

TEST_P(CommandReaderPaths, SameEventsAsLineReaderAndParseCommand) {
  const std::string in = mixed_input();
  for (const bare_eol_policy policy : {bare_eol_policy::reject, bare_eol_policy::normalize, bare_eol_policy::accept})
    for (const std::size_t piece : {0, 1, 2, 3, 7, 63, 64, 65, 1000}) {
      SCOPED_TRACE(::testing::Message() << to_string(policy) << " piece " << piece);
      EXPECT_GT(expect_lockstep(in, {}, policy, piece), 70u);
    }
}

TEST_P(CommandReaderPaths, SameEventsUnderOtherOptions) {
  const std::string in = mixed_input();
  command_options small;
  small.max_line_length = 60;
  small.limits.max_local_part = 20;
  small.max_parameters = 1;
  command_options utf8;
  utf8.smtputf8_transaction = true;
  utf8.params.extensions.dsn = false;
  command_options huge;
  huge.max_line_length = SIZE_MAX - 740;  // adding the allowances must not wrap
  for (const command_options& opt : {small, utf8, huge})
    EXPECT_GT(expect_lockstep(in, opt, bare_eol_policy::reject, 5), 70u);
}

TEST_P(CommandReaderPaths, CorpusFilesAsStreams) {
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(SMTPCODEC_SOURCE_DIR) / "corpus" /
                                                               "fuzz_command")) {
    const std::string text = read_file(entry.path());
    if (text.size() < 2) continue;
    expect_lockstep(std::string_view(text).substr(1), {}, bare_eol_policy::reject, 0);
    expect_lockstep(std::string_view(text).substr(1), {}, bare_eol_policy::normalize, 3);
  }
}

INSTANTIATE_TEST_SUITE_P(ScanPaths, CommandReaderPaths,
                         ::testing::Values(detail::scan_path::avx512, detail::scan_path::avx2, detail::scan_path::none),
                         [](const auto& param_info) { return std::string(detail::to_string(param_info.param)); });

TEST(CommandReader, ParsesAndConsumesOneLineAtATime) {
  command_reader reader;
  const std::string buf = "MAIL FROM:<a@b.example> SIZE=10\r\nRCPT TO:<c@d.example>\r\nDA";
  auto ev = reader.next(buf);
  ASSERT_EQ(ev.kind, command_event::kind_t::line);
  ASSERT_TRUE(ev.result) << to_string(ev.result.error);
  EXPECT_EQ(ev.consumed, 33u);
  EXPECT_EQ(ev.result.value.verb, verb::mail);
  EXPECT_EQ(ev.result.value.mail.size, 10u);
  EXPECT_EQ(ev.result.value.path.mailbox.domain, "b.example");
  ev = reader.next(std::string_view(buf).substr(33));
  ASSERT_TRUE(ev.result);
  EXPECT_EQ(ev.result.value.verb, verb::rcpt);
  EXPECT_EQ(ev.consumed, 23u);
  ev = reader.next(std::string_view(buf).substr(56));
  EXPECT_EQ(ev.kind, command_event::kind_t::need_more);
  EXPECT_EQ(ev.consumed, 0u);
}

TEST(CommandReader, FramingErrorsAreLinesWithTheirError) {
  command_reader reader;
  auto ev = reader.next("RCPT TO:<a@b.example>\nQUIT\r\n");
  ASSERT_EQ(ev.kind, command_event::kind_t::line);
  EXPECT_EQ(ev.result.error, errc::bare_lf);
  EXPECT_EQ(ev.result.reply().code, 500);
  EXPECT_EQ(ev.consumed, 22u);

  // An over-long line is refused at once and its rest skipped as it arrives.
  const std::string longer(reader.options().max_reader_line() + 10, 'x');
  ev = reader.next(longer);
  EXPECT_EQ(ev.result.error, errc::line_too_long);
  EXPECT_TRUE(reader.skipping());
  ev = reader.next("xxxx\r\nQUIT\r\n");
  EXPECT_EQ(ev.kind, command_event::kind_t::line);
  EXPECT_TRUE(ev.result);
  EXPECT_EQ(ev.result.value.verb, verb::quit);
  EXPECT_EQ(ev.consumed, 12u);
  EXPECT_FALSE(reader.skipping());
}

TEST(CommandReader, ParseErrorsCarryTheirReply) {
  command_reader reader;
  const auto ev = reader.next("RCPT TO:<a@b..example>\r\n");
  ASSERT_EQ(ev.kind, command_event::kind_t::line);
  EXPECT_EQ(ev.result.error, errc::invalid_path_domain);
  EXPECT_EQ(ev.result.context, reply_context::rcpt_to);
  EXPECT_EQ(ev.consumed, 24u);
}

TEST(CommandReader, Smtputf8TransactionFollowsTheSetting) {
  command_reader reader;
  const std::string line = "RCPT TO:<j\xc3\xbcrgen@example.org>\r\n";
  EXPECT_EQ(reader.next(line).result.error, errc::utf8_not_permitted);
  reader.set_smtputf8_transaction(true);
  EXPECT_TRUE(reader.next(line).result);
  reader.set_smtputf8_transaction(false);
  EXPECT_FALSE(reader.next(line).result);
}

TEST(CommandReader, LineLimitFollowsTheOptions) {
  command_reader reader;
  const std::string line = "RCPT TO:<a@" + std::string(100, 'b') + ".example>\r\n";
  EXPECT_TRUE(reader.next(line).result);
  command_options opt;
  opt.max_line_length = 64;
  opt.params.extensions = extension_set{false, false, false, false, false, false, false, false, false, false, false};
  reader.set_options(opt);  // no extension adds to the 64 octets now
  const auto ev = reader.next(line);
  EXPECT_EQ(ev.result.error, errc::line_too_long);
}

}  // namespace
}  // namespace smtpcodec
