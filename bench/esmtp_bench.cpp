// Benchmarks: ESMTP parameter lists (parse_esmtp_params) and their typed decoding, plus the
// xtext codec, over realistic MAIL and RCPT parameter strings.
//
// Input: by default a deterministic generated set (MAIL: SIZE/BODY/RET/ENVID, some AUTH=<>;
// RCPT: NOTIFY/ORCPT, some "+XX" escapes), 4096 lines each. To measure your own traffic set
//   SMTPCODEC_BENCH_PARAMS=<file>
// to a file with one parameter string per line (the text after "MAIL FROM:<...> " or
// "RCPT TO:<...> "; CR before LF is dropped); every line is then used for every benchmark.
//
// Counters: bytes/s (SetBytesProcessed) and lines/s (items). BM_baseline_count_sp runs over
// the same buffer doing only a memchr for SP per line: the floor for any parser of this input.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "smtpcodec/esmtp.hpp"
#include "smtpcodec/xtext.hpp"

namespace {

using namespace smtpcodec;

struct corpus {
  std::vector<std::string> lines;
  std::size_t bytes = 0;
};

// A small deterministic generator (xorshift), so runs are comparable.
struct rng {
  std::uint64_t s = 0x9E3779B97F4A7C15ULL;
  std::uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

std::string envid(rng& r) {
  static constexpr char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string s;
  const std::size_t n = 8 + r.below(24);
  for (std::size_t i = 0; i < n; ++i) s.push_back(alnum[r.below(sizeof alnum - 1)]);
  if (r.below(4) == 0) s += "+2B" + std::to_string(r.below(1000));  // an escaped "+"
  return s;
}

std::string address(rng& r) {
  static const char* const users[] = {"alice", "bob.smith", "no-reply", "billing+2Binvoices", "j.doe", "postmaster"};
  static const char* const domains[] = {"example.org", "mail.example.com", "corp.example.net", "example.co.uk"};
  return std::string(users[r.below(6)]) + "@" + domains[r.below(4)];
}

corpus generated_mail() {
  corpus c;
  rng r;
  static const char* const bodies[] = {"BODY=8BITMIME", "BODY=7BIT", "BODY=BINARYMIME"};
  for (int i = 0; i < 4096; ++i) {
    std::string s = "SIZE=" + std::to_string(1000 + r.below(30'000'000));
    if (r.below(4) != 0) s += std::string(" ") + bodies[r.below(3)];
    if (r.below(2) == 0) s += r.below(2) == 0 ? " RET=HDRS" : " RET=FULL";
    if (r.below(2) == 0) s += " ENVID=" + envid(r);
    if (r.below(8) == 0) s += " AUTH=<>";
    if (r.below(8) == 0) s += " SMTPUTF8";
    c.bytes += s.size();
    c.lines.push_back(std::move(s));
  }
  return c;
}

corpus generated_rcpt() {
  corpus c;
  rng r;
  static const char* const notify[] = {"NOTIFY=SUCCESS,FAILURE", "NOTIFY=FAILURE,DELAY", "NOTIFY=NEVER", "NOTIFY=FAILURE"};
  for (int i = 0; i < 4096; ++i) {
    std::string s = notify[r.below(4)];
    if (r.below(3) != 0) s += " ORCPT=rfc822;" + address(r);
    c.bytes += s.size();
    c.lines.push_back(std::move(s));
  }
  return c;
}

// SMTPCODEC_BENCH_PARAMS overrides both sets with the user's lines.
const corpus* user_corpus() {
  static const corpus c = [] {
    corpus u;
    const char* path = std::getenv("SMTPCODEC_BENCH_PARAMS");
    if (path == nullptr) return u;
    std::ifstream in(path, std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      u.bytes += line.size();
      u.lines.push_back(line);
    }
    return u;
  }();
  return c.lines.empty() ? nullptr : &c;
}

const corpus& mail_corpus() {
  static const corpus c = generated_mail();
  return user_corpus() != nullptr ? *user_corpus() : c;
}

const corpus& rcpt_corpus() {
  static const corpus c = generated_rcpt();
  return user_corpus() != nullptr ? *user_corpus() : c;
}

void finish(benchmark::State& state, const corpus& c) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.lines.size()));
}

void BM_baseline_count_sp(benchmark::State& state) {
  const corpus& c = mail_corpus();
  for (auto _ : state) {
    std::size_t n = 0;
    for (const auto& l : c.lines) {
      const char* p = l.data();
      const char* end = p + l.size();
      while (const void* sp = std::memchr(p, ' ', static_cast<std::size_t>(end - p))) {
        ++n;
        p = static_cast<const char*>(sp) + 1;
      }
    }
    benchmark::DoNotOptimize(n);
  }
  finish(state, c);
}
BENCHMARK(BM_baseline_count_sp);

void parse_only(benchmark::State& state, const corpus& c) {
  for (auto _ : state) {
    std::size_t n = 0;
    for (const auto& l : c.lines) {
      const auto r = parse_esmtp_params(l, {});
      n += r.value.count;
    }
    benchmark::DoNotOptimize(n);
  }
  finish(state, c);
}

void BM_parse_mail_params(benchmark::State& state) { parse_only(state, mail_corpus()); }
BENCHMARK(BM_parse_mail_params);

void BM_parse_rcpt_params(benchmark::State& state) { parse_only(state, rcpt_corpus()); }
BENCHMARK(BM_parse_rcpt_params);

void BM_parse_decode_mail(benchmark::State& state) {
  const corpus& c = mail_corpus();
  param_decode_options opt;
  opt.max_message_size = 50'000'000;
  for (auto _ : state) {
    std::uint64_t total = 0;
    for (const auto& l : c.lines) {
      const auto r = parse_esmtp_params(l, {});
      mail_parameters m;
      if (r && decode_mail_parameters(r.value, opt, m) == errc{}) total += m.size;
    }
    benchmark::DoNotOptimize(total);
  }
  finish(state, c);
}
BENCHMARK(BM_parse_decode_mail);

void BM_parse_decode_rcpt(benchmark::State& state) {
  const corpus& c = rcpt_corpus();
  for (auto _ : state) {
    unsigned flags = 0;
    for (const auto& l : c.lines) {
      const auto r = parse_esmtp_params(l, {});
      rcpt_parameters p;
      if (r && decode_rcpt_parameters(r.value, {}, p) == errc{}) flags += p.notify;
    }
    benchmark::DoNotOptimize(flags);
  }
  finish(state, c);
}
BENCHMARK(BM_parse_decode_rcpt);

// xtext_decode over the ENVID and ORCPT values of the sets (most need no copy).
void BM_xtext_decode(benchmark::State& state) {
  std::vector<std::string> values;
  corpus c;
  for (const corpus* set : {&mail_corpus(), &rcpt_corpus()}) {
    for (const auto& l : set->lines) {
      const auto r = parse_esmtp_params(l, {});
      for (const auto& p : r.value) {
        std::string_view v = p.value;
        if (p.id == param_id::orcpt && v.find(';') != std::string_view::npos) v.remove_prefix(v.find(';') + 1);
        if (p.id == param_id::envid || p.id == param_id::orcpt) values.emplace_back(v), c.bytes += v.size();
      }
    }
  }
  c.lines = values;
  std::string scratch;
  for (auto _ : state) {
    std::size_t n = 0;
    for (const auto& v : values) n += xtext_decode(v, scratch).value.size();
    benchmark::DoNotOptimize(n);
  }
  finish(state, c);
}
BENCHMARK(BM_xtext_decode);

void BM_xtext_encode(benchmark::State& state) {
  corpus c = rcpt_corpus();
  std::string out;
  for (auto _ : state) {
    for (const auto& l : c.lines) {
      out.clear();
      xtext_encode(l, out);
    }
    benchmark::DoNotOptimize(out.data());
  }
  finish(state, c);
}
BENCHMARK(BM_xtext_encode);

}  // namespace
