// smtpcodec decode --role client   (internal subcommand "decode:client")
//
// Reads the bytes a client receives from a server on stdin and prints one JSON object per
// line (public, stable contract; see README.md "CLI"):
//   {"event":"reply","code":250,"enhanced":"2.1.0","text":["2.1.0 Ok"]}
//       one per complete reply; `text` holds each line's text after "NNN-" / "NNN " exactly
//       as sent (the enhanced code stays in it); `enhanced` repeats the first line's
//       enhanced status code, or is null when it has none (or one that does not fit the
//       reply code, RFC 3463 2).
//   {"event":"capabilities","domain":"mx.example","list":[["SIZE","35882577"],["PIPELINING",""]]}
//       after the second reply of the stream (the answer to EHLO) when it is a 250;
//       keywords upper-cased, parameters as sent, the legacy form as "AUTH=".
//   {"event":"error","what":"<name>","detail":"..."}
//       a protocol error; the run ends there. `what` is the stable errc name
//       (invalid_reply_code, reply_code_mismatch, line_too_long, bare_lf, ...), or
//       "truncated" when the input ends inside a reply (as `decode --role server` does).
// Limits are the library defaults: 512-octet lines, 128 lines and 16384 octets per reply,
// UTF-8 text allowed.
// Exit codes: 0 input decoded; 1 a protocol error or truncated input; 2 usage error.
#include <cstdio>
#include <string>

#include "cli.hpp"
#include "smtpcodec/ehlo.hpp"
#include "smtpcodec/reply.hpp"

namespace smtpcodec::cli {
namespace {

void print_reply_event(const reply_view& r) {
  json_line j;
  j.key("event").str("reply").key("code").unum(r.code).key("enhanced").enhanced(r.status);
  j.key("text").begin_array();
  for (const reply_line& l : r) j.str(l.text);
  j.end_array();
  j.print();
}

void print_capabilities(const ehlo_capabilities& caps) {
  json_line j;
  j.key("event").str("capabilities").key("domain").str(caps.domain).key("list").begin_array();
  for (const capability& c : caps) j.begin_array().upper(c.keyword).str(c.params).end_array();
  j.end_array();
  j.print();
}

int fail(std::string_view what, const std::string& detail) {
  print_error(what, detail);
  return 1;
}

std::string where(std::size_t reply, std::size_t line, std::size_t column) {
  return "reply " + std::to_string(reply) + ", line " + std::to_string(line) + ", byte " + std::to_string(column);
}

int decode_client_main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--role" && i + 1 < argc && std::string_view(argv[i + 1]) == "client") ++i;
    else if (a != "--role=client") {
      std::fputs("usage: smtpcodec decode --role client < server-bytes\n", stderr);
      return 2;
    }
  }
  const std::string input = read_all_stdin();
  reply_parser parser;
  std::string_view rest = input;
  std::size_t replies = 0;
  for (;;) {
    const reply_event ev = parser.next(rest);
    rest.remove_prefix(ev.consumed);
    if (ev.kind == reply_event::kind_t::need_more) break;
    if (ev.kind == reply_event::kind_t::error) {
      const canned_reply r = reply_for(ev.error);
      return fail(to_string(ev.error),
                         where(replies + 1, ev.error_line, ev.error_column) + ": " + std::string(r.text));
    }
    ++replies;
    print_reply_event(ev.reply);
    if (replies == 2 && ev.reply.code == 250) {
      const auto caps = parse_ehlo_reply(ev.reply);
      if (!caps)
        return fail(to_string(caps.error), "EHLO reply, line " + std::to_string(caps.error_offset + 1) + ": " +
                                                      std::string(reply_for(caps.error).text));
      print_capabilities(caps.value);
    }
  }
  if (parser.finish() != errc{}) {
    const reply_event ev = parser.next({});
    return fail("truncated", "input ended inside a reply (" +
                                        where(replies + 1, ev.error_line, ev.error_column) + ")");
  }
  return 0;
}

const registration reg{"decode:client", &decode_client_main, "decode --role client  < server bytes"};

}  // namespace
}  // namespace smtpcodec::cli
