// dot_stuffer (RFC 5321 4.1.1.4, 4.5.2, 2.3.8): wire form, bare line ends, limits,
// segments for writev, every split, every CPU path, and the round trip through the
// unstuffer.
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

struct stuffed {
  std::string wire;
  errc error{};
  body_stats stats;
  friend bool operator==(const stuffed&, const stuffed&) = default;
};

std::ostream& operator<<(std::ostream& os, const stuffed& s) {
  return os << "{wire=" << ::testing::PrintToString(s.wire) << " error=" << to_string(s.error)
            << " size=" << s.stats.size << " long=" << s.stats.long_lines << "}";
}

// Stuffs `message` fed in pieces (fresh heap copies), with `slots` output segments per call.
stuffed stuff_pieces(std::string_view message, const std::vector<std::size_t>& cuts, const dot_stuffer_options& opt,
                     std::size_t slots = 16) {
  dot_stuffer s(opt);
  stuffed out;
  std::vector<std::string_view> seg(slots);
  for (std::string_view piece : test::split_at(message, cuts)) {
    const test::heap_piece copy(piece);
    std::string_view in = copy.view();
    while (!in.empty()) {
      const stuff_result r = s.encode(in, seg);
      EXPECT_LE(r.segments, slots);
      for (std::size_t i = 0; i < r.segments; ++i) {
        EXPECT_TRUE(test::inside_or_static(seg[i], in)) << "segment outside the input";
        EXPECT_FALSE(seg[i].empty()) << "empty segment";
        out.wire.append(seg[i]);
      }
      in.remove_prefix(r.consumed);
      if (r.error != errc{}) {
        out.error = r.error;
        out.stats = s.stats();
        return out;
      }
      EXPECT_TRUE(r.consumed > 0 || r.segments > 0) << "no progress";
    }
  }
  const stuff_result r = s.finish(seg);
  out.error = r.error;
  if (r.segments == 1) out.wire.append(seg[0]);
  EXPECT_EQ(s.finished(), r.error == errc{});
  out.stats = s.stats();
  return out;
}

// Stuffs every way (paths, whole, bytewise, each single cut, few segments) and checks
// they agree. On error only the error and the stats up to it are compared.
stuffed stuff_all_ways(std::string_view message, const dot_stuffer_options& opt = {}) {
  const stuffed ref = stuff_pieces(message, {}, opt);
  auto same = [&](const stuffed& d, const std::string& how) {
    if (ref.error == errc{}) {
      EXPECT_EQ(d, ref) << how;
    } else {
      EXPECT_EQ(d.error, ref.error) << how;
    }
  };
  for (scan_path path : all_scan_paths()) {
    scoped_scan_path g(path);
    const std::string name = detail::to_string(path);
    same(stuff_pieces(message, {}, opt), name + " whole");
    same(stuff_pieces(message, test::cuts_every(message.size(), 1), opt), name + " bytewise");
    same(stuff_pieces(message, {}, opt, dot_stuffer::min_segments), name + " 3 slots");
    for (std::size_t i = 1; i < message.size(); ++i) same(stuff_pieces(message, {i}, opt), name + " cut " + std::to_string(i));
  }
  return ref;
}

struct wire_case {
  const char* name;
  std::string message;
  std::string wire;
};

void PrintTo(const wire_case& c, std::ostream* os) { *os << c.name; }

class DotStuffWire : public ::testing::TestWithParam<wire_case> {};

TEST_P(DotStuffWire, EncodesEveryWay) {
  const auto& c = GetParam();
  for (auto policy : {bare_eol_policy::reject, bare_eol_policy::normalize}) {
    const stuffed s = stuff_all_ways(c.message, {policy, 0});
    EXPECT_EQ(s.error, errc{});
    EXPECT_EQ(s.wire, c.wire);
    // What the server decodes is the message with its final CRLF.
    std::string content;
    const unstuff_summary u = unstuff_message(s.wire, content);
    EXPECT_TRUE(u.complete);
    EXPECT_EQ(u.consumed, s.wire.size());
    EXPECT_EQ(s.stats.size, content.size());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rfc5321, DotStuffWire,
    ::testing::Values(wire_case{"EmptyMessage_4_1_1_4", "", ".\r\n"},
                    wire_case{"NoFinalNewline", "a", "a\r\n.\r\n"},
                    wire_case{"FinalNewlineKept", "a\r\n", "a\r\n.\r\n"},
                    wire_case{"EmptyLine", "\r\n", "\r\n.\r\n"},
                    wire_case{"LeadingDotDoubled_4_5_2", ".a\r\n", "..a\r\n.\r\n"},
                    wire_case{"LoneDotDoubled", ".", "..\r\n.\r\n"},
                    wire_case{"DotLineInside", "a\r\n.\r\nb", "a\r\n..\r\nb\r\n.\r\n"},
                    wire_case{"TwoDots", "..\r\n", "...\r\n.\r\n"},
                    wire_case{"DotInsideLineKept", "a.b\r\n.c", "a.b\r\n..c\r\n.\r\n"},
                    wire_case{"Binary8bitAndNul", std::string("\xff\0.\r\n", 5), std::string("\xff\0.\r\n.\r\n", 8)}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(DotStuff, NormalizeBareLineEnds_2_3_8) {
  const dot_stuffer_options norm{bare_eol_policy::normalize, 0};
  EXPECT_EQ(stuff_all_ways("a\nb", norm).wire, "a\r\nb\r\n.\r\n");
  EXPECT_EQ(stuff_all_ways("a\rb", norm).wire, "a\r\nb\r\n.\r\n");
  EXPECT_EQ(stuff_all_ways("a\n.\n", norm).wire, "a\r\n..\r\n.\r\n");
  EXPECT_EQ(stuff_all_ways("a\r.\r", norm).wire, "a\r\n..\r\n.\r\n");
  EXPECT_EQ(stuff_all_ways("a\r", norm).wire, "a\r\n.\r\n");
  EXPECT_EQ(stuff_all_ways("\n", norm).wire, "\r\n.\r\n");
  EXPECT_EQ(stuff_all_ways("a\r\r\n", norm).wire, "a\r\n\r\n.\r\n");
  EXPECT_EQ(stuff_all_ways("\n\n.", norm).wire, "\r\n\r\n..\r\n.\r\n");
  const stuffed s = stuff_all_ways("x\ny\rz", norm);
  EXPECT_TRUE(s.stats.bare_lf);
  EXPECT_TRUE(s.stats.bare_cr);
  EXPECT_EQ(s.stats.size, s.wire.size() - 3);
}

TEST(DotStuff, RejectBareLineEnds) {
  EXPECT_EQ(stuff_all_ways("a\nb").error, errc::bare_lf);
  EXPECT_EQ(stuff_all_ways("a\rb").error, errc::bare_cr);
  EXPECT_EQ(stuff_all_ways("ok\r\n\n").error, errc::bare_lf);
  EXPECT_EQ(stuff_all_ways("a\r").error, errc::bare_cr) << "a last CR has no LF";
  // accept is not offered for sending: treated as reject.
  EXPECT_EQ(stuff_all_ways("a\nb", {bare_eol_policy::accept, 0}).error, errc::bare_lf);
  // Sticky: nothing more is produced.
  dot_stuffer s;
  std::string_view seg[8];
  EXPECT_EQ(s.encode("a\nb", seg).error, errc::bare_lf);
  const auto again = s.encode("fine\r\n", seg);
  EXPECT_EQ(again.error, errc::bare_lf);
  EXPECT_EQ(again.segments, 0u);
  EXPECT_EQ(s.finish(seg).segments, 0u);
  s.reset();
  EXPECT_EQ(s.encode("fine\r\n", seg).error, errc{});
}

TEST(DotStuff, LineLimitAtAndPastTheBoundary_4_5_3_1_6) {
  const dot_stuffer_options opt{bare_eol_policy::reject, 10};
  EXPECT_EQ(stuff_all_ways("12345678\r\n", opt).error, errc{});
  EXPECT_EQ(stuff_all_ways("123456789\r\n", opt).error, errc::data_line_too_long);
  EXPECT_EQ(stuff_all_ways("12345678", opt).error, errc{}) << "the added CRLF counts";
  EXPECT_EQ(stuff_all_ways("123456789", opt).error, errc::data_line_too_long);
  EXPECT_EQ(stuff_all_ways(".12345678\r\n", opt).error, errc::data_line_too_long) << "the message's own dot counts";
  const stuffed noted = stuff_all_ways(std::string(998, 'x') + "\r\n" + std::string(999, 'y'));
  EXPECT_EQ(noted.error, errc{});
  EXPECT_EQ(noted.stats.long_lines, 1u);
}

TEST(DotStuff, SegmentsAreInputViewsAndDotsAreEmittedTwice) {
  const std::string msg = "one\r\n.two\r\nthree";
  dot_stuffer s;
  std::string_view seg[8];
  const auto r = s.encode(msg, seg);
  EXPECT_EQ(r.consumed, msg.size());
  ASSERT_EQ(r.segments, 2u);
  EXPECT_EQ(seg[0], "one\r\n.");
  EXPECT_EQ(seg[1], ".two\r\nthree");
  EXPECT_EQ(seg[0].data(), msg.data());
  EXPECT_EQ(seg[1].data(), msg.data() + 5) << "the same input dot starts the next segment";
  const auto end = s.finish(seg);
  ASSERT_EQ(end.segments, 1u);
  EXPECT_EQ(seg[0], "\r\n.\r\n");
}

TEST(DotStuff, TooFewSlotsDoNothing) {
  dot_stuffer s;
  std::string_view seg[2];
  const auto r = s.encode("abc", seg);
  EXPECT_EQ(r.consumed, 0u);
  EXPECT_EQ(r.segments, 0u);
  EXPECT_EQ(s.finish(std::span<std::string_view>{}).segments, 0u);
}

TEST(DotStuff, EveryOutputCapacityGivesTheSameWire) {
  std::string msg;
  for (int i = 0; i < 40; ++i) msg += (i % 3 ? "." : "") + std::string(static_cast<std::size_t>(i), 'q') + "\n";
  const dot_stuffer_options norm{bare_eol_policy::normalize, 0};
  const stuffed ref = stuff_pieces(msg, {}, norm, 1000);
  for (std::size_t slots = dot_stuffer::min_segments; slots < 12; ++slots)
    EXPECT_EQ(stuff_pieces(msg, test::cuts_every(msg.size(), 7), norm, slots), ref) << slots;
}

// stuff then unstuff gives back the (normalised) message with its final CRLF, on every
// path and chunking, and the wire never holds CRLF "." CRLF before its end.
TEST(DotStuffRoundTrip, RandomMessages) {
  std::mt19937 rng(1870);
  const char alphabet[] = {'.', '\r', '\n', 'a', 'b', ' ', '\0', '\xe9'};
  for (int round = 0; round < 300; ++round) {
    std::string msg(rng() % 400, 'a');
    for (auto& ch : msg) ch = alphabet[rng() % (rng() % 4 == 0 ? 8 : 6)];
    const dot_stuffer_options opt{rng() % 2 ? bare_eol_policy::normalize : bare_eol_policy::reject, 0};
    const stuffed ref = stuff_pieces(msg, {}, opt);
    for (scan_path path : all_scan_paths()) {
      scoped_scan_path g(path);
      for (std::size_t step : {1u, 5u, 64u}) {
        const stuffed s = stuff_pieces(msg, test::cuts_every(msg.size(), step), opt, 3 + rng() % 10);
        ASSERT_EQ(s.error, ref.error);
        if (ref.error == errc{}) {
          ASSERT_EQ(s, ref);
        }
      }
    }
    if (ref.error != errc{}) continue;
    ASSERT_EQ(ref.wire.find("\r\n.\r\n"), ref.wire.size() < 5 ? std::string::npos : ref.wire.size() - 5);
    std::string content;
    const unstuff_summary u = unstuff_message(ref.wire, content);
    ASSERT_TRUE(u.complete);
    ASSERT_EQ(u.error, errc{});
    ASSERT_EQ(u.consumed, ref.wire.size());
    ASSERT_EQ(u.stats.size, ref.stats.size);
    std::string normalized;  // what the stuffer promises: CRLF line ends, final CRLF
    for (std::size_t i = 0; i < msg.size(); ++i) {
      const char c = msg[i];
      if (c == '\r' && i + 1 < msg.size() && msg[i + 1] == '\n') {
        normalized += "\r\n";
        ++i;
      } else if (c == '\r' || c == '\n') {
        normalized += "\r\n";
      } else {
        normalized += c;
      }
    }
    if (!normalized.empty() && !normalized.ends_with("\r\n")) normalized += "\r\n";
    ASSERT_EQ(content, normalized) << ::testing::PrintToString(msg);
  }
}

TEST(DotStuff, StuffMessageHelper) {
  std::string wire = "DATA\r\n";
  body_stats st;
  EXPECT_EQ(stuff_message(".hi", wire, {}, &st), errc{});
  EXPECT_EQ(wire, "DATA\r\n..hi\r\n.\r\n");
  EXPECT_EQ(st.size, 5u);
  EXPECT_EQ(stuff_message("bad\n", wire), errc::bare_lf);
  EXPECT_EQ(wire, "DATA\r\n..hi\r\n.\r\n") << "untouched on error";
}

class DotStuffCli : public smtpcodec::testing::cli_test {};

TEST_F(DotStuffCli, WireForm) {
  const auto r = smtpcodec::testing::run_cli("stuff", ".a\r\nb");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "..a\r\nb\r\n.\r\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(smtpcodec::testing::run_cli("stuff --bare-eol normalize", "a\n.\n").out, "a\r\n..\r\n.\r\n");
}

TEST_F(DotStuffCli, RefusedAndUsage) {
  const auto r = smtpcodec::testing::run_cli("stuff", "a\nb");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("refused: bare_lf: ", 0), 0u) << r.err;
  EXPECT_EQ(smtpcodec::testing::run_cli("stuff --max-line-length 4", "abcd\r\n").status, 1);
  EXPECT_EQ(smtpcodec::testing::run_cli("stuff --bare-eol accept", "a").status, 64);
  EXPECT_EQ(smtpcodec::testing::run_cli("stuff extra", "a").status, 64);
}

}  // namespace
}  // namespace smtpcodec
