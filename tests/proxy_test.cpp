// PROXY protocol v1/v2 (HAProxy doc/proxy-protocol.txt): every valid form, every error,
// need_more for every prefix, bytes after the header untouched, writers and address text.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "smtpcodec/proxy.hpp"

namespace smtpcodec {
namespace {

using namespace std::string_literals;

std::string bytes(std::initializer_list<int> list) {
  std::string s;
  for (int b : list) s.push_back(static_cast<char>(b));
  return s;
}

std::string be16(std::size_t v) { return bytes({static_cast<int>(v >> 8 & 0xff), static_cast<int>(v & 0xff)}); }

std::string tlv(int type, std::string_view value) {
  return bytes({type}) + be16(value.size()) + std::string(value);
}

/// A v2 header: signature, ver_cmd, fam, length of `body`, body.
std::string v2(int ver_cmd, int fam, const std::string& body) {
  return std::string(proxy_v2_signature) + bytes({ver_cmd, fam}) + be16(body.size()) + body;
}

const std::string inet_block = bytes({192, 0, 2, 1, 198, 51, 100, 7, 0xd4, 0x31, 0x00, 0x19});  // 54321 -> 25
const std::string inet6_block = bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                                       0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
                                       0x04, 0x00, 0x01, 0xd1});                                      // 1024 -> 465
std::string unix_block(std::string_view src, std::string_view dst) {
  std::string s(src);
  s.resize(108, '\0');
  s += dst;
  s.resize(216, '\0');
  return s;
}

std::array<std::uint8_t, 16> addr(std::initializer_list<int> list) {
  std::array<std::uint8_t, 16> a{};
  std::size_t i = 0;
  for (int b : list) a[i++] = static_cast<std::uint8_t>(b);
  return a;
}

/// Bitwise CRC32c (RFC 4960 Appendix B), independent of the library's table.
std::uint32_t crc32c_ref(std::string_view s) {
  std::uint32_t crc = 0xFFFFFFFFU;
  for (char ch : s) {
    crc ^= static_cast<std::uint8_t>(ch);
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0x82F63B78U & (0U - (crc & 1U)));
  }
  return ~crc;
}

/// Fills the CRC32C TLV value (4 zero bytes at `at`) of a header built by hand.
std::string with_crc(std::string h, std::size_t at) {
  const std::uint32_t c = crc32c_ref(h);
  for (std::size_t k = 0; k < 4; ++k) h[at + k] = static_cast<char>(c >> (24 - 8 * k) & 0xff);
  return h;
}

bool inside(std::string_view v, std::string_view in) {
  return v.empty() || (v.data() >= in.data() && v.data() + v.size() <= in.data() + in.size());
}

/// A PROXY (not LOCAL) header for TCP over IPv4 without TLVs.
void expect_tcp4(const proxy_header& h, const std::array<std::uint8_t, 16>& src,
                 const std::array<std::uint8_t, 16>& dst, std::uint16_t sport, std::uint16_t dport) {
  EXPECT_FALSE(h.local);
  EXPECT_TRUE(h.has_addresses());
  EXPECT_EQ(h.family, proxy_family::inet);
  EXPECT_EQ(h.transport, proxy_transport::stream);
  EXPECT_EQ(h.source_addr, src);
  EXPECT_EQ(h.dest_addr, dst);
  EXPECT_EQ(h.source_port, sport);
  EXPECT_EQ(h.dest_port, dport);
  EXPECT_TRUE(h.tlvs.empty());
}

// ---- v1 -----------------------------------------------------------------------------

TEST(ProxyV1, Spec21Tcp4ExampleLine) {
  const std::string in = "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n";
  const auto r = parse_proxy_header(in);
  ASSERT_TRUE(r) << to_string(r.error);
  EXPECT_EQ(r.consumed, in.size());
  EXPECT_EQ(r.header.version, 1);
  expect_tcp4(r.header, addr({192, 168, 0, 1}), addr({192, 168, 0, 11}), 56324, 443);
}

struct v1_case {
  const char* name;
  std::string line;
  proxy_family family;
  std::array<std::uint8_t, 16> src, dst;
  std::uint16_t sport, dport;
};

void PrintTo(const v1_case& c, std::ostream* os) { *os << c.name; }

class ProxyV1Valid : public ::testing::TestWithParam<v1_case> {};

TEST_P(ProxyV1Valid, Parses) {
  const auto& c = GetParam();
  const auto r = parse_proxy_header(c.line);
  ASSERT_TRUE(r) << to_string(r.error) << " at " << r.error_offset;
  EXPECT_EQ(r.consumed, c.line.size());
  EXPECT_EQ(r.header.family, c.family);
  EXPECT_EQ(r.header.local, c.family == proxy_family::unspec);
  EXPECT_EQ(r.header.source_addr, c.src);
  EXPECT_EQ(r.header.dest_addr, c.dst);
  EXPECT_EQ(r.header.source_port, c.sport);
  EXPECT_EQ(r.header.dest_port, c.dport);
}

const std::array<std::uint8_t, 16> zero{};
const auto db8_1 = addr({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

INSTANTIATE_TEST_SUITE_P(
    ProxySpec21, ProxyV1Valid,
    ::testing::Values(
        v1_case{"Tcp4Extremes", "PROXY TCP4 0.0.0.0 255.255.255.255 0 65535\r\n", proxy_family::inet, zero,
                addr({255, 255, 255, 255}), 0, 65535},
        v1_case{"Tcp4TwoDigitOctets", "PROXY TCP4 10.99.250.249 1.20.199.100 10000 59999\r\n", proxy_family::inet,
                addr({10, 99, 250, 249}), addr({1, 20, 199, 100}), 10000, 59999},
        v1_case{"Tcp6Compressed", "PROXY TCP6 2001:db8::1 ::1 1024 25\r\n", proxy_family::inet6, db8_1,
                addr({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}), 1024, 25},
        v1_case{"Tcp6FullUpperCase", "PROXY TCP6 2001:0DB8:0000:0000:0000:0000:0000:0001 :: 65535 587\r\n",
                proxy_family::inet6, db8_1, zero, 65535, 587},
        v1_case{"Tcp6AllFfff", "PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 1:: 1 2\r\n", proxy_family::inet6,
                addr({255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255}),
                addr({0, 1}), 1, 2},
        v1_case{"Tcp6Rfc4291MixedTail", "PROXY TCP6 ::ffff:192.0.2.1 1:2:3:4:5:6:7.8.9.10 25 26\r\n",
                proxy_family::inet6, addr({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1}),
                addr({0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 7, 8, 9, 10}), 25, 26},
        v1_case{"Tcp6GapInMiddle", "PROXY TCP6 1:2::7:8 1:2:3:4:5:6::8 6 65530\r\n", proxy_family::inet6,
                addr({0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 8}),
                addr({0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 0, 0, 8}), 6, 65530},
        v1_case{"UnknownShortForm", "PROXY UNKNOWN\r\n", proxy_family::unspec, zero, zero, 0, 0},
        v1_case{"UnknownIgnoresRest", "PROXY UNKNOWN ffff:f::f ffff:f::f 65535 65535\r\n", proxy_family::unspec, zero,
                zero, 0, 0},
        v1_case{"UnknownIgnoresGarbage", "PROXY UNKNOWN \x01\x7f\xff not-an-address\r\n", proxy_family::unspec, zero,
                zero, 0, 0},
        v1_case{"UnknownExactly107Octets", "PROXY UNKNOWN " + std::string(91, 'x') + "\r\n", proxy_family::unspec,
                zero, zero, 0, 0}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(ProxyV1, Spec21LongestTcp6LineIs104Octets) {
  const std::string a = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
  const std::string in = "PROXY TCP6 " + a + " " + a + " 65535 65535\r\n";
  ASSERT_EQ(in.size(), 104U);
  EXPECT_TRUE(parse_proxy_header(in));
}

struct error_case {
  const char* name;
  std::string in;
  errc error;
  std::size_t offset;
};

void PrintTo(const error_case& c, std::ostream* os) { *os << c.name; }

class ProxyErrors : public ::testing::TestWithParam<error_case> {};

TEST_P(ProxyErrors, Rejects) {
  const auto& c = GetParam();
  const auto r = parse_proxy_header(c.in);
  ASSERT_EQ(r.status, proxy_status::error);
  EXPECT_EQ(r.error, c.error) << to_string(r.error);
  EXPECT_EQ(r.error_offset, c.offset);
  EXPECT_EQ(r.consumed, 0U);
  EXPECT_EQ(r.header, proxy_header{});
  EXPECT_EQ(r.reply().code, 421);
  EXPECT_EQ(r.reply().status, (enhanced_status{4, 7, 0}));
}

INSTANTIATE_TEST_SUITE_P(
    ProxySpec21, ProxyErrors,
    ::testing::Values(
        error_case{"NotProxyAtAll", "EHLO client.example\r\n", errc::proxy_invalid_header, 0},
        error_case{"LowerCaseKeyword", "proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n", errc::proxy_invalid_header, 0},
        error_case{"MisspelledKeyword", "PROXX TCP4\r\n", errc::proxy_invalid_header, 4},
        error_case{"NoSpaceAfterProxy", "PROXYTCP4 1.2.3.4 5.6.7.8 1 2\r\n", errc::proxy_invalid_header, 5},
        error_case{"ProxyAloneCrlf", "PROXY\r\n", errc::proxy_invalid_header, 5},
        error_case{"UnknownProtocol", "PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n", errc::proxy_invalid_address, 7},
        error_case{"ProtocolCaseSensitive", "PROXY tcp4 1.2.3.4 5.6.7.8 1 2\r\n", errc::proxy_invalid_address, 6},
        error_case{"Tcp5", "PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n", errc::proxy_invalid_address, 9},
        error_case{"OctetLeadingZero", "PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n", errc::proxy_invalid_address, 12},
        error_case{"Octet256", "PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n", errc::proxy_invalid_address, 19},
        error_case{"ThreeOctets", "PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n", errc::proxy_invalid_address, 16},
        error_case{"PortLeadingZero", "PROXY TCP4 1.2.3.4 5.6.7.8 025 2\r\n", errc::proxy_invalid_address, 28},
        error_case{"Port65536", "PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n", errc::proxy_invalid_address, 31},
        error_case{"Port6-digits", "PROXY TCP4 1.2.3.4 5.6.7.8 1 100000\r\n", errc::proxy_invalid_address, 34},
        error_case{"TwoSpaces", "PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n", errc::proxy_invalid_address, 19},
        error_case{"Ipv6InTcp4", "PROXY TCP4 ::1 ::1 1 2\r\n", errc::proxy_invalid_address, 11},
        error_case{"Ipv4InTcp6", "PROXY TCP6 1.2.3.4 ::1 1 2\r\n", errc::proxy_invalid_address, 12},
        error_case{"Ipv6NineGroups", "PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 2\r\n", errc::proxy_invalid_address, 26},
        error_case{"Ipv6TwoGaps", "PROXY TCP6 1::2::3 ::1 1 2\r\n", errc::proxy_invalid_address, 16},
        error_case{"Ipv6FiveDigitGroup", "PROXY TCP6 12345::1 ::1 1 2\r\n", errc::proxy_invalid_address, 15},
        error_case{"Ipv6SevenGroups", "PROXY TCP6 1:2:3:4:5:6:7 ::1 1 2\r\n", errc::proxy_invalid_address, 24},
        error_case{"MissingPort", "PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", errc::proxy_invalid_header, 28},
        error_case{"BareLfEnd", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n", errc::proxy_invalid_header, 30},
        error_case{"BareCrEnd", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX", errc::proxy_invalid_header, 31},
        error_case{"CrCr", "PROXY UNKNOWN\r\r\n", errc::proxy_invalid_header, 14},
        error_case{"UnknownBareLf", "PROXY UNKNOWN junk\njunk\r\n", errc::proxy_invalid_header, 18},
        error_case{"UnknownBareCr", "PROXY UNKNOWN a\rb\r\n", errc::proxy_invalid_header, 16},
        error_case{"UnknownGlued", "PROXY UNKNOWNX\r\n", errc::proxy_invalid_address, 13},
        error_case{"TrailingSpace", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n", errc::proxy_invalid_address, 30},
        error_case{"Over107Octets", "PROXY UNKNOWN " + std::string(92, 'x') + "\r\n", errc::proxy_unsupported, 107},
        error_case{"NoCrlfIn107", "PROXY UNKNOWN " + std::string(200, 'x'), errc::proxy_unsupported, 107},
        error_case{"MixedTcp6Over107",
                   "PROXY TCP6 0000:0000:0000:0000:0000:ffff:255.255.255.255 "
                   "0000:0000:0000:0000:0000:ffff:255.255.255.255 65535 65535\r\n",
                   errc::proxy_unsupported, 107}),
    [](const auto& param_info) {
      std::string n = param_info.param.name;
      for (char& c : n)
        if (c == '-') c = '_';
      return n;
    });

// ---- v2 -----------------------------------------------------------------------------

TEST(ProxyV2, Spec22TcpOverIpv4) {
  const std::string in = v2(0x21, 0x11, inet_block);
  const auto r = parse_proxy_header(in);
  ASSERT_TRUE(r) << to_string(r.error);
  EXPECT_EQ(r.consumed, 28U);
  EXPECT_EQ(r.header.version, 2);
  expect_tcp4(r.header, addr({192, 0, 2, 1}), addr({198, 51, 100, 7}), 54321, 25);
}

TEST(ProxyV2, Spec22UdpOverIpv6) {
  const std::string in = v2(0x21, 0x22, inet6_block);
  const auto r = parse_proxy_header(in);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.consumed, 52U);
  EXPECT_EQ(r.header.family, proxy_family::inet6);
  EXPECT_EQ(r.header.transport, proxy_transport::dgram);
  EXPECT_EQ(r.header.source_addr, db8_1);
  EXPECT_EQ(r.header.dest_addr[15], 2);
  EXPECT_EQ(r.header.source_port, 1024);
  EXPECT_EQ(r.header.dest_port, 465);
}

TEST(ProxyV2, Spec22UnixStreamPathsTrimmed) {
  const std::string in = v2(0x21, 0x31, unix_block("/run/haproxy.sock", "/var/spool/postfix/smtpd"));
  const auto r = parse_proxy_header(in);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.consumed, 232U);
  EXPECT_EQ(r.header.family, proxy_family::unix_socket);
  EXPECT_EQ(r.header.unix_source, "/run/haproxy.sock");
  EXPECT_EQ(r.header.unix_dest, "/var/spool/postfix/smtpd");
  EXPECT_TRUE(inside(r.header.unix_source, in));
  EXPECT_EQ(r.header.source_port, 0);
}

TEST(ProxyV2, Spec22UnixAbstractAndUnnamed) {
  std::string src("\0abstract\0name"s);
  std::string path = "/tmp/x"s + "\0garbage"s;  // a path name ends at its first NUL
  const std::string in = v2(0x21, 0x32, unix_block(src, ""));
  auto r = parse_proxy_header(in);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.header.unix_source, src);
  EXPECT_EQ(r.header.unix_dest, "");  // unnamed socket: all NUL
  const std::string in2 = v2(0x21, 0x31, unix_block(path, std::string(108, 'a')));  // views need it alive
  r = parse_proxy_header(in2);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.header.unix_source, "/tmp/x");
  EXPECT_EQ(r.header.unix_dest, std::string(108, 'a'));
}

TEST(ProxyV2, Spec22LocalIgnoresFamilyAndBlock) {
  // LOCAL: "discard the protocol block including the family which is ignored".
  for (int fam : {0x00, 0x11, 0xff}) {
    const std::string in = v2(0x20, fam, std::string(40, '\x07'));
    const auto r = parse_proxy_header(in);
    ASSERT_TRUE(r) << fam;
    EXPECT_EQ(r.consumed, 56U);
    EXPECT_TRUE(r.header.local);
    EXPECT_FALSE(r.header.has_addresses());
    EXPECT_EQ(r.header.family, proxy_family::unspec);
    EXPECT_TRUE(r.header.tlvs.empty());
  }
  const auto bare = parse_proxy_header(v2(0x20, 0x00, ""));
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare.consumed, 16U);
}

TEST(ProxyV2, Spec22ProxyUnspecSkipsAddresses) {
  const std::string in = v2(0x21, 0x00, "opaque address info");
  const auto r = parse_proxy_header(in);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r.header.local);
  EXPECT_FALSE(r.header.has_addresses());
  EXPECT_EQ(r.header.family, proxy_family::unspec);
  EXPECT_TRUE(r.header.tlvs.empty());
  EXPECT_EQ(r.consumed, in.size());
}

TEST(ProxyV2, Spec22LengthLongerThanAddressesHoldsTlvs) {
  const std::string ssl_value = bytes({0x07, 0, 0, 0, 0}) + tlv(0x21, "TLSv1.3") + tlv(0x23, "TLS_AES_128_GCM_SHA256") +
                                tlv(0x22, "client.example");
  const std::string tlvs = tlv(0x01, "smtp") + tlv(0x02, "mx.example.org") + tlv(0x04, "") +
                           tlv(0x05, std::string(128, 'u')) + tlv(0x20, ssl_value) + tlv(0x30, "blue") +
                           tlv(0xE5, "custom");
  const std::string in = v2(0x21, 0x11, inet_block + tlvs);
  const auto r = parse_proxy_header(in);
  ASSERT_TRUE(r) << to_string(r.error) << " at " << r.error_offset;
  EXPECT_EQ(r.header.tlvs, tlvs);
  EXPECT_TRUE(inside(r.header.tlvs, in));

  std::vector<proxy_tlv> seen;
  for (const proxy_tlv& t : proxy_tlvs(r.header.tlvs)) seen.push_back(t);
  ASSERT_EQ(seen.size(), 7U);
  EXPECT_EQ(seen[0], (proxy_tlv{pp2_type_alpn, "smtp"}));
  EXPECT_EQ(seen[1], (proxy_tlv{pp2_type_authority, "mx.example.org"}));
  EXPECT_EQ(seen[2], (proxy_tlv{pp2_type_noop, ""}));
  EXPECT_EQ(seen[3].value.size(), 128U);
  EXPECT_EQ(seen[5], (proxy_tlv{pp2_type_netns, "blue"}));
  EXPECT_EQ(seen[6].type, 0xE5);
  EXPECT_TRUE(proxy_tlvs(r.header.tlvs).valid());

  EXPECT_EQ(find_proxy_tlv(r.header.tlvs, pp2_type_authority)->value, "mx.example.org");
  EXPECT_FALSE(find_proxy_tlv(r.header.tlvs, pp2_type_crc32c).has_value());

  const auto ssl = find_proxy_tlv(r.header.tlvs, pp2_type_ssl);
  ASSERT_TRUE(ssl);
  proxy_ssl_info info;
  ASSERT_TRUE(parse_proxy_ssl(ssl->value, info));
  EXPECT_EQ(info.client, pp2_client_ssl | pp2_client_cert_conn | pp2_client_cert_sess);
  EXPECT_EQ(info.verify, 0U);
  EXPECT_EQ(find_proxy_tlv(info.sub_tlvs, pp2_subtype_ssl_version)->value, "TLSv1.3");
  EXPECT_EQ(find_proxy_tlv(info.sub_tlvs, pp2_subtype_ssl_cn)->value, "client.example");
}

TEST(ProxyV2, Spec223Crc32cVerified) {
  EXPECT_EQ(crc32c_ref("123456789"), 0xE3069283U);  // RFC 3720 B.4 check value
  const std::string body = inet6_block + tlv(0x03, std::string(4, '\0')) + tlv(0x05, "id-1");
  const std::string in = with_crc(v2(0x21, 0x21, body), 16 + 36 + 3);
  const auto r = parse_proxy_header(in);
  ASSERT_TRUE(r) << to_string(r.error);
  EXPECT_EQ(find_proxy_tlv(r.header.tlvs, pp2_type_crc32c)->value.size(), 4U);

  std::string bad = in;
  bad[20] ^= 1;  // flip an address bit: the checksum no longer matches
  const auto e = parse_proxy_header(bad);
  EXPECT_EQ(e.error, errc::proxy_invalid_header);
  EXPECT_EQ(e.error_offset, 52U);
}

TEST(ProxyV2, Spec22VersionCommandAndFamilyErrors) {
  const std::string ok = v2(0x21, 0x11, inet_block);
  const auto expect = [](std::string in, errc e, std::size_t off) {
    const auto r = parse_proxy_header(in);
    ASSERT_EQ(r.status, proxy_status::error);
    EXPECT_EQ(r.error, e) << to_string(r.error);
    EXPECT_EQ(r.error_offset, off);
  };
  for (int ver_cmd : {0x11, 0x31, 0x01, 0xf1, 0x22, 0x2f}) {
    std::string in = ok;
    in[12] = static_cast<char>(ver_cmd);
    expect(in, errc::proxy_unsupported, 12);
    expect(in.substr(0, 13), errc::proxy_unsupported, 12);  // known from the 13th byte on
  }
  for (int fam : {0x01, 0x02, 0x10, 0x13, 0x23, 0x33, 0x41, 0xff}) {
    std::string in = ok;
    in[13] = static_cast<char>(fam);
    expect(in, errc::proxy_invalid_address, 13);
    expect(in.substr(0, 14), errc::proxy_invalid_address, 13);
  }
  for (std::size_t i = 0; i < 12; ++i) {
    std::string in = ok;
    in[i] ^= 0x40;
    expect(in, errc::proxy_invalid_header, i);
    expect(in.substr(0, i + 1), errc::proxy_invalid_header, i);
  }
}

TEST(ProxyV2, Spec22LengthAndTlvErrors) {
  struct c {
    const char* name;
    std::string in;
    errc error;
    std::size_t offset;
  };
  const std::string ssl_ok = bytes({1, 0, 0, 0, 0});
  const std::vector<c> cases = {
      {"Inet block short", v2(0x21, 0x11, inet_block.substr(0, 11)), errc::proxy_invalid_address, 14},
      {"Inet6 block short", v2(0x21, 0x21, inet_block), errc::proxy_invalid_address, 14},
      {"Unix block short", v2(0x21, 0x31, std::string(215, '\0')), errc::proxy_invalid_address, 14},
      {"TLV past end", v2(0x21, 0x11, inet_block + bytes({0x01, 0x00, 0x05}) + "abcd"), errc::proxy_invalid_header, 28},
      {"TLV header cut", v2(0x21, 0x11, inet_block + tlv(0x01, "a") + bytes({0x04, 0x00})),
       errc::proxy_invalid_header, 32},
      {"SSL value too short", v2(0x21, 0x11, inet_block + tlv(0x20, "abcd")), errc::proxy_invalid_header, 28},
      {"SSL sub-TLV past end", v2(0x21, 0x11, inet_block + tlv(0x20, ssl_ok + bytes({0x21, 0x00, 0x09}) + "TLSv1")),
       errc::proxy_invalid_header, 28},
      {"UNIQUE_ID over 128", v2(0x21, 0x11, inet_block + tlv(0x05, std::string(129, 'u'))),
       errc::proxy_invalid_header, 28},
      {"CRC32C wrong size", v2(0x21, 0x11, inet_block + tlv(0x03, "abc")), errc::proxy_invalid_header, 28},
      {"CRC32C twice", v2(0x21, 0x11, inet_block + tlv(0x03, "abcd") + tlv(0x03, "abcd")),
       errc::proxy_invalid_header, 35},
  };
  for (const auto& t : cases) {
    const auto r = parse_proxy_header(t.in);
    ASSERT_EQ(r.status, proxy_status::error) << t.name;
    EXPECT_EQ(r.error, t.error) << t.name << ": " << to_string(r.error);
    EXPECT_EQ(r.error_offset, t.offset) << t.name;
  }
}

TEST(ProxyV2, Spec22MaximumLength) {
  // 16 + 65535: a 65535-byte length filled with NOOP padding after the addresses.
  std::string body = inet_block;
  body += tlv(0x04, std::string(0xffff - 12 - 3, 'p'));
  ASSERT_EQ(body.size(), 0xffffU);
  const std::string in = v2(0x21, 0x11, body);
  const auto r = parse_proxy_header(in);
  ASSERT_TRUE(r) << to_string(r.error);
  EXPECT_EQ(r.consumed, proxy_v2_max_length);
}

// ---- both: dispatch, prefixes, trailing bytes ---------------------------------------

std::vector<std::string> valid_headers() {
  return {
      "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n",
      "PROXY TCP6 2001:db8::1 ::ffff:192.0.2.1 1024 25\r\n",
      "PROXY UNKNOWN\r\n",
      "PROXY UNKNOWN 1.2.3.4 5.6.7.8 9 10\r\n",
      v2(0x20, 0x00, ""),
      v2(0x20, 0x11, inet_block),
      v2(0x21, 0x00, "xyz"),
      v2(0x21, 0x11, inet_block),
      v2(0x21, 0x12, inet_block + tlv(0x01, "h2")),
      v2(0x21, 0x21, inet6_block + tlv(0x05, "abc") + tlv(0x20, bytes({1, 0, 0, 0, 0}) + tlv(0x21, "TLSv1.2"))),
      with_crc(v2(0x21, 0x11, inet_block + tlv(0x03, std::string(4, '\0'))), 31),
      v2(0x21, 0x31, unix_block("/a", "/b") + tlv(0x30, "ns")),
  };
}

TEST(ProxyBoth, EmptyInputNeedsMore) {
  const auto r = parse_proxy_header("");
  EXPECT_TRUE(r.need_more());
  EXPECT_FALSE(r);
}

TEST(ProxyBoth, EveryPrefixNeedsMore) {
  for (const std::string& h : valid_headers()) {
    const auto whole = parse_proxy_header(h);
    ASSERT_TRUE(whole) << to_string(whole.error);
    ASSERT_EQ(whole.consumed, h.size());
    for (std::size_t k = 0; k < h.size(); ++k) {
      const auto r = parse_proxy_header(std::string_view(h).substr(0, k));
      EXPECT_EQ(r.status, proxy_status::need_more) << "prefix " << k << " of " << h.size();
      EXPECT_EQ(r.consumed, 0U);
    }
  }
}

TEST(ProxyBoth, BytesAfterHeaderAreNotExamined) {
  // Pipelined SMTP, or anything at all, may follow at once.
  for (const std::string& h : valid_headers()) {
    const auto alone = parse_proxy_header(h);
    for (const std::string& tail : {"EHLO client.example\r\n"s, "\r\n\r\n\0\r\nQUIT\n"s, "\xff\n"s, "PROXY TCP4"s}) {
      const std::string in = h + tail;
      const auto r = parse_proxy_header(in);
      ASSERT_TRUE(r) << to_string(r.error);
      EXPECT_EQ(r.consumed, h.size());
      EXPECT_EQ(r.header.family, alone.header.family);
      EXPECT_EQ(r.header.tlvs, alone.header.tlvs);
      EXPECT_TRUE(inside(r.header.tlvs, std::string_view(in).substr(0, r.consumed)));
      EXPECT_TRUE(inside(r.header.unix_source, std::string_view(in).substr(0, r.consumed)));
      EXPECT_EQ(std::string_view(in).substr(r.consumed), tail);
    }
  }
}

TEST(ProxyBoth, StrayPrefixesAreErrorsAtOnce) {
  // A prefix that cannot become a header fails on its first wrong byte, not after 107.
  EXPECT_EQ(parse_proxy_header("P").status, proxy_status::need_more);
  EXPECT_EQ(parse_proxy_header("\r").status, proxy_status::need_more);
  EXPECT_EQ(parse_proxy_header("\r\n\r\n\0"s).status, proxy_status::need_more);
  EXPECT_EQ(parse_proxy_header("\r\n\r\n\r").error_offset, 4U);
  EXPECT_EQ(parse_proxy_header("PROXY TCP4 1.").status, proxy_status::need_more);
  EXPECT_EQ(parse_proxy_header("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r").status, proxy_status::need_more);
  EXPECT_EQ(parse_proxy_header("HELO").error, errc::proxy_invalid_header);
  EXPECT_EQ(parse_proxy_header("PROXY TCP4 300").error, errc::proxy_invalid_address);
  // A v2 length that cannot hold the addresses is known from the 16th byte.
  EXPECT_EQ(parse_proxy_header(v2(0x21, 0x21, std::string(12, '\0')).substr(0, 16)).error,
            errc::proxy_invalid_address);
  // A TLV running past the header is known from its own header.
  const std::string bad_tlv = v2(0x21, 0x11, inet_block + bytes({0x01, 0x01, 0x00}) + "x");
  EXPECT_EQ(parse_proxy_header(std::string_view(bad_tlv).substr(0, 31)).error, errc::proxy_invalid_header);
}

// ---- address text -------------------------------------------------------------------

std::string show(const proxy_header& h, proxy_endpoint which = proxy_endpoint::source) {
  char buf[proxy_address_max_chars];
  return std::string(format_proxy_address(h, which, buf, sizeof buf));
}

proxy_header inet6(std::initializer_list<int> words) {
  proxy_header h;
  h.family = proxy_family::inet6;
  std::size_t i = 0;
  for (int w : words) {
    h.source_addr[i++] = static_cast<std::uint8_t>(w >> 8);
    h.source_addr[i++] = static_cast<std::uint8_t>(w & 0xff);
  }
  return h;
}

TEST(ProxyFormat, Ipv4DottedQuad) {
  proxy_header h;
  h.family = proxy_family::inet;
  h.source_addr = addr({192, 0, 2, 1});
  h.dest_addr = addr({0, 10, 255, 100});
  EXPECT_EQ(show(h), "192.0.2.1");
  EXPECT_EQ(show(h, proxy_endpoint::destination), "0.10.255.100");
}

TEST(ProxyFormat, Rfc5952Canonical) {
  EXPECT_EQ(show(inet6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 1})), "2001:db8::1");              // 4.2.1
  EXPECT_EQ(show(inet6({0x2001, 0xdb8, 0, 1, 1, 1, 1, 1})), "2001:db8:0:1:1:1:1:1");     // 4.2.2
  EXPECT_EQ(show(inet6({0x2001, 0, 0, 1, 0, 0, 0, 1})), "2001:0:0:1::1");                // 4.2.3 longest
  EXPECT_EQ(show(inet6({0x2001, 0xdb8, 0, 0, 1, 0, 0, 1})), "2001:db8::1:0:0:1");        // 4.2.3 first
  EXPECT_EQ(show(inet6({0x2001, 0xDB8, 0xABCD, 0x12, 0, 0, 0, 0})), "2001:db8:abcd:12::");  // 4.3 lower case
  EXPECT_EQ(show(inet6({0, 0, 0, 0, 0, 0, 0, 0})), "::");
  EXPECT_EQ(show(inet6({0, 0, 0, 0, 0, 0, 0, 1})), "::1");
  EXPECT_EQ(show(inet6({1, 0, 0, 0, 0, 0, 0, 0})), "1::");
  EXPECT_EQ(show(inet6({0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201})), "::ffff:192.0.2.1");    // 5
  EXPECT_EQ(show(inet6({0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff})),
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

TEST(ProxyFormat, UnixUnspecAndSmallBuffer) {
  proxy_header h;
  EXPECT_EQ(show(h), "");  // unspec
  h.family = proxy_family::unix_socket;
  const std::string abstract("\0name"s);
  h.unix_source = "/run/a.sock";
  h.unix_dest = abstract;
  EXPECT_EQ(show(h), "/run/a.sock");
  EXPECT_EQ(show(h, proxy_endpoint::destination), "@name");

  const proxy_header v6 = inet6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 1});
  char buf[11];
  EXPECT_EQ(format_proxy_address(v6, proxy_endpoint::source, buf, 11), "2001:db8::1");
  EXPECT_EQ(format_proxy_address(v6, proxy_endpoint::source, buf, 10), "");
}

// ---- writers ------------------------------------------------------------------------

TEST(ProxyWrite, V1RoundTrip) {
  for (const std::string& line : {"PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"s,
                                  "PROXY TCP6 2001:db8::1 ::ffff:192.0.2.1 0 65535\r\n"s, "PROXY UNKNOWN\r\n"s}) {
    const auto r = parse_proxy_header(line);
    ASSERT_TRUE(r);
    std::string out;
    ASSERT_EQ(write_proxy_v1(r.header, out), errc{});
    EXPECT_EQ(out, line);
  }
  // Non-canonical text is written canonically.
  const auto r = parse_proxy_header("PROXY TCP6 2001:0DB8:0:0:0:0:0:1 0:0:0:0:0:0:0:0 1 2\r\n");
  ASSERT_TRUE(r);
  std::string out = "prefix:";
  ASSERT_EQ(write_proxy_v1(r.header, out), errc{});
  EXPECT_EQ(out, "prefix:PROXY TCP6 2001:db8::1 :: 1 2\r\n");
}

TEST(ProxyWrite, V1CannotExpressUnixOrDatagrams) {
  proxy_header h;
  h.family = proxy_family::unix_socket;
  h.transport = proxy_transport::stream;
  std::string out;
  EXPECT_EQ(write_proxy_v1(h, out), errc::proxy_unsupported);
  h.family = proxy_family::inet;
  h.transport = proxy_transport::dgram;
  EXPECT_EQ(write_proxy_v1(h, out), errc::proxy_unsupported);
  EXPECT_EQ(out, "");
  h.local = true;  // LOCAL becomes UNKNOWN
  EXPECT_EQ(write_proxy_v1(h, out), errc{});
  EXPECT_EQ(out, "PROXY UNKNOWN\r\n");
}

TEST(ProxyWrite, V2RoundTripEveryForm) {
  for (const std::string& h : valid_headers()) {
    const auto r = parse_proxy_header(h);
    ASSERT_TRUE(r);
    std::string out;
    ASSERT_EQ(write_proxy_v2(r.header, out), errc{});
    const auto back = parse_proxy_header(out);
    ASSERT_TRUE(back) << to_string(back.error) << " at " << back.error_offset;
    EXPECT_EQ(back.consumed, out.size());
    proxy_header expected = r.header;
    expected.version = 2;
    EXPECT_EQ(back.header, expected);
    if (r.header.version == 2 && r.header.has_addresses()) {
      EXPECT_EQ(out, h);  // the writer is byte-exact for what it parsed
    }
  }
}

TEST(ProxyWrite, V2LocalAndUnspecCarryNothing) {
  proxy_header h;
  h.local = true;
  h.tlvs = "ignored";
  std::string out;
  ASSERT_EQ(write_proxy_v2(h, out, true), errc{});
  EXPECT_EQ(out, v2(0x20, 0x00, ""));
  h.local = false;
  out.clear();
  ASSERT_EQ(write_proxy_v2(h, out), errc{});
  EXPECT_EQ(out, v2(0x21, 0x00, ""));
}

TEST(ProxyWrite, V2AddsAndRecomputesCrc32c) {
  proxy_header h;
  h.family = proxy_family::inet6;
  h.transport = proxy_transport::stream;
  h.source_addr = db8_1;
  h.source_port = 4242;
  h.dest_port = 25;
  std::string tlvs;
  ASSERT_EQ(append_proxy_tlv(tlvs, pp2_type_unique_id, "conn-17"), errc{});
  h.tlvs = tlvs;
  std::string out;
  ASSERT_EQ(write_proxy_v2(h, out, true), errc{});
  auto r = parse_proxy_header(out);
  ASSERT_TRUE(r) << to_string(r.error);
  EXPECT_EQ(r.header.tlvs.substr(0, tlvs.size()), tlvs);
  EXPECT_TRUE(find_proxy_tlv(r.header.tlvs, pp2_type_crc32c));

  // A header whose TLVs already hold a (stale) checksum gets a fresh one.
  proxy_header moved = r.header;
  const std::string stale(moved.tlvs);
  moved.tlvs = stale;
  moved.dest_port = 587;
  std::string again;
  ASSERT_EQ(write_proxy_v2(moved, again, true), errc{});
  EXPECT_EQ(again.size(), out.size());  // not appended twice
  r = parse_proxy_header(again);
  ASSERT_TRUE(r) << to_string(r.error);
  EXPECT_EQ(r.header.dest_port, 587);
}

TEST(ProxyWrite, V2Errors) {
  std::string out;
  proxy_header h;
  h.family = proxy_family::inet;  // transport unspec: not a listed pair
  EXPECT_EQ(write_proxy_v2(h, out), errc::proxy_invalid_address);
  h.family = static_cast<proxy_family>(4);
  h.transport = proxy_transport::stream;
  EXPECT_EQ(write_proxy_v2(h, out), errc::proxy_invalid_address);
  h.family = proxy_family::unix_socket;
  const std::string long_path(109, 'p');
  h.unix_source = long_path;
  EXPECT_EQ(write_proxy_v2(h, out), errc::proxy_invalid_address);
  h.unix_source = "/ok";
  h.tlvs = "\x01\x00";  // not whole TLVs
  EXPECT_EQ(write_proxy_v2(h, out), errc::proxy_invalid_header);
  const std::string big = tlv(0x04, std::string(0xffff - 216, 'p'));  // 216 + 3 + 65319 = 65538 > 65535
  h.tlvs = big;
  EXPECT_EQ(write_proxy_v2(h, out), errc::proxy_invalid_header);
  EXPECT_EQ(out, "");
  EXPECT_EQ(append_proxy_tlv(out, 0x04, std::string(0x10000, 'p')), errc::proxy_invalid_header);
  EXPECT_EQ(out, "");
}

// ---- TLV helpers --------------------------------------------------------------------

TEST(ProxyTlv, MalformedAreaStopsIteration) {
  const std::string area = tlv(0x01, "ab") + bytes({0x02, 0x00, 0x09}) + "short";
  std::size_t n = 0;
  for (const proxy_tlv& t : proxy_tlvs(area)) {
    EXPECT_EQ(t.value, "ab");
    ++n;
  }
  EXPECT_EQ(n, 1U);
  EXPECT_FALSE(proxy_tlvs(area).valid());
  EXPECT_FALSE(proxy_tlvs("\x01\x00"s).valid());
  EXPECT_TRUE(proxy_tlvs("").valid());
  EXPECT_FALSE(find_proxy_tlv(area, 0x02).has_value());

  proxy_ssl_info info;
  EXPECT_FALSE(parse_proxy_ssl("\x01\x00\x00\x00"s, info));
  EXPECT_FALSE(parse_proxy_ssl(bytes({1, 0, 0, 0, 1, 0x21, 0}), info));
  ASSERT_TRUE(parse_proxy_ssl(bytes({1, 0x12, 0x34, 0x56, 0x78}), info));
  EXPECT_EQ(info.verify, 0x12345678U);
  EXPECT_TRUE(info.sub_tlvs.empty());
}

TEST(ProxyTlv, NamesOfEnums) {
  EXPECT_EQ(to_string(proxy_family::unix_socket), "unix");
  EXPECT_EQ(to_string(proxy_family::inet6), "inet6");
  EXPECT_EQ(to_string(proxy_transport::dgram), "dgram");
  EXPECT_EQ(to_string(static_cast<proxy_family>(9)), "unknown");
}

}  // namespace
}  // namespace smtpcodec
