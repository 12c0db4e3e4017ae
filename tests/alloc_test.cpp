// Zero-copy proof: parsing a realistic command stream performs no heap allocation.
// Global operator new/delete are replaced in this test binary; they count only while a
// counting_scope is alive.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "smtpcodec/command.hpp"
#include "smtpcodec/command_reader.hpp"
#include "smtpcodec/line_reader.hpp"
#include "smtpcodec/reply.hpp"

namespace {
std::atomic<bool> counting{false};
std::atomic<std::size_t> allocations{0};

struct counting_scope {
  counting_scope() {
    allocations = 0;
    counting = true;
  }
  ~counting_scope() { counting = false; }
};
}  // namespace

// g++ cannot see that these replacements pair malloc with free on purpose.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t n) {
  if (counting) ++allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  if (counting) ++allocations;
  return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return ::operator new(n, t); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace smtpcodec {
namespace {

TEST(Alloc, ParsingCommandsAllocatesNothing) {
  const std::string stream =
      "EHLO client.example.org\r\n"
      "MAIL FROM:<alice@example.org> SIZE=14200 BODY=8BITMIME RET=HDRS ENVID=QQ314159 AUTH=<>\r\n"
      "RCPT TO:<bob@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.com\r\n"
      "RCPT TO:<\"john doe\"@[IPv6:2001:db8::1]>\r\n"
      "RCPT TO:<@relay.example:x@[192.0.2.1]>\r\n"
      "RCPT TO:<Postmaster>\r\n"
      "MAIL FROM:<j\xc3\xbcrgen@example.org> SMTPUTF8\r\n"
      "RCPT TO:<bad@@example>\r\n"
      "MAIL FROM:<> XYZZY=1\r\n"
      "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"
      "BDAT 1000 LAST\r\n"
      "XCLIENT NAME=x.example ADDR=192.0.2.1\r\n"
      "FROB\r\n"
      "DATA\r\nRSET\r\nQUIT\r\n";
  command_options opt;
  line_reader reader({bare_eol_policy::reject, opt.max_reader_line()});
  std::size_t parsed = 0, refused = 0;
  {
    counting_scope scope;
    std::string_view rest = stream;
    for (;;) {
      const auto ev = reader.next(rest);
      rest.remove_prefix(ev.consumed);
      if (ev.kind != line_event::kind_t::line) break;
      const auto r = parse_command(ev.line, opt);
      (r ? parsed : refused)++;
    }
    EXPECT_EQ(allocations.load(), 0u);
  }
  EXPECT_EQ(parsed + refused, 16u);
  EXPECT_EQ(refused, 3u);

  // The same stream through command_reader (its vector lane takes most of these lines).
  command_reader commands(opt);
  std::size_t read = 0, read_refused = 0;
  {
    counting_scope scope;
    std::string_view rest = stream;
    for (;;) {
      const auto& ev = commands.next(rest);
      rest.remove_prefix(ev.consumed);
      if (ev.kind != command_event::kind_t::line) break;
      (ev.result ? read : read_refused)++;
    }
    EXPECT_EQ(allocations.load(), 0u);
  }
  EXPECT_EQ(read, parsed);
  EXPECT_EQ(read_refused, refused);
}

TEST(Alloc, ParsingRepliesInOneBufferAllocatesNothing) {
  const std::string stream =
      "220 mx.example ESMTP ready\r\n"
      "250-mx.example Hello\r\n250-SIZE 35882577\r\n250-PIPELINING\r\n250 8BITMIME\r\n"
      "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n"
      "550-5.7.1 Message refused\r\n550 5.7.1 policy\r\n221 2.0.0 Bye\r\n";
  reply_parser parser;
  std::size_t replies = 0;
  {
    counting_scope scope;
    std::string_view rest = stream;
    for (;;) {
      const auto ev = parser.next(rest);
      rest.remove_prefix(ev.consumed);
      if (ev.kind != reply_event::kind_t::reply) break;
      ++replies;
    }
    EXPECT_EQ(allocations.load(), 0u);
  }
  EXPECT_EQ(replies, 7u);
}

TEST(Alloc, CounterSeesAllocations) {
  // The counter itself works: a std::string beyond SSO allocates.
  counting_scope scope;
  std::string s(100, 'x');
  EXPECT_GE(allocations.load(), 1u);
}

}  // namespace
}  // namespace smtpcodec
