package dev.pep.csv;

import java.util.List;

/**
 * How InvoiceDate is written in a file. Immutable. Either an explicit java.time pattern, or the
 * numeric layouts of {@link DateText} read row by row with the order of day and month decided from
 * the data.
 *
 * @param pattern the explicit java.time pattern, or null for the numeric layouts
 * @param order which of the first two numbers of {@code a/b/y} dates is the month
 * @param seen the layouts met while detecting, e.g. {@code M/d/yyyy H:mm}, for people
 * @param why why this order was chosen, for people; empty when there was nothing to choose
 */
public record DateLayout(String pattern, Order order, List<String> seen, String why) {

  /** The order of day and month in {@code a/b/y} dates. */
  public enum Order {
    MONTH_FIRST,
    DAY_FIRST,
    /**
     * The file has both: each row is read as its numbers allow (a field > 12 is the day), and a row
     * where either reading is possible is rejected as ambiguous.
     */
    EITHER
  }

  public DateLayout {
    seen = List.copyOf(seen);
  }

  /** The layout given by a java.time pattern. */
  public static DateLayout explicit(String pattern) {
    return new DateLayout(pattern, Order.MONTH_FIRST, List.of(pattern), "given");
  }

  public boolean isExplicit() {
    return pattern != null;
  }

  /** What a date in this file is expected to look like, for reject messages. */
  public String expected() {
    if (pattern != null) {
      return "the layout " + pattern;
    }
    return switch (order) {
      case MONTH_FIRST ->
          "a date M/d/yyyy H:mm, M/d/yy H:mm or yyyy-MM-dd HH:mm[:ss] (month first)";
      case DAY_FIRST -> "a date d/M/yyyy H:mm, d/M/yy H:mm or yyyy-MM-dd HH:mm[:ss] (day first)";
      case EITHER -> "a date a/b/yyyy H:mm or yyyy-MM-dd HH:mm[:ss] with a day > 12";
    };
  }

  /** One phrase for the layout line, e.g. {@code M/d/yyyy H:mm, month first (line 26,734 ...)}. */
  public String describe() {
    String layouts = seen.isEmpty() ? "none seen" : String.join(" and ", seen);
    if (pattern != null) {
      return pattern + " (given)";
    }
    return why.isEmpty() ? layouts : layouts + ", " + why;
  }
}
