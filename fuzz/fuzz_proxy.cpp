// fuzz_proxy: the PROXY protocol header (v1 line, v2 binary) at the start of a connection.
// The whole input is parsed as received bytes. Invariants:
//  - no crash, no read outside the input (ASan); consumed <= size; every view lies inside
//    the consumed header; need_more and error never consume and never fill the header;
//  - a complete header is a property of its own bytes: parsing exactly `consumed` bytes, or
//    those bytes followed by another tail, gives the same header, and every shorter prefix
//    says need_more (all of them up to 512 bytes, a sample beyond);
//  - the TLV area of a parsed header is whole TLVs;
//  - write_proxy_v2() of a parsed header parses back to the same header, and so does
//    write_proxy_v1() where v1 can express it (TCP over IPv4/IPv6, UNKNOWN).
// Inputs starting with 'W' (never a header's first byte) also drive the writers directly:
// the bytes after it become a header's fields (family, addresses, ports, TLVs), so every
// IPv6 address gets formatted as RFC 5952 text and re-parsed by the v1 grammar.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "smtpcodec/proxy.hpp"

#include "fuzz_check.hpp"

using namespace smtpcodec;

namespace {

using smtpcodec::fuzz::check;
using smtpcodec::fuzz::check_inside;

/// The header as a writer sees it: version is not written, and v1 carries no TLVs.
bool same_fields(const proxy_header& a, const proxy_header& b) {
  return a.local == b.local && a.family == b.family && a.transport == b.transport &&
         a.source_addr == b.source_addr && a.dest_addr == b.dest_addr && a.source_port == b.source_port &&
         a.dest_port == b.dest_port && a.unix_source == b.unix_source && a.unix_dest == b.unix_dest;
}

void check_round_trips(const proxy_header& h) {
  std::string out;
  if (write_proxy_v2(h, out) == errc{}) {
    const auto back = parse_proxy_header(out);
    check(back.complete() && back.consumed == out.size() && back.header.version == 2);
    check(same_fields(back.header, h) && back.header.tlvs == h.tlvs);
  }
  out.clear();
  if (write_proxy_v1(h, out) == errc{}) {
    check(out.size() <= proxy_v1_max_length);
    const auto back = parse_proxy_header(out);
    check(back.complete() && back.consumed == out.size() && back.header.version == 1);
    if (h.has_addresses()) check(same_fields(back.header, h));
    else check(back.header.local);
  }
}

void check_parsed(std::string_view in) {
  const proxy_parse_result r = parse_proxy_header(in);
  check(r.consumed <= in.size());
  if (!r.complete()) {
    check(r.consumed == 0 && r.header == proxy_header{});
    check(r.status == proxy_status::need_more || r.error != errc{});
    check(r.error_offset <= in.size());
    if (r.status == proxy_status::need_more) check(in.size() < proxy_v2_max_length);
    return;
  }
  const std::string_view hdr = in.substr(0, r.consumed);
  const proxy_header& h = r.header;
  check(h.version == 1 || h.version == 2);
  check(h.version == 2 || r.consumed <= proxy_v1_max_length);
  check_inside(h.unix_source, hdr);
  check_inside(h.unix_dest, hdr);
  check_inside(h.tlvs, hdr);
  check(proxy_tlvs(h.tlvs).valid());
  for (const proxy_tlv& t : proxy_tlvs(h.tlvs)) {
    check_inside(t.value, hdr);
    proxy_ssl_info ssl;
    if (t.type == pp2_type_ssl) check(parse_proxy_ssl(t.value, ssl));
  }

  // Exactly the header, or the header with another tail: same result.
  const auto alone = parse_proxy_header(hdr);
  check(alone.complete() && alone.consumed == r.consumed && alone.header == h);
  std::string other(hdr);
  other += "\r\n\xff";
  const auto tailed = parse_proxy_header(other);
  check(tailed.complete() && tailed.consumed == r.consumed);

  // Every shorter prefix is a valid prefix.
  const std::size_t n = r.consumed;
  const std::size_t step = n <= 512 ? 1 : n / 64;
  for (std::size_t k = 0; k < n; k += step) check(parse_proxy_header(hdr.substr(0, k)).need_more());
  for (std::size_t k = n > 4 ? n - 4 : 0; k < n; ++k) check(parse_proxy_header(hdr.substr(0, k)).need_more());

  char text[proxy_address_max_chars];
  (void)format_proxy_address(h, proxy_endpoint::source, text, sizeof text);
  (void)format_proxy_address(h, proxy_endpoint::destination, text, sizeof text);
  check_round_trips(h);
}

/// 'W' inputs: fields of a header to write. Layout after 'W': flags, 16 + 16 address
/// bytes, 2 + 2 port bytes, then unix path lengths and TLV bytes.
void check_writers(std::string_view in) {
  if (in.size() < 38) return;
  const auto u = [&](std::size_t i) { return static_cast<std::uint8_t>(in[i]); };
  proxy_header h;
  const std::uint8_t flags = u(0);
  h.local = (flags & 0x80) != 0;
  h.family = static_cast<proxy_family>(flags >> 4 & 0x3);
  h.transport = static_cast<proxy_transport>(flags & 0x3);
  std::memcpy(h.source_addr.data(), in.data() + 1, 16);
  std::memcpy(h.dest_addr.data(), in.data() + 17, 16);
  h.source_port = static_cast<std::uint16_t>(u(33) << 8 | u(34));
  h.dest_port = static_cast<std::uint16_t>(u(35) << 8 | u(36));
  std::string_view rest = in.substr(37);
  if (h.family == proxy_family::inet) {
    std::memset(h.source_addr.data() + 4, 0, 12);  // only 4 bytes are meaningful
    std::memset(h.dest_addr.data() + 4, 0, 12);
  }
  if (h.family == proxy_family::unix_socket && rest.size() >= 2) {
    // Paths as parse would return them: no NUL unless abstract (leading NUL, no trailing).
    const std::size_t a = std::min<std::size_t>(u(37) % 109, rest.size() - 2);
    std::string_view src = rest.substr(2, a);
    const std::size_t b = std::min<std::size_t>(u(38) % 109, rest.size() - 2 - a);
    std::string_view dst = rest.substr(2 + a, b);
    const auto normal = [](std::string_view p) {
      if (p.empty()) return p;
      if (p[0] != '\0') return p.substr(0, p.find('\0'));
      const std::size_t last = p.find_last_not_of('\0');
      return last == std::string_view::npos ? std::string_view() : p.substr(0, last + 1);
    };
    h.unix_source = normal(src);
    h.unix_dest = normal(dst);
    rest.remove_prefix(2 + a + b);
  }
  if (h.family == proxy_family::unspec || h.local) {
    h.family = proxy_family::unspec;
    h.transport = proxy_transport::unspec;
    h.source_addr = {};
    h.dest_addr = {};
    h.source_port = h.dest_port = 0;
    h.unix_source = h.unix_dest = {};
  } else {
    h.tlvs = rest;  // written verbatim when they are whole TLVs
  }
  if (h.family == proxy_family::unix_socket) {  // no IP addresses or ports in AF_UNIX
    h.source_addr = {};
    h.dest_addr = {};
    h.source_port = h.dest_port = 0;
  }

  std::string out;
  if (write_proxy_v2(h, out, (flags & 0x40) != 0) == errc{}) {
    const auto back = parse_proxy_header(out);
    // A written header may still be refused for TLV contents the writer copies verbatim
    // (a short SSL value, a long UNIQUE_ID, a second CRC32C); anything else must parse.
    if (back.complete()) {
      check(back.consumed == out.size() && same_fields(back.header, h));
      // The writer recomputes a checksum in place and may append one: only then may the
      // TLVs differ, and only in size by the appended TLV.
      if (!find_proxy_tlv(h.tlvs, pp2_type_crc32c)) {
        if ((flags & 0x40) == 0) check(back.header.tlvs == h.tlvs);
        else check(back.header.tlvs.substr(0, h.tlvs.size()) == h.tlvs);
      } else {
        check(back.header.tlvs.size() == h.tlvs.size());
      }
    } else {
      check(back.error == errc::proxy_invalid_header);
    }
  }
  out.clear();
  if (write_proxy_v1(h, out) == errc{}) {
    const auto back = parse_proxy_header(out);
    check(back.complete() && back.consumed == out.size());
    if (h.has_addresses()) check(same_fields(back.header, h));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  check_parsed(in);
  if (!in.empty() && in[0] == 'W') check_writers(in.substr(1));
  return 0;
}
