// smtpcodec explain CODE...
//
// Prints what enhanced status codes mean (RFC 3463, IANA "SMTP Enhanced Status Codes"
// registry), one JSON object per argument (public, stable contract; see README.md "CLI"):
//   {"code":"5.7.1","subject":"Security or Policy Status",
//    "detail":"Delivery not authorized, message refused","class":"Permanent Failure",
//    "reference":"RFC 3463"}
// CODE is class.subject.detail ("5.7.1") or the registry's class-less form ("X.7.1",
// whose "class" is null). "subject", "detail" and "reference" are null when the registry
// does not define them. Text that is not a status code prints
//   {"event":"error","what":"invalid_enhanced_status","detail":"..."}
// Exit codes: 0 every code is registered; 1 some code is well-formed but not registered
// (its class and, if known, subject are still printed); 2 some argument is not a status
// code; 64 usage error (no argument).
#include <cstdio>
#include <string>

#include "cli.hpp"
#include "smtpcodec/enhanced_status.hpp"

namespace smtpcodec::cli {
namespace {

void str_or_null(json_line& j, std::string_view key, std::string_view value) {
  j.key(key);
  if (value.empty()) j.null();
  else j.str(value);
}

int explain_one(std::string_view arg) {
  const auto r = explain_enhanced_status(arg);
  json_line j;
  if (!r) {
    j.key("event").str("error").key("what").str(to_string(r.error));
    j.key("detail").str("not class.subject.detail at byte " + std::to_string(r.error_offset) + ": " +
                        std::string(arg));
    j.print();
    return 2;
  }
  const status_meaning& m = r.value;
  char buf[enhanced_status::max_chars];
  std::string code(m.code.format(buf));
  if (m.code.cls == 0) code[0] = 'X';
  j.key("code").str(code);
  str_or_null(j, "subject", m.subject_name);
  str_or_null(j, "detail", m.detail_name);
  str_or_null(j, "class", m.class_name);
  str_or_null(j, "reference", m.reference);
  j.print();
  return m.registered() ? 0 : 1;
}

int explain_main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs("usage: smtpcodec explain CODE...   (e.g. 5.7.1, 4.2.2, X.1.1)\n", stderr);
    return 64;
  }
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    const int s = explain_one(argv[i]);
    if (s > status) status = s;
  }
  return status;
}

const registration reg{"explain", &explain_main, "explain CODE...  (enhanced status code, e.g. 5.7.1)"};

}  // namespace
}  // namespace smtpcodec::cli
