// fuzz_reply: arbitrary bytes a client receives from a server, parsed by reply_parser once
// whole and once cut into pieces at points taken from the input. Invariants:
//  - no crash, no read outside the input (ASan); every piece is a fresh heap copy freed
//    right after next(), so ASan also catches a pointer kept into caller memory;
//  - the same replies (code, status codes, every line's text) and the same final error
//    (value, line, column) whether the stream arrives whole or in pieces;
//  - a reply read from one buffer is a view of that buffer; every line lies inside it;
//  - parse_reply_line's fast path for printable text agrees with the machine run over
//    every byte of every line;
//  - an EHLO reply read back, written with write_ehlo_reply and read again gives the same
//    capability set (and a strictly valid one can always be written).
// Input: byte 0 options, byte 1 the number of cuts (0..7), two bytes per cut, the stream.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detail/reply_line_machine.hpp"
#include "smtpcodec/ehlo.hpp"
#include "smtpcodec/reply.hpp"

using namespace smtpcodec;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

bool inside(std::string_view v, std::string_view in) {
  return v.empty() || (v.data() >= in.data() && v.data() + v.size() <= in.data() + in.size());
}

struct record {
  int kind = 0;
  std::uint16_t code = 0;
  std::string raw;
  std::vector<std::string> texts;
  std::vector<enhanced_status> statuses;
  enhanced_status status{};
  errc status_error{}, error{};
  std::size_t line = 0, column = 0;
  bool operator==(const record&) const = default;
};

void check_ehlo(const reply_view& r) {
  for (const bool strict : {false, true}) {
    const auto caps = parse_ehlo_reply(r, {strict});
    if (!caps) continue;
    for (const auto& c : caps.value) {
      check(inside(c.keyword, r.raw));
      check(inside(c.params, r.raw));
    }
    std::string out = "x";
    const errc e = write_ehlo_reply(caps.value.domain, caps.value.greeting, caps.value.set, {}, out);
    const bool plain_domain = std::none_of(caps.value.domain.begin(), caps.value.domain.end(),
                                           [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; });
    if (e != errc{}) {
      check(out == "x");
      check(e == errc::invalid_ehlo_reply || e == errc::invalid_capability);
      check(!(strict && plain_domain));
      continue;
    }
    const auto again = parse_reply(std::string_view(out).substr(1));
    check(again.kind == reply_event::kind_t::reply && again.consumed == out.size() - 1);
    const auto caps2 = parse_ehlo_reply(again.reply, {true});
    check(caps2.ok());
    check(caps2.value.set == caps.value.set);
    check(caps2.value.domain == caps.value.domain);
  }
}

// Every LF-terminated line: parse_reply_line (which may skip the machine over a printable
// tail) against the machine over the whole line.
void check_fast_path(std::string_view stream, bool allow_utf8) {
  reply_parser_options o;
  o.allow_utf8 = allow_utf8;
  o.max_line_length = SIZE_MAX;
  for (std::size_t start = 0, lf; (lf = stream.find('\n', start)) != std::string_view::npos; start = lf + 1) {
    std::string_view content = stream.substr(start, lf - start);
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    const auto r = parse_reply_line(content, o);
    detail::reply_line_scan s;
    detail::scan_reply_line(reinterpret_cast<const unsigned char*>(content.data()), content.size(), s);
    const bool machine_ok = s.accepted && !(s.eight_bit && !allow_utf8);
    check(r.ok() == machine_ok);
    if (!r.ok()) continue;
    const enhanced_status es{s.es_class, s.es_subject, s.es_detail};
    if (!s.has_status) check(r.value.status.empty() && r.value.status_error == errc{});
    else if (matches_reply_code(es, r.value.code)) check(r.value.status == es);
    else check(r.value.status.empty() && r.value.status_error == errc::enhanced_status_mismatch);
  }
}

record to_record(const reply_event& ev, std::string_view in) {
  record r;
  r.kind = static_cast<int>(ev.kind);
  r.error = ev.error;
  r.line = ev.error_line;
  r.column = ev.error_column;
  if (ev.kind != reply_event::kind_t::reply) return r;
  const reply_view& v = ev.reply;
  // Whole replies lying in `in` are views of it; otherwise they lie outside it entirely.
  if (v.raw.data() >= in.data() && v.raw.data() < in.data() + in.size()) check(inside(v.raw, in));
  check(v.raw.size() >= 5 && v.raw.substr(v.raw.size() - 2) == "\r\n");
  r.code = v.code;
  r.raw = v.raw;
  r.status = v.status;
  r.status_error = v.status_error;
  std::size_t lines = 0;
  for (const reply_line& l : v) {
    check(inside(l.text, v.raw) && inside(l.message, v.raw));
    check(l.code == v.code);
    check(l.last == (lines + 1 == v.line_count));
    r.texts.emplace_back(l.text);
    r.statuses.push_back(l.status);
    ++lines;
  }
  check(lines == v.line_count);
  if (v.code == 250) check_ehlo(v);
  return r;
}

std::vector<record> run(std::string_view stream, const std::vector<std::size_t>& cuts, const reply_parser_options& opt) {
  reply_parser p(opt);
  std::vector<record> out;
  std::string pending;
  std::size_t from = 0;
  for (std::size_t i = 0; i <= cuts.size(); ++i) {
    const std::size_t to = i < cuts.size() ? cuts[i] : stream.size();
    pending.append(stream.substr(from, to - from));
    from = to;
    for (;;) {
      // A fresh heap copy of exactly the bytes, freed right after the call.
      const std::size_t n = pending.size();
      std::unique_ptr<char[]> copy(new char[n ? n : 1]);
      if (n) std::memcpy(copy.get(), pending.data(), n);
      const std::string_view in(copy.get(), n);
      const reply_event ev = p.next(in);
      check(ev.consumed <= n);
      if (ev.kind == reply_event::kind_t::need_more) {
        check(ev.consumed == n);
        pending.clear();
        break;
      }
      out.push_back(to_record(ev, in));
      copy.reset();
      pending.erase(0, ev.consumed);
      if (ev.kind == reply_event::kind_t::error) return out;
    }
  }
  if (p.finish() != errc{}) out.push_back(to_record(p.next({}), {}));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  reply_parser_options opt;
  const std::uint8_t flags = data[0];
  opt.allow_utf8 = !(flags & 1);
  if (flags & 2) opt.max_line_length = 8 + (flags >> 3) * 4;
  if (flags & 4) opt.max_lines = 1 + (flags >> 4);
  if (flags & 0x80) opt.max_reply_bytes = 16 + (flags & 0x78) * 2;
  const std::size_t ncuts = data[1] % 8;
  if (size < 2 + 2 * ncuts) return 0;
  const std::string_view stream(reinterpret_cast<const char*>(data + 2 + 2 * ncuts), size - 2 - 2 * ncuts);
  std::vector<std::size_t> cuts;
  for (std::size_t i = 0; i < ncuts; ++i) {
    const std::size_t v = static_cast<std::size_t>(data[2 + 2 * i]) << 8 | data[3 + 2 * i];
    cuts.push_back(v % (stream.size() + 1));
  }
  std::sort(cuts.begin(), cuts.end());
  check_fast_path(stream, opt.allow_utf8);
  const auto whole = run(stream, {}, opt);
  const auto pieces = run(stream, cuts, opt);
  check(whole == pieces);
  std::vector<std::size_t> every;
  if (stream.size() <= 64) {
    for (std::size_t i = 1; i < stream.size(); ++i) every.push_back(i);
    check(run(stream, every, opt) == whole);  // byte by byte
  }
  return 0;
}
