// Reply parsing throughput: reply_parser (framing, validation, multi-line assembly,
// enhanced status codes) next to a plain memchr-for-'\n' scan of the same buffer that
// only counts lines and reply ends, in the same binary.
//
// Input: a deterministic, realistic mix of what SMTP clients receive, about 4 MiB:
// greetings, multi-line EHLO replies (Postfix, Gmail, Exchange, Exim shapes), "250 2.1.0
// Ok", "250 2.1.5 Ok", 354, "250 2.0.0 Ok: queued as ...", 4xx/5xx with enhanced codes
// (greylisting, multi-line policy refusals), 221. Your own capture of server-to-client
// bytes (complete replies, CRLF terminated) can replace it:
//     SMTPCODEC_BENCH_REPLIES=capture.txt bench/reply_bench
// Benchmarks: BM_LineScanMemchr (baseline), BM_ReplyParser (whole buffer, zero copy),
// BM_ReplyParserLines (also walks every line and its status code, as a client logs it),
// BM_ReplyParserChunked/N (the same bytes fed in N-byte reads: replies that span reads
// are assembled in the parser's buffer), BM_ParseEhlo (typed capabilities of one reply).
#include <benchmark/benchmark.h>

#include <cstring>
#include <random>
#include <string>

#include "bench_input.hpp"
#include "smtpcodec/ehlo.hpp"
#include "smtpcodec/reply.hpp"

namespace {

const char* const ehlo_replies[] = {
    "250-{host}\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n250-STARTTLS\r\n"
    "250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250 CHUNKING\r\n",
    "250-{host} at your service, [203.0.113.5]\r\n250-SIZE 157286400\r\n250-8BITMIME\r\n250-STARTTLS\r\n"
    "250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n",
    "250-{host} Hello [192.0.2.10]\r\n250-SIZE 37748736\r\n250-PIPELINING\r\n250-DSN\r\n250-ENHANCEDSTATUSCODES\r\n"
    "250-STARTTLS\r\n250-AUTH NTLM LOGIN\r\n250-8BITMIME\r\n250-BINARYMIME\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n",
    "250-{host} Hello client.example.org [192.0.2.1]\r\n250-SIZE 52428800\r\n250-LIMITS MAILMAX=1000 RCPTMAX=50000\r\n"
    "250-8BITMIME\r\n250-PIPELINING\r\n250-AUTH PLAIN LOGIN\r\n250-CHUNKING\r\n250-PRDR\r\n250 HELP\r\n",
};

const char* const refusals[] = {
    "451 4.7.1 <{rcpt}>: Recipient address rejected: Greylisted, see https://postgrey.example/\r\n",
    "550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table\r\n",
    "452 4.2.2 The email account that you tried to reach is over quota. x9si123456qkb.12 - gsmtp\r\n",
    "550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires\r\n"
    "550-5.7.26 all senders to authenticate with either SPF or DKIM. Authentication results:\r\n"
    "550-5.7.26  DKIM = did not pass  SPF [example.org] with ip: [192.0.2.1] = did not pass\r\n"
    "550 5.7.26 For instructions, see https://support.google.com/mail/answer/81126. - gsmtp\r\n",
    "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.example\r\n",
    "421 4.7.0 Too many concurrent SMTP connections; please try again later.\r\n",
};

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + to.size())) s.replace(i, from.size(), to);
}

std::string generate_replies(std::size_t target_bytes) {
  std::mt19937 rng(5321);
  auto host = [&] { return "mx" + std::to_string(rng() % 100) + ".mail.example.net"; };
  std::string out;
  while (out.size() < target_bytes) {
    const std::string h = host();
    out += "220 " + h + " ESMTP Postfix (Debian/GNU)\r\n";
    std::string ehlo = ehlo_replies[rng() % std::size(ehlo_replies)];
    replace_all(ehlo, "{host}", h);
    out += ehlo;
    const int transactions = 1 + static_cast<int>(rng() % 3);
    for (int t = 0; t < transactions; ++t) {
      out += "250 2.1.0 Ok\r\n";
      const int rcpts = 1 + static_cast<int>(rng() % 5);
      for (int r = 0; r < rcpts; ++r) {
        if (rng() % 8 == 0) {
          std::string refusal = refusals[rng() % std::size(refusals)];
          replace_all(refusal, "{rcpt}", "user" + std::to_string(rng() % 1000) + "@example.org");
          out += refusal;
        } else {
          out += "250 2.1.5 Ok\r\n";
        }
      }
      out += "354 End data with <CR><LF>.<CR><LF>\r\n";
      out += "250 2.0.0 Ok: queued as 4Y2Jf" + std::to_string(rng()) + "\r\n";
    }
    out += "221 2.0.0 Bye\r\n";
  }
  return out;
}

const std::string& input() {
  static const std::string data =
      smtpcodec::bench::load_input("SMTPCODEC_BENCH_REPLIES", [] { return generate_replies(4u << 20); });
  return data;
}

void report(benchmark::State& state, std::size_t bytes, std::size_t replies) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["replies/s"] = benchmark::Counter(static_cast<double>(replies), benchmark::Counter::kIsRate);
}

// Baseline: find every line end, and count a reply end where the fourth byte is not '-'.
void BM_LineScanMemchr(benchmark::State& state) {
  const std::string& in = input();
  std::size_t replies = 0;
  for (auto _ : state) {
    const char* p = in.data();
    const char* end = p + in.size();
    while (const void* lf = std::memchr(p, '\n', static_cast<std::size_t>(end - p))) {
      const char* l = static_cast<const char*>(lf);
      replies += l - p < 4 || p[3] != '-';
      p = l + 1;
    }
    benchmark::DoNotOptimize(p);
  }
  report(state, in.size(), replies);
}

// Parses the whole input once, calling on_reply for every reply; returns the count.
template <class OnReply>
std::size_t parse_all(std::string_view in, OnReply on_reply) {
  smtpcodec::reply_parser parser;
  std::size_t replies = 0;
  for (;;) {
    const auto ev = parser.next(in);
    in.remove_prefix(ev.consumed);
    if (ev.kind != smtpcodec::reply_event::kind_t::reply) break;
    ++replies;
    on_reply(ev.reply);
  }
  return in.empty() && !parser.failed() ? replies : 0;
}

void BM_ReplyParser(benchmark::State& state) {
  const std::string& in = input();
  std::size_t replies = 0;
  for (auto _ : state) {
    const std::size_t n = parse_all(in, [](const smtpcodec::reply_view& r) { benchmark::DoNotOptimize(r.status); });
    if (!n) state.SkipWithError("input is not a sequence of valid replies");
    replies += n;
  }
  report(state, in.size(), replies);
}

void BM_ReplyParserLines(benchmark::State& state) {
  const std::string& in = input();
  std::size_t replies = 0;
  for (auto _ : state) {
    replies += parse_all(in, [](const smtpcodec::reply_view& r) {
      for (const auto& line : r) benchmark::DoNotOptimize(line.message.data());
    });
  }
  report(state, in.size(), replies);
}

void BM_ReplyParserChunked(benchmark::State& state) {
  const std::string& in = input();
  const auto chunk = static_cast<std::size_t>(state.range(0));
  std::size_t replies = 0;
  for (auto _ : state) {
    smtpcodec::reply_parser parser;
    for (std::size_t off = 0; off < in.size(); off += chunk) {
      std::string_view piece = std::string_view(in).substr(off, chunk);
      for (;;) {
        const auto ev = parser.next(piece);
        piece.remove_prefix(ev.consumed);
        if (ev.kind != smtpcodec::reply_event::kind_t::reply) break;
        ++replies;
        benchmark::DoNotOptimize(ev.reply.status);
      }
    }
  }
  report(state, in.size(), replies);
}

void BM_ParseEhlo(benchmark::State& state) {
  std::string wire = ehlo_replies[3];
  replace_all(wire, "{host}", "mx.example.net");
  const auto ev = smtpcodec::parse_reply(wire);
  std::size_t replies = 0;
  for (auto _ : state) {
    const auto caps = smtpcodec::parse_ehlo_reply(ev.reply);
    benchmark::DoNotOptimize(caps.value.set.max_size);
    ++replies;
  }
  report(state, wire.size(), replies);
}

BENCHMARK(BM_LineScanMemchr)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReplyParser)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReplyParserLines)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReplyParserChunked)->Arg(1)->Arg(64)->Arg(1460)->Arg(4096)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseEhlo);

}  // namespace
