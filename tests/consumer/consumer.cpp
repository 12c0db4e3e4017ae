// A tiny program built against the installed smtpcodec: it must compile, link and parse.
#include <smtpcodec/smtpcodec.hpp>

#include <cstdio>

int main() {
  const auto r = smtpcodec::parse_command("MAIL FROM:<user@example.org> SIZE=1000\r\n");
  if (!r || r.value.verb != smtpcodec::verb::mail) {
    std::puts("parse failed");
    return 1;
  }
  std::printf("smtpcodec %s parsed %.*s\n", SMTPCODEC_VERSION_STRING,
              static_cast<int>(r.value.path.mailbox.domain.size()), r.value.path.mailbox.domain.data());
  return 0;
}
