# Grammar-only: the structure of the mail data that follows DATA's 354 reply, as a server
# reads it, one chart per reading of bare line ends.
#   RFC 5321 4.1.1.4  the mail data ends with a line holding a single "." -- the sequence
#                     CRLF "." CRLF, whose first CRLF ends the last line of the message (at
#                     the very start of the data, DATA's own CRLF plays that part).
#   RFC 5321 4.5.2    transparency: a line that starts with "." has that "." removed.
#   RFC 5321 2.3.8    lines end in CRLF; CR and LF must not appear on their own.
#   RFC 5321 4.5.3.1.6  text lines: 1000 octets with CRLF, not counting the removed dot.
# SMTP smuggling (CERT VU#302671): in both charts the only way to `final` is a line start
# reached through a real CRLF, then "." CR LF. The data therefore ends at the first
# CRLF "." CRLF of the stream and nowhere else, whatever bare CRs and LFs surround it.
#
# data_strict (bare_eol_policy reject and accept): only CRLF ends a line. A bare CR or LF
#   is an octet of the line it is in; the host flags it (reject refuses the message).
# data_normalize (bare_eol_policy normalize): a bare LF or a bare CR also ends a line and
#   is delivered as CRLF, but the line start after it (start_bare) can hold no marker: its
#   leading "." is removed like any transparency dot.
#
# Dependencies: common/abnf_core.rl, included first (CR, LF).
# Required actions (content is every octet the host does not cut out):
#   text_octet   an ordinary octet; the machine is in `text` after it. The host counts it
#                and may fast-forward (detail/byte_scan.hpp states exactly what it skips).
#   cr           a CR, counted; whether it is half of CRLF is decided by the next octet
#   crlf         the LF of a CRLF: counted, the line ends
#   dot          a "." at a line start after CRLF: never content (a transparency dot, or
#                the end-of-data line)
#   dot_cr       the CR after that "." (undecided: end of data, or a bare CR)
#   end_of_data  the LF of CRLF "." CRLF
#   bare_lf      (strict) an LF without CR: counted as an octet of the line, flagged
#   bare_cr      (strict) the CR before this octet was bare: flagged. Must fhold: the octet
#                is read again in `text`.
#   dot_bare_cr  (strict) "." CR then not LF: the CR was a bare CR and is content. fhold.
#   lf_norm      (normalize) a bare LF: delivered as CRLF, the line ends
#   cr_norm      (normalize) the CR before this octet was bare: an LF is added, the line
#                ends. fhold: the octet starts the next line (start_bare).
#   dot_bare     (normalize) a "." at a line start after a bare line end: removed
#   dot_lf_norm  (normalize) "." LF: the dot removed, the LF delivered as CRLF
#   dot_cr_norm  (normalize) "." CR then not LF: the dot removed, CRLF delivered. fhold.

%%{
  machine rfc5321_data;

  # RFC 5321 2.3.8: everything but CR and LF is an ordinary octet of a line. 8-bit octets
  # and NUL are counted for BODY= and reported by the host, not refused here.
  octet = any - CR - LF;

  data_strict = (
    # A line start after CRLF; the machine begins here (after DATA's CRLF).
    start: (
        '.'           @dot        -> dot
      | CR            @cr         -> cr
      | LF            @bare_lf    -> text
      | (octet - '.') @text_octet -> text
    ),
    text: (
        CR    @cr         -> cr
      | LF    @bare_lf    -> text
      | octet @text_octet -> text
    ),
    cr: (
        LF         @crlf    -> start
      | (any - LF) @bare_cr -> text
    ),
    # RFC 5321 4.5.2: ". CR LF" ends the data; "." and anything else loses the dot.
    dot: (
        CR    @dot_cr     -> dot_cr
      | LF    @bare_lf    -> text
      | octet @text_octet -> text
    ),
    dot_cr: (
        LF         @end_of_data -> final
      | (any - LF) @dot_bare_cr -> text
    )
  );

  data_normalize = (
    start: (
        '.'           @dot        -> dot
      | CR            @cr         -> cr
      | LF            @lf_norm    -> start_bare
      | (octet - '.') @text_octet -> text
    ),
    # A line start after a bare LF or CR: a leading "." is a transparency dot, never the
    # start of the end-of-data line (LF "." CRLF and CR "." CRLF end nothing).
    start_bare: (
        '.'           @dot_bare   -> text
      | CR            @cr         -> cr
      | LF            @lf_norm    -> start_bare
      | (octet - '.') @text_octet -> text
    ),
    text: (
        CR    @cr         -> cr
      | LF    @lf_norm    -> start_bare
      | octet @text_octet -> text
    ),
    cr: (
        LF         @crlf    -> start
      | (any - LF) @cr_norm -> start_bare
    ),
    dot: (
        CR    @dot_cr      -> dot_cr
      | LF    @dot_lf_norm -> start_bare
      | octet @text_octet  -> text
    ),
    dot_cr: (
        LF         @end_of_data -> final
      | (any - LF) @dot_cr_norm -> start_bare
    )
  );
}%%
