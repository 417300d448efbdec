package dev.pep.report;

import dev.pep.config.ConfigException;
import dev.pep.config.SinkConfig;
import dev.pep.event.EventSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report's SQL over the events and offsets tables; the same statements run on DuckDB and
 * PostgreSQL. Column names come from {@link EventSchema} ({@code {quantity}} in a statement is the
 * quantity field's column). Amounts are summed in SQL as exact decimals.
 */
final class ReportQueries {
  /** How many countries and products the report ranks. */
  static final int TOP = 10;

  /** A zone id that can stand in SQL as a literal. */
  private static final Pattern ZONE_ID = Pattern.compile("[A-Za-z0-9/_+:-]+");

  private static final Pattern NAME = Pattern.compile("\\{([a-z_]+)}");

  /** The month of the invoice, as yyyy × 100 + mm, in {zone}. */
  private static final String MONTH =
      "CAST(extract(year FROM {invoice_date} AT TIME ZONE '{zone}') * 100"
          + " + extract(month FROM {invoice_date} AT TIME ZONE '{zone}') AS INTEGER)";

  private static final String REVENUE = "sum({quantity} * {unit_price})";

  private static final String TOTALS =
      "SELECT count(*), count(DISTINCT {invoice_no}), count(DISTINCT {customer_id}),"
          + " count(DISTINCT {country}), count(DISTINCT {stock_code}),"
          + " coalesce(sum({quantity}), 0), coalesce("
          + REVENUE
          + ", 0) FROM {events}";

  private static final String MONTHS =
      "SELECT "
          + MONTH
          + " AS ym, "
          + REVENUE
          + ", sum({quantity}), count(DISTINCT {invoice_no}), count(*) FROM {events}"
          + " GROUP BY 1 ORDER BY 1";

  private static final String COUNTRIES =
      "SELECT {country}, "
          + REVENUE
          + " AS revenue, sum({quantity}), count(DISTINCT {invoice_no}),"
          + " count(DISTINCT {customer_id}) FROM {events} GROUP BY {country}"
          + " ORDER BY revenue DESC, {country} LIMIT "
          + TOP;

  private static final String PRODUCTS =
      "SELECT {stock_code}, "
          + REVENUE
          + " AS revenue, sum({quantity}) FROM {events} GROUP BY {stock_code}"
          + " ORDER BY revenue DESC, {stock_code} LIMIT "
          + TOP;

  /**
   * The descriptions of one stock code. The first is picked in Java's order: min() in SQL would
   * follow the database's collation, which differs between DuckDB and a PostgreSQL database.
   */
  private static final String DESCRIPTIONS =
      "SELECT DISTINCT {description} FROM {events} WHERE {stock_code} = ?"
          + " AND {description} IS NOT NULL";

  /** A return: a negative quantity or a cancellation invoice. */
  static final String IS_RETURN = "({quantity} < 0 OR {invoice_no} LIKE 'C%')";

  private static final String RETURNS =
      "SELECT "
          + MONTH
          + " AS ym, count(*), count(DISTINCT {invoice_no}), sum({quantity}), "
          + REVENUE
          + " FROM {events} WHERE "
          + IS_RETURN
          + " GROUP BY 1 ORDER BY 1";

  private static final String FILES =
      "SELECT {source_file}, count(*), count(DISTINCT {invoice_no}),"
          + " min({invoice_date} AT TIME ZONE '{zone}'), max({invoice_date} AT TIME ZONE '{zone}'),"
          + " count(DISTINCT {kafka_partition}), min({kafka_offset}), max({kafka_offset})"
          + " FROM {events} GROUP BY {source_file} ORDER BY {source_file}";

  private static final String OFFSETS =
      "SELECT consumer_group, topic, kafka_partition, next_offset, updated_at FROM {offsets}"
          + " ORDER BY consumer_group, topic, kafka_partition";

  private ReportQueries() {}

  /** Runs every query over {@code c} and gathers the results. */
  static ReportData run(
      Connection c, String database, String eventsTable, String offsetsTable, ZoneId zone)
      throws SQLException {
    Map<String, String> names = names(eventsTable, offsetsTable, zone);
    try (Statement s = c.createStatement()) {
      ReportData.Totals totals;
      try (ResultSet rs = s.executeQuery(sql(TOTALS, names))) {
        rs.next();
        totals =
            new ReportData.Totals(
                rs.getLong(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getBigDecimal(7));
      }
      List<ReportData.Month> months = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(sql(MONTHS, names))) {
        while (rs.next()) {
          months.add(
              new ReportData.Month(
                  month(rs.getInt(1)),
                  rs.getBigDecimal(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getLong(5)));
        }
      }
      List<ReportData.Country> countries = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(sql(COUNTRIES, names))) {
        while (rs.next()) {
          countries.add(
              new ReportData.Country(
                  rs.getString(1),
                  rs.getBigDecimal(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getLong(5)));
        }
      }
      List<ReportData.Product> products = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(sql(PRODUCTS, names))) {
        while (rs.next()) {
          products.add(
              new ReportData.Product(rs.getString(1), null, rs.getBigDecimal(2), rs.getLong(3)));
        }
      }
      products = withDescriptions(c, products, names);
      List<ReportData.Returns> returns = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(sql(RETURNS, names))) {
        while (rs.next()) {
          returns.add(
              new ReportData.Returns(
                  month(rs.getInt(1)),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getBigDecimal(5)));
        }
      }
      List<ReportData.LoadedFile> files = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(sql(FILES, names))) {
        while (rs.next()) {
          files.add(
              new ReportData.LoadedFile(
                  rs.getString(1),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getObject(4, LocalDateTime.class),
                  rs.getObject(5, LocalDateTime.class),
                  rs.getInt(6),
                  rs.getLong(7),
                  rs.getLong(8)));
        }
      }
      List<ReportData.StoredOffset> offsets = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(sql(OFFSETS, names))) {
        while (rs.next()) {
          offsets.add(
              new ReportData.StoredOffset(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getInt(3),
                  rs.getLong(4),
                  rs.getObject(5, OffsetDateTime.class)));
        }
      }
      return new ReportData(
          database,
          eventsTable,
          zone,
          totals,
          months,
          countries,
          products,
          returns,
          files,
          offsets);
    }
  }

  private static List<ReportData.Product> withDescriptions(
      Connection c, List<ReportData.Product> products, Map<String, String> names)
      throws SQLException {
    List<ReportData.Product> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql(DESCRIPTIONS, names))) {
      for (ReportData.Product p : products) {
        ps.setString(1, p.stockCode());
        String first = null;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String d = rs.getString(1);
            if (first == null || d.compareTo(first) < 0) {
              first = d;
            }
          }
        }
        out.add(new ReportData.Product(p.stockCode(), first, p.revenue(), p.quantity()));
      }
    }
    return out;
  }

  private static YearMonth month(int yyyymm) {
    return YearMonth.of(yyyymm / 100, yyyymm % 100);
  }

  private static Map<String, String> names(String events, String offsets, ZoneId zone) {
    Map<String, String> m = new HashMap<>();
    for (EventSchema.Field f : EventSchema.Field.values()) {
      m.put(f.column(), f.column());
    }
    m.put(EventSchema.KAFKA_PARTITION.name(), EventSchema.KAFKA_PARTITION.name());
    m.put(EventSchema.KAFKA_OFFSET.name(), EventSchema.KAFKA_OFFSET.name());
    m.put("events", SinkConfig.requireTable(events, "PEP_EVENTS_TABLE"));
    m.put("offsets", SinkConfig.requireTable(offsets, "PEP_OFFSETS_TABLE"));
    m.put("zone", sqlZone(zone));
    return m;
  }

  /**
   * The zone as both databases read it in {@code AT TIME ZONE}: a region id, or for a fixed offset
   * of whole hours its {@code Etc/GMT} name (a bare '+01:00' would be read with the sign inverted,
   * POSIX-style, by PostgreSQL).
   */
  static String sqlZone(ZoneId zone) {
    ZoneId z = zone.normalized();
    String id;
    if (z instanceof ZoneOffset o) {
      int seconds = o.getTotalSeconds();
      if (seconds % 3600 != 0) {
        throw new ConfigException(
            "PEP_ZONE " + zone + ": the report needs a region (e.g. Europe/London) or whole hours");
      }
      int hours = seconds / 3600;
      id = hours == 0 ? "UTC" : "Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours);
    } else {
      id = z.getId();
    }
    if (!ZONE_ID.matcher(id).matches()) {
      throw new ConfigException("PEP_ZONE " + zone + ": not a zone id the report can use");
    }
    return id;
  }

  /** {@code template} with each {@code {name}} replaced; an unknown name is a bug. */
  static String sql(String template, Map<String, String> names) {
    Matcher m = NAME.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = names.get(m.group(1));
      if (v == null) {
        throw new IllegalStateException("No column or table named {" + m.group(1) + "}");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
