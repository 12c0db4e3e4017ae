// The vector lane's rules, over the masks of src/command_lane.cpp. Included there once per
// instruction set, inside a namespace that first defines the vector type `vec` and its
// primitives (load, load_prefix, bytes_equal, bytes_in, first_word, nibbles, class_bits,
// any_bits) and
// the attributes SMTPCODEC_LANE_INLINE / SMTPCODEC_LANE_ENTRY that compile it for that set.
// Deliberately without an include guard.
// NOLINTBEGIN(llvm-header-guard)

/// A window's bytes by class (bit i for byte i; nothing at or past the window's end): three
/// vectors of class bits, from which each mask below is one test.
struct window_classes {
  vec lo, hi;  // the nibbles
  vec c1, c2;  // pairs 1 and 2; pair 3 (rarer classes) is looked up when asked for

  SMTPCODEC_LANE_INLINE vec c3() const noexcept { return class_bits(lo, hi, tables3); }
  SMTPCODEC_LANE_INLINE mask test(const vec& c, unsigned char bits) const noexcept {
    return any_bits(c, bits);
  }
  SMTPCODEC_LANE_INLINE mask atext() const noexcept { return test(c1, atext_nibbles::atext_rows); }  // RFC 5322
  SMTPCODEC_LANE_INLINE mask letter() const noexcept { return test(c1, atext_nibbles::letter_rows); }
  SMTPCODEC_LANE_INLINE mask letdig() const noexcept { return letter() | digit(); }  // RFC 5321 Let-dig
  SMTPCODEC_LANE_INLINE mask digit() const noexcept { return test(c2, c_digit); }
  SMTPCODEC_LANE_INLINE mask dot() const noexcept { return test(c2, c_dot); }
  SMTPCODEC_LANE_INLINE mask hyphen() const noexcept { return test(c2, c_hyphen); }
  SMTPCODEC_LANE_INLINE mask at() const noexcept { return test(c2, c_at); }
  SMTPCODEC_LANE_INLINE mask gt() const noexcept { return test(c2, c_gt); }
  SMTPCODEC_LANE_INLINE mask eq() const noexcept { return test(c2, c_eq); }
  SMTPCODEC_LANE_INLINE mask sp() const noexcept { return test(c2, c_sp); }
  SMTPCODEC_LANE_INLINE mask comma() const noexcept { return test(c2, c_comma); }
  SMTPCODEC_LANE_INLINE mask semi() const noexcept { return test(c3(), c_semi); }
  SMTPCODEC_LANE_INLINE mask plus() const noexcept { return test(c3(), c_plus); }
  SMTPCODEC_LANE_INLINE mask quote() const noexcept { return test(c3(), c_quote); }
  SMTPCODEC_LANE_INLINE mask backslash() const noexcept { return test(c3(), c_backslash); }
  SMTPCODEC_LANE_INLINE mask rbracket() const noexcept { return test(c3(), c_rbracket); }
  SMTPCODEC_LANE_INLINE mask colon() const noexcept { return test(c3(), c_colon); }
  /// HEXDIG, either case (RFC 5234 2.3).
  SMTPCODEC_LANE_INLINE mask hex() const noexcept {
    return digit() | test(c3(), c_hex_upper_letter | c_hex_lower_letter);
  }
  /// xtext's hexchar: DIGIT / "A"-"F" (RFC 3461 4).
  SMTPCODEC_LANE_INLINE mask hex_upper() const noexcept { return digit() | test(c3(), c_hex_upper_letter); }
  /// Let-dig / "-" / ".": what a Domain is made of.
  SMTPCODEC_LANE_INLINE mask ldh_dot() const noexcept { return letter() | test(c2, c_digit | c_hyphen | c_dot); }
  /// Let-dig / "-": what an esmtp-keyword is made of.
  SMTPCODEC_LANE_INLINE mask ldh() const noexcept { return letter() | test(c2, c_digit | c_hyphen); }
};

/// Classes the bytes of v (zero past the window's end).
SMTPCODEC_LANE_INLINE window_classes classify(const vec& v) noexcept {
  vec lo, hi;
  nibbles(v, lo, hi);
  return window_classes{lo, hi, class_bits(lo, hi, tables1), class_bits(lo, hi, tables2)};
}

/// A window: `n` bytes at `p` with their classes, and how far the buffer may be read
/// (`readable` >= n bytes from p).
struct text_window {
  const unsigned char* p;
  std::size_t n;
  std::size_t readable;
  window_classes m;
};

/// The `n` (<= 64) bytes of a line at p, where `readable` >= n bytes may be read: with 64
/// readable, a whole block with what follows the line left in (a CR first, in no class), so
/// that the load and its classing wait for nothing, not even the line's length (measured as
/// ~1.3 ns a line of the mix for the path's window); every rule reading such a window stops
/// at the line's end or masks past it.
SMTPCODEC_LANE_INLINE vec load_line_window(const unsigned char* p, std::size_t n, std::size_t readable) noexcept {
  return readable >= window ? load_block(p) : load_prefix(p, n, readable);
}

/// The `n` (<= 8) bytes at `at` as a little-endian word, with bytes past them unspecified.
SMTPCODEC_LANE_INLINE std::uint64_t bytes_at(const text_window& w, std::size_t at, std::size_t n) noexcept {
  std::uint64_t x;
  // A plain 8-byte load where the buffer goes on that far (nearly always: a CRLF and more
  // lines follow); else the vector load, which reads only the n bytes.
  if (w.readable - at >= 8) std::memcpy(&x, w.p + at, 8);
  else x = first_word(load(w.p + at, n < 8 ? n : 8));
  return x;
}

/// The `n` (<= 8) bytes at `at`, case-folded: every byte gets bit 5. Compared with a
/// lower-case word this is an exact case-insensitive comparison for bytes the masks
/// showed to be text: a letter meets only its other case, and a digit, "-", "," or ";"
/// only a control byte, which cannot be there.
SMTPCODEC_LANE_INLINE std::uint64_t folded(const text_window& w, std::size_t at, std::size_t n) noexcept {
  return (bytes_at(w, at, n) | 0x2020202020202020ULL) & low_bytes(n);
}

/// The value of the `n` (1 to 8) decimal digits at `at`, all at once: each step adds
/// neighbouring numbers of the step before (digits, then pairs, then quads), weighted.
SMTPCODEC_LANE_INLINE std::uint64_t digits_value(const text_window& w, std::size_t at, std::size_t n) noexcept {
  // Digit values, the first digit in the lowest byte, moved up so that zeros lead; a borrow
  // from a byte past n only reaches the bytes above it, which the mask clears.
  std::uint64_t x = ((bytes_at(w, at, n) - 0x3030303030303030ULL) & low_bytes(n)) << (8 * (8 - n));
  x = ((x * (1 + (10ULL << 8))) >> 8) & 0x00FF00FF00FF00FFULL;
  x = ((x * (1 + (100ULL << 16))) >> 16) & 0x0000FFFF0000FFFFULL;
  return (x * (1 + (10000ULL << 32))) >> 32;
}

/// The value of the `n` (1 to 16) decimal digits at `at`: the last eight, and those before.
SMTPCODEC_LANE_INLINE std::uint64_t decimal_value(const text_window& w, std::size_t at, std::size_t n) noexcept {
  const std::size_t high = n > 8 ? n - 8 : 0;
  const std::uint64_t low = digits_value(w, at + high, n - high);
  return high != 0 ? digits_value(w, at, high) * 100000000 + low : low;
}

/// Domain over [a, b), a < b <= 64 (dotted_masks.hpp).
SMTPCODEC_LANE_INLINE bool domain_ok(const window_classes& m, std::size_t a, std::size_t b) noexcept {
  return dotted::domain_ok(m.letdig(), m.hyphen(), m.dot(), a, b);
}

/// IPv4-address-literal = Snum 3("." Snum), Snum 1*3DIGIT of 0-255 (RFC 5321 4.1.3), over [a, b).
SMTPCODEC_LANE_INLINE bool ipv4_ok(const text_window& w, std::size_t a, std::size_t b) noexcept {
  if (b <= a) return false;
  const mask region = span(a, b);
  const mask dots = w.m.dot() & region, digits = w.m.digit() & region;
  if ((region & ~(digits | dots)) != 0 || count_bits(dots) != 3 || has(dots, a) || has(dots, b - 1) ||
      (dots & (dots >> 1)) != 0 || (digits & (digits >> 1) & (digits >> 2) & (digits >> 3)) != 0)
    return false;
  unsigned value = 0;
  for (std::size_t i = a; i <= b; ++i) {
    if (i == b || w.p[i] == '.') {
      if (value > 255) return false;
      value = 0;
    } else {
      value = value * 10 + static_cast<unsigned>(w.p[i] - '0');
    }
  }
  return true;
}

/// IPv6-addr (RFC 5321 4.1.3) over [a, b): full (8 groups), comp ("::" and at most 6 groups),
/// v4-full (6 groups and an IPv4 address), v4-comp ("::", at most 4 groups, IPv4), each group
/// 1*4HEXDIG; the same language as ragel/common/rfc5321.rl's IPv6_addr.
SMTPCODEC_LANE_INLINE bool ipv6_ok(const text_window& w, std::size_t a, std::size_t b) noexcept {
  if (b < a + 2) return false;
  const mask colons_all = w.m.colon() & span(a, b);
  if (colons_all == 0) return false;
  const bool v4 = (w.m.dot() & span(a, b)) != 0;
  std::size_t end = b;  // the hex-and-colon part; with IPv4, up to its ":" included
  if (v4) {
    const std::size_t last_colon = last_bit(colons_all);
    if (!ipv4_ok(w, last_colon + 1, b)) return false;
    end = last_colon + 1;
  }
  const mask region = span(a, end);
  const mask colons = w.m.colon() & region, hex = w.m.hex() & region;
  if ((region & ~(colons | hex)) != 0) return false;
  if ((hex & (hex >> 1) & (hex >> 2) & (hex >> 3) & (hex >> 4)) != 0) return false;  // 5 HEXDIG
  const mask doubles = colons & (colons >> 1);  // "::"
  if (more_than_one(doubles)) return false;     // two "::", or ":::"
  // A lone ":" cannot start the address, nor end it (with IPv4 the last ":" is a separator).
  if (has(colons, a) && !has(colons, a + 1)) return false;
  if (!v4 && has(colons, b - 1) && !has(colons, b - 2)) return false;
  const unsigned groups = count_bits(hex & ~(hex << 1));
  if (doubles == 0) return groups == (v4 ? 6U : 8U);
  return groups <= (v4 ? 4U : 6U);
}

/// RFC 3461 4 xtext over [a, b), a < b: every "+" followed by two upper-case HEXDIG (its
/// "+" bytes into `plus`). Bytes other than "+" are xchar already: printable, not "="
/// (esmtp-value) and not SP.
SMTPCODEC_LANE_INLINE bool xtext_ok(const text_window& w, std::size_t a, std::size_t b, mask& plus) noexcept {
  const mask region = span(a, b);
  plus = w.m.plus() & region;
  const mask hex = w.m.hex_upper() & region;
  return ((plus << 1) & ~hex) == 0 && ((plus << 2) & ~hex) == 0 && !has(plus, 62) && !has(plus, 63);
}

/// RFC 3461 4 xtext over [a, b), a < b, decoding to printable ASCII (RFC 3461 4.2 / 4.4):
/// every "+" followed by two upper-case HEXDIG whose value is %x20-7E. Bytes other than "+"
/// are xchar already: printable, not "=" (esmtp-value) and not SP.
SMTPCODEC_LANE_INLINE bool printable_xtext_ok(const text_window& w, std::size_t a, std::size_t b) noexcept {
  mask plus = 0;
  if (!xtext_ok(w, a, b, plus)) return false;
  while (plus != 0) {
    const std::size_t i = first_bit(plus);
    plus &= plus - 1;
    const unsigned char hi = w.p[i + 1];
    if (hi < '2' || hi > '7' || (hi == '7' && w.p[i + 2] == 'F')) return false;
  }
  return true;
}

/// RFC 3461 4.1: "NEVER" / 1#("SUCCESS" / "FAILURE" / "DELAY"), each at most once: the
/// value [a, b) looked up whole among all of them (notify_slots).
SMTPCODEC_LANE_INLINE bool notify_ok(const text_window& w, std::size_t a, std::size_t b, rcpt_parameters& r) noexcept {
  const std::size_t n = b - a;
  if (n > notify_value_max) return false;
  // Words past the value are zero; read from where the value starts (always readable).
  const std::uint64_t w0 = folded(w, a, n);
  const std::uint64_t w1 = folded(w, n > 8 ? a + 8 : a, n > 8 ? n - 8 : 0);
  const std::uint64_t w2 = folded(w, n > 16 ? a + 16 : a, n > 16 ? n - 16 : 0);
  // An empty slot is all zero, which no value (text, n >= 1) folds to.
  const notify_value& v = notify_slots.slots[notify_hash(w0, w1, notify_multiplier_v)];
  if (((v.words[0] ^ w0) | (v.words[1] ^ w1) | (v.words[2] ^ w2)) != 0) return false;
  r.notify = v.flags;
  return true;
}

/// The registered parameters this lane decodes, as find_param_id would name them; unknown
/// for the others (which go the long way).
SMTPCODEC_LANE_INLINE param_id lane_param(const text_window& w, std::size_t at, std::size_t n) noexcept {
  const std::uint64_t x = folded(w, at, n);
  const keyword_slot& slot = keyword_slots.slots[keyword_hash(x, keyword_multiplier_v)];
  // Longer than 8 bytes: none of these (its first 8 bytes alone would be compared).
  return slot.word == x && n <= 8 ? slot.id : param_id::unknown;
}

/// Decodes one parameter's value [a, b) (a == b without "="), as decode_mail_parameters /
/// decode_rcpt_parameters would, or returns false for whatever this lane leaves to them.
SMTPCODEC_LANE_INLINE bool decode_param(param_id id, bool is_mail, const text_window& w, std::size_t a, std::size_t b,
                         bool has_value, const param_decode_options& opt, mail_parameters& mp,
                         rcpt_parameters& rp) noexcept {
  const extension_set& ext = opt.extensions;
  const std::size_t n = b - a;
  const auto* chars = reinterpret_cast<const char*>(w.p);
  switch (id) {
    case param_id::size: {  // RFC 1870 3: 1*20DIGIT (over 16: the long way, which checks overflow)
      if (!is_mail || !ext.size || !has_value || n > 16 || (span(a, b) & ~w.m.digit()) != 0) return false;
      const std::uint64_t size = decimal_value(w, a, n);
      if (opt.max_message_size != 0 && size > opt.max_message_size) return false;
      mp.size = size;
      mp.has_size = true;
      return true;
    }
    case param_id::body: {  // RFC 6152 2, RFC 3030 3
      if (!is_mail || !(ext.eight_bit_mime || ext.binary_mime) || !has_value) return false;
      // 7BIT or 8BITMIME, whichever, without a branch on which (senders pick either): the
      // value's 8 bytes folded once, compared as 4 and as 8.
      const std::uint64_t x = bytes_at(w, a, n < 8 ? n : 8) | 0x2020202020202020ULL;
      const bool seven_bit = (n == 4) & (static_cast<std::uint32_t>(x) == static_cast<std::uint32_t>(word("7bit")));
      const bool eight_bit = (n == 8) & (x == word("8bitmime")) & ext.eight_bit_mime;
      if (opaque(seven_bit | eight_bit)) [[likely]] {  // one test, not a branch on each
        mp.body = seven_bit ? body_type::seven_bit : body_type::eight_bit_mime;
        return true;
      }
      if (n == 10 && folded(w, a, 8) == word("binarymi") && folded(w, a + 8, 2) == word("me") && ext.binary_mime) {
        mp.body = body_type::binary_mime;
        return true;
      }
      return false;
    }
    case param_id::ret: {  // RFC 3461 4.3
      if (!is_mail || !ext.dsn || !has_value || n != 4) return false;
      const std::uint64_t x = folded(w, a, 4);
      if (x == word("full")) mp.ret = dsn_ret::full;
      else if (x == word("hdrs")) mp.ret = dsn_ret::hdrs;
      else return false;
      return true;
    }
    case param_id::envid:  // RFC 3461 4.4: xtext, at most 100 characters
      if (!is_mail || !ext.dsn || !has_value || n > 100 || !printable_xtext_ok(w, a, b)) return false;
      mp.envid = std::string_view(chars + a, n);
      return true;
    case param_id::auth: {  // RFC 4954 5: "AUTH=" xtext (an addr-spec or "<>")
      mask plus;
      if (!is_mail || !ext.auth || !has_value || !xtext_ok(w, a, b, plus)) return false;
      mp.auth = std::string_view(chars + a, n);
      mp.has_auth = true;
      return true;
    }
    case param_id::smtputf8:  // RFC 6531 3.4: no value
      if (!is_mail || !ext.smtputf8 || has_value) return false;
      mp.smtputf8 = true;
      return true;
    case param_id::notify:
      return !is_mail && ext.dsn && has_value && notify_ok(w, a, b, rp);
    case param_id::orcpt: {  // RFC 3461 4.2: addr-type ";" xtext; "utf-8" (RFC 6533) the long way
      if (is_mail || !ext.dsn || !has_value) return false;
      const mask semis = w.m.semi() & span(a, b);
      if (semis == 0) return false;
      const std::size_t semi = first_bit(semis);
      if (semi == a || semi + 1 == b || (span(a, semi) & ~w.m.atext()) != 0) return false;
      if (semi - a == 5 && folded(w, a, 5) == word("utf-8")) return false;
      if (!printable_xtext_ok(w, semi + 1, b)) return false;
      rp.orcpt_type = std::string_view(chars + a, semi - a);
      rp.orcpt_address = std::string_view(chars + semi + 1, b - semi - 1);
      rp.has_orcpt = true;
      return true;
    }
    default:
      return false;
  }
}

/// Whether the bytes >= 0x80 at `high` (window offsets, all below `end`) are whole,
/// well-formed UTF-8 characters (RFC 3629 4: no overlongs, surrogates or code points above
/// U+10FFFF), each within [0, end).
SMTPCODEC_LANE_INLINE bool utf8_ok(const text_window& w, mask high, std::size_t end) noexcept {
  while (high != 0) {
    const std::size_t i = first_bit(high);
    const std::size_t n = utf8_char_length(w.p + i, end - i);
    if (n == 0) return false;
    high &= ~ones(i + n);
  }
  return true;
}

/// The path at the start of window w ("<" at 0) into c.path; the offset just past its ">",
/// or 0 to leave the line to the long way. `high`: the window's bytes >= 0x80 (SMTPUTF8,
/// RFC 6531 3.3: UTF-8 in a Dot-string local part or a Domain's labels; a UTF-8 character
/// is a part of either as a letter is), all before its ">"; whether UTF-8 is allowed at all
/// is the caller's to check. `first_at`: the window offset of its first "@" as the caller
/// found it (64 or more for none).
SMTPCODEC_LANE_INLINE std::size_t take_path(const text_window& w, mask high, std::size_t first_at, bool is_mail,
                                            const command_options& opt, command& c) noexcept {
  const window_classes& m = w.m;
  const unsigned char* p = w.p;
  const auto* chars = reinterpret_cast<const char*>(p);
  const std::size_t n = w.n;
  // Written member by member into `c` (default-constructed): a local path_view copied in
  // whole measured slow (its wide loads wait for the narrow stores).
  path_view& path = c.path;
  std::size_t stop;  // just past the ">"
  if (p[1] == '>') {  // "<>", RFC 5321 4.5.5: MAIL only
    if (!is_mail || high != 0) return 0;
    stop = 2;
    path.null = true;
  } else {
    std::size_t at;
    bool quoted = false;
    if (p[1] == '"') {
      if (high != 0) return 0;  // UTF-8 in a Quoted-string: the long way
      // Quoted-string = DQUOTE *(qtextSMTP / quoted-pairSMTP) DQUOTE; every byte is SP or
      // printable already, so only the closing quote and the quoted-pairs matter.
      const mask quotes = from(m.quote(), 2);
      if (quotes == 0) return 0;
      std::size_t close = first_bit(quotes);
      if ((m.backslash() & span(2, close)) != 0) {
        for (close = 2;;) {
          if (close >= n) return 0;
          if (p[close] == '"') break;
          close += p[close] == '\\' ? 2 : 1;
        }
      }
      at = close + 1;
      quoted = true;
    } else {
      // Dot-string = Atom *("." Atom), up to the first byte that is neither atext nor ".".
      at = dotted::dot_string_end(m.atext() | high, m.dot(), 1);
      // Its "@" is the first after the "<": the Domain starts after it as the caller found
      // it, so that the choice below between an address literal and a Domain, as random
      // as senders' addresses, waits on that short chain rather than on this one (see
      // take()). (opaque: else the compiler would take `at`, being equal.)
      if (at == 0 || at != first_at) return 0;
      at = opaque(first_at);
    }
    if (!has(m.at(), at) || at + 1 >= n) return 0;
    const std::size_t d = at + 1;
    std::size_t gt;
    literal_kind literal = literal_kind::none;
    bool ace = false;  // a label with "-" third and fourth: perhaps "xn--"
    if (p[d] == '[') {
      const mask closes = from(m.rbracket(), d);
      if (closes == 0) return 0;
      const std::size_t rb = first_bit(closes);
      gt = rb + 1;
      if (!has(m.gt(), gt)) return 0;
      // IPv4 or IPv6, as random as senders' addresses: told apart by the byte after "[",
      // a short chain from the load (not by whether the IPv4 syntax holds, a long one).
      if ((p[d + 1] | 0x20) == 'i') {
        if (rb - d > 6 && (p[d + 2] | 0x20) == 'p' && (p[d + 3] | 0x20) == 'v' && p[d + 4] == '6' &&
            p[d + 5] == ':' && ipv6_ok(w, d + 6, rb))
          literal = literal_kind::ipv6;
        else
          return 0;  // General-address-literal, or an error: the long way
      } else if (ipv4_ok(w, d + 1, rb)) {
        literal = literal_kind::ipv4;
      } else {
        return 0;  // as above
      }
    } else {
      const mask stops = from(~(m.ldh_dot() | high), d);
      if (stops == 0) return 0;
      gt = first_bit(stops);
      if (gt == d || !has(m.gt(), gt) || !dotted::domain_ok(m.letdig() | high, m.hyphen(), m.dot(), d, gt)) return 0;
      ace = dotted::ace_candidates(m.hyphen(), m.dot(), d, gt) != 0;
    }
    stop = gt + 1;
    // RFC 5321 4.5.3.1.1-2: the limits (the long way reports a breach).
    const std::string_view local(chars + 1, at - 1);
    const std::string_view domain(chars + d, gt - d);
    if (local.size() > opt.limits.max_local_part || domain.size() > opt.limits.max_domain) return 0;
    mailbox_view& mailbox = path.mailbox;
    bool idn;
    if (high == 0) [[likely]] {
      idn = has_a_label_if(ace, domain);
    } else {
      if ((high & ~ones(gt)) != 0 || !utf8_ok(w, high, gt)) return 0;
      // RFC 5890/5891: U-labels as libidn2 judges them (a refusal is the long way's to report).
      const bool u_labels = (high & span(d, gt)) != 0;
      if (u_labels && opt.check_u_labels && find_invalid_u_label(domain) != command_scan::npos) return 0;
      idn = u_labels || has_a_label_if(ace, domain);
      mailbox.utf8 = true;
    }
    mailbox.local_part = local;
    mailbox.domain = domain;
    mailbox.literal = literal;
    mailbox.quoted = quoted;
    mailbox.idn = idn;
  }
  path.text = std::string_view(chars, stop);
  if (stop > opt.limits.max_path) return 0;  // RFC 5321 4.5.3.1.3, "<>" included
  return stop;
}

/// The (<= 8) bytes at `at` (<= w.readable), case-folded, against `keyword` (lower case,
/// its letters and "=" only): a keyword that runs past the line's end cannot match, as the
/// byte after the line (a CR, or zero) folds to no letter and no "=".
SMTPCODEC_LANE_INLINE bool keyword_at(const text_window& w, std::size_t at, std::uint64_t keyword,
                                      std::size_t size) noexcept {
  const std::size_t left = w.readable - at;
  return ((bytes_at(w, at, left < 8 ? left : 8) | 0x2020202020202020ULL) & low_bytes(size)) == keyword;
}

/// Where take_listed_params is in a list: at the parameter starting at `at`, after `count`
/// parameters, or past the last one (`done`).
struct param_cursor {
  std::size_t at = 0;
  std::size_t count = 0;
  bool done = false;
};

/// If the parameter at cur.at is `id` (its keyword `size` bytes, folded in `keyword`, with
/// the "=" when the parameter takes a value): decodes it as take_params would (the value by
/// decode_param), appends it to c.params and moves past it. Returns true when it is taken
/// or not there, false when it is there and this lane leaves the list to take_params.
SMTPCODEC_LANE_INLINE bool take_listed(param_id id, std::uint64_t keyword, std::size_t size, bool has_value,
                                       const text_window& w, mask value_ends, bool is_mail,
                                       const command_options& opt, command& c, param_cursor& cur) noexcept {
  if (cur.done || !keyword_at(w, cur.at, keyword, size)) return true;
  const std::size_t value = cur.at + size;
  const std::size_t end = first_bit_or_64(value_ends & ~ones(value));  // an SP or the line's end
  // esmtp-value = 1*(%d33-60 / %d62-126): not empty, no "=" (RFC 5321 4.1.2).
  if (has_value ? end == value || (w.m.eq() & span(value, end)) != 0 : end != value) return false;
  if (!decode_param(id, is_mail, w, value, end, has_value, opt.params, c.mail, c.rcpt)) return false;
  const auto* chars = reinterpret_cast<const char*>(w.p);
  esmtp_param& item = c.params.items[cur.count++];
  item.keyword = std::string_view(chars + cur.at, has_value ? size - 1 : size);
  item.value = std::string_view(chars + value, end - value);
  item.has_value = has_value;
  item.id = id;
  cur.at = end + 1;
  cur.done = end == w.n;
  return true;
}

/// The parameters in the order senders write them (MAIL: SIZE, BODY, RET, ENVID, SMTPUTF8,
/// AUTH; RCPT: NOTIFY, ORCPT; each optional), the whole window w (n >= 1): decoded as
/// take_params would, each by one keyword comparison instead of the generic list syntax,
/// keyword look-up and dispatch (a fifth of the instructions of such a MAIL or RCPT line).
/// Returns false for any other list, which take_params then judges (what was written for
/// it is then written again, or cleared with the rest when the line goes the long way).
SMTPCODEC_LANE_INLINE bool take_listed_params(const text_window& w, bool is_mail, const command_options& opt,
                                              command& c) noexcept {
  const std::size_t n = w.n;  // 1 to 64
  const mask value_ends = (w.m.sp() & ones(n)) | ~ones(n);
  param_cursor cur;
  // (No lambda for the repeated arguments: it would not inherit this lane's target.)
  const bool ok =
      is_mail ? take_listed(param_id::size, word("size="), 5, true, w, value_ends, true, opt, c, cur) &&
                    take_listed(param_id::body, word("body="), 5, true, w, value_ends, true, opt, c, cur) &&
                    take_listed(param_id::ret, word("ret="), 4, true, w, value_ends, true, opt, c, cur) &&
                    take_listed(param_id::envid, word("envid="), 6, true, w, value_ends, true, opt, c, cur) &&
                    take_listed(param_id::smtputf8, word("smtputf8"), 8, false, w, value_ends, true, opt, c, cur) &&
                    take_listed(param_id::auth, word("auth="), 5, true, w, value_ends, true, opt, c, cur)
              : take_listed(param_id::notify, word("notify="), 7, true, w, value_ends, false, opt, c, cur) &&
                    take_listed(param_id::orcpt, word("orcpt="), 6, true, w, value_ends, false, opt, c, cur);
  const std::size_t limit =
      opt.max_parameters < esmtp_param_list::capacity ? opt.max_parameters : esmtp_param_list::capacity;
  if (!ok || !cur.done || cur.count > limit) return false;
  c.params.count = cur.count;
  return true;
}

/// esmtp-param *(SP esmtp-param) (RFC 5321 4.1.2): the whole window w, n >= 1.
SMTPCODEC_LANE_INLINE bool take_params(const text_window& w, bool is_mail, const command_options& opt, command& c) noexcept {
  const window_classes& m = w.m;
  const std::size_t n = w.n;  // 1 to 64
  const auto* chars = reinterpret_cast<const char*>(w.p);
  const mask valid = ones(n);
  const mask spaces = m.sp() & valid, equals = m.eq() & valid;
  // Exactly one SP between parameters, none before the first or after the last.
  if ((spaces & 1) != 0 || has(spaces, n - 1) || (spaces & (spaces >> 1)) != 0) return false;
  // The whole list's syntax at once. Each parameter starts after an SP; its keyword runs to
  // the first "=", SP or the end, whichever comes first: subtracting the start bits from the
  // bits of those terminators sets exactly the keyword bytes (a borrow stops at the first
  // terminator above its start) and clears that terminator.
  const mask starts = ((spaces << 1) | 1) & valid;
  const mask terminators = equals | spaces | (n < window ? mask{1} << n : 0);
  const mask flipped = (terminators - starts) ^ terminators;
  const mask keywords = flipped & ~terminators & valid;
  const mask first_terminators = flipped & terminators;
  // esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"); esmtp-value = 1*(%d33-60 /
  // %d62-126): so a "=" only right after a keyword, and a value after it.
  if ((keywords & ~m.ldh()) != 0 || (starts & ~m.letdig()) != 0 || (equals & ~first_terminators) != 0 ||
      ((equals << 1) & (spaces | ~valid)) != 0 || has(equals, n - 1))
    return false;
  const std::size_t limit =
      opt.max_parameters < esmtp_param_list::capacity ? opt.max_parameters : esmtp_param_list::capacity;
  const std::size_t count = count_bits(starts);
  if (count > limit) return false;
  esmtp_param_list& list = c.params;
  std::uint32_t seen = 0;
  // Parameter i starts at the i-th start bit, its keyword ends at the i-th first
  // terminator and the parameter at the i-th SP or the end (the one bit past n is missing
  // for n == 64: the search then gives 64, which is n). Three independent walks, rather
  // than each position found from the one before: that chain was most of a parameter's time.
  mask rest_starts = starts, rest_keyword_ends = first_terminators,
       rest_ends = spaces | (n < window ? mask{1} << n : 0);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t a = first_bit(rest_starts), kw_end = first_bit_or_64(rest_keyword_ends),
                      end = first_bit_or_64(rest_ends);
    rest_starts &= rest_starts - 1;
    rest_keyword_ends &= rest_keyword_ends - 1;
    rest_ends &= rest_ends - 1;
    const bool has_value = has(equals, kw_end);
    const param_id id = lane_param(w, a, kw_end - a);
    const std::uint32_t bit = 1U << static_cast<unsigned>(id);
    if (id == param_id::unknown || (seen & bit) != 0) return false;
    seen |= bit;
    const std::size_t value = has_value ? kw_end + 1 : end;
    if (!decode_param(id, is_mail, w, value, end, has_value, opt.params, c.mail, c.rcpt)) return false;
    esmtp_param& item = list.items[i];
    item.keyword = std::string_view(chars + a, kw_end - a);
    item.value = std::string_view(chars + value, end - value);
    item.has_value = has_value;
    item.id = id;
  }
  list.count = count;
  return true;
}

/// BDAT (RFC 3030 2) at p, the line of `len` (<= 64) bytes with `high` its bytes >= 0x80:
/// "BDAT" SP chunk-size [SP "LAST"], chunk-size = 1*DIGIT (over 16 digits: the long way,
/// which checks overflow). Returns `consumed`, or 0 to leave the line to the long way.
SMTPCODEC_LANE_INLINE std::size_t take_bdat(const unsigned char* p, std::size_t avail, const vec& v0, std::size_t len,
                                            mask high, std::size_t consumed, std::string_view line,
                                            command& c) noexcept {
  if (high != 0 || len > window) return 0;
  const mask digits = bytes_in(v0, '0', 10) & ones(len);
  const std::size_t end = first_bit_or_64(~digits & ~ones(5));
  const std::size_t n = end - 5;
  if (n == 0 || n > 16) return 0;
  bool last = false;
  if (end != len) {
    if (len - end != 5 || p[end] != ' ') return 0;
    // Every byte of "LAST" is a letter: OR-ing 0x20 folds case and lets nothing else match.
    std::uint32_t marker;
    std::memcpy(&marker, p + end + 1, 4);
    if ((marker | 0x20202020U) != static_cast<std::uint32_t>(word("last"))) return 0;
    last = true;
  }
  const text_window size_bytes{p + 5, n, avail - 5, {}};
  const std::uint64_t size = decimal_value(size_bytes, 0, n);
  c.verb = verb::bdat;
  c.line = line;
  c.arg = line.substr(5);
  c.bdat_size = size;
  c.last = last;
  return consumed;
}

SMTPCODEC_LANE_ENTRY std::size_t take(const unsigned char* p, std::size_t avail, bool framed,
                                         const command_options& opt, command& c) noexcept {
  if (avail == 0) return 0;
  // The line: its end, and that it holds text only (SP and printable ASCII; controls, DEL
  // and 8-bit bytes such as UTF-8 go the long way). Two blocks: lines of up to 127 bytes.
  const vec v0 = load_line_window(p, avail < window ? avail : window, avail);
  mask ends = bytes_equal(v0, '\r') | bytes_equal(v0, '\n');
  mask text = bytes_in(v0, 0x20, 0x7f - 0x20);
  std::size_t len;  // the line without its CRLF
  // Bytes >= 0x80 of the first block, where they are all the line holds besides text: a
  // MAIL / RCPT path may be UTF-8 (checked there); every other line with any goes the long way.
  mask high = 0;
  if (ends != 0) {
    len = first_bit(ends);
    if ((ones(len) & ~text) != 0) [[unlikely]] {
      high = ones(len) & bytes_in(v0, 0x80, 0x80);
      if ((ones(len) & ~text & ~high) != 0) return 0;
    }
  } else {
    if ((ones(avail) & ~text) != 0) [[unlikely]] {
      high = ones(avail) & bytes_in(v0, 0x80, 0x80);
      if ((ones(avail) & ~text & ~high) != 0) return 0;
    }
    if (avail <= window) {
      if (framed) return 0;
      len = avail;
    } else {
      const vec v1 = load_prefix(p + window, avail - window < window ? avail - window : window, avail - window);
      ends = bytes_equal(v1, '\r') | bytes_equal(v1, '\n');
      text = bytes_in(v1, 0x20, 0x7f - 0x20);
      if (ends != 0) len = window + first_bit(ends);
      else if (!framed && avail <= 2 * window) len = avail;
      else return 0;
      if ((ones(len - window) & ~text) != 0) return 0;
    }
  }
  if (framed) {
    // RFC 5321 2.3.8: the line ends in CRLF; a bare CR or LF is the line reader's to judge.
    if (p[len] != '\r' || len + 1 >= avail || p[len + 1] != '\n') return 0;
  } else if (len != avail) {
    return 0;  // a CR or LF inside the line
  }
  // Short lines (every verb here has 4 letters) and lines near a limit go the long way;
  // MAIL / RCPT may be longer than max_line_length, never shorter.
  if (len < 4 || len + 2 > opt.max_line_length) return 0;
  const std::size_t consumed = framed ? len + 2 : len;

  const auto* chars = reinterpret_cast<const char*>(p);
  const std::string_view line(chars, len);
  const auto head = first_word(v0);
  // Every byte of these verbs is a letter: OR-ing 0x20 folds case and lets nothing else match.
  const auto verb4 = static_cast<std::uint32_t>(head) | 0x20202020U;
  if (len == 4) {
    if (high != 0) return 0;
    verb v;
    switch (verb4) {
      case static_cast<std::uint32_t>(word("data")): v = verb::data; break;
      case static_cast<std::uint32_t>(word("quit")): v = verb::quit; break;
      case static_cast<std::uint32_t>(word("rset")): v = verb::rset; break;
      case static_cast<std::uint32_t>(word("noop")): v = verb::noop; break;
      case static_cast<std::uint32_t>(word("help")): v = verb::help; break;
      case static_cast<std::uint32_t>(word("atrn")): v = verb::atrn; break;
      default: return 0;
    }
    c.verb = v;
    c.line = line;
    c.arg = {};
    return consumed;
  }
  if (p[4] == ' ' && verb4 == word("bdat")) return take_bdat(p, avail, v0, len, high, consumed, line, c);
  if (p[4] == ' ' && (verb4 == word("ehlo") || verb4 == word("helo") || verb4 == word("lhlo"))) {
    // RFC 5321 4.1.1.1: a Domain (an address literal goes the long way).
    if (len < 6 || len - 5 > window || high != 0) return 0;
    const window_classes m = classify(load_line_window(p + 5, len - 5, avail - 5));
    if (!domain_ok(m, 0, len - 5)) return 0;
    c.verb = verb4 == word("ehlo") ? verb::ehlo : verb4 == word("helo") ? verb::helo : verb::lhlo;
    c.line = line;
    c.arg = line.substr(5);
    return consumed;
  }
  // Case-fold the letters only: OR-ing 0x20 into SP or ":" would let a control byte match.
  constexpr std::uint64_t mail_fold = word("\x20\x20\x20\x20\x00\x20\x20\x20");
  constexpr std::uint64_t rcpt_fold = word("\x20\x20\x20\x20\x00\x20\x20\x00");
  std::size_t lt;  // the path's "<"
  verb v;
  if (len >= 12 && (head | mail_fold) == word("mail fro") && (p[8] | 0x20) == 'm' && p[9] == ':' && p[10] == '<') {
    v = verb::mail;
    lt = 10;
  } else if (len >= 10 && (head | rcpt_fold) == word("rcpt to:") && p[8] == '<') {
    v = verb::rcpt;
    lt = 8;
  } else {
    return 0;
  }
  const bool is_mail = v == verb::mail;
  // The path must end within 64 bytes of its "<", the parameters take 64 bytes at most.
  const std::size_t path_window = len - lt < window ? len - lt : window;
  const vec path_bytes = load_line_window(p + lt, path_window, avail - lt);
  const text_window pw{p + lt, path_window, avail - lt, classify(path_bytes)};
  // The path's bytes >= 0x80 (those of the first block: the second held none). RFC 6531
  // 3.4: UTF-8 only in a RCPT of a transaction that began with SMTPUTF8, or a MAIL with it
  // (seen below, with the parameters).
  const mask path_high = high >> lt;
  if (path_high != 0 && !is_mail && !opt.smtputf8_transaction) return 0;
  // The first ">" and "@" after the "<" (in the path's window): from the line's first
  // block, loaded first of all, where they are there; else from the path's window. Whether
  // a line has parameters and which, and whether its Domain is an address literal, are
  // as random as senders' choices, and a branch on such a choice costs, when it misses,
  // its time from the line's load to its resolution: with these short chains (a compare
  // and a bit scan after a load) in place of the path's own end, the longest chain of
  // the line, a line of the mix of bench/command_bench.cpp measured ~1.2 ns faster, RCPT
  // lines with and without parameters in random order ~2.4 ns. They are the path's own
  // unless its local part is quoted: one holding a ">" goes the long way.
  const mask gts = bytes_equal(v0, '>') & ~ones(lt + 1), ats = bytes_equal(v0, '@') & ~ones(lt + 1);
  const std::size_t first_gt = gts != 0 ? first_bit(gts) - lt : first_bit_or_64(bytes_equal(path_bytes, '>'));
  const std::size_t first_at = ats != 0 ? first_bit(ats) - lt : first_bit_or_64(bytes_equal(path_bytes, '@'));
  const std::size_t stop = take_path(pw, path_high, first_at, is_mail, opt, c);
  bool taken = stop != 0 && stop - 1 == first_gt;
  const std::size_t params = lt + first_gt + 2;  // after the path and its SP (not from `stop`)
  if (taken && params - 1 < len) {
    taken = p[params - 1] == ' ' && params < len && len - params <= window;
    if (taken) {
      // A window of their own, always: reusing the path's (for lines up to 64 bytes from
      // their "<") made one more branch, taken as randomly as a RCPT line is long, and a
      // shift in every test (measured 1.7 ns a line of the mix slower).
      const text_window list{p + params, len - params, avail - params,
                             classify(load_line_window(p + params, len - params, avail - params))};
      taken = take_listed_params(list, is_mail, opt, c) || take_params(list, is_mail, opt, c);
    }
  }
  if (path_high != 0 && is_mail && !c.mail.smtputf8) taken = false;
  if (!taken) {
    // Leave `c` as it was given: the long way starts from a default command.
    clear_lane_members(c);
    return 0;
  }
  c.verb = v;
  c.line = line;
  c.arg = line.substr(lt);
  return consumed;
}


// NOLINTEND(llvm-header-guard)
