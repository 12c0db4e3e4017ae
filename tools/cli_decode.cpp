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
// --proxy: the stream starts with a PROXY protocol v1/v2 header (load balancers), printed
// as {"event":"proxy",...}; a bad one prints {"event":"error","what":"proxy_...",...}.
// Exit codes: 0 input decoded; 1 input ended inside a command line or PROXY header, or
// the PROXY header was refused (an {"event":"error",...} line says which); 2 usage error.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli.hpp"
#include "smtpcodec/command.hpp"
#include "smtpcodec/command_reader.hpp"
#include "smtpcodec/proxy.hpp"

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
  for (const auto& p : params) j.begin_array().upper(p.keyword).str(p.value).end_array();
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
  std::fputs("usage: smtpcodec decode --role server|client [--bare-eol reject|normalize|accept] [--proxy] < bytes\n",
             stderr);
  return 2;
}

// --proxy: the connection starts with a PROXY protocol header (v1 or v2), as behind a
// load balancer. Prints {"event":"proxy",...}; false when the header is bad or cut short
// (a server closes the connection without a reply then: spec 2.1).
bool decode_proxy(std::string_view& rest) {
  const auto r = parse_proxy_header(rest);
  if (r.need_more()) {
    print_error("truncated", "input ended inside the PROXY header");
    return false;
  }
  if (!r) {
    print_error(to_string(r.error), reply_for(r.error).text);
    return false;
  }
  json_line j;
  j.key("event").str("proxy").key("version").num(r.header.version).key("local").boolean(r.header.local);
  j.key("family").str(to_string(r.header.family)).key("transport").str(to_string(r.header.transport));
  char buf[proxy_address_max_chars];
  j.key("source");
  if (r.header.has_addresses()) j.str(format_proxy_address(r.header, proxy_endpoint::source, buf, sizeof buf));
  else j.null();
  j.key("source_port").unum(r.header.source_port);
  j.key("destination");
  if (r.header.has_addresses()) j.str(format_proxy_address(r.header, proxy_endpoint::destination, buf, sizeof buf));
  else j.null();
  j.key("destination_port").unum(r.header.dest_port);
  j.print();
  rest.remove_prefix(r.consumed);
  return true;
}

int decode_server(bare_eol_policy policy, bool proxy) {
  const std::string input = read_all_stdin();
  command_reader reader({}, policy);
  std::string_view rest = input;
  if (proxy && !decode_proxy(rest)) return 1;
  bool smtputf8_transaction = false;
  for (;;) {
    reader.set_smtputf8_transaction(smtputf8_transaction);
    const command_event& ev = reader.next(rest);
    rest.remove_prefix(ev.consumed);
    if (ev.kind == command_event::kind_t::need_more) {
      if (ev.consumed) continue;  // skipped part of an over-long line
      break;
    }
    const auto& r = ev.result;
    if (!r) {  // a framing error (generic context) or the command's own
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
    print_error("truncated", "input ended inside a command line");
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
  bool proxy = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--proxy") proxy = true;
    else if (a == "--role") ++i;
    else if (a.rfind("--role=", 0) == 0) continue;
    else if (a == "--bare-eol" && i + 1 < argc) {
      if (!parse_bare_eol_policy(argv[++i], policy)) return usage();
    } else return usage();
  }
  return decode_server(policy, proxy);
}

const registration reg{"decode", &decode_main,
                       "decode --role server|client [--bare-eol reject|normalize|accept] [--proxy] < bytes"};

}  // namespace
}  // namespace smtpcodec::cli
