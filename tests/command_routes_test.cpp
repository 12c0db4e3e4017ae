// Every route through parse_command() gives the identical result (detail::command_route):
// the fast lanes, the one-pass machine (MAIL/RCPT path and parameters parsed with the
// command), and the separate path and parameter parsers that refused lines always take.
// The lines: shapes chosen to sit on the edges of the fast lanes, every prefix of each
// (near misses, cut paths), every line of the fuzz_command corpus and of the sample
// session, under option sets that move the policy decisions.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "detail/command_compare.hpp"
#include "detail/command_line_machine.hpp"
#include "smtpcodec/command.hpp"

namespace smtpcodec {
namespace {

using detail::command_route;

const std::vector<std::string>& edge_lines() {
  static const std::vector<std::string> lines = [] {
    std::vector<std::string> v = {
        "MAIL FROM:<alice@example.org> SIZE=1000 BODY=8BITMIME",
        "mail from:<alice@example.org> size=1000 body=7bit RET=HDRS ENVID=QQ123",
        "MaIl FrOm:<a@b.c>",
        "MAIL FROM:<>",
        "MAIL FROM:<> SIZE=0",
        "RCPT TO:<>",
        "RCPT TO:<Postmaster>",
        "RCPT TO:<postmaster@example.org>",
        "MAIL FROM:<Postmaster>",
        "RCPT TO:<bob@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob+2Bx@example.org",
        "RCPT TO:<bob@example.org> NOTIFY=NEVER,SUCCESS",
        "RCPT TO:<bob@example.org> NOTIFY=SUCCESS NOTIFY=FAILURE",
        "RCPT TO:<bob@example.org> SIZE=10",
        "MAIL FROM:<a@b.example> NOTIFY=NEVER",
        "MAIL FROM:<a@b.example> X-VENDOR=on x-vendor",
        "MAIL FROM:<a@b.example> X-VENDOR=on XYZ A B C D E F G H I J K L M N O P Q",
        "MAIL FROM:<a@b.example>  SIZE=1",
        "MAIL FROM:<a@b.example> SIZE=1 ",
        "MAIL FROM:<a@b.example> SIZE=",
        "MAIL FROM:<a@b.example> =1",
        "MAIL FROM:<a@b.example> -X=1",
        "MAIL FROM:<a@b.example> SIZE=99999999999999999999999",
        "MAIL FROM:<a@b.example>SIZE=1",
        "MAIL FROM: <a@b.example>",
        "MAIL FROM:  <a@b.example> SIZE=5",
        "MAIL  FROM:<a@b.example>",
        "MAIL FROM :<a@b.example>",
        "MAIL FROM:a@b.example",
        "MAILFROM:<a@b.example>",
        "RCPT TO:<a@b.example",
        "RCPT TO:<a@b.example>>",
        "RCPT TO:<a@-b.example>",
        "RCPT TO:<a@b-.example>",
        "RCPT TO:<a@b..example>",
        "RCPT TO:<a@b.example.>",
        "RCPT TO:<.a@b.example>",
        "RCPT TO:<a.@b.example>",
        "RCPT TO:<a..b@b.example>",
        "RCPT TO:<a@xn--bcher-kva.example>",
        "RCPT TO:<a@xn--.example>",
        "RCPT TO:<\"john doe\"@example.org>",
        "RCPT TO:<\"a\\\"b\"@example.org>",
        "RCPT TO:<\"\"@example.org>",
        "RCPT TO:<x@[192.0.2.17]>",
        "RCPT TO:<x@[192.0.2.256]>",
        "RCPT TO:<x@[IPv6:2001:db8::1]>",
        "RCPT TO:<x@[IPv6:::ffff:192.0.2.1]>",
        "RCPT TO:<x@[tag:content]>",
        "RCPT TO:<@a.example,@b.example:x@c.example>",
        "RCPT TO:<@a.example:x@c.example> NOTIFY=DELAY",
        "MAIL FROM:<j\xc3\xbcrgen@b\xc3\xbc" "cher.example> SMTPUTF8",
        "MAIL FROM:<j\xc3\xbcrgen@b\xc3\xbc" "cher.example>",
        "MAIL FROM:<a@b.example> SMTPUTF8",
        "RCPT TO:<\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.example>",
        "RCPT TO:<a@b.example> ORCPT=utf-8;\xe7\x94\xa8@example.org",
        "RCPT TO:<a@\xc3\x28.example>",
        "RCPT TO:<a@b.example>\r\n",
        "RCPT TO:<a@b.example> \r\n",
        std::string("RCPT TO:<a@b.ex\0ample>", 23),
        "RCPT TO:<a@b.ex\tample>",
        "RCPT TO:<a@b.ex\rample>",
        "MAIL FROM:<" + std::string(64, 'l') + "@example.org>",
        "MAIL FROM:<" + std::string(65, 'l') + "@example.org>",
        "MAIL FROM:<a@" + std::string(63, 'd') + "." + std::string(63, 'd') + "." + std::string(63, 'd') + "." +
            std::string(61, 'd') + ">",
        "MAIL FROM:<a@" + std::string(63, 'd') + "." + std::string(63, 'd') + "." + std::string(63, 'd') + "." +
            std::string(63, 'd') + ">",
        "MAIL FROM:<a@b.example> ENVID=" + std::string(600, 'x'),
        "EHLO client.example.net",
        "ehlo CLIENT-1.example",
        "EHLO [192.0.2.1]",
        "EHLO [IPv6:::1]",
        "EHLO under_score.example",
        "EHLO -bad.example",
        "EHLO bad-.example",
        "EHLO trailing.",
        "EHLO b\xc3\xbc" "cher.example",
        "HELO x",
        "LHLO lmtp.example",
        "EHLO",
        "EHLO ",
        "EHLOX client.example",
        "DATA",
        "data",
        "DATA ",
        "DATA x",
        "DATA\xc3\xa9",
        "QUIT",
        "RSET",
        "NOOP",
        "NOOP hello",
        "HELP",
        "HELP MAIL",
        "ATRN",
        "ATRN a.example,b.example",
        "STARTTLS",
        "DAT",
        "",
        "    ",
        "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=",
        "AUTH LOGIN =",
        "BDAT 1000 LAST",
        "VRFY postmaster",
        "XCLIENT NAME=spike.example ADDR=192.0.2.1",
        "SEND FROM:<a@b>",
        "FOOBAR",
    };
    return v;
  }();
  return lines;
}

// Lines of the fuzz_command corpus (after each file's option byte) and of the sample session.
std::vector<std::string> file_lines() {
  std::vector<std::string> out;
  auto add_lines = [&](std::string text) {
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t lf = text.find('\n', start);
      const std::size_t end = lf == std::string::npos ? text.size() : lf + 1;
      out.push_back(text.substr(start, end - start));
      start = end;
    }
  };
  auto read = [](const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  };
  const std::filesystem::path source(SMTPCODEC_SOURCE_DIR);
  for (const auto& entry : std::filesystem::directory_iterator(source / "corpus" / "fuzz_command")) {
    const std::string text = read(entry.path());
    if (!text.empty()) add_lines(text.substr(1));
  }
  add_lines(read(source / "examples" / "sample_session.txt"));
  return out;
}

struct option_case {
  const char* name;
  command_options opt;
};

void PrintTo(const option_case& c, std::ostream* os) { *os << c.name; }

std::vector<option_case> option_cases() {
  std::vector<option_case> v;
  v.push_back({"defaults", {}});
  command_options o;
  o.smtputf8_transaction = true;
  v.push_back({"smtputf8_transaction", o});
  o = {};
  o.allow_space_after_colon = true;
  o.strict_helo = false;
  v.push_back({"lenient", o});
  o = {};
  o.params.reject_unknown = false;
  o.max_parameters = 3;
  v.push_back({"unknown_kept_three_params", o});
  o = {};
  o.limits.max_local_part = 8;
  o.limits.max_domain = 12;
  o.limits.max_path = 24;
  v.push_back({"small_limits", o});
  o = {};
  o.limits.max_path = 1;  // not even "<>"
  v.push_back({"path_limit_one", o});
  o = {};
  o.params.extensions = extension_set{false, false, false, false, false, false, false, false, false, false, false};
  o.check_u_labels = false;
  v.push_back({"no_extensions", o});
  o = {};
  o.params.max_message_size = 5000;
  v.push_back({"size_limit", o});
  return v;
}

class CommandRoutes : public ::testing::TestWithParam<option_case> {
 protected:
  void expect_same_everywhere(std::string_view line) {
    const command_options& opt = GetParam().opt;
    const auto fast = parse_command(line, opt);
    const auto machine = detail::parse_command_via(line, opt, command_route::machine);
    const auto separate = detail::parse_command_via(line, opt, command_route::separate_parsers);
    EXPECT_TRUE(detail::identical(fast, machine)) << ::testing::PrintToString(std::string(line));
    EXPECT_TRUE(detail::identical(fast, separate)) << ::testing::PrintToString(std::string(line));
    ++checked;
  }
  std::size_t checked = 0;
};

TEST_P(CommandRoutes, EdgeLinesAndEveryPrefix) {
  for (const std::string& line : edge_lines())
    for (std::size_t n = 0; n <= line.size(); ++n) expect_same_everywhere(std::string_view(line).substr(0, n));
  EXPECT_GT(checked, 3000u);
}

TEST_P(CommandRoutes, CorpusAndSampleSession) {
  const auto lines = file_lines();
  ASSERT_GT(lines.size(), 20u);
  for (const std::string& line : lines) expect_same_everywhere(line);
}

// The routes agree on success, and the fast route is not simply refusing what the others accept.
TEST_P(CommandRoutes, AcceptedLinesAreAcceptedByEveryRoute) {
  std::size_t accepted = 0;
  for (const std::string& line : edge_lines()) {
    const auto fast = parse_command(line, GetParam().opt);
    if (fast) ++accepted;
    EXPECT_EQ(fast.ok(), detail::parse_command_via(line, GetParam().opt, command_route::machine).ok()) << line;
  }
  EXPECT_GT(accepted, 20u);  // with path_limit_one only the verbs without a path
}

INSTANTIATE_TEST_SUITE_P(Options, CommandRoutes, ::testing::ValuesIn(option_cases()),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace smtpcodec
