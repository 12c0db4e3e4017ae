// smtpcodec decode --role server|client
//
// --role server: reads the bytes a server receives from stdin and prints one JSON object
// per command line (public, stable contract; see README.md "CLI"):
//   {"event":"command","verb":"MAIL","path":{...},"params":[["SIZE","1000"]]}
//   {"event":"reply","code":501,"enhanced":"5.1.7","text":["..."]}   (the server's refusal)
// Until the server session exists each line is judged on its own, with SMTPUTF8 allowed
// on RCPT only after a MAIL that carried it, as a server implementing every registered
// parameter (an unknown or misplaced one gets 555, RFC 5321 4.1.1.11).
// --role client is served by cli_decode_client.cpp ("decode:client").
//
// Exit codes: 0 input decoded; 1 input ended inside a command line (an
// {"event":"error","what":"truncated",...} line is printed); 2 usage error.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli.hpp"
#include "smtpcodec/command.hpp"
#include "smtpcodec/line_reader.hpp"

namespace smtpcodec::cli {
namespace {

void add_path(json_line& j, const path_view& p) {
  j.key("path").begin_object();
  j.key("null").boolean(p.null);
  j.key("local").str(p.mailbox.local_part);
  j.key("domain").str(p.mailbox.domain);
  j.key("literal");
  if (p.mailbox.literal == literal_kind::none) j.null();
  else j.str(to_string(p.mailbox.literal));
  j.key("utf8").boolean(p.mailbox.utf8);
  j.end_object();
}

void add_params(json_line& j, const esmtp_param_list& params) {
  j.key("params").begin_array();
  for (const auto& p : params) {
    std::string keyword(p.keyword);
    for (auto& ch : keyword)
      if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 32);
    j.begin_array().str(keyword).str(p.value).end_array();
  }
  j.end_array();
}

void print_command(const command& c) {
  json_line j;
  j.key("event").str("command");
  j.key("verb").str(to_string(c.verb));
  switch (c.verb) {
    case verb::mail:
    case verb::rcpt:
      add_path(j, c.path);
      add_params(j, c.params);
      break;
    case verb::auth:
      j.key("mechanism").str(c.auth_mechanism);
      j.key("initial_response");
      if (c.has_initial_response) j.str(c.auth_initial_response);
      else j.null();
      break;
    case verb::bdat:
      j.key("size").unum(c.bdat_size);
      j.key("last").boolean(c.last);
      break;
    case verb::xclient:
    case verb::xforward:
      j.key("arg").str(c.arg);
      add_params(j, c.params);
      break;
    default:
      j.key("arg").str(c.arg);
      break;
  }
  j.print();
}

int usage() {
  std::fputs("usage: smtpcodec decode --role server|client [--bare-eol reject|normalize|accept] < bytes\n", stderr);
  return 2;
}

int decode_server(bare_eol_policy policy) {
  const std::string input = read_all_stdin();
  command_options opt;
  line_reader reader({policy, opt.max_reader_line()});
  std::string_view rest = input;
  bool smtputf8_transaction = false;
  for (;;) {
    const line_event ev = reader.next(rest);
    rest.remove_prefix(ev.consumed);
    if (ev.kind == line_event::kind_t::need_more) {
      if (ev.consumed) continue;  // skipped part of an over-long line
      break;
    }
    if (ev.kind == line_event::kind_t::error) {
      print_reply(reply_for(ev.error));
      continue;
    }
    opt.smtputf8_transaction = smtputf8_transaction;
    const auto r = parse_command(ev.line, opt);
    if (!r) {
      if (r.context == reply_context::mail_from) smtputf8_transaction = false;
      print_reply(r.reply());
      continue;
    }
    const command& c = r.value;
    if (!is_implemented(c.verb)) {
      print_reply(reply_for(errc::command_not_implemented));
      continue;
    }
    print_command(c);
    switch (c.verb) {
      case verb::mail: smtputf8_transaction = c.mail.smtputf8; break;
      case verb::rcpt: break;
      case verb::bdat: if (c.last) smtputf8_transaction = false; break;
      case verb::helo: case verb::ehlo: case verb::lhlo: case verb::rset: case verb::data: case verb::quit:
        smtputf8_transaction = false;
        break;
      default: break;
    }
  }
  if (!rest.empty()) {
    json_line j;
    j.key("event").str("error").key("what").str("truncated").key("detail").str("input ended inside a command line");
    j.print();
    return 1;
  }
  return 0;
}

int decode_main(int argc, char** argv) {
  std::string_view role;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--role" && i + 1 < argc) role = argv[i + 1];
    else if (a.rfind("--role=", 0) == 0) role = a.substr(7);
  }
  if (role == "client") {
    auto fn = find_subcommand("decode:client");
    if (!fn) {
      std::fputs("smtpcodec: decode --role client is not available in this build\n", stderr);
      return 2;
    }
    return fn(argc, argv);
  }
  if (role != "server") return usage();
  bare_eol_policy policy = bare_eol_policy::reject;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--role") ++i;
    else if (a.rfind("--role=", 0) == 0) continue;
    else if (a == "--bare-eol" && i + 1 < argc) {
      if (!parse_bare_eol_policy(argv[++i], policy)) return usage();
    } else return usage();
  }
  return decode_server(policy);
}

const registration reg{"decode", &decode_main, "decode --role server|client [--bare-eol reject|normalize|accept] < bytes"};

}  // namespace
}  // namespace smtpcodec::cli
