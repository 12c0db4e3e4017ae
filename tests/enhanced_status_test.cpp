// Enhanced status codes (RFC 3463, RFC 5248 registry): syntax, validity against the reply
// code, the registry table, explain(), and the `smtpcodec explain` CLI.
#include <gtest/gtest.h>

#include <string>

#include "cli_runner.hpp"
#include "smtpcodec/enhanced_status.hpp"

namespace smtpcodec {
namespace {

TEST(EnhancedStatus, ParsesRfc3463_2) {
  auto r = parse_enhanced_status("5.7.1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value, (enhanced_status{5, 7, 1}));
  r = parse_enhanced_status("4.999.999");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value, (enhanced_status{4, 999, 999}));
  r = parse_enhanced_status("2.01.000");  // 1*3digit allows leading zeros
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value, (enhanced_status{2, 1, 0}));
}

struct bad_status {
  const char* name;
  const char* text;
  std::size_t offset;
};

void PrintTo(const bad_status& c, std::ostream* os) { *os << c.name; }

class EnhancedStatusInvalid : public ::testing::TestWithParam<bad_status> {};

TEST_P(EnhancedStatusInvalid, Refused) {
  const auto r = parse_enhanced_status(GetParam().text);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error, errc::invalid_enhanced_status);
  EXPECT_EQ(r.error_offset, GetParam().offset);
}

INSTANTIATE_TEST_SUITE_P(
    Rfc3463_2, EnhancedStatusInvalid,
    ::testing::Values(bad_status{"empty", "", 0}, bad_status{"class_3", "3.0.0", 0}, bad_status{"class_1", "1.1.1", 0},
                      bad_status{"class_generic_not_here", "X.1.1", 0}, bad_status{"two_parts", "5.7", 3},
                      bad_status{"four_digit_subject", "5.1000.1", 5}, bad_status{"four_digit_detail", "5.1.1000", 7},
                      bad_status{"empty_subject", "5..1", 2}, bad_status{"empty_detail", "5.1.", 4},
                      bad_status{"trailing_text", "5.1.1 x", 5}, bad_status{"no_dots", "571", 1},
                      bad_status{"two_digit_class", "55.1.1", 1}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(EnhancedStatus, ValidityAgainstReplyCode) {
  EXPECT_TRUE(is_valid(enhanced_status{2, 0, 0}));
  EXPECT_FALSE(is_valid(enhanced_status{3, 0, 0}));
  EXPECT_FALSE(is_valid(enhanced_status{}));
  EXPECT_FALSE(is_valid(enhanced_status{5, 1000, 0}));
  EXPECT_TRUE(matches_reply_code({5, 7, 1}, 550));
  EXPECT_FALSE(matches_reply_code({4, 7, 1}, 550));
  EXPECT_FALSE(matches_reply_code({2, 0, 0}, 354));  // no status code fits 3yz
}

TEST(EnhancedStatus, RegistryIsOrderedAndComplete) {
  const auto reg = enhanced_status_registry();
  ASSERT_GE(reg.size(), 80u);
  for (std::size_t i = 1; i < reg.size(); ++i)
    EXPECT_TRUE(reg[i - 1].subject < reg[i].subject ||
                (reg[i - 1].subject == reg[i].subject && reg[i - 1].detail < reg[i].detail));
  for (const auto& e : reg) {
    EXPECT_FALSE(e.meaning.empty());
    EXPECT_EQ(e.reference.substr(0, 4) == "RFC " || e.reference == "IANA registry", true) << e.reference;
    EXPECT_EQ(find_enhanced_status(e.subject, e.detail), &e);
  }
  // Later registrations: RFC 4954, RFC 6531, RFC 7372, RFC 7505, RFC 8617, RFC 8689.
  EXPECT_EQ(find_enhanced_status(5, 6)->reference, "RFC 4954");
  EXPECT_EQ(find_enhanced_status(6, 7)->reference, "RFC 6531");
  EXPECT_EQ(find_enhanced_status(6, 9)->reference, "RFC 6531");
  EXPECT_EQ(find_enhanced_status(7, 26)->meaning, "Multiple authentication checks failed");
  EXPECT_EQ(find_enhanced_status(1, 10)->reference, "RFC 7505");
  EXPECT_EQ(find_enhanced_status(7, 29)->reference, "RFC 8617");
  EXPECT_EQ(find_enhanced_status(7, 30)->meaning, "REQUIRETLS support required");
  EXPECT_EQ(find_enhanced_status(7, 31), nullptr);
  EXPECT_EQ(find_enhanced_status(8, 0), nullptr);
}

TEST(EnhancedStatus, Explain) {
  const status_meaning m = explain({5, 7, 1});
  EXPECT_TRUE(m.registered());
  EXPECT_EQ(m.class_name, "Permanent Failure");
  EXPECT_EQ(m.subject_name, "Security or Policy Status");
  EXPECT_EQ(m.detail_name, "Delivery not authorized, message refused");
  EXPECT_EQ(m.reference, "RFC 3463");
  EXPECT_EQ(explain({4, 2, 2}).class_name, "Persistent Transient Failure");
  EXPECT_EQ(explain({2, 0, 0}).class_name, "Success");
  const status_meaning unknown_detail = explain({5, 7, 99});
  EXPECT_FALSE(unknown_detail.registered());
  EXPECT_EQ(unknown_detail.subject_name, "Security or Policy Status");
  const status_meaning unknown_subject = explain({5, 9, 1});
  EXPECT_EQ(unknown_subject.subject_name, "");
  EXPECT_EQ(unknown_subject.class_name, "Permanent Failure");
  EXPECT_EQ(enhanced_status_class_name(3), "");
  EXPECT_EQ(enhanced_status_subject_name(0), "Other or Undefined Status");
  EXPECT_EQ(enhanced_status_subject_name(6), "Message Content or Media Status");
}

TEST(EnhancedStatus, ExplainTextIncludingClassLessForm) {
  auto r = explain_enhanced_status("X.1.7");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.code, (enhanced_status{0, 1, 7}));
  EXPECT_EQ(r.value.class_name, "");
  EXPECT_EQ(r.value.detail_name, "Bad sender's mailbox address syntax");
  r = explain_enhanced_status("x.4.7");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.detail_name, "Delivery time expired");
  r = explain_enhanced_status("4.4.2");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.detail_name, "Bad connection");
  r = explain_enhanced_status("Y.1.1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error, errc::invalid_enhanced_status);
  EXPECT_EQ(to_string(errc::invalid_enhanced_status), "invalid_enhanced_status");
}

// ---- CLI: smtpcodec explain ---------------------------------------------------------------

using EnhancedStatusCli = testing::cli_test;

testing::cli_result run_cli(const std::string& args) { return testing::run_cli(args, ""); }

TEST_F(EnhancedStatusCli, KnownCode) {
  const auto r = run_cli("explain 5.7.1");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\"code\":\"5.7.1\",\"subject\":\"Security or Policy Status\",\"detail\":\"Delivery not authorized, "
            "message refused\",\"class\":\"Permanent Failure\",\"reference\":\"RFC 3463\"}\n");
}

TEST_F(EnhancedStatusCli, ClassLessForm) {
  const auto r = run_cli("explain X.2.2");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\"code\":\"X.2.2\",\"subject\":\"Mailbox Status\",\"detail\":\"Mailbox full\",\"class\":null,"
            "\"reference\":\"RFC 3463\"}\n");
}

TEST_F(EnhancedStatusCli, UnknownButValid) {
  const auto r = run_cli("explain 4.7.99");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out,
            "{\"code\":\"4.7.99\",\"subject\":\"Security or Policy Status\",\"detail\":null,"
            "\"class\":\"Persistent Transient Failure\",\"reference\":null}\n");
}

TEST_F(EnhancedStatusCli, BadSyntaxAndUsage) {
  auto r = run_cli("explain 5.7");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out,
            "{\"event\":\"error\",\"what\":\"invalid_enhanced_status\",\"detail\":\"not class.subject.detail at "
            "byte 3: 5.7\"}\n");
  r = run_cli("explain 2.0.0 5.9.9 nope");
  EXPECT_EQ(r.status, 2);  // the worst of the arguments
  r = run_cli("explain");
  EXPECT_EQ(r.status, 64);
}

}  // namespace
}  // namespace smtpcodec
