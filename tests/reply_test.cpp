// Reply parser (RFC 5321 4.2): single lines, multi-line assembly, enhanced status codes
// (RFC 2034, RFC 3463), limits, every error, split independence, zero copy, and the
// `decode --role client` CLI.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "smtpcodec/reply.hpp"

namespace smtpcodec {
namespace {

// ---- single lines ----------------------------------------------------------------------

struct line_case {
  const char* name;
  std::string line;
  std::uint16_t code;
  bool last;
  std::string text;
  enhanced_status status;
  std::string message;
  errc status_error;
};

void PrintTo(const line_case& c, std::ostream* os) { *os << c.name; }

class ReplyLine : public ::testing::TestWithParam<line_case> {};

TEST_P(ReplyLine, Parses) {
  const auto& c = GetParam();
  const auto r = parse_reply_line(c.line);
  ASSERT_TRUE(r) << to_string(r.error) << " at " << r.error_offset;
  EXPECT_EQ(r.value.code, c.code);
  EXPECT_EQ(r.value.last, c.last);
  EXPECT_EQ(r.value.text, c.text);
  EXPECT_EQ(r.value.status, c.status);
  EXPECT_EQ(r.value.message, c.message);
  EXPECT_EQ(r.value.status_error, c.status_error);
}

INSTANTIATE_TEST_SUITE_P(
    Rfc5321_4_2, ReplyLine,
    ::testing::Values(
        line_case{"last_line", "250 OK\r\n", 250, true, "OK", {}, "OK", {}},
        line_case{"continuation", "250-mx.example Hello\r\n", 250, false, "mx.example Hello", {}, "mx.example Hello", {}},
        line_case{"bare_code", "250\r\n", 250, true, "", {}, "", {}},
        line_case{"bare_code_without_crlf", "354", 354, true, "", {}, "", {}},
        line_case{"empty_continuation", "250-\r\n", 250, false, "", {}, "", {}},
        line_case{"sp_then_nothing_tolerated", "250 \r\n", 250, true, "", {}, "", {}},
        line_case{"tab_allowed_textstring", "220 mx\tready", 220, true, "mx\tready", {}, "mx\tready", {}},
        line_case{"utf8_rfc6531_3_7_4", "550 5.1.1 Empf\xc3\xa4nger unbekannt", 550, true,
                  "5.1.1 Empf\xc3\xa4nger unbekannt", {5, 1, 1}, "Empf\xc3\xa4nger unbekannt", {}},
        line_case{"highest_code", "559 x", 559, true, "x", {}, "x", {}},
        line_case{"tab_far", "250 2.1.0 Ok, queued\tas 4Y2J", 250, true, "2.1.0 Ok, queued\tas 4Y2J", {2, 1, 0},
                  "Ok, queued\tas 4Y2J", {}},
        line_case{"long_printable", "250 2.0.0 " + std::string(400, 'z'), 250, true, "2.0.0 " + std::string(400, 'z'),
                  {2, 0, 0}, std::string(400, 'z'), {}},
        // RFC 2034 4: the enhanced code starts the text of each line.
        line_case{"enhanced_rfc2034", "250 2.1.0 Ok", 250, true, "2.1.0 Ok", {2, 1, 0}, "Ok", {}},
        line_case{"enhanced_alone", "250 2.0.0", 250, true, "2.0.0", {2, 0, 0}, "", {}},
        line_case{"enhanced_three_digits", "550 5.7.999 x", 550, true, "5.7.999 x", {5, 7, 999}, "x", {}},
        line_case{"enhanced_leading_zeros", "451 4.07.001 x", 451, true, "4.07.001 x", {4, 7, 1}, "x", {}},
        line_case{"enhanced_on_continuation", "550-5.7.1 first", 550, false, "5.7.1 first", {5, 7, 1}, "first", {}},
        line_case{"enhanced_tab_is_not_sp", "250 2.0.0\tx", 250, true, "2.0.0\tx", {}, "2.0.0\tx", {}},
        // Text merely starting with digits and dots is not a status code.
        line_case{"ip_address_in_greeting", "220 192.0.2.1 ESMTP", 220, true, "192.0.2.1 ESMTP", {}, "192.0.2.1 ESMTP", {}},
        line_case{"four_parts_not_status", "220 2.2.2.2 ready", 220, true, "2.2.2.2 ready", {}, "2.2.2.2 ready", {}},
        line_case{"four_digit_subject_not_status", "250 2.1000.0 x", 250, true, "2.1000.0 x", {}, "2.1000.0 x", {}},
        line_case{"glued_text_not_status", "250 2.1.0x", 250, true, "2.1.0x", {}, "2.1.0x", {}},
        // RFC 3463 2: the class must fit the reply; a mismatch is kept as text, flagged.
        line_case{"class_mismatch_rfc3463_2", "250 5.0.0 odd", 250, true, "5.0.0 odd", {}, "5.0.0 odd",
                  errc::enhanced_status_mismatch},
        line_case{"class_3_never_valid", "354 3.0.0 go ahead", 354, true, "3.0.0 go ahead", {}, "3.0.0 go ahead",
                  errc::enhanced_status_mismatch},
        line_case{"status_on_354_mismatch", "354 2.0.0 go", 354, true, "2.0.0 go", {}, "2.0.0 go",
                  errc::enhanced_status_mismatch}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

struct line_error_case {
  const char* name;
  std::string line;
  errc error;
  std::size_t offset;
  bool allow_utf8 = true;
  std::size_t max_line = 512;
};

void PrintTo(const line_error_case& c, std::ostream* os) { *os << c.name; }

class ReplyLineError : public ::testing::TestWithParam<line_error_case> {};

TEST_P(ReplyLineError, Refused) {
  const auto& c = GetParam();
  reply_parser_options opt;
  opt.allow_utf8 = c.allow_utf8;
  opt.max_line_length = c.max_line;
  const auto r = parse_reply_line(c.line, opt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error, c.error) << to_string(r.error);
  EXPECT_EQ(r.error_offset, c.offset);
}

INSTANTIATE_TEST_SUITE_P(
    Rfc5321_4_2, ReplyLineError,
    ::testing::Values(
        line_error_case{"empty", "", errc::invalid_reply_code, 0},
        line_error_case{"two_digits", "25\r\n", errc::invalid_reply_code, 2},
        line_error_case{"letters", "abc def", errc::invalid_reply_code, 0},
        line_error_case{"first_digit_1", "199 x", errc::invalid_reply_code, 0},
        line_error_case{"first_digit_6", "600 x", errc::invalid_reply_code, 0},
        line_error_case{"second_digit_6", "260 x", errc::invalid_reply_code, 1},
        line_error_case{"http_response", "HTTP/1.1 400 Bad Request", errc::invalid_reply_code, 0},
        line_error_case{"separator_letter", "250x", errc::invalid_reply_separator, 3},
        line_error_case{"separator_tab", "250\tOK", errc::invalid_reply_separator, 3},
        line_error_case{"four_digits", "2500 OK", errc::invalid_reply_separator, 3},
        line_error_case{"bare_cr_in_text", "250 a\rb\r\n", errc::bare_cr, 5},
        line_error_case{"bare_lf_end", "250 ab\n", errc::bare_lf, 6},
        line_error_case{"lf_inside", "250 a\nb", errc::bare_lf, 5},
        line_error_case{"nul", std::string("250 a\0b", 7), errc::nul_byte, 5},
        line_error_case{"escape", "250 a\x1b[31m", errc::control_character, 5},
        line_error_case{"del", "250 a\x7f", errc::control_character, 5},
        // Past the code and status code region (14 bytes) printable text takes a fast path;
        // anything else there is still found at its byte.
        line_error_case{"control_far", "250 2.1.0 abcdefghij\x01k", errc::control_character, 20},
        line_error_case{"del_far", "250 " + std::string(40, 'a') + "\x7f", errc::control_character, 44},
        line_error_case{"cr_far", "250 " + std::string(40, 'a') + "\rb", errc::bare_cr, 44},
        line_error_case{"latin1_far", "250 " + std::string(40, 'a') + "\xe9", errc::invalid_utf8, 44},
        line_error_case{"eight_bit_refused", "250 \xc3\xa4", errc::eight_bit_byte, 4, false},
        line_error_case{"eight_bit_before_control", "250 \xc3\xa4\x01", errc::eight_bit_byte, 4, false},
        line_error_case{"latin1", "250 caf\xe9 ok", errc::invalid_utf8, 7},
        line_error_case{"overlong", "250 \xc0\xaf", errc::invalid_utf8, 4},
        line_error_case{"surrogate", "250 \xed\xa0\x80", errc::invalid_utf8, 5},
        line_error_case{"truncated_utf8", "250 \xe2\x82", errc::invalid_utf8, 4},
        line_error_case{"too_long_rfc5321_4_5_3_1_5", "250 " + std::string(507, 'x') + "\r\n", errc::line_too_long, 512},
        line_error_case{"too_long_without_crlf", "250 " + std::string(507, 'x'), errc::line_too_long, 512},
        line_error_case{"configured_limit", "250 abcdefgh", errc::line_too_long, 10, true, 10}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(ReplyLineLimit, ExactlyAtLimitIsAccepted) {
  EXPECT_TRUE(parse_reply_line("250 " + std::string(506, 'x') + "\r\n"));  // 512 with CRLF
  EXPECT_TRUE(parse_reply_line("250 " + std::string(506, 'x')));
}

// ---- classification (RFC 5321 4.2.1) ----------------------------------------------------

TEST(ReplyClassify, Rfc5321_4_2_1_FirstDigit) {
  EXPECT_EQ(classify_reply(220), reply_class::positive_completion);
  EXPECT_EQ(classify_reply(250), reply_class::positive_completion);
  EXPECT_EQ(classify_reply(334), reply_class::positive_intermediate);
  EXPECT_EQ(classify_reply(354), reply_class::positive_intermediate);
  EXPECT_EQ(classify_reply(421), reply_class::transient_negative);
  EXPECT_EQ(classify_reply(452), reply_class::transient_negative);
  EXPECT_EQ(classify_reply(550), reply_class::permanent_negative);
  EXPECT_EQ(classify_reply(199), reply_class::invalid);
  EXPECT_EQ(classify_reply(600), reply_class::invalid);
  EXPECT_EQ(to_string(reply_class::transient_negative), "transient_negative");
  EXPECT_EQ(to_string(reply_class::invalid), "invalid");
  EXPECT_TRUE(is_valid_reply_code(250));
  EXPECT_FALSE(is_valid_reply_code(260));
  EXPECT_FALSE(is_valid_reply_code(560));
}

// ---- whole replies ---------------------------------------------------------------------

// An owned record of one parser event, for comparing runs.
struct record {
  reply_event::kind_t kind = reply_event::kind_t::need_more;
  std::uint16_t code = 0;
  enhanced_status status{};
  errc status_error{};
  std::vector<std::string> texts;
  errc error{};
  std::size_t error_line = 0, error_column = 0;
  bool operator==(const record&) const = default;
};

std::ostream& operator<<(std::ostream& os, const record& r) {
  char buf[enhanced_status::max_chars];
  os << (r.kind == reply_event::kind_t::reply ? "reply " : "error ") << r.code << ' '
     << (r.status.empty() ? "-" : r.status.format(buf)) << ' ' << to_string(r.error) << ' ' << r.error_line << ':'
     << r.error_column << " [";
  for (const auto& t : r.texts) os << '"' << t << "\" ";
  return os << ']';
}

record to_record(const reply_event& ev) {
  record r;
  r.kind = ev.kind;
  r.code = ev.reply.code;
  r.status = ev.reply.status;
  r.status_error = ev.reply.status_error;
  for (const auto& l : ev.reply) r.texts.emplace_back(l.text);
  r.error = ev.error;
  r.error_line = ev.error_line;
  r.error_column = ev.error_column;
  return r;
}

// Feeds `pieces` in order (the caller keeps unconsumed bytes, as the contract says) and
// returns every reply and the final error (a reply_incomplete from finish() included).
std::vector<record> run(const std::vector<std::string>& pieces, const reply_parser_options& opt = {}) {
  reply_parser p(opt);
  std::vector<record> out;
  std::string pending;
  for (const auto& piece : pieces) {
    pending += piece;
    for (;;) {
      const reply_event ev = p.next(pending);
      if (ev.kind != reply_event::kind_t::need_more) out.push_back(to_record(ev));  // before the bytes go
      pending.erase(0, ev.consumed);
      if (ev.kind == reply_event::kind_t::need_more) break;
      if (ev.kind == reply_event::kind_t::error) return out;
    }
  }
  if (p.finish() != errc{}) out.push_back(to_record(p.next({})));
  return out;
}

std::vector<record> run_whole(const std::string& s, const reply_parser_options& opt = {}) { return run({s}, opt); }

const std::string session =
    "220 mx.example ESMTP Postfix (Debian/GNU)\r\n"
    "250-mx.example\r\n"
    "250-PIPELINING\r\n"
    "250-SIZE 10240000\r\n"
    "250-ENHANCEDSTATUSCODES\r\n"
    "250-8BITMIME\r\n"
    "250 SMTPUTF8\r\n"
    "250 2.1.0 Ok\r\n"
    "250 2.1.5 Ok\r\n"
    "550-5.1.1 <nobody@example.org>: Recipient address rejected:\r\n"
    "550-5.1.1 User unknown in virtual mailbox table\r\n"
    "550 5.1.1 Try again later.\r\n"
    "354 End data with <CR><LF>.<CR><LF>\r\n"
    "250 2.0.0 Ok: queued as 4Y2Jf01VxKz9tC\r\n"
    "451 4.7.1 Greylisted, see https://example.org/\r\n"
    "221 2.0.0 Bye\r\n";

TEST(ReplyParser, SessionWholeBuffer) {
  const auto recs = run_whole(session);
  ASSERT_EQ(recs.size(), 9u);
  EXPECT_EQ(recs[0].code, 220);
  EXPECT_EQ(recs[1].code, 250);
  EXPECT_EQ(recs[1].texts.size(), 6u);
  EXPECT_EQ(recs[1].texts[2], "SIZE 10240000");
  EXPECT_TRUE(recs[1].status.empty());
  EXPECT_EQ(recs[2].status, (enhanced_status{2, 1, 0}));
  EXPECT_EQ(recs[4].code, 550);
  EXPECT_EQ(recs[4].texts.size(), 3u);
  EXPECT_EQ(recs[4].status, (enhanced_status{5, 1, 1}));
  EXPECT_EQ(recs[5].code, 354);
  EXPECT_EQ(recs[7].status, (enhanced_status{4, 7, 1}));
  EXPECT_EQ(recs[8].code, 221);
}

TEST(ReplyParser, ConsumesOneReplyAtATimeAndViewsPointIntoInput) {
  const std::string in = "250 2.1.0 Ok\r\n250-a\r\n250 b\r\n354 go";
  reply_parser p;
  auto ev = p.next(in);
  ASSERT_EQ(ev.kind, reply_event::kind_t::reply);
  EXPECT_EQ(ev.consumed, 14u);
  EXPECT_EQ(ev.reply.raw.data(), in.data());  // zero copy
  EXPECT_EQ(ev.reply.line_count, 1u);
  EXPECT_EQ(ev.reply.category(), reply_class::positive_completion);
  EXPECT_EQ(ev.reply.first_line().message, "Ok");
  ev = p.next(std::string_view(in).substr(14));
  ASSERT_EQ(ev.kind, reply_event::kind_t::reply);
  EXPECT_EQ(ev.consumed, 14u);
  EXPECT_EQ(ev.reply.raw.data(), in.data() + 14);
  EXPECT_EQ(ev.reply.line_count, 2u);
  for (const auto& l : ev.reply) {
    EXPECT_GE(l.text.data(), in.data());
    EXPECT_LE(l.text.data() + l.text.size(), in.data() + in.size());
  }
  EXPECT_FALSE(p.buffer_allocated());  // no reply spanned two calls: nothing allocated
  ev = p.next(std::string_view(in).substr(28));
  EXPECT_EQ(ev.kind, reply_event::kind_t::need_more);
  EXPECT_EQ(ev.consumed, 6u);  // the partial reply is held
  EXPECT_EQ(p.buffered(), 6u);
  EXPECT_TRUE(p.buffer_allocated());
  ev = p.next("\r\n");
  ASSERT_EQ(ev.kind, reply_event::kind_t::reply);
  EXPECT_EQ(ev.consumed, 2u);
  EXPECT_EQ(ev.reply.code, 354);
  EXPECT_EQ(ev.reply.raw, "354 go\r\n");
  EXPECT_EQ(ev.reply.category(), reply_class::positive_intermediate);
  EXPECT_EQ(p.next({}).kind, reply_event::kind_t::need_more);
  EXPECT_EQ(p.buffered(), 0u);
  EXPECT_EQ(p.finish(), errc{});
}

TEST(ReplyParser, ReplySpanningCallsIsOneContiguousView) {
  reply_parser p;
  EXPECT_EQ(p.next("250-first\r\n250-sec").kind, reply_event::kind_t::need_more);
  EXPECT_EQ(p.next("ond\r").kind, reply_event::kind_t::need_more);
  const auto ev = p.next("\n250 third\r\n220 next\r\n");
  ASSERT_EQ(ev.kind, reply_event::kind_t::reply);
  EXPECT_EQ(ev.consumed, 12u);
  EXPECT_EQ(ev.reply.raw, "250-first\r\n250-second\r\n250 third\r\n");
  std::vector<std::string> texts;
  for (const auto& l : ev.reply) texts.emplace_back(l.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"first", "second", "third"}));
}

TEST(ReplyParser, StatusMismatchIsNotFatal) {
  const auto recs = run_whole("250-2.0.0 fine\r\n250 5.0.0 odd\r\n250 ok\r\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].kind, reply_event::kind_t::reply);
  EXPECT_EQ(recs[0].status, (enhanced_status{2, 0, 0}));
  EXPECT_EQ(recs[0].status_error, errc::enhanced_status_mismatch);
  EXPECT_EQ(recs[1].status_error, errc{});
}

struct stream_error_case {
  const char* name;
  std::string stream;
  errc error;
  std::size_t line, column;
  reply_parser_options opt{};
};

reply_parser_options limits(std::size_t line, std::size_t lines, std::size_t bytes) {
  reply_parser_options o;
  o.max_line_length = line;
  o.max_lines = lines;
  o.max_reply_bytes = bytes;
  return o;
}

void PrintTo(const stream_error_case& c, std::ostream* os) { *os << c.name; }

class ReplyStreamError : public ::testing::TestWithParam<stream_error_case> {};

// The error, its line and its column are the same whole and at every split point.
TEST_P(ReplyStreamError, SameAtEverySplit) {
  const auto& c = GetParam();
  const auto whole = run_whole(c.stream, c.opt);
  ASSERT_FALSE(whole.empty());
  const record& last = whole.back();
  EXPECT_EQ(last.kind, reply_event::kind_t::error);
  EXPECT_EQ(last.error, c.error) << to_string(last.error);
  EXPECT_EQ(last.error_line, c.line);
  EXPECT_EQ(last.error_column, c.column);
  for (std::size_t k = 0; k <= c.stream.size(); ++k)
    ASSERT_EQ(run({c.stream.substr(0, k), c.stream.substr(k)}, c.opt), whole) << "split at " << k;
  std::vector<std::string> bytes;
  for (char ch : c.stream) bytes.emplace_back(1, ch);
  EXPECT_EQ(run(bytes, c.opt), whole) << "byte by byte";
}

INSTANTIATE_TEST_SUITE_P(
    Limits, ReplyStreamError,
    ::testing::Values(
        stream_error_case{"code_mismatch_rfc5321_4_2_1", "220 ok\r\n250-a\r\n251 b\r\n", errc::reply_code_mismatch, 2, 0},
        stream_error_case{"invalid_code", "220 ok\r\n25O ok\r\n", errc::invalid_reply_code, 1, 2},
        stream_error_case{"invalid_separator", "250+ok\r\n", errc::invalid_reply_separator, 1, 3},
        stream_error_case{"bare_lf", "250-a\r\n250 b\n", errc::bare_lf, 2, 5},
        stream_error_case{"bare_cr", "250 a\rb\r\n", errc::bare_cr, 1, 5},
        stream_error_case{"nul", std::string("250 a\0\r\n", 8), errc::nul_byte, 1, 5},
        stream_error_case{"control", "250 \x07\r\n", errc::control_character, 1, 4},
        stream_error_case{"invalid_utf8", "250 \xff\r\n", errc::invalid_utf8, 1, 4},
        stream_error_case{"line_too_long", "250-ok\r\n250 " + std::string(600, 'a') + "\r\n", errc::line_too_long, 2, 512},
        stream_error_case{"line_too_long_no_lf", "250 " + std::string(600, 'a'), errc::line_too_long, 1, 512},
        stream_error_case{"line_limit_before_bad_byte", std::string("250 ") + std::string(20, 'a') + '\0' + "\r\n",
                          errc::line_too_long, 1, 16, limits(16, 128, 16384)},
        stream_error_case{"too_many_lines", "250-a\r\n250-b\r\n250-c\r\n250 d\r\n", errc::too_many_reply_lines, 3, 0,
                          limits(512, 2, 16384)},
        stream_error_case{"reply_too_large", "250-aaaa\r\n250-bbbb\r\n250 cccc\r\n", errc::reply_too_large, 3, 4,
                          limits(512, 128, 24)},
        stream_error_case{"reply_limit_nearer_than_line_limit", "250-aaaa\r\n250 bbbbbbbbbbbbbbbbbbbbbbbb\r\n",
                          errc::reply_too_large, 2, 10, limits(20, 128, 20)},
        stream_error_case{"line_limit_nearer_than_reply_limit", "250-a\r\n250 bbbbbbbbbbbbbbbbbbbbbbbbb\r\n",
                          errc::line_too_long, 2, 12, limits(12, 128, 30)},
        stream_error_case{"truncated_reply_incomplete", "220 ok\r\n250-a\r\n250 b", errc::reply_incomplete, 2, 5},
        stream_error_case{"truncated_after_cr", "250 b\r", errc::reply_incomplete, 1, 6}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(ReplyParser, SplitAtEveryByteGivesTheSameReplies) {
  const auto whole = run_whole(session);
  ASSERT_EQ(whole.size(), 9u);
  for (std::size_t k = 0; k <= session.size(); ++k) {
    ASSERT_EQ(run({session.substr(0, k), session.substr(k)}), whole) << "split at " << k;
    // Three pieces: k and a second cut further on.
    const std::size_t m = k + (session.size() - k) / 2;
    ASSERT_EQ(run({session.substr(0, k), session.substr(k, m - k), session.substr(m)}), whole) << k << "/" << m;
  }
  std::vector<std::string> bytes;
  for (char ch : session) bytes.emplace_back(1, ch);
  EXPECT_EQ(run(bytes), whole);
}

TEST(ReplyParser, FatalErrorIsStickyAndResetRecovers) {
  reply_parser p;
  auto ev = p.next("250 ok\r\nxyz\r\n");
  ASSERT_EQ(ev.kind, reply_event::kind_t::reply);
  ev = p.next("xyz\r\n");
  ASSERT_EQ(ev.kind, reply_event::kind_t::error);
  EXPECT_EQ(ev.error, errc::invalid_reply_code);
  EXPECT_TRUE(p.failed());
  EXPECT_EQ(p.error(), errc::invalid_reply_code);
  ev = p.next("250 ok\r\n");
  EXPECT_EQ(ev.kind, reply_event::kind_t::error);
  EXPECT_EQ(ev.consumed, 0u);
  EXPECT_EQ(p.finish(), errc::invalid_reply_code);
  p.reset();
  EXPECT_FALSE(p.failed());
  EXPECT_EQ(p.next("250 ok\r\n").kind, reply_event::kind_t::reply);
}

TEST(ReplyParser, StartTlsInjectionIsVisible) {
  // CVE-2011-0411 class, client side: a server (or a man in the middle) sends bytes after
  // the 220 to STARTTLS in the same segment; they must not survive the TLS handshake.
  reply_parser p;
  const std::string in = "220 2.0.0 Ready to start TLS\r\n250-injected\r\n";
  const auto ev = p.next(in);
  ASSERT_EQ(ev.kind, reply_event::kind_t::reply);
  EXPECT_LT(ev.consumed, in.size());  // the caller sees the extra bytes
  EXPECT_EQ(p.next(std::string_view(in).substr(ev.consumed)).kind, reply_event::kind_t::need_more);
  EXPECT_GT(p.buffered(), 0u);  // ... or the parser holds them
  p.reset();
  EXPECT_EQ(p.buffered(), 0u);
}

TEST(ReplyParser, ParseReplyOneShot) {
  const std::string in = "250-a\r\n250 b\r\nrest";
  auto ev = parse_reply(in);
  ASSERT_EQ(ev.kind, reply_event::kind_t::reply);
  EXPECT_EQ(ev.consumed, 14u);
  EXPECT_EQ(ev.reply.raw.data(), in.data());
  ev = parse_reply("250-a\r\n250 b");
  EXPECT_EQ(ev.kind, reply_event::kind_t::error);
  EXPECT_EQ(ev.error, errc::reply_incomplete);
  EXPECT_EQ(ev.error_line, 2u);
  EXPECT_EQ(ev.error_column, 5u);
}

TEST(ReplyParser, MoveKeepsState) {
  reply_parser a;
  EXPECT_EQ(a.next("250-x\r\n").kind, reply_event::kind_t::need_more);
  reply_parser b = std::move(a);
  const auto ev = b.next("250 y\r\n");
  ASSERT_EQ(ev.kind, reply_event::kind_t::reply);
  EXPECT_EQ(ev.reply.line_count, 2u);
}

TEST(ReplyParser, EightBitRefusedWhenUtf8Off) {
  reply_parser_options opt;
  opt.allow_utf8 = false;
  const auto recs = run_whole("250 caf\xc3\xa9\r\n", opt);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].error, errc::eight_bit_byte);
  EXPECT_EQ(recs[0].error_column, 7u);
}

TEST(ReplyErrors, NamesAreStable) {
  EXPECT_EQ(to_string(errc::invalid_reply_code), "invalid_reply_code");
  EXPECT_EQ(to_string(errc::invalid_reply_separator), "invalid_reply_separator");
  EXPECT_EQ(to_string(errc::reply_code_mismatch), "reply_code_mismatch");
  EXPECT_EQ(to_string(errc::too_many_reply_lines), "too_many_reply_lines");
  EXPECT_EQ(to_string(errc::reply_too_large), "reply_too_large");
  EXPECT_EQ(to_string(errc::reply_incomplete), "reply_incomplete");
  EXPECT_EQ(to_string(errc::enhanced_status_mismatch), "enhanced_status_mismatch");
  EXPECT_EQ(static_cast<int>(errc::invalid_reply_code), 100);
  EXPECT_EQ(static_cast<int>(errc::too_many_capabilities), 110);
  EXPECT_EQ(make_error_code(errc::reply_too_large).message(), "Reply too large");
}

// ---- CLI: smtpcodec decode --role client -------------------------------------------------

using ReplyCli = testing::cli_test;
using testing::run_cli;

TEST_F(ReplyCli, DecodeClientSession) {
  const auto r = run_cli("decode --role client",
                         "220 mx.example ESMTP\r\n"
                         "250-mx.example Hello\r\n250-SIZE 35882577\r\n250-auth PLAIN LOGIN\r\n250-AUTH=PLAIN LOGIN\r\n"
                         "250 PIPELINING\r\n"
                         "250 2.1.0 Ok\r\n"
                         "550-5.1.1 No such user\r\n550 5.1.1 here\r\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\"event\":\"reply\",\"code\":220,\"enhanced\":null,\"text\":[\"mx.example ESMTP\"]}\n"
            "{\"event\":\"reply\",\"code\":250,\"enhanced\":null,\"text\":[\"mx.example Hello\",\"SIZE 35882577\","
            "\"auth PLAIN LOGIN\",\"AUTH=PLAIN LOGIN\",\"PIPELINING\"]}\n"
            "{\"event\":\"capabilities\",\"domain\":\"mx.example\",\"list\":[[\"SIZE\",\"35882577\"],"
            "[\"AUTH\",\"PLAIN LOGIN\"],[\"AUTH=\",\"PLAIN LOGIN\"],[\"PIPELINING\",\"\"]]}\n"
            "{\"event\":\"reply\",\"code\":250,\"enhanced\":\"2.1.0\",\"text\":[\"2.1.0 Ok\"]}\n"
            "{\"event\":\"reply\",\"code\":550,\"enhanced\":\"5.1.1\",\"text\":[\"5.1.1 No such user\",\"5.1.1 here\"]}\n");
}

TEST_F(ReplyCli, DecodeClientNoCapabilitiesWhenSecondReplyIsNot250) {
  const auto r = run_cli("decode --role client", "220 hi\r\n502 5.5.1 No EHLO\r\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.find("capabilities"), std::string::npos);
}

TEST_F(ReplyCli, DecodeClientProtocolErrorEndsTheRun) {
  const auto r = run_cli("decode --role client", "220 hi\r\n250-a\r\n251 b\r\n250 never\r\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out,
            "{\"event\":\"reply\",\"code\":220,\"enhanced\":null,\"text\":[\"hi\"]}\n"
            "{\"event\":\"error\",\"what\":\"reply_code_mismatch\",\"detail\":\"reply 2, line 2, byte 0: Reply lines "
            "carry different codes\"}\n");
}

TEST_F(ReplyCli, DecodeClientTruncated) {
  const auto r = run_cli("decode --role=client", "220 hi\r\n250-a\r\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("{\"event\":\"error\",\"what\":\"truncated\",\"detail\":\"input ended inside a reply (reply 2, "
                       "line 2, byte 0)\"}\n"),
            std::string::npos)
      << r.out;
}

TEST_F(ReplyCli, DecodeClientUsage) { EXPECT_EQ(run_cli("decode --role client --frob", "").status, 2); }

}  // namespace
}  // namespace smtpcodec
