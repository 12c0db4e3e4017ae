// BDAT (RFC 3030): the exact-length chunk reader across any split, its message-wide
// checks, and the chunk writer.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "data_test_util.hpp"
#include "smtpcodec/bdat.hpp"

namespace smtpcodec {
namespace {

using test::all_scan_paths;
using test::scoped_scan_path;

struct chunk_spec {
  std::uint64_t size;
  bool last;
};

struct read_out {
  std::string data;        // what the reader handed out
  std::string leftovers;   // bytes after each chunk, as the session would see them
  std::vector<bdat_status> ends;
  errc error{};
  body_stats stats;
  bool operator==(const read_out&) const = default;
};

// `stream` holds each chunk's octets followed by "NEXT\r\n" (the next command); it is fed
// in pieces cut at `cuts`, each a fresh heap copy.
read_out read_chunks(const std::vector<chunk_spec>& chunks, std::string_view stream, const std::vector<std::size_t>& cuts,
                     const bdat_reader_options& opt) {
  bdat_reader rd(opt);
  read_out out;
  std::size_t k = 0;
  std::string carry;  // unconsumed bytes, re-presented with the next piece
  bool started = false;
  const auto pieces = test::split_at(stream, cuts);
  std::size_t i = 0;
  for (; i < pieces.size() && k < chunks.size(); ++i) {
    carry.append(pieces[i]);
    const test::heap_piece copy(carry);
    std::string_view in = copy.view();
    while (k < chunks.size()) {
      if (!started) {
        if (in.size() < 6 && k > 0) break;  // the "NEXT\r\n" line must be whole
        if (k > 0) {
          out.leftovers.append(in.substr(0, 6));
          in.remove_prefix(6);
        }
        rd.begin_chunk(chunks[k].size, chunks[k].last);
        started = true;
      }
      const bdat_result r = rd.read(in);
      EXPECT_TRUE(test::inside_or_static(r.data, in));
      EXPECT_LE(r.data.size(), r.consumed);
      out.data.append(r.data);
      in.remove_prefix(r.consumed);
      if (r.status == bdat_status::need_input) break;
      out.ends.push_back(r.status);
      out.error = r.error;
      started = false;
      ++k;
    }
    carry.assign(in);
  }
  out.leftovers += carry;
  for (; i < pieces.size(); ++i) out.leftovers.append(pieces[i]);
  out.stats = rd.stats();
  if (out.error == errc{}) out.error = rd.error();
  return out;
}

std::string stream_of(const std::vector<std::string>& parts) {
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? "NEXT\r\n" : "") + parts[i];
  return s + "NEXT\r\n";
}

TEST(Bdat, TakesExactlyTheAnnouncedOctets_RFC3030_2) {
  bdat_reader rd;
  EXPECT_EQ(rd.begin_chunk(5, true), errc{});
  EXPECT_TRUE(rd.in_chunk());
  const std::string in = "hello QUIT\r\n";
  const auto r = rd.read(in);
  EXPECT_EQ(r.data, "hello");
  EXPECT_EQ(r.data.data(), in.data()) << "a view into the input";
  EXPECT_EQ(r.consumed, 5u);
  EXPECT_EQ(r.status, bdat_status::message_done);
  EXPECT_FALSE(rd.in_chunk());
  EXPECT_EQ(rd.read(" QUIT").status, bdat_status::idle);
}

TEST(Bdat, ZeroOctetChunks) {
  bdat_reader rd;
  rd.begin_chunk(0, false);
  auto r = rd.read("RCPT");
  EXPECT_EQ(r.status, bdat_status::chunk_done);
  EXPECT_EQ(r.consumed, 0u);
  rd.begin_chunk(0, true);  // "BDAT 0 LAST" ends a message
  r = rd.read({});
  EXPECT_EQ(r.status, bdat_status::message_done);
  EXPECT_EQ(r.consumed, 0u);
  EXPECT_EQ(r.error, errc{});
  EXPECT_EQ(rd.stats().size, 0u);
}

TEST(Bdat, SplitAtEveryPositionOnEveryPath) {
  const std::vector<std::string> parts = {"Subject: x\r\n\r\nfirst ", "", "part\r\n.\r\n..\r\nlast line\r\n"};
  const std::vector<chunk_spec> chunks = {{parts[0].size(), false}, {0, false}, {parts[2].size(), true}};
  const std::string stream = stream_of(parts);
  const read_out whole = read_chunks(chunks, stream, {}, {});
  ASSERT_EQ(whole.data, parts[0] + parts[2]);
  ASSERT_EQ(whole.leftovers, "NEXT\r\nNEXT\r\nNEXT\r\n");
  ASSERT_EQ(whole.error, errc{});
  ASSERT_EQ(whole.ends, (std::vector<bdat_status>{bdat_status::chunk_done, bdat_status::chunk_done, bdat_status::message_done}));
  for (auto path : all_scan_paths()) {
    scoped_scan_path g(path);
    EXPECT_EQ(read_chunks(chunks, stream, test::cuts_every(stream.size(), 1), {}), whole);
    for (std::size_t i = 1; i < stream.size(); ++i)
      for (std::size_t j = i + 1; j < stream.size(); j += 3) EXPECT_EQ(read_chunks(chunks, stream, {i, j}, {}), whole);
  }
}

TEST(Bdat, BinarySafeUnderBinaryMime_RFC3030_3) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  all += "\r\n.\r\n\n\r";
  bdat_reader_options opt;
  opt.binary = true;
  const read_out r = read_chunks({{all.size(), true}}, stream_of({all}), test::cuts_every(all.size(), 17), opt);
  EXPECT_EQ(r.data, all);
  EXPECT_EQ(r.error, errc{});
  EXPECT_EQ(r.stats.size, all.size());
}

TEST(Bdat, BareLineEndsRefusedByDefaultReportedOtherwise) {
  const std::string body = "a\nb\r\n";
  const read_out rej = read_chunks({{body.size(), true}}, stream_of({body}), {}, {});
  EXPECT_EQ(rej.error, errc::bare_lf);
  EXPECT_EQ(rej.data, "") << "withheld";
  EXPECT_EQ(rej.leftovers, "NEXT\r\n") << "the octets are still consumed";
  EXPECT_EQ(reply_for(rej.error, reply_context::data).code, 550);
  for (auto policy : {bare_eol_policy::accept, bare_eol_policy::normalize}) {
    const read_out r = read_chunks({{body.size(), true}}, stream_of({body}), {}, {policy, 0, 0, false});
    EXPECT_EQ(r.error, errc{});
    EXPECT_EQ(r.data, body) << "never rewritten";
    EXPECT_TRUE(r.stats.bare_lf);
  }
  const std::string cr = "a\rb\r\n";
  EXPECT_EQ(read_chunks({{cr.size(), true}}, stream_of({cr}), {}, {}).error, errc::bare_cr);
}

TEST(Bdat, LinesRunAcrossChunks) {
  // A CRLF split between two chunks is one line end; a CR ending the message is bare.
  const std::vector<std::string> parts = {"abc\r", "\ndef\r\n"};
  const read_out ok = read_chunks({{4, false}, {6, true}}, stream_of(parts), {}, {});
  EXPECT_EQ(ok.error, errc{});
  EXPECT_EQ(ok.data, "abc\r\ndef\r\n");
  const read_out bad = read_chunks({{4, false}, {3, true}}, stream_of({"abc\r", "def"}), {}, {});
  EXPECT_EQ(bad.error, errc::bare_cr);
  const read_out end_cr = read_chunks({{4, true}}, stream_of({"abc\r"}), {}, {});
  EXPECT_EQ(end_cr.error, errc::bare_cr);
  bdat_reader_options lim;
  lim.max_line_length = 10;
  const read_out longer = read_chunks({{6, false}, {6, true}}, stream_of({"123456", "7890\r\n"}), {}, lim);
  EXPECT_EQ(longer.error, errc::data_line_too_long);
  const read_out fits = read_chunks({{6, false}, {4, true}}, stream_of({"123456", "78\r\n"}), {}, lim);
  EXPECT_EQ(fits.error, errc{});
}

TEST(Bdat, SizeLimitOverAllChunks_RFC1870) {
  bdat_reader_options opt;
  opt.max_message_size = 10;
  bdat_reader rd(opt);
  EXPECT_EQ(rd.begin_chunk(6, false), errc{});
  EXPECT_EQ(rd.read("123456").status, bdat_status::chunk_done);
  EXPECT_EQ(rd.begin_chunk(5, true), errc::message_size_exceeded) << "refused when announced";
  const auto r = rd.read("12345NOOP\r\n");
  EXPECT_EQ(r.consumed, 5u) << "yet read to its end";
  EXPECT_EQ(r.data, "");
  EXPECT_EQ(r.status, bdat_status::message_done);
  EXPECT_EQ(r.error, errc::message_size_exceeded);
  EXPECT_EQ(reply_for(r.error, reply_context::data).code, 552);
  // The next message starts clean.
  EXPECT_EQ(rd.begin_chunk(3, true), errc{});
  EXPECT_EQ(rd.read("abc").data, "abc");
  // Announced sizes that overflow 64 bits saturate.
  bdat_reader huge(opt);
  huge.begin_chunk(UINT64_MAX, false);
  EXPECT_EQ(huge.remaining(), UINT64_MAX);
  EXPECT_EQ(huge.error(), errc::message_size_exceeded);
}

TEST(Bdat, ReportsEightBitNulAndLongLines) {
  const std::string body = std::string(1200, 'x') + "\r\n\xe9" + std::string(1, '\0') + "\r\n";
  const read_out r = read_chunks({{body.size(), true}}, stream_of({body}), test::cuts_every(body.size(), 100), {});
  EXPECT_EQ(r.error, errc{});
  EXPECT_EQ(r.stats.long_lines, 1u);
  EXPECT_TRUE(r.stats.eight_bit);
  EXPECT_TRUE(r.stats.nul);
}

TEST(Bdat, FinishInsideAChunkIsDataIncomplete) {
  bdat_reader rd;
  rd.begin_chunk(10, true);
  EXPECT_EQ(rd.read("abc").status, bdat_status::need_input);
  EXPECT_EQ(rd.remaining(), 7u);
  EXPECT_EQ(rd.begin_chunk(3, false), errc{}) << "ignored while a chunk is in progress";
  EXPECT_EQ(rd.remaining(), 7u);
  EXPECT_EQ(rd.finish(), errc::data_incomplete);
  rd.reset();
  EXPECT_EQ(rd.finish(), errc{});
  EXPECT_FALSE(rd.in_chunk());
}

TEST(Bdat, FormatCommand) {
  char buf[bdat_command_max];
  EXPECT_EQ(format_bdat(0, true, buf), "BDAT 0 LAST\r\n");
  EXPECT_EQ(format_bdat(65536, false, buf), "BDAT 65536\r\n");
  EXPECT_EQ(format_bdat(UINT64_MAX, true, buf), "BDAT 18446744073709551615 LAST\r\n");
}

TEST(BdatWriter, CutsAMessageIntoChunks) {
  bdat_writer w(4);
  std::string_view msg = "hello world";
  std::vector<std::string> commands;
  std::string data;
  for (;;) {
    const bdat_chunk c = w.next(msg, true);
    if (c.command.empty()) break;
    commands.emplace_back(c.command);
    data.append(c.data);
    EXPECT_EQ(c.data.data(), msg.data());
    msg.remove_prefix(c.consumed);
  }
  EXPECT_EQ(commands, (std::vector<std::string>{"BDAT 4\r\n", "BDAT 4\r\n", "BDAT 3 LAST\r\n"}));
  EXPECT_EQ(data, "hello world");
  EXPECT_TRUE(w.finished());
}

TEST(BdatWriter, ZeroLastWhenTheEndComesLater) {
  bdat_writer w(0);  // no chunk limit
  EXPECT_EQ(w.next("part one", false).command, "BDAT 8\r\n");
  EXPECT_TRUE(w.next({}, false).command.empty()) << "nothing to send yet";
  const bdat_chunk last = w.next({}, true);
  EXPECT_EQ(last.command, "BDAT 0 LAST\r\n");
  EXPECT_TRUE(last.last);
  EXPECT_TRUE(w.next("more", true).command.empty()) << "after LAST";
  w.reset();
  EXPECT_EQ(w.next("", true).command, "BDAT 0 LAST\r\n") << "an empty message";
}

TEST(BdatWriter, RoundTripThroughTheReader) {
  std::mt19937 rng(3030);
  for (int round = 0; round < 100; ++round) {
    std::string msg(rng() % 3000, 'a');
    for (auto& ch : msg) ch = static_cast<char>(rng());
    bdat_writer w(1 + rng() % 700);
    std::vector<chunk_spec> specs;
    std::vector<std::string> parts;
    for (std::string_view rest = msg;;) {
      const bdat_chunk c = w.next(rest, true);
      if (c.command.empty()) break;
      specs.push_back({c.data.size(), c.last});
      parts.emplace_back(c.data);
      rest.remove_prefix(c.consumed);
    }
    ASSERT_TRUE(specs.back().last);
    const std::string stream = stream_of(parts);
    const read_out r = read_chunks(specs, stream, test::random_cuts(stream.size(), rng, 9), {bare_eol_policy::reject, 0, 0, true});
    ASSERT_EQ(r.data, msg);
    ASSERT_EQ(r.error, errc{});
  }
}

}  // namespace
}  // namespace smtpcodec
