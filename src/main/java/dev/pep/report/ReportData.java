package dev.pep.report;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/**
 * What the report shows, as queried from the sink's database: every amount exact ({@code quantity ×
 * unit_price} summed in SQL), months in the zone the events were read in.
 *
 * @param zone the zone months and times are shown in (PEP_ZONE)
 */
public record ReportData(
    String database,
    String eventsTable,
    ZoneId zone,
    Totals totals,
    List<Month> months,
    List<Country> topCountries,
    List<Product> topProducts,
    List<Returns> returns,
    List<LoadedFile> files,
    List<StoredOffset> offsets) {

  public ReportData {
    months = List.copyOf(months);
    topCountries = List.copyOf(topCountries);
    topProducts = List.copyOf(topProducts);
    returns = List.copyOf(returns);
    files = List.copyOf(files);
    offsets = List.copyOf(offsets);
  }

  /** The whole table. */
  public record Totals(
      long rows,
      long invoices,
      long customers,
      long countries,
      long products,
      long quantity,
      BigDecimal revenue) {}

  /** One calendar month: net revenue and quantity (returns included), invoices, rows. */
  public record Month(
      YearMonth month, BigDecimal revenue, long quantity, long invoices, long rows) {}

  public record Country(
      String country, BigDecimal revenue, long quantity, long invoices, long customers) {}

  /**
   * @param description the stock code's first description in character order (a code has several
   *     spellings in the data), or null when it has none
   */
  public record Product(String stockCode, String description, BigDecimal revenue, long quantity) {}

  /**
   * Return lines of one month: a negative quantity or a cancellation invoice ({@code C…}).
   *
   * @param quantity summed as stored (negative)
   * @param value sum of quantity × unit price (negative)
   */
  public record Returns(
      YearMonth month, long lines, long invoices, long quantity, BigDecimal value) {}

  /** One source file's rows in the table and where they sit in the topic. */
  public record LoadedFile(
      String file,
      long rows,
      long invoices,
      LocalDateTime firstInvoice,
      LocalDateTime lastInvoice,
      int partitions,
      long minOffset,
      long maxOffset) {}

  /** A row of the offsets table: how far a group has stored a partition, and when it last did. */
  public record StoredOffset(
      String group, String topic, int partition, long nextOffset, OffsetDateTime updatedAt) {}
}
