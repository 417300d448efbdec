package dev.pep.event;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reads the one date shape {@link EventJson#write} gives an event's date ({@code
 * DateTimeFormatter.ISO_OFFSET_DATE_TIME} of a whole-second time): {@code 2010-12-01T08:26:00Z} or
 * {@code 2011-08-12T14:51:00+01:00}, ASCII bytes, without the formatter's general machinery. Any
 * other shape (fractions of a second, a year beyond 9999, an offset with seconds) is not read here:
 * the caller parses it with {@link OffsetDateTime#parse}, which also phrases every error.
 */
final class IsoDate {
  private static final int UTC_LENGTH = 20; // yyyy-MM-ddTHH:mm:ssZ
  private static final int OFFSET_LENGTH = 25; // yyyy-MM-ddTHH:mm:ss+HH:MM

  private IsoDate() {}

  /**
   * The date in {@code b[start, end)}, or null when it is not in the shape above.
   *
   * @throws java.time.DateTimeException the shape is right but a value is out of range (month 13,
   *     February 30, hour 24, offset beyond 18 hours)
   */
  static OffsetDateTime parse(byte[] b, int start, int end) {
    int n = end - start;
    if (n != UTC_LENGTH && n != OFFSET_LENGTH) {
      return null;
    }
    if (b[start + 4] != '-'
        || b[start + 7] != '-'
        || b[start + 10] != 'T'
        || b[start + 13] != ':'
        || b[start + 16] != ':') {
      return null;
    }
    int year = digits(b, start, 4);
    int month = digits(b, start + 5, 2);
    int day = digits(b, start + 8, 2);
    int hour = digits(b, start + 11, 2);
    int minute = digits(b, start + 14, 2);
    int second = digits(b, start + 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    ZoneOffset offset = offset(b, start + 19, n == UTC_LENGTH);
    if (offset == null) {
      return null;
    }
    return OffsetDateTime.of(LocalDateTime.of(year, month, day, hour, minute, second), offset);
  }

  /** {@code Z}, or {@code ±HH:MM}; null for anything else. */
  private static ZoneOffset offset(byte[] b, int at, boolean utc) {
    if (utc) {
      return b[at] == 'Z' ? ZoneOffset.UTC : null;
    }
    int sign = b[at] == '+' ? 1 : b[at] == '-' ? -1 : 0;
    int hours = digits(b, at + 1, 2);
    int minutes = digits(b, at + 4, 2);
    if (sign == 0 || b[at + 3] != ':' || (hours | minutes) < 0) {
      return null;
    }
    return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
  }

  /** The value of {@code count} ASCII digits at {@code at}, or -1 when one is not a digit. */
  private static int digits(byte[] b, int at, int count) {
    int v = 0;
    for (int i = at; i < at + count; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }
}
