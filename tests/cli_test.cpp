// The `smtpcodec` CLI's public contract: JSON lines, flags and exit codes. Golden files
// under tests/data/cli/ hold the exact expected output.
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace {

using smtpcodec::testing::read_file;
using smtpcodec::testing::run_cli;
using Cli = smtpcodec::testing::cli_test;

TEST_F(Cli, DecodeServerSampleSessionGolden) {
  const std::string dir = std::string(SMTPCODEC_SOURCE_DIR);
  const auto r = run_cli("decode --role server", read_file(dir + "/examples/sample_session.txt"));
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, read_file(dir + "/tests/data/cli/decode_server_sample.jsonl"));
}

TEST_F(Cli, DecodeServerCommandShapes) {
  const auto r = run_cli("decode --role server",
                         "MAIL FROM:<\"a b\"@[192.0.2.1]> SIZE=10 SMTPUTF8\r\n"
                         "AUTH LOGIN\r\nAUTH PLAIN =\r\nBDAT 0 LAST\r\nDATA\r\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\"event\":\"command\",\"verb\":\"MAIL\",\"path\":{\"null\":false,\"local\":\"\\\"a b\\\"\","
            "\"domain\":\"[192.0.2.1]\",\"literal\":\"ipv4\",\"utf8\":false},\"params\":[[\"SIZE\",\"10\"],"
            "[\"SMTPUTF8\",\"\"]]}\n"
            "{\"event\":\"command\",\"verb\":\"AUTH\",\"mechanism\":\"LOGIN\",\"initial_response\":null}\n"
            "{\"event\":\"command\",\"verb\":\"AUTH\",\"mechanism\":\"PLAIN\",\"initial_response\":\"\"}\n"
            "{\"event\":\"command\",\"verb\":\"BDAT\",\"size\":0,\"last\":true}\n"
            "{\"event\":\"command\",\"verb\":\"DATA\",\"arg\":\"\"}\n");
}

TEST_F(Cli, DecodeServerRepliesForRefusals) {
  const auto r = run_cli("decode --role server", "RCPT TO:<>\r\nMAIL FROM:<> XYZZY=1\r\nTURN\r\nFROB\r\nNOOP\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\"event\":\"reply\",\"code\":501,\"enhanced\":\"5.1.3\",\"text\":[\"Null path not permitted for recipient\"]}\n"
            "{\"event\":\"reply\",\"code\":555,\"enhanced\":\"5.5.4\",\"text\":[\"Unsupported MAIL/RCPT parameter\"]}\n"
            "{\"event\":\"reply\",\"code\":502,\"enhanced\":\"5.5.1\",\"text\":[\"Command not implemented\"]}\n"
            "{\"event\":\"reply\",\"code\":500,\"enhanced\":\"5.5.1\",\"text\":[\"Command unrecognized\"]}\n"
            "{\"event\":\"reply\",\"code\":500,\"enhanced\":\"5.5.2\",\"text\":[\"Bare LF received; lines must end with CRLF\"]}\n");
}

TEST_F(Cli, DecodeServerSmtputf8OnlyAfterMailThatCarriedIt) {
  const std::string rcpt = "RCPT TO:<j\xc3\xbcrgen@example.org>\r\n";
  const auto r = run_cli("decode --role server",
                         rcpt + "MAIL FROM:<a@b.example> SMTPUTF8\r\n" + rcpt + "RSET\r\n" + rcpt);
  EXPECT_EQ(r.status, 0);
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < r.out.size()) {
    auto nl = r.out.find('\n', pos);
    lines.push_back(r.out.substr(pos, nl - pos));
    pos = nl + 1;
  }
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_NE(lines[0].find("\"code\":553"), std::string::npos);
  EXPECT_NE(lines[2].find("\"utf8\":true"), std::string::npos);
  EXPECT_NE(lines[4].find("\"code\":553"), std::string::npos);
}

TEST_F(Cli, DecodeServerBareEolPolicyFlag) {
  const auto r = run_cli("decode --role server --bare-eol normalize", "NOOP\nQUIT\r\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\"event\":\"command\",\"verb\":\"NOOP\",\"arg\":\"\"}\n"
            "{\"event\":\"command\",\"verb\":\"QUIT\",\"arg\":\"\"}\n");
}

TEST_F(Cli, DecodeServerTruncatedInputExitsOne) {
  const auto r = run_cli("decode --role server", "NOOP\r\nQUI");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out,
            "{\"event\":\"command\",\"verb\":\"NOOP\",\"arg\":\"\"}\n"
            "{\"event\":\"error\",\"what\":\"truncated\",\"detail\":\"input ended inside a command line\"}\n");
}

TEST_F(Cli, DecodeServerProxyHeaderFirst) {
  auto r = run_cli("decode --role server --proxy", "PROXY TCP6 2001:db8::1 2001:db8::2 4000 25\r\nQUIT\r\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\"event\":\"proxy\",\"version\":1,\"local\":false,\"family\":\"inet6\",\"transport\":\"stream\","
            "\"source\":\"2001:db8::1\",\"source_port\":4000,\"destination\":\"2001:db8::2\",\"destination_port\":25}\n"
            "{\"event\":\"command\",\"verb\":\"QUIT\",\"arg\":\"\"}\n");
  // v2 LOCAL (a health check): no addresses.
  const std::string v2_local("\r\n\r\n\0\r\nQUIT\n\x20\x00\x00\x00NOOP\r\n", 22);
  r = run_cli("decode --role server --proxy", v2_local);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\"event\":\"proxy\",\"version\":2,\"local\":true,\"family\":\"unspec\",\"transport\":\"unspec\","
            "\"source\":null,\"source_port\":0,\"destination\":null,\"destination_port\":0}\n"
            "{\"event\":\"command\",\"verb\":\"NOOP\",\"arg\":\"\"}\n");
  // Without the header the connection is refused: no command is ever parsed.
  r = run_cli("decode --role server --proxy", "EHLO x.example\r\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out.rfind("{\"event\":\"error\",\"what\":\"proxy_", 0), 0u) << r.out;
  r = run_cli("decode --role server --proxy", "PROXY TCP4 192.0.2.1");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("\"what\":\"truncated\""), std::string::npos);
}

TEST_F(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_cli("decode", "").status, 2);
  EXPECT_EQ(run_cli("decode --role sideways", "").status, 2);
  EXPECT_EQ(run_cli("decode --role server --bare-eol maybe", "").status, 2);
  EXPECT_EQ(run_cli("no-such-command", "").status, 2);
}

}  // namespace
