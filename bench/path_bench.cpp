// Benchmarks: Reverse-path / Forward-path parsing (parse_path), the writer, and
// validate_utf8, over a realistic mix of paths.
//
// Input: by default a deterministic generated set of 8192 paths: mostly plain
// "<local@domain>" (dotted, "+tag"), some quoted local parts with spaces and quoted-pairs,
// IPv4 and IPv6 address literals, a few source routes, "<>", SMTPUTF8 local parts and
// U-labels, and long paths near the 256-octet limit. To measure your own traffic set
//   SMTPCODEC_BENCH_PATHS=<file>
// to a file with one path per line, angle brackets included (CR before LF is dropped);
// every line is then used for every benchmark.
//
// Counters: bytes/s (SetBytesProcessed) and paths/s (items). BM_baseline_find_close runs
// over the same buffer doing only a memchr for '>' per path: the floor for any parser.
// BM_parse_path_ascii and BM_parse_path_utf8_no_idna isolate the machine from libidn2,
// whose IDNA2008 check of U-labels (allocating) dominates BM_parse_path_mix's UTF-8 share.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "smtpcodec/address.hpp"

namespace {

using namespace smtpcodec;

struct corpus {
  std::string storage;                 // all paths back to back
  std::vector<std::string_view> paths;
  std::size_t bytes = 0;
};

// Deterministic choices (std::mt19937_64's sequence is fixed by the standard), so runs and
// machines are comparable.
struct rng {
  std::mt19937_64 engine{20240521};
  std::uint64_t next() { return engine(); }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  template <std::size_t N>
  const char* pick(const char* const (&a)[N]) { return a[below(N)]; }
};

// Concatenation by append: GCC 12's -Wrestrict misfires on long operator+ chains.
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string s;
  (s.append(std::string_view(parts)), ...);
  return s;
}

std::string generated_path(rng& r) {
  static const char* const users[] = {"alice", "bob.smith", "no-reply", "billing+invoices", "j.doe",
                                      "postmaster", "mailer-daemon", "support", "x", "first.middle.last"};
  static const char* const domains[] = {"example.org", "mail.example.com", "corp.example.net", "example.co.uk",
                                        "lists.example.org", "a.b.c.example.info"};
  static const char* const quoted[] = {"\"john doe\"", "\"a\\\"b\"", "\"odd..dots\"", "\"with@at\"", "\"x> y\""};
  static const char* const literals[] = {"[192.0.2.1]", "[IPv6:2001:db8::1]", "[IPv6:::ffff:198.51.100.7]",
                                         "[IPv6:2001:db8:85a3:0:0:8a2e:370:7334]", "[10.0.0.254]"};
  static const char* const utf8_users[] = {"j\xc3\xbcrgen", "\xe7\x94\xa8\xe6\x88\xb7", "\xd0\xb8\xd0\xb2\xd0\xb0\xd0\xbd",
                                           "\"fran\xc3\xa7ois m\"", "m\xc3\xbcller.k"};
  static const char* const utf8_domains[] = {"b\303\274cher.example", "\xe4\xbe\x8b\xe5\xad\x90.example",
                                             "xn--bcher-kva.example", "example.org"};
  const std::size_t kind = r.below(100);
  if (kind < 60) return cat("<", r.pick(users), "@", r.pick(domains), ">");
  if (kind < 66) return cat("<", r.pick(users), "+", std::to_string(r.next() % 100000), "@", r.pick(domains), ">");
  if (kind < 72) return cat("<", r.pick(quoted), "@", r.pick(domains), ">");
  if (kind < 78) return cat("<", r.pick(users), "@", r.pick(literals), ">");
  if (kind < 80) return cat("<@relay.example,@hop.example:", r.pick(users), "@", r.pick(domains), ">");
  if (kind < 84) return "<>";
  if (kind < 94) return cat("<", r.pick(utf8_users), "@", r.pick(utf8_domains), ">");
  // Long: a 64-octet local part and a domain that brings the path near 256 octets.
  std::string d;
  while (d.size() < 140) d += cat("relay-", std::to_string(r.below(1000)), ".", r.pick(domains), ".");
  return cat("<", std::string(64, 'l'), "@", d, "example>");
}

corpus build(const std::vector<std::string>& lines) {
  corpus c;
  for (const auto& l : lines) c.storage += l;
  std::size_t off = 0;
  for (const auto& l : lines) {
    c.paths.emplace_back(c.storage.data() + off, l.size());
    off += l.size();
    c.bytes += l.size();
  }
  return c;
}

const corpus& paths() {
  static const corpus c = [] {
    std::vector<std::string> lines;
    if (const char* file = std::getenv("SMTPCODEC_BENCH_PATHS")) {
      std::ifstream in(file);
      for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) lines.push_back(line);
      }
    } else {
      rng r;
      for (int i = 0; i < 8192; ++i) lines.push_back(generated_path(r));
    }
    return build(lines);
  }();
  return c;
}

/// The subset of the corpus selected by `keep`, copied into its own buffer.
template <class Keep>
corpus subset(Keep keep) {
  std::vector<std::string> lines;
  for (auto p : paths().paths)
    if (keep(p)) lines.emplace_back(p);
  return build(lines);
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

path_options mail_options(bool utf8, bool idna) {
  path_options o;
  o.allow_utf8 = utf8;
  o.check_u_labels = idna;
  return o;
}

void run_parse(benchmark::State& state, const corpus& c, const path_options& opt) {
  std::size_t accepted = 0;
  for (auto _ : state) {
    for (auto p : c.paths) {
      const auto r = parse_path(p, opt);
      accepted += r.ok() ? 1 : 0;
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.paths.size()));
  state.counters["accepted"] = static_cast<double>(accepted) / static_cast<double>(state.iterations() * c.paths.size());
}

void BM_parse_path_mix(benchmark::State& state) { run_parse(state, paths(), mail_options(true, true)); }

void BM_parse_path_ascii(benchmark::State& state) {
  static const corpus c = subset(is_ascii);
  run_parse(state, c, mail_options(false, true));
}

void BM_parse_path_utf8_no_idna(benchmark::State& state) {
  static const corpus c = subset([](std::string_view p) { return !is_ascii(p); });
  run_parse(state, c, mail_options(true, false));
}

void BM_parse_path_utf8_idna(benchmark::State& state) {
  static const corpus c = subset([](std::string_view p) { return !is_ascii(p); });
  run_parse(state, c, mail_options(true, true));
}

// The U-label check (libidn2, IDNA2008) with and without its per-thread cache of recent
// verdicts: the same label 8192 times, and 8192 different labels (every look-up a miss).
corpus u_label_paths(bool distinct) {
  std::vector<std::string> lines;
  for (int i = 0; i < 8192; ++i)
    lines.push_back("<j\xc3\xbcrgen@b\xc3\xbc" "cher" + std::to_string(distinct ? i : 7) + ".example>");
  return build(lines);
}

void BM_parse_path_u_label_repeated(benchmark::State& state) {
  static const corpus c = u_label_paths(false);
  run_parse(state, c, mail_options(true, true));
}

void BM_parse_path_u_label_distinct(benchmark::State& state) {
  static const corpus c = u_label_paths(true);
  run_parse(state, c, mail_options(true, true));
}

void BM_baseline_find_close(benchmark::State& state) {
  const corpus& c = paths();
  for (auto _ : state) {
    for (auto p : c.paths) benchmark::DoNotOptimize(std::memchr(p.data(), '>', p.size()));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.paths.size()));
}

void BM_validate_utf8(benchmark::State& state) {
  const corpus& c = paths();
  for (auto _ : state) benchmark::DoNotOptimize(validate_utf8(c.storage));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.storage.size()));
}

void BM_write_path(benchmark::State& state) {
  // Decode every parsed mailbox once, then time the writer alone.
  struct item {
    std::string local, domain;
  };
  static const std::vector<item> items = [] {
    std::vector<item> v;
    const path_options o = mail_options(true, false);
    for (auto p : paths().paths) {
      const auto r = parse_path(p, o);
      if (!r || r.value.null) continue;
      item it;
      if (decode_local_part(r.value.mailbox.local_part, it.local)) {
        it.domain = std::string(r.value.mailbox.domain);
        v.push_back(std::move(it));
      }
    }
    return v;
  }();
  const path_options o = mail_options(true, false);
  std::string out;
  std::size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& it : items) {
      out.clear();
      benchmark::DoNotOptimize(write_path(it.local, it.domain, out, o));
      bytes += out.size();
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items.size()));
}

BENCHMARK(BM_baseline_find_close);
BENCHMARK(BM_parse_path_mix);
BENCHMARK(BM_parse_path_ascii);
BENCHMARK(BM_parse_path_utf8_no_idna);
BENCHMARK(BM_parse_path_utf8_idna);
BENCHMARK(BM_parse_path_u_label_repeated);
BENCHMARK(BM_parse_path_u_label_distinct);
BENCHMARK(BM_validate_utf8);
BENCHMARK(BM_write_path);

}  // namespace
