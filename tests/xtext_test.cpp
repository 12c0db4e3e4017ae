// xtext (RFC 3461 4) and the RFC 6533 3 utf-8 address forms.
#include "smtpcodec/xtext.hpp"

#include <gtest/gtest.h>

#include <string>

namespace smtpcodec {
namespace {

TEST(XtextIsXtext, Rfc3461Section4Alphabet) {
  for (const char* ok : {"a", "<>", "joe+2Bsmith@example.org", "+00", "+FF", "!~", "+2B+3D", "QQ314159"})
    EXPECT_TRUE(is_xtext(ok)) << ok;
  for (const char* bad : {"", "+2b", "+", "+2", "a+", "a+2", "=", "a=b", " ", "a b", "\x7f", "+GG", "+ZZ", "+-1",
                          "\xc3\xa9", "\t"})
    EXPECT_FALSE(is_xtext(bad)) << bad;
  EXPECT_FALSE(is_xtext(std::string_view("a\0b", 3)));
}

TEST(XtextDecode, NoEscapeIsAViewOfTheInput) {
  const std::string in = "plain-text@example.org";
  std::string scratch = "untouched";
  const auto r = xtext_decode(in, scratch);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.data(), in.data());  // zero-copy
  EXPECT_EQ(r.value.size(), in.size());
  EXPECT_EQ(scratch, "untouched");
}

TEST(XtextDecode, EscapesDecodeIntoScratch) {
  std::string scratch;
  auto r = xtext_decode("joe+2Bsmith", scratch);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value, "joe+smith");
  EXPECT_EQ(r.value.data(), scratch.data());
  r = xtext_decode("+00+FF+41", scratch);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value, std::string("\0\xff" "A", 3));
  r = xtext_decode("a+20b+3Dc", scratch);
  EXPECT_EQ(r.value, "a b=c");
}

TEST(XtextDecode, StrictErrorsAndOffsets) {
  struct bad {
    const char* in;
    std::size_t offset;
  };
  std::string scratch;
  for (const auto& b : {bad{"", 0}, bad{"+2b", 2}, bad{"ab+", 3}, bad{"ab+2", 4}, bad{"a=b", 1}, bad{"a b", 1},
                        bad{"ab+g0", 3}, bad{"+2B+2", 5}, bad{"x\xc3\xa9", 1}}) {
    const auto r = xtext_decode(b.in, scratch);
    EXPECT_EQ(r.error, errc::invalid_xtext) << b.in;
    EXPECT_EQ(r.error_offset, b.offset) << b.in;
    EXPECT_TRUE(r.value.empty());
  }
  EXPECT_EQ(reply_for(errc::invalid_xtext).code, 501);
}

TEST(XtextEncode, EncodesOutsideXcharAndPlusEquals) {
  std::string out = "ENVID=";
  xtext_encode("a b=c+d", out);
  EXPECT_EQ(out, "ENVID=a+20b+3Dc+2Bd");
  out.clear();
  xtext_encode("", out);
  EXPECT_TRUE(out.empty());
  xtext_encode(std::string("\0\r\n\x7f\x80\xff", 6), out);
  EXPECT_EQ(out, "+00+0D+0A+7F+80+FF");
}

TEST(XtextEncode, EveryByteRoundTrips) {
  std::string raw;
  for (int i = 0; i < 256; ++i) raw.push_back(static_cast<char>(i));
  std::string wire;
  xtext_encode(raw, wire);
  EXPECT_TRUE(is_xtext(wire));
  std::string scratch;
  const auto r = xtext_decode(wire, scratch);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value, raw);
}

TEST(XtextUtf8Addr, Rfc6533EmbeddedUnicodeChars) {
  std::string scratch;
  auto r = utf8_addr_decode("j\\x{E9}r\\x{f4}me@x.example", scratch);
  ASSERT_TRUE(r) << r.error_offset;
  EXPECT_EQ(r.value, "j\xc3\xa9r\xc3\xb4me@x.example");
  r = utf8_addr_decode("\\x{1F600}\\x{10FFFF}\\x{5C}\\x{800}\\x{20}", scratch);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value, "\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\\\xe0\xa0\x80 ");
  const std::string plain = "user@example.org";
  r = utf8_addr_decode(plain, scratch);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value.data(), plain.data());
}

TEST(XtextUtf8Addr, Rfc6533GrammarRefusals) {
  struct bad {
    const char* in;
    std::size_t offset;
  };
  std::string scratch;
  for (const auto& b : {bad{"", 0}, bad{"a\\x{D800}", 8}, bad{"a\\x{41}", 6}, bad{"\\x{110000}", 8}, bad{"\\x{0A}", 4},
                        bad{"a+b", 1}, bad{"a=b", 1}, bad{"a\\b", 2}, bad{"\\x{}", 3}, bad{"\\X{E9}", 1},
                        bad{"\\x{E9", 5}, bad{"a b", 1}, bad{"j\xc3\xa9", 1}}) {
    const auto r = utf8_addr_decode(b.in, scratch);
    EXPECT_EQ(r.error, errc::invalid_xtext) << b.in;
    EXPECT_EQ(r.error_offset, b.offset) << b.in;
  }
}

TEST(XtextUtf8Addr, Rfc6533UnitextNeedsPermission) {
  std::string scratch;
  const std::string in = "j\xc3\xa9r\\x{F4}me@x.example";
  EXPECT_FALSE(utf8_addr_decode(in, scratch));
  const auto r = utf8_addr_decode(in, scratch, true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value, "j\xc3\xa9r\xc3\xb4me@x.example");
  EXPECT_FALSE(utf8_addr_decode("j\xc3", scratch, true));         // truncated UTF-8
  EXPECT_FALSE(utf8_addr_decode("j\xed\xa0\x80", scratch, true));  // surrogate
}

}  // namespace
}  // namespace smtpcodec
