# Grammar-only: ESMTP parameters of MAIL and RCPT and the value encodings they carry.
#   RFC 5321 4.1.2  Mail-parameters / Rcpt-parameters, esmtp-param, esmtp-keyword, esmtp-value
#                   (RFC 1869 4.1 before it)
#   RFC 6531 3.3    esmtp-value may also hold UTF8-non-ascii (MAIL with SMTPUTF8, and RCPT in
#                   such a transaction); the byte ranges come from RFC 3629 4
#   RFC 3461 4      xtext (ENVID, ORCPT, and AUTH= of RFC 4954 5)
#   RFC 6533 3      utf-8-addr-xtext / utf-8-addr-unitext (ORCPT with the "utf-8" addr-type)
# What this grammar decides: where each parameter, keyword and value begins and ends, and
# whether every byte is allowed where it stands. What it leaves to the host: keyword look-up,
# duplicates, the parameter count, and the value syntax of each registered parameter.
#
# Dependencies: common/abnf_core.rl, included first (ALPHA, DIGIT, SP, UTF8_non_ascii).
# Required actions (only in mail_parameters / mail_parameters_utf8):
#   kw_begin   at the first character of each esmtp-keyword
#   val_begin  at the first character of each esmtp-value (just after "=")
#   param_end  after each esmtp-param: on the SP that follows it, or at the end of input
#   utf8_seen  at the lead byte of each UTF8-non-ascii character of a value

%%{
  machine esmtp_params_grammar;

  # RFC 5321 4.1.2: esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
  esmtp_keyword = ( ALPHA | DIGIT ) ( ALPHA | DIGIT | '-' )*;

  # RFC 5321 4.1.2: esmtp-value = 1*(%d33-60 / %d62-126)
  #   ; any CHAR excluding "=", SP, and control characters.
  esmtp_value_char = 0x21..0x3c | 0x3e..0x7e;
  esmtp_value = esmtp_value_char+;
  # RFC 6531 3.3: esmtp-value =/ UTF8-non-ascii, i.e. 1*(%d33-60 / %d62-126 / UTF8-non-ascii).
  esmtp_value_utf8 = ( esmtp_value_char | UTF8_non_ascii )+;
  esmtp_value_utf8_marked = ( esmtp_value_char | UTF8_non_ascii >utf8_seen )+;

  # RFC 5321 4.1.2: esmtp-param = esmtp-keyword ["=" esmtp-value]
  esmtp_param = esmtp_keyword >kw_begin ( '=' esmtp_value >val_begin )? %param_end;
  esmtp_param_utf8 = esmtp_keyword >kw_begin ( '=' esmtp_value_utf8_marked >val_begin )? %param_end;

  # RFC 5321 4.1.2: Mail-parameters = esmtp-param *(SP esmtp-param), and Rcpt-parameters the
  # same. Strict on purpose: exactly one SP between parameters, none before the first (the
  # SP after the path belongs to the command line) and none after the last. The empty list
  # (no parameters at all) is accepted; the host hands over the text after "path SP".
  mail_parameters = ( esmtp_param ( SP esmtp_param )* )?;
  mail_parameters_utf8 = ( esmtp_param_utf8 ( SP esmtp_param_utf8 )* )?;

  # RFC 3461 4: xtext = *( xchar / hexchar )
  #   xchar = any ASCII CHAR between "!" (33) and "~" (126) inclusive, except for "+" and "=".
  #   hexchar = ASCII "+" immediately followed by two upper case hexadecimal digits.
  # Strict: "+2b" (lower case) is refused, as the RFC's "upper case" says. Deviation: at least
  # one character, since every use of xtext is an esmtp-value, which is never empty.
  xchar = 0x21..0x2a | 0x2c..0x3c | 0x3e..0x7e;
  HEXDIG_upper = DIGIT | 0x41..0x46;
  hexchar = '+' HEXDIG_upper HEXDIG_upper;
  xtext = ( xchar | hexchar )+;

  # RFC 6533 3 (ORCPT=utf-8;...):
  #   QCHAR = %x21-2a / %x2c-3c / %x3e-5b / %x5d-7e   ; printable ASCII but "\", "+", "="
  #   QUCHAR = QCHAR / UTF8-2 / UTF8-3 / UTF8-4
  #   EmbeddedUnicodeChar = %x5C.78 "{" HEXPOINT "}"  ; "\x{...}"
  QCHAR = 0x21..0x2a | 0x2c..0x3c | 0x3e..0x5b | 0x5d..0x7e;
  QUCHAR = QCHAR | UTF8_non_ascii;
  HEXDIG8 = 0x38..0x39 | 0x41..0x46 | 0x61..0x66;           # HEXDIG excluding 0-7
  NZHEXDIG = 0x31..0x39 | 0x41..0x46 | 0x61..0x66;          # HEXDIG excluding "0"
  NZDHEXDIG = 0x31..0x39 | 0x41..0x43 | 0x45..0x46 | 0x61..0x63 | 0x65..0x66;  # and "D"
  # HEXPOINT: "\" or a code point outside ASCII, or one of the xtext-specials the RFC lists.
  # As written in RFC 6533 3, including its gaps (no 0A-0F or 1A-1F: CR and LF can never be
  # smuggled through the escape). Deviation: the 6-digit form is "10" 4HEXDIG (the RFC's
  # "4*HEXDIG" would reach past U+10FFFF).
  HEXPOINT = ( ( '0' | '1' ) 0x31..0x39 ) | '10' | '20'
           | ( '2' ( 'B' | 'b' ) ) | ( '3' ( 'D' | 'd' ) ) | ( '7' ( 'F' | 'f' ) )  # xtext-specials
           | ( '5' ( 'C' | 'c' ) ) | ( HEXDIG8 HEXDIG )                             # 2-digit forms
           | ( NZHEXDIG HEXDIG{2} )                                                 # 3-digit forms
           | ( NZDHEXDIG HEXDIG{3} ) | ( ( 'D' | 'd' ) 0x30..0x37 HEXDIG{2} )         # 4-digit, no surrogates
           | ( NZHEXDIG HEXDIG{4} )                                                 # 5-digit forms
           | ( '10' HEXDIG{4} );                                                    # 6-digit forms
  EmbeddedUnicodeChar = '\\' 'x' '{' HEXPOINT '}';
  # utf-8-addr-xtext = 1*(QCHAR / EmbeddedUnicodeChar)     ; 7-bit, usable without SMTPUTF8
  # utf-8-addr-unitext = 1*(QUCHAR / EmbeddedUnicodeChar)  ; needs SMTPUTF8
  # Not checked here: that the dequoted text is a Mailbox (RFC 6533 3 "MUST follow
  # utf-8-address ABNF when dequoted"); the path parser can do that on the decoded form.
  utf_8_addr_xtext = ( QCHAR | EmbeddedUnicodeChar )+;
  utf_8_addr_unitext = ( QUCHAR | EmbeddedUnicodeChar )+;
}%%
