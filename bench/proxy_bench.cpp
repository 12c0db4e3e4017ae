// PROXY protocol header parsing throughput (headers/s), v1 and v2, next to same-buffer
// baselines that only find where each header ends (memchr for LF; the v2 length field).
//
// Input: 4096 deterministic headers of each kind, each followed by the client's pipelined
// "EHLO" line as a load balancer would forward it:
//   v1_tcp4     "PROXY TCP4 a.b.c.d e.f.g.h sport 25\r\n"
//   v1_tcp6     "PROXY TCP6 2001:db8:...: ... sport 25\r\n" (RFC 5952 text)
//   v2_tcp4     16 + 12 bytes, no TLVs (HAProxy send-proxy-v2)
//   v2_tcp6_tlv 16 + 36 bytes + ALPN, AUTHORITY, UNIQUE_ID, SSL (version, cipher, CN), as
//               HAProxy's send-proxy-v2-ssl-cn sends; and the same with a CRC32C TLV, which
//               the parser verifies (HAProxy's proxy-v2-options crc32c)
// Your own header can be measured instead (one header per file, e.g. captured with
// `tcpdump -w` / `tshark -x` from your load balancer and cut to its first bytes):
//     SMTPCODEC_BENCH_PROXY=header.bin bench/proxy_bench --benchmark_filter=Capture
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "smtpcodec/proxy.hpp"

namespace {

using namespace smtpcodec;

constexpr std::size_t headers_per_set = 4096;
constexpr std::string_view pipelined = "EHLO client.example.net\r\n";

/// Headers back to back in one buffer, each followed by the pipelined line.
struct header_set {
  std::string bytes;
  std::vector<std::size_t> starts;  ///< offset of each header
  std::size_t header_bytes = 0;     ///< sum of header lengths (what is processed)
};

enum class kind { v1_tcp4, v1_tcp6, v2_tcp4, v2_tcp6_tlv, v2_tcp6_tlv_crc };

header_set generate(kind k) {
  std::mt19937 rng(static_cast<unsigned>(k) + 5321);
  header_set set;
  for (std::size_t i = 0; i < headers_per_set; ++i) {
    proxy_header h;
    h.transport = proxy_transport::stream;
    h.family = (k == kind::v1_tcp4 || k == kind::v2_tcp4) ? proxy_family::inet : proxy_family::inet6;
    for (auto& b : h.source_addr) b = static_cast<std::uint8_t>(rng());
    if (h.family == proxy_family::inet6) {
      // Realistic IPv6: a 2001:db8::/32 prefix, sparse interface ids (so "::" appears).
      h.source_addr[0] = 0x20, h.source_addr[1] = 0x01, h.source_addr[2] = 0x0d, h.source_addr[3] = 0xb8;
      for (std::size_t j = 6; j < 14; ++j)
        if (rng() % 3 != 0) h.source_addr[j] = 0;
      h.dest_addr = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x25};
    } else {
      std::fill(h.source_addr.begin() + 4, h.source_addr.end(), std::uint8_t{0});
      h.dest_addr = {198, 51, 100, 25};
    }
    h.source_port = static_cast<std::uint16_t>(1024 + rng() % 64511);
    h.dest_port = 25;
    std::string tlvs;
    if (k == kind::v2_tcp6_tlv || k == kind::v2_tcp6_tlv_crc) {
      std::string ssl = std::string("\x07\x00\x00\x00\x00", 5);
      (void)append_proxy_tlv(ssl, pp2_subtype_ssl_version, "TLSv1.3");
      (void)append_proxy_tlv(ssl, pp2_subtype_ssl_cipher, "TLS_AES_256_GCM_SHA384");
      (void)append_proxy_tlv(ssl, pp2_subtype_ssl_cn, "client" + std::to_string(rng() % 1000) + ".example.org");
      (void)append_proxy_tlv(tlvs, pp2_type_alpn, "smtp");
      (void)append_proxy_tlv(tlvs, pp2_type_authority, "mx.example.net");
      (void)append_proxy_tlv(tlvs, pp2_type_unique_id, std::to_string(rng()) + "-" + std::to_string(i));
      (void)append_proxy_tlv(tlvs, pp2_type_ssl, ssl);
      h.tlvs = tlvs;
    }
    set.starts.push_back(set.bytes.size());
    const std::size_t before = set.bytes.size();
    const errc e = (k == kind::v1_tcp4 || k == kind::v1_tcp6) ? write_proxy_v1(h, set.bytes)
                                                              : write_proxy_v2(h, set.bytes, k == kind::v2_tcp6_tlv_crc);
    if (e != errc{}) {
      std::fprintf(stderr, "generator: %s\n", std::string(to_string(e)).c_str());
      std::exit(2);
    }
    set.header_bytes += set.bytes.size() - before;
    set.bytes += pipelined;
  }
  return set;
}

const header_set& input(kind k) {
  static const header_set sets[] = {generate(kind::v1_tcp4), generate(kind::v1_tcp6), generate(kind::v2_tcp4),
                                    generate(kind::v2_tcp6_tlv), generate(kind::v2_tcp6_tlv_crc)};
  return sets[static_cast<std::size_t>(k)];
}

void report(benchmark::State& state, std::size_t bytes, std::size_t headers) {
  const auto iterations = static_cast<std::int64_t>(state.iterations());
  state.SetBytesProcessed(iterations * static_cast<std::int64_t>(bytes));
  state.counters["headers"] = benchmark::Counter(static_cast<double>(iterations) * static_cast<double>(headers),
                                                 benchmark::Counter::kIsRate);
}

void parse_set(benchmark::State& state, kind k) {
  const header_set& set = input(k);
  const std::string_view all(set.bytes);
  for (auto _ : state) {
    std::size_t consumed = 0;
    for (const std::size_t start : set.starts) {
      const proxy_parse_result r = parse_proxy_header(all.substr(start));
      if (!r.complete()) state.SkipWithError("header did not parse");
      consumed += r.consumed;
      benchmark::DoNotOptimize(r.header.source_port);
    }
    benchmark::DoNotOptimize(consumed);
  }
  report(state, set.header_bytes, set.starts.size());
}

void BM_ProxyV1Tcp4(benchmark::State& state) { parse_set(state, kind::v1_tcp4); }
void BM_ProxyV1Tcp6(benchmark::State& state) { parse_set(state, kind::v1_tcp6); }
void BM_ProxyV2Tcp4(benchmark::State& state) { parse_set(state, kind::v2_tcp4); }
void BM_ProxyV2Tcp6Tlv(benchmark::State& state) { parse_set(state, kind::v2_tcp6_tlv); }
void BM_ProxyV2Tcp6TlvCrc32c(benchmark::State& state) { parse_set(state, kind::v2_tcp6_tlv_crc); }
BENCHMARK(BM_ProxyV1Tcp4);
BENCHMARK(BM_ProxyV1Tcp6);
BENCHMARK(BM_ProxyV2Tcp4);
BENCHMARK(BM_ProxyV2Tcp6Tlv);
BENCHMARK(BM_ProxyV2Tcp6TlvCrc32c);

// Baselines over the same buffers: only find each header's end, validate nothing.
void BM_BaselineV1FindLf(benchmark::State& state) {
  const header_set& set = input(kind::v1_tcp6);
  for (auto _ : state) {
    std::size_t consumed = 0;
    for (const std::size_t start : set.starts) {
      const void* lf = std::memchr(set.bytes.data() + start, '\n', set.bytes.size() - start);
      consumed += static_cast<std::size_t>(static_cast<const char*>(lf) - (set.bytes.data() + start)) + 1;
    }
    benchmark::DoNotOptimize(consumed);
  }
  report(state, set.header_bytes, set.starts.size());
}
BENCHMARK(BM_BaselineV1FindLf);

void BM_BaselineV2Length(benchmark::State& state) {
  const header_set& set = input(kind::v2_tcp6_tlv_crc);
  for (auto _ : state) {
    std::size_t consumed = 0;
    for (const std::size_t start : set.starts) {
      const char* p = set.bytes.data() + start;
      if (std::memcmp(p, proxy_v2_signature.data(), proxy_v2_signature.size()) == 0)
        consumed += 16 + (static_cast<std::size_t>(static_cast<unsigned char>(p[14])) << 8 |
                          static_cast<unsigned char>(p[15]));
    }
    benchmark::DoNotOptimize(consumed);
  }
  report(state, set.header_bytes, set.starts.size());
}
BENCHMARK(BM_BaselineV2Length);

void BM_ProxyFormatIpv6(benchmark::State& state) {
  // Logging cost: the v1_tcp6 set's source addresses as RFC 5952 text.
  const header_set& set = input(kind::v1_tcp6);
  std::vector<proxy_header> headers;
  for (const std::size_t start : set.starts) headers.push_back(parse_proxy_header(std::string_view(set.bytes).substr(start)).header);
  char buf[proxy_address_max_chars];
  for (auto _ : state) {
    std::size_t n = 0;
    for (const proxy_header& h : headers) n += format_proxy_address(h, proxy_endpoint::source, buf, sizeof buf).size();
    benchmark::DoNotOptimize(n);
  }
  state.counters["addresses"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(headers.size()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ProxyFormatIpv6);

// SMTPCODEC_BENCH_PROXY=<file>: the file's first bytes are one header.
[[maybe_unused]] const bool capture_registered = [] {
  const char* path = std::getenv("SMTPCODEC_BENCH_PROXY");
  if (path == nullptr) return false;
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    std::fprintf(stderr, "cannot read %s\n", path);
    std::exit(2);
  }
  static const std::string capture((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const proxy_parse_result r = parse_proxy_header(capture);
  if (!r.complete()) {
    std::fprintf(stderr, "%s: not a complete PROXY header (%s at offset %zu)\n", path,
                 r.need_more() ? "need_more" : std::string(to_string(r.error)).c_str(), r.error_offset);
    std::exit(2);
  }
  benchmark::RegisterBenchmark("BM_ProxyCapture", [consumed = r.consumed](benchmark::State& state) {
    for (auto _ : state) {
      const proxy_parse_result p = parse_proxy_header(capture);
      benchmark::DoNotOptimize(p.consumed);
    }
    report(state, consumed, 1);
  });
  return true;
}();

}  // namespace
