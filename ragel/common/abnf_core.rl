# Grammar-only: the core rules every other grammar builds on, defined once.
#   RFC 5234 B.1   ALPHA, DIGIT, HEXDIG, DQUOTE, SP, CR, LF, CRLF
#   RFC 3629 4     UTF8-tail, UTF8-2, UTF8-3, UTF8-4 (as RFC 6531 3.3 and RFC 6532 3.1 use
#                  them: UTF8-non-ascii)
# ABNF strings and HEXDIG are case-insensitive (RFC 5234 2.3); a rule that wants upper
# case only (xtext's hexchar) says so itself.
#
# Dependencies: none. Every host includes this first; the other grammars use its names.
# Required actions: none.

%%{
  machine abnf_core;

  ALPHA = 0x41..0x5a | 0x61..0x7a;
  DIGIT = 0x30..0x39;
  HEXDIG = DIGIT | 0x41..0x46 | 0x61..0x66;
  DQUOTE = 0x22;
  SP = 0x20;
  CR = 0x0d;
  LF = 0x0a;
  CRLF = CR LF;

  # RFC 3629 4, as tight as it is there: no overlong forms (C0, C1, E0 80..9F,
  # F0 80..8F), no UTF-16 surrogates (ED A0..BF), nothing above U+10FFFF (F4 90.., F5..FF).
  UTF8_tail = 0x80..0xbf;
  UTF8_2 = 0xc2..0xdf UTF8_tail;
  UTF8_3 = 0xe0 0xa0..0xbf UTF8_tail
         | 0xe1..0xec UTF8_tail{2}
         | 0xed 0x80..0x9f UTF8_tail
         | 0xee..0xef UTF8_tail{2};
  UTF8_4 = 0xf0 0x90..0xbf UTF8_tail{2}
         | 0xf1..0xf3 UTF8_tail{3}
         | 0xf4 0x80..0x8f UTF8_tail{2};
  UTF8_non_ascii = UTF8_2 | UTF8_3 | UTF8_4;
}%%
