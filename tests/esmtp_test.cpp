// ESMTP parameters: the generic list (RFC 5321 4.1.2), typed decoding of the registered
// parameters, the line allowances and the writer.
#include "smtpcodec/esmtp.hpp"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

namespace smtpcodec {
namespace {

// ---- parse_esmtp_params: syntax ------------------------------------------------------

struct syntax_case {
  const char* name;
  std::string in;
  bool utf8;
  errc error;
  std::size_t offset;
};

void PrintTo(const syntax_case& c, std::ostream* os) { *os << c.name; }

class EsmtpParseSyntax : public testing::TestWithParam<syntax_case> {};

TEST_P(EsmtpParseSyntax, ReportsErrorAndOffset) {
  const syntax_case& c = GetParam();
  esmtp_param_options opt;
  opt.allow_utf8 = c.utf8;
  const auto r = parse_esmtp_params(c.in, opt);
  EXPECT_EQ(r.error, c.error) << to_string(r.error);
  if (c.error != errc{}) {
    EXPECT_EQ(r.error_offset, c.offset);
    EXPECT_EQ(r.value.count, 0U) << "a failed parse never yields a partial value";
  }
}

using namespace std::string_literals;

INSTANTIATE_TEST_SUITE_P(
    Rfc5321_4_1_2, EsmtpParseSyntax,
    testing::Values(
        syntax_case{"Empty", "", false, errc{}, 0},
        syntax_case{"KeywordOnly", "SMTPUTF8", false, errc{}, 0},
        syntax_case{"KeywordDigitsDash", "X-9A-", false, errc{}, 0},
        syntax_case{"ValueAllPrintable", "X=!\"#$%&'()*+,-./09:;<>?@AZ[\\]^_`az{|}~", false, errc{}, 0},
        syntax_case{"LeadingSp", " SIZE=1", false, errc::invalid_parameter, 0},
        syntax_case{"TrailingSp", "SIZE=1 ", false, errc::invalid_parameter, 7},
        syntax_case{"TwoSpaces", "SIZE=1  BODY=7BIT", false, errc::invalid_parameter, 7},
        syntax_case{"OnlySp", " ", false, errc::invalid_parameter, 0},
        syntax_case{"EmptyValue", "SIZE=", false, errc::invalid_parameter, 5},
        syntax_case{"EmptyValueThenNext", "SIZE= BODY=7BIT", false, errc::invalid_parameter, 5},
        syntax_case{"DoubleEquals", "SIZE==1", false, errc::invalid_parameter, 5},
        syntax_case{"EqualsInValue", "SIZE=1=2", false, errc::invalid_parameter, 6},
        syntax_case{"KeywordStartsWithDash", "-X", false, errc::invalid_parameter, 0},
        syntax_case{"KeywordUnderscore", "X_Y=1", false, errc::invalid_parameter, 1},
        syntax_case{"NoKeyword", "=1", false, errc::invalid_parameter, 0},
        syntax_case{"TabSeparator", "SIZE=1\tBODY=7BIT", false, errc::control_character, 6},
        syntax_case{"ControlInValue", "A=\x01", false, errc::control_character, 2},
        syntax_case{"DelInValue", "A=b\x7f", false, errc::control_character, 3},
        syntax_case{"NulInValue", "A=\0"s, false, errc::control_character, 2},
        syntax_case{"CrLfInValue", "A=b\r\nRCPT", false, errc::control_character, 3},
        syntax_case{"EightBitWithoutUtf8", "A=\xc3\xa9", false, errc::eight_bit_byte, 2},
        syntax_case{"EightBitKeywordWithoutUtf8", "\xc3\xa9", false, errc::eight_bit_byte, 0},
        // RFC 6531 3.3: UTF-8 in values only, and well-formed (RFC 3629 4).
        syntax_case{"Rfc6531Utf8Value", "A=\xc3\xa9 B=\xe2\x82\xac\xf0\x9f\x98\x80", true, errc{}, 0},
        syntax_case{"Rfc6531Utf8Keyword", "\xc3\xa9=1", true, errc::invalid_parameter, 0},
        syntax_case{"Rfc6531Utf8AfterKeyword", "A\xc3\xa9", true, errc::invalid_parameter, 1},
        syntax_case{"Rfc3629Truncated", "A=\xc3", true, errc::invalid_utf8, 3},
        syntax_case{"Rfc3629TruncatedBeforeSp", "A=\xe2\x82 B", true, errc::invalid_utf8, 4},
        syntax_case{"Rfc3629Overlong", "A=\xc0\x80", true, errc::invalid_utf8, 2},
        syntax_case{"Rfc3629OverlongThree", "A=\xe0\x80\x80", true, errc::invalid_utf8, 3},
        syntax_case{"Rfc3629Surrogate", "A=\xed\xa0\x80", true, errc::invalid_utf8, 3},
        syntax_case{"Rfc3629AboveMax", "A=\xf4\x90\x80\x80", true, errc::invalid_utf8, 3},
        syntax_case{"Rfc3629StrayContinuation", "A=x\x80", true, errc::invalid_utf8, 3},
        syntax_case{"Rfc3629AsciiInSequence", "A=\xc3(", true, errc::invalid_utf8, 3},
        syntax_case{"Utf8ThenEquals", "A=\xc3\xa9=", true, errc::invalid_parameter, 4},
        syntax_case{"ControlWithUtf8", "A=\xc3\xa9\x01", true, errc::control_character, 4}),
    [](const testing::TestParamInfo<syntax_case>& i) { return std::string(i.param.name); });

TEST(EsmtpParse, ViewsPointIntoInputAndKeepCase) {
  const std::string in = "size=1000 BODY=8BITMIME X-Custom=a+b SMTPUTF8";
  const auto r = parse_esmtp_params(in, {});
  ASSERT_TRUE(r) << to_string(r.error);
  ASSERT_EQ(r.value.size(), 4U);
  const auto& p = r.value.items;
  EXPECT_EQ(p[0].keyword, "size");
  EXPECT_EQ(p[0].value, "1000");
  EXPECT_TRUE(p[0].has_value);
  EXPECT_EQ(p[0].id, param_id::size);
  EXPECT_EQ(p[1].id, param_id::body);
  EXPECT_EQ(p[2].keyword, "X-Custom");
  EXPECT_EQ(p[2].value, "a+b");
  EXPECT_EQ(p[2].id, param_id::unknown);
  EXPECT_EQ(p[3].keyword, "SMTPUTF8");
  EXPECT_FALSE(p[3].has_value);
  EXPECT_TRUE(p[3].value.empty());
  for (const auto& q : r.value) {
    EXPECT_GE(q.keyword.data(), in.data());
    EXPECT_LE(q.keyword.data() + q.keyword.size(), in.data() + in.size());
  }
  EXPECT_EQ(p[1].keyword.data(), in.data() + 10);
  EXPECT_EQ(r.value.find(param_id::smtputf8), &p[3]);
  EXPECT_EQ(r.value.find(param_id::ret), nullptr);
  EXPECT_FALSE(r.value.utf8);
}

TEST(EsmtpParse, Utf8FlagSetOnlyForNonAsciiValues) {
  esmtp_param_options opt;
  opt.allow_utf8 = true;
  EXPECT_FALSE(parse_esmtp_params("A=b", opt).value.utf8);
  const auto r = parse_esmtp_params("ORCPT=utf-8;j\xc3\xa9@x.example", opt);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.value.utf8);
}

TEST(EsmtpParse, DuplicateKeywordsCaseInsensitive) {
  // RFC 5321 2.4: keywords are case-insensitive, so "size" repeats "SIZE".
  auto r = parse_esmtp_params("SIZE=1 size=2", {});
  EXPECT_EQ(r.error, errc::duplicate_parameter);
  EXPECT_EQ(r.error_offset, 7U);
  r = parse_esmtp_params("X-A=1 B x-a=2", {});
  EXPECT_EQ(r.error, errc::duplicate_parameter);
  EXPECT_EQ(r.error_offset, 8U);
  r = parse_esmtp_params("SMTPUTF8 SMTPUTF8", {});
  EXPECT_EQ(r.error, errc::duplicate_parameter);
  EXPECT_TRUE(parse_esmtp_params("X-A=1 X-B=1 X-AB=1 X=1", {}));
  EXPECT_EQ(r.reply().code, 501);
}

TEST(EsmtpParse, EarliestErrorWins) {
  auto r = parse_esmtp_params("A=1 a=2 B=\x01", {});
  EXPECT_EQ(r.error, errc::duplicate_parameter);
  EXPECT_EQ(r.error_offset, 4U);
  r = parse_esmtp_params("A=\x01 A=2", {});
  EXPECT_EQ(r.error, errc::control_character);
  EXPECT_EQ(r.error_offset, 2U);
}

std::string numbered_params(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0) s += ' ';
    s += "X" + std::to_string(i) + "=v";
  }
  return s;
}

TEST(EsmtpParse, TooManyParametersAtAndPastTheBound) {
  esmtp_param_options opt;  // max_parameters = 16
  const std::string sixteen = numbered_params(16);
  auto r = parse_esmtp_params(sixteen, opt);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.size(), 16U);
  const std::string seventeen = numbered_params(17);
  r = parse_esmtp_params(seventeen, opt);
  EXPECT_EQ(r.error, errc::too_many_parameters);
  EXPECT_EQ(r.error_offset, sixteen.size() + 1);

  opt.max_parameters = 1000;  // clamped to capacity
  const std::string cap = numbered_params(esmtp_param_list::capacity);
  EXPECT_TRUE(parse_esmtp_params(cap, opt));
  r = parse_esmtp_params(numbered_params(esmtp_param_list::capacity + 1), opt);
  EXPECT_EQ(r.error, errc::too_many_parameters);
  EXPECT_EQ(r.error_offset, cap.size() + 1);

  opt.max_parameters = 0;
  EXPECT_TRUE(parse_esmtp_params("", opt));
  r = parse_esmtp_params("A", opt);
  EXPECT_EQ(r.error, errc::too_many_parameters);
  EXPECT_EQ(r.error_offset, 0U);
}

TEST(EsmtpParamId, NamesRoundTripCaseInsensitively) {
  for (int i = 1; i <= static_cast<int>(param_id::rrvs); ++i) {
    const auto id = static_cast<param_id>(i);
    const std::string_view name = to_string(id);
    ASSERT_FALSE(name.empty());
    EXPECT_EQ(find_param_id(name), id) << name;
    std::string lower(name);
    for (auto& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    EXPECT_EQ(find_param_id(lower), id) << lower;
  }
  EXPECT_EQ(to_string(param_id::unknown), "");
  EXPECT_EQ(to_string(param_id::mt_priority), "MT-PRIORITY");
  for (const char* k : {"", "B", "SIZ", "SIZEX", "MT_PRIORITY", "MT-PRIORITZ", "ENVIE", "ORCPX", "RRVZ",
                        "HOLDFOX", "X-SIZE", "S1ZE", "BY\x01", "\xd3IZE"})
    EXPECT_EQ(find_param_id(k), param_id::unknown) << k;
  // Bit 5 folds letters only: "SIZE" with '@' for nothing, "RET" vs "R\x05T"-like bytes.
  EXPECT_EQ(find_param_id("BY"), param_id::by);
  EXPECT_EQ(find_param_id("bY"), param_id::by);
  EXPECT_EQ(find_param_id("MT\rPRIORITY"), param_id::unknown);
}

// ---- decoding helpers ---------------------------------------------------------------

struct decoded_mail {
  errc error{};
  std::size_t index = 99;
  mail_parameters value;
};

decoded_mail mail(std::string_view in, const param_decode_options& opt = {}) {
  static std::string keep;  // the list's views point into it until the next call
  keep = std::string(in);
  const auto pr = parse_esmtp_params(keep, {});
  EXPECT_TRUE(pr) << in << ": " << to_string(pr.error);
  decoded_mail d;
  d.error = decode_mail_parameters(pr.value, opt, d.value, &d.index);
  return d;
}

struct decoded_rcpt {
  errc error{};
  std::size_t index = 99;
  rcpt_parameters value;
};

decoded_rcpt rcpt(std::string_view in, const param_decode_options& opt = {}, bool utf8 = false) {
  static std::string keep;
  keep = std::string(in);
  esmtp_param_options po;
  po.allow_utf8 = utf8;
  const auto pr = parse_esmtp_params(keep, po);
  EXPECT_TRUE(pr) << in << ": " << to_string(pr.error);
  decoded_rcpt d;
  d.error = decode_rcpt_parameters(pr.value, opt, d.value, &d.index);
  return d;
}

struct value_case {
  const char* in;
  errc error;
};

// Expects every case to decode on MAIL with the given error (errc{} = accepted).
void expect_mail(std::initializer_list<value_case> cases, const param_decode_options& opt = {}) {
  for (const auto& c : cases) {
    const auto d = mail(c.in, opt);
    EXPECT_EQ(d.error, c.error) << c.in << " gave " << to_string(d.error);
  }
}

void expect_rcpt(std::initializer_list<value_case> cases, const param_decode_options& opt = {}) {
  for (const auto& c : cases) {
    const auto d = rcpt(c.in, opt);
    EXPECT_EQ(d.error, c.error) << c.in << " gave " << to_string(d.error);
  }
}

// ---- MAIL parameters ------------------------------------------------------------------

TEST(EsmtpMail, Rfc1870SizeValues) {
  EXPECT_EQ(mail("SIZE=0").value.size, 0U);
  EXPECT_TRUE(mail("size=5").value.has_size);
  const auto max = mail("SIZE=18446744073709551615");  // 2^64 - 1, 20 digits
  EXPECT_EQ(max.error, errc{});
  EXPECT_EQ(max.value.size, UINT64_MAX);
  EXPECT_EQ(mail("SIZE=00000000000000000001").value.size, 1U);  // 20 digits, leading zeros
  expect_mail({
      {"SIZE=18446744073709551616", errc::message_size_exceeded},  // 2^64
      {"SIZE=99999999999999999999", errc::message_size_exceeded},  // 20 digits, overflows
      {"SIZE=000000000000000000001", errc::invalid_parameter_value},  // 21 digits: 1*20DIGIT
      {"SIZE=12a", errc::invalid_parameter_value},
      {"SIZE=-1", errc::invalid_parameter_value},
      {"SIZE=+1", errc::invalid_parameter_value},
      {"SIZE", errc::invalid_parameter_value},
  });
}

TEST(EsmtpMail, Rfc1870SizeAboveConfiguredMaximum) {
  param_decode_options opt;
  opt.max_message_size = 1000;
  expect_mail({{"SIZE=1000", errc{}}, {"SIZE=1001", errc::message_size_exceeded}}, opt);
  EXPECT_EQ(reply_for(errc::message_size_exceeded).code, 552);  // RFC 1870 6.1
}

TEST(EsmtpMail, Rfc6152And3030Body) {
  EXPECT_EQ(mail("BODY=7BIT").value.body, body_type::seven_bit);
  EXPECT_EQ(mail("BODY=8BITMIME").value.body, body_type::eight_bit_mime);
  EXPECT_EQ(mail("body=8bitmime").value.body, body_type::eight_bit_mime);
  EXPECT_EQ(mail("BODY=BinaryMime").value.body, body_type::binary_mime);
  expect_mail({{"BODY=9BIT", errc::invalid_parameter_value},
               {"BODY=8BIT", errc::invalid_parameter_value},
               {"BODY", errc::invalid_parameter_value}});

  param_decode_options no_binary;
  no_binary.extensions.binary_mime = false;
  expect_mail({{"BODY=BINARYMIME", errc::parameter_not_permitted}, {"BODY=8BITMIME", errc{}}}, no_binary);
  param_decode_options no_8bit;
  no_8bit.extensions.eight_bit_mime = false;
  expect_mail({{"BODY=8BITMIME", errc::parameter_not_permitted}, {"BODY=BINARYMIME", errc{}}, {"BODY=7BIT", errc{}}},
              no_8bit);
  no_8bit.extensions.binary_mime = false;
  expect_mail({{"BODY=7BIT", errc::parameter_not_permitted}}, no_8bit);
}

TEST(EsmtpMail, Rfc6531Smtputf8TakesNoValue) {
  EXPECT_TRUE(mail("SMTPUTF8").value.smtputf8);
  EXPECT_TRUE(mail("smtputf8").value.smtputf8);
  expect_mail({{"SMTPUTF8=YES", errc::invalid_parameter_value}});
}

TEST(EsmtpMail, Rfc3461RetAndEnvid) {
  EXPECT_EQ(mail("RET=FULL").value.ret, dsn_ret::full);
  EXPECT_EQ(mail("ret=hdrs").value.ret, dsn_ret::hdrs);
  EXPECT_EQ(mail("ENVID=QQ314159").value.envid, "QQ314159");
  const std::string envid100 = "ENVID=" + std::string(100, 'e');
  const std::string envid101 = "ENVID=" + std::string(101, 'e');
  EXPECT_EQ(mail(envid100).error, errc{});
  EXPECT_EQ(mail(envid101).error, errc::invalid_parameter_value);  // RFC 3461 4.4
  expect_mail({
      {"RET=PART", errc::invalid_parameter_value},
      {"RET", errc::invalid_parameter_value},
      {"ENVID", errc::invalid_parameter_value},
      {"ENVID=a+20b+7E", errc{}},                  // decodes to printable ASCII
      {"ENVID=a+2bc", errc::invalid_xtext},          // lower-case hex
      {"ENVID=a+", errc::invalid_xtext},
      {"ENVID=a+0Ab", errc::invalid_parameter_value},  // LF: not printable (RFC 3461 4.4)
      {"ENVID=+7F", errc::invalid_parameter_value},
      {"ENVID=+C3+A9", errc::invalid_parameter_value},
  });
}

TEST(EsmtpMail, Rfc4954AuthParameter) {
  const auto d = mail("AUTH=e+2Bf@example.org");
  EXPECT_EQ(d.error, errc{});
  EXPECT_TRUE(d.value.has_auth);
  EXPECT_EQ(d.value.auth, "e+2Bf@example.org");
  EXPECT_EQ(mail("AUTH=<>").value.auth, "<>");
  expect_mail({{"AUTH=+2", errc::invalid_xtext}, {"AUTH=a+zz", errc::invalid_xtext}, {"AUTH", errc::invalid_parameter_value}});
}

TEST(EsmtpMail, Rfc6710MtPriority) {
  for (const auto& [in, want] : std::vector<std::pair<const char*, int>>{
           {"MT-PRIORITY=-9", -9}, {"MT-PRIORITY=9", 9}, {"MT-PRIORITY=+3", 3}, {"mt-priority=0", 0}, {"MT-PRIORITY=-0", 0}}) {
    const auto d = mail(in);
    EXPECT_EQ(d.error, errc{}) << in;
    EXPECT_TRUE(d.value.has_mt_priority);
    EXPECT_EQ(d.value.mt_priority, want) << in;
  }
  expect_mail({{"MT-PRIORITY=10", errc::invalid_parameter_value},
               {"MT-PRIORITY=--1", errc::invalid_parameter_value},
               {"MT-PRIORITY=+", errc::invalid_parameter_value},
               {"MT-PRIORITY=a", errc::invalid_parameter_value},
               {"MT-PRIORITY", errc::invalid_parameter_value}});
}

TEST(EsmtpMail, Rfc8689RequiretlsTakesNoValue) {
  EXPECT_TRUE(mail("REQUIRETLS").value.requiretls);
  expect_mail({{"REQUIRETLS=1", errc::invalid_parameter_value}});
}

TEST(EsmtpMail, Rfc4865Holdfor) {
  EXPECT_EQ(mail("HOLDFOR=0").value.holdfor, 0U);
  const auto d = mail("HOLDFOR=999999999");
  EXPECT_TRUE(d.value.has_holdfor);
  EXPECT_EQ(d.value.holdfor, 999999999U);
  expect_mail({{"HOLDFOR=1000000000", errc::invalid_parameter_value},  // 1*9DIGIT
               {"HOLDFOR=-1", errc::invalid_parameter_value},
               {"HOLDFOR", errc::invalid_parameter_value}});
}

TEST(EsmtpMail, Rfc4865HolduntilRfc3339DateTime) {
  EXPECT_EQ(mail("HOLDUNTIL=2024-02-29T12:00:00Z").value.holduntil, "2024-02-29T12:00:00Z");
  expect_mail({
      {"HOLDUNTIL=2000-02-29t23:59:60z", errc{}},         // leap year, leap second, lower case
      {"HOLDUNTIL=2024-12-31T00:00:00+05:30", errc{}},
      {"HOLDUNTIL=2024-06-30T00:00:00.123456789-00:00", errc{}},
      {"HOLDUNTIL=2024-06-30T00:00:00.1234567890Z", errc::invalid_parameter_value},  // > 9 digits
      {"HOLDUNTIL=2023-02-29T12:00:00Z", errc::invalid_parameter_value},
      {"HOLDUNTIL=1900-02-29T12:00:00Z", errc::invalid_parameter_value},
      {"HOLDUNTIL=2024-04-31T12:00:00Z", errc::invalid_parameter_value},
      {"HOLDUNTIL=2024-13-01T12:00:00Z", errc::invalid_parameter_value},
      {"HOLDUNTIL=2024-00-01T12:00:00Z", errc::invalid_parameter_value},
      {"HOLDUNTIL=2024-01-00T12:00:00Z", errc::invalid_parameter_value},
      {"HOLDUNTIL=2024-01-01T24:00:00Z", errc::invalid_parameter_value},
      {"HOLDUNTIL=2024-01-01T00:60:00Z", errc::invalid_parameter_value},
      {"HOLDUNTIL=2024-01-01T00:00:61Z", errc::invalid_parameter_value},
      {"HOLDUNTIL=2024-01-01T00:00:00", errc::invalid_parameter_value},
      {"HOLDUNTIL=2024-01-01T00:00:00.Z", errc::invalid_parameter_value},
      {"HOLDUNTIL=2024-01-01_00:00:00Z", errc::invalid_parameter_value},
      {"HOLDUNTIL=2024-01-01T00:00:00+24:00", errc::invalid_parameter_value},
      {"HOLDUNTIL=2024-01-01T00:00:00+05:60", errc::invalid_parameter_value},
      {"HOLDUNTIL=2024-01-01T00:00:00+0530", errc::invalid_parameter_value},
      {"HOLDUNTIL=2024-01-01T00:00:00ZZ", errc::invalid_parameter_value},
      {"HOLDUNTIL=49374347", errc::invalid_parameter_value},
      {"HOLDUNTIL", errc::invalid_parameter_value},
  });
}

TEST(EsmtpMail, Rfc4865HoldforAndHolduntilExcludeEachOther) {
  for (const char* in : {"HOLDFOR=60 HOLDUNTIL=2024-01-01T00:00:00Z", "HOLDUNTIL=2024-01-01T00:00:00Z HOLDFOR=60"}) {
    const auto d = mail(in);
    EXPECT_EQ(d.error, errc::invalid_parameter_value) << in;
    EXPECT_EQ(d.index, 1U);
  }
}

TEST(EsmtpMail, Rfc2852By) {
  auto d = mail("BY=120;RT");
  EXPECT_EQ(d.error, errc{});
  EXPECT_TRUE(d.value.has_by);
  EXPECT_EQ(d.value.by_time, 120);
  EXPECT_EQ(d.value.by, by_mode::ret);
  EXPECT_TRUE(d.value.by_trace);
  d = mail("by=-999999999;n");
  EXPECT_EQ(d.value.by_time, -999999999);
  EXPECT_EQ(d.value.by, by_mode::notify);
  EXPECT_FALSE(d.value.by_trace);
  expect_mail({
      {"BY=+5;NT", errc{}},
      {"BY=0;N", errc{}},
      {"BY=0;R", errc::invalid_parameter_value},   // R needs a positive by-time
      {"BY=-1;R", errc::invalid_parameter_value},
      {"BY=1000000000;N", errc::invalid_parameter_value},
      {"BY=120", errc::invalid_parameter_value},
      {"BY=120;", errc::invalid_parameter_value},
      {"BY=120;X", errc::invalid_parameter_value},
      {"BY=120;T", errc::invalid_parameter_value},
      {"BY=120;RTT", errc::invalid_parameter_value},
      {"BY=120;RX", errc::invalid_parameter_value},
      {"BY=;R", errc::invalid_parameter_value},
      {"BY=+;R", errc::invalid_parameter_value},
      {"BY", errc::invalid_parameter_value},
  });
}

TEST(EsmtpMail, RcptParametersNotPermitted) {
  for (const char* in : {"NOTIFY=NEVER", "ORCPT=rfc822;a@b.example", "RRVS=2014-04-03T23:01:00Z"}) {
    const auto d = mail(in);
    EXPECT_EQ(d.error, errc::parameter_not_permitted) << in;
  }
  EXPECT_EQ(reply_for(errc::parameter_not_permitted).code, 555);
}

TEST(EsmtpMail, DisabledExtensionNotPermitted) {
  struct toggle {
    bool extension_set::*flag;
    const char* in;
  };
  for (const auto& t : {toggle{&extension_set::size, "SIZE=1"}, toggle{&extension_set::smtputf8, "SMTPUTF8"},
                        toggle{&extension_set::dsn, "RET=FULL"}, toggle{&extension_set::dsn, "ENVID=x"},
                        toggle{&extension_set::auth, "AUTH=<>"}, toggle{&extension_set::mt_priority, "MT-PRIORITY=1"},
                        toggle{&extension_set::requiretls, "REQUIRETLS"},
                        toggle{&extension_set::future_release, "HOLDFOR=1"},
                        toggle{&extension_set::future_release, "HOLDUNTIL=2024-01-01T00:00:00Z"},
                        toggle{&extension_set::deliver_by, "BY=1;R"}}) {
    param_decode_options opt;
    EXPECT_EQ(mail(t.in, opt).error, errc{}) << t.in;
    opt.extensions.*t.flag = false;
    EXPECT_EQ(mail(t.in, opt).error, errc::parameter_not_permitted) << t.in;
  }
}

TEST(EsmtpMail, UnknownRejectedOrHandedOver) {
  param_decode_options opt;  // reject_unknown = true
  auto d = mail("SIZE=1 X-FOO=bar", opt);
  EXPECT_EQ(d.error, errc::unrecognized_parameter);
  EXPECT_EQ(d.index, 1U);
  EXPECT_EQ(reply_for(errc::unrecognized_parameter).code, 555);  // RFC 5321 4.1.1.11

  opt.reject_unknown = false;
  const std::string in = "SIZE=1 X-FOO=bar XYZ";
  const auto pr = parse_esmtp_params(in, {});
  ASSERT_TRUE(pr);
  mail_parameters mp;
  EXPECT_EQ(decode_mail_parameters(pr.value, opt, mp), errc{});
  EXPECT_EQ(mp.size, 1U);
  EXPECT_EQ(pr.value.items[1].id, param_id::unknown);
  EXPECT_EQ(pr.value.items[1].keyword, "X-FOO");
  EXPECT_EQ(pr.value.items[1].value, "bar");
  EXPECT_EQ(pr.value.items[2].keyword, "XYZ");
}

TEST(EsmtpMail, FailureResetsOutput) {
  const auto pr = parse_esmtp_params("SIZE=5 RET=BAD", {});
  ASSERT_TRUE(pr);
  mail_parameters mp;
  mp.requiretls = true;
  std::size_t index = 42;
  EXPECT_EQ(decode_mail_parameters(pr.value, {}, mp, &index), errc::invalid_parameter_value);
  EXPECT_EQ(index, 1U);
  EXPECT_FALSE(mp.has_size);
  EXPECT_FALSE(mp.requiretls);
  EXPECT_EQ(mp.size, 0U);
}

TEST(EsmtpMail, RealisticSubmission) {
  const auto d = mail(
      "SIZE=12345 BODY=8BITMIME RET=HDRS ENVID=QQ314159 AUTH=<> SMTPUTF8 MT-PRIORITY=-3 REQUIRETLS HOLDFOR=60 "
      "BY=120;RT");
  ASSERT_EQ(d.error, errc{}) << to_string(d.error);
  const mail_parameters& m = d.value;
  EXPECT_EQ(m.size, 12345U);
  EXPECT_EQ(m.body, body_type::eight_bit_mime);
  EXPECT_EQ(m.ret, dsn_ret::hdrs);
  EXPECT_EQ(m.envid, "QQ314159");
  EXPECT_EQ(m.auth, "<>");
  EXPECT_TRUE(m.smtputf8);
  EXPECT_EQ(m.mt_priority, -3);
  EXPECT_TRUE(m.requiretls);
  EXPECT_EQ(m.holdfor, 60U);
  EXPECT_EQ(m.by_time, 120);
  EXPECT_TRUE(mail("").value.holduntil.empty());
}

// ---- RCPT parameters ----------------------------------------------------------------------

TEST(EsmtpRcpt, Rfc3461Notify) {
  EXPECT_EQ(rcpt("NOTIFY=NEVER").value.notify, notify_never);
  EXPECT_EQ(rcpt("NOTIFY=SUCCESS,FAILURE,DELAY").value.notify, notify_success | notify_failure | notify_delay);
  EXPECT_EQ(rcpt("notify=delay,success").value.notify, notify_success | notify_delay);
  expect_rcpt({
      {"NOTIFY=NEVER,SUCCESS", errc::invalid_parameter_value},  // NEVER must be alone
      {"NOTIFY=SUCCESS,NEVER", errc::invalid_parameter_value},
      {"NOTIFY=SUCCESS,SUCCESS", errc::invalid_parameter_value},
      {"NOTIFY=NEVER,NEVER", errc::invalid_parameter_value},
      {"NOTIFY=SUCCESS,", errc::invalid_parameter_value},
      {"NOTIFY=,SUCCESS", errc::invalid_parameter_value},
      {"NOTIFY=SUCCESS,,DELAY", errc::invalid_parameter_value},
      {"NOTIFY=SOMETIMES", errc::invalid_parameter_value},
      {"NOTIFY", errc::invalid_parameter_value},
  });
}

TEST(EsmtpRcpt, Rfc3461OrcptRfc822) {
  const auto d = rcpt("ORCPT=rfc822;joe+2Bx@example.org");
  ASSERT_EQ(d.error, errc{});
  EXPECT_TRUE(d.value.has_orcpt);
  EXPECT_EQ(d.value.orcpt_type, "rfc822");
  EXPECT_EQ(d.value.orcpt_address, "joe+2Bx@example.org");
  expect_rcpt({
      {"ORCPT=RFC822;a@b.example", errc{}},
      {"ORCPT=x-local;a+20b", errc{}},
      {"ORCPT=rfc822;a+2bb", errc::invalid_xtext},
      {"ORCPT=rfc822;a+", errc::invalid_xtext},
      {"ORCPT=rfc822;a;b", errc{}},                         // ";" is an xchar
      {"ORCPT=rfc822;a+0Db", errc::invalid_parameter_value},  // CR: not printable (4.2)
      {"ORCPT=;a@b", errc::invalid_parameter_value},
      {"ORCPT=rfc822;", errc::invalid_parameter_value},
      {"ORCPT=rfc822", errc::invalid_parameter_value},
      {"ORCPT=rf(c;a@b", errc::invalid_parameter_value},   // addr-type is an atom
      {"ORCPT", errc::invalid_parameter_value},
  });
}

TEST(EsmtpRcpt, Rfc6533OrcptUtf8Forms) {
  const auto d = rcpt("ORCPT=utf-8;j\\x{E9}r\\x{f4}me@x.example");
  ASSERT_EQ(d.error, errc{});
  EXPECT_EQ(d.value.orcpt_type, "utf-8");
  EXPECT_EQ(d.value.orcpt_address, "j\\x{E9}r\\x{f4}me@x.example");
  expect_rcpt({
      {"ORCPT=UTF-8;\\x{10FFFF}@x", errc{}},
      {"ORCPT=utf-8;a\\x{5C}b@x", errc{}},  // "\" itself
      {"ORCPT=utf-8;a+2Bb@x", errc::invalid_xtext},  // QCHAR excludes "+"
      {"ORCPT=utf-8;a\\x{41}@x", errc::invalid_xtext},  // ASCII letters are not HEXPOINTs
      {"ORCPT=utf-8;a\\x{D800}@x", errc::invalid_xtext},  // surrogate
      {"ORCPT=utf-8;a\\x{110000}@x", errc::invalid_xtext},
      {"ORCPT=utf-8;a\\x{0A}@x", errc::invalid_xtext},  // LF is never escaped
      {"ORCPT=utf-8;a\\b@x", errc::invalid_xtext},
  });
  // utf-8-addr-unitext: raw UTF-8, only in an SMTPUTF8 transaction (allow_utf8 when parsing).
  const auto u = rcpt("ORCPT=utf-8;j\xc3\xa9r\\x{F4}me@x.example NOTIFY=FAILURE", {}, true);
  EXPECT_EQ(u.error, errc{});
  EXPECT_EQ(u.value.orcpt_address, "j\xc3\xa9r\\x{F4}me@x.example");
  EXPECT_EQ(rcpt("ORCPT=rfc822;j\xc3\xa9@x", {}, true).error, errc::invalid_xtext);
}

TEST(EsmtpRcpt, Rfc7293Rrvs) {
  auto d = rcpt("RRVS=2014-04-03T23:01:00Z");
  ASSERT_EQ(d.error, errc{});
  EXPECT_TRUE(d.value.has_rrvs);
  EXPECT_EQ(d.value.rrvs_time, "2014-04-03T23:01:00Z");
  EXPECT_EQ(d.value.rrvs, rrvs_action::reject);  // the default
  d = rcpt("rrvs=2014-04-03T23:01:00+01:00;c");
  EXPECT_EQ(d.value.rrvs, rrvs_action::cont);
  EXPECT_EQ(d.value.rrvs_time, "2014-04-03T23:01:00+01:00");
  EXPECT_EQ(rcpt("RRVS=2014-04-03T23:01:00Z;R").value.rrvs, rrvs_action::reject);
  expect_rcpt({{"RRVS=2014-04-03T23:01:00Z;X", errc::invalid_parameter_value},
               {"RRVS=2014-04-03T23:01:00Z;", errc::invalid_parameter_value},
               {"RRVS=2014-04-03;C", errc::invalid_parameter_value},
               {"RRVS", errc::invalid_parameter_value}});
}

TEST(EsmtpRcpt, MailParametersNotPermitted) {
  for (const char* in : {"SIZE=1", "BODY=7BIT", "SMTPUTF8", "RET=FULL", "ENVID=x", "AUTH=<>", "MT-PRIORITY=1",
                         "REQUIRETLS", "HOLDFOR=1", "HOLDUNTIL=2024-01-01T00:00:00Z", "BY=1;R"}) {
    const auto d = rcpt(in);
    EXPECT_EQ(d.error, errc::parameter_not_permitted) << in;
    EXPECT_EQ(d.index, 0U);
  }
}

TEST(EsmtpRcpt, DisabledExtensionNotPermitted) {
  param_decode_options opt;
  opt.extensions.dsn = false;
  expect_rcpt({{"NOTIFY=NEVER", errc::parameter_not_permitted},
               {"ORCPT=rfc822;a@b", errc::parameter_not_permitted},
               {"RRVS=2014-04-03T23:01:00Z", errc{}}},
              opt);
  opt = {};
  opt.extensions.rrvs = false;
  expect_rcpt({{"RRVS=2014-04-03T23:01:00Z", errc::parameter_not_permitted}, {"NOTIFY=NEVER", errc{}}}, opt);
}

TEST(EsmtpRcpt, UnknownRejectedOrHandedOver) {
  EXPECT_EQ(rcpt("NOTIFY=NEVER X-Y").error, errc::unrecognized_parameter);
  param_decode_options opt;
  opt.reject_unknown = false;
  const auto d = rcpt("NOTIFY=NEVER X-Y", opt);
  EXPECT_EQ(d.error, errc{});
  EXPECT_EQ(d.value.notify, notify_never);
}

// ---- line allowances ----------------------------------------------------------------

TEST(EsmtpAllowance, SumsTheEnabledExtensions) {
  extension_set none;
  for (bool* f : {&none.size, &none.eight_bit_mime, &none.binary_mime, &none.smtputf8, &none.dsn, &none.auth,
                  &none.mt_priority, &none.requiretls, &none.future_release, &none.deliver_by, &none.rrvs})
    *f = false;
  EXPECT_EQ(mail_line_allowance(none), 0U);
  EXPECT_EQ(rcpt_line_allowance(none), 0U);

  extension_set e = none;
  e.size = true;
  EXPECT_EQ(mail_line_allowance(e), 26U);  // RFC 1870 3
  e = none;
  e.smtputf8 = true;
  EXPECT_EQ(mail_line_allowance(e), 10U);  // RFC 6531 3.1
  e = none;
  e.dsn = true;
  EXPECT_EQ(mail_line_allowance(e), 100U);
  EXPECT_EQ(rcpt_line_allowance(e), 500U);
  e = none;
  e.auth = true;
  EXPECT_EQ(mail_line_allowance(e), 500U);
  e = none;
  e.eight_bit_mime = true;
  EXPECT_EQ(mail_line_allowance(e), 14U);

  EXPECT_EQ(mail_line_allowance({}), 26U + 16 + 10 + 100 + 500 + 15 + 11 + 46 + 17);
  EXPECT_EQ(rcpt_line_allowance({}), 500U + 43);
}

// Where no RFC states a figure, the allowance is the longest valid parameter with its SP;
// each such parameter must decode, and be exactly that long.
TEST(EsmtpAllowance, ComputedFiguresMatchLongestValidParameters) {
  extension_set none;
  for (bool* f : {&none.size, &none.eight_bit_mime, &none.binary_mime, &none.smtputf8, &none.dsn, &none.auth,
                  &none.mt_priority, &none.requiretls, &none.future_release, &none.deliver_by, &none.rrvs})
    *f = false;
  struct longest {
    bool extension_set::*flag;
    std::string param;  // without the leading SP
    bool rcpt;
  };
  for (const auto& l : {longest{&extension_set::binary_mime, "BODY=BINARYMIME", false},
                        longest{&extension_set::mt_priority, "MT-PRIORITY=-9", false},
                        longest{&extension_set::requiretls, "REQUIRETLS", false},
                        longest{&extension_set::future_release, "HOLDUNTIL=2024-01-01T00:00:00.123456789+05:30", false},
                        longest{&extension_set::deliver_by, "BY=-999999999;NT", false},
                        longest{&extension_set::rrvs, "RRVS=2024-01-01T00:00:00.123456789+05:30;C", true}}) {
    extension_set e = none;
    e.*l.flag = true;
    const std::size_t allowance = l.rcpt ? rcpt_line_allowance(e) : mail_line_allowance(e);
    EXPECT_EQ(l.param.size() + 1, allowance) << l.param;
    EXPECT_EQ(l.rcpt ? rcpt(l.param).error : mail(l.param).error, errc{}) << l.param;
  }
}

// ---- write_esmtp_param ------------------------------------------------------------

TEST(EsmtpWrite, RoundTripsThroughTheParser) {
  std::string line;
  ASSERT_EQ(write_esmtp_param("SIZE", "1000", true, line), errc{});
  ASSERT_EQ(write_esmtp_param("SMTPUTF8", "", false, line), errc{});
  ASSERT_EQ(write_esmtp_param("x-Mine", "a+b/c<>~!", true, line), errc{});
  EXPECT_EQ(line, " SIZE=1000 SMTPUTF8 x-Mine=a+b/c<>~!");
  const auto r = parse_esmtp_params(std::string_view(line).substr(1), {});
  ASSERT_TRUE(r);
  ASSERT_EQ(r.value.size(), 3U);
  EXPECT_EQ(r.value.items[0].keyword, "SIZE");
  EXPECT_EQ(r.value.items[0].value, "1000");
  EXPECT_FALSE(r.value.items[1].has_value);
  EXPECT_EQ(r.value.items[2].keyword, "x-Mine");
  EXPECT_EQ(r.value.items[2].value, "a+b/c<>~!");
}

TEST(EsmtpWrite, Rfc6531Utf8OnlyWhenAllowed) {
  std::string line;
  EXPECT_EQ(write_esmtp_param("ORCPT", "utf-8;j\xc3\xa9@x", true, line), errc::invalid_parameter);
  EXPECT_TRUE(line.empty());
  ASSERT_EQ(write_esmtp_param("ORCPT", "utf-8;j\xc3\xa9@x", true, line, true), errc{});
  esmtp_param_options opt;
  opt.allow_utf8 = true;
  const auto r = parse_esmtp_params(std::string_view(line).substr(1), opt);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.items[0].value, "utf-8;j\xc3\xa9@x");
  EXPECT_EQ(write_esmtp_param("X", "\xc3", true, line, true), errc::invalid_parameter);      // truncated
  EXPECT_EQ(write_esmtp_param("X", "\xed\xa0\x80", true, line, true), errc::invalid_parameter);  // surrogate
}

TEST(EsmtpWrite, RefusesAnythingThatCouldEscape) {
  const std::string before = "MAIL FROM:<a@b.example>";
  for (const auto& [kw, value, has] : std::vector<std::tuple<std::string, std::string, bool>>{
           {"", "", false},
           {"-X", "", false},
           {"A B", "", false},
           {"A=B", "", false},
           {"A\r\n", "", false},
           {"\xc3\xa9", "", false},
           {"X", "", true},  // has_value needs 1*char
           {"X", "v", false},  // a value that would be dropped
           {"X", "a b", true},
           {"X", "a=b", true},
           {"X", "a\rb", true},
           {"X", "a\nb", true},
           {"X", "x\r\nRCPT TO:<evil@example>", true},
           {"X", std::string("a\0b", 3), true},
           {"X", "a\tb", true},
           {"X", "a\x7f", true},
           {"X", "\xc3\xa9", true},
       }) {
    std::string out = before;
    EXPECT_EQ(write_esmtp_param(kw, value, has, out), errc::invalid_parameter) << kw << "=" << value;
    EXPECT_EQ(out, before) << "nothing is appended on refusal";
  }
}

}  // namespace
}  // namespace smtpcodec
