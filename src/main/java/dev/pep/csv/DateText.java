package dev.pep.csv;

/**
 * Reads the numbers of a numeric date-time text in one pass, without allocating: {@code a/b/y
 * H:mm[:ss]} (a year of 2 or 4 digits) and {@code yyyy-MM-dd HH:mm[:ss]} (or with a {@code T}).
 * Shared by the layout detector and the event parser, so both see the same shapes.
 */
public final class DateText {
  /** Not a numeric date-time this class knows. */
  public static final int NONE = 0;

  /** {@code a/b/y H:mm[:ss]}: out = a, b, year as written, hour, minute, second. */
  public static final int SLASH = 1;

  /** {@code yyyy-MM-dd HH:mm[:ss]}: out = year, month, day, hour, minute, second. */
  public static final int ISO = 2;

  /** Slot in {@code out} holding the number of digits of the year. */
  public static final int YEAR_DIGITS = 6;

  /** Slot in {@code out} holding 1 when the text has seconds. */
  public static final int HAS_SECONDS = 7;

  /** Size of the array {@link #lex} fills. */
  public static final int SLOTS = 8;

  private DateText() {}

  /** Fills {@code out} (length {@link #SLOTS}) with the text's numbers and returns its kind. */
  public static int lex(String s, int[] out) {
    int n = s.length();
    int p = num(s, 0, out, 0);
    if (p < 0 || p >= n) {
      return NONE;
    }
    int kind;
    if (s.charAt(p) == '/' && p <= 2) {
      kind = SLASH;
      int q = num(s, p + 1, out, 1);
      if (q < 0 || q - p - 1 > 2 || q >= n || s.charAt(q) != '/') {
        return NONE;
      }
      p = num(s, q + 1, out, 2);
      int yearDigits = p - q - 1;
      if (p < 0 || (yearDigits != 2 && yearDigits != 4)) {
        return NONE;
      }
      out[YEAR_DIGITS] = yearDigits;
    } else if (s.charAt(p) == '-' && p == 4) {
      kind = ISO;
      int q = num(s, 5, out, 1);
      if (q != 7 || q >= n || s.charAt(q) != '-') {
        return NONE;
      }
      p = num(s, 8, out, 2);
      if (p != 10) {
        return NONE;
      }
      out[YEAR_DIGITS] = 4;
    } else {
      return NONE;
    }
    if (p >= n || (s.charAt(p) != ' ' && !(kind == ISO && s.charAt(p) == 'T'))) {
      return NONE;
    }
    int h = num(s, p + 1, out, 3);
    if (h < 0 || h - p - 1 > 2 || h >= n || s.charAt(h) != ':') {
      return NONE;
    }
    int m = num(s, h + 1, out, 4);
    if (m != h + 3) {
      return NONE;
    }
    out[5] = 0;
    out[HAS_SECONDS] = 0;
    if (m == n) {
      return kind;
    }
    if (s.charAt(m) != ':' || num(s, m + 1, out, 5) != m + 3 || m + 3 != n) {
      return NONE;
    }
    out[HAS_SECONDS] = 1;
    return kind;
  }

  /** Reads 1 to 4 digits at {@code p} into {@code out[slot]}; the position after, or -1. */
  private static int num(String s, int p, int[] out, int slot) {
    int v = 0;
    int i = p;
    int n = s.length();
    while (i < n && i - p < 5) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        break;
      }
      v = v * 10 + (ch - '0');
      i++;
    }
    if (i == p || i - p > 4) {
      return -1;
    }
    out[slot] = v;
    return i;
  }

  /** The java.time-style pattern of a lexed text, for people, e.g. {@code M/d/yy H:mm}. */
  public static String pattern(int kind, int[] out, boolean dayFirst) {
    String seconds = out[HAS_SECONDS] == 1 ? ":ss" : "";
    if (kind == ISO) {
      return "yyyy-MM-dd HH:mm" + seconds;
    }
    String year = out[YEAR_DIGITS] == 2 ? "yy" : "yyyy";
    return (dayFirst ? "d/M/" : "M/d/") + year + " H:mm" + seconds;
  }
}
