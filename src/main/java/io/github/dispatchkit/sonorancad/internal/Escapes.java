package io.github.dispatchkit.sonorancad.internal;

import java.util.Map;

/**
 * Decodes the one escaped character at a position of a text, in the forms a server may echo text
 * in: JSON (<code>&#92;u002B</code>, {@code \/}), HTML character references ({@code &#43;}, {@code &#x2B;},
 * {@code &plus;}) and URL encoding ({@code %2B}, {@code +} for a space). For {@link ApiKey#redact}.
 */
final class Escapes {
  /** The named HTML references of the printable ASCII characters an API key may contain. */
  private static final Map<String, Character> NAMED = Map.ofEntries(
      Map.entry("plus", '+'), Map.entry("sol", '/'), Map.entry("equals", '='), Map.entry("lowbar", '_'),
      Map.entry("hyphen", '-'), Map.entry("dash", '-'), Map.entry("period", '.'), Map.entry("colon", ':'),
      Map.entry("amp", '&'), Map.entry("lt", '<'), Map.entry("gt", '>'), Map.entry("quot", '"'),
      Map.entry("apos", '\''), Map.entry("num", '#'), Map.entry("percnt", '%'), Map.entry("excl", '!'),
      Map.entry("quest", '?'), Map.entry("ast", '*'), Map.entry("commat", '@'), Map.entry("dollar", '$'),
      Map.entry("hat", '^'), Map.entry("grave", '`'), Map.entry("lpar", '('), Map.entry("rpar", ')'),
      Map.entry("comma", ','), Map.entry("semi", ';'), Map.entry("lsqb", '['), Map.entry("lbrack", '['),
      Map.entry("rsqb", ']'), Map.entry("rbrack", ']'), Map.entry("lcub", '{'), Map.entry("lbrace", '{'),
      Map.entry("rcub", '}'), Map.entry("rbrace", '}'), Map.entry("verbar", '|'), Map.entry("vert", '|'),
      Map.entry("bsol", '\\'), Map.entry("tilde", '~'), Map.entry("nbsp", ' '));
  private static final int LONGEST_NAME = 6;

  private Escapes() {
  }

  /**
   * Returns the escape at {@code at} of {@code text} packed as {@code length << 16 | char}, or -1
   * if none starts there. Unpack with {@link #decoded} and {@link #length}.
   */
  static long decode(String text, int at) {
    if (at >= text.length()) {
      return -1;
    }
    switch (text.charAt(at)) {
      case '\\':
        return json(text, at);
      case '%':
        int hex = hex(text, at + 1, 2);
        return hex < 0 ? -1 : pack(hex, 3);
      case '+':
        return pack(' ', 1);
      case '&':
        return html(text, at);
      default:
        return -1;
    }
  }

  static char decoded(long unit) {
    return (char) (unit & 0xffff);
  }

  static int length(long unit) {
    return (int) (unit >>> 16);
  }

  private static long json(String text, int at) {
    if (at + 1 >= text.length()) {
      return -1;
    }
    char next = text.charAt(at + 1);
    if (next == 'u' || next == 'U') {
      int hex = hex(text, at + 2, 4);
      return hex < 0 ? -1 : pack(hex, 6);
    }
    return next == '/' || next == '"' || next == '\\' || next == '\'' ? pack(next, 2) : -1;
  }

  /** {@code &#43;}, {@code &#x2b;}, {@code &plus;}; the semicolon may be left out of a numeric one. */
  private static long html(String text, int at) {
    int i = at + 1;
    if (i < text.length() && text.charAt(i) == '#') {
      i++;
      boolean hex = i < text.length() && (text.charAt(i) == 'x' || text.charAt(i) == 'X');
      if (hex) {
        i++;
      }
      int value = 0;
      int digits = 0;
      for (; i < text.length() && digits < 8; i++, digits++) {
        int digit = Character.digit(text.charAt(i), hex ? 16 : 10);
        if (digit < 0) {
          break;
        }
        value = value * (hex ? 16 : 10) + digit;
      }
      if (digits == 0 || value > 0xffff) {
        return -1;
      }
      if (i < text.length() && text.charAt(i) == ';') {
        i++;
      }
      return pack(value, i - at);
    }
    int end = text.indexOf(';', i);
    if (end < 0 || end - i > LONGEST_NAME) {
      return -1;
    }
    Character named = NAMED.get(text.substring(i, end).toLowerCase(java.util.Locale.ROOT));
    return named == null ? -1 : pack(named, end + 1 - at);
  }

  private static int hex(String text, int from, int count) {
    if (from + count > text.length()) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int digit = Character.digit(text.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  private static long pack(int c, int length) {
    return ((long) length << 16) | c;
  }
}
