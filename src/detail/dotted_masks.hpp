// The dotted forms of RFC 5321 4.1.2 read from character-class bit masks (bit i for byte i
// of a 64-byte window), shared by the vector recognisers: the path recogniser of
// src/command_vector.cpp and the command lane (src/detail/command_lane_body.hpp). Each rule
// is a few shifts and ANDs, whatever the number of atoms or labels.
#pragma once

#include <cstddef>
#include <cstdint>

namespace smtpcodec::detail::dotted {

// Always inlined (as every helper of the lanes): in the command lane's one large function
// GCC otherwise starts calling them, and each call spills the vector registers around it.
/// Bits [0, n) of a 64-bit mask (all of them for n >= 64).
[[gnu::always_inline]] constexpr std::uint64_t below(std::size_t n) noexcept {
  return n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
}
[[gnu::always_inline]] constexpr bool bit(std::uint64_t mask, std::size_t i) noexcept {
  return i < 64 && ((mask >> i) & 1U) != 0;
}

/// Dot-string = Atom *("." Atom), from byte `first` (< 64) up to the first byte that is
/// neither atext nor ".": that byte's position, or 0 when there is none in the window or
/// what comes before it is not a Dot-string (empty, a "." first or last, two together).
[[gnu::always_inline]] inline std::size_t dot_string_end(std::uint64_t atext, std::uint64_t dot, std::size_t first) noexcept {
  const std::uint64_t stops = ~(atext | dot) & ~below(first);
  if (stops == 0) return 0;
  const auto end = static_cast<std::size_t>(__builtin_ctzll(stops));
  const std::uint64_t dots = dot & below(end) & ~below(first);
  if (end == first || bit(dots, first) || bit(dots, end - 1) || (dots & (dots >> 1)) != 0) return 0;
  return end;
}

/// Domain = sub-domain *("." sub-domain), a sub-domain starting and ending with a Let-dig:
/// true when bytes [a, b), a < b <= 64, are one, given their Let-dig, "-" and "." masks (no
/// "." next to "." or "-", first and last byte a Let-dig).
[[gnu::always_inline]] inline bool domain_ok(std::uint64_t letdig, std::uint64_t hyphen, std::uint64_t dot, std::size_t a,
                      std::size_t b) noexcept {
  const std::uint64_t region = below(b) & ~below(a);
  if ((region & ~(letdig | hyphen | dot)) != 0 || !bit(letdig, a) || !bit(letdig, b - 1)) return false;
  const std::uint64_t dots = dot & region, hyphens = hyphen & region;
  return (dots & ((dots | hyphens) >> 1)) == 0 && (hyphens & (dots >> 1)) == 0;
}

/// The labels of the Domain [a, b) whose third and fourth bytes are "-", given its "-" and
/// "." masks: only these can start with the ACE prefix "xn--" (RFC 5890 2.3.2.1), so a
/// Domain without any needs no closer look for A-labels.
[[gnu::always_inline]] inline std::uint64_t ace_candidates(std::uint64_t hyphen, std::uint64_t dot, std::size_t a,
                                                           std::size_t b) noexcept {
  const std::uint64_t region = below(b) & ~below(a);
  const std::uint64_t label_starts = (((dot & region) << 1) | (std::uint64_t{1} << a)) & region;
  return label_starts & (hyphen >> 2) & (hyphen >> 3);
}

}  // namespace smtpcodec::detail::dotted
