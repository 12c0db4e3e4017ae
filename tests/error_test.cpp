// errc is a stable public contract: numbers never change, every value has a stable name
// and a reply whose enhanced status class matches its code (RFC 3463 2).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <system_error>

#include "smtpcodec/error.hpp"

namespace smtpcodec {
namespace {

// Pinned numbers of the command-grammar block (values are appended, never renumbered).
static_assert(static_cast<int>(errc::line_too_long) == 1);
static_assert(static_cast<int>(errc::bare_lf) == 2);
static_assert(static_cast<int>(errc::bare_cr) == 3);
static_assert(static_cast<int>(errc::unknown_command) == 7);
static_assert(static_cast<int>(errc::command_not_implemented) == 8);
static_assert(static_cast<int>(errc::invalid_path) == 14);
static_assert(static_cast<int>(errc::utf8_not_permitted) == 23);
static_assert(static_cast<int>(errc::unrecognized_parameter) == 25);
static_assert(static_cast<int>(errc::message_size_exceeded) == 31);
static_assert(static_cast<int>(errc::invalid_base64) == 33);
static_assert(static_cast<int>(errc::proxy_invalid_address) == 36);

TEST(Error, EveryValueHasStableNameAndConsistentReply) {
  std::set<std::string> names;
  int known = 0;
  for (int v = 1; v < 400; ++v) {
    const auto e = static_cast<errc>(v);
    const std::string_view name = to_string(e);
    if (name == "unknown") continue;
    ++known;
    EXPECT_TRUE(names.insert(std::string(name)).second) << "duplicate name " << name;
    for (char c : name) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') << name;
    for (auto ctx : {reply_context::generic, reply_context::mail_from, reply_context::rcpt_to, reply_context::data}) {
      const canned_reply r = reply_for(e, ctx);
      EXPECT_GE(r.code, 400) << name;
      EXPECT_LT(r.code, 600) << name;
      EXPECT_FALSE(r.text.empty()) << name;
      if (!r.status.empty()) {
        EXPECT_EQ(r.status.cls, r.code / 100) << name;
      }
      for (char c : r.text) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << name;
    }
    const std::error_code ec = e;
    EXPECT_EQ(ec.category().name(), std::string("smtpcodec"));
    EXPECT_FALSE(ec.message().empty());
  }
  EXPECT_GE(known, 36);
}

TEST(Error, AddressErrorsFollowTheCommandRfc3463_3_2) {
  EXPECT_EQ(reply_for(errc::invalid_path, reply_context::mail_from).status, (enhanced_status{5, 1, 7}));
  EXPECT_EQ(reply_for(errc::invalid_path, reply_context::rcpt_to).status, (enhanced_status{5, 1, 3}));
  EXPECT_EQ(reply_for(errc::local_part_too_long, reply_context::rcpt_to).status, (enhanced_status{5, 1, 3}));
  EXPECT_EQ(reply_for(errc::utf8_not_permitted, reply_context::rcpt_to).code, 553);
  EXPECT_EQ(reply_for(errc::unrecognized_parameter).code, 555);
  EXPECT_EQ(reply_for(errc::line_too_long).code, 500);
}

TEST(Error, UnknownValuesAreHandled) {
  EXPECT_EQ(to_string(static_cast<errc>(9999)), "unknown");
  EXPECT_EQ(reply_for(static_cast<errc>(9999)).code, 451);
  const std::error_code ec = static_cast<errc>(9999);
  EXPECT_EQ(ec.message(), "unknown smtpcodec error");
}

TEST(Status, FormatsEnhancedCodes) {
  char buf[enhanced_status::max_chars];
  EXPECT_EQ((enhanced_status{5, 1, 7}.format(buf)), "5.1.7");
  EXPECT_EQ((enhanced_status{4, 999, 999}.format(buf)), "4.999.999");
  EXPECT_EQ((enhanced_status{2, 0, 10}.format(buf)), "2.0.10");
}

}  // namespace
}  // namespace smtpcodec
