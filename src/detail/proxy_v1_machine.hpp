// Wrapper for the generated PROXY v1 line machine (ragel/proxy_v1.rl, grammar in
// ragel/common/proxy.rl). The machine only records where each field ends; src/proxy.cpp
// turns those offsets into a proxy_header or an error.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace smtpcodec::detail {

enum class proxy_v1_proto : std::uint8_t { none, tcp4, tcp6, unknown };
enum class proxy_v1_field : std::uint8_t { source, dest, source_port, dest_port };

struct proxy_v1_span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct proxy_v1_scan {
  // Out.
  bool done = false;    ///< the machine reached the LF of a complete line
  bool failed = false;  ///< the machine hit a byte the grammar does not allow
  std::size_t stop = 0; ///< one past the LF when done; the offending byte when failed
  proxy_v1_proto proto = proxy_v1_proto::none;
  std::array<proxy_v1_span, 4> fields{};  ///< indexed by proxy_v1_field

  // Scratch: start of the field being read.
  std::size_t mark = 0;

  void set(proxy_v1_field f, std::size_t end) noexcept {
    fields[static_cast<std::size_t>(f)] = {mark, end};
  }

  /// Runs the machine over [bytes, bytes + len), which may be a prefix of a line: neither
  /// done nor failed means "valid so far". Stops just after the first complete line.
  void run(const unsigned char* bytes, std::size_t len) noexcept;
};

}  // namespace smtpcodec::detail
