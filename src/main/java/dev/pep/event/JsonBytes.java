package dev.pep.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable UTF-8 JSON output buffer for the few value kinds an event has. {@link EventJson}
 * writes events through it instead of a Jackson generator: measured on the full UCI file, Jackson
 * took ~1.2 us per event when the JIT runs C1 only (the launcher's setting), this ~0.3 us. Strings
 * are escaped as RFC 8259 requires; reading stays with Jackson. Not thread-safe.
 */
final class JsonBytes {
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] buf = new byte[512];
  private int len;

  void reset() {
    len = 0;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  /** Appends bytes that are already JSON (field-name fragments, cached values). */
  void raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
  }

  /** Appends ASCII text that needs no escaping (numbers). */
  void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  /** Appends {@code v} in decimal, as {@link Long#toString(long)} would, without a String. */
  void number(long v) {
    if (v == Long.MIN_VALUE) {
      ascii(Long.toString(v)); // its negation does not fit
      return;
    }
    ensure(20);
    byte[] b = buf;
    int p = len;
    if (v < 0) {
      b[p++] = '-';
      v = -v;
    }
    int first = p;
    do {
      b[p++] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    } while (v != 0);
    for (int i = first, j = p - 1; i < j; i++, j--) {
      byte t = b[i];
      b[i] = b[j];
      b[j] = t;
    }
    len = p;
  }

  /** Appends {@code s} as a JSON string, or {@code null}. */
  void string(String s) {
    if (s == null) {
      raw(NULL);
      return;
    }
    int n = s.length();
    ensure(n * 6 + 2); // the worst case: every char as a \\u escape
    byte[] b = buf;
    int p = len;
    b[p++] = '"';
    // Almost every value is printable ASCII with nothing to escape: take its UTF-8 bytes in bulk
    // (for such a string an array copy) and copy them; anything else is encoded char by char.
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (utf8.length == n && plain(utf8)) {
      System.arraycopy(utf8, 0, b, p, n);
      b[p + n] = '"';
      len = p + n + 1;
      return;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80) {
        if (c == '"' || c == '\\') {
          b[p++] = '\\';
        }
        b[p++] = (byte) c;
      } else if (c < 0x20) {
        p = control(b, p, c);
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xF0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        p = unicodeEscape(b, p, c); // a lone surrogate has no UTF-8 form
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    b[p++] = '"';
    len = p;
  }

  /**
   * True when each byte stands for itself in a JSON string: printable ASCII other than a quote or
   * backslash. With as many UTF-8 bytes as chars, a byte at or above 0x80 cannot occur, and a '?'
   * may stand for a lone surrogate (which gets a \\u escape instead): both mean not plain.
   */
  private static boolean plain(byte[] utf8) {
    for (byte c : utf8) {
      if (c < 0x20 || c == '"' || c == '\\' || c == '?') {
        return false;
      }
    }
    return true;
  }

  private static int control(byte[] b, int p, char c) {
    char shortForm =
        switch (c) {
          case '\n' -> 'n';
          case '\r' -> 'r';
          case '\t' -> 't';
          case '\b' -> 'b';
          case '\f' -> 'f';
          default -> 0;
        };
    if (shortForm == 0) {
      return unicodeEscape(b, p, c);
    }
    b[p++] = '\\';
    b[p++] = (byte) shortForm;
    return p;
  }

  private static int unicodeEscape(byte[] b, int p, char c) {
    b[p++] = '\\';
    b[p++] = 'u';
    b[p++] = HEX[(c >> 12) & 0xF];
    b[p++] = HEX[(c >> 8) & 0xF];
    b[p++] = HEX[(c >> 4) & 0xF];
    b[p++] = HEX[c & 0xF];
    return p;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }
}
