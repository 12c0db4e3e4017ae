// Command line framing: RFC 5321 2.3.8 (CRLF only), 4.5.3.1.4 (line length), and the
// bare CR / bare LF policy shared with the DATA codecs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "detail/byte_scan.hpp"
#include "smtpcodec/line_reader.hpp"

namespace smtpcodec {
namespace {

// A line_reader used by another translation unit's static initialiser (before this
// library's own initialisers may have run) frames its line: nothing it needs is set up
// by a static initialiser of its own.
line_event framed_before_main() { return line_reader({bare_eol_policy::reject, 512}).next("QUIT\r\n"); }
const line_event early = framed_before_main();

TEST(LineReader, WorksFromStaticInitialisers) {
  EXPECT_EQ(early.kind, line_event::kind_t::line);
  EXPECT_EQ(early.line, "QUIT");
  EXPECT_EQ(early.consumed, 6u);
}

struct outcome {
  std::vector<std::string> lines;   // "!" + errc name for errors
  std::string leftover;
};

// Feeds `in` in pieces of `piece` bytes, keeping unconsumed bytes as a caller would.
outcome run(std::string_view in, line_reader_options opt, std::size_t piece = 0) {
  line_reader reader(opt);
  outcome out;
  std::string buf;
  std::size_t fed = 0;
  for (;;) {
    const std::size_t take = piece == 0 ? in.size() - fed : std::min(piece, in.size() - fed);
    buf.append(in.substr(fed, take));
    fed += take;
    for (;;) {
      const auto ev = reader.next(buf);
      EXPECT_LE(ev.consumed, buf.size());
      if (ev.kind == line_event::kind_t::line) out.lines.emplace_back(ev.line);
      if (ev.kind == line_event::kind_t::error) out.lines.push_back("!" + std::string(to_string(ev.error)));
      buf.erase(0, ev.consumed);
      if (ev.kind == line_event::kind_t::need_more) break;
    }
    if (fed == in.size()) break;
  }
  out.leftover = buf;
  return out;
}

TEST(LineReader, CrlfLinesRfc5321_2_3_8) {
  auto o = run("EHLO a\r\nNOOP\r\n\r\nQUIT\r\npartial", {});
  EXPECT_EQ(o.lines, (std::vector<std::string>{"EHLO a", "NOOP", "", "QUIT"}));
  EXPECT_EQ(o.leftover, "partial");
}

TEST(LineReader, BareLfRejectedByDefault) {
  auto o = run("NOOP\nQUIT\r\n", {});
  EXPECT_EQ(o.lines, (std::vector<std::string>{"!bare_lf", "QUIT"}));
}

TEST(LineReader, BareCrRejectedByDefault) {
  auto o = run("NO\rOP\r\nQUIT\r\n", {});
  EXPECT_EQ(o.lines, (std::vector<std::string>{"!bare_cr", "QUIT"}));
}

TEST(LineReader, NormalizeTreatsBareLfAndBareCrAsLineEnds) {
  line_reader_options opt{bare_eol_policy::normalize, 512};
  auto o = run("NOOP\nRSET\rQUIT\r\nHELP\r", opt);
  EXPECT_EQ(o.lines, (std::vector<std::string>{"NOOP", "RSET", "QUIT"}));
  EXPECT_EQ(o.leftover, "HELP\r");  // the CR may still be followed by LF
}

TEST(LineReader, AcceptEndsLinesAtBareLfAndKeepsBareCr) {
  line_reader_options opt{bare_eol_policy::accept, 512};
  line_reader r(opt);
  auto ev = r.next("NOOP\n");
  EXPECT_EQ(ev.kind, line_event::kind_t::line);
  EXPECT_EQ(ev.line, "NOOP");
  EXPECT_TRUE(ev.bare_eol_seen);
  ev = r.next("NO\rOP\r\n");
  EXPECT_EQ(ev.line, "NO\rOP");
  EXPECT_TRUE(ev.bare_eol_seen);
}

TEST(LineReader, LengthLimitAtAndPastBoundRfc5321_4_5_3_1_4) {
  const std::string at_limit(510, 'x');  // 510 + CRLF = 512
  auto o = run(at_limit + "\r\nQUIT\r\n", {});
  ASSERT_EQ(o.lines.size(), 2u);
  EXPECT_EQ(o.lines[0], at_limit);
  const std::string past(511, 'x');  // 513 with CRLF
  o = run(past + "\r\nQUIT\r\n", {});
  EXPECT_EQ(o.lines, (std::vector<std::string>{"!line_too_long", "QUIT"}));
}

TEST(LineReader, OverlongLineWithoutEndIsRefusedOnceAndSkipped) {
  const std::string huge(5000, 'y');
  for (std::size_t piece : {0u, 1u, 7u, 512u, 4096u}) {
    auto o = run(huge + "\r\nQUIT\r\n", {}, piece);
    EXPECT_EQ(o.lines, (std::vector<std::string>{"!line_too_long", "QUIT"})) << piece;
    EXPECT_EQ(o.leftover, "");
  }
}

TEST(LineReader, SameResultsAtEverySplit) {
  const std::string stream =
      "EHLO x.example\r\nMAIL FROM:<a@b>\r\nbad\nRCPT TO:<c@d>\r\n" + std::string(600, 'z') +
      "\r\nNO\rOP\r\nQUIT\r\n";
  for (auto policy : {bare_eol_policy::reject, bare_eol_policy::normalize, bare_eol_policy::accept}) {
    line_reader_options opt{policy, 512};
    const auto whole = run(stream, opt);
    for (std::size_t piece = 1; piece < 40; ++piece) EXPECT_EQ(run(stream, opt, piece).lines, whole.lines) << piece;
    // and every two-piece split
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
      line_reader reader(opt);
      std::vector<std::string> lines;
      std::string buf(stream.substr(0, cut));
      auto drain = [&] {
        for (;;) {
          auto ev = reader.next(buf);
          if (ev.kind == line_event::kind_t::line) lines.emplace_back(ev.line);
          if (ev.kind == line_event::kind_t::error) lines.push_back("!" + std::string(to_string(ev.error)));
          buf.erase(0, ev.consumed);
          if (ev.kind == line_event::kind_t::need_more) break;
        }
      };
      drain();
      buf += stream.substr(cut);
      drain();
      EXPECT_EQ(lines, whole.lines) << "cut at " << cut;
    }
  }
}

// The CR/LF search takes the scan path of the DATA codecs (AVX2, SSE2 or a byte loop):
// every path the CPU has gives the same lines, errors and leftovers, under every policy,
// for lines of every length around the vector widths, at every split.
TEST(LineReader, SameResultsOnEveryScanPath) {
  std::string stream;
  for (std::size_t len = 0; len < 70; ++len) {
    stream += std::string(len, 'a') + "\r\n";
    if (len % 7 == 3) stream += std::string(len, 'b') + "\n";
    if (len % 11 == 5) stream += std::string(len, 'c') + "\rx\r\n";
  }
  stream += std::string(700, 'z') + "\r\nQUIT\r";
  for (auto policy : {bare_eol_policy::reject, bare_eol_policy::normalize, bare_eol_policy::accept}) {
    line_reader_options opt{policy, 512};
    ASSERT_TRUE(detail::force_scan_path(detail::scan_path::portable));
    const auto reference = run(stream, opt);
    for (auto path : {detail::scan_path::sse2, detail::scan_path::avx2, detail::scan_path::avx512}) {
      if (!detail::force_scan_path(path)) continue;
      EXPECT_EQ(run(stream, opt).lines, reference.lines) << detail::to_string(path);
      EXPECT_EQ(run(stream, opt).leftover, reference.leftover) << detail::to_string(path);
      for (std::size_t piece : {1u, 7u, 31u, 33u}) EXPECT_EQ(run(stream, opt, piece).lines, reference.lines);
    }
    EXPECT_GT(reference.lines.size(), 80u);
  }
  detail::reset_scan_path();
}

}  // namespace
}  // namespace smtpcodec
