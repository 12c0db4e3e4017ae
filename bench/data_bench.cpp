// DATA body codecs at memory speed? dot_unstuffer (strict default policy: every bare CR
// and LF detected, line lengths, 8-bit and NUL tracked) and dot_stuffer, each next to
// memcpy of the same buffer in the same binary.
//
// Every throughput benchmark reports, besides Google Benchmark's bytes/s:
//   GB/s         its own rate (10^9 bytes per CPU second, timed around its loop)
//   memcpy_GB/s  memcpy of the same buffer into another, timed right before the loop
//   ratio        GB/s / memcpy_GB/s (the goal of issue 4: at least 0.67 unchunked)
// BM_memcpy is the plain baseline. The _chunked variants feed the same input in 1, 64
// and 4096-byte pieces, so per-call costs show; BM_unstuff_path pins each scan path.
//
// Input: a deterministic, realistic message of about 4 MiB (headers; text paragraphs of
// 60-78 octet lines, some starting with "."; base64 attachment blocks of 76 octets) or
// your own message body:
//     SMTPCODEC_BENCH_BODY=message.eml bench/data_bench --benchmark_min_time=0.2
// The file is the message as stored (LF or CRLF line ends; they are normalised to CRLF so
// the strict policy accepts it); the unstuffer reads its stuffed wire form.
// SMTPCODEC_BENCH_SIZE=<bytes> changes the size of the generated message.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <time.h>

#include "detail/byte_scan.hpp"
#include "smtpcodec/dot_stuffing.hpp"

namespace {

using namespace smtpcodec;

std::string generate_message(std::size_t target) {
  std::mt19937 rng(5321);
  static const char* words[] = {"the", "message", "server", "relay", "delivery", "queue", "mailbox", "of", "and",
                                "transport", "a", "is", "to", "in", "header", "envelope", "SMTP", "client", "for",
                                "with", "status", "report", "meeting", "tomorrow", "attached", "please", "find",
                                "invoice", "regards", "thanks", "quarterly", "numbers"};
  static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string m =
      "Received: from client.example.net (client.example.net [192.0.2.17])\r\n"
      "\tby mx.example.org with ESMTPS id 4F2A1B3C; Tue, 12 Mar 2024 10:15:42 +0000\r\n"
      "From: Alice Example <alice@example.net>\r\nTo: Bob <bob@example.org>\r\n"
      "Subject: Quarterly numbers and the meeting tomorrow\r\n"
      "Date: Tue, 12 Mar 2024 10:15:40 +0000\r\nMessage-ID: <20240312101540.4F2A@example.net>\r\n"
      "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n";
  while (m.size() < target) {
    m += "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
    for (int para = 0, paras = 2 + static_cast<int>(rng() % 4); para < paras; ++para) {
      for (int l = 0, lines = 3 + static_cast<int>(rng() % 8); l < lines; ++l) {
        const std::size_t len = 60 + rng() % 19;  // 60-78 octets (RFC 5322 2.1.1)
        std::string line = rng() % 40 == 0 ? "." : "";  // some lines start with a dot
        while (line.size() < len) (line += words[rng() % std::size(words)]) += ' ';
        line.resize(len);
        m += line + "\r\n";
      }
      m += "\r\n";
    }
    m += "--b1\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    for (int l = 0, lines = 20 + static_cast<int>(rng() % 200); l < lines; ++l) {
      std::string line(76, 'A');  // RFC 2045 6.8
      for (auto& c : line) c = b64[rng() % 64];
      m += line + "\r\n";
    }
  }
  return m + "--b1--\r\n";
}

const std::string& message() {
  static const std::string m = [] {
    if (const char* path = std::getenv("SMTPCODEC_BENCH_BODY")) {
      std::ifstream f(path, std::ios::binary);
      if (!f) {
        std::fprintf(stderr, "data_bench: cannot read %s\n", path);
        std::exit(1);
      }
      const std::string raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
      std::string crlf;  // the strict policy refuses bare line ends: normalise them
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
        if (raw[i] == '\r' || raw[i] == '\n') crlf += "\r\n";
        else crlf += raw[i];
      }
      return crlf;
    }
    const char* size = std::getenv("SMTPCODEC_BENCH_SIZE");
    return generate_message(size ? std::strtoull(size, nullptr, 10) : std::size_t{4} << 20);
  }();
  return m;
}

const std::string& wire() {
  static const std::string w = [] {
    std::string out;
    if (stuff_message(message(), out) != errc{}) std::abort();
    return out;
  }();
  return w;
}

// CPU time of this thread, like Google Benchmark's own rates: the machine may be shared,
// and wall time would then measure the neighbours.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// memcpy of `buf` into another buffer, averaged over about 50 ms.
double memcpy_rate(const std::string& buf) {
  static std::vector<char> dst;
  dst.resize(buf.size());
  std::memcpy(dst.data(), buf.data(), buf.size());  // warm
  std::size_t runs = 0;
  const double t0 = cpu_seconds();
  do {
    std::memcpy(dst.data(), buf.data(), buf.size());
    benchmark::ClobberMemory();
    ++runs;
  } while (cpu_seconds() - t0 < 0.05);
  return static_cast<double>(runs * buf.size()) / (cpu_seconds() - t0);
}

// Runs `body` (one pass over `buf`) in the benchmark loop and reports the counters.
template <class F>
void measure(benchmark::State& state, const std::string& buf, F body) {
  const double base = memcpy_rate(buf);
  std::size_t runs = 0;
  const double t0 = cpu_seconds();
  for (auto _ : state) {
    body();
    ++runs;
  }
  const double rate = static_cast<double>(runs * buf.size()) / (cpu_seconds() - t0);
  state.SetBytesProcessed(static_cast<std::int64_t>(runs * buf.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(runs));  // messages
  state.counters["GB/s"] = rate / 1e9;
  state.counters["memcpy_GB/s"] = base / 1e9;
  state.counters["ratio"] = rate / base;
}

// One message through the unstuffer, the input in pieces of `piece` bytes.
std::size_t unstuff_once(std::string_view w, std::size_t piece) {
  dot_unstuffer u;
  std::size_t total = 0;
  for (std::size_t at = 0; at < w.size();) {
    std::string_view in = w.substr(at, piece);
    for (;;) {
      const unstuff_result r = u.decode(in);
      total += r.chunk.size();
      in.remove_prefix(r.consumed);
      at += r.consumed;
      if (r.status == unstuff_status::done) return total;
      if (r.status == unstuff_status::need_input) break;
    }
  }
  return total;
}

// One message through the stuffer into a 64-slot segment array, in pieces of `piece` bytes.
std::size_t stuff_once(std::string_view m, std::size_t piece) {
  dot_stuffer s;
  std::string_view seg[64];
  std::size_t total = 0;
  for (std::size_t at = 0; at < m.size();) {
    std::string_view in = m.substr(at, piece);
    while (!in.empty()) {
      const stuff_result r = s.encode(in, seg);
      for (std::size_t i = 0; i < r.segments; ++i) total += seg[i].size();
      in.remove_prefix(r.consumed);
      at += r.consumed;
    }
  }
  const stuff_result end = s.finish(seg);
  return total + (end.segments ? seg[0].size() : 0);
}

void BM_memcpy(benchmark::State& state) {
  const std::string& w = wire();
  std::vector<char> dst(w.size());
  measure(state, w, [&] {
    std::memcpy(dst.data(), w.data(), w.size());
    benchmark::ClobberMemory();
  });
}

void BM_unstuff(benchmark::State& state) {
  const std::string& w = wire();
  if (unstuff_once(w, w.size()) != message().size()) state.SkipWithError("unstuff mismatch");
  measure(state, w, [&] { benchmark::DoNotOptimize(unstuff_once(w, w.size())); });
}

void BM_stuff(benchmark::State& state) {
  const std::string& m = message();
  if (stuff_once(m, m.size()) != wire().size()) state.SkipWithError("stuff mismatch");
  measure(state, m, [&] { benchmark::DoNotOptimize(stuff_once(m, m.size())); });
}

void BM_unstuff_chunked(benchmark::State& state) {
  const std::string& w = wire();
  const auto piece = static_cast<std::size_t>(state.range(0));
  measure(state, w, [&] { benchmark::DoNotOptimize(unstuff_once(w, piece)); });
}

void BM_stuff_chunked(benchmark::State& state) {
  const std::string& m = message();
  const auto piece = static_cast<std::size_t>(state.range(0));
  measure(state, m, [&] { benchmark::DoNotOptimize(stuff_once(m, piece)); });
}

// Runs `body` over `buf` with the scan path given by the benchmark argument.
template <class F>
void on_path(benchmark::State& state, const std::string& buf, F body) {
  const auto path = static_cast<detail::scan_path>(state.range(0));
  if (!detail::force_scan_path(path)) {
    state.SkipWithError("scan path not available on this CPU");
    return;
  }
  state.SetLabel(detail::to_string(path));
  measure(state, buf, body);
  detail::reset_scan_path();
}

void BM_unstuff_path(benchmark::State& state) {
  const std::string& w = wire();
  on_path(state, w, [&] { benchmark::DoNotOptimize(unstuff_once(w, w.size())); });
}

void BM_stuff_path(benchmark::State& state) {
  const std::string& m = message();
  on_path(state, m, [&] { benchmark::DoNotOptimize(stuff_once(m, m.size())); });
}

BENCHMARK(BM_memcpy);
BENCHMARK(BM_unstuff);
BENCHMARK(BM_stuff);
BENCHMARK(BM_unstuff_chunked)->Arg(1)->Arg(64)->Arg(4096);
BENCHMARK(BM_stuff_chunked)->Arg(1)->Arg(64)->Arg(4096);
// 0 none (the Ragel machine byte by byte), 1 portable, 2 sse2, 3 avx2, 4 avx512
BENCHMARK(BM_unstuff_path)->DenseRange(0, 4);
BENCHMARK(BM_stuff_path)->DenseRange(0, 4);

}  // namespace
