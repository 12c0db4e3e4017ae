// Reply writer (RFC 5321 4.2, RFC 2034 4): formatting, wrapping, neutralising application
// text, ready-made replies for every error, and the writer -> parser round trip.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smtpcodec/reply.hpp"

namespace smtpcodec {
namespace {

std::string written(std::uint16_t code, enhanced_status st, std::string_view text, reply_writer_options opt = {}) {
  std::string out;
  EXPECT_EQ(write_reply(code, st, text, out, opt), errc{});
  return out;
}

struct parsed {
  std::uint16_t code = 0;
  std::vector<std::string> texts, messages;
  std::vector<enhanced_status> statuses;
};

parsed parse_all(const std::string& wire, std::size_t max_line = 512) {
  reply_parser_options opt;
  opt.max_line_length = max_line;
  const auto ev = parse_reply(wire, opt);
  EXPECT_EQ(ev.kind, reply_event::kind_t::reply) << to_string(ev.error);
  EXPECT_EQ(ev.consumed, wire.size());
  parsed p;
  p.code = ev.reply.code;
  for (const auto& l : ev.reply) {
    p.texts.emplace_back(l.text);
    p.messages.emplace_back(l.message);
    p.statuses.push_back(l.status);
  }
  return p;
}

TEST(ReplyWriter, SingleLines) {
  EXPECT_EQ(written(250, {2, 1, 0}, "Ok"), "250 2.1.0 Ok\r\n");
  EXPECT_EQ(written(354, {}, "End data with <CR><LF>.<CR><LF>"), "354 End data with <CR><LF>.<CR><LF>\r\n");
  EXPECT_EQ(written(221, {2, 0, 0}, ""), "221 2.0.0\r\n");
  EXPECT_EQ(written(250, {}, ""), "250\r\n");  // RFC 5321 4.2: Reply-code [ SP textstring ]
  EXPECT_EQ(written(220, {}, "mx.example ESMTP\tready"), "220 mx.example ESMTP\tready\r\n");
}

TEST(ReplyWriter, MultiLineRfc2034StatusOnEveryLine) {
  std::string out;
  ASSERT_EQ(write_multiline_reply(550, {5, 7, 1}, {"Message rejected", "", "See https://example.org/"}, out), errc{});
  EXPECT_EQ(out, "550-5.7.1 Message rejected\r\n550-5.7.1\r\n550 5.7.1 See https://example.org/\r\n");
  out.clear();
  ASSERT_EQ(write_multiline_reply(250, {}, {"mx.example", "PIPELINING", ""}, out), errc{});
  EXPECT_EQ(out, "250-mx.example\r\n250-PIPELINING\r\n250\r\n");
  out.clear();
  ASSERT_EQ(write_multiline_reply(250, {}, std::span<const std::string_view>{}, out), errc{});
  EXPECT_EQ(out, "250\r\n");
}

TEST(ReplyWriter, NeutralisesCrLfNulAndControls) {
  // A reply can never be split or gain a line from application text.
  const std::string evil = std::string("bad\r\n250 2.0.0 injected\nx\ry") + std::string("\0\x1b\x7f\tz", 5);
  const std::string out = written(550, {5, 7, 1}, evil);
  EXPECT_EQ(out, "550 5.7.1 bad  250 2.0.0 injected x y???\tz\r\n");
  const auto p = parse_all(out);
  EXPECT_EQ(p.texts.size(), 1u);
}

TEST(ReplyWriter, Utf8KeptWhenWellFormedOtherwiseReplaced) {
  EXPECT_EQ(written(250, {}, "gr\xc3\xbc\xc3\x9f dich"), "250 gr\xc3\xbc\xc3\x9f dich\r\n");
  EXPECT_EQ(written(250, {}, "caf\xe9 \xc0\xaf \xed\xa0\x80 \xe2\x82"), "250 caf? ?? ??? ??\r\n");
  reply_writer_options ascii;
  ascii.allow_utf8 = false;
  EXPECT_EQ(written(250, {}, "gr\xc3\xbc\xc3\x9f", ascii), "250 gr????\r\n");
}

TEST(ReplyWriter, WrapsAtSpacesUnderTheLineLimit) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "word" + std::to_string(i) + " ";
  text += "end";
  reply_writer_options opt;
  opt.max_line_length = 80;
  const std::string out = written(451, {4, 3, 0}, text, opt);
  std::size_t start = 0, lines = 0;
  while (start < out.size()) {
    const std::size_t end = out.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end + 2 - start, 80u);
    ++lines;
    start = end + 2;
  }
  EXPECT_GT(lines, 4u);
  const auto p = parse_all(out, 80);
  std::string joined;
  for (std::size_t i = 0; i < p.messages.size(); ++i) {
    joined += p.messages[i];
    EXPECT_EQ(p.statuses[i], (enhanced_status{4, 3, 0}));
    if (i + 1 < p.messages.size()) {
      EXPECT_EQ(p.messages[i].back(), ' ') << "wrapped after a space";
    }
  }
  EXPECT_EQ(joined, text);
}

TEST(ReplyWriter, LongWordIsCutButNeverInsideUtf8) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "\xe2\x82\xac";  // 300 bytes of euro signs, no space
  reply_writer_options opt;
  opt.max_line_length = 64;
  const std::string out = written(250, {}, text, opt);
  const auto p = parse_all(out, 64);  // the parser checks UTF-8 per line
  std::string joined;
  for (const auto& m : p.messages) joined += m;
  EXPECT_EQ(joined, text);
  EXPECT_GT(p.messages.size(), 5u);
}

TEST(ReplyWriter, LimitBelowMinimumActsAsMinimum) {
  reply_writer_options opt;
  opt.max_line_length = 10;
  const std::string out = written(250, {2, 0, 0}, std::string(100, 'x'), opt);
  EXPECT_EQ(out.find("\r\n"), 62u);  // 64 with CRLF
}

TEST(ReplyWriter, RefusesInvalidCodesAndMismatchedStatus) {
  std::string out = "keep";
  EXPECT_EQ(write_reply(199, {}, "x", out), errc::invalid_reply_code);
  EXPECT_EQ(write_reply(600, {}, "x", out), errc::invalid_reply_code);
  EXPECT_EQ(write_reply(260, {}, "x", out), errc::invalid_reply_code);
  EXPECT_EQ(write_reply(0, {}, "x", out), errc::invalid_reply_code);
  EXPECT_EQ(write_reply(250, {5, 0, 0}, "x", out), errc::enhanced_status_mismatch);  // RFC 3463 2
  EXPECT_EQ(write_reply(354, {2, 0, 0}, "x", out), errc::enhanced_status_mismatch);
  EXPECT_EQ(write_reply(550, {5, 1000, 0}, "x", out), errc::enhanced_status_mismatch);
  EXPECT_EQ(write_multiline_reply(250, {3, 0, 0}, {"a", "b"}, out), errc::enhanced_status_mismatch);
  EXPECT_EQ(out, "keep");  // nothing appended on error
}

TEST(ReplyWriter, ReadyMadeReplyForEveryError) {
  // Every errc the library defines has a reply; writing it yields a reply that parses
  // back with the same code, status code and text.
  std::size_t covered = 0;
  for (int v = 1; v < 400; ++v) {
    const auto e = static_cast<errc>(v);
    if (to_string(e) == "unknown") continue;
    for (const auto ctx : {reply_context::generic, reply_context::mail_from, reply_context::rcpt_to, reply_context::data}) {
      const canned_reply r = reply_for(e, ctx);
      std::string out;
      ASSERT_EQ(write_error_reply(e, ctx, out), errc{}) << to_string(e);
      std::string direct;
      ASSERT_EQ(write_reply(r, direct), errc{});
      EXPECT_EQ(out, direct);
      const auto p = parse_all(out);
      EXPECT_EQ(p.code, r.code);
      ASSERT_EQ(p.statuses.size(), 1u) << to_string(e);
      EXPECT_EQ(p.statuses[0], r.status);
      EXPECT_EQ(p.messages[0], r.text);
    }
    ++covered;
  }
  EXPECT_GE(covered, 40u);
  std::string out;
  ASSERT_EQ(write_error_reply(errc::invalid_path, reply_context::rcpt_to, out), errc{});
  EXPECT_EQ(out, "501 5.1.3 Bad address syntax\r\n");
}

// Writer -> parser: code, status code and every line's text come back.
TEST(ReplyWriter, RoundTrip) {
  const std::vector<std::vector<std::string_view>> texts = {
      {"Ok"},
      {"mx.example", "PIPELINING", "SIZE 10240000", "8BITMIME"},
      {"", "", ""},
      {"2.0.0 looks like a status", "tab\there"},
      {"\xe4\xbd\xa0\xe5\xa5\xbd", " leading space", "trailing space "},
  };
  const std::pair<std::uint16_t, enhanced_status> codes[] = {
      {250, {}}, {250, {2, 1, 5}}, {421, {4, 4, 2}}, {554, {5, 7, 999}}, {354, {}}, {220, {}}};
  for (const auto& lines : texts) {
    for (const auto& [code, st] : codes) {
      std::string out;
      ASSERT_EQ(write_multiline_reply(code, st, std::span<const std::string_view>(lines), out), errc{});
      const auto p = parse_all(out);
      EXPECT_EQ(p.code, code);
      ASSERT_EQ(p.messages.size(), lines.size());
      for (std::size_t i = 0; i < lines.size(); ++i) {
        if (st.empty()) {
          EXPECT_EQ(p.texts[i], lines[i]);
        } else {
          EXPECT_EQ(p.statuses[i], st);
          EXPECT_EQ(p.messages[i], lines[i]);
        }
      }
    }
  }
}

}  // namespace
}  // namespace smtpcodec
