# Grammar-only: the shape of SMTP command lines.
#   RFC 5321 4.1.1 (HELO EHLO MAIL RCPT DATA RSET VRFY EXPN HELP NOOP QUIT), RFC 3207
#   STARTTLS, RFC 4954 4 AUTH, RFC 3030 2 BDAT, RFC 1985 ETRN, RFC 2645 ATRN, RFC 2033 LHLO,
#   RFC 4468 3 BURL, Postfix XCLIENT/XFORWARD, RFC 821 SEND SOML SAML TURN.
# What this machine decides: the verb (case-insensitive, RFC 5321 2.4) and the shape of its
# arguments. MAIL and RCPT are parsed whole in the same pass: the path with the grammar of
# common/rfc5321.rl + rfc6531.rl, the parameters with common/esmtp_params.rl (one pass over
# the line is what makes command parsing fast; the rules themselves stay in their files).
# Both accept UTF-8 as grammar; whether this command may carry it (RFC 6531 3.4), the
# length limits and the parameter values are for the host to judge. What it hands on by
# offset: the EHLO/ETRN/ATRN domain (validated by the path machine's Domain rule),
# XCLIENT/XFORWARD attribute lists. A control byte simply fails the match: the host
# reports it with its own precise error.
#
# Dependencies: common/abnf_core.rl (SP), common/rfc5321.rl, common/rfc6531.rl
#   (Reverse_path_utf8) and common/esmtp_params.rl (esmtp_param_utf8), included first;
#   their required actions too (mailbox_at, kw_begin, val_begin, param_end, utf8_seen).
# Required actions:
#   v_<verb>     on the last character of each verb; records the verb and where it ends
#   arg          at the first character of the argument
#   tok2         at the first character of a second token (AUTH initial response)
#   tok1_end     after the first token (AUTH mechanism, BURL URI)
#   num_digit    on every digit of BDAT's chunk-size (overflow-checked accumulate)
#   last_marker  after "LAST" (BDAT, BURL)
#   colon        on the ":" of "FROM:" / "TO:"
#   space_after_colon  on an SP after "FROM:"/"TO:" (the host refuses it unless configured)
#   path_start   at the "<" of the MAIL/RCPT path
#   path_end     on the ">" that ends it

%%{
  machine rfc5321_commands;

  # Any byte but SP and the controls the host already refused; 8-bit bytes pass here and
  # are judged by the argument's own grammar (SMTPUTF8) or refused by the host.
  nonsp = 0x21..0x7e | 0x80..0xff;
  textchar = 0x20..0x7e | 0x80..0xff;
  word = nonsp+;
  text = nonsp textchar*;

  # RFC 5321 4.1.1.1: "EHLO" SP ( Domain / address-literal ); "HELO" SP Domain.
  # RFC 2033 4.1: "LHLO" SP Domain.
  hello = ( 'HELO'i @v_helo | 'EHLO'i @v_ehlo | 'LHLO'i @v_lhlo ) SP word >arg;

  # RFC 5321 4.1.1.2/4.1.1.3: "MAIL FROM:" Reverse-path [SP Mail-parameters],
  # "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path ) [SP Rcpt-parameters].
  # RFC 5321 3.3: no SP on either side of the colon; the host may tolerate one after it.
  # One rule serves both verbs: "<>" is only for MAIL, "<Postmaster>" only for RCPT
  # (RFC 5321 4.1.1.3), which the host decides, as it does for the path machine.
  # RFC 5321 4.1.2: Mail-parameters = esmtp-param *(SP esmtp-param), Rcpt-parameters too.
  mail_rcpt_path = ( Reverse_path_utf8 | '<' 'Postmaster'i '>' ) >path_start @path_end;
  path_and_params = ( SP+ @space_after_colon )? mail_rcpt_path ( SP esmtp_param_utf8 )*;
  mail = 'MAIL'i @v_mail SP 'FROM:'i @colon path_and_params;
  rcpt = 'RCPT'i @v_rcpt SP 'TO:'i @colon path_and_params;

  # Commands without arguments: RFC 5321 4.1.1.4 DATA, 4.1.1.5 RSET, 4.1.1.10 QUIT,
  # RFC 3207 4 STARTTLS.
  bare = 'DATA'i @v_data | 'RSET'i @v_rset | 'QUIT'i @v_quit | 'STARTTLS'i @v_starttls;

  # RFC 5321 4.1.1.6/4.1.1.7: "VRFY" SP String, "EXPN" SP String. Deliberately lenient:
  # clients send "VRFY user@example.org" and "VRFY <a@b>", which are not Strings; the
  # argument is handed over as text (RFC 6531 3.7.4: may end in SP "SMTPUTF8").
  verify = ( 'VRFY'i @v_vrfy | 'EXPN'i @v_expn ) SP text >arg;
  # RFC 5321 4.1.1.8/4.1.1.9: "HELP" [ SP String ], "NOOP" [ SP String ], text accepted.
  optional_text = ( 'HELP'i @v_help | 'NOOP'i @v_noop ) ( SP text >arg )?;

  # RFC 4954 4: "AUTH" SP sasl-mech [SP initial-response]; RFC 4422 3.1: sasl-mech is
  # 1*20 of upper-case ALPHA / DIGIT / "-" / "_" (accepted in any case, as servers do).
  # The initial response (base64 or "=") is checked by the host for a precise error.
  sasl_mech = ( alpha | digit | '-' | '_' ){1,20};
  auth = 'AUTH'i @v_auth SP sasl_mech >arg %tok1_end ( SP word >tok2 )?;

  # RFC 3030 2: "BDAT" SP chunk-size [ SP end-marker ]; chunk-size = 1*DIGIT; "LAST".
  bdat = 'BDAT'i @v_bdat SP ( digit+ >arg $num_digit ) ( SP 'LAST'i %last_marker )?;

  # RFC 1985: "ETRN" SP node-name (domain / "@" domain / "#" String), checked by the host.
  etrn = 'ETRN'i @v_etrn SP word >arg;
  # RFC 2645 4: "ATRN" [ SP domain *( "," domain ) ], checked by the host.
  atrn = 'ATRN'i @v_atrn ( SP word >arg )?;

  # RFC 4468 3: "BURL" SP absolute-URI [ SP end-marker ]; RFC 3986 scheme ":" ...
  uri = alpha ( alnum | '+' | '-' | '.' )* ':' nonsp*;
  burl = 'BURL'i @v_burl SP uri >arg %tok1_end ( SP 'LAST'i %last_marker )?;

  # Postfix XCLIENT_README / XFORWARD_README: attribute=value list, checked by the host.
  xcmd = ( 'XCLIENT'i @v_xclient | 'XFORWARD'i @v_xforward ) SP text >arg;

  # RFC 821 4.1.1 relics: recognised whatever follows, so a server answers 502.
  relic = ( 'SEND'i @v_send | 'SOML'i @v_soml | 'SAML'i @v_saml | 'TURN'i @v_turn ) ( SP textchar* >arg )?;

  command_line = hello | mail | rcpt | bare | verify | optional_text | auth | bdat
               | etrn | atrn | burl | xcmd | relic;
}%%
