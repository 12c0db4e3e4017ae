// The word-at-a-time character runs of the fast paths agree with the byte tables they
// stand for, for every byte value in every position and for random words.
#include <gtest/gtest.h>

#include <array>
#include <random>

#include "detail/esmtp_params_machine.hpp"
#include "detail/path_machine.hpp"
#include "detail/swar.hpp"

namespace smtpcodec::detail {
namespace {

bool let_dig(unsigned char c) { return (path_char_class[c] & class_let_dig) != 0; }
bool value(unsigned char c) { return (char_class[c] & detail::value_char) != 0; }

template <class Word, class Byte>
void expect_agrees(Word word_prefix, Byte byte_test, const std::array<unsigned char, 8>& w) {
  std::size_t prefix = 0;
  while (prefix < 8 && byte_test(w[prefix])) ++prefix;
  EXPECT_EQ(word_prefix(w.data()), prefix) << int(w[0]) << ' ' << int(w[1]) << ' ' << int(w[2]) << ' ' << int(w[3]) << ' '
                                      << int(w[4]) << ' ' << int(w[5]) << ' ' << int(w[6]) << ' ' << int(w[7]);
}

TEST(Swar, EveryByteInEveryPosition) {
  for (unsigned pos = 0; pos < 8; ++pos) {
    for (unsigned v = 0; v < 256; ++v) {
      std::array<unsigned char, 8> w;
      w.fill('k');
      w[pos] = static_cast<unsigned char>(v);
      expect_agrees(swar::let_dig_prefix, let_dig, w);
      w.fill('!');
      w[pos] = static_cast<unsigned char>(v);
      expect_agrees(swar::value_char_prefix, value, w);
    }
  }
}

TEST(Swar, RandomWords) {
  std::mt19937 rng(8);
  // Bytes drawn mostly from around the class edges, so both answers occur often.
  const unsigned char edges[] = {0x00, 0x10, 0x19, 0x1f, 0x20, 0x21, '-', '.', '/', '0', '9', ':', '<', '=',
                                 '>',  '@',  'A',  'Z',  '[',  '`',  'a', 'z', '{', '~', 0x7f, 0x80, 0xc3, 0xff};
  int let_dig_true = 0, value_true = 0;
  for (int n = 0; n < 200000; ++n) {
    std::array<unsigned char, 8> w;
    for (auto& c : w) c = rng() % 4 ? static_cast<unsigned char>("abcXYZ0189!~"[rng() % 12]) : edges[rng() % sizeof edges];
    expect_agrees(swar::let_dig_prefix, let_dig, w);
    expect_agrees(swar::value_char_prefix, value, w);
    let_dig_true += swar::let_dig_prefix(w.data()) == 8;
    value_true += swar::value_char_prefix(w.data()) == 8;
  }
  EXPECT_GT(let_dig_true, 100);
  EXPECT_GT(value_true, 1000);
}

}  // namespace
}  // namespace smtpcodec::detail
