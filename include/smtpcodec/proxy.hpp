// File: proxy.hpp
//
// The PROXY protocol header (HAProxy's doc/proxy-protocol.txt, versions 1 and 2) that a
// load balancer such as HAProxy, nginx, Envoy or a cloud network load balancer puts in front
// of the SMTP stream, so the server learns the real client's address. It is the opt-in first
// step of a server connection: when (and only when) a listener is configured for it, the
// server reads the header before sending its 220 greeting (spec 2: "The receiver MUST NOT
// start processing the connection before it receives a complete and valid PROXY protocol
// header", and MUST NOT guess whether one is present).
//
// parse_proxy_header() decides the version from the first byte ("P" for the v1 text line,
// CR for the v2 binary signature), and says `need_more` while the input is still a valid
// prefix of a header, so it can be called after every read. It never looks past the header:
// a client may pipeline its first SMTP bytes in the same segment.
//
//   std::string buf;                                   // bytes read from the socket so far
//   auto r = smtpcodec::parse_proxy_header(buf);
//   if (r.status == smtpcodec::proxy_status::need_more) return read_more();
//   if (!r) {                                          // spec 2.1: abort the connection
//     log(smtpcodec::to_string(r.error), r.error_offset);
//     return close_connection();                       // r.reply() is 421 4.7.0 if you must answer
//   }
//   char text[smtpcodec::proxy_address_max_chars];     // client_ip views it
//   if (r.header.has_addresses()) {
//     client_ip = smtpcodec::format_proxy_address(r.header, smtpcodec::proxy_endpoint::source,
//                                                 text, sizeof text);      // "2001:db8::1"
//     client_port = r.header.source_port;
//   }                                                  // else keep the socket's own addresses
//   if (auto id = smtpcodec::find_proxy_tlv(r.header.tlvs, smtpcodec::pp2_type_unique_id))
//     log_connection_id(id->value);
//   buf.erase(0, r.consumed);                          // SMTP starts here; greet the client
//
// The writers (write_proxy_v1, write_proxy_v2) build headers for the client side of a
// connection, for load balancer test tools, and for tests.
//
// Errors: a header that is not valid is errc::proxy_invalid_header, proxy_unsupported or
// proxy_invalid_address with the offset of the offending byte (parse_proxy_header() lists
// which is which); every one maps to 421 4.7.0 and the spec's advice is to close at once.
// The writers return proxy_unsupported / proxy_invalid_address / proxy_invalid_header for a
// header their format cannot carry.
//
// Lifetime: every view in a parsed proxy_header (unix_source, unix_dest, tlvs, and the
// values a proxy_tlv_range yields) points into the input given to parse_proxy_header(); keep
// those bytes unchanged while you use them, or copy first. Addresses and ports are copied
// into the header itself. Nothing here allocates except the writers (they append to a
// std::string).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "smtpcodec/error.hpp"
#include "smtpcodec/export.hpp"
#include "smtpcodec/status.hpp"

namespace smtpcodec {

/// Address family of the proxied connection (v2 high nibble of byte 14; v1 TCP4/TCP6).
/// Values equal the wire nibble. (AF_UNIX is `unix_socket`: `unix` is a predefined macro
/// under GNU dialects.)
enum class proxy_family : std::uint8_t { unspec = 0, inet = 1, inet6 = 2, unix_socket = 3 };

/// Transport of the proxied connection (v2 low nibble of byte 14; v1 is always stream).
/// Values equal the wire nibble.
enum class proxy_transport : std::uint8_t { unspec = 0, stream = 1, dgram = 2 };

/// Which end of the proxied connection: the client (source) or the address it reached.
enum class proxy_endpoint : std::uint8_t { source, destination };

/// "unspec", "inet", "inet6", "unix".
[[nodiscard]] SMTPCODEC_API std::string_view to_string(proxy_family f) noexcept;
/// "unspec", "stream", "dgram".
[[nodiscard]] SMTPCODEC_API std::string_view to_string(proxy_transport t) noexcept;

/// Longest v1 line, CRLF included (spec 2.1: "PROXY UNKNOWN" with two full IPv6 addresses).
inline constexpr std::size_t proxy_v1_max_length = 107;
/// Fixed part of a v2 header: signature, ver_cmd, fam, len (spec 2.2).
inline constexpr std::size_t proxy_v2_fixed_length = 16;
/// Longest v2 header: the 16 fixed bytes plus a 16-bit length.
inline constexpr std::size_t proxy_v2_max_length = proxy_v2_fixed_length + 0xffff;
/// The v2 signature "\r\n\r\n\0\r\nQUIT\n" (spec 2.2). Holds a NUL: never a C string.
inline constexpr std::string_view proxy_v2_signature{"\x0D\x0A\x0D\x0A\x00\x0D\x0A\x51\x55\x49\x54\x0A", 12};
/// Size of a v2 AF_UNIX address (sun_path, spec 2.2).
inline constexpr std::size_t proxy_unix_address_length = 108;
/// A buffer of this size always holds format_proxy_address()'s output, for every family.
inline constexpr std::size_t proxy_address_max_chars = proxy_unix_address_length;

// v2 TLV types (spec 2.2, 2.2.1-2.2.8).
inline constexpr std::uint8_t pp2_type_alpn = 0x01;       ///< ALPN protocol (RFC 7301 bytes)
inline constexpr std::uint8_t pp2_type_authority = 0x02;  ///< host name (TLS SNI), UTF-8
inline constexpr std::uint8_t pp2_type_crc32c = 0x03;     ///< CRC32c of the header, 4 bytes, big-endian
inline constexpr std::uint8_t pp2_type_noop = 0x04;       ///< padding, ignored
inline constexpr std::uint8_t pp2_type_unique_id = 0x05;  ///< opaque connection id, at most 128 bytes
inline constexpr std::uint8_t pp2_type_ssl = 0x20;        ///< client(1) verify(4) sub-TLVs; parse_proxy_ssl()
inline constexpr std::uint8_t pp2_subtype_ssl_version = 0x21;  ///< "TLSv1.3" (inside pp2_type_ssl)
inline constexpr std::uint8_t pp2_subtype_ssl_cn = 0x22;       ///< client certificate CN, UTF-8
inline constexpr std::uint8_t pp2_subtype_ssl_cipher = 0x23;   ///< "ECDHE-RSA-AES128-GCM-SHA256"
inline constexpr std::uint8_t pp2_subtype_ssl_sig_alg = 0x24;  ///< "RSA-SHA256"
inline constexpr std::uint8_t pp2_subtype_ssl_key_alg = 0x25;  ///< "RSA2048"
inline constexpr std::uint8_t pp2_type_netns = 0x30;      ///< network namespace name, US-ASCII
inline constexpr std::uint8_t pp2_type_min_custom = 0xE0; ///< 0xE0..0xEF: application-specific
inline constexpr std::uint8_t pp2_type_max_custom = 0xEF;
// pp2_tlv_ssl.client bits (spec 2.2.6).
inline constexpr std::uint8_t pp2_client_ssl = 0x01;
inline constexpr std::uint8_t pp2_client_cert_conn = 0x02;
inline constexpr std::uint8_t pp2_client_cert_sess = 0x04;
/// Longest PP2_TYPE_UNIQUE_ID value (spec 2.2.5).
inline constexpr std::size_t pp2_unique_id_max_length = 128;

/// A parsed PROXY header, or the header to write.
struct proxy_header {
  /// 1 (text line) or 2 (binary). Ignored by the writers.
  int version = 0;
  /// v2 LOCAL command (a health check from the proxy itself) or v1 "UNKNOWN": use the real
  /// connection's addresses (spec 2.1, 2.2). family is then unspec and tlvs empty.
  bool local = false;
  proxy_family family = proxy_family::unspec;
  proxy_transport transport = proxy_transport::unspec;
  /// Network byte order; the first 4 bytes for inet, all 16 for inet6, zero otherwise.
  std::array<std::uint8_t, 16> source_addr{};
  std::array<std::uint8_t, 16> dest_addr{};
  /// Host byte order; zero for unix and unspec.
  std::uint16_t source_port = 0;
  std::uint16_t dest_port = 0;
  /// v2 AF_UNIX paths (108 bytes on the wire). A path name is cut at its first NUL; a Linux
  /// abstract address (first byte NUL) keeps that NUL and loses only trailing NULs; an
  /// unnamed socket (all NUL) is empty.
  std::string_view unix_source{};
  std::string_view unix_dest{};
  /// v2 only: the raw TLV area after the addresses, already validated; walk it with
  /// proxy_tlvs() or find_proxy_tlv(). Empty for v1, LOCAL and AF_UNSPEC.
  std::string_view tlvs{};

  /// True when the header carries addresses the server should use instead of the socket's:
  /// a PROXY command (v2) or TCP4/TCP6 line (v1) with family inet, inet6 or unix.
  [[nodiscard]] constexpr bool has_addresses() const noexcept {
    return !local && family != proxy_family::unspec;
  }

  friend constexpr bool operator==(const proxy_header&, const proxy_header&) = default;
};

/// One v2 Type-Length-Value (spec 2.2: type, 16-bit big-endian length, value).
struct proxy_tlv {
  std::uint8_t type = 0;
  std::string_view value{};
  friend constexpr bool operator==(const proxy_tlv&, const proxy_tlv&) = default;
};

/// Walks a TLV area (proxy_header::tlvs, or the sub-TLVs of pp2_type_ssl). Iteration stops
/// at the end of the area or at the first TLV whose length runs past it; valid() tells the
/// two apart. An area from a parsed header is always valid.
///
///   for (smtpcodec::proxy_tlv t : smtpcodec::proxy_tlvs(r.header.tlvs))
///     if (t.type == smtpcodec::pp2_type_authority) sni = t.value;
///
/// Lifetime: the yielded values view the area's bytes.
class proxy_tlv_range {
 public:
  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = proxy_tlv;
    using difference_type = std::ptrdiff_t;
    using pointer = const proxy_tlv*;
    using reference = const proxy_tlv&;

    constexpr iterator() noexcept = default;  ///< the end iterator
    constexpr explicit iterator(std::string_view area) noexcept : rest_(area), at_end_(false) { advance(); }
    [[nodiscard]] constexpr reference operator*() const noexcept { return cur_; }
    [[nodiscard]] constexpr pointer operator->() const noexcept { return &cur_; }
    constexpr iterator& operator++() noexcept {
      advance();
      return *this;
    }
    constexpr iterator operator++(int) noexcept {
      iterator old = *this;
      advance();
      return old;
    }
    /// Iterators compare equal only when both are at the end (single-pass input iterator).
    friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept {
      return a.at_end_ && b.at_end_;
    }

   private:
    constexpr void advance() noexcept { at_end_ = !take(rest_, cur_); }

    std::string_view rest_{};
    proxy_tlv cur_{};
    bool at_end_ = true;
  };

  constexpr explicit proxy_tlv_range(std::string_view area) noexcept : area_(area) {}
  [[nodiscard]] constexpr iterator begin() const noexcept { return iterator(area_); }
  [[nodiscard]] constexpr iterator end() const noexcept { return {}; }
  /// True when the area is a whole number of TLVs (the empty area included).
  [[nodiscard]] constexpr bool valid() const noexcept {
    std::string_view rest = area_;
    proxy_tlv t;
    while (take(rest, t)) {
    }
    return rest.empty();
  }

 private:
  /// Moves the first TLV of `rest` into `out`; false (rest unchanged) when fewer than 3
  /// bytes remain or the length runs past the end.
  static constexpr bool take(std::string_view& rest, proxy_tlv& out) noexcept {
    if (rest.size() < 3) return false;
    const std::size_t len = static_cast<std::size_t>(static_cast<unsigned char>(rest[1])) << 8 |
                            static_cast<unsigned char>(rest[2]);
    if (len > rest.size() - 3) return false;
    out = {static_cast<std::uint8_t>(rest[0]), rest.substr(3, len)};
    rest.remove_prefix(3 + len);
    return true;
  }

  std::string_view area_;
};

/// The TLVs of an area. Lifetime: views `area`.
[[nodiscard]] constexpr proxy_tlv_range proxy_tlvs(std::string_view area SMTPCODEC_LIFETIME_BOUND) noexcept {
  return proxy_tlv_range(area);
}

/// The first TLV of `type` in `area`, if any (stops at a malformed TLV).
/// Lifetime: the value views `area`.
[[nodiscard]] SMTPCODEC_API std::optional<proxy_tlv> find_proxy_tlv(std::string_view area SMTPCODEC_LIFETIME_BOUND,
                                                                    std::uint8_t type) noexcept;

/// The value of a pp2_type_ssl TLV (spec 2.2.6).
struct proxy_ssl_info {
  std::uint8_t client = 0;    ///< pp2_client_* bits
  std::uint32_t verify = 0;   ///< zero when the client certificate was verified
  std::string_view sub_tlvs{};///< pp2_subtype_ssl_* TLVs; walk with proxy_tlvs()
  friend constexpr bool operator==(const proxy_ssl_info&, const proxy_ssl_info&) = default;
};

/// Splits a pp2_type_ssl value into its fields. Returns false (out untouched) when the value
/// is shorter than 5 bytes or its sub-TLVs do not fill it exactly; never for an SSL TLV of a
/// parsed header, which parse_proxy_header() checks the same way.
/// Lifetime: sub_tlvs views `value`.
[[nodiscard]] SMTPCODEC_API bool parse_proxy_ssl(std::string_view value SMTPCODEC_LIFETIME_BOUND,
                                                 proxy_ssl_info& out) noexcept;

/// What parse_proxy_header() decided.
enum class proxy_status : std::uint8_t {
  complete,   ///< `header` is filled; the header is the first `consumed` bytes
  need_more,  ///< a valid prefix so far: read more and call again with all the bytes
  error,      ///< not a valid header: `error`, `error_offset`; abort the connection
};

struct proxy_parse_result {
  proxy_status status = proxy_status::need_more;
  proxy_header header{};        ///< filled only when complete (value-initialised otherwise)
  std::size_t consumed = 0;     ///< header length when complete; 0 otherwise
  errc error{};                 ///< when status == error
  std::size_t error_offset = 0; ///< where in the input the header went wrong

  [[nodiscard]] constexpr bool complete() const noexcept { return status == proxy_status::complete; }
  [[nodiscard]] constexpr bool need_more() const noexcept { return status == proxy_status::need_more; }
  /// True only when complete.
  constexpr explicit operator bool() const noexcept { return complete(); }
  /// 421 4.7.0 for every PROXY error (spec 2.1 says abort; a server may say why first).
  [[nodiscard]] canned_reply reply() const noexcept { return reply_for(error); }
};

/// Parses a PROXY v1 line or v2 header at the start of `in`. Call it with everything received
/// so far until it stops saying need_more; it never consumes on need_more, keeps no state,
/// and never examines the bytes after the header.
///
/// v1 (spec 2.1): "PROXY" SP ("TCP4" / "TCP6") SP src SP dst SP sport SP dport CRLF, or
/// "PROXY" SP "UNKNOWN" [SP anything-but-CR-LF] CRLF, at most 107 octets. Exactly one SP
/// between fields, keywords case-sensitive, CRLF required (a bare CR or LF is an error).
/// IPv4 is a dotted quad without leading zeros; IPv6 is RFC 4291 2.2 text (hex groups of 1-4
/// digits, one "::", optional dotted-quad tail), exactly 128 bits; ports are 0..65535
/// without leading zeros. UNKNOWN yields local = true.
///
/// v2 (spec 2.2): the 12-byte signature, version 2, command LOCAL or PROXY, then the family
/// and transport byte, which for PROXY must be one the spec lists (0x00, 0x11, 0x12, 0x21,
/// 0x22, 0x31, 0x32). The length must cover the address block (12, 36 or 216 bytes); what
/// follows it must be whole TLVs, with a pp2_type_ssl value of 5 bytes plus whole sub-TLVs,
/// a pp2_type_crc32c value of 4 bytes that matches the header's CRC32c (spec 2.2.3), and a
/// pp2_type_unique_id value of at most 128 bytes. LOCAL (whose family is ignored, spec 2.2)
/// and PROXY with AF_UNSPEC skip the block unread.
///
/// Errors (status == error; error_offset at the offending byte or field):
///  - proxy_invalid_header: the first bytes are neither "PROXY " nor the v2 signature; a
///    bare CR or LF or a malformed v1 line outside its address fields; a TLV running past
///    the header, a malformed SSL TLV, a UNIQUE_ID over 128 bytes, a CRC32C TLV of the wrong
///    size or with the wrong checksum;
///  - proxy_unsupported: a v2 version other than 2 or a command other than LOCAL/PROXY; a
///    v1 line with no CRLF in its first 107 octets;
///  - proxy_invalid_address: a v1 protocol other than TCP4/TCP6/UNKNOWN, or an address or
///    port that is malformed or out of range; a v2 family/transport byte the spec does not
///    list, or a length too short for the family's address block.
/// Lifetime: the header's views point into `in`.
[[nodiscard]] SMTPCODEC_API proxy_parse_result parse_proxy_header(std::string_view in SMTPCODEC_LIFETIME_BOUND) noexcept;

/// Writes one address of `h` as text into `buf` and returns a view of it: IPv4 dotted
/// decimal, IPv6 in RFC 5952 4 canonical form (lower case, longest run of two or more zero
/// groups as "::", IPv4-mapped addresses as "::ffff:192.0.2.1", RFC 5952 5), a unix path
/// as is ("@" in place of the leading NUL of an abstract address).
/// Returns an empty view when the family is unspec or `len` is too small
/// (proxy_address_max_chars always suffices).
/// Lifetime: the view points into `buf`.
[[nodiscard]] SMTPCODEC_API std::string_view format_proxy_address(const proxy_header& h, proxy_endpoint which,
                                                                  char* buf SMTPCODEC_LIFETIME_BOUND,
                                                                  std::size_t len) noexcept;

/// Appends a v1 line for `h` to `out`: "PROXY TCP4 ..." / "PROXY TCP6 ..." for inet / inet6
/// over stream, "PROXY UNKNOWN\r\n" when h.local or the family is unspec. Addresses are
/// written as format_proxy_address() does, so the line never exceeds 104 octets.
/// Errors: proxy_unsupported for a unix family or a transport other than stream (v1 only
/// knows TCP); nothing is appended then.
[[nodiscard]] SMTPCODEC_API errc write_proxy_v1(const proxy_header& h, std::string& out);

/// Appends a v2 header for `h` to `out`. LOCAL (h.local) and AF_UNSPEC are written with no
/// address block and no TLVs, as spec 2.2 asks of senders; otherwise the address block of
/// h.family follows, then h.tlvs verbatim. When h.tlvs holds a pp2_type_crc32c TLV its value
/// is recomputed for the header written; with `add_crc32c` one is appended if absent.
/// Errors (nothing is appended): proxy_invalid_address for a family/transport pair spec 2.2
/// does not list or a unix path longer than 108 bytes; proxy_invalid_header when h.tlvs is
/// not whole TLVs or the header would exceed proxy_v2_max_length.
[[nodiscard]] SMTPCODEC_API errc write_proxy_v2(const proxy_header& h, std::string& out, bool add_crc32c = false);

/// Appends one TLV (type, big-endian length, value) to a TLV area being built, such as the
/// string that proxy_header::tlvs will view before write_proxy_v2().
/// Errors: proxy_invalid_header when value is longer than 65535 bytes (nothing appended).
[[nodiscard]] SMTPCODEC_API errc append_proxy_tlv(std::string& area, std::uint8_t type, std::string_view value);

}  // namespace smtpcodec
