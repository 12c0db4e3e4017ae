// smtpcodec: the command-line face of the library. Subcommands register themselves.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <map>
#include <string>

#include "cli.hpp"
#include "smtpcodec/address.hpp"

namespace smtpcodec::cli {
namespace {
struct entry {
  subcommand_fn fn;
  std::string usage;
};
std::map<std::string, entry, std::less<>>& registry() {
  static std::map<std::string, entry, std::less<>> r;
  return r;
}
}  // namespace

registration::registration(std::string_view name, subcommand_fn fn, std::string_view usage) {
  registry().emplace(std::string(name), entry{fn, std::string(usage)});
}

subcommand_fn find_subcommand(std::string_view name) {
  auto it = registry().find(name);
  return it == registry().end() ? nullptr : it->second.fn;
}

std::string read_all_stdin() {
  std::string data;
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) data.append(buf, n);
  return data;
}

void json_line::sep() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.back()) buf_ += ',';
  first_.back() = false;
}
json_line& json_line::key(std::string_view k) {
  sep();
  write_string(k);
  buf_ += ':';
  after_key_ = true;
  return *this;
}
json_line& json_line::str(std::string_view v) {
  sep();
  write_string(v);
  return *this;
}
void json_line::write_string(std::string_view v) {
  static const char hex[] = "0123456789abcdef";
  buf_ += '"';
  const auto valid_to = validate_utf8(v);
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    switch (c) {
      case '"': buf_ += "\\\""; continue;
      case '\\': buf_ += "\\\\"; continue;
      case '\n': buf_ += "\\n"; continue;
      case '\r': buf_ += "\\r"; continue;
      case '\t': buf_ += "\\t"; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && valid_to != v.size())) {
      buf_ += "\\u00";
      buf_ += hex[c >> 4];
      buf_ += hex[c & 15];
    } else {
      buf_ += static_cast<char>(c);
    }
  }
  buf_ += '"';
}
json_line& json_line::upper(std::string_view v) {
  std::string u(v);
  for (auto& ch : u)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  return str(u);
}
json_line& json_line::enhanced(const enhanced_status& s) {
  if (s.empty()) return null();
  char buf[enhanced_status::max_chars];
  return str(s.format(buf));
}
json_line& json_line::num(long long v) {
  sep();
  buf_ += std::to_string(v);
  return *this;
}
json_line& json_line::unum(unsigned long long v) {
  sep();
  buf_ += std::to_string(v);
  return *this;
}
json_line& json_line::boolean(bool v) {
  sep();
  buf_ += v ? "true" : "false";
  return *this;
}
json_line& json_line::null() {
  sep();
  buf_ += "null";
  return *this;
}
json_line& json_line::begin_array() {
  sep();
  buf_ += '[';
  first_.push_back(true);
  return *this;
}
json_line& json_line::end_array() {
  buf_ += ']';
  first_.pop_back();
  return *this;
}
json_line& json_line::begin_object() {
  sep();
  buf_ += '{';
  first_.push_back(true);
  return *this;
}
json_line& json_line::end_object() {
  buf_ += '}';
  first_.pop_back();
  return *this;
}
void json_line::print(std::FILE* out) {
  buf_ += "}\n";
  std::fwrite(buf_.data(), 1, buf_.size(), out);
  std::fflush(out);
  buf_.clear();
  buf_.push_back('{');
  first_.assign(1, true);
  after_key_ = false;
}

void print_error(std::string_view what, std::string_view detail, std::FILE* out) {
  json_line j;
  j.key("event").str("error").key("what").str(what).key("detail").str(detail);
  j.print(out);
}

void print_reply(const canned_reply& r, std::FILE* out) {
  json_line j;
  j.key("event").str("reply").key("code").unum(r.code).key("enhanced").enhanced(r.status);
  j.key("text").begin_array().str(r.text).end_array();
  j.print(out);
}

}  // namespace smtpcodec::cli

int main(int argc, char** argv) {
  using namespace smtpcodec::cli;
  auto usage = [] {
    std::fputs("usage: smtpcodec <command> [options]\n\ncommands:\n", stderr);
    for (const auto& [name, e] : registry())
      if (name.find(':') == std::string::npos) std::fprintf(stderr, "  %s\n", e.usage.c_str());
  };
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    usage();
    return argc < 2 ? 2 : 0;
  }
  auto it = registry().find(std::string_view(argv[1]));
  if (it == registry().end() || it->first.find(':') != std::string::npos) {
    std::fprintf(stderr, "smtpcodec: unknown command '%s'\n", argv[1]);
    usage();
    return 2;
  }
  return it->second.fn(argc - 1, argv + 1);
}
