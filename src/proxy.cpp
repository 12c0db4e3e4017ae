// PROXY protocol v1 and v2 (HAProxy doc/proxy-protocol.txt, revision 2020/03/05).
//
// v1 is a text line: the Ragel machine in ragel/proxy_v1.rl checks every byte and marks the
// fields, and this file converts the marked text. v2 is a fixed binary layout, read here with
// plain bounds checks. Both answer need_more only while the input is a valid prefix: every
// check that can be made on the bytes present is made, so a complete header's every prefix
// says need_more, and an error never depends on bytes that have not arrived.
#include "smtpcodec/proxy.hpp"

#include <algorithm>
#include <cstring>

#include "detail/proxy_v1_machine.hpp"

namespace smtpcodec {
namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

constexpr std::uint8_t byte_at(std::string_view s, std::size_t i) noexcept {
  return static_cast<std::uint8_t>(s[i]);
}

constexpr std::uint16_t be16(std::string_view s, std::size_t i) noexcept {
  return static_cast<std::uint16_t>(byte_at(s, i) << 8 | byte_at(s, i + 1));
}

constexpr std::uint32_t be32(std::string_view s, std::size_t i) noexcept {
  return static_cast<std::uint32_t>(be16(s, i)) << 16 | be16(s, i + 2);
}

void put16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v >> 8 & 0xff));
  out.push_back(static_cast<char>(v & 0xff));
}

proxy_parse_result fail(errc e, std::size_t offset) noexcept {
  proxy_parse_result r;
  r.status = proxy_status::error;
  r.error = e;
  r.error_offset = offset;
  return r;
}

proxy_parse_result need_more() noexcept { return {}; }

// ---- CRC32c ----------------------------------------------------------------------------
// Spec 2.2.3: "the CRC32c checksum of the PROXY header as described in RFC4960, Appendix B"
// (Castagnoli polynomial, reflected 0x82F63B78, initial and final XOR 0xFFFFFFFF), computed
// with the checksum field zeroed and sent big-endian.

// Slicing-by-8 (eight 256-entry tables): about four times the speed of one table, and
// portable; a v2 header with TLVs is a few hundred bytes.
using crc32c_tables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr crc32c_tables make_crc32c_tables() noexcept {
  crc32c_tables t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1U) ? (c >> 1) ^ 0x82F63B78U : c >> 1;
    t[0][i] = c;
  }
  for (std::size_t k = 1; k < 8; ++k)
    for (std::size_t i = 0; i < 256; ++i) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xffU];
  return t;
}
constexpr crc32c_tables crc32c_table = make_crc32c_tables();

constexpr std::uint32_t le32(const unsigned char* p) noexcept {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

std::uint32_t crc32c_update(std::uint32_t crc, std::string_view s) noexcept {
  const auto& t = crc32c_table;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    const std::uint32_t lo = crc ^ le32(p);
    const std::uint32_t hi = le32(p + 4);
    crc = t[7][lo & 0xffU] ^ t[6][lo >> 8 & 0xffU] ^ t[5][lo >> 16 & 0xffU] ^ t[4][lo >> 24] ^
          t[3][hi & 0xffU] ^ t[2][hi >> 8 & 0xffU] ^ t[1][hi >> 16 & 0xffU] ^ t[0][hi >> 24];
  }
  for (; n > 0; ++p, --n) crc = t[0][(crc ^ *p) & 0xffU] ^ (crc >> 8);
  return crc;
}

/// CRC32c of `header` as if the 4 bytes at `field` were zero.
std::uint32_t header_crc32c(std::string_view header, std::size_t field) noexcept {
  constexpr std::string_view zeros{"\0\0\0\0", 4};
  std::uint32_t crc = 0xFFFFFFFFU;
  crc = crc32c_update(crc, header.substr(0, field));
  crc = crc32c_update(crc, zeros);
  crc = crc32c_update(crc, header.substr(field + 4));
  return crc ^ 0xFFFFFFFFU;
}

// ---- v1 --------------------------------------------------------------------------------

// Hex digit values by byte (a table: random digits and letters defeat branch prediction).
constexpr std::array<std::uint8_t, 256> make_hex_table() noexcept {
  std::array<std::uint8_t, 256> t{};
  for (unsigned c = 0; c < 10; ++c) t['0' + c] = static_cast<std::uint8_t>(c);
  for (unsigned c = 0; c < 6; ++c) t['a' + c] = t['A' + c] = static_cast<std::uint8_t>(10 + c);
  return t;
}
constexpr auto hex_table = make_hex_table();

constexpr unsigned hex_value(char c) noexcept { return hex_table[static_cast<unsigned char>(c)]; }

/// Decimal text the grammar has checked (an octet or a port) to its value.
constexpr unsigned decimal(std::string_view s) noexcept {
  unsigned v = 0;
  for (const char c : s) v = v * 10 + static_cast<unsigned>(c - '0');
  return v;
}

/// A dotted quad the grammar has checked, into out[0..4). One pass: this and the IPv6
/// reader below are most of a v1 parse.
void ipv4_from_text(std::string_view s, std::uint8_t* out) noexcept {
  unsigned v = 0;
  std::size_t k = 0;
  for (const char c : s) {
    if (c != '.') {
      v = v * 10 + static_cast<unsigned>(c - '0');
    } else if (k < 3) {
      out[k++] = static_cast<std::uint8_t>(v);
      v = 0;
    }
  }
  out[k] = static_cast<std::uint8_t>(v);
}

/// RFC 4291 2.2 text the grammar has checked (exactly 128 bits), into out[0..16).
void ipv6_from_text(std::string_view s, std::uint8_t* out) noexcept {
  std::array<std::uint16_t, 8> words{};
  std::size_t n = 0;
  std::size_t gap = npos;  // index in words where "::" stands
  std::size_t group = 0;   // where the current group's text begins
  unsigned cur = 0;
  bool in_group = false;
  for (std::size_t i = 0; i < s.size() && n < words.size(); ++i) {
    const char c = s[i];
    if (c == ':') {
      if (in_group) words[n++] = static_cast<std::uint16_t>(cur);
      cur = 0;
      in_group = false;
      if (i + 1 < s.size() && s[i + 1] == ':') {
        gap = n;
        ++i;
      }
      group = i + 1;
    } else if (c == '.') {  // a dotted-quad tail: the last 32 bits
      std::uint8_t v4[4];
      ipv4_from_text(s.substr(group), v4);
      words[n++] = static_cast<std::uint16_t>(v4[0] << 8 | v4[1]);
      if (n < words.size()) words[n++] = static_cast<std::uint16_t>(v4[2] << 8 | v4[3]);
      in_group = false;
      break;
    } else {
      cur = cur << 4 | hex_value(c);
      in_group = true;
    }
  }
  if (in_group && n < words.size()) words[n++] = static_cast<std::uint16_t>(cur);
  if (gap != npos) {
    // Slide the groups after "::" to the end; the words between are zero.
    const std::size_t tail = n - gap;
    std::copy_backward(words.begin() + static_cast<std::ptrdiff_t>(gap),
                       words.begin() + static_cast<std::ptrdiff_t>(n), words.end());
    std::fill(words.begin() + static_cast<std::ptrdiff_t>(gap),
              words.end() - static_cast<std::ptrdiff_t>(tail), std::uint16_t{0});
  }
  for (std::size_t k = 0; k < 8; ++k) {
    out[2 * k] = static_cast<std::uint8_t>(words[k] >> 8);
    out[2 * k + 1] = static_cast<std::uint8_t>(words[k] & 0xff);
  }
}

proxy_parse_result parse_v1(std::string_view in) noexcept {
  using detail::proxy_v1_field;
  using detail::proxy_v1_proto;
  detail::proxy_v1_scan scan;
  // Spec 2.1: "If the CRLF sequence is not found in the first 107 characters, the receiver
  // should declare the line invalid", so the machine never sees more than that.
  const std::size_t window = std::min(in.size(), proxy_v1_max_length);
  scan.run(reinterpret_cast<const unsigned char*>(in.data()), window);
  if (scan.failed) {
    const std::size_t at = scan.stop;
    // A line that ends badly (bare CR, bare LF, CR before the fields are complete) or that
    // does not begin "PROXY " is not a PROXY line; a bad byte in the protocol keyword, an
    // address or a port is a bad address.
    const bool line_break = in[at] == '\r' || in[at] == '\n' || (at > 0 && in[at - 1] == '\r');
    const bool in_prefix = at < 6;
    return fail(line_break || in_prefix ? errc::proxy_invalid_header : errc::proxy_invalid_address, at);
  }
  if (!scan.done) {
    if (in.size() >= proxy_v1_max_length) return fail(errc::proxy_unsupported, proxy_v1_max_length);
    return need_more();
  }

  proxy_parse_result r;
  r.status = proxy_status::complete;
  r.consumed = scan.stop;
  proxy_header& h = r.header;
  h.version = 1;
  if (scan.proto == proxy_v1_proto::unknown) {
    // Spec 2.1: UNKNOWN means "use the real connection's parameters as if there were no
    // PROXY protocol header on the wire".
    h.local = true;
    return r;
  }
  const auto text = [&](proxy_v1_field f) {
    const auto& span = scan.fields[static_cast<std::size_t>(f)];
    return in.substr(span.begin, span.end - span.begin);
  };
  h.transport = proxy_transport::stream;  // v1 only knows TCP
  if (scan.proto == proxy_v1_proto::tcp4) {
    h.family = proxy_family::inet;
    ipv4_from_text(text(proxy_v1_field::source), h.source_addr.data());
    ipv4_from_text(text(proxy_v1_field::dest), h.dest_addr.data());
  } else {
    h.family = proxy_family::inet6;
    ipv6_from_text(text(proxy_v1_field::source), h.source_addr.data());
    ipv6_from_text(text(proxy_v1_field::dest), h.dest_addr.data());
  }
  h.source_port = static_cast<std::uint16_t>(decimal(text(proxy_v1_field::source_port)));
  h.dest_port = static_cast<std::uint16_t>(decimal(text(proxy_v1_field::dest_port)));
  return r;
}

// ---- v2 --------------------------------------------------------------------------------

/// Spec 2.2 lists exactly these family/transport bytes; "other values ... must be rejected".
constexpr bool listed_family_byte(std::uint8_t fam) noexcept {
  switch (fam) {
    case 0x00: case 0x11: case 0x12: case 0x21: case 0x22: case 0x31: case 0x32: return true;
    default: return false;
  }
}

/// Spec 2.2: address block sizes 2*4+2*2, 2*16+2*2, 2*108; AF_UNSPEC has none we can read.
constexpr std::size_t address_block_size(proxy_family f) noexcept {
  switch (f) {
    case proxy_family::inet: return 12;
    case proxy_family::inet6: return 36;
    case proxy_family::unix_socket: return 2 * proxy_unix_address_length;
    case proxy_family::unspec: break;
  }
  return 0;
}

/// Type-specific checks of a whole TLV value (spec 2.2.3, 2.2.5, 2.2.6).
bool tlv_value_ok(std::uint8_t type, std::string_view value) noexcept {
  proxy_ssl_info ssl;
  switch (type) {
    case pp2_type_crc32c: return value.size() == 4;
    case pp2_type_unique_id: return value.size() <= pp2_unique_id_max_length;
    case pp2_type_ssl: return parse_proxy_ssl(value, ssl);
    default: return true;
  }
}

struct tlv_walk {
  bool ok = true;
  std::size_t error_at = 0;
  std::size_t crc_at = npos;  ///< offset of the CRC32C value, when one was seen
};

/// Walks the TLVs of [begin, end) that are present in `in` (which may stop short of `end`).
/// Whatever the missing bytes turn out to be, an error found here stays an error; it is
/// reported once the offending TLV's first byte has arrived, so the offset is in the input.
tlv_walk walk_tlvs(std::string_view in, std::size_t begin, std::size_t end) noexcept {
  tlv_walk w;
  std::size_t pos = begin;
  while (pos < end && pos < in.size()) {
    if (end - pos < 3 || (pos + 3 <= in.size() && be16(in, pos + 1) > end - pos - 3)) {
      w.ok = false;  // a TLV header or value running past the header's length
      w.error_at = pos;
      return w;
    }
    if (pos + 3 > in.size()) return w;
    const std::size_t len = be16(in, pos + 1);
    if (pos + 3 + len > in.size()) return w;
    const std::uint8_t type = byte_at(in, pos);
    if (!tlv_value_ok(type, in.substr(pos + 3, len)) || (type == pp2_type_crc32c && w.crc_at != npos)) {
      w.ok = false;  // a malformed known TLV, or a second checksum
      w.error_at = pos;
      return w;
    }
    if (type == pp2_type_crc32c) w.crc_at = pos + 3;
    pos += 3 + len;
  }
  return w;
}

/// A v2 AF_UNIX address: a path name ends at its first NUL; a Linux abstract name (leading
/// NUL) may hold NULs, so only trailing padding goes; all NULs is an unnamed socket.
std::string_view unix_path(std::string_view raw) noexcept {
  const std::size_t last = raw.find_last_not_of('\0');
  if (last == std::string_view::npos) return {};
  if (raw[0] == '\0') return raw.substr(0, last + 1);
  return raw.substr(0, raw.find('\0'));
}

proxy_parse_result parse_v2(std::string_view in) noexcept {
  const std::size_t n = in.size();
  const std::size_t sig = std::min(n, proxy_v2_signature.size());
  for (std::size_t i = 0; i < sig; ++i)
    if (in[i] != proxy_v2_signature[i]) return fail(errc::proxy_invalid_header, i);
  if (n <= 12) return need_more();

  // Spec 2.2: version "must always be sent as \x2 and the receiver must only accept this
  // value"; commands other than LOCAL and PROXY: "Receivers must drop connections".
  const std::uint8_t ver_cmd = byte_at(in, 12);
  if (ver_cmd >> 4 != 2 || (ver_cmd & 0x0f) > 1) return fail(errc::proxy_unsupported, 12);
  const bool local = (ver_cmd & 0x0f) == 0;
  if (n <= 13) return need_more();

  // Spec 2.2: for LOCAL the receiver "must use the real connection endpoints and discard
  // the protocol block including the family which is ignored".
  const std::uint8_t fam = byte_at(in, 13);
  if (!local && !listed_family_byte(fam)) return fail(errc::proxy_invalid_address, 13);
  const auto family = local ? proxy_family::unspec : static_cast<proxy_family>(fam >> 4);
  if (n < proxy_v2_fixed_length) return need_more();

  // Spec 2.2: "the length of the protocol header in bytes is always exactly 16 + this
  // value", which receivers "MUST always consider".
  const std::size_t total = proxy_v2_fixed_length + be16(in, 14);
  const std::size_t addr_len = address_block_size(family);
  if (total < proxy_v2_fixed_length + addr_len) return fail(errc::proxy_invalid_address, 14);
  const std::size_t tlv_begin = proxy_v2_fixed_length + addr_len;
  // LOCAL and AF_UNSPEC: the block is skipped unread (its layout is unknown).
  const bool has_tlvs = family != proxy_family::unspec;
  tlv_walk tlvs;
  if (has_tlvs) {
    tlvs = walk_tlvs(in, tlv_begin, total);
    if (!tlvs.ok) return fail(errc::proxy_invalid_header, tlvs.error_at);
  }
  if (n < total) return need_more();

  const std::string_view hdr = in.substr(0, total);
  if (tlvs.crc_at != npos && header_crc32c(hdr, tlvs.crc_at) != be32(hdr, tlvs.crc_at))
    return fail(errc::proxy_invalid_header, tlvs.crc_at - 3);

  proxy_parse_result r;
  r.status = proxy_status::complete;
  r.consumed = total;
  proxy_header& h = r.header;
  h.version = 2;
  h.local = local;
  if (local) return r;
  h.family = family;
  h.transport = static_cast<proxy_transport>(fam & 0x0f);
  const auto* a = reinterpret_cast<const std::uint8_t*>(hdr.data()) + proxy_v2_fixed_length;
  switch (family) {
    case proxy_family::inet:
    case proxy_family::inet6: {
      // src_addr, dst_addr (4 or 16 bytes each), src_port, dst_port.
      const std::size_t size = family == proxy_family::inet ? 4 : 16;
      std::memcpy(h.source_addr.data(), a, size);
      std::memcpy(h.dest_addr.data(), a + size, size);
      h.source_port = be16(hdr, proxy_v2_fixed_length + 2 * size);
      h.dest_port = be16(hdr, proxy_v2_fixed_length + 2 * size + 2);
      break;
    }
    case proxy_family::unix_socket:
      h.unix_source = unix_path(hdr.substr(proxy_v2_fixed_length, proxy_unix_address_length));
      h.unix_dest = unix_path(hdr.substr(proxy_v2_fixed_length + proxy_unix_address_length,
                                         proxy_unix_address_length));
      break;
    case proxy_family::unspec:
      break;
  }
  if (has_tlvs) h.tlvs = hdr.substr(tlv_begin);
  return r;
}

// ---- address text ----------------------------------------------------------------------

/// Bounded appender into a caller's buffer; `ok` turns false once something did not fit.
struct text_buf {
  char* buf;
  std::size_t cap;
  std::size_t n = 0;
  bool ok = true;

  void put(char c) noexcept {
    if (n < cap) buf[n++] = c;
    else ok = false;
  }
  void put(std::string_view s) noexcept {
    for (const char c : s) put(c);
  }
  void dec(unsigned v) noexcept {
    char tmp[10];
    std::size_t k = 0;
    do tmp[k++] = static_cast<char>('0' + v % 10);
    while ((v /= 10) != 0);
    while (k > 0) put(tmp[--k]);
  }
  void hex(unsigned v) noexcept {
    constexpr char digits[] = "0123456789abcdef";
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const unsigned d = v >> shift & 0xfU;
      if (d != 0 || started || shift == 0) {
        put(digits[d]);
        started = true;
      }
    }
  }
  void dotted_quad(const std::uint8_t* a) noexcept {
    for (int i = 0; i < 4; ++i) {
      if (i > 0) put('.');
      dec(a[i]);
    }
  }
  [[nodiscard]] std::string_view view() const noexcept { return ok ? std::string_view(buf, n) : std::string_view(); }
};

/// RFC 5952 4: lower-case hex without leading zeros, the longest run (first on a tie) of
/// two or more zero groups as "::"; RFC 5952 5: IPv4-mapped addresses in mixed notation.
void format_ipv6(const std::uint8_t* a, text_buf& out) noexcept {
  std::array<unsigned, 8> w{};
  for (std::size_t k = 0; k < 8; ++k) w[k] = static_cast<unsigned>(a[2 * k] << 8 | a[2 * k + 1]);
  if (w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0xffff) {
    out.put("::ffff:");
    out.dotted_quad(a + 12);
    return;
  }
  std::size_t best = 8, best_len = 0;
  for (std::size_t i = 0; i < 8;) {
    std::size_t j = i;
    while (j < 8 && w[j] == 0) ++j;
    if (j - i > best_len) best = i, best_len = j - i;
    i = j == i ? i + 1 : j;
  }
  if (best_len < 2) best = 8;  // RFC 5952 4.2.2: a single zero group is not shortened
  for (std::size_t k = 0; k < 8; ++k) {
    if (k == best) {
      out.put("::");
      k += best_len - 1;
      continue;
    }
    if (k > 0 && k != best + best_len) out.put(':');
    out.hex(w[k]);
  }
}

void format_unix(std::string_view path, text_buf& out) noexcept {
  for (const char c : path) out.put(c == '\0' ? '@' : c);
}

}  // namespace

// ---- public ----------------------------------------------------------------------------

std::string_view to_string(proxy_family f) noexcept {
  switch (f) {
    case proxy_family::unspec: return "unspec";
    case proxy_family::inet: return "inet";
    case proxy_family::inet6: return "inet6";
    case proxy_family::unix_socket: return "unix";
  }
  return "unknown";
}

std::string_view to_string(proxy_transport t) noexcept {
  switch (t) {
    case proxy_transport::unspec: return "unspec";
    case proxy_transport::stream: return "stream";
    case proxy_transport::dgram: return "dgram";
  }
  return "unknown";
}

std::optional<proxy_tlv> find_proxy_tlv(std::string_view area, std::uint8_t type) noexcept {
  for (const proxy_tlv& t : proxy_tlvs(area))
    if (t.type == type) return t;
  return std::nullopt;
}

bool parse_proxy_ssl(std::string_view value, proxy_ssl_info& out) noexcept {
  // Spec 2.2.6: struct pp2_tlv_ssl { uint8_t client; uint32_t verify; struct pp2_tlv sub_tlv[0]; }
  if (value.size() < 5) return false;
  const std::string_view sub = value.substr(5);
  if (!proxy_tlvs(sub).valid()) return false;
  out = {byte_at(value, 0), be32(value, 1), sub};
  return true;
}

proxy_parse_result parse_proxy_header(std::string_view in) noexcept {
  if (in.empty()) return need_more();
  // Spec 2.2: the two formats are told apart by their first bytes ("PROXY" vs the
  // signature, whose first byte is CR). Anything else is "not covered by this
  // specification and the connection must be dropped".
  if (in[0] == proxy_v2_signature[0]) return parse_v2(in);
  if (in[0] == 'P') return parse_v1(in);
  return fail(errc::proxy_invalid_header, 0);
}

std::string_view format_proxy_address(const proxy_header& h, proxy_endpoint which, char* buf,
                                      std::size_t len) noexcept {
  text_buf out{buf, len};
  const bool src = which == proxy_endpoint::source;
  const std::uint8_t* a = src ? h.source_addr.data() : h.dest_addr.data();
  switch (h.family) {
    case proxy_family::inet: out.dotted_quad(a); break;
    case proxy_family::inet6: format_ipv6(a, out); break;
    case proxy_family::unix_socket: format_unix(src ? h.unix_source : h.unix_dest, out); break;
    case proxy_family::unspec: return {};
  }
  return out.view();
}

errc write_proxy_v1(const proxy_header& h, std::string& out) {
  if (h.local || h.family == proxy_family::unspec) {
    out += "PROXY UNKNOWN\r\n";
    return {};
  }
  if ((h.family != proxy_family::inet && h.family != proxy_family::inet6) ||
      h.transport != proxy_transport::stream)
    return errc::proxy_unsupported;
  // "PROXY TCP6 " + 2 * 39 + 2 * 5 + 3 SP + CRLF = 104 octets at most.
  char line[proxy_v1_max_length];
  char src[proxy_address_max_chars];
  char dst[proxy_address_max_chars];
  text_buf t{line, sizeof line};
  t.put(h.family == proxy_family::inet ? "PROXY TCP4 " : "PROXY TCP6 ");
  t.put(format_proxy_address(h, proxy_endpoint::source, src, sizeof src));
  t.put(' ');
  t.put(format_proxy_address(h, proxy_endpoint::destination, dst, sizeof dst));
  t.put(' ');
  t.dec(h.source_port);
  t.put(' ');
  t.dec(h.dest_port);
  t.put("\r\n");
  out += t.view();
  return {};
}

errc write_proxy_v2(const proxy_header& h, std::string& out, bool add_crc32c) {
  const bool bare = h.local || h.family == proxy_family::unspec;
  const auto family_nibble = static_cast<unsigned>(h.family);
  const auto transport_nibble = static_cast<unsigned>(h.transport);
  const auto fam = static_cast<std::uint8_t>(family_nibble << 4 | transport_nibble);
  if (!bare && (family_nibble > 0xf || transport_nibble > 0xf || !listed_family_byte(fam)))
    return errc::proxy_invalid_address;
  if (h.family == proxy_family::unix_socket && !bare &&
      (h.unix_source.size() > proxy_unix_address_length || h.unix_dest.size() > proxy_unix_address_length))
    return errc::proxy_invalid_address;
  const std::string_view tlvs = bare ? std::string_view() : h.tlvs;
  if (!proxy_tlvs(tlvs).valid()) return errc::proxy_invalid_header;
  const bool append_crc = !bare && add_crc32c && !find_proxy_tlv(tlvs, pp2_type_crc32c);
  const std::size_t len = (bare ? 0 : address_block_size(h.family)) + tlvs.size() + (append_crc ? 7 : 0);
  if (len > 0xffff) return errc::proxy_invalid_header;

  const std::size_t start = out.size();
  out += proxy_v2_signature;
  out.push_back(static_cast<char>(h.local ? 0x20 : 0x21));
  out.push_back(static_cast<char>(bare ? 0x00 : fam));
  put16(out, static_cast<std::uint32_t>(len));
  if (!bare) {
    const auto addr = [&](const std::array<std::uint8_t, 16>& a, std::size_t size) {
      out.append(reinterpret_cast<const char*>(a.data()), size);
    };
    switch (h.family) {
      case proxy_family::inet:
      case proxy_family::inet6: {
        const std::size_t size = h.family == proxy_family::inet ? 4 : 16;
        addr(h.source_addr, size);
        addr(h.dest_addr, size);
        put16(out, h.source_port);
        put16(out, h.dest_port);
        break;
      }
      case proxy_family::unix_socket:
        out += h.unix_source;
        out.append(proxy_unix_address_length - h.unix_source.size(), '\0');
        out += h.unix_dest;
        out.append(proxy_unix_address_length - h.unix_dest.size(), '\0');
        break;
      case proxy_family::unspec:
        break;
    }
    out += tlvs;
    if (append_crc) out.append("\x03\x00\x04\x00\x00\x00\x00", 7);
  }

  // Spec 2.2.3: zero the checksum field, compute over the whole header, store it.
  const std::string_view hdr = std::string_view(out).substr(start);
  const std::size_t tlv_begin = hdr.size() - tlvs.size() - (append_crc ? 7 : 0);
  if (auto crc = find_proxy_tlv(hdr.substr(tlv_begin), pp2_type_crc32c); crc && crc->value.size() == 4) {
    const std::size_t field = static_cast<std::size_t>(crc->value.data() - hdr.data());
    const std::uint32_t sum = header_crc32c(hdr, field);
    for (std::size_t k = 0; k < 4; ++k)
      out[start + field + k] = static_cast<char>(sum >> (24 - 8 * k) & 0xff);
  }
  return {};
}

errc append_proxy_tlv(std::string& area, std::uint8_t type, std::string_view value) {
  if (value.size() > 0xffff) return errc::proxy_invalid_header;
  area.push_back(static_cast<char>(type));
  put16(area, static_cast<std::uint32_t>(value.size()));
  area += value;
  return {};
}

}  // namespace smtpcodec
