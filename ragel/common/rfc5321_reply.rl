# Grammar-only: SMTP reply lines (what a client receives) and EHLO capability lines.
#   RFC 5321 4.2    Reply-line, Reply-code, textstring
#   RFC 6531 3.7.4  reply text may hold UTF-8 (textstring =/ UTF8-non-ascii)
#   RFC 3463 2      status-code = class "." subject "." detail; subject, detail = 1*3digit
#   RFC 2034 4      the enhanced status code starts the text of each line, followed by SP
#   RFC 5321 4.1.1.1  ehlo-line = ehlo-keyword *( SP ehlo-param )
# Rule names are the ABNF names with "-" written "_". What reply_line decides: whether every
# byte of one line (without its CRLF) is allowed where it stands, and where an enhanced
# status code ends. What it leaves to the host: CRLF framing, line and reply limits, that
# every line of a reply has the same code, that the enhanced code's class matches the
# reply code (the grammar accepts any digit there so the host can say which rule failed).
#
# Dependencies: common/abnf_core.rl (ALPHA, DIGIT, SP, UTF8_non_ascii), common/rfc5321.rl and
#   common/rfc6531.rl, included first.
# Required actions (reply_line):
#   eight_bit      at the lead byte of each UTF8-non-ascii character of the text
#   es_class       on the class digit of a candidate enhanced status code
#   es_subject     on each digit of its subject
#   es_detail      on each digit of its detail
#   es_end         after the detail, when SP or the end of the line follows: only then is
#                  the candidate an enhanced status code (a text such as "2.1.0x" or
#                  "1.2.3.4" is not)
# Required actions (ehlo_line):
#   kw_end         after the keyword (at SP, "=" of the legacy form, or the end)
#   legacy_auth    on the "=" of "AUTH=" (pre-RFC 4954 clients' form, still advertised)

%%{
  machine rfc5321_reply;

  HT = 0x09;

  # ---- RFC 5321 4.2: Reply-code = %x32-35 %x30-35 %x30-39 -----------------------------
  Reply_code = 0x32..0x35 0x30..0x35 DIGIT;

  # RFC 5321 4.2: textstring = 1*(%d09 / %d32-126) ; HT, SP, Printable US-ASCII
  # RFC 6531 3.7.4: UTF-8 is allowed in reply text (the host may refuse 8-bit).
  text_char = HT | 0x20..0x7e | UTF8_non_ascii >eight_bit;

  # ---- RFC 3463 2, RFC 2034 4: an enhanced status code at the start of the text --------
  # class is any digit here; the host checks it is 2, 4 or 5 and matches the reply code.
  es_code = DIGIT @es_class '.' DIGIT{1,3} $es_subject '.' DIGIT{1,3} $es_detail;
  # Either the text starts with a status code followed by SP or the end of the line, or it
  # is plain text (which may start with the same digits, e.g. "2.1.0x"): es_end fires only
  # on the first alternative's exit, so it marks exactly the codes RFC 2034 describes.
  status_text = ( es_code %es_end ( SP text_char* )? ) | text_char*;

  # RFC 5321 4.2: Reply-line = *( Reply-code "-" [ textstring ] CRLF )
  #                            Reply-code [ SP textstring ] CRLF
  # One line without its CRLF. Deviation: "NNN SP" with empty text is accepted, as sent by
  # real servers; it reads the same as "NNN".
  reply_line = Reply_code ( ( '-' | SP ) status_text )?;

  # ---- RFC 5321 4.1.1.1: the lines of an EHLO reply after the first -------------------
  # ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
  # ehlo-param   = 1*(%d33-126) ; any CHAR excluding <SP> and all control characters
  ehlo_keyword = ( ALPHA | DIGIT ) ( ALPHA | DIGIT | '-' )*;
  ehlo_param = 0x21..0x7e+;
  ehlo_params = ( SP ehlo_param )*;
  # "AUTH=" mech *(SP mech): the form some servers add for clients written against a draft
  # of RFC 2554 (e.g. Postfix's broken_sasl_auth_clients); not ehlo-keyword syntax.
  legacy_auth = 'AUTH'i '=' @legacy_auth %kw_end ehlo_param ehlo_params;
  ehlo_line = ( ehlo_keyword %kw_end ehlo_params ) | legacy_auth;
}%%
