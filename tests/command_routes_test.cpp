// Every route through parse_command() gives the identical result (detail::command_route):
// the fast lanes, the one-pass machine (MAIL/RCPT path and parameters parsed with the
// command), and the separate path and parameter parsers that refused lines always take.
// The lines: shapes chosen to sit on the edges of the fast lanes, every prefix of each
// (near misses, cut paths), every line of the fuzz_command corpus and of the sample
// session, under option sets that move the policy decisions.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "detail/command_compare.hpp"
#include "detail/byte_scan.hpp"
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
        // The vector lane's edges (src/command_lane.cpp): address literals, quoted local
        // parts, each decoded parameter, case, and lengths around its 64-byte windows.
        "RCPT TO:<x@[IPv6:1:2:3:4:5:6:7:8]>",
        "RCPT TO:<x@[IPv6:1:2:3:4:5:6:7]>",
        "RCPT TO:<x@[IPv6:1:2:3:4:5:6:7:8:9]>",
        "RCPT TO:<x@[IPv6:1::]>",
        "RCPT TO:<x@[IPv6:::]>",
        "RCPT TO:<x@[IPv6::1]>",
        "RCPT TO:<x@[IPv6:1:]>",
        "RCPT TO:<x@[IPv6:1:2:3:4:5:6::]>",
        "RCPT TO:<x@[IPv6:1:2:3:4:5:6:7::]>",
        "RCPT TO:<x@[IPv6:::1:2:3:4:5:6]>",
        "RCPT TO:<x@[IPv6:::1:2:3:4:5:6:7]>",
        "RCPT TO:<x@[IPv6:1::2::3]>",
        "RCPT TO:<x@[IPv6:1:::2]>",
        "RCPT TO:<x@[IPv6:12345::1]>",
        "RCPT TO:<x@[IPv6:abcd:EF01::1]>",
        "RCPT TO:<x@[IPv6:g::1]>",
        "RCPT TO:<x@[ipv6:::1]>",
        "RCPT TO:<x@[IPV6:::1]>",
        "RCPT TO:<x@[IPv6:1:2:3:4:5:6:1.2.3.4]>",
        "RCPT TO:<x@[IPv6:1:2:3:4:5:1.2.3.4]>",
        "RCPT TO:<x@[IPv6:1:2:3:4:5:6:7:1.2.3.4]>",
        "RCPT TO:<x@[IPv6:1:2:3:4::1.2.3.4]>",
        "RCPT TO:<x@[IPv6:1:2:3::4:1.2.3.4]>",
        "RCPT TO:<x@[IPv6:1:2:3:4::5:1.2.3.4]>",
        "RCPT TO:<x@[IPv6:::1.2.3.4]>",
        "RCPT TO:<x@[IPv6:::1.2.3.256]>",
        "RCPT TO:<x@[IPv6:1.2.3.4]>",
        "RCPT TO:<x@[IPv6::1.2.3.4]>",
        "RCPT TO:<x@[IPv6:1::1.2.3]>",
        "RCPT TO:<x@[IPv6:1::1:.2.3.4]>",
        "RCPT TO:<x@[IPv6:]>",
        "RCPT TO:<x@[IPv6:1::2]x>",
        "RCPT TO:<x@[1.2.3]>",
        "RCPT TO:<x@[1.2.3.4.5]>",
        "RCPT TO:<x@[01.002.3.4]>",
        "RCPT TO:<x@[1..2.3]>",
        "RCPT TO:<x@[.1.2.3]>",
        "RCPT TO:<x@[1.2.3.4.]>",
        "RCPT TO:<x@[1234.1.1.1]>",
        "RCPT TO:<x@[255.255.255.255]>",
        "RCPT TO:<x@[256.1.1.1]>",
        "RCPT TO:<x@[]>",
        "RCPT TO:<\"a b\\\\c\"@x.org>",
        "RCPT TO:<\"a\\>",
        "RCPT TO:<\"abc@x.org>",
        "RCPT TO:<\"\\\"\"@x.org>",
        "RCPT TO:<\"a>b\"@x.org> NOTIFY=NEVER",
        "RCPT TO:<\"a\\\"> NOTIFY=NEVER",
        "RCPT TO:<a@b.org> NOTIFY=",
        "RCPT TO:<a@b.org> NOTIFY=success,failure,delay",
        "RCPT TO:<a@b.org> NOTIFY=DELAY,FAILURE,SUCCESS",
        "RCPT TO:<a@b.org> NOTIFY=DELAY,DELAY",
        "RCPT TO:<a@b.org> NOTIFY=never",
        "RCPT TO:<a@b.org> NOTIFY=NEVER,NEVER",
        "RCPT TO:<a@b.org> NOTIFY=SUCCESS,",
        "RCPT TO:<a@b.org> NOTIFY=,SUCCESS",
        "RCPT TO:<a@b.org> NOTIFY=SUCCES",
        "RCPT TO:<a@b.org> NOTIFY=SUCCESSS",
        ("RCPT TO:<a@b.org> NOTIFY=S\x55" "CCESS"),
        "RCPT TO:<a@b.org> nOtIfY=Never",
        "RCPT TO:<a@b.org> NOTIFY",
        "RCPT TO:<a@b.org> NOTIFY=NEVER=",
        "RCPT TO:<a@b.org> ORCPT=rfc822;a+2B",
        "RCPT TO:<a@b.org> ORCPT=rfc822;a+2",
        "RCPT TO:<a@b.org> ORCPT=rfc822;a+2b",
        "RCPT TO:<a@b.org> ORCPT=rfc822;a+7F",
        "RCPT TO:<a@b.org> ORCPT=rfc822;a+7E",
        "RCPT TO:<a@b.org> ORCPT=rfc822;a+1F",
        "RCPT TO:<a@b.org> ORCPT=rfc822;+",
        "RCPT TO:<a@b.org> ORCPT=;a",
        "RCPT TO:<a@b.org> ORCPT=rfc822;",
        "RCPT TO:<a@b.org> ORCPT=rfc822",
        "RCPT TO:<a@b.org> ORCPT=utf-8;a@b",
        "RCPT TO:<a@b.org> ORCPT=UTF-8;a@b",
        "RCPT TO:<a@b.org> ORCPT=rfc(822);x",
        "RCPT TO:<a@b.org> ORCPT=x;y;z",
        "RCPT TO:<a@b.org> ORCPT=rfc822;a@b NOTIFY=NEVER",
        "RCPT TO:<a@b.org> ORCPT=rfc822;a@b ORCPT=rfc822;c@d",
        "RCPT TO:<a@b.org> RRVS=2014-04-03T23:01:00Z",
        "RCPT TO:<a@b.org> NOTIFY=NEVER\tX=1",
        "RCPT TO:<a@b.org>  NOTIFY=NEVER",
        "RCPT TO:<a@b.org> NOTIFY=NEVER  ",
        "MAIL FROM:<a@b.org> SIZE=0000000000000000001",
        "MAIL FROM:<a@b.org> SIZE=18446744073709551615",
        "MAIL FROM:<a@b.org> SIZE=18446744073709551616",
        "MAIL FROM:<a@b.org> SIZE=5000",
        "MAIL FROM:<a@b.org> SIZE=5001",
        "MAIL FROM:<a@b.org> SIZE=12a",
        "MAIL FROM:<a@b.org> BODY=binarymime",
        "MAIL FROM:<a@b.org> BODY=BINARYMIMEX",
        "MAIL FROM:<a@b.org> BODY=BINARYMAME",
        "MAIL FROM:<a@b.org> BODY=8bitmime",
        "MAIL FROM:<a@b.org> BODY=7BITX",
        "MAIL FROM:<a@b.org> BODY",
        "MAIL FROM:<a@b.org> RET=FULL",
        "MAIL FROM:<a@b.org> RET=full",
        "MAIL FROM:<a@b.org> RET=HDR",
        "MAIL FROM:<a@b.org> RET=HDRSS",
        "MAIL FROM:<a@b.org> ENVID=" + std::string(100, 'x'),
        "MAIL FROM:<a@b.org> ENVID=" + std::string(101, 'x'),
        "MAIL FROM:<a@b.org> ENVID=a+2",
        "MAIL FROM:<a@b.org> ENVID=+41+42",
        "MAIL FROM:<a@b.org> ENVID=+0A",
        "MAIL FROM:<a@b.org> SMTPUTF8=yes",
        "MAIL FROM:<a@b.org> SMTPUTF8 SMTPUTF8",
        "MAIL FROM:<a@b.org> smtputf8",
        "MAIL FROM:<a@b.org> SIZE=1 size=2",
        "MAIL FROM:<a@b.org> AUTH=<>",
        "MAIL FROM:<a@b.org> MT-PRIORITY=3 REQUIRETLS BY=120;R",
        "MAIL FROM:<a@b.org> SIZE=1 BODY=7BIT RET=HDRS ENVID=QQ1 SMTPUTF8",
        "MAIL FROM:<a@b.org> SIZE=1 BODY=7BIT RET=HDRS ENVID=QQ1 SMTPUTF8 X=1",
        "EHLO a",
        "EHLO a.",
        "EHLO .a",
        "EHLO a..b",
        "EHLO a-b",
        "EHLO 1.2.3.4",
        "EHLO " + std::string(59, 'h'),
        "EHLO " + std::string(64, 'h'),
        "EHLO " + std::string(65, 'h'),
        "Data",
        "qUiT",
        "rset",
        "Help",
        "DATA\r",
        "QUIT\n",
    };
    // Parameter lists in the order the lane reads them one keyword at a time (MAIL: SIZE,
    // BODY, RET, ENVID, SMTPUTF8, AUTH; RCPT: NOTIFY, ORCPT): every subset, in that order and
    // reversed (which the generic list syntax takes instead), and near misses of each
    // keyword: longer keywords with the same start, no value, an empty value, a "=" in the
    // value, case, a repeat, a trailing SP.
    {
      const auto every_subset = [&v](const std::string& command, const std::vector<std::string>& params) {
        const std::size_t n = params.size();
        for (std::size_t set = 1; set < (std::size_t{1} << n); ++set) {
          std::string in_order = command, reversed = command;
          for (std::size_t i = 0; i < n; ++i)
            if ((set >> i) & 1U) in_order += " " + params[i];
          for (std::size_t i = n; i-- > 0;)
            if ((set >> i) & 1U) reversed += " " + params[i];
          v.push_back(in_order);
          if (reversed != in_order) v.push_back(reversed);
        }
      };
      every_subset("MAIL FROM:<a@b.org>",
                   {"SIZE=123", "BODY=8BITMIME", "RET=HDRS", "ENVID=QQ+2B1", "SMTPUTF8", "AUTH=a+2Bb@c"});
      every_subset("RCPT TO:<a@b.org>", {"NOTIFY=SUCCESS,DELAY", "ORCPT=rfc822;x+2By@z"});
    }
    for (const char* line : {
             "MAIL FROM:<a@b.org> SIZEX=1",
             "MAIL FROM:<a@b.org> SIZE=1 BODYX=7BIT",
             "MAIL FROM:<a@b.org> SIZE=1 RETX=FULL",
             "MAIL FROM:<a@b.org> SIZE=1 ENVIDX=a",
             "MAIL FROM:<a@b.org> SIZE=1 SMTPUTF8X",
             "MAIL FROM:<a@b.org> SIZE=1 SMTPUTF8=",
             "MAIL FROM:<a@b.org> SIZE=1 AUTHX=a",
             "MAIL FROM:<a@b.org> SIZE",
             "MAIL FROM:<a@b.org> SIZE= BODY=7BIT",
             "MAIL FROM:<a@b.org> SIZE=1 BODY=",
             "MAIL FROM:<a@b.org> SIZE=1 ENVID=a=b",
             "MAIL FROM:<a@b.org> SIZE=1 AUTH=a=b",
             "MAIL FROM:<a@b.org> SIZE=1 AUTH=",
             "MAIL FROM:<a@b.org> SIZE=1 AUTH=a+2",
             "MAIL FROM:<a@b.org> Size=1 bOdY=7Bit rEt=fUlL EnViD=x sMtPuTf8 aUtH=<>",
             "MAIL FROM:<a@b.org> SIZE=1 BODY=7BIT BODY=7BIT",
             "MAIL FROM:<a@b.org> SIZE=1 BODY=7BIT ",
             "MAIL FROM:<a@b.org> SIZE=1  BODY=7BIT",
             "MAIL FROM:<a@b.org> SIZE=1 BODY=7BIT SIZE=2",
             "MAIL FROM:<a@b.org> SIZE=1 NOTIFY=NEVER",
             "RCPT TO:<a@b.org> NOTIFYX=NEVER",
             "RCPT TO:<a@b.org> NOTIFY=NEVER ORCPTX=a;b",
             "RCPT TO:<a@b.org> NOTIFY=NEVER ORCPT",
             "RCPT TO:<a@b.org> NOTIFY=NEVER ORCPT=",
             "RCPT TO:<a@b.org> NOTIFY=NEVER ORCPT=a;b=c",
             "RCPT TO:<a@b.org> NOTIFY=NEVER ORCPT=a;b ",
             "RCPT TO:<a@b.org> NOTIFY=NEVER ORCPT=a;b NOTIFY=NEVER",
             "RCPT TO:<a@b.org> NOTIFY=NEVER SIZE=1",
             "RCPT TO:<a@b.org> ORCPT=a;b SIZE=1",
             "RCPT TO:<a@b.org> ORCPT=a;b ORCPT=a;b",
             "RCPT TO:<a@b.org> oRcPt=RFC822;B",
         })
      v.emplace_back(line);
    // Lengths around the lane's 64-byte windows: the line, the path from its "<", and the
    // parameters after it.
    for (std::size_t n = 40; n <= 130; ++n) {
      v.push_back("RCPT TO:<" + std::string(n, 'l') + "@example.org>");
      v.push_back("RCPT TO:<a@" + std::string(n, 'd') + ".org>");
      v.push_back("RCPT TO:<a@b.org> ORCPT=rfc822;" + std::string(n, 'x'));
      v.push_back("MAIL FROM:<a@b.org> SIZE=1 ENVID=" + std::string(n, 'e'));
      v.push_back("RCPT TO:<" + std::string(n / 2, 'l') + "@b.org> ORCPT=rfc822;" + std::string(n / 2, 'x') +
                  " NOTIFY=NEVER");
    }
    // SMTPUTF8 paths (RFC 6531 3.3) as the vector lane takes them, and every way they go
    // wrong: UTF-8 ill-formed (overlong, surrogate, above U+10FFFF, cut short, a lone
    // continuation byte), where it may not be (quoted, parameters, "<>", no SMTPUTF8, a
    // RCPT outside such a transaction), labels IDNA2008 refuses, UTF-8 at label and atom edges.
    for (const char* line : {
             "MAIL FROM:<j\xc3\xbcrgen@example.org> SMTPUTF8",
             "MAIL FROM:<j\xc3\xbcrgen@b\xc3\xbc" "cher.example> SIZE=10 BODY=8BITMIME SMTPUTF8",
             "MAIL FROM:<\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.example> SMTPUTF8",
             "MAIL FROM:<\xd0\xbf\xd0\xbe\xd1\x87\xd1\x82\xd0\xb0@example.org> SMTPUTF8 BODY=8BITMIME",
             "MAIL FROM:<j\xc3\xbcrgen@example.org> BODY=8BITMIME",
             "MAIL FROM:<j\xc3\xbcrgen@example.org> SMTPUTF8 SMTPUTF8",
             "MAIL FROM:<> SMTPUTF8 ENVID=\xc3\xbc",
             "MAIL FROM:<a@example.org> SMTPUTF8 X=\xc3\xbc",
             "MAIL FROM:<a@b.org> SMTPUTF8 ENVID=eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\xc3\xbc",
             "RCPT TO:<j\xc3\xbcrgen@example.org>",
             "RCPT TO:<J\xc3\x9cRGEN@B\xc3\x9c" "CHER.EXAMPLE>",
             "RCPT TO:<j\xc3\xbcrgen@b\xc3\xbc" "cher.example> NOTIFY=NEVER",
             "RCPT TO:<\xf0\x9f\x98\x80@example.org>",
             "RCPT TO:<a@\xf0\x9f\x98\x80.example>",
             "RCPT TO:<a@\xe2\x98\x83.example>",
             "RCPT TO:<a@xn--bcher-kva.b\xc3\xbc" "cher.example>",
             "RCPT TO:<a@xn--bcher-kva.example>",
             "RCPT TO:<\xc0\xaf@example.org>",
             "RCPT TO:<\xc1\xbf@example.org>",
             "RCPT TO:<\xe0\x80\xaf@example.org>",
             "RCPT TO:<\xed\xa0\x80@example.org>",
             "RCPT TO:<\xf0\x80\x80\xaf@example.org>",
             "RCPT TO:<\xf4\x90\x80\x80@example.org>",
             "RCPT TO:<\xf5\x80\x80\x80@example.org>",
             "RCPT TO:<\xc3@example.org>",
             "RCPT TO:<\xe2\x98@example.org>",
             "RCPT TO:<a\x80@example.org>",
             "RCPT TO:<a@b\xc3\xbc.example\xc3>",
             "RCPT TO:<a@example.org\xc3\xbc>",
             "RCPT TO:<\"j\xc3\xbcrgen\"@example.org>",
             "RCPT TO:<a@example.org> ORCPT=rfc822;\xc3\xbc",
             "RCPT TO:<a@example.org> NOTIFY=NEVER\xc3\xbc",
             "RCPT TO:<j\xc3\xbcrgen@[192.0.2.1]>",
             "RCPT TO:<j\xc3\xbcrgen@[IPv6:2001:db8::1]>",
             "RCPT TO:<a@[192.0.2.\xc3\xbc]>",
             "RCPT TO:<a@\xc3\xbc-.example>",
             "RCPT TO:<a@-\xc3\xbc.example>",
             "RCPT TO:<a@\xc3\xbc..example>",
             "RCPT TO:<a@\xc3\xbc--x.example>",
             "RCPT TO:<.\xc3\xbc@example.org>",
             "RCPT TO:<\xc3\xbc.@example.org>",
             "RCPT TO:<\xc3\xbc.\xc3\xbc@example.org>",
             "RCPT TO:<\xc3\xbc@\xc3\xbc>",
             "RCPT TO:<\xc3\xbc>",
             "EHLO \xc3\xbc.example",
             "NOOP \xc3\xbc",
         })
      v.emplace_back(line);
    for (std::size_t n = 20; n <= 70; n += 5) {
      std::string wide;
      for (std::size_t i = 0; i < n / 2; ++i) wide += "\xc3\xbc";
      v.push_back("RCPT TO:<" + wide + "@example.org>");
      v.push_back("RCPT TO:<a@" + wide + ".example>");
      v.push_back("MAIL FROM:<" + wide + "@example.org> SMTPUTF8 SIZE=100 BODY=8BITMIME RET=HDRS");
    }
    // BDAT (RFC 3030 2) and AUTH= (RFC 4954 5) as the vector lane takes them, and their
    // edges: chunk sizes of every length around 8, 16 and 20 digits and 2^64, LAST in any
    // case and near misses, xtext with good and bad hex pairs, AUTH where it may not be.
    for (const char* line : {
             "BDAT 0", "BDAT 1", "BDAT 12345678", "BDAT 123456789", "BDAT 1234567890123456",
             "BDAT 12345678901234567", "BDAT 18446744073709551615", "BDAT 18446744073709551616",
             "BDAT 00000000000000000000001 LAST", "BDAT 1 LAST", "BDAT 1 last", "BDAT 1 LaSt", "BDAT 1 LASTX",
             "BDAT 1 LAS", "BDAT 1  LAST", "BDAT 1 LAST ", "BDAT  1", "BDAT 1x", "BDAT x", "BDAT", "BDAT ",
             "bdat 5", "BDAT 1 L\x80ST", ("BDAT 1 \x0c" "AST"), "BDAT 1 lAsT", "BDAT 99999999 LAST", "BDAT -1",
             "MAIL FROM:<a@b.org> AUTH=<>", "MAIL FROM:<a@b.org> AUTH=a+40b.org", "MAIL FROM:<a@b.org> AUTH=a+4",
             "MAIL FROM:<a@b.org> AUTH=a+4g0", "MAIL FROM:<a@b.org> AUTH=a+2b", "MAIL FROM:<a@b.org> AUTH=",
             "MAIL FROM:<a@b.org> AUTH", "MAIL FROM:<a@b.org> AUTH=a=b", "MAIL FROM:<a@b.org> AUTH=<> AUTH=<>",
             "RCPT TO:<a@b.org> AUTH=<>", "MAIL FROM:<a@b.org> auth=x SIZE=1", "MAIL FROM:<a@b.org> AUTH=+",
             "MAIL FROM:<a@b.org> AUTH=a+", "MAIL FROM:<a@b.org> SIZE=10 BODY=8BITMIME AUTH=alice+40example.org",
             ("MAIL FROM:<a@b.org> AUTH=a\x7f" "b"), "MAIL FROM:<> AUTH=<> SIZE=0",
         })
      v.emplace_back(line);
    for (std::size_t n = 30; n <= 70; n += 4)
      v.push_back("MAIL FROM:<a@b.org> AUTH=" + std::string(n, 'a') + "+40" + std::string(n / 3, 'b'));
    // SIZE of every length the lane decodes at once (up to 16 digits, in one or two groups of
    // eight) and past it, with every digit in every place.
    for (std::size_t n = 1; n <= 21; ++n) {
      for (const char* digits : {"98765432109876543210987", "10000000000000000000000", "99999999999999999999999",
                                 "00000000000000000000001", "12345678901234567890123"})
        v.push_back("MAIL FROM:<a@b.org> SIZE=" + std::string(digits, n) + " BODY=7BIT");
    }
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
  o = {};
  o.max_line_length = 40;
  o.params.extensions.binary_mime = false;
  o.params.extensions.dsn = false;
  v.push_back({"short_lines_no_dsn", o});
  o = {};
  o.params.extensions.eight_bit_mime = false;
  v.push_back({"no_8bitmime", o});
  o = {};
  o.max_line_length = SIZE_MAX - 740;  // no limit, in effect: adding the allowances must not wrap
  v.push_back({"huge_line_limit", o});
  return v;
}

class CommandRoutes : public ::testing::TestWithParam<option_case> {
 protected:
  void TearDown() override { detail::reset_scan_path(); }

  // The fast route on every scan path this CPU has: with AVX-512BW it starts with the
  // vector lane (src/command_lane.cpp), below it with the older fast lanes only.
  void expect_same_everywhere(std::string_view line) {
    const command_options& opt = GetParam().opt;
    const auto machine = detail::parse_command_via(line, opt, command_route::machine);
    const auto separate = detail::parse_command_via(line, opt, command_route::separate_parsers);
    EXPECT_TRUE(detail::identical(machine, separate)) << ::testing::PrintToString(std::string(line));
    for (const detail::scan_path path : {detail::scan_path::avx512, detail::scan_path::avx2, detail::scan_path::none}) {
      if (!detail::force_scan_path(path)) continue;
      const auto fast = parse_command(line, opt);
      EXPECT_TRUE(detail::identical(fast, machine))
          << ::testing::PrintToString(std::string(line)) << " on " << detail::to_string(path);
      command lane_result;
      if (detail::take_command_vector(reinterpret_cast<const unsigned char*>(line.data()), line.size(), false, opt,
                                      lane_result) != 0)
        ++lane_taken[static_cast<std::size_t>(path)];
      expect_framed_lane_ignores_what_follows(line, opt);
    }
    detail::reset_scan_path();
    ++checked;
  }
  // The lane reads whole 64-byte blocks past a line's end where the buffer goes on (as a
  // server's does): whatever follows the CRLF, a line it takes gives what parse_command
  // gives for the line alone.
  static void expect_framed_lane_ignores_what_follows(std::string_view line, const command_options& opt) {
    if (line.find_first_of("\r\n") != std::string_view::npos) return;
    for (const char* tail : {"]> \"\\:.@=,;+-aZ09", "  ==  >>", "\"@b.org> SIZE=1", "@b.org> NOTIFY=NEVER", "1]> ",
                             "RCPT TO:<a@b.org> NOTIFY=NEVER"}) {
      std::string framed(line);
      framed += "\r\n";
      while (framed.size() < line.size() + 160) framed += tail;
      command c;
      const std::size_t used = detail::take_command_vector(reinterpret_cast<const unsigned char*>(framed.data()),
                                                           framed.size(), true, opt, c);
      if (used == 0) continue;
      EXPECT_EQ(used, line.size() + 2) << ::testing::PrintToString(std::string(line));
      const std::string_view same_line = std::string_view(framed).substr(0, line.size());
      EXPECT_TRUE(detail::identical(parse_result<command>{c}, parse_command(same_line, opt)))
          << ::testing::PrintToString(std::string(line)) << " followed by " << tail;
    }
  }
  std::size_t checked = 0;
  std::size_t lane_taken[5] = {};  // by detail::scan_path
};

// The vector lane is not simply declining: on AVX-512BW and on AVX2 it takes most of the
// common shapes (and nothing below AVX2).
TEST_P(CommandRoutes, VectorLaneTakesTheCommonShapes) {
  if (GetParam().opt.limits.max_path < 2 || GetParam().opt.max_line_length < 100)
    GTEST_SKIP() << "these options refuse the shapes";
  for (const std::string& line : edge_lines()) expect_same_everywhere(line);
  const std::size_t expected = std::string_view(GetParam().name) == "defaults" ? 150u : 40u;
  for (const detail::scan_path path : {detail::scan_path::avx512, detail::scan_path::avx2})
    if (detail::scan_path_available(path)) {
      EXPECT_GT(lane_taken[static_cast<std::size_t>(path)], expected) << detail::to_string(path);
    }
  EXPECT_EQ(lane_taken[static_cast<std::size_t>(detail::scan_path::none)], 0u);
}

// BDAT and MAIL with AUTH= take the vector lane, with the results the other routes give.
TEST(CommandLane, TakesBdatAndAuthParameter) {
  const command_options opt;
  for (const detail::scan_path path : {detail::scan_path::avx512, detail::scan_path::avx2}) {
    if (!detail::force_scan_path(path)) continue;
    for (const char* text : {"BDAT 1000 LAST", "BDAT 65536", "bdat 1234567890123456 last", "MAIL FROM:<a@b.org> AUTH=<>",
                             "MAIL FROM:<a@b.org> SIZE=10 AUTH=alice+40example.org"}) {
      const std::string_view line = text;
      command c;
      EXPECT_NE(detail::take_command_vector(reinterpret_cast<const unsigned char*>(line.data()), line.size(), false, opt,
                                            c),
                0u)
          << line << " on " << detail::to_string(path);
      EXPECT_TRUE(detail::identical(parse_result<command>{c}, parse_command(line, opt))) << line;
    }
  }
  detail::reset_scan_path();
}

// The lane finds a path's ">" and "@" from the line's first block where they are there, and
// from the path's own window where the path runs past that block: paths ending anywhere in
// the 64 bytes from their "<" take it, framed and not, with every result the other routes
// give. A quoted local part holding ">" or "@" misleads that first look and is checked for
// the same results whichever route takes it.
TEST(CommandLane, FindsThePathEndInEitherBlock) {
  const command_options opt;
  std::vector<std::pair<std::string, bool>> cases;  // line, taken by the lane
  for (std::size_t local = 1; local <= 55; ++local) {
    const std::string mailbox = std::string(local, 'a') + "@example.org";
    for (const std::string& params : {std::string(), std::string(" SIZE=100 BODY=7BIT")}) {
      // The path's ">" 13 bytes after its "<" and the local part: within the 64 bytes from
      // the "<" up to a local part of 50; for MAIL ("<" at 10) in the line's second block
      // from a local part of 41 on, for RCPT ("<" at 8) from 43 on.
      cases.emplace_back("MAIL FROM:<" + mailbox + ">" + params, local <= 50);
      cases.emplace_back("RCPT TO:<" + mailbox + ">" + (params.empty() ? "" : " NOTIFY=NEVER"), local <= 50);
    }
  }
  for (const char* quoted : {"RCPT TO:<\"a>b\"@example.org>", "RCPT TO:<\"a@b\"@example.org> NOTIFY=NEVER",
                             "MAIL FROM:<\"x>y@z\"@example.org> SIZE=1"})
    cases.emplace_back(quoted, false);
  for (const detail::scan_path path : {detail::scan_path::avx512, detail::scan_path::avx2}) {
    if (!detail::force_scan_path(path)) continue;
    for (const auto& [line, taken] : cases) {
      for (const bool framed : {false, true}) {
        const std::string in = framed ? line + "\r\nRCPT TO:<b@c.org>\r\n" : line;
        command c;
        const std::size_t used =
            detail::take_command_vector(reinterpret_cast<const unsigned char*>(in.data()), in.size(), framed, opt, c);
        if (taken) {
          EXPECT_NE(used, 0u) << line << " on " << detail::to_string(path);
        }
        if (used != 0) {
          // (identical() compares where views point: parse the same bytes.)
          EXPECT_TRUE(detail::identical(parse_result<command>{c}, parse_command(std::string_view(in).substr(0, line.size()), opt)))
              << line;
        }
      }
    }
  }
  detail::reset_scan_path();
}

// SMTPUTF8 paths take the vector lane too, where the transaction allows them; never
// without SMTPUTF8, nor ill-formed.
TEST(CommandLane, TakesUtf8PathsWhereAllowed) {
  command_options in_transaction;
  in_transaction.smtputf8_transaction = true;
  const command_options outside;
  struct lane_case {
    const char* line;
    const command_options* opt;
    bool taken;
  };
  const lane_case cases[] = {
      {"MAIL FROM:<j\xc3\xbcrgen@example.org> SMTPUTF8", &outside, true},
      {"MAIL FROM:<j\xc3\xbcrgen@b\xc3\xbc" "cher.example> SIZE=10 BODY=8BITMIME SMTPUTF8", &outside, true},
      {"MAIL FROM:<\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.example> SMTPUTF8", &outside, true},
      {"RCPT TO:<\xd0\xbf\xd0\xbe\xd1\x87\xd1\x82\xd0\xb0@example.org> NOTIFY=NEVER", &in_transaction, true},
      {"RCPT TO:<\xf0\x9f\x98\x80@example.org>", &in_transaction, true},
      {"MAIL FROM:<j\xc3\xbcrgen@example.org> BODY=8BITMIME", &outside, false},
      {"RCPT TO:<j\xc3\xbcrgen@example.org>", &outside, false},
      {"RCPT TO:<\xed\xa0\x80@example.org>", &in_transaction, false},
      {"RCPT TO:<\xc3@example.org>", &in_transaction, false},
      {"RCPT TO:<a@\xe2\x98\x83.example>", &in_transaction, false},
      {"RCPT TO:<\"j\xc3\xbcrgen\"@example.org>", &in_transaction, false},
  };
  for (const detail::scan_path path : {detail::scan_path::avx512, detail::scan_path::avx2}) {
    if (!detail::force_scan_path(path)) continue;
    for (const lane_case& k : cases) {
      const std::string_view line = k.line;
      command c;
      const std::size_t used = detail::take_command_vector(reinterpret_cast<const unsigned char*>(line.data()),
                                                           line.size(), false, *k.opt, c);
      EXPECT_EQ(used != 0, k.taken) << ::testing::PrintToString(std::string(line)) << " on " << detail::to_string(path);
      if (used != 0) {
        EXPECT_TRUE(c.path.mailbox.utf8) << line;
        EXPECT_TRUE(detail::identical(parse_result<command>{c}, parse_command(line, *k.opt))) << line;
      }
    }
  }
  detail::reset_scan_path();
}

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
