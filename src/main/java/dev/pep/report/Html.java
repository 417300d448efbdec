package dev.pep.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The report page as it is written: appends HTML to one buffer (headings, notes, chart images,
 * tables whose cells are escaped), and formats the numbers and times every section shows the same
 * way ({@code Locale.ROOT}, thousands separated, amounts to the cent).
 */
final class Html {
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final StringBuilder h = new StringBuilder(64 * 1024);

  /** Whether each column of the open table is numeric (right-aligned). */
  private final List<Boolean> numeric = new ArrayList<>();

  /** Appends {@code html} as it is: markup, not text. */
  Html raw(String html) {
    h.append(html);
    return this;
  }

  /** A section's {@code <h2>}; {@code html} is markup. */
  void heading(String html) {
    h.append("<h2>").append(html).append("</h2>\n");
  }

  /** A paragraph; {@code html} is markup. */
  void paragraph(String html) {
    h.append("<p>").append(html).append("</p>\n");
  }

  /** A note (grey, smaller); {@code html} is markup. */
  void note(String html) {
    h.append("<p class=\"note\">").append(html).append("</p>\n");
  }

  /** The chart as a PNG {@code data:} URI, or a note that it has no rows when it is absent. */
  void image(ReportCharts.Chart c) {
    if (c == null) {
      note("No rows to chart.");
      return;
    }
    h.append("<img class=\"chart\" id=\"chart-")
        .append(c.name())
        .append("\" alt=\"")
        .append(esc(c.title()))
        .append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(c.png()))
        .append("\">\n");
  }

  /** Starts a table; a column name starting with '#' is numeric (right-aligned). */
  void table(String id, List<String> columns) {
    h.append("<table id=\"").append(id).append("\">\n<thead><tr>");
    numeric.clear();
    for (String c : columns) {
      boolean num = c.startsWith("#");
      numeric.add(num);
      h.append(num ? "<th class=\"num\">" : "<th>")
          .append(esc(num ? c.substring(1) : c))
          .append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
  }

  /** A row of the open table; each cell is text (escaped here). */
  void row(String... cells) {
    h.append("<tr>");
    for (int i = 0; i < cells.length; i++) {
      boolean num = i < numeric.size() && numeric.get(i);
      h.append(num ? "<td class=\"num\">" : "<td>").append(esc(cells[i])).append("</td>");
    }
    h.append("</tr>\n");
  }

  void endTable() {
    h.append("</tbody>\n</table>\n");
  }

  /** The page written so far. */
  @Override
  public String toString() {
    return h.toString();
  }

  /** A whole number with thousands separators, e.g. {@code 541,909}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** An exact amount rounded half up to the cent, e.g. {@code 9,747,747.93}. */
  static String money(BigDecimal v) {
    return String.format(Locale.ROOT, "%,.2f", v.setScale(2, RoundingMode.HALF_UP));
  }

  /** A duration in seconds to the hundredth, e.g. {@code 10.46}. */
  static String seconds(double s) {
    return String.format(Locale.ROOT, "%,.2f", s);
  }

  /** {@code yyyy-MM-dd HH:mm}, or empty for null. */
  static String minute(TemporalAccessor t) {
    return t == null ? "" : MINUTE.format(t);
  }

  /** {@code yyyy-MM-dd HH:mm:ss}. */
  static String second(TemporalAccessor t) {
    return SECOND.format(t);
  }

  /** {@code s} as HTML text: {@code & < > "} escaped. */
  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        default -> sb.append(ch);
      }
    }
    return sb.toString();
  }
}
