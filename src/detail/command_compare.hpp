// Exact comparison of two parse results of the same line, for the tests and fuzz targets
// that check every route of parse_command() (detail::command_route) gives the same answer:
// every member, views compared by position and length (the same bytes of the same input),
// so a route that picked an equal-looking but different part of the line is caught.
#pragma once

#include <string_view>

#include "smtpcodec/command.hpp"

namespace smtpcodec::detail {

[[nodiscard]] inline bool same_view(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && (a.empty() || a.data() == b.data());
}

[[nodiscard]] inline bool identical(const path_view& a, const path_view& b) noexcept {
  const mailbox_view& x = a.mailbox;
  const mailbox_view& y = b.mailbox;
  return same_view(a.text, b.text) && a.null == b.null && a.postmaster == b.postmaster &&
         same_view(a.source_route, b.source_route) && same_view(x.local_part, y.local_part) &&
         same_view(x.domain, y.domain) && x.literal == y.literal && x.quoted == y.quoted && x.utf8 == y.utf8 &&
         x.idn == y.idn;
}

[[nodiscard]] inline bool identical(const mail_parameters& a, const mail_parameters& b) noexcept {
  return a.has_size == b.has_size && a.size == b.size && a.body == b.body && a.smtputf8 == b.smtputf8 &&
         a.ret == b.ret && same_view(a.envid, b.envid) && a.has_auth == b.has_auth && same_view(a.auth, b.auth) &&
         a.has_mt_priority == b.has_mt_priority && a.mt_priority == b.mt_priority && a.requiretls == b.requiretls &&
         a.has_holdfor == b.has_holdfor && a.holdfor == b.holdfor && same_view(a.holduntil, b.holduntil) &&
         a.has_by == b.has_by && a.by_time == b.by_time && a.by == b.by && a.by_trace == b.by_trace;
}

[[nodiscard]] inline bool identical(const rcpt_parameters& a, const rcpt_parameters& b) noexcept {
  return a.notify == b.notify && a.has_orcpt == b.has_orcpt && same_view(a.orcpt_type, b.orcpt_type) &&
         same_view(a.orcpt_address, b.orcpt_address) && a.has_rrvs == b.has_rrvs &&
         same_view(a.rrvs_time, b.rrvs_time) && a.rrvs == b.rrvs;
}

[[nodiscard]] inline bool identical(const esmtp_param_list& a, const esmtp_param_list& b) noexcept {
  if (a.count != b.count || a.utf8 != b.utf8) return false;
  for (std::size_t i = 0; i < a.count; ++i) {
    const esmtp_param& x = a.items[i];
    const esmtp_param& y = b.items[i];
    if (!same_view(x.keyword, y.keyword) || !same_view(x.value, y.value) || x.has_value != y.has_value ||
        x.id != y.id)
      return false;
  }
  return true;
}

[[nodiscard]] inline bool identical(const command& a, const command& b) noexcept {
  return a.verb == b.verb && same_view(a.line, b.line) && same_view(a.arg, b.arg) &&
         a.helo_literal == b.helo_literal && identical(a.path, b.path) && identical(a.params, b.params) &&
         identical(a.mail, b.mail) && identical(a.rcpt, b.rcpt) && same_view(a.auth_mechanism, b.auth_mechanism) &&
         same_view(a.auth_initial_response, b.auth_initial_response) &&
         a.has_initial_response == b.has_initial_response && a.bdat_size == b.bdat_size && a.last == b.last &&
         same_view(a.burl_url, b.burl_url);
}

[[nodiscard]] inline bool identical(const parse_result<command>& a, const parse_result<command>& b) noexcept {
  if (a.error != b.error || a.error_offset != b.error_offset || a.context != b.context) return false;
  return !a.ok() || identical(a.value, b.value);
}

}  // namespace smtpcodec::detail
