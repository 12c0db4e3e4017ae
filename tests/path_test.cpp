// Paths and mailboxes (RFC 5321 4.1.2, 4.1.3, 4.5.3.1; RFC 6531 3.3): the parser with its
// errors and offsets, the IDNA conversions, UTF-8 validation and the writer's round trip.
#include "smtpcodec/address.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "detail/byte_scan.hpp"
#include "detail/path_machine.hpp"

namespace smtpcodec {
namespace {

using namespace std::string_literals;

// Option bits for the tables.
enum : unsigned {
  utf8 = 1,        // allow_utf8
  no_null = 2,     // allow_null = false
  postmaster = 4,  // allow_postmaster
  no_idna = 8,     // check_u_labels = false
};

path_options options(unsigned bits) {
  path_options o;
  o.allow_utf8 = (bits & utf8) != 0;
  o.allow_null = (bits & no_null) == 0;
  o.allow_postmaster = (bits & postmaster) != 0;
  o.check_u_labels = (bits & no_idna) == 0;
  return o;
}

bool inside(std::string_view v, std::string_view in) {
  return v.empty() || (v.data() >= in.data() && v.data() + v.size() <= in.data() + in.size());
}

// ---- parse_path: grammar, errors and offsets --------------------------------------------

struct path_case {
  const char* name;
  std::string in;
  unsigned opts;
  errc error;
  std::size_t offset;  // error_offset when error != errc{}
  literal_kind literal = literal_kind::none;
};

void PrintTo(const path_case& c, std::ostream* os) { *os << c.name; }

class PathGrammar : public testing::TestWithParam<path_case> {};

TEST_P(PathGrammar, ErrorAndOffset) {
  const path_case& c = GetParam();
  const auto r = parse_path(c.in, options(c.opts));
  EXPECT_EQ(r.error, c.error) << to_string(r.error) << " at " << r.error_offset;
  EXPECT_EQ(r.context, reply_context::generic) << "the command layer sets the context";
  if (c.error != errc{}) {
    EXPECT_EQ(r.error_offset, c.offset);
    EXPECT_TRUE(r.value.text.empty() && r.value.mailbox.domain.empty()) << "never a partial value";
    return;
  }
  EXPECT_EQ(r.value.text, c.in);
  EXPECT_EQ(r.value.mailbox.literal, c.literal);
  EXPECT_TRUE(inside(r.value.mailbox.local_part, c.in));
  EXPECT_TRUE(inside(r.value.mailbox.domain, c.in));
  EXPECT_TRUE(inside(r.value.source_route, c.in));
}

std::string name_of(const testing::TestParamInfo<path_case>& i) { return i.param.name; }

constexpr auto ok = errc{};
constexpr auto v4 = literal_kind::ipv4;
constexpr auto v6 = literal_kind::ipv6;
constexpr auto gen = literal_kind::general;

INSTANTIATE_TEST_SUITE_P(
    Rfc5321_4_1_2_Structure, PathGrammar,
    testing::Values(
        path_case{"Plain", "<user@example.org>", 0, ok, 0},
        path_case{"Empty", "", 0, errc::invalid_path, 0},
        path_case{"NoBrackets", "user@example.org", 0, errc::invalid_path, 0},
        path_case{"Unterminated", "<user@example.org", 0, errc::invalid_path, 17},
        path_case{"UnterminatedLocal", "<user", 0, errc::invalid_path, 5},
        path_case{"OnlyOpen", "<", 0, errc::invalid_path, 1},
        path_case{"TrailingSp", "<a@b.example> ", 0, errc::invalid_path, 13},
        path_case{"DoubleClose", "<a@b.example>>", 0, errc::invalid_path, 13},
        path_case{"SpaceAfterOpen", "< a@b.example>", 0, errc::invalid_local_part, 1},
        path_case{"NoDomain", "<user>", 0, errc::invalid_path, 5},
        path_case{"EmptyDomain", "<a@>", 0, errc::invalid_path_domain, 3},
        path_case{"DoubleAt", "<bob@@example.com>", 0, errc::invalid_path_domain, 5},
        path_case{"NullAllowed_4_5_5", "<>", 0, ok, 0},
        path_case{"NullRefused", "<>", no_null, errc::null_path_not_permitted, 0},
        path_case{"NullWithSpace", "< >", 0, errc::invalid_local_part, 1},
        path_case{"Postmaster_4_1_1_3", "<Postmaster>", postmaster, ok, 0},
        path_case{"PostmasterLower", "<postmaster>", postmaster, ok, 0},
        path_case{"PostmasterUpper", "<POSTMASTER>", postmaster, ok, 0},
        path_case{"PostmasterRefused", "<Postmaster>", 0, errc::invalid_path, 11},
        path_case{"PostmasterWithDomain", "<Postmaster@example.org>", 0, ok, 0},
        path_case{"PostmasterPrefix", "<Postmast>", postmaster, errc::invalid_path, 9},
        path_case{"PostmasterLonger", "<Postmasters>", postmaster, errc::invalid_path, 12},
        path_case{"PostmasterWithRoute", "<@a.example:Postmaster>", postmaster, errc::invalid_path, 22}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Rfc5321_4_1_2_LocalPart, PathGrammar,
    testing::Values(
        path_case{"DotString", "<first.last@example.org>", 0, ok, 0},
        path_case{"AllAtext_Rfc5322_3_2_3", "<!#$%&'*+-/=?^_`{|}~09azAZ@x.example>", 0, ok, 0},
        path_case{"LeadingDot", "<.a@x.example>", 0, errc::invalid_local_part, 1},
        path_case{"TrailingDot", "<a.@x.example>", 0, errc::invalid_local_part, 3},
        path_case{"DoubleDot", "<a..b@x.example>", 0, errc::invalid_local_part, 3},
        path_case{"Comma", "<a,b@x.example>", 0, errc::invalid_local_part, 2},
        path_case{"Paren", "<a(b)@x.example>", 0, errc::invalid_local_part, 2},
        path_case{"Control", "<a\x01@x.example>", 0, errc::invalid_local_part, 2},
        path_case{"QuotedSpace", "<\"john doe\"@x.example>", 0, ok, 0},
        path_case{"QuotedEmpty", "<\"\"@x.example>", 0, ok, 0},
        path_case{"QuotedAngle", "<\"a>b<c\"@x.example>", 0, ok, 0},
        path_case{"QuotedAt", "<\"a@b\"@x.example>", 0, ok, 0},
        path_case{"QuotedPairQuote", "<\"a\\\"b\"@x.example>", 0, ok, 0},
        path_case{"QuotedPairBackslash", "<\"a\\\\b\"@x.example>", 0, ok, 0},
        path_case{"QuotedPairLetter", "<\"\\a\"@x.example>", 0, ok, 0},
        path_case{"QuotedPairSpace", "<\"\\ \"@x.example>", 0, ok, 0},
        path_case{"QuotedPairControl", "<\"\\\x01\"@x.example>", 0, errc::invalid_local_part, 3},
        path_case{"QuotedPairTab", "<\"\\\t\"@x.example>", 0, errc::invalid_local_part, 3},
        path_case{"QuotedBareBackslash", "<\"a\\\"@x.example>", 0, errc::invalid_path, 16},
        path_case{"QuotedTab", "<\"a\tb\"@x.example>", 0, errc::invalid_local_part, 3},
        path_case{"QuotedDel", "<\"a\x7f\"@x.example>", 0, errc::invalid_local_part, 3},
        path_case{"QuotedThenAtom", "<\"a\"b@x.example>", 0, errc::invalid_local_part, 4},
        path_case{"AtomThenQuoted", "<a\"b\"@x.example>", 0, errc::invalid_local_part, 2},
        path_case{"QuotedUnterminated", "<\"abc@x.example>", 0, errc::invalid_path, 16}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Rfc5321_4_1_2_Domain, PathGrammar,
    testing::Values(
        path_case{"Single", "<a@localhost>", 0, ok, 0},
        path_case{"AllDigits", "<a@123.456>", 0, ok, 0},
        path_case{"InnerHyphens", "<a@a--b.c-d.example>", 0, ok, 0},
        path_case{"EmptyLabel", "<a@b..example>", 0, errc::invalid_path_domain, 5},
        path_case{"LeadingHyphen", "<a@-b.example>", 0, errc::invalid_path_domain, 3},
        path_case{"TrailingHyphen", "<a@b-.example>", 0, errc::invalid_path_domain, 5},
        path_case{"TrailingHyphenAtEnd", "<a@b->", 0, errc::invalid_path_domain, 5},
        path_case{"TrailingDot", "<a@b.example.>", 0, errc::invalid_path_domain, 13},
        path_case{"Underscore", "<a@my_host.example>", 0, errc::invalid_path_domain, 5},
        path_case{"Space", "<a@b c>", 0, errc::invalid_path_domain, 4}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Rfc5321_4_1_3_AddressLiteral, PathGrammar,
    testing::Values(
        // IPv4-address-literal, Snum 0..255
        path_case{"Ipv4", "<a@[192.0.2.1]>", 0, ok, 0, v4},
        path_case{"Ipv4Zeros", "<a@[0.0.0.0]>", 0, ok, 0, v4},
        path_case{"Ipv4Max", "<a@[255.255.255.255]>", 0, ok, 0, v4},
        path_case{"Ipv4LeadingZeros", "<a@[001.02.003.199]>", 0, ok, 0, v4},
        // "256" could still be a Standardized-tag ("[256:x]" is a General literal), so the
        // machine gives up at the '.' after it.
        path_case{"Ipv4Octet256", "<a@[256.1.1.1]>", 0, errc::invalid_address_literal, 7},
        path_case{"Ipv4Octet260", "<a@[1.1.1.260]>", 0, errc::invalid_address_literal, 12},
        path_case{"Ipv4Octet300", "<a@[300.1.1.1]>", 0, errc::invalid_address_literal, 7},
        path_case{"Ipv4FourDigits", "<a@[1.1.1.0001]>", 0, errc::invalid_address_literal, 13},
        path_case{"Ipv4ThreeParts", "<a@[1.2.3]>", 0, errc::invalid_address_literal, 9},
        path_case{"Ipv4FiveParts", "<a@[1.2.3.4.5]>", 0, errc::invalid_address_literal, 11},
        path_case{"Ipv4Empty", "<a@[]>", 0, errc::invalid_address_literal, 4},
        path_case{"LiteralUnterminated", "<a@[1.2.3.4>", 0, errc::invalid_address_literal, 11},
        path_case{"LiteralThenJunk", "<a@[1.2.3.4]x>", 0, errc::invalid_address_literal, 12},
        // IPv6-full
        path_case{"Ipv6Full", "<a@[IPv6:2001:db8:0:0:0:0:0:1]>", 0, ok, 0, v6},
        path_case{"Ipv6TagAnyCase", "<a@[ipv6:2001:DB8:0:0:0:0:0:1]>", 0, ok, 0, v6},
        path_case{"Ipv6FullSevenGroups", "<a@[IPv6:1:2:3:4:5:6:7]>", 0, errc::invalid_address_literal, 22},
        path_case{"Ipv6FullNineGroups", "<a@[IPv6:1:2:3:4:5:6:7:8:9]>", 0, errc::invalid_address_literal, 24},
        path_case{"Ipv6FiveHexDigits", "<a@[IPv6:12345::]>", 0, errc::invalid_address_literal, 13},
        path_case{"Ipv6NotHex", "<a@[IPv6:g::1]>", 0, errc::invalid_address_literal, 9},
        // IPv6-comp: at most 6 groups besides "::"
        path_case{"Ipv6CompOnly", "<a@[IPv6:::]>", 0, ok, 0, v6},
        path_case{"Ipv6CompLoopback", "<a@[IPv6:::1]>", 0, ok, 0, v6},
        path_case{"Ipv6CompTrailing", "<a@[IPv6:fe80::]>", 0, ok, 0, v6},
        path_case{"Ipv6CompMiddle", "<a@[IPv6:2001:db8::1]>", 0, ok, 0, v6},
        path_case{"Ipv6CompSixLeft", "<a@[IPv6:1:2:3:4:5:6::]>", 0, ok, 0, v6},
        path_case{"Ipv6CompSixRight", "<a@[IPv6:::1:2:3:4:5:6]>", 0, ok, 0, v6},
        path_case{"Ipv6CompSixSplit", "<a@[IPv6:1:2:3::4:5:6]>", 0, ok, 0, v6},
        path_case{"Ipv6CompSevenLeft", "<a@[IPv6:1:2:3:4:5:6:7::]>", 0, errc::invalid_address_literal, 23},
        path_case{"Ipv6CompSevenRight", "<a@[IPv6:::1:2:3:4:5:6:7]>", 0, errc::invalid_address_literal, 22},
        path_case{"Ipv6CompSevenSplit", "<a@[IPv6:1:2:3:4::5:6:7]>", 0, errc::invalid_address_literal, 21},
        path_case{"Ipv6DoubleCompression", "<a@[IPv6:1::2::3]>", 0, errc::invalid_address_literal, 14},
        path_case{"Ipv6TripleColon", "<a@[IPv6:1:::2]>", 0, errc::invalid_address_literal, 12},
        path_case{"Ipv6SingleLeadingColon", "<a@[IPv6::1]>", 0, errc::invalid_address_literal, 10},
        path_case{"Ipv6TrailingColon", "<a@[IPv6:1:2:3:4:5:6:7:8:]>", 0, errc::invalid_address_literal, 24},
        path_case{"Ipv6Empty", "<a@[IPv6:]>", 0, errc::invalid_address_literal, 9},
        // IPv6v4-full and IPv6v4-comp (IPv4-compatible / -mapped)
        path_case{"Ipv6v4Full", "<a@[IPv6:1:2:3:4:5:6:192.0.2.1]>", 0, ok, 0, v6},
        path_case{"Ipv6v4FullFiveGroups", "<a@[IPv6:1:2:3:4:5:192.0.2.1]>", 0, errc::invalid_address_literal, 22},
        path_case{"Ipv6v4FullSevenGroups", "<a@[IPv6:1:2:3:4:5:6:7:192.0.2.1]>", 0, errc::invalid_address_literal, 26},
        path_case{"Ipv6v4CompCompatible", "<a@[IPv6:::192.0.2.1]>", 0, ok, 0, v6},
        path_case{"Ipv6v4CompMapped", "<a@[IPv6:::ffff:192.0.2.1]>", 0, ok, 0, v6},
        path_case{"Ipv6v4CompFourLeft", "<a@[IPv6:1:2:3:4::192.0.2.1]>", 0, ok, 0, v6},
        path_case{"Ipv6v4CompFourSplit", "<a@[IPv6:1::2:3:4:192.0.2.1]>", 0, ok, 0, v6},
        path_case{"Ipv6v4CompFiveLeft", "<a@[IPv6:1:2:3:4:5::192.0.2.1]>", 0, errc::invalid_address_literal, 23},
        path_case{"Ipv6v4CompFiveSplit", "<a@[IPv6:1:2::3:4:5:192.0.2.1]>", 0, errc::invalid_address_literal, 23},
        path_case{"Ipv6v4BadOctet", "<a@[IPv6:::256.0.2.1]>", 0, errc::invalid_address_literal, 14},
        path_case{"Ipv6v4ThreeOctets", "<a@[IPv6:::1.2.3]>", 0, errc::invalid_address_literal, 16},
        // General-address-literal = Standardized-tag ":" 1*dcontent
        path_case{"General", "<a@[x-tag:any!content:here]>", 0, ok, 0, gen},
        path_case{"GeneralDigitTag", "<a@[9:z]>", 0, ok, 0, gen},
        path_case{"GeneralTagLikeIpv6", "<a@[IPv6x:y]>", 0, ok, 0, gen},
        path_case{"GeneralEmptyContent", "<a@[tag:]>", 0, errc::invalid_address_literal, 8},
        path_case{"GeneralBackslash", "<a@[tag:a\\b]>", 0, errc::invalid_address_literal, 9},
        path_case{"GeneralBracket", "<a@[tag:a[b]>", 0, errc::invalid_address_literal, 9},
        path_case{"GeneralSpace", "<a@[tag:a b]>", 0, errc::invalid_address_literal, 9},
        path_case{"GeneralTagEndsWithHyphen", "<a@[tag-:x]>", 0, errc::invalid_address_literal, 8},
        path_case{"Ipv6TagNeverGeneral", "<a@[IPv6:not-an-address]>", 0, errc::invalid_address_literal, 9},
        path_case{"Ipv6TagUpperNeverGeneral", "<a@[IPV6:zz]>", 0, errc::invalid_address_literal, 9}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Rfc5321_4_1_2_SourceRoute, PathGrammar,
    testing::Values(
        path_case{"One", "<@relay.example:u@x.example>", 0, ok, 0},
        path_case{"Two", "<@a.example,@b.example:u@[192.0.2.1]>", 0, ok, 0, v4},
        path_case{"NoMailbox", "<@a.example>", 0, errc::invalid_path, 11},
        path_case{"NoColon", "<@a.example,u@x.example>", 0, errc::invalid_path, 12},
        path_case{"EmptyDomain", "<@:u@x.example>", 0, errc::invalid_path, 2},
        path_case{"BadDomain", "<@a..b:u@x.example>", 0, errc::invalid_path, 4},
        path_case{"Literal", "<@[1.2.3.4]:u@x.example>", 0, errc::invalid_path, 2},
        path_case{"TrailingComma", "<@a.example,:u@x.example>", 0, errc::invalid_path, 12},
        path_case{"BadLocalAfterRoute", "<@a.example:.u@x.example>", 0, errc::invalid_local_part, 12}),
    name_of);

INSTANTIATE_TEST_SUITE_P(
    Rfc6531_3_3_Utf8, PathGrammar,
    testing::Values(
        path_case{"LocalNotPermitted", "<j\xc3\xbcrgen@x.example>", 0, errc::utf8_not_permitted, 2},
        path_case{"DomainNotPermitted", "<a@b\xc3\xbc" "cher.example>", 0, errc::utf8_not_permitted, 4},
        path_case{"NotPermittedAfterSyntaxError", "<a b\xc3\xbc@x.example>", 0, errc::utf8_not_permitted, 4},
        path_case{"NotPermittedEvenIfInvalid", "<a\xc0\x80@x.example>", 0, errc::utf8_not_permitted, 2},
        path_case{"NotPermittedAfterPath", "<a@x.example>\xc3\xbc", 0, errc::utf8_not_permitted, 13},
        path_case{"Local", "<j\xc3\xbcrgen@x.example>", utf8, ok, 0},
        path_case{"LocalCjk", "<\xe7\x94\xa8\xe6\x88\xb7@x.example>", utf8, ok, 0},
        path_case{"LocalFourByte", "<\xf0\x9f\x98\x80@x.example>", utf8, ok, 0},
        path_case{"LocalMaxCodePoint", "<\xf4\x8f\xbf\xbf@x.example>", utf8, ok, 0},
        path_case{"Quoted", "<\"j\xc3\xbc rgen\"@x.example>", utf8, ok, 0},
        path_case{"QuotedPairStaysAscii", "<\"\\\xc3\xbc\"@x.example>", utf8, errc::invalid_local_part, 3},
        path_case{"Overlong", "<a\xc0\x80@x.example>", utf8, errc::invalid_utf8, 2},
        path_case{"OverlongThreeByte", "<a\xe0\x80\xaf@x.example>", utf8, errc::invalid_utf8, 2},
        path_case{"Surrogate", "<a\xed\xa0\x80@x.example>", utf8, errc::invalid_utf8, 2},
        path_case{"AboveMax", "<a\xf4\x90\x80\x80@x.example>", utf8, errc::invalid_utf8, 2},
        path_case{"F5", "<a\xf5\x80\x80\x80@x.example>", utf8, errc::invalid_utf8, 2},
        path_case{"LoneContinuation", "<a\x80@x.example>", utf8, errc::invalid_utf8, 2},
        path_case{"Truncated", "<a\xe4\xbe@x.example>", utf8, errc::invalid_utf8, 2},
        path_case{"TruncatedAtEnd", "<a\xe4\xbe", utf8, errc::invalid_utf8, 2},
        path_case{"InvalidInDomain", "<a@b\xc0\x80.example>", utf8, errc::invalid_utf8, 4},
        path_case{"InvalidInQuoted", "<\"a\xed\xbf\xbf\"@x.example>", utf8, errc::invalid_utf8, 3},
        path_case{"Utf8InLiteral", "<a@[1.2.3.\xc3\xbc]>", utf8, errc::invalid_address_literal, 10},
        path_case{"ULabel", "<a@b\xc3\xbc" "cher.example>", utf8, ok, 0},
        path_case{"ULabelCjk", "<a@\xe4\xbe\x8b\xe5\xad\x90.example>", utf8, ok, 0},
        path_case{"ULabelLeadingHyphen", "<a@-\xc3\xbc.example>", utf8, errc::invalid_path_domain, 3},
        path_case{"ULabelTrailingHyphen", "<a@\xc3\xbc-.example>", utf8, errc::invalid_path_domain, 6},
        // RFC 5891 5.4 via libidn2: U+2665 is DISALLOWED, upper case is not a U-label,
        // "--" in positions 3-4 is reserved.
        path_case{"ULabelDisallowed", "<a@x.i\xe2\x99\xa5ny.example>", utf8, errc::invalid_u_label, 5},
        path_case{"ULabelUpperCase", "<a@B\xc3\xbc" "cher.example>", utf8, errc::invalid_u_label, 3},
        path_case{"ULabelHyphens34", "<a@ab--\xc3\xbc.example>", utf8, errc::invalid_u_label, 3},
        path_case{"ULabelUnchecked", "<a@x.i\xe2\x99\xa5ny.example>", utf8 | no_idna, ok, 0}),
    name_of);

// ---- views and flags ---------------------------------------------------------------

TEST(PathViews, PlainMailbox) {
  const std::string in = "<first.last@mx.example.org>";
  const auto r = parse_path(in, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.mailbox.local_part, "first.last");
  EXPECT_EQ(r.value.mailbox.domain, "mx.example.org");
  EXPECT_FALSE(r.value.null || r.value.postmaster || r.value.mailbox.quoted || r.value.mailbox.utf8 ||
               r.value.mailbox.idn);
  EXPECT_TRUE(r.value.source_route.empty());
  EXPECT_EQ(r.value.mailbox.local_part.data(), in.data() + 1);
}

TEST(PathViews, QuotedKeepsWireForm) {
  const auto r = parse_path("<\"a\\\"b c\"@x.example>", {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.mailbox.local_part, "\"a\\\"b c\"");
  EXPECT_TRUE(r.value.mailbox.quoted);
  std::string decoded;
  ASSERT_TRUE(decode_local_part(r.value.mailbox.local_part, decoded));
  EXPECT_EQ(decoded, "a\"b c");
}

TEST(PathViews, SourceRouteReportedAndIgnoredRfc5321_4_1_2) {
  const auto r = parse_path("<@a.example,@b.example:user@c.example>", {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.source_route, "@a.example,@b.example");
  EXPECT_EQ(r.value.mailbox.local_part, "user");
  EXPECT_EQ(r.value.mailbox.domain, "c.example");
}

TEST(PathViews, NullAndPostmaster) {
  auto r = parse_path("<>", {});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.value.null);
  EXPECT_EQ(r.value.text, "<>");
  EXPECT_TRUE(r.value.mailbox.local_part.empty() && r.value.mailbox.domain.empty());
  path_options rcpt;
  rcpt.allow_null = false;
  rcpt.allow_postmaster = true;
  r = parse_path("<PostMaster>", rcpt);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.value.postmaster);
  EXPECT_FALSE(r.value.null);
  EXPECT_EQ(r.value.mailbox.local_part, "PostMaster");
  EXPECT_TRUE(r.value.mailbox.domain.empty());
  r = parse_path("<postmaster@example.org>", rcpt);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r.value.postmaster) << "with a domain it is an ordinary Forward-path";
}

TEST(PathViews, Utf8AndIdnFlagsRfc6531_3_3) {
  path_options o;
  o.allow_utf8 = true;
  auto r = parse_path("<j\xc3\xbcrgen@example.org>", o);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.value.mailbox.utf8);
  EXPECT_FALSE(r.value.mailbox.idn);
  r = parse_path("<a@b\xc3\xbc" "cher.example>", o);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.value.mailbox.utf8);
  EXPECT_TRUE(r.value.mailbox.idn);
  r = parse_path("<a@mail.XN--bcher-kva.example>", {});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r.value.mailbox.utf8);
  EXPECT_TRUE(r.value.mailbox.idn) << "an A-label";
  r = parse_path("<a@foo--bar.example>", {});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r.value.mailbox.idn) << "\"--\" elsewhere is no A-label";
  r = parse_path("<a@[IPv6:::1]>", o);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r.value.mailbox.idn);
}

TEST(PathViews, LiteralKindNames) {
  EXPECT_EQ(to_string(literal_kind::none), "");
  EXPECT_EQ(to_string(literal_kind::ipv4), "ipv4");
  EXPECT_EQ(to_string(literal_kind::ipv6), "ipv6");
  EXPECT_EQ(to_string(literal_kind::general), "general");
}

// ---- length limits (RFC 5321 4.5.3.1) ------------------------------------------------

std::string path_of(std::size_t local, std::size_t domain) {
  // A domain of `domain` octets made of 50-octet labels.
  std::string d;
  while (d.size() < domain) {
    if (!d.empty()) d += '.';
    d += std::string(std::min<std::size_t>(50, domain - d.size()), 'd');
  }
  if (d.back() == '.') d.back() = 'e';
  return "<" + std::string(local, 'l') + "@" + d + ">";
}

TEST(PathLimits, LocalPartRfc5321_4_5_3_1_1) {
  EXPECT_TRUE(parse_path(path_of(64, 10), {}));
  const auto r = parse_path(path_of(65, 10), {});
  EXPECT_EQ(r.error, errc::local_part_too_long);
  EXPECT_EQ(r.error_offset, 65u);  // the 65th octet of the local part
  // Quotes count: the limit is on the wire form.
  EXPECT_TRUE(parse_path("<\"" + std::string(62, 'q') + "\"@x.example>", {}));
  EXPECT_EQ(parse_path("<\"" + std::string(63, 'q') + "\"@x.example>", {}).error, errc::local_part_too_long);
  // Reported where the limit is crossed even when the path goes wrong later.
  const auto late = parse_path("<" + std::string(70, 'l') + " x@y>", {});
  EXPECT_EQ(late.error, errc::local_part_too_long);
  EXPECT_EQ(late.error_offset, 65u);
}

TEST(PathLimits, DomainRfc5321_4_5_3_1_2) {
  path_options o;
  o.limits.max_path = 1000;  // so only the domain limit applies
  EXPECT_TRUE(parse_path(path_of(1, 255), o));
  const auto r = parse_path(path_of(1, 256), o);
  EXPECT_EQ(r.error, errc::domain_too_long);
  EXPECT_EQ(r.error_offset, 3u + 255u);
  const auto lit = parse_path("<a@[x:" + std::string(300, 'c') + "]>", o);
  EXPECT_EQ(lit.error, errc::domain_too_long) << "address literals count too";
}

TEST(PathLimits, PathRfc5321_4_5_3_1_3) {
  // "<" + 64 + "@" + 189 + ">" = 256 octets.
  EXPECT_EQ(path_of(64, 189).size(), 256u);
  EXPECT_TRUE(parse_path(path_of(64, 189), {}));
  const auto r = parse_path(path_of(64, 190), {});
  EXPECT_EQ(r.error, errc::path_too_long);
  EXPECT_EQ(r.error_offset, 256u);
  // The source route counts.
  const std::string routed = "<@" + std::string(200, 'r') + ":" + path_of(20, 40).substr(1);
  EXPECT_EQ(parse_path(routed, {}).error, errc::path_too_long);
}

TEST(PathLimits, Configurable) {
  path_options o;
  o.limits = {8, 12, 30};
  EXPECT_TRUE(parse_path("<llllllll@dddddddddddd>", o));
  EXPECT_EQ(parse_path("<lllllllll@d>", o).error, errc::local_part_too_long);
  EXPECT_EQ(parse_path("<l@ddddddddddddd>", o).error, errc::domain_too_long);
  // Both the domain (crossed at offset 22) and the path (at 30) are too long: the
  // earliest crossing is reported.
  auto r = parse_path("<llllllll@dddddddddddd.ddddddd>", o);
  EXPECT_EQ(r.error, errc::domain_too_long);
  EXPECT_EQ(r.error_offset, 22u);
  o.limits.max_path = 20;
  r = parse_path("<llllllll@dddddddddddd>", o);
  EXPECT_EQ(r.error, errc::path_too_long);
  EXPECT_EQ(r.error_offset, 20u);
  o.limits = {1000, 1000, 100000};
  EXPECT_TRUE(parse_path(path_of(900, 900), o));
}

TEST(PathLimits, Mailbox) {
  EXPECT_TRUE(parse_mailbox(path_of(64, 189).substr(1, 254), {}));
  const auto r = parse_mailbox(path_of(64, 190).substr(1, 255), {});
  EXPECT_EQ(r.error, errc::path_too_long) << "measured as the path it would be";
  EXPECT_EQ(r.error_offset, 254u);
  EXPECT_EQ(parse_mailbox(std::string(65, 'l') + "@x", {}).error, errc::local_part_too_long);
}

// ---- the fast path agrees with the machine ----------------------------------------------

TEST(PathFastPath, AcceptsOnlyWhatTheMachineAccepts) {
  const std::vector<std::string> inputs = {
      "<a@b>", "<first.last+tag@mail.example.org>", "<a@b> SIZE=1", "<a@b>>", "<a@b-c.d>",
      "<a@b->", "<a@-b>", "<a@b..c>", "<.a@b>", "<a.@b>", "<a..b@c>", "<@r:a@b>", "<\"q\"@b>",
      "<a@[1.2.3.4]>", "<Postmaster>", "<>", "<a@b", "<a@", "<a", "<", "", "<j\xc3\xbc@b>", "<a@b.>",
      "<" + std::string(300, 'x') + "@" + std::string(300, 'y') + ">", "<\"a\\\"b\"@c>", "<\"\"@c>",
      "<\"a\\\x01\"@c>", "<\"a\x7f\"@c>", "<\"\xc3\xbc\"@c>", "<\"\xc3\"@c>", "<a@[1.2.3.256]>",
      "<a@[1.2.3.0255]>", "<a@[001.2.3.4]>", "<a@[1.2.3]>", "<a@[1.2.3.4.5]>", "<a@[1.2.3.4>", "<a@[]>",
      "<a@b\xc3\xbc.c>", "<a@\xc3\xbc-x.c>", "<a@-\xc3\xbc.c>", "<a@\xc3\xbc-.c>", "<a@\xed\xa0\x80.c>",
      "<a@\xf4\x90\x80\x80.c>", "<a@\xc0\xaf.c>", "<\xe0\x80\x80@c>", "<\xc3@c>", "<a\xc3\xbc.b@c>"};
  std::size_t accepted = 0;
  for (const auto& in : inputs) {
    const auto* b = reinterpret_cast<const unsigned char*>(in.data());
    detail::path_scan fast, machine;
    machine.run(detail::path_rule::path, b, in.size());
    if (!fast.run_fast(b, in.size())) continue;
    ++accepted;
    EXPECT_TRUE(machine.accepted) << in;
    EXPECT_EQ(fast.stop, machine.stop) << in;
    EXPECT_EQ(fast.at, machine.at) << in;
  }
  EXPECT_GE(accepted, 15u);  // quoted, IPv4 literal, UTF-8 and "<>" forms among them
  detail::path_scan s;
  EXPECT_TRUE(s.run_fast(reinterpret_cast<const unsigned char*>("<a@b>"), 5));
  EXPECT_EQ(s.at, 2u);
  EXPECT_EQ(s.stop, 5u);
}

// Random paths from the bytes that matter to the fast path's rules, on every scan path the
// CPU has (the AVX2 bit-mask recogniser, detail::match_plain_path_vector, and the byte
// loops): whatever run_fast accepts, the machine accepts with the same offsets, and every
// scan path accepts the same.
TEST(PathFastPath, RandomPathsAgreeOnEveryScanPath) {
  std::mt19937 rng(5321);
  const std::string alphabet = "aZ09...---@@>>\"+_'[]:x\xc3\xbc\x80 ";
  std::vector<detail::scan_path> scan_paths;
  for (auto p : {detail::scan_path::portable, detail::scan_path::avx2, detail::scan_path::avx512})
    if (detail::scan_path_available(p)) scan_paths.push_back(p);
  std::size_t accepted = 0;
  for (int n = 0; n < 40000; ++n) {
    std::string in = "<";
    const std::size_t len = 2 + rng() % 70;
    for (std::size_t k = 0; k < len; ++k) {
      // Mostly well-formed pieces, so that many inputs pass.
      switch (rng() % 8) {
        case 0: in += alphabet[rng() % alphabet.size()]; break;
        case 1: in += '.'; break;
        case 2: in += '-'; break;
        default: in += static_cast<char>('a' + rng() % 26); break;
      }
      if (k == len / 2) in += '@';
    }
    in += rng() % 4 ? ">" : "> SIZE=1";
    // The path inside a longer line, as the command parser hands it over: the recogniser
    // may read the bytes before it (to class a short tail without a copy), never after.
    const std::size_t before = rng() % 40;
    const std::string line = std::string(before, 'x') + in;
    const auto* b = reinterpret_cast<const unsigned char*>(line.data()) + before;
    detail::path_scan machine;
    machine.run(detail::path_rule::path, b, in.size());
    bool first = true, first_accepted = false;
    for (auto sp : scan_paths) {
      ASSERT_TRUE(detail::force_scan_path(sp));
      detail::path_scan fast;
      const bool took = fast.run_fast(b, in.size(), before);
      if (first) first_accepted = took;
      EXPECT_EQ(took, first_accepted) << detail::to_string(sp) << ' ' << in;
      first = false;
      if (!took) continue;
      EXPECT_TRUE(machine.accepted) << in;
      EXPECT_EQ(fast.stop, machine.stop) << in;
      EXPECT_EQ(fast.at, machine.at) << in;
    }
    accepted += first_accepted;
  }
  detail::reset_scan_path();
  EXPECT_GT(accepted, 2000u);
}

// ---- parse_path_prefix / parse_mailbox / validate_helo_domain ----------------------------

TEST(PathPrefix, StopsAfterTheClosingBracket) {
  std::size_t len = 99;
  auto r = detail::parse_path_prefix("<a@b.example> SIZE=10", {}, len);
  ASSERT_TRUE(r);
  EXPECT_EQ(len, 13u);
  EXPECT_EQ(r.value.text, "<a@b.example>");
  // Bytes after the path are never examined, not even for UTF-8.
  r = detail::parse_path_prefix("<\"a>b\"@x.example>\xff\xfe", {}, len);
  ASSERT_TRUE(r);
  EXPECT_EQ(len, 17u);
  r = detail::parse_path_prefix("<>x", {}, len);
  ASSERT_TRUE(r);
  EXPECT_EQ(len, 2u);
  r = detail::parse_path_prefix("<a@b.example", {}, len);
  EXPECT_EQ(r.error, errc::invalid_path);
  EXPECT_EQ(len, 0u);
  // Non-ASCII before the point of failure is named even without the whole-input scan.
  r = detail::parse_path_prefix("<\xc3\xbc x@y>", {}, len);
  EXPECT_EQ(r.error, errc::utf8_not_permitted);
  EXPECT_EQ(r.error_offset, 1u);
}

TEST(PathMailbox, Forms) {
  auto r = parse_mailbox("user@example.org", {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.local_part, "user");
  EXPECT_EQ(r.value.domain, "example.org");
  r = parse_mailbox("\"a b\"@[IPv6:::1]", {});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.value.quoted);
  EXPECT_EQ(r.value.literal, literal_kind::ipv6);
  EXPECT_EQ(parse_mailbox("<a@b>", {}).error, errc::invalid_local_part);
  EXPECT_EQ(parse_mailbox("user", {}).error, errc::invalid_path);
  EXPECT_EQ(parse_mailbox("a@", {}).error, errc::invalid_path_domain);
  EXPECT_EQ(parse_mailbox("a@b.example ", {}).error, errc::invalid_path_domain);
  EXPECT_EQ(parse_mailbox("a@[1.2.3.4", {}).error, errc::invalid_address_literal);
  EXPECT_EQ(parse_mailbox("Postmaster", {}).error, errc::invalid_path);
  EXPECT_EQ(parse_mailbox("j\xc3\xbc@x", {}).error, errc::utf8_not_permitted);
  path_options o;
  o.allow_utf8 = true;
  EXPECT_TRUE(parse_mailbox("j\xc3\xbc@x", o).value.utf8);
  EXPECT_EQ(parse_mailbox("j\xc3@x", o).error, errc::invalid_utf8);
}

struct helo_case {
  const char* name;
  std::string arg;
  bool utf8;
  errc error;
  literal_kind kind;
};

void PrintTo(const helo_case& c, std::ostream* os) { *os << c.name; }

class PathHeloDomain : public testing::TestWithParam<helo_case> {};

TEST_P(PathHeloDomain, Rfc5321_4_1_1_1) {
  const helo_case& c = GetParam();
  literal_kind k = literal_kind::general;
  EXPECT_EQ(detail::validate_helo_domain(c.arg, c.utf8, k), c.error);
  EXPECT_EQ(k, c.error == errc{} ? c.kind : literal_kind::none);
}

INSTANTIATE_TEST_SUITE_P(
    All, PathHeloDomain,
    testing::Values(helo_case{"Domain", "mx.example.org", false, ok, literal_kind::none},
                    helo_case{"Ipv4", "[192.0.2.1]", false, ok, v4},
                    helo_case{"Ipv6", "[IPv6:2001:db8::1]", false, ok, v6},
                    helo_case{"General", "[x:y]", false, ok, gen},
                    helo_case{"Underscore", "my_host", false, errc::invalid_domain, literal_kind::none},
                    helo_case{"Empty", "", false, errc::invalid_domain, literal_kind::none},
                    helo_case{"BadOctet", "[300.1.1.1]", false, errc::invalid_domain, literal_kind::none},
                    helo_case{"Max255", std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                                            std::string(63, 'c') + "." + std::string(63, 'd'),
                              false, ok, literal_kind::none},
                    helo_case{"Over255", std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                                             std::string(63, 'c') + "." + std::string(64, 'd'),
                              false, errc::invalid_domain, literal_kind::none},
                    helo_case{"ULabelRefused", "b\xc3\xbc" "cher.example", false, errc::utf8_not_permitted,
                              literal_kind::none},
                    helo_case{"ULabel", "b\xc3\xbc" "cher.example", true, ok, literal_kind::none},
                    helo_case{"BadUtf8", "b\xc0\x80.example", true, errc::invalid_utf8, literal_kind::none},
                    helo_case{"BadULabel", "i\xe2\x99\xa5ny.example", true, errc::invalid_u_label,
                              literal_kind::none}),
    [](const testing::TestParamInfo<helo_case>& i) { return std::string(i.param.name); });

// ---- validate_utf8 (RFC 3629) ----------------------------------------------------------

TEST(PathUtf8, ValidateRfc3629) {
  struct tc {
    std::string s;
    std::size_t expect;
  };
  const std::vector<tc> cases = {
      {"", 0},
      {"plain ascii, longer than eight bytes", 36},
      {"\xc2\x80", 2},
      {"\xdf\xbf", 2},
      {"\xe0\xa0\x80", 3},
      {"\xed\x9f\xbf", 3},           // U+D7FF, just below the surrogates
      {"\xee\x80\x80", 3},           // U+E000, just above
      {"\xf0\x90\x80\x80", 4},
      {"\xf4\x8f\xbf\xbf", 4},       // U+10FFFF
      {"abcdefgh\xc3\xbc" "abcdefgh", 18},
      {"\xc0\x80", 0},               // overlong NUL
      {"\xc1\xbf", 0},               // overlong
      {"\xe0\x9f\xbf", 0},           // overlong three-byte
      {"\xf0\x8f\xbf\xbf", 0},       // overlong four-byte
      {"\xed\xa0\x80", 0},           // surrogate U+D800
      {"\xed\xbf\xbf", 0},           // surrogate U+DFFF
      {"\xf4\x90\x80\x80", 0},       // U+110000
      {"\xf5\x80\x80\x80", 0},
      {"\xff", 0},
      {"\x80", 0},                   // lone continuation
      {"abcdefghij\xe4\xbe", 10},    // truncated at the end
      {"\xe4\xbe" "abc", 0},         // truncated inside
      {"\xc3\xbc\xc3", 2},
      {"ok\xe2\x82\xac\xf0\x9f\x98\x80" "ok\xed\xa0\x80", 11},
  };
  for (const auto& c : cases) EXPECT_EQ(validate_utf8(c.s), c.expect) << testing::PrintToString(c.s);
}

// ---- IDNA conversions (RFC 5890/5891/3492) ---------------------------------------------

TEST(PathIdna, RoundTrip) {
  std::string a, u;
  ASSERT_TRUE(domain_to_ascii("b\xc3\xbc" "cher.example", a));
  EXPECT_EQ(a, "xn--bcher-kva.example");
  ASSERT_TRUE(domain_to_unicode(a, u));
  EXPECT_EQ(u, "b\xc3\xbc" "cher.example");
  ASSERT_TRUE(domain_to_ascii("\xe4\xbe\x8b\xe5\xad\x90.example", a));
  EXPECT_EQ(a, "xn--fsqu00a.example");
  ASSERT_TRUE(domain_to_unicode("mail.XN--FSQU00A.example", u));
  EXPECT_EQ(u, "mail.\xe4\xbe\x8b\xe5\xad\x90.example");
}

TEST(PathIdna, AsciiAndALabels) {
  std::string a;
  ASSERT_TRUE(domain_to_ascii("Mail.Example.ORG", a));
  EXPECT_EQ(a, "Mail.Example.ORG") << "ASCII labels are kept";
  ASSERT_TRUE(domain_to_ascii("XN--BCHER-KVA.example", a));
  EXPECT_EQ(a, "xn--bcher-kva.example") << "A-labels are lower-cased";
  std::string u;
  ASSERT_TRUE(domain_to_unicode("Mail.Example.ORG", u));
  EXPECT_EQ(u, "Mail.Example.ORG");
  ASSERT_TRUE(domain_to_unicode("b\xc3\xbc" "cher.example", u)) << "U-labels are kept";
  EXPECT_EQ(u, "b\xc3\xbc" "cher.example");
}

TEST(PathIdna, Refusals) {
  std::string out = "stale";
  EXPECT_FALSE(domain_to_ascii("[192.0.2.1]", out));
  EXPECT_TRUE(out.empty());
  out = "stale";
  EXPECT_FALSE(domain_to_unicode("[IPv6:::1]", out));
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(domain_to_ascii("", out));
  EXPECT_FALSE(domain_to_ascii("a..b", out));
  EXPECT_FALSE(domain_to_ascii("i\xe2\x99\xa5ny.example", out));  // DISALLOWED code point
  EXPECT_FALSE(domain_to_ascii("B\xc3\xbc" "cher.example", out));  // not a U-label (upper case)
  EXPECT_FALSE(domain_to_ascii("xn--zz.example", out));           // bad Punycode
  EXPECT_FALSE(domain_to_unicode("xn--zz.example", out));
  EXPECT_FALSE(domain_to_unicode("xn--ls8h.example", out));       // decodes to a DISALLOWED emoji
  EXPECT_FALSE(domain_to_unicode("i\xe2\x99\xa5ny.example", out));
  EXPECT_FALSE(domain_to_ascii("b\xc0\x80.example", out));
}

// ---- writer (write_mailbox / write_path / decode_local_part) ---------------------------

struct write_case {
  const char* name;
  std::string local;
  std::string domain;
  unsigned opts;
  errc error;
  std::string wire;  // write_path's output when error == errc{}
};

void PrintTo(const write_case& c, std::ostream* os) { *os << c.name; }

class PathWriter : public testing::TestWithParam<write_case> {};

TEST_P(PathWriter, RoundTrips) {
  const write_case& c = GetParam();
  path_options o = options(c.opts);
  std::string out = "prefix:";
  EXPECT_EQ(write_path(c.local, c.domain, out, o), c.error) << to_string(write_path(c.local, c.domain, out, o));
  if (c.error != errc{}) {
    EXPECT_EQ(out, "prefix:") << "appends only on success";
    return;
  }
  ASSERT_EQ(out, "prefix:" + c.wire);
  // The invariant: what the writer writes, the parser reads back as the same address.
  path_options parse = o;
  parse.allow_null = parse.allow_postmaster = true;
  const auto r = parse_path(c.wire, parse);
  ASSERT_TRUE(r) << to_string(r.error) << " at " << r.error_offset;
  if (r.value.null) {
    EXPECT_TRUE(c.local.empty() && c.domain.empty());
    return;
  }
  std::string decoded;
  ASSERT_TRUE(decode_local_part(r.value.mailbox.local_part, decoded));
  EXPECT_EQ(decoded, c.local);
  EXPECT_EQ(r.value.mailbox.domain, c.domain);
  // write_mailbox writes the same minus the brackets (for ordinary mailboxes).
  if (!c.domain.empty()) {
    std::string m;
    ASSERT_EQ(write_mailbox(c.local, c.domain, m, o), errc{});
    EXPECT_EQ("<" + m + ">", c.wire);
    EXPECT_TRUE(parse_mailbox(m, parse));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rfc5321_4_1_2, PathWriter,
    testing::Values(
        write_case{"DotString", "first.last", "example.org", 0, ok, "<first.last@example.org>"},
        write_case{"Atext", "a+tag=x/y", "example.org", 0, ok, "<a+tag=x/y@example.org>"},
        write_case{"Space", "john doe", "example.org", 0, ok, "<\"john doe\"@example.org>"},
        write_case{"Empty", "", "example.org", 0, ok, "<\"\"@example.org>"},
        write_case{"Quote", "a\"b", "x.example", 0, ok, "<\"a\\\"b\"@x.example>"},
        write_case{"Backslash", "a\\b", "x.example", 0, ok, "<\"a\\\\b\"@x.example>"},
        write_case{"Angle", "a>b", "x.example", 0, ok, "<\"a>b\"@x.example>"},
        write_case{"AngleEnd", ">", "x.example", 0, ok, "<\">\"@x.example>"},
        write_case{"At", "a@b", "x.example", 0, ok, "<\"a@b\"@x.example>"},
        write_case{"DoubleDot", "a..b", "x.example", 0, ok, "<\"a..b\"@x.example>"},
        write_case{"LeadingDot", ".a", "x.example", 0, ok, "<\".a\"@x.example>"},
        write_case{"Hostile", "x> SIZE=1\" \\", "x.example", 0, ok, "<\"x> SIZE=1\\\" \\\\\"@x.example>"},
        write_case{"Literal4", "a", "[192.0.2.1]", 0, ok, "<a@[192.0.2.1]>"},
        write_case{"Literal6", "a", "[IPv6:2001:db8::1]", 0, ok, "<a@[IPv6:2001:db8::1]>"},
        write_case{"Null", "", "", 0, ok, "<>"},
        write_case{"NullRefused", "", "", no_null, errc::null_path_not_permitted, ""},
        write_case{"Postmaster", "postMaster", "", postmaster, ok, "<postMaster>"},
        write_case{"PostmasterRefused", "Postmaster", "", 0, errc::invalid_path_domain, ""},
        write_case{"NoDomain", "a", "", 0, errc::invalid_path_domain, ""},
        write_case{"Utf8", "j\xc3\xbcrgen", "b\xc3\xbc" "cher.example", utf8, ok,
                   "<j\xc3\xbcrgen@b\xc3\xbc" "cher.example>"},
        write_case{"Utf8Quoted", "j\xc3\xbc rgen", "x.example", utf8, ok, "<\"j\xc3\xbc rgen\"@x.example>"},
        write_case{"Utf8Refused", "j\xc3\xbcrgen", "x.example", 0, errc::utf8_not_permitted, ""},
        write_case{"Utf8DomainRefused", "a", "b\xc3\xbc" "cher.example", 0, errc::utf8_not_permitted, ""},
        write_case{"Utf8Invalid", "a\xed\xa0\x80", "x.example", utf8, errc::invalid_utf8, ""},
        write_case{"Utf8DomainInvalid", "a", "b\xc0\x80.example", utf8, errc::invalid_utf8, ""},
        write_case{"ULabelInvalid", "a", "i\xe2\x99\xa5ny.example", utf8, errc::invalid_u_label, ""},
        write_case{"Cr", "a\rb", "x.example", 0, errc::invalid_local_part, ""},
        write_case{"Lf", "a\nb", "x.example", 0, errc::invalid_local_part, ""},
        write_case{"CrLfInjection", "a>\r\nRSET\r\n", "x.example", 0, errc::invalid_local_part, ""},
        write_case{"Nul", "a\0b"s, "x.example", 0, errc::invalid_local_part, ""},
        write_case{"Tab", "a\tb", "x.example", 0, errc::invalid_local_part, ""},
        write_case{"Del", "a\x7f", "x.example", 0, errc::invalid_local_part, ""},
        write_case{"BadDomain", "a", "b..example", 0, errc::invalid_path_domain, ""},
        write_case{"DomainInjection", "a", "x.example> SIZE=1", 0, errc::invalid_path_domain, ""},
        write_case{"BadLiteral", "a", "[1.2.3.256]", 0, errc::invalid_address_literal, ""},
        write_case{"LocalMax", std::string(64, 'l'), "x.example", 0, ok, "<" + std::string(64, 'l') + "@x.example>"},
        write_case{"LocalTooLong", std::string(65, 'l'), "x.example", 0, errc::local_part_too_long, ""},
        write_case{"QuotedTooLong", std::string(62, 'l') + " ", "x.example", 0, errc::local_part_too_long, ""},
        write_case{"DomainTooLong", "a", std::string(256, 'd'), 0, errc::domain_too_long, ""},
        write_case{"PathMax", std::string(64, 'l'), std::string(189, 'd'), 0, ok,
                   "<" + std::string(64, 'l') + "@" + std::string(189, 'd') + ">"},
        write_case{"PathTooLong", std::string(64, 'l'), std::string(190, 'd'), 0, errc::path_too_long, ""}),
    [](const testing::TestParamInfo<write_case>& i) { return std::string(i.param.name); });

TEST(PathWriter, WriteMailboxErrors) {
  std::string out;
  EXPECT_EQ(write_mailbox("a", "", out, {}), errc::invalid_path_domain);
  EXPECT_EQ(write_mailbox("a\r", "x.example", out, {}), errc::invalid_local_part);
  EXPECT_TRUE(out.empty());
  ASSERT_EQ(write_mailbox("", "x.example", out, {}), errc{});
  EXPECT_EQ(out, "\"\"@x.example");
}

TEST(PathWriter, PostmasterHeldToLimits) {
  path_options o;
  o.allow_postmaster = true;
  o.limits = {8, 16, 32};
  std::string out;
  EXPECT_EQ(write_path("Postmaster", "", out, o), errc::local_part_too_long);
  o.limits = {64, 255, 11};
  EXPECT_EQ(write_path("Postmaster", "", out, o), errc::path_too_long);
  EXPECT_TRUE(out.empty());
  o.limits = {};
  ASSERT_EQ(write_path("Postmaster", "", out, o), errc{});
  EXPECT_EQ(out, "<Postmaster>");
}

TEST(PathWriter, DecodeLocalPart) {
  std::string out = "stale";
  ASSERT_TRUE(decode_local_part("plain.atom", out));
  EXPECT_EQ(out, "plain.atom");
  ASSERT_TRUE(decode_local_part("\"\\a\\\\\\\" x\"", out));
  EXPECT_EQ(out, "a\\\" x");
  ASSERT_TRUE(decode_local_part("\"\"", out));
  EXPECT_EQ(out, "");
  out = "stale";
  EXPECT_FALSE(decode_local_part("a..b", out));
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(decode_local_part("", out));
  EXPECT_FALSE(decode_local_part("\"a", out));
  EXPECT_FALSE(decode_local_part("\"a\"b", out));
  EXPECT_FALSE(decode_local_part("a\xc0\x80", out));
  ASSERT_TRUE(decode_local_part("\"j\xc3\xbc\"", out));
  EXPECT_EQ(out, "j\xc3\xbc");
}

TEST(PathWriter, EveryPrintableByteRoundTrips) {
  // Each single byte, alone and between letters: written, parsed back, decoded back.
  path_options parse;
  for (int c = 0x20; c < 0x7f; ++c) {
    for (const std::string& local : {std::string(1, static_cast<char>(c)), "a" + std::string(1, static_cast<char>(c)) + "b"}) {
      std::string out;
      ASSERT_EQ(write_path(local, "x.example", out, {}), errc{}) << c;
      const auto r = parse_path(out, parse);
      ASSERT_TRUE(r) << out;
      std::string decoded;
      ASSERT_TRUE(decode_local_part(r.value.mailbox.local_part, decoded));
      EXPECT_EQ(decoded, local);
    }
  }
}

}  // namespace
}  // namespace smtpcodec

namespace smtpcodec {
namespace {

// The per-thread cache of U-label verdicts (src/idna.cpp) answers as libidn2 does: the same
// labels asked again, in another order, and enough different ones to evict each other, give
// the verdicts they gave the first time; valid and invalid ones both occur.
TEST(ULabelVerdicts, SameAnswerFromTheCache) {
  std::vector<std::string> domains;
  for (int i = 0; i < 300; ++i) {
    domains.push_back("b\xc3\xbc" "cher" + std::to_string(i) + ".example");           // valid
    domains.push_back("B\xc3\xbc" "cher" + std::to_string(i) + ".example");           // upper case: invalid
    domains.push_back("i\xe2\x99\xa5ny" + std::to_string(i) + ".example");            // a symbol: invalid
    domains.push_back("\xe4\xbe\x8b\xe5\xad\x90" + std::to_string(i % 7) + ".example");  // valid, repeating
  }
  std::vector<std::size_t> first;
  for (const auto& d : domains) first.push_back(detail::find_invalid_u_label(d));
  std::size_t valid = 0;
  for (int round = 0; round < 3; ++round) {
    for (std::size_t k = 0; k < domains.size(); ++k) {
      const std::size_t i = round == 1 ? domains.size() - 1 - k : k;  // also backwards
      EXPECT_EQ(detail::find_invalid_u_label(domains[i]), first[i]) << domains[i];
    }
  }
  for (std::size_t i = 0; i < domains.size(); ++i) valid += first[i] == detail::path_scan::npos;
  EXPECT_EQ(valid, 600u);
  EXPECT_EQ(first[1], 0u);  // "Bücher0": the first label is the bad one
}

}  // namespace
}  // namespace smtpcodec
