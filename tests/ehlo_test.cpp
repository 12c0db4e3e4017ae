// EHLO capabilities (RFC 5321 4.1.1.1): parsing real-world replies (Postfix, Exim, Gmail,
// Exchange, OpenSMTPD forms), each known keyword's parameters, lenient and strict modes,
// every error, and the writer with its round trip.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smtpcodec/ehlo.hpp"

namespace smtpcodec {
namespace {

// Parses a whole EHLO reply (wire form) and returns its capabilities; `wire` must outlive
// the result.
parse_result<ehlo_capabilities> ehlo(const std::string& wire, ehlo_parse_options opt = {}) {
  const auto ev = parse_reply(wire);
  EXPECT_EQ(ev.kind, reply_event::kind_t::reply) << to_string(ev.error);
  return parse_ehlo_reply(ev.reply, opt);
}

std::vector<std::pair<std::string, std::string>> list(const ehlo_capabilities& caps) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& c : caps) out.emplace_back(c.keyword, c.params);
  return out;
}

TEST(EhloRealWorld, Postfix) {
  const std::string wire =
      "250-mail.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n250-STARTTLS\r\n"
      "250-AUTH PLAIN LOGIN\r\n250-AUTH=PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n"
      "250-SMTPUTF8\r\n250 CHUNKING\r\n";
  const auto r = ehlo(wire, {.strict = true});
  ASSERT_TRUE(r) << to_string(r.error) << " line " << r.error_offset;
  const auto& c = r.value;
  EXPECT_EQ(c.domain, "mail.example.org");
  EXPECT_EQ(c.greeting, "");
  EXPECT_EQ(c.size(), 12u);
  const auto& s = c.set;
  EXPECT_TRUE(s.pipelining && s.size && s.vrfy && s.etrn && s.starttls && s.auth && s.auth_legacy &&
              s.enhanced_status_codes && s.eight_bit_mime && s.dsn && s.smtputf8 && s.chunking);
  EXPECT_FALSE(s.binary_mime || s.requiretls || s.help || s.expn);
  EXPECT_EQ(s.max_size, 10240000u);
  EXPECT_EQ(s.auth_mechanisms, "PLAIN LOGIN");
  EXPECT_TRUE(c.supports_auth("plain"));
  EXPECT_FALSE(c.supports_auth("CRAM-MD5"));
  const capability* legacy = c.find("AUTH=");
  ASSERT_NE(legacy, nullptr);
  EXPECT_TRUE(legacy->legacy());
  EXPECT_EQ(legacy->id, capability_id::auth);
  EXPECT_EQ(legacy->params, "PLAIN LOGIN");
}

TEST(EhloRealWorld, Exim) {
  const std::string wire =
      "250-mx.example.net Hello client.example.org [192.0.2.1]\r\n250-SIZE 52428800\r\n"
      "250-LIMITS MAILMAX=1000 RCPTMAX=50000\r\n250-8BITMIME\r\n250-PIPELINING\r\n250-PIPE_CONNECT\r\n"
      "250-AUTH PLAIN LOGIN\r\n250-CHUNKING\r\n250-STARTTLS\r\n250-PRDR\r\n250 HELP\r\n";
  const auto r = ehlo(wire);
  ASSERT_TRUE(r);
  const auto& c = r.value;
  EXPECT_EQ(c.domain, "mx.example.net");
  EXPECT_EQ(c.greeting, "Hello client.example.org [192.0.2.1]");
  EXPECT_TRUE(c.set.limits);
  EXPECT_EQ(c.set.limit, (ehlo_limits{1000, 50000, 0}));  // RFC 9422
  EXPECT_EQ(c.set.max_size, 52428800u);
  EXPECT_TRUE(c.set.help && c.set.chunking && c.set.pipelining);
  // A keyword with "_" is not ehlo-keyword syntax: kept, marked, refused when strict.
  const capability* pc = c.find("pipe_connect");
  ASSERT_NE(pc, nullptr);
  EXPECT_FALSE(pc->valid);
  EXPECT_EQ(pc->id, capability_id::unknown);
  const capability* prdr = c.find("PRDR");
  ASSERT_NE(prdr, nullptr);
  EXPECT_TRUE(prdr->valid);
  EXPECT_EQ(prdr->id, capability_id::unknown);
  const auto strict = ehlo(wire, {.strict = true});
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error, errc::invalid_capability);
  EXPECT_EQ(strict.error_offset, 5u);
}

TEST(EhloRealWorld, Gmail) {
  const std::string wire =
      "250-mx.google.com at your service, [203.0.113.5]\r\n250-SIZE 157286400\r\n250-8BITMIME\r\n"
      "250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n";
  const auto r = ehlo(wire, {.strict = true});
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.domain, "mx.google.com");
  EXPECT_EQ(r.value.greeting, "at your service, [203.0.113.5]");
  EXPECT_EQ(r.value.set.max_size, 157286400u);
  EXPECT_TRUE(r.value.set.smtputf8 && r.value.set.chunking && r.value.set.starttls);
  EXPECT_FALSE(r.value.set.auth);
  EXPECT_EQ(r.value.size(), 7u);
}

TEST(EhloRealWorld, ExchangeOnPremises) {
  const std::string wire =
      "250-mail.contoso.example Hello [192.0.2.10]\r\n250-SIZE 37748736\r\n250-PIPELINING\r\n250-DSN\r\n"
      "250-ENHANCEDSTATUSCODES\r\n250-STARTTLS\r\n250-X-ANONYMOUSTLS\r\n250-AUTH NTLM\r\n250-X-EXPS GSSAPI NTLM\r\n"
      "250-8BITMIME\r\n250-BINARYMIME\r\n250-CHUNKING\r\n250-XEXCH50\r\n250-XRDST\r\n250 XSHADOWREQUEST\r\n";
  const auto r = ehlo(wire, {.strict = true});
  ASSERT_TRUE(r);
  const auto& c = r.value;
  EXPECT_EQ(c.domain, "mail.contoso.example");
  EXPECT_TRUE(c.set.binary_mime && c.set.chunking && c.set.dsn);
  EXPECT_EQ(c.set.auth_mechanisms, "NTLM");
  const capability* exps = c.find("x-exps");
  ASSERT_NE(exps, nullptr);
  EXPECT_EQ(exps->params, "GSSAPI NTLM");
  EXPECT_EQ(exps->id, capability_id::unknown);
  EXPECT_TRUE(exps->valid);
  EXPECT_FALSE(c.supports_auth("GSSAPI"));  // only AUTH lines count
  EXPECT_EQ(list(c).back(), (std::pair<std::string, std::string>{"XSHADOWREQUEST", ""}));
}

TEST(EhloRealWorld, OpenSmtpd) {
  const std::string wire =
      "250-mail.example.com Hello client.example.org [192.0.2.1], pleased to meet you\r\n250-8BITMIME\r\n"
      "250-ENHANCEDSTATUSCODES\r\n250-SIZE 36700160\r\n250-DSN\r\n250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n250 HELP\r\n";
  const auto r = ehlo(wire, {.strict = true});
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.greeting, "Hello client.example.org [192.0.2.1], pleased to meet you");
  EXPECT_EQ(r.value.set.max_size, 36700160u);
  EXPECT_TRUE(r.value.set.help && r.value.set.auth && r.value.set.dsn);
}

TEST(EhloParse, KeywordsAreCaseInsensitiveRfc5321_2_4) {
  const std::string wire = "250-mx\r\n250-pipelining\r\n250-Size 1000\r\n250-mt-priority MIXER\r\n250 starttls\r\n";
  const auto r = ehlo(wire, {.strict = true});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.value.set.pipelining && r.value.set.starttls && r.value.set.mt_priority);
  EXPECT_EQ(r.value.set.max_size, 1000u);
  EXPECT_EQ(r.value.set.mt_priority_profile, "MIXER");
  EXPECT_EQ(r.value.find(capability_id::size)->keyword, "Size");  // as sent
  EXPECT_EQ(find_capability_id("enhancedstatuscodes"), capability_id::enhanced_status_codes);
  EXPECT_EQ(to_string(capability_id::mt_priority), "MT-PRIORITY");
  EXPECT_EQ(to_string(capability_id::unknown), "");
}

TEST(EhloParse, EveryKnownKeywordWithParameters) {
  const std::string wire =
      "250-mx.example\r\n250-SIZE\r\n250-AUTH=LOGIN\r\n250-AUTH CRAM-MD5 PLAIN\r\n250-BINARYMIME\r\n250-REQUIRETLS\r\n"
      "250-MT-PRIORITY\r\n250-DELIVERBY 240\r\n250-FUTURERELEASE 604800 2030-01-01T00:00:00Z\r\n250-ATRN\r\n"
      "250-EXPN\r\n250-LIMITS RCPTDOMAINMAX=10 FUTURE=x MAILMAX=abc\r\n250-BURL imap\r\n250-RRVS\r\n"
      "250-XCLIENT NAME ADDR PORT PROTO HELO LOGIN\r\n250 XFORWARD NAME ADDR PROTO HELO\r\n";
  const auto r = ehlo(wire, {.strict = true});
  ASSERT_TRUE(r) << r.error_offset;
  const auto& s = r.value.set;
  EXPECT_TRUE(s.size);
  EXPECT_EQ(s.max_size, 0u);  // RFC 1870 4: no fixed maximum
  EXPECT_EQ(s.auth_mechanisms, "CRAM-MD5 PLAIN");  // the standard line wins over AUTH=
  EXPECT_TRUE(s.auth_legacy);
  EXPECT_TRUE(r.value.supports_auth("LOGIN"));
  EXPECT_TRUE(s.binary_mime && s.requiretls && s.mt_priority && s.atrn && s.expn && s.rrvs);
  EXPECT_EQ(s.mt_priority_profile, "");
  EXPECT_TRUE(s.deliver_by);
  EXPECT_EQ(s.deliver_by_min, 240u);
  EXPECT_TRUE(s.future_release);
  EXPECT_EQ(s.future_release_max_interval, 604800u);
  EXPECT_EQ(s.future_release_max_datetime, "2030-01-01T00:00:00Z");
  EXPECT_EQ(s.limit, (ehlo_limits{0, 0, 10}));  // RFC 9422 3.7: unknown/malformed ignored
  EXPECT_EQ(s.burl_params, "imap");
  EXPECT_EQ(s.xclient_attributes, "NAME ADDR PORT PROTO HELO LOGIN");
  EXPECT_EQ(s.xforward_attributes, "NAME ADDR PROTO HELO");
}

struct bad_line {
  const char* name;
  std::string line;
};

void PrintTo(const bad_line& c, std::ostream* os) { *os << c.name; }

class EhloInvalidCapability : public ::testing::TestWithParam<bad_line> {};

// Lenient: kept with valid == false; strict: errc::invalid_capability at that line.
TEST_P(EhloInvalidCapability, LenientKeepsStrictRefuses) {
  const std::string wire = "250-mx.example\r\n250-PIPELINING\r\n250 " + GetParam().line + "\r\n";
  const auto lenient = ehlo(wire);
  ASSERT_TRUE(lenient);
  ASSERT_EQ(lenient.value.size(), 2u);
  EXPECT_FALSE(lenient.value.items[1].valid);
  EXPECT_TRUE(lenient.value.items[0].valid);
  const auto strict = ehlo(wire, {.strict = true});
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error, errc::invalid_capability);
  EXPECT_EQ(strict.error_offset, 2u);
}

INSTANTIATE_TEST_SUITE_P(
    Rfc5321_4_1_1_1, EhloInvalidCapability,
    ::testing::Values(bad_line{"empty_line", ""}, bad_line{"underscore", "X_FOO"},
                      bad_line{"leading_hyphen", "-FOO"}, bad_line{"double_space", "AUTH  PLAIN"},
                      bad_line{"trailing_space", "SIZE 100 "}, bad_line{"size_not_number", "SIZE big"},
                      bad_line{"size_two_params", "SIZE 1 2"}, bad_line{"size_overflow", "SIZE 99999999999999999999"},
                      bad_line{"auth_without_mechanism", "AUTH"}, bad_line{"legacy_auth_empty", "AUTH="},
                      bad_line{"pipelining_with_param", "PIPELINING yes"},
                      bad_line{"deliverby_not_number", "DELIVERBY soon"},
                      bad_line{"deliverby_ten_digits", "DELIVERBY 1234567890"},
                      bad_line{"futurerelease_one_param", "FUTURERELEASE 100"},
                      bad_line{"futurerelease_bad_interval", "FUTURERELEASE x 2030-01-01T00:00:00Z"},
                      bad_line{"mt_priority_two_profiles", "MT-PRIORITY MIXER NSEP"},
                      bad_line{"xclient_without_attributes", "XCLIENT"}, bad_line{"starttls_param", "STARTTLS now"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(EhloParse, RepeatedKeywordFirstWinsOrStrictRefuses) {
  const std::string wire = "250-mx\r\n250-SIZE 100\r\n250 SIZE 200\r\n";
  const auto r = ehlo(wire);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.set.max_size, 100u);
  EXPECT_EQ(r.value.size(), 2u);
  const auto strict = ehlo(wire, {.strict = true});
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error, errc::invalid_capability);
  EXPECT_EQ(strict.error_offset, 2u);
}

TEST(EhloParse, InvalidEhloReply) {
  auto r = ehlo("502 5.5.1 Command not implemented\r\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error, errc::invalid_ehlo_reply);
  r = ehlo("250 \r\n");  // no domain
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error, errc::invalid_ehlo_reply);
  r = ehlo("250-\r\n250 PIPELINING\r\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error, errc::invalid_ehlo_reply);
  EXPECT_EQ(r.error_offset, 0u);
  r = ehlo("250 mx.example\r\n");  // HELO-style: no capabilities
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.value.empty());
}

TEST(EhloParse, TooManyCapabilities) {
  std::string wire = "250-mx\r\n";
  for (std::size_t i = 0; i < ehlo_capabilities::capacity; ++i) wire += "250-X-K" + std::to_string(i) + "\r\n";
  const std::string ok = wire + "250 LAST\r\n";
  auto r = ehlo(ok);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error, errc::too_many_capabilities);
  EXPECT_EQ(r.error_offset, ehlo_capabilities::capacity + 1);
  wire.resize(wire.size() - 2 - std::string("250-X-K63").size());
  wire += "250 X-K63\r\n";
  r = ehlo(wire);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.size(), ehlo_capabilities::capacity);
}

// ---- writer ----------------------------------------------------------------------------

capability_set full_set() {
  capability_set s;
  s.size = true;
  s.max_size = 35882577;
  s.auth = true;
  s.auth_mechanisms = "PLAIN LOGIN XOAUTH2";
  s.auth_legacy = true;
  s.eight_bit_mime = s.binary_mime = s.chunking = s.pipelining = s.smtputf8 = s.starttls = s.dsn = true;
  s.enhanced_status_codes = s.requiretls = true;
  s.mt_priority = true;
  s.mt_priority_profile = "STANAG4406";
  s.deliver_by = true;
  s.deliver_by_min = 60;
  s.future_release = true;
  s.future_release_max_interval = 604800;
  s.future_release_max_datetime = "2030-01-01T00:00:00Z";
  s.etrn = s.atrn = s.vrfy = s.expn = s.help = true;
  s.limits = true;
  s.limit = {10, 100, 5};
  s.burl = true;
  s.burl_params = "imap";
  s.rrvs = true;
  s.xclient = true;
  s.xclient_attributes = "NAME ADDR";
  s.xforward = true;
  s.xforward_attributes = "NAME ADDR PROTO";
  return s;
}

TEST(EhloWriter, ConventionalFormAndRoundTrip) {
  capability_set s;
  s.pipelining = s.eight_bit_mime = s.smtputf8 = s.enhanced_status_codes = s.chunking = true;
  s.size = true;
  s.max_size = 10240000;
  std::string out;
  ASSERT_EQ(write_ehlo_reply("mx.example", "", s, {}, out), errc{});
  EXPECT_EQ(out,
            "250-mx.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n"
            "250-CHUNKING\r\n250 SMTPUTF8\r\n");
  const auto r = ehlo(out, {.strict = true});
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.set, s);
}

TEST(EhloWriter, EveryCapabilityRoundTripsWithExtras) {
  const capability_set s = full_set();
  const capability extra[] = {{"X-EXPS", "GSSAPI NTLM"}, {"PRDR", ""}};
  std::string out;
  ASSERT_EQ(write_ehlo_reply("mx.example", "at your service, [192.0.2.1]", s, extra, out), errc{});
  const auto r = ehlo(out, {.strict = true});
  ASSERT_TRUE(r) << to_string(r.error) << " " << r.error_offset << "\n" << out;
  EXPECT_EQ(r.value.set, s);
  EXPECT_EQ(r.value.domain, "mx.example");
  EXPECT_EQ(r.value.greeting, "at your service, [192.0.2.1]");
  EXPECT_NE(r.value.find("X-EXPS"), nullptr);
  EXPECT_EQ(r.value.find("PRDR")->params, "");
  EXPECT_NE(out.find("250-LIMITS MAILMAX=10 RCPTMAX=100 RCPTDOMAINMAX=5\r\n"), std::string::npos);
  EXPECT_NE(out.find("250-AUTH=PLAIN LOGIN XOAUTH2\r\n"), std::string::npos);
  EXPECT_EQ(out.rfind("250 PRDR\r\n"), out.size() - 10);
}

TEST(EhloWriter, GreetingIsNeutralised) {
  std::string out;
  ASSERT_EQ(write_ehlo_reply("mx.example", "hi\r\n250-STARTTLS", capability_set{}, {}, out), errc{});
  EXPECT_EQ(out, "250 mx.example hi  250-STARTTLS\r\n");
  const auto r = ehlo(out);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r.value.set.starttls);
}

TEST(EhloWriter, Errors) {
  std::string out = "keep";
  capability_set s;
  EXPECT_EQ(write_ehlo_reply("", "", s, {}, out), errc::invalid_ehlo_reply);
  EXPECT_EQ(write_ehlo_reply("mx example", "", s, {}, out), errc::invalid_ehlo_reply);
  EXPECT_EQ(write_ehlo_reply("mx\r\n", "", s, {}, out), errc::invalid_ehlo_reply);
  EXPECT_EQ(write_ehlo_reply("mx", std::string(600, 'g'), s, {}, out), errc::invalid_ehlo_reply);
  s.auth = true;  // RFC 4954 3: AUTH needs a mechanism
  EXPECT_EQ(write_ehlo_reply("mx", "", s, {}, out), errc::invalid_capability);
  s.auth_mechanisms = "PLAIN\r\n250-STARTTLS";
  EXPECT_EQ(write_ehlo_reply("mx", "", s, {}, out), errc::invalid_capability);
  s.auth_mechanisms = "PLAIN  LOGIN";
  EXPECT_EQ(write_ehlo_reply("mx", "", s, {}, out), errc::invalid_capability);
  s = {};
  s.limits = true;
  s.limit.rcptmax = 1000000;  // RFC 9422: 1*6DIGIT
  EXPECT_EQ(write_ehlo_reply("mx", "", s, {}, out), errc::invalid_capability);
  s = {};
  s.future_release = true;  // needs a date-time
  EXPECT_EQ(write_ehlo_reply("mx", "", s, {}, out), errc::invalid_capability);
  s = {};
  s.xclient = true;
  EXPECT_EQ(write_ehlo_reply("mx", "", s, {}, out), errc::invalid_capability);
  s = {};
  const capability bad_keyword[] = {{"X_FOO", ""}};
  EXPECT_EQ(write_ehlo_reply("mx", "", s, bad_keyword, out), errc::invalid_capability);
  const capability empty_keyword[] = {{"", "x"}};
  EXPECT_EQ(write_ehlo_reply("mx", "", s, empty_keyword, out), errc::invalid_capability);
  const std::string long_param(600, 'p');
  const capability too_long[] = {{"X-LONG", long_param}};
  EXPECT_EQ(write_ehlo_reply("mx", "", s, too_long, out), errc::invalid_capability);
  EXPECT_EQ(out, "keep");
}

}  // namespace
}  // namespace smtpcodec
