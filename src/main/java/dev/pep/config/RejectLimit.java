package dev.pep.config;

import java.util.Locale;

/**
 * How many rejects a run accepts before it decides it was fed the wrong file: none (no limit), a
 * count, or a percentage of the rows read. Immutable.
 *
 * @param count the most rejects allowed, or -1
 * @param percent the highest share of rejected rows allowed (0 to 100), or -1; judged once at least
 *     {@link #MIN_ROWS_FOR_PERCENT} rows were read, and at the end of the file
 */
public record RejectLimit(long count, double percent) {
  /** Rows read before a percentage limit is judged, so that a bad first row does not stop a run. */
  public static final long MIN_ROWS_FOR_PERCENT = 1_000;

  public static final RejectLimit NONE = new RejectLimit(-1, -1);

  public RejectLimit {
    if (count >= 0 && percent >= 0) {
      throw new IllegalArgumentException("a reject limit is a count or a percentage, not both");
    }
    if (percent > 100) {
      throw new IllegalArgumentException("a percentage is at most 100");
    }
  }

  /** Parses {@code none}, a whole number {@code N} or a percentage {@code P%}. */
  public static RejectLimit parse(String v) {
    String s = v.trim();
    if (s.equalsIgnoreCase("none")) {
      return NONE;
    }
    try {
      if (s.endsWith("%")) {
        double p = Double.parseDouble(s.substring(0, s.length() - 1));
        if (p >= 0 && p <= 100) {
          return new RejectLimit(-1, p);
        }
      } else {
        long n = Long.parseLong(s);
        if (n >= 0) {
          return new RejectLimit(n, -1);
        }
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new IllegalArgumentException(
        "expected none, a whole number of rejects (e.g. 100) or a percentage of the rows read"
            + " (e.g. 5%)");
  }

  /**
   * Whether {@code rejected} rejects among {@code rowsRead} rows exceed the limit; {@code atEnd}
   * says the whole file was read (a percentage is then judged however few rows there were).
   */
  public boolean exceeded(long rejected, long rowsRead, boolean atEnd) {
    if (count >= 0) {
      return rejected > count;
    }
    if (percent >= 0 && rowsRead > 0 && (atEnd || rowsRead >= MIN_ROWS_FOR_PERCENT)) {
      return rejected * 100.0 > percent * rowsRead;
    }
    return false;
  }

  @Override
  public String toString() {
    if (count >= 0) {
      return Long.toString(count);
    }
    return percent >= 0 ? String.format(Locale.ROOT, "%s%%", trim(percent)) : "none";
  }

  private static String trim(double p) {
    return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
  }
}
