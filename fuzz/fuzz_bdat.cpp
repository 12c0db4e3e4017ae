// fuzz_bdat: bdat_writer cuts a message into chunks; bdat_reader reads the resulting
// session bytes ("BDAT" payloads with a command between them) split at fuzzer-chosen
// points and must hand back exactly the message, consume exactly each chunk, and leave
// every byte after a chunk to the session. Its checks must agree with the message.
//
// Input: byte 0 options (bits 0-1 policy, bit 2 BINARYMIME, bit 3 size limit, bit 4 line
// limit), byte 1 the writer's chunk size (0 = no limit), byte 2 the size limit, byte 3 the
// line limit - 1, byte 4 the scan path, bytes 5-6 split points, then the message.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detail/byte_scan.hpp"
#include "smtpcodec/bdat.hpp"

namespace {

using namespace smtpcodec;

#define CHECK(cond)                                               \
  do {                                                            \
    if (!(cond)) {                                                \
      std::fprintf(stderr, "fuzz_bdat: check failed: %s\n", #cond); \
      std::abort();                                               \
    }                                                             \
  } while (0)

constexpr std::string_view next_command = "NOOP\r\n";

struct chunk {
  std::size_t size;
  bool last;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 7) return 0;
  bdat_reader_options o;
  o.bare_eol = static_cast<bare_eol_policy>(data[0] % 3);
  o.binary = data[0] & 4;
  if (data[0] & 8) o.max_message_size = data[2];
  if (data[0] & 16) o.max_line_length = std::size_t{data[3]} + 1;
  // scan_path values are 0..4 (none, portable, sse2, avx2, avx512).
  if (!detail::force_scan_path(static_cast<detail::scan_path>(data[4] % 5))) detail::reset_scan_path();
  const std::string_view msg(reinterpret_cast<const char*>(data) + 7, size - 7);

  // The client side: chunks, and the bytes the server receives after each BDAT line.
  bdat_writer w(data[1]);
  std::vector<chunk> chunks;
  std::string stream;
  for (std::string_view rest = msg;;) {
    const bdat_chunk c = w.next(rest, true);
    if (c.command.empty()) break;
    CHECK(c.data.data() == rest.data() && c.consumed == c.data.size());
    CHECK(c.command.size() <= bdat_command_max && c.command.ends_with("\r\n"));
    chunks.push_back({c.data.size(), c.last});
    stream.append(c.data).append(next_command);
    rest.remove_prefix(c.consumed);
  }
  CHECK(!chunks.empty() && chunks.back().last && w.finished());

  std::vector<std::size_t> cuts;
  for (int k = 5; k < 7; ++k)
    if (data[k]) cuts.push_back(stream.size() * data[k] / 256);
  std::sort(cuts.begin(), cuts.end());
  cuts.push_back(stream.size());

  // The server side, re-presenting unconsumed bytes with the next piece.
  bdat_reader rd(o);
  std::string got, pending;
  std::size_t k = 0, at = 0;
  bool in_chunk = false, expect_command = false;
  errc error{};
  for (std::size_t end : cuts) {
    pending.append(stream, at, end - at);
    at = end;
    std::unique_ptr<char[]> copy(new char[pending.size() + 1]);
    std::memcpy(copy.get(), pending.data(), pending.size());
    std::string_view in(copy.get(), pending.size());
    while (k < chunks.size()) {
      if (expect_command) {  // the session reads the whole command line after a chunk
        if (in.size() < next_command.size()) break;
        CHECK(in.substr(0, next_command.size()) == next_command);
        in.remove_prefix(next_command.size());
        expect_command = false;
      }
      if (!in_chunk) {
        rd.begin_chunk(chunks[k].size, chunks[k].last);
        in_chunk = true;
      }
      const bdat_result r = rd.read(in);
      CHECK(r.consumed <= in.size());
      CHECK(r.data.empty() || r.data.data() == in.data());
      got.append(r.data);
      in.remove_prefix(r.consumed);
      if (r.status == bdat_status::need_input) break;
      CHECK(r.status == (chunks[k].last ? bdat_status::message_done : bdat_status::chunk_done));
      in_chunk = false;
      expect_command = true;
      if (++k == chunks.size()) error = r.error;
    }
    pending.assign(in);
  }
  CHECK(k == chunks.size());
  CHECK(rd.finish() == error);
  CHECK(pending == next_command);
  CHECK(rd.stats().size == msg.size());
  if (error == errc{}) CHECK(got == msg);
  else CHECK(msg.compare(0, got.size(), got) == 0);
  if (o.max_message_size && msg.size() > o.max_message_size) CHECK(error != errc{});
  if (error == errc::bare_lf || error == errc::bare_cr) CHECK(!o.binary && o.bare_eol == bare_eol_policy::reject);
  detail::reset_scan_path();
  return 0;
}
