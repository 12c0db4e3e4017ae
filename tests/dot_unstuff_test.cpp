// dot_unstuffer (RFC 5321 4.1.1.4, 4.5.2) and the scan behind it: content, end of data,
// smuggling variants under every policy, limits and reports, every split of the input,
// every CPU path.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "data_test_util.hpp"
#include "detail/byte_scan.hpp"
#include "smtpcodec/dot_stuffing.hpp"

namespace smtpcodec {
namespace {

using detail::scan_path;
using test::all_scan_paths;
using test::scoped_scan_path;

constexpr std::size_t incomplete = static_cast<std::size_t>(-1);

struct decoded {
  std::string content;
  std::size_t consumed = 0;  // `incomplete` when the marker was not found
  errc error{};
  body_stats stats;
  friend bool operator==(const decoded&, const decoded&) = default;
};

std::ostream& operator<<(std::ostream& os, const decoded& d) {
  return os << "{content=" << ::testing::PrintToString(d.content) << " consumed=" << d.consumed
            << " error=" << to_string(d.error) << " size=" << d.stats.size << " long=" << d.stats.long_lines
            << " 8bit=" << d.stats.eight_bit << " nul=" << d.stats.nul << " lf=" << d.stats.bare_lf
            << " cr=" << d.stats.bare_cr << "}";
}

// Feeds `wire` in the pieces given by `cuts`, each a fresh heap copy freed after use.
decoded decode_pieces(std::string_view wire, const std::vector<std::size_t>& cuts, const dot_unstuffer_options& opt) {
  dot_unstuffer u(opt);
  decoded d;
  std::size_t offset = 0;
  for (std::string_view piece : test::split_at(wire, cuts)) {
    const test::heap_piece copy(piece);
    std::string_view in = copy.view();
    for (;;) {
      const unstuff_result r = u.decode(in);
      EXPECT_TRUE(test::inside_or_static(r.chunk, in)) << "chunk outside the input";
      EXPECT_LE(r.consumed, in.size());
      d.content.append(r.chunk);
      in.remove_prefix(r.consumed);
      offset += r.consumed;
      if (r.status == unstuff_status::done) {
        EXPECT_TRUE(u.done());
        d.consumed = offset;
        d.error = r.error;
        d.stats = u.stats();
        return d;
      }
      if (r.status == unstuff_status::need_input) {
        EXPECT_TRUE(in.empty()) << "need_input with unconsumed input";
        break;
      }
    }
  }
  d.consumed = incomplete;
  d.error = u.error();
  d.stats = u.stats();
  return d;
}

decoded decode_whole(std::string_view wire, const dot_unstuffer_options& opt = {}) {
  return decode_pieces(wire, {}, opt);
}

// Decodes every way this test knows (every path; whole, one byte at a time, split at every
// position), checks they agree, and returns the result. Content is compared only without
// an error: once refused, where the withholding starts depends on the chunking.
decoded decode_all_ways(std::string_view wire, const dot_unstuffer_options& opt = {}) {
  const decoded ref = [&] {
    scoped_scan_path none(scan_path::none);
    return decode_whole(wire, opt);
  }();
  auto same = [&](const decoded& d, const std::string& how) {
    if (ref.error == errc{}) {
      EXPECT_EQ(d, ref) << how;
    } else {
      EXPECT_EQ(d.consumed, ref.consumed) << how;
      EXPECT_EQ(d.error, ref.error) << how;
      EXPECT_EQ(d.stats, ref.stats) << how;
    }
  };
  for (scan_path path : all_scan_paths()) {
    scoped_scan_path guard(path);
    const std::string name = detail::to_string(path);
    same(decode_whole(wire, opt), name + " whole");
    same(decode_pieces(wire, test::cuts_every(wire.size(), 1), opt), name + " bytewise");
    for (std::size_t i = 1; i < wire.size(); ++i) same(decode_pieces(wire, {i}, opt), name + " cut " + std::to_string(i));
  }
  return ref;
}

dot_unstuffer_options with(bare_eol_policy p) { return {p, 0, 0}; }

// ---- content and end of data --------------------------------------------------------

struct content_case {
  const char* name;
  std::string wire;
  std::string content;
  std::size_t consumed;
};

void PrintTo(const content_case& c, std::ostream* os) { *os << c.name; }

class DotUnstuffContent : public ::testing::TestWithParam<content_case> {};

TEST_P(DotUnstuffContent, DecodesEveryWay) {
  const auto& c = GetParam();
  for (auto policy : {bare_eol_policy::reject, bare_eol_policy::normalize, bare_eol_policy::accept}) {
    const decoded d = decode_all_ways(c.wire, with(policy));
    EXPECT_EQ(d.error, errc{}) << to_string(policy);
    EXPECT_EQ(d.content, c.content) << to_string(policy);
    EXPECT_EQ(d.consumed, c.consumed) << to_string(policy);
    if (c.consumed != incomplete) {
      EXPECT_EQ(d.stats.size, c.content.size());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rfc5321, DotUnstuffContent,
    ::testing::Values(
        content_case{"EmptyMessage_4_1_1_4", ".\r\n", "", 3},
        content_case{"OneLine", "Hello\r\n.\r\n", "Hello\r\n", 10},
        content_case{"LeadingDotRemoved_4_5_2", "..foo\r\n.\r\n", ".foo\r\n", 10},
        content_case{"DoubledDotLineIsADot_4_5_2", "a\r\n..\r\n.\r\n", "a\r\n.\r\n", 10},
        content_case{"FirstLineStartsWithDot", ".x\r\n.\r\n", "x\r\n", 7},
        content_case{"DotInsideLineKept", "a.b\r\n.\r\n", "a.b\r\n", 8},
        content_case{"DotThenSpace", ". \r\n.\r\n", " \r\n", 7},
        content_case{"EmptyLines", "\r\n\r\n.\r\n", "\r\n\r\n", 7},
        content_case{"ManyDotLines", "..\r\n...\r\n.a.\r\n.\r\n", ".\r\n..\r\na.\r\n", 17},
        content_case{"PipelinedCommandNotConsumed", "a\r\n.\r\nQUIT\r\n", "a\r\n", 6},
        content_case{"CommandsInsideDataAreContent", "RSET\r\nQUIT\r\n.\r\n", "RSET\r\nQUIT\r\n", 15},
        content_case{"NoMarkerYet", "abc\r\n", "abc\r\n", incomplete},
        content_case{"MarkerWithoutLeadingCrlfIsText", "abc.\r\n", "abc.\r\n", incomplete},
        content_case{"PendingDotNotYetContent", "abc\r\n.", "abc\r\n", incomplete},
        content_case{"PendingDotCrNotYetContent", "abc\r\n.\r", "abc\r\n", incomplete},
        content_case{"EightBitAndNulPassThrough", std::string("\xc3\xa9\0x\r\n.\r\n", 9), std::string("\xc3\xa9\0x\r\n", 6), 9}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(DotUnstuff, StopsAtFirstMarkerAndLeavesTheRest) {
  const std::string wire = "a\r\n.\r\nb\r\n.\r\n";
  dot_unstuffer u;
  const auto r = u.decode(wire);
  EXPECT_EQ(r.status, unstuff_status::done);
  EXPECT_EQ(r.consumed, 6u);
  EXPECT_EQ(r.chunk, "a\r\n");
  EXPECT_EQ(std::string_view(wire).substr(r.consumed), "b\r\n.\r\n");
  // done is sticky until reset()
  const auto again = u.decode("x\r\n.\r\n");
  EXPECT_EQ(again.status, unstuff_status::done);
  EXPECT_EQ(again.consumed, 0u);
  u.reset();
  EXPECT_EQ(decode_whole("b\r\n.\r\n").content, "b\r\n");
}

TEST(DotUnstuff, ChunksAreViewsIntoTheInput) {
  const std::string wire = "line one\r\n..dot\r\nline three\r\n.\r\n";
  dot_unstuffer u;
  std::string_view in = wire;
  std::vector<std::string_view> chunks;
  for (;;) {
    const auto r = u.decode(in);
    if (!r.chunk.empty()) chunks.push_back(r.chunk);
    in.remove_prefix(r.consumed);
    if (r.status == unstuff_status::done) break;
  }
  ASSERT_EQ(chunks.size(), 2u);  // cut only where the transparency dot was removed
  EXPECT_EQ(chunks[0].data(), wire.data());
  EXPECT_EQ(chunks[0], "line one\r\n");
  EXPECT_EQ(chunks[1].data(), wire.data() + 11);
  EXPECT_EQ(chunks[1], ".dot\r\nline three\r\n");
}

TEST(DotUnstuff, EmptyInputNeedsInput) {
  dot_unstuffer u;
  const auto r = u.decode({});
  EXPECT_EQ(r.status, unstuff_status::need_input);
  EXPECT_EQ(r.consumed, 0u);
  EXPECT_EQ(u.finish(), errc::data_incomplete);
}

TEST(DotUnstuff, IncompleteInputIsDataIncomplete_4_1_1_4) {
  dot_unstuffer u;
  EXPECT_EQ(u.decode("Subject: x\r\n\r\nbody\r\n").status, unstuff_status::need_input);
  EXPECT_EQ(u.finish(), errc::data_incomplete);
  EXPECT_EQ(u.error(), errc::data_incomplete);
  EXPECT_EQ(reply_for(errc::data_incomplete).code, 421);
  EXPECT_EQ(to_string(errc::data_incomplete), "data_incomplete");

  dot_unstuffer ok;
  EXPECT_EQ(ok.decode("x\r\n.\r\n").status, unstuff_status::done);
  EXPECT_EQ(ok.finish(), errc{});
}

// ---- SMTP smuggling: every bare variant, every policy -------------------------------

struct smuggle_case {
  const char* name;
  std::string variant;   // sits between "a" and the injected commands
  errc reject_error;     // the error under reject
  std::string accepted;  // content under accept (before the injected commands)
  std::string normalized;  // content under normalize
};

const std::string injected = "MAIL FROM:<evil@example.org>\r\nRCPT TO:<victim@example.org>\r\nDATA\r\n";

void PrintTo(const smuggle_case& c, std::ostream* os) { *os << c.name; }

class DotUnstuffSmuggling : public ::testing::TestWithParam<smuggle_case> {};

TEST_P(DotUnstuffSmuggling, NeverEndsTheData) {
  const auto& c = GetParam();
  const std::string wire = "a" + c.variant + injected + ".\r\nQUIT\r\n";
  const std::size_t end = wire.size() - 6;  // only the real CRLF "." CRLF ends the data

  const decoded rej = decode_all_ways(wire, with(bare_eol_policy::reject));
  EXPECT_EQ(rej.consumed, end);
  EXPECT_EQ(rej.error, c.reject_error);
  EXPECT_EQ(reply_for(rej.error, reply_context::data).code, 550);
  EXPECT_TRUE(rej.stats.bare_lf || rej.stats.bare_cr);

  const decoded acc = decode_all_ways(wire, with(bare_eol_policy::accept));
  EXPECT_EQ(acc.consumed, end);
  EXPECT_EQ(acc.error, errc{});
  EXPECT_EQ(acc.content, c.accepted + injected);

  const decoded norm = decode_all_ways(wire, with(bare_eol_policy::normalize));
  EXPECT_EQ(norm.consumed, end);
  EXPECT_EQ(norm.error, errc{});
  EXPECT_EQ(norm.content, c.normalized + injected);
  EXPECT_EQ(norm.content.find("\r\n.\r\n"), std::string::npos) << "a relay would end the data here";
}

INSTANTIATE_TEST_SUITE_P(
    CertVU302671, DotUnstuffSmuggling,
    ::testing::Values(
        smuggle_case{"LF_Dot_LF", "\n.\n", errc::bare_lf, "a\n.\n", "a\r\n\r\n"},
        smuggle_case{"CRLF_Dot_LF", "\r\n.\n", errc::bare_lf, "a\r\n\n", "a\r\n\r\n"},
        smuggle_case{"LF_Dot_CRLF", "\n.\r\n", errc::bare_lf, "a\n.\r\n", "a\r\n\r\n"},
        smuggle_case{"CR_Dot_CR", "\r.\r", errc::bare_cr, "a\r.\r", "a\r\n\r\n"},
        smuggle_case{"CRLF_Dot_CR", "\r\n.\r", errc::bare_cr, "a\r\n\r", "a\r\n\r\n"},
        smuggle_case{"CR_Dot_CRLF", "\r.\r\n", errc::bare_cr, "a\r.\r\n", "a\r\n\r\n"},
        smuggle_case{"LF_Dot_CR", "\n.\r", errc::bare_lf, "a\n.\r", "a\r\n\r\n"},
        smuggle_case{"CR_Dot_LF", "\r.\n", errc::bare_cr, "a\r.\n", "a\r\n\r\n"},
        smuggle_case{"LF_LF_Dot_LF_LF", "\n\n.\n\n", errc::bare_lf, "a\n\n.\n\n", "a\r\n\r\n\r\n\r\n"},
        smuggle_case{"CR_CR_LF_Dot_CR", "\r\r\n.\r", errc::bare_cr, "a\r\r\n\r", "a\r\n\r\n\r\n"},
        smuggle_case{"CRLF_Dot_CR_CRLF", "\r\n.\r\r\n", errc::bare_cr, "a\r\n\r\r\n", "a\r\n\r\n\r\n"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(DotUnstuffSmuggling, BareEndsAtTheVeryStart) {
  // The start of the data counts as after CRLF; a bare LF/CR there ends nothing.
  for (std::string v : {".\n", "\n.\r\n", "\r.\r\n", ".\r"}) {
    const std::string wire = v + "x\r\n.\r\n";
    for (auto policy : {bare_eol_policy::reject, bare_eol_policy::normalize, bare_eol_policy::accept}) {
      const decoded d = decode_all_ways(wire, with(policy));
      EXPECT_EQ(d.consumed, wire.size()) << ::testing::PrintToString(v) << " " << to_string(policy);
      EXPECT_EQ(d.error != errc{}, policy == bare_eol_policy::reject);
    }
  }
}

TEST(DotUnstuffSmuggling, RejectReplyIs550_5_6_0) {
  const canned_reply lf = reply_for(errc::bare_lf, reply_context::data);
  EXPECT_EQ(lf.code, 550);
  EXPECT_EQ(lf.status, (enhanced_status{5, 6, 0}));
  EXPECT_EQ(reply_for(errc::bare_cr, reply_context::data).code, 550);
  EXPECT_EQ(reply_for(errc::bare_lf).code, 500);  // as a command line: unchanged
}

// ---- limits and reports ----------------------------------------------------------------

TEST(DotUnstuffLimits, SizeLimitAtAndPastTheBoundary_RFC1870) {
  dot_unstuffer_options opt;
  opt.max_message_size = 10;
  const decoded at = decode_all_ways("01234567\r\n.\r\n", opt);  // exactly 10 octets
  EXPECT_EQ(at.error, errc{});
  EXPECT_EQ(at.stats.size, 10u);

  const std::string over = "0123456789\r\n..more\r\n.\r\nNOOP\r\n";
  const decoded d = decode_all_ways(over, opt);
  EXPECT_EQ(d.error, errc::message_size_exceeded);
  EXPECT_EQ(d.consumed, over.size() - 6) << "the end is still found";
  EXPECT_EQ(d.stats.size, 19u) << "size keeps counting";
  const canned_reply r = reply_for(d.error, reply_context::data);
  EXPECT_EQ(r.code, 552);
  EXPECT_EQ(r.status, (enhanced_status{5, 3, 4}));
}

TEST(DotUnstuffLimits, NothingPastTheSizeLimitIsYielded) {
  dot_unstuffer_options opt;
  opt.max_message_size = 100;
  std::string wire;
  for (int i = 0; i < 50; ++i) wire += "line " + std::to_string(i) + "\r\n.." + std::to_string(i) + "\r\n";
  wire += ".\r\n";
  for (scan_path path : all_scan_paths()) {
    scoped_scan_path g(path);
    for (std::size_t step : {1u, 7u, 64u, 100000u}) {
      const decoded d = decode_pieces(wire, test::cuts_every(wire.size(), step), opt);
      EXPECT_EQ(d.error, errc::message_size_exceeded);
      EXPECT_LE(d.content.size(), 100u);
      EXPECT_EQ(d.consumed, wire.size());
    }
  }
}

TEST(DotUnstuffLimits, LongLinesCountedNotRefusedByDefault_4_5_3_1_6) {
  auto line = [](std::size_t n) { return std::string(n - 2, 'x') + "\r\n"; };
  EXPECT_EQ(decode_all_ways(line(1000) + ".\r\n").stats.long_lines, 0u);
  const decoded d = decode_all_ways(line(1001) + line(5) + line(2000) + ".\r\n");
  EXPECT_EQ(d.error, errc{});
  EXPECT_EQ(d.stats.long_lines, 2u);
  // The transparency dot does not count (RFC 5321 4.5.3.1.6).
  EXPECT_EQ(decode_all_ways("." + line(1000) + ".\r\n").stats.long_lines, 0u);
  EXPECT_EQ(decode_all_ways("." + line(1001) + ".\r\n").stats.long_lines, 1u);
}

TEST(DotUnstuffLimits, ConfiguredLineLimitAtAndPastTheBoundary) {
  auto line = [](std::size_t n) { return std::string(n - 2, 'y') + "\r\n"; };
  for (std::size_t limit : {3u, 63u, 64u, 100u, 1000u, 1500u}) {
    dot_unstuffer_options opt;
    opt.max_line_length = limit;
    EXPECT_EQ(decode_all_ways("a\r\n" + line(limit) + ".\r\n", opt).error, errc{}) << limit;
    const decoded d = decode_all_ways("a\r\n" + line(limit + 1) + "b\r\n.\r\n", opt);
    EXPECT_EQ(d.error, errc::data_line_too_long) << limit;
    EXPECT_EQ(d.stats.long_lines, limit + 1 > 1000 ? 1u : 0u) << limit;
  }
  EXPECT_EQ(reply_for(errc::data_line_too_long, reply_context::data).code, 550);
  EXPECT_EQ(to_string(errc::data_line_too_long), "data_line_too_long");
}

TEST(DotUnstuffLimits, LineLimitCountsNormalisedLineEnds) {
  dot_unstuffer_options opt{bare_eol_policy::normalize, 0, 10};
  EXPECT_EQ(decode_all_ways("12345678\n.\r\n", opt).error, errc{});  // 8 + CRLF = 10
  EXPECT_EQ(decode_all_ways("123456789\n.\r\n", opt).error, errc::data_line_too_long);
  EXPECT_EQ(decode_all_ways("12345678\r.\r\n", opt).error, errc{});
  EXPECT_EQ(decode_all_ways("123456789\rx\r\n.\r\n", opt).error, errc::data_line_too_long);
}

TEST(DotUnstuffReports, EightBitAndNul) {
  const decoded plain = decode_all_ways("ascii only\r\n.\r\n");
  EXPECT_FALSE(plain.stats.eight_bit);
  EXPECT_FALSE(plain.stats.nul);
  const decoded eight = decode_all_ways("caf\xc3\xa9\r\n.\r\n");
  EXPECT_TRUE(eight.stats.eight_bit);
  EXPECT_FALSE(eight.stats.nul);
  EXPECT_EQ(eight.error, errc{}) << "8-bit is reported, the session decides (RFC 6152)";
  const decoded nul = decode_all_ways(std::string("a\0b\r\n.\r\n", 8));
  EXPECT_TRUE(nul.stats.nul);
  EXPECT_FALSE(nul.stats.eight_bit);
  // Octets after the marker belong to the next command and are not looked at.
  const decoded after = decode_all_ways(std::string("a\r\n.\r\n\xff\0", 8));
  EXPECT_FALSE(after.stats.eight_bit);
  EXPECT_FALSE(after.stats.nul);
}

TEST(DotUnstuffReports, BareEndsReportedUnderAcceptAndNormalize) {
  for (auto policy : {bare_eol_policy::accept, bare_eol_policy::normalize}) {
    const decoded d = decode_all_ways("a\nb\rc\r\n.\r\n", with(policy));
    EXPECT_EQ(d.error, errc{});
    EXPECT_TRUE(d.stats.bare_lf);
    EXPECT_TRUE(d.stats.bare_cr);
  }
  EXPECT_EQ(decode_all_ways("a\nb\rc\r\n.\r\n", with(bare_eol_policy::accept)).content, "a\nb\rc\r\n");
  EXPECT_EQ(decode_all_ways("a\nb\rc\r\n.\r\n", with(bare_eol_policy::normalize)).content, "a\r\nb\r\nc\r\n");
}

TEST(DotUnstuffReports, FirstErrorWinsButSizeGivesWay) {
  dot_unstuffer_options opt;
  opt.max_message_size = 4;
  opt.max_line_length = 20;
  // Size is passed long before the bare LF, yet the bare LF is what the server says.
  EXPECT_EQ(decode_all_ways("0123456789\r\nab\ncd\r\n.\r\n", opt).error, errc::bare_lf);
  EXPECT_EQ(decode_all_ways("0123456789\r\n" + std::string(30, 'z') + "\n\r\n.\r\n", opt).error,
            errc::data_line_too_long);
  EXPECT_EQ(decode_all_ways("0123456789\r\n.\r\n", opt).error, errc::message_size_exceeded);
}

// ---- streaming: every split of the marker and of whole messages -----------------------

TEST(DotUnstuffSplit, MarkerSplitAtEveryPairOfPositions) {
  const std::string wire = "Subject: t\r\n\r\n..body\r\nend\r\n.\r\nQUIT\r\n";
  const decoded whole = decode_whole(wire);
  ASSERT_EQ(whole.content, "Subject: t\r\n\r\n.body\r\nend\r\n");
  for (scan_path path : all_scan_paths()) {
    scoped_scan_path g(path);
    for (std::size_t i = 1; i < wire.size(); ++i)
      for (std::size_t j = i + 1; j < wire.size(); ++j)
        ASSERT_EQ(decode_pieces(wire, {i, j}, {}), whole) << detail::to_string(path) << " " << i << "," << j;
  }
}

// Bodies of random lines (lengths 0..150, some starting with dots) in every policy: all
// paths and chunkings agree; without bare line ends the content is the known message.
TEST(DotUnstuffSplit, RandomMessagesAgreeOnEveryPathAndChunking) {
  std::mt19937 rng(4);
  for (int round = 0; round < 60; ++round) {
    std::string message, wire;
    const int lines = 1 + static_cast<int>(rng() % 40);
    for (int l = 0; l < lines; ++l) {
      std::string line(rng() % 150, 'm');
      for (auto& ch : line) ch = "abcdefghij .=+/\x80\xff"[rng() % 18];
      if (rng() % 4 == 0) line.insert(0, std::string(1 + rng() % 2, '.'));
      message += line + "\r\n";
      wire += (line.starts_with('.') ? "." : "") + line + "\r\n";
    }
    wire += ".\r\nNEXT\r\n";
    for (auto policy : {bare_eol_policy::reject, bare_eol_policy::normalize, bare_eol_policy::accept}) {
      const decoded ref = decode_whole(wire, with(policy));
      ASSERT_EQ(ref.content, message);
      ASSERT_EQ(ref.consumed, wire.size() - 6);
      for (scan_path path : all_scan_paths()) {
        scoped_scan_path g(path);
        for (std::size_t step : {1u, 2u, 3u, 63u, 64u, 65u, 4096u})
          ASSERT_EQ(decode_pieces(wire, test::cuts_every(wire.size(), step), with(policy)), ref) << step;
        ASSERT_EQ(decode_pieces(wire, test::random_cuts(wire.size(), rng, 12), with(policy)), ref);
      }
    }
  }
}

// Inputs drawn from the bytes that matter (CR, LF, '.', NUL, 8-bit) under every policy
// and line limit: every path and chunking gives the same result.
TEST(DotUnstuffSplit, RandomBytesAgreeOnEveryPathAndChunking) {
  std::mt19937 rng(5321);
  const char alphabet[] = {'\r', '\n', '.', 'a', 'b', '\0', '\x80', ' '};
  for (int round = 0; round < 400; ++round) {
    std::string wire(rng() % 300, 'a');
    for (auto& ch : wire) ch = alphabet[rng() % (rng() % 3 == 0 ? 8 : 4)];
    if (rng() % 2) wire += "\r\n.\r\nTAIL";
    dot_unstuffer_options opt{static_cast<bare_eol_policy>(rng() % 3), rng() % 2 ? 0u : rng() % 200,
                              rng() % 2 ? 0u : 1 + rng() % 100};
    const decoded ref = [&] {
      scoped_scan_path g(scan_path::none);
      return decode_whole(wire, opt);
    }();
    for (scan_path path : all_scan_paths()) {
      scoped_scan_path g(path);
      for (const auto& cuts : {std::vector<std::size_t>{}, test::cuts_every(wire.size(), 1),
                               test::random_cuts(wire.size(), rng, 5)}) {
        const decoded d = decode_pieces(wire, cuts, opt);
        ASSERT_EQ(d.consumed, ref.consumed) << ::testing::PrintToString(wire);
        ASSERT_EQ(d.error, ref.error) << ::testing::PrintToString(wire);
        ASSERT_EQ(d.stats, ref.stats) << ::testing::PrintToString(wire);
        if (ref.error == errc{}) ASSERT_EQ(d.content, ref.content) << ::testing::PrintToString(wire);
        else ASSERT_TRUE(ref.content.starts_with(d.content) || d.content.starts_with(ref.content));
      }
    }
  }
}

// ---- the scan itself: same stop and state on every path, per its contract ------------

// The contract of scan_text, written out literally.
const unsigned char* scan_by_contract(const unsigned char* p, const unsigned char* pe, detail::line_state& s) {
  while (p < pe) {
    const unsigned char c = *p;
    if (c == '\n') return p;
    if (c == '\r') {
      if (pe - p < 2 || p[1] != '\n') return p;
      if (pe - p < 3 || p[2] == '.') return p;
      if (s.line_len == s.limit || s.line_len + 1 == s.limit) return p;
      p += 2;
      s.line_len = 0;
      s.limit = s.next_limit;
      continue;
    }
    if (s.line_len == s.limit) return p;
    ++s.line_len;
    s.or_bits = static_cast<unsigned char>(s.or_bits | c);
    if (c == 0) s.nul = true;
    ++p;
  }
  return p;
}

TEST(DotUnstuffScan, EveryPathFollowsTheContract) {
  std::mt19937 rng(2023);
  const char alphabet[] = {'x', 'y', '\r', '\n', '.', '\0', '\x9c', '\r'};
  for (int round = 0; round < 3000; ++round) {
    std::string buf(rng() % 400, 'x');
    const int density = 1 + static_cast<int>(rng() % 60);
    for (auto& ch : buf) ch = rng() % density == 0 ? alphabet[rng() % 8] : static_cast<char>('a' + rng() % 26);
    detail::line_state start;
    detail::init_lines(start, rng() % 3 ? 0 : 1 + rng() % 300);
    start.line_len = rng() % (start.next_limit + 1);
    if (rng() % 3 == 0) start.limit = start.second;  // after a first threshold was passed
    if (start.line_len > start.limit) start.line_len = start.limit;
    const auto* p = reinterpret_cast<const unsigned char*>(buf.data());
    detail::line_state want = start;
    const unsigned char* want_stop = scan_by_contract(p, p + buf.size(), want);
    for (scan_path path : all_scan_paths()) {
      if (path == scan_path::none) continue;
      scoped_scan_path g(path);
      detail::line_state got = start;
      const unsigned char* stop = detail::scan_text(p, p + buf.size(), got);
      ASSERT_EQ(stop - p, want_stop - p) << detail::to_string(path) << " " << ::testing::PrintToString(buf);
      ASSERT_EQ(got.line_len, want.line_len) << detail::to_string(path);
      ASSERT_EQ(got.limit, want.limit) << detail::to_string(path);
      ASSERT_EQ(got.or_bits & 0x80, want.or_bits & 0x80) << detail::to_string(path);
      ASSERT_EQ(got.nul, want.nul) << detail::to_string(path);
    }
  }
}

TEST(DotUnstuffScan, PathsCanBeForced) {
  for (scan_path path : all_scan_paths()) {
    scoped_scan_path g(path);
    EXPECT_EQ(detail::active_scan_path(), path);
  }
  EXPECT_TRUE(detail::scan_path_available(scan_path::portable));
  detail::reset_scan_path();
  EXPECT_NE(detail::active_scan_path(), scan_path::none);
}

// ---- whole-buffer helper and CLI --------------------------------------------------------

TEST(DotUnstuff, UnstuffMessageHelper) {
  std::string content;
  const unstuff_summary s = unstuff_message("a\r\n..b\r\n.\r\nQUIT\r\n", content);
  EXPECT_TRUE(s.complete);
  EXPECT_EQ(s.consumed, 11u);
  EXPECT_EQ(content, "a\r\n.b\r\n");
  std::string partial;
  const unstuff_summary t = unstuff_message("a\r\n", partial);
  EXPECT_FALSE(t.complete);
  EXPECT_EQ(t.error, errc::data_incomplete);
}

class DotUnstuffCli : public smtpcodec::testing::cli_test {};

TEST_F(DotUnstuffCli, FoundMarker) {
  const auto r = smtpcodec::testing::run_cli("unstuff", "a\r\n..b\r\n.\r\nQUIT\r\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "a\r\n.b\r\n");
  EXPECT_EQ(r.err, "consumed 11\n");
}

TEST_F(DotUnstuffCli, RefusedBareLf) {
  const auto r = smtpcodec::testing::run_cli("unstuff", "a\n.\nb\r\n.\r\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("refused: bare_lf: 550 5.6.0"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("consumed 10"), std::string::npos) << r.err;
}

TEST_F(DotUnstuffCli, PoliciesAndLineLimit) {
  EXPECT_EQ(smtpcodec::testing::run_cli("unstuff --bare-eol normalize", "a\nb\r\n.\r\n").out, "a\r\nb\r\n");
  EXPECT_EQ(smtpcodec::testing::run_cli("unstuff --bare-eol=accept", "a\nb\r\n.\r\n").out, "a\nb\r\n");
  const auto lim = smtpcodec::testing::run_cli("unstuff --max-line-length 5", "abcdef\r\n.\r\n");
  EXPECT_EQ(lim.status, 1);
  EXPECT_NE(lim.err.find("data_line_too_long"), std::string::npos);
  const auto noted = smtpcodec::testing::run_cli("unstuff", std::string(1200, 'x') + "\r\n.\r\n");
  EXPECT_EQ(noted.status, 0);
  EXPECT_NE(noted.err.find("consumed 1205\nnote: 1 line(s) over 1000 octets"), std::string::npos) << noted.err;
}

TEST_F(DotUnstuffCli, TruncatedAndUsage) {
  EXPECT_EQ(smtpcodec::testing::run_cli("unstuff", "no marker\r\n").status, 2);
  EXPECT_EQ(smtpcodec::testing::run_cli("unstuff --bare-eol sometimes", "").status, 64);
  EXPECT_EQ(smtpcodec::testing::run_cli("unstuff --max-line-length x", "").status, 64);
  EXPECT_EQ(smtpcodec::testing::run_cli("unstuff --frobnicate", "").status, 64);
}

}  // namespace
}  // namespace smtpcodec
