# Grammar-only: the PROXY protocol version 1 line (HAProxy doc/proxy-protocol.txt 2.1,
# revision 2020/03/05), which a load balancer sends before the SMTP stream.
#   2.1  "PROXY" SP ( "TCP4" / "TCP6" / "UNKNOWN" ) SP src SP dst SP sport SP dport CRLF
# The spec gives the line as prose; the rule names below are ours, in ABNF style. The IPv6
# text form is RFC 3986 3.2.2 IPv6address (the RFC 4291 2.2 forms), and the IPv4 form is RFC
# 3986 dec-octet, which already forbids the leading zeros spec 2.1 forbids.
# What this grammar decides: every byte of the line, numeric ranges (octets 0..255, ports
# 0..65535), "exactly 128 bits" for IPv6, CRLF. What it leaves to the host: the 107-octet
# limit, and converting the text it has marked into bytes and numbers.
#
# Dependencies: common/abnf_core.rl, included first (DIGIT, HEXDIG, SP, CR, LF, CRLF).
# Required actions:
#   mark        at the first character of each address and port
#   src_end     after the source address (on the SP that follows it)
#   dst_end     after the destination address
#   sport_end   after the source port
#   dport_end   after the destination port (on the CR)
#   proto_tcp4, proto_tcp6, proto_unknown   on the last character of the protocol keyword
#   line_end    on the LF that ends the line

%%{
  machine proxy_grammar;

  # HEXDIG (abnf_core) is upper or lower case, as spec 2.1 says. Spec 2.1: "The receiver
  # must not tolerate a single CR or LF character to end the line": CRLF only.

  # Spec 2.1: "exactly 4 integers in the range [0..255] ... Heading zeroes are not
  # permitted". RFC 3986 3.2.2 dec-octet is exactly that.
  dec_octet = DIGIT
            | 0x31..0x39 DIGIT
            | '1' DIGIT DIGIT
            | '2' 0x30..0x34 DIGIT
            | '25' 0x30..0x35;
  IPv4address = dec_octet '.' dec_octet '.' dec_octet '.' dec_octet;

  # Spec 2.1: "sets of 4 hexadecimal digits ... delimited by colons ... one double colon
  # sequence ... The total number of decoded bits must exactly be 128." Deviation (lenient,
  # as every sender's inet_ntop output needs): groups of 1 to 4 digits, and the RFC 4291 2.2
  # dotted-quad tail ("::ffff:192.0.2.1"), i.e. RFC 3986 3.2.2 IPv6address.
  h16 = HEXDIG{1,4};
  ls32 = h16 ':' h16 | IPv4address;
  IPv6address =                               ( h16 ':' ){6} ls32
              |                          '::' ( h16 ':' ){5} ls32
              | (                 h16 )? '::' ( h16 ':' ){4} ls32
              | ( ( h16 ':' ){,1} h16 )? '::' ( h16 ':' ){3} ls32
              | ( ( h16 ':' ){,2} h16 )? '::' ( h16 ':' ){2} ls32
              | ( ( h16 ':' ){,3} h16 )? '::'   h16 ':'      ls32
              | ( ( h16 ':' ){,4} h16 )? '::'                ls32
              | ( ( h16 ':' ){,5} h16 )? '::'                h16
              | ( ( h16 ':' ){,6} h16 )? '::';

  # Spec 2.1: "a decimal integer in the range [0..65535] inclusive. Heading zeroes are not
  # permitted". "0" alone is the number zero, not a heading zero.
  port = '0'
       | 0x31..0x39 DIGIT{0,3}
       | 0x31..0x35 DIGIT{4}
       | '6' 0x30..0x34 DIGIT{3}
       | '65' 0x30..0x34 DIGIT{2}
       | '655' 0x30..0x32 DIGIT
       | '6553' 0x30..0x35;

  # The four fields after the protocol, each behind exactly one SP ("exactly one space").
  proxy_fields4 = SP IPv4address >mark %src_end SP IPv4address >mark %dst_end
                  SP port >mark %sport_end SP port >mark %dport_end;
  proxy_fields6 = SP IPv6address >mark %src_end SP IPv6address >mark %dst_end
                  SP port >mark %sport_end SP port >mark %dport_end;

  # Spec 2.1: for "UNKNOWN", "the rest of the line before the CRLF may be omitted by the
  # sender, and the receiver must ignore anything presented before the CRLF". Strict: what
  # is ignored may hold neither CR nor LF (a bare one is not a line end), and must start
  # with SP, as every other field does.
  proxy_unknown_rest = ( SP ( any - CR - LF )* )?;

  proxy_v1_line = 'PROXY' SP
                  ( 'TCP4' @proto_tcp4 proxy_fields4
                  | 'TCP6' @proto_tcp6 proxy_fields6
                  | 'UNKNOWN' @proto_unknown proxy_unknown_rest )
                  CR LF @line_end;
}%%
