// Command-line parsing throughput: command_reader (framing and parsing together, as a
// server reads: full grammar, typed parameters, validated paths) next to a plain
// memchr-for-'\n' line split of the same buffer in the same binary; line_reader alone
// (framing only); line_reader + parse_command line by line (BM_ParseCommandLines); and the
// parser's other routes on the same lines: BM_ParseCommandsMachineOnly (no fast lanes, the
// one-pass Ragel machine) and BM_ParseCommandsSeparateParsers (no one-pass machine for
// MAIL/RCPT either). Every way gives the same results.
//
// Input: a deterministic, realistic command mix (EHLO; MAIL with SIZE/BODY/RET/ENVID;
// 1-6 RCPT with NOTIFY/ORCPT; quoted, address-literal and SMTPUTF8 addresses; DATA,
// RSET, QUIT), about 4 MiB. Your own capture of client-to-server command lines (CRLF
// terminated, no DATA bodies) can replace it:
//     SMTPCODEC_BENCH_COMMANDS=capture.txt bench/command_bench
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "bench_input.hpp"
#include "detail/byte_scan.hpp"
#include "detail/command_line_machine.hpp"
#include "smtpcodec/command.hpp"
#include "smtpcodec/command_reader.hpp"
#include "smtpcodec/line_reader.hpp"

namespace {

std::string generate_commands(std::size_t target_bytes) {
  std::mt19937 rng(5321);
  auto pick = [&](auto const& list) { return list[rng() % std::size(list)]; };
  static const char* users[] = {"alice", "bob", "carol.smith", "d.o'neil", "eve+tag", "frank_99", "postmaster"};
  static const char* domains[] = {"example.org", "mail.example.com", "sub.domain.example.net", "example.co.uk",
                                  "relay-7.isp.example"};
  static const char* quoted[] = {"\"john doe\"", "\"a\\\"b\"", "\"x@y\""};
  static const char* literals[] = {"[192.0.2.17]", "[IPv6:2001:db8::1]", "[IPv6:2001:db8:0:0:1:0:0:1]",
                                   "[IPv6:::ffff:192.0.2.1]"};
  // ("\xbc" "cher": the hex escape must end before the "c".)
  static const char* utf8[] = {("j\xc3\xbcrgen@b\xc3\xbc" "cher.example"), "\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.example",
                               "\xd0\xbf\xd0\xbe\xd1\x87\xd1\x82\xd0\xb0@example.org"};
  std::string out;
  while (out.size() < target_bytes) {
    out += "EHLO client";
    out += std::to_string(rng() % 1000);
    out += ".example.net\r\n";
    const int transactions = 1 + static_cast<int>(rng() % 3);
    for (int t = 0; t < transactions; ++t) {
      const bool smtputf8 = rng() % 10 == 0;
      out += "MAIL FROM:<";
      if (smtputf8) out += pick(utf8);
      else (out += pick(users)) += '@', out += pick(domains);
      out += "> SIZE=" + std::to_string(1000 + rng() % 5000000);
      out += rng() % 2 ? " BODY=8BITMIME" : " BODY=7BIT";
      if (rng() % 3 == 0) out += " RET=HDRS ENVID=QQ" + std::to_string(rng());
      if (smtputf8) out += " SMTPUTF8";
      out += "\r\n";
      const int rcpts = 1 + static_cast<int>(rng() % 6);
      for (int r = 0; r < rcpts; ++r) {
        out += "RCPT TO:<";
        switch (rng() % 10) {
          case 0: (out += pick(quoted)) += '@', out += pick(domains); break;
          case 1: (out += pick(users)) += '@', out += pick(literals); break;
          case 2: out += smtputf8 ? pick(utf8) : "bob@example.org"; break;
          default: (out += pick(users)) += '@', out += pick(domains); break;
        }
        out += ">";
        if (rng() % 2) out += " NOTIFY=SUCCESS,FAILURE";
        if (rng() % 3 == 0) out += " ORCPT=rfc822;bob+2Bx@example.org";
        out += "\r\n";
      }
      out += "DATA\r\n";
      if (rng() % 4 == 0) out += "RSET\r\n";
    }
    out += "QUIT\r\n";
  }
  return out;
}

const std::string& input() {
  static const std::string data =
      smtpcodec::bench::load_input("SMTPCODEC_BENCH_COMMANDS", [] { return generate_commands(4u << 20); });
  return data;
}

void BM_LineSplitMemchr(benchmark::State& state) {
  const std::string& in = input();
  std::size_t lines = 0;
  for (auto _ : state) {
    const char* p = in.data();
    const char* end = p + in.size();
    std::size_t total = 0;
    while (const void* lf = std::memchr(p, '\n', static_cast<std::size_t>(end - p))) {
      const char* l = static_cast<const char*>(lf);
      total += static_cast<std::size_t>(l - p);
      ++lines;
      p = l + 1;
    }
    benchmark::DoNotOptimize(total);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
  state.counters["lines/s"] = benchmark::Counter(static_cast<double>(lines), benchmark::Counter::kIsRate);
}

// Frames `in` with a line_reader as a server would (the limit parse_command's options call
// for) and hands each line to `on_line`.
template <class OnLine>
void for_each_line(std::string_view in, const smtpcodec::command_options& opt, OnLine&& on_line) {
  smtpcodec::line_reader reader({smtpcodec::bare_eol_policy::reject, opt.max_reader_line()});
  for (;;) {
    const auto ev = reader.next(in);
    in.remove_prefix(ev.consumed);
    if (ev.kind == smtpcodec::line_event::kind_t::need_more) {
      if (ev.consumed) continue;
      break;
    }
    if (ev.kind == smtpcodec::line_event::kind_t::line) on_line(ev.line);
  }
}

// Framing alone: line_reader over the same buffer (the share of BM_ParseCommands that is
// finding line ends and checking CR/LF).
void BM_LineReader(benchmark::State& state) {
  const std::string& in = input();
  const smtpcodec::command_options opt;
  std::size_t lines = 0;
  for (auto _ : state) {
    std::size_t total = 0;
    for_each_line(in, opt, [&](std::string_view line) {
      total += line.size();
      ++lines;
    });
    benchmark::DoNotOptimize(total);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
  state.counters["lines/s"] = benchmark::Counter(static_cast<double>(lines), benchmark::Counter::kIsRate);
}

// Full parse, by the route parse_command() takes (fast lanes first) or, for comparison, with
// every line through the one-pass Ragel machine, or through the separate path and
// parameter parsers (detail::command_route; every route gives the same results).
template <smtpcodec::detail::command_route Route>
void parse_commands(benchmark::State& state) {
  const std::string& in = input();
  smtpcodec::command_options opt;
  std::size_t commands = 0, refused = 0;
  for (auto _ : state) {
    bool smtputf8 = false;
    for_each_line(in, opt, [&](std::string_view line) {
      opt.smtputf8_transaction = smtputf8;
      const auto r = smtpcodec::detail::parse_command_via(line, opt, Route);
      ++commands;
      if (!r) {
        ++refused;
        return;
      }
      if (r.value.verb == smtpcodec::verb::mail) smtputf8 = r.value.mail.smtputf8;
      benchmark::DoNotOptimize(r.value.path.mailbox.domain.data());
    });
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
  state.counters["commands/s"] = benchmark::Counter(static_cast<double>(commands), benchmark::Counter::kIsRate);
  state.counters["refused"] = static_cast<double>(refused) / static_cast<double>(state.iterations());
}

// What a server does: command_reader over the buffer, one event per line. `in_transaction`:
// every RCPT as if in a MAIL with SMTPUTF8 (for lines out of their sessions' order), else
// each MAIL's SMTPUTF8 decides for the RCPTs after it.
void read_commands(benchmark::State& state, const std::string& in = input(), bool in_transaction = false) {
  std::size_t commands = 0, refused = 0;
  for (auto _ : state) {
    smtpcodec::command_reader reader;
    reader.set_smtputf8_transaction(in_transaction);
    std::string_view rest = in;
    for (;;) {
      const auto& ev = reader.next(rest);
      rest.remove_prefix(ev.consumed);
      if (ev.kind == smtpcodec::command_event::kind_t::need_more) {
        if (ev.consumed) continue;
        break;
      }
      ++commands;
      if (!ev.result) {
        ++refused;
        continue;
      }
      const smtpcodec::command& c = ev.result.value;
      if (c.verb == smtpcodec::verb::mail && !in_transaction) reader.set_smtputf8_transaction(c.mail.smtputf8);
      benchmark::DoNotOptimize(c.path.mailbox.domain.data());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
  state.counters["commands/s"] = benchmark::Counter(static_cast<double>(commands), benchmark::Counter::kIsRate);
  state.counters["refused"] = static_cast<double>(refused) / static_cast<double>(state.iterations());
}

void BM_ParseCommands(benchmark::State& state) { read_commands(state); }

// The same with the scans and the vector lane held to AVX2 (what a CPU without AVX-512BW runs).
void BM_ParseCommandsAvx2(benchmark::State& state) {
  if (!smtpcodec::detail::force_scan_path(smtpcodec::detail::scan_path::avx2)) {
    state.SkipWithError("no AVX2 on this CPU");
    return;
  }
  read_commands(state);
  smtpcodec::detail::reset_scan_path();
}

// The same lines (those line_reader frames) with those of one shape together (letters
// and digits aside; stably sorted): every branch a line takes is then the one the line
// before took. The time this saves against BM_ParseCommands is what the variety of real
// traffic costs in branch misses, which a benchmark over one line repeated (as parsers
// are often measured) never pays: on the generated mix more than a quarter of its time.
void BM_ParseCommandsShapeOrder(benchmark::State& state) {
  static const std::string sorted = [] {
    std::vector<std::pair<std::string, std::string_view>> lines;  // shape, line
    for_each_line(input(), smtpcodec::command_options{}, [&](std::string_view line) {
      std::string shape(line);
      for (char& ch : shape)
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) ch = 'a';
        else if (ch >= '0' && ch <= '9') ch = '0';
      lines.emplace_back(std::move(shape), line);
    });
    std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out;
    for (const auto& line : lines) (out += line.second) += "\r\n";
    return out;
  }();
  read_commands(state, sorted, true);
}

BENCHMARK(BM_LineSplitMemchr)->Unit(benchmark::kMillisecond);
void BM_ParseCommandLines(benchmark::State& state) {
  parse_commands<smtpcodec::detail::command_route::fastest>(state);
}
void BM_ParseCommandsMachineOnly(benchmark::State& state) {
  parse_commands<smtpcodec::detail::command_route::machine>(state);
}
void BM_ParseCommandsSeparateParsers(benchmark::State& state) {
  parse_commands<smtpcodec::detail::command_route::separate_parsers>(state);
}

BENCHMARK(BM_LineReader)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseCommands)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseCommandsAvx2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseCommandsShapeOrder)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseCommandLines)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseCommandsMachineOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseCommandsSeparateParsers)->Unit(benchmark::kMillisecond);

}  // namespace
