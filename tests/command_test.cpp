// The command grammar (RFC 5321 4.1.1, 4.1.2, 4.5.3.1 and the extensions' RFCs): every
// verb, the argument shapes, each error and the reply a server sends for it.
#include <gtest/gtest.h>

#include <string>

#include "smtpcodec/command.hpp"

namespace smtpcodec {
namespace {

struct error_case {
  const char* name;
  std::string line;
  errc error;
  unsigned code;
  enhanced_status status;
};

void PrintTo(const error_case& c, std::ostream* os) { *os << c.name; }

class CommandErrors : public ::testing::TestWithParam<error_case> {};

TEST_P(CommandErrors, ReplyMatches) {
  const auto& c = GetParam();
  const auto r = parse_command(c.line);
  ASSERT_FALSE(r) << c.line;
  EXPECT_EQ(to_string(r.error), to_string(c.error)) << c.line;
  const auto rep = r.reply();
  EXPECT_EQ(rep.code, c.code) << c.line;
  EXPECT_EQ(rep.status, c.status) << c.line;
  EXPECT_FALSE(rep.text.empty());
  EXPECT_LE(r.error_offset, c.line.size());
  // A failed parse never yields a partial value.
  EXPECT_EQ(r.value.verb, verb::unknown);
  EXPECT_TRUE(r.value.line.empty());
}

const error_case error_cases[] = {
    {"unknown_verb_500_5_5_1", "FROB x", errc::unknown_command, 500, {5, 5, 1}},
    {"verb_prefix_is_unknown", "MAILX FROM:<a@b>", errc::unknown_command, 500, {5, 5, 1}},
    {"verb_glued_to_arg", "DATAX", errc::unknown_command, 500, {5, 5, 1}},
    {"eight_bit_verb_unknown", "\xc3\xa9HLO x", errc::unknown_command, 500, {5, 5, 1}},
    {"empty_line", "", errc::syntax_error, 500, {5, 5, 2}},
    {"only_spaces", "   ", errc::syntax_error, 500, {5, 5, 2}},
    {"leading_space", " NOOP", errc::unknown_command, 500, {5, 5, 1}},
    {"nul_byte", std::string("NOOP a\0b", 8), errc::nul_byte, 500, {5, 5, 2}},
    {"tab_control", "NOOP\tx", errc::control_character, 500, {5, 5, 2}},
    {"del_control", "NOOP \x7f", errc::control_character, 500, {5, 5, 2}},
    {"bare_cr_inside", "NOOP a\rb", errc::bare_cr, 500, {5, 5, 2}},
    {"bare_lf_inside", "NOOP a\nb", errc::bare_lf, 500, {5, 5, 2}},
    {"eight_bit_in_noop", "NOOP caf\xc3\xa9", errc::eight_bit_byte, 500, {5, 5, 2}},
    {"eight_bit_in_ehlo", "EHLO b\xc3\xbc" "cher.example", errc::eight_bit_byte, 500, {5, 5, 2}},
    {"ehlo_missing_arg", "EHLO", errc::missing_argument, 501, {5, 5, 4}},
    {"helo_missing_arg_trailing_sp", "HELO ", errc::missing_argument, 501, {5, 5, 4}},
    {"ehlo_bad_domain", "EHLO -bad-.example", errc::invalid_domain, 501, {5, 5, 2}},
    {"ehlo_two_words", "EHLO a.example b", errc::invalid_argument, 501, {5, 5, 4}},
    {"lhlo_bad_literal", "LHLO [300.1.1.1]", errc::invalid_domain, 501, {5, 5, 2}},
    {"data_with_arg", "DATA now", errc::unexpected_argument, 501, {5, 5, 4}},
    {"rset_with_arg", "RSET x", errc::unexpected_argument, 501, {5, 5, 4}},
    {"quit_with_arg", "QUIT now", errc::unexpected_argument, 501, {5, 5, 4}},
    {"starttls_with_arg_rfc3207", "STARTTLS x", errc::unexpected_argument, 501, {5, 5, 4}},
    {"vrfy_missing", "VRFY", errc::missing_argument, 501, {5, 5, 4}},
    {"expn_missing", "EXPN", errc::missing_argument, 501, {5, 5, 4}},
    {"mail_missing_from", "MAIL", errc::missing_argument, 501, {5, 5, 4}},
    {"mail_to_instead_of_from", "MAIL TO:<a@b.example>", errc::invalid_argument, 501, {5, 5, 4}},
    {"mail_no_colon", "MAIL FROM <a@b.example>", errc::invalid_argument, 501, {5, 5, 4}},
    {"mail_empty_path", "MAIL FROM:", errc::invalid_path, 501, {5, 1, 7}},
    {"mail_space_after_colon_rfc5321_3_3", "MAIL FROM: <a@b.example>", errc::invalid_path, 501, {5, 1, 7}},
    {"mail_no_brackets", "MAIL FROM:a@b.example", errc::invalid_path, 501, {5, 1, 7}},
    {"mail_bad_local", "MAIL FROM:<a..b@b.example>", errc::invalid_local_part, 501, {5, 1, 7}},
    {"mail_bad_domain", "MAIL FROM:<a@b..example>", errc::invalid_path_domain, 501, {5, 1, 7}},
    {"rcpt_bad_domain_5_1_3", "RCPT TO:<a@b..example>", errc::invalid_path_domain, 501, {5, 1, 3}},
    {"rcpt_null_path", "RCPT TO:<>", errc::null_path_not_permitted, 501, {5, 1, 3}},
    {"rcpt_double_at", "RCPT TO:<bob@@example.com>", errc::invalid_path_domain, 501, {5, 1, 3}},
    {"mail_postmaster_alone", "MAIL FROM:<Postmaster>", errc::invalid_path, 501, {5, 1, 7}},
    {"mail_garbage_after_path", "MAIL FROM:<a@b.example>x", errc::invalid_path, 501, {5, 1, 7}},
    {"mail_local_part_65", "MAIL FROM:<" + std::string(65, 'a') + "@b.example>", errc::local_part_too_long, 501, {5, 1, 7}},
    {"rcpt_local_part_65", "RCPT TO:<" + std::string(65, 'a') + "@b.example>", errc::local_part_too_long, 501, {5, 1, 3}},
    {"mail_utf8_without_smtputf8_rfc6531", "MAIL FROM:<j\xc3\xbcrgen@example.org>", errc::utf8_not_permitted, 553, {5, 6, 7}},
    {"rcpt_utf8_outside_smtputf8_transaction", "RCPT TO:<j\xc3\xbcrgen@example.org>", errc::utf8_not_permitted, 553, {5, 6, 7}},
    {"mail_invalid_utf8_with_smtputf8", "MAIL FROM:<j\xc0\x80rgen@example.org> SMTPUTF8", errc::invalid_utf8, 501, {5, 1, 7}},
    {"mail_unknown_param_555", "MAIL FROM:<> XYZZY=1", errc::unrecognized_parameter, 555, {5, 5, 4}},
    {"mail_misplaced_notify_555", "MAIL FROM:<> NOTIFY=NEVER", errc::parameter_not_permitted, 555, {5, 5, 4}},
    {"rcpt_misplaced_ret_555", "RCPT TO:<a@b.example> RET=FULL", errc::parameter_not_permitted, 555, {5, 5, 4}},
    {"mail_duplicate_param", "MAIL FROM:<> SIZE=1 size=2", errc::duplicate_parameter, 501, {5, 5, 4}},
    {"mail_bad_size_value", "MAIL FROM:<> SIZE=abc", errc::invalid_parameter_value, 501, {5, 5, 4}},
    {"mail_size_overflow_rfc1870", "MAIL FROM:<> SIZE=99999999999999999999", errc::message_size_exceeded, 552, {5, 3, 4}},
    {"mail_bad_body", "MAIL FROM:<> BODY=9BIT", errc::invalid_parameter_value, 501, {5, 5, 4}},
    {"rcpt_notify_never_and_more", "RCPT TO:<a@b.example> NOTIFY=NEVER,SUCCESS", errc::invalid_parameter_value, 501, {5, 5, 4}},
    {"mail_param_double_space", "MAIL FROM:<>  SIZE=1", errc::invalid_parameter, 501, {5, 5, 4}},
    {"mail_param_bad_keyword", "MAIL FROM:<> -X=1", errc::invalid_parameter, 501, {5, 5, 4}},
    {"auth_missing_mechanism", "AUTH", errc::missing_argument, 501, {5, 5, 4}},
    {"auth_bad_base64_rfc4954", "AUTH PLAIN abc", errc::invalid_base64, 501, {5, 5, 2}},
    {"auth_mechanism_too_long", "AUTH " + std::string(21, 'A'), errc::invalid_argument, 501, {5, 5, 4}},
    {"bdat_missing_size", "BDAT", errc::missing_argument, 501, {5, 5, 4}},
    {"bdat_not_a_number", "BDAT x", errc::invalid_argument, 501, {5, 5, 4}},
    {"bdat_bad_marker", "BDAT 10 FIRST", errc::invalid_argument, 501, {5, 5, 4}},
    {"bdat_overflow", "BDAT 18446744073709551616", errc::message_size_exceeded, 552, {5, 3, 4}},
    {"etrn_bad_node", "ETRN -x-", errc::invalid_domain, 501, {5, 5, 2}},
    {"atrn_bad_list", "ATRN a.example,,b.example", errc::invalid_domain, 501, {5, 5, 2}},
    {"burl_not_uri", "BURL nouri", errc::invalid_argument, 501, {5, 5, 4}},
    {"xclient_unknown_attr", "XCLIENT FOO=bar", errc::invalid_argument, 501, {5, 5, 4}},
    {"xclient_bad_xtext", "XCLIENT NAME=a+zz", errc::invalid_xtext, 501, {5, 5, 4}},
    {"xforward_without_value", "XFORWARD NAME", errc::invalid_argument, 501, {5, 5, 4}},
    {"line_too_long_513", "NOOP " + std::string(506, 'x'), errc::line_too_long, 500, {5, 5, 2}},
};

INSTANTIATE_TEST_SUITE_P(Rfc5321, CommandErrors, ::testing::ValuesIn(error_cases),
                         [](const auto& test_info) { return std::string(test_info.param.name); });

TEST(Command, EveryVerbCaseInsensitiveRfc5321_2_4) {
  const struct {
    const char* line;
    verb v;
  } cases[] = {
      {"helo client.example", verb::helo}, {"EhLo client.example", verb::ehlo}, {"LHLO client.example", verb::lhlo},
      {"mail from:<a@b.example>", verb::mail}, {"Rcpt To:<a@b.example>", verb::rcpt}, {"data", verb::data},
      {"rset", verb::rset}, {"vrfy smith", verb::vrfy}, {"expn staff", verb::expn}, {"help", verb::help},
      {"help mail", verb::help}, {"noop", verb::noop}, {"noop anything at all", verb::noop}, {"quit", verb::quit},
      {"starttls", verb::starttls}, {"auth plain", verb::auth}, {"bdat 0 last", verb::bdat},
      {"etrn example.org", verb::etrn}, {"atrn", verb::atrn}, {"burl imap://x.example/;uid=1 last", verb::burl},
      {"xclient NAME=spike.porcupine.org ADDR=168.100.189.2", verb::xclient},
      {"xforward PROTO=ESMTP HELO=x.example", verb::xforward}, {"send from:<a@b>", verb::send},
      {"soml from:<a@b>", verb::soml}, {"saml from:<a@b>", verb::saml}, {"turn", verb::turn},
  };
  for (const auto& c : cases) {
    const auto r = parse_command(c.line);
    ASSERT_TRUE(r) << c.line << ": " << to_string(r.error);
    EXPECT_EQ(r.value.verb, c.v) << c.line;
    EXPECT_EQ(r.value.line, c.line);
  }
  EXPECT_FALSE(is_implemented(verb::turn));
  EXPECT_FALSE(is_implemented(verb::send));
  EXPECT_TRUE(is_implemented(verb::bdat));
  EXPECT_EQ(to_string(verb::xforward), "XFORWARD");
  EXPECT_EQ(reply_for(errc::command_not_implemented).code, 502);
}

TEST(Command, StripsCrlfAndTrailingSpaces) {
  auto r = parse_command("QUIT \r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.verb, verb::quit);
  EXPECT_EQ(r.value.line, "QUIT ");
  r = parse_command("EHLO mx.example  ");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.arg, "mx.example");
}

TEST(Command, HeloArgumentsRfc5321_4_1_1_1) {
  auto r = parse_command("EHLO [192.0.2.1]");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.arg, "[192.0.2.1]");
  EXPECT_EQ(r.value.helo_literal, literal_kind::ipv4);
  r = parse_command("EHLO [IPv6:2001:db8::1]");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.helo_literal, literal_kind::ipv6);
  command_options lenient;
  lenient.strict_helo = false;
  EXPECT_FALSE(parse_command("HELO my_host", {}));
  EXPECT_TRUE(parse_command("HELO my_host", lenient));
}

TEST(Command, MailWithTypedParameters) {
  const auto r = parse_command("MAIL FROM:<alice@example.org> SIZE=14200 BODY=8BITMIME RET=HDRS ENVID=QQ314159 AUTH=<>");
  ASSERT_TRUE(r) << to_string(r.error);
  const auto& c = r.value;
  EXPECT_FALSE(c.path.null);
  EXPECT_EQ(c.path.mailbox.local_part, "alice");
  EXPECT_EQ(c.path.mailbox.domain, "example.org");
  ASSERT_EQ(c.params.size(), 5u);
  EXPECT_EQ(c.params.items[0].keyword, "SIZE");
  EXPECT_EQ(c.params.items[0].value, "14200");
  EXPECT_TRUE(c.mail.has_size);
  EXPECT_EQ(c.mail.size, 14200u);
  EXPECT_EQ(c.mail.body, body_type::eight_bit_mime);
  EXPECT_EQ(c.mail.ret, dsn_ret::hdrs);
  EXPECT_EQ(c.mail.envid, "QQ314159");
  EXPECT_TRUE(c.mail.has_auth);
  EXPECT_EQ(c.mail.auth, "<>");
}

TEST(Command, NullReversePathRfc5321_4_5_5) {
  const auto r = parse_command("MAIL FROM:<>");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.value.path.null);
  EXPECT_TRUE(r.value.params.empty());
}

TEST(Command, RcptPostmasterAnyCaseRfc5321_4_1_1_3) {
  for (const char* l : {"RCPT TO:<Postmaster>", "RCPT TO:<postMASTER>"}) {
    const auto r = parse_command(l);
    ASSERT_TRUE(r) << l;
    EXPECT_TRUE(r.value.path.postmaster);
    EXPECT_TRUE(r.value.path.mailbox.domain.empty());
  }
}

TEST(Command, RcptDsnParametersRfc3461) {
  const auto r = parse_command("RCPT TO:<bob@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.com");
  ASSERT_TRUE(r) << to_string(r.error);
  EXPECT_EQ(r.value.rcpt.notify, notify_success | notify_failure);
  EXPECT_TRUE(r.value.rcpt.has_orcpt);
  EXPECT_EQ(r.value.rcpt.orcpt_type, "rfc822");
  EXPECT_EQ(r.value.rcpt.orcpt_address, "bob@example.com");
}

TEST(Command, QuotedLocalPartAndLiterals) {
  auto r = parse_command("RCPT TO:<\"john doe\"@[IPv6:2001:db8::1]>");
  ASSERT_TRUE(r) << to_string(r.error);
  EXPECT_EQ(r.value.path.mailbox.local_part, "\"john doe\"");
  EXPECT_TRUE(r.value.path.mailbox.quoted);
  EXPECT_EQ(r.value.path.mailbox.domain, "[IPv6:2001:db8::1]");
  EXPECT_EQ(r.value.path.mailbox.literal, literal_kind::ipv6);
  r = parse_command("RCPT TO:<@relay.example,@other.example:user@[192.0.2.7]>");
  ASSERT_TRUE(r) << to_string(r.error);
  EXPECT_EQ(r.value.path.source_route, "@relay.example,@other.example");
  EXPECT_EQ(r.value.path.mailbox.literal, literal_kind::ipv4);
}

TEST(Command, Smtputf8Rfc6531_3_4) {
  // MAIL decides from its own SMTPUTF8 parameter.
  auto r = parse_command("MAIL FROM:<j\xc3\xbcrgen@b\xc3\xbc" "cher.example> SMTPUTF8");
  ASSERT_TRUE(r) << to_string(r.error);
  EXPECT_TRUE(r.value.mail.smtputf8);
  EXPECT_TRUE(r.value.path.mailbox.utf8);
  // RCPT only inside such a transaction.
  command_options in_tx;
  in_tx.smtputf8_transaction = true;
  const std::string rcpt = "RCPT TO:<\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.example>";
  EXPECT_TRUE(parse_command(rcpt, in_tx));
  const auto refused = parse_command(rcpt);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error, errc::utf8_not_permitted);
  // Surrogates, overlongs, > U+10FFFF and truncation are refused even inside SMTPUTF8.
  for (const char* bad : {"\xed\xa0\x80", "\xc0\x80", "\xf4\x90\x80\x80", "\xe4\xbe"}) {
    const auto e = parse_command(std::string("RCPT TO:<a") + bad + "@example.org>", in_tx);
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error, errc::invalid_utf8);
  }
}

TEST(Command, AuthRfc4954_4) {
  auto r = parse_command("AUTH PLAIN AGFsaWNlAHNlY3JldA==");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.auth_mechanism, "PLAIN");
  EXPECT_TRUE(r.value.has_initial_response);
  EXPECT_EQ(r.value.auth_initial_response, "AGFsaWNlAHNlY3JldA==");
  r = parse_command("AUTH EXTERNAL =");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.value.has_initial_response);
  EXPECT_TRUE(r.value.auth_initial_response.empty());
  r = parse_command("AUTH LOGIN");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r.value.has_initial_response);
  EXPECT_TRUE(parse_command("AUTH SCRAM-SHA-256"));
}

TEST(Command, BdatRfc3030_2) {
  auto r = parse_command("BDAT 1048576 LAST");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.bdat_size, 1048576u);
  EXPECT_TRUE(r.value.last);
  r = parse_command("BDAT 0");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.bdat_size, 0u);
  EXPECT_FALSE(r.value.last);
  r = parse_command("BDAT 18446744073709551615 last");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.bdat_size, 18446744073709551615ull);
}

TEST(Command, EtrnAtrnBurlXclient) {
  EXPECT_TRUE(parse_command("ETRN @example.org"));
  EXPECT_TRUE(parse_command("ETRN #queue1"));
  EXPECT_TRUE(parse_command("ATRN a.example,b.example"));
  auto r = parse_command("BURL imap://harry@gray.example.com/outbox;UIDVALIDITY=1078863300/;uid=25;urlauth=submit+harry:internal:91354a473744909de610943775f92038 LAST");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.value.last);
  EXPECT_EQ(r.value.burl_url.substr(0, 7), "imap://");
  r = parse_command("XCLIENT NAME=[UNAVAILABLE] ADDR=192.0.2.1 LOGIN=joe+2Bsmith");
  ASSERT_TRUE(r) << to_string(r.error);
  ASSERT_EQ(r.value.params.size(), 3u);
  EXPECT_EQ(r.value.params.items[2].value, "joe+2Bsmith");
}

TEST(Command, LineLimitGrowsWithExtensionsRfc5321_4_5_3_1_4) {
  // A RCPT with a long ORCPT fits only thanks to the DSN allowance (RFC 3461).
  const std::string orcpt(560, 'x');
  const std::string line = "RCPT TO:<a@b.example> ORCPT=rfc822;" + orcpt;
  command_options with_dsn;
  EXPECT_GT(line.size() + 2, 512u);
  const auto ok = parse_command(line, with_dsn);
  if (rcpt_line_allowance(with_dsn.params.extensions) + 512 >= line.size() + 2) {
    EXPECT_TRUE(ok) << to_string(ok.error);
  }
  command_options no_dsn;
  no_dsn.params.extensions.dsn = false;
  const auto refused = parse_command(line, no_dsn);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error, errc::line_too_long);
  EXPECT_GE(with_dsn.max_reader_line(), 512 + rcpt_line_allowance(with_dsn.params.extensions));
}

TEST(Command, UnknownParametersHandedOverWhenAllowed) {
  command_options opt;
  opt.params.reject_unknown = false;
  const auto r = parse_command("MAIL FROM:<a@b.example> X-VENDOR=on SIZE=5", opt);
  ASSERT_TRUE(r) << to_string(r.error);
  ASSERT_EQ(r.value.params.size(), 2u);
  EXPECT_EQ(r.value.params.items[0].id, param_id::unknown);
  EXPECT_EQ(r.value.params.items[0].keyword, "X-VENDOR");
  EXPECT_EQ(r.value.params.items[0].value, "on");
}

TEST(Command, SpaceAfterColonWhenConfigured) {
  command_options opt;
  opt.allow_space_after_colon = true;
  const auto r = parse_command("MAIL FROM: <a@b.example>", opt);
  ASSERT_TRUE(r) << to_string(r.error);
  EXPECT_EQ(r.value.path.mailbox.local_part, "a");
}

TEST(CommandWriter, CanonicalLinesParseBackRfc5321_4_1_2) {
  const struct {
    const char* in;
    const char* out;
  } cases[] = {
      {"mail from:<alice@example.org> size=10 BODY=8BITMIME", "MAIL FROM:<alice@example.org> size=10 BODY=8BITMIME\r\n"},
      {"MAIL FROM:<>", "MAIL FROM:<>\r\n"},
      {"RCPT TO:<postmaster>", "RCPT TO:<Postmaster>\r\n"},
      {"RCPT TO:<\"a\\b\"@example.org>", "RCPT TO:<ab@example.org>\r\n"},   // needless quoting dropped
      {"RCPT TO:<\"john doe\"@[IPv6:2001:db8::1]>", "RCPT TO:<\"john doe\"@[IPv6:2001:db8::1]>\r\n"},
      {"RCPT TO:<@a.example:x@b.example>", "RCPT TO:<x@b.example>\r\n"},  // source route dropped
      {"AUTH PLAIN =", "AUTH PLAIN =\r\n"},
      {"bdat 10 last", "BDAT 10 LAST\r\n"},
      {"XCLIENT NAME=x.example ADDR=192.0.2.1", "XCLIENT NAME=x.example ADDR=192.0.2.1\r\n"},
      {"ehlo client.example", "EHLO client.example\r\n"},
      {"QUIT", "QUIT\r\n"},
  };
  command_options opt;
  opt.smtputf8_transaction = true;
  for (const auto& c : cases) {
    const auto r = parse_command(c.in, opt);
    ASSERT_TRUE(r) << c.in;
    std::string out;
    ASSERT_EQ(write_command(r.value, out), errc{}) << c.in;
    EXPECT_EQ(out, c.out);
    EXPECT_TRUE(parse_command(out, opt)) << out;
  }
}

TEST(CommandWriter, NothingCanEscapeTheLine) {
  command c;
  c.verb = verb::noop;
  c.arg = "hi\r\nRCPT TO:<victim@example.org>";
  std::string out = "kept";
  EXPECT_EQ(write_command(c, out), errc::invalid_argument);
  EXPECT_EQ(out, "kept");  // nothing appended on failure
  c.verb = verb::auth;
  c.auth_mechanism = "PLAIN\r\nQUIT";
  EXPECT_EQ(write_command(c, out), errc::invalid_argument);
  c.verb = verb::rcpt;
  c.path.mailbox.local_part = "a";
  c.path.mailbox.domain = "b.example>\r\nDATA";
  EXPECT_NE(write_command(c, out), errc{});
  c.verb = verb::xclient;
  c.params = {};
  EXPECT_EQ(write_command(c, out), errc::missing_argument);
  c.verb = verb::unknown;
  EXPECT_EQ(write_command(c, out), errc::unknown_command);
  EXPECT_EQ(out, "kept");
}

TEST(Command, ViewsPointIntoTheLine) {
  const std::string line = "MAIL FROM:<\"x y\"@[192.0.2.1]> SIZE=10 ENVID=abc";
  const auto r = parse_command(line);
  ASSERT_TRUE(r);
  auto inside = [&](std::string_view v) {
    return v.empty() || (v.data() >= line.data() && v.data() + v.size() <= line.data() + line.size());
  };
  EXPECT_TRUE(inside(r.value.line));
  EXPECT_TRUE(inside(r.value.arg));
  EXPECT_TRUE(inside(r.value.path.text));
  EXPECT_TRUE(inside(r.value.path.mailbox.local_part));
  EXPECT_TRUE(inside(r.value.path.mailbox.domain));
  for (const auto& p : r.value.params) {
    EXPECT_TRUE(inside(p.keyword));
    EXPECT_TRUE(inside(p.value));
  }
}

}  // namespace
}  // namespace smtpcodec
