// File: result.hpp
//
// parse_result<T>: what every standalone parser returns. On success `error` is errc{}
// (zero) and `value` is complete; on failure `value` is value-initialised (never partial)
// and `error_offset` tells where in the input the parser gave up.
//
//   auto r = smtpcodec::parse_path("<a@b.example>", {});
//   if (!r) log(smtpcodec::to_string(r.error), r.error_offset);
#pragma once

#include <cstddef>

#include "smtpcodec/error.hpp"

namespace smtpcodec {

template <class T>
struct parse_result {
  T value{};
  errc error{};
  std::size_t error_offset = 0;
  /// Which command the error belongs to, for reply_for(error, context).
  reply_context context = reply_context::generic;

  [[nodiscard]] constexpr bool ok() const noexcept { return error == errc{}; }
  constexpr explicit operator bool() const noexcept { return ok(); }
  [[nodiscard]] canned_reply reply() const noexcept { return reply_for(error, context); }

  static constexpr parse_result failure(errc e, std::size_t offset,
                                        reply_context ctx = reply_context::generic) noexcept {
    parse_result r;
    r.error = e;
    r.error_offset = offset;
    r.context = ctx;
    return r;
  }
};

}  // namespace smtpcodec
