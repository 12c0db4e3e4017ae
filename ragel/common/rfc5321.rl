# Grammar-only: SMTP paths and their parts, as ASCII (RFC 5321 without extensions).
#   RFC 5321 4.1.2  Reverse-path, Forward-path, Path, A-d-l, At-domain, Mailbox, Local-part,
#                   Dot-string, Atom, Quoted-string, QcontentSMTP, qtextSMTP,
#                   quoted-pairSMTP, Domain, sub-domain, Let-dig, Ldh-str
#   RFC 5322 3.2.3  atext (RFC 5321 4.1.2 uses it without defining it)
#   RFC 5321 4.1.3  address-literal and its IPv4, IPv6 and General forms
#   RFC 5234 B.1    core rules
# Rule names are the ABNF names with "-" written "_". What this grammar decides: whether
# every byte is allowed where it stands. What it leaves to the host: the length limits of
# RFC 5321 4.5.3.1, "<>" / "<Postmaster>" policy, and anything outside ASCII (see
# common/rfc6531.rl, which extends atext, qtextSMTP and sub-domain as RFC 6531 3.3 says).
#
# Dependencies: common/abnf_core.rl, included first (ALPHA, DIGIT, HEXDIG, DQUOTE).
# Required actions:
#   mailbox_at  on the "@" that separates Local-part from the domain in Mailbox

%%{
  machine rfc5321;

  # ---- RFC 5321 4.1.2: domains --------------------------------------------------------
  # Let-dig = ALPHA / DIGIT
  Let_dig = ALPHA | DIGIT;
  # Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig
  Ldh_str = ( ALPHA | DIGIT | '-' )* Let_dig;
  # sub-domain = Let-dig [Ldh-str]
  # (No 63-octet label limit: that is DNS's rule (RFC 1035 2.3.4), not this grammar's.)
  sub_domain = Let_dig Ldh_str?;
  # Domain = sub-domain *("." sub-domain)   (no trailing dot)
  Domain = sub_domain ( '.' sub_domain )*;

  # ---- RFC 5321 4.1.2: local parts ----------------------------------------------------
  # RFC 5322 3.2.3: atext = ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" /
  #   "-" / "/" / "=" / "?" / "^" / "_" / "`" / "{" / "|" / "}" / "~"
  atext = ALPHA | DIGIT | [!#$%&'*+\-/=?^_`{|}~];
  # Atom = 1*atext
  Atom = atext+;
  # Dot-string = Atom *("." Atom)
  Dot_string = Atom ( '.' Atom )*;
  # qtextSMTP = %d32-33 / %d35-91 / %d93-126   (printable ASCII and SP, not '"' or '\')
  qtextSMTP = 0x20..0x21 | 0x23..0x5b | 0x5d..0x7e;
  # quoted-pairSMTP = %d92 %d32-126   (a backslash, then any printable ASCII or SP)
  quoted_pairSMTP = 0x5c 0x20..0x7e;
  # QcontentSMTP = qtextSMTP / quoted-pairSMTP
  QcontentSMTP = qtextSMTP | quoted_pairSMTP;
  # Quoted-string = DQUOTE *QcontentSMTP DQUOTE   ('""' is a Quoted-string)
  Quoted_string = DQUOTE QcontentSMTP* DQUOTE;
  # Local-part = Dot-string / Quoted-string
  Local_part = Dot_string | Quoted_string;

  # ---- RFC 5321 4.1.3: address literals -----------------------------------------------
  # Snum = 1*3DIGIT ; representing a decimal integer value in the range 0 through 255
  # Leading zeros are allowed ("007"): the rule counts digits, not values.
  Snum = DIGIT{1,2} | [01] DIGIT{2} | '2' [0-4] DIGIT | '25' [0-5];
  # IPv4-address-literal = Snum 3("." Snum)
  IPv4_address_literal = Snum ( '.' Snum ){3};

  # IPv6-hex = 1*4HEXDIG
  IPv6_hex = HEXDIG{1,4};
  # IPv6-full = IPv6-hex 7(":" IPv6-hex)
  IPv6_full = IPv6_hex ( ':' IPv6_hex ){7};
  # IPv6-comp = [IPv6-hex *5(":" IPv6-hex)] "::" [IPv6-hex *5(":" IPv6-hex)]
  #   ; The "::" represents at least 2 16-bit groups of zeros. No more than 6 groups in
  #   ; addition to the "::" may be present.
  # Ragel cannot count across "::", so the constraint is spelled out: one line per number
  # of groups before "::" (0..6), each allowing the rest (6 - n) after it.
  IPv6_comp =
      '::' ( IPv6_hex ( ':' IPv6_hex ){,5} )?
    | IPv6_hex '::' ( IPv6_hex ( ':' IPv6_hex ){,4} )?
    | IPv6_hex ( ':' IPv6_hex ){1} '::' ( IPv6_hex ( ':' IPv6_hex ){,3} )?
    | IPv6_hex ( ':' IPv6_hex ){2} '::' ( IPv6_hex ( ':' IPv6_hex ){,2} )?
    | IPv6_hex ( ':' IPv6_hex ){3} '::' ( IPv6_hex ( ':' IPv6_hex )? )?
    | IPv6_hex ( ':' IPv6_hex ){4} '::' IPv6_hex?
    | IPv6_hex ( ':' IPv6_hex ){5} '::';
  # IPv6v4-full = IPv6-hex 5(":" IPv6-hex) ":" IPv4-address-literal
  IPv6v4_full = IPv6_hex ( ':' IPv6_hex ){5} ':' IPv4_address_literal;
  # IPv6v4-comp = [IPv6-hex *3(":" IPv6-hex)] "::" [IPv6-hex *3(":" IPv6-hex) ":"]
  #               IPv4-address-literal
  #   ; The "::" represents at least 2 16-bit groups of zeros. No more than 4 groups in
  #   ; addition to the "::" and IPv4-address-literal may be present.
  # Spelled out as IPv6-comp is: 0..4 groups before "::", the rest (4 - n) after it.
  IPv6v4_comp =
      '::' ( IPv6_hex ( ':' IPv6_hex ){,3} ':' )? IPv4_address_literal
    | IPv6_hex '::' ( IPv6_hex ( ':' IPv6_hex ){,2} ':' )? IPv4_address_literal
    | IPv6_hex ( ':' IPv6_hex ){1} '::' ( IPv6_hex ( ':' IPv6_hex )? ':' )? IPv4_address_literal
    | IPv6_hex ( ':' IPv6_hex ){2} '::' ( IPv6_hex ':' )? IPv4_address_literal
    | IPv6_hex ( ':' IPv6_hex ){3} '::' IPv4_address_literal;
  # IPv6-addr = IPv6-full / IPv6-comp / IPv6v4-full / IPv6v4-comp
  IPv6_addr = IPv6_full | IPv6_comp | IPv6v4_full | IPv6v4_comp;
  # IPv6-address-literal = "IPv6:" IPv6-addr   (case-insensitive: "ipv6:" too)
  IPv6_address_literal = 'IPv6:'i IPv6_addr;

  # dcontent = %d33-90 / %d94-126   ; printable US-ASCII excluding "[", "\", "]"
  dcontent = 0x21..0x5a | 0x5e..0x7e;
  # Standardized-tag = Ldh-str   ; registered with IANA
  # Deviation (deliberate): the IANA registry is not consulted, so any Ldh-str tag is
  # accepted, except "IPv6" in any case: "[IPv6:...]" is an IPv6 literal or invalid, never a
  # General-address-literal with a broken IPv6 address as its content.
  Standardized_tag = Ldh_str - 'IPv6'i;
  # General-address-literal = Standardized-tag ":" 1*dcontent
  General_address_literal = Standardized_tag ':' dcontent+;
  # address-literal = "[" ( IPv4-address-literal / IPv6-address-literal /
  #                         General-address-literal ) "]"
  address_literal = '[' ( IPv4_address_literal | IPv6_address_literal | General_address_literal ) ']';

  # ---- RFC 5321 4.1.2: paths ----------------------------------------------------------
  # Mailbox = Local-part "@" ( Domain / address-literal )
  Mailbox = Local_part '@' @mailbox_at ( Domain | address_literal );
  # At-domain = "@" Domain
  At_domain = '@' Domain;
  # A-d-l = At-domain *( "," At-domain )   ; source route, to be ignored (4.1.2, App. C)
  A_d_l = At_domain ( ',' At_domain )*;
  # Path = "<" [ A-d-l ":" ] Mailbox ">"
  Path = '<' ( A_d_l ':' )? Mailbox '>';
  # Forward-path = Path
  Forward_path = Path;
  # Reverse-path = Path / "<>"
  Reverse_path = Path | '<>';
}%%
