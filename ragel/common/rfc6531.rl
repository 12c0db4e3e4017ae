# Grammar-only: SMTPUTF8 addresses, RFC 6531 3.3 on top of common/rfc5321.rl.
#   RFC 6531 3.3   sub-domain =/ U-label
#                  atext =/ UTF8-non-ascii
#                  qtextSMTP =/ UTF8-non-ascii
#   RFC 6532 3.1 / RFC 3629 4   UTF8-non-ascii = UTF8-2 / UTF8-3 / UTF8-4
#   RFC 5890 2.3.2.1            U-label (shape only; see U_label below)
# Ragel binds a name when it is defined and has no "=/", so the extended rules get their
# own names (suffix _utf8), and every rule built on them is restated once below with the
# same structure as its RFC 5321 original. The ASCII rules of common/rfc5321.rl stay as
# RFC 5321 defines them.
#
# Dependencies: common/abnf_core.rl (UTF8_non_ascii) and common/rfc5321.rl, included first (Let_dig, sub_domain, atext, qtextSMTP,
#   quoted_pairSMTP, DQUOTE, address_literal).
# Required actions:
#   mailbox_at  on the "@" that separates Local-part from the domain in Mailbox_utf8

%%{
  machine rfc6531;

  # RFC 5890 2.3.2.1: a U-label is a label with at least one non-ASCII character that is
  # valid under IDNA2008. The grammar checks the shape: letters, digits, hyphens and
  # UTF8-non-ascii, not beginning or ending with a hyphen (RFC 5891 4.2.3.1), with some
  # non-ASCII. The IDNA2008 code point, context and bidi rules are checked by the host
  # with libidn2 (path_options::check_u_labels).
  U_let = Let_dig | UTF8_non_ascii;
  U_label = ( U_let ( ( U_let | '-' )* U_let )? ) & ( any* UTF8_non_ascii any* );

  # RFC 6531 3.3: sub-domain =/ U-label
  sub_domain_utf8 = sub_domain | U_label;
  # RFC 6531 3.3: atext =/ UTF8-non-ascii
  atext_utf8 = atext | UTF8_non_ascii;
  # RFC 6531 3.3: qtextSMTP =/ UTF8-non-ascii   (quoted-pairSMTP stays ASCII)
  qtextSMTP_utf8 = qtextSMTP | UTF8_non_ascii;

  # The RFC 5321 4.1.2 rules above the extended ones, restated over them.
  Domain_utf8 = sub_domain_utf8 ( '.' sub_domain_utf8 )*;
  Atom_utf8 = atext_utf8+;
  Dot_string_utf8 = Atom_utf8 ( '.' Atom_utf8 )*;
  QcontentSMTP_utf8 = qtextSMTP_utf8 | quoted_pairSMTP;
  Quoted_string_utf8 = DQUOTE QcontentSMTP_utf8* DQUOTE;
  Local_part_utf8 = Dot_string_utf8 | Quoted_string_utf8;
  Mailbox_utf8 = Local_part_utf8 '@' @mailbox_at ( Domain_utf8 | address_literal );
  At_domain_utf8 = '@' Domain_utf8;
  A_d_l_utf8 = At_domain_utf8 ( ',' At_domain_utf8 )*;
  Path_utf8 = '<' ( A_d_l_utf8 ':' )? Mailbox_utf8 '>';
  Forward_path_utf8 = Path_utf8;
  Reverse_path_utf8 = Path_utf8 | '<>';
}%%
