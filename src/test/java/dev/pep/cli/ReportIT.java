package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import dev.pep.Fixtures;
import dev.pep.consumer.Postgres;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pep report} opened in a real headless browser: a slice of the UCI file (every 40th row,
 * all thirteen months) and a file with bad rows are loaded with {@code pep run} into DuckDB, then
 * from the same topic into PostgreSQL; the page of each database loads without a script error,
 * every chart decodes and is not blank (in the page, in its PNG file and in a screenshot), and
 * every number in its tables equals what this test computes itself from the rows it reads out of
 * that database with its own SQL (aggregated here, in Java, with java.time for the months), from
 * the rejects file, the run summaries and the bench result it wrote.
 */
class ReportIT {
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the README's screenshot comes from: {@code target/report-it/report.png}. */
  private static final Path SCREENSHOT = Path.of("target/report-it/report.png");

  @TempDir Path tmp;

  @Test
  void thePageShowsWhatTheDatabaseHoldsAndEveryChartRenders() throws Exception {
    Path uci = Fixtures.sharedData("online-retail/Online Retail.csv");
    HeadlessChromium browser = HeadlessChromium.require(tmp);
    Path slice = slice(uci, tmp.resolve("online-retail-every-40th.csv"), 40);
    Path rejects = tmp.resolve("rejects.csv");
    Path config =
        Files.write(
            tmp.resolve("pep.properties"),
            List.of(
                "PEP_BROKER_PORT=0",
                "PEP_STATE_DIR=" + tmp.resolve("state"),
                "PEP_REJECTS_FILE=" + rejects),
            StandardCharsets.ISO_8859_1);
    Path s1 = tmp.resolve("slice.json");
    Path s2 = tmp.resolve("mixed.json");
    run(config, slice, s1);
    run(config, Fixtures.fixture("mixed-rows.csv"), s2);
    assertThat(rejects).exists();
    Path bench = benchResults(tmp.resolve("results.csv"));

    // DuckDB, the default sink.
    Path duckOut = tmp.resolve("report-duckdb");
    PepCommandLine.Result r =
        PepCommandLine.execute(
            "report",
            "--config",
            config.toString(),
            "--out",
            duckOut.toString(),
            "--bench",
            bench.toString(),
            "--summary",
            s1.toString(),
            "--summary",
            s2.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Wrote " + duckOut.resolve("report.html")).contains("6 charts");
    Document duckPage = openAndCheck(browser, duckOut, 6);
    String duckUrl = "jdbc:duckdb:" + tmp.resolve("state/events.duckdb");
    try (Connection c = DriverManager.getConnection(duckUrl)) {
      checkTables(duckPage, Rows.read(c, "purchase_events", "pep_offsets"));
    }
    checkRejects(duckPage, rejects);
    checkLoads(duckPage, List.of(s1, s2));
    checkBench(duckPage);
    Files.createDirectories(SCREENSHOT.getParent());
    browser.screenshot(duckOut.resolve("report.html"), SCREENSHOT, 1100, 2600);
    assertNotBlank(SCREENSHOT);

    // PostgreSQL: the same topic consumed into its own tables, and the report read from there.
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("report_it");
    Path pgConfig =
        Files.write(
            tmp.resolve("pg.properties"),
            List.of(
                "PEP_BROKER_PORT=0",
                "PEP_STATE_DIR=" + tmp.resolve("state"),
                "PEP_REJECTS_FILE=" + rejects,
                "PEP_SINK=postgres",
                "PEP_DB_URL=" + url,
                "PEP_EVENTS_TABLE=" + table,
                "PEP_OFFSETS_TABLE=" + table + "_offsets"),
            StandardCharsets.ISO_8859_1);
    run(pgConfig, slice, null); // produced already: consumes the whole topic into PostgreSQL
    Path pgOut = tmp.resolve("report-postgres");
    PepCommandLine.Result pg =
        PepCommandLine.execute(
            "report", "--config", pgConfig.toString(), "--out", pgOut.toString());
    assertThat(pg.exitCode()).as(pg.toString()).isZero();
    Document pgPage = openAndCheck(browser, pgOut, 5);
    try (Connection c = DriverManager.getConnection(url)) {
      Rows rows = Rows.read(c, table, table + "_offsets");
      assertThat(rows.events).hasSize(committed(s1) + committed(s2));
      checkTables(pgPage, rows);
    }
    // The same events in both databases: the same figures (only the offsets table differs).
    for (String id : List.of("totals", "months", "countries", "products", "returns", "files")) {
      assertThat(cells(pgPage, id)).as(id).isEqualTo(cells(duckPage, id));
    }
  }

  private static int committed(Path summary) throws IOException {
    return JSON.readTree(summary.toFile()).get("committed").asInt();
  }

  private static void run(Path config, Path file, Path summary) {
    List<String> args =
        new ArrayList<>(List.of("run", "--config", config.toString(), "--file", file.toString()));
    if (summary != null) {
      args.addAll(List.of("--summary-json", summary.toString()));
    }
    PepCommandLine.Result r = PepCommandLine.execute(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("pep report --out DIR");
  }

  /** The header and every {@code n}th data line of {@code source} (one record per line there). */
  private static Path slice(Path source, Path target, int n) throws IOException {
    List<String> lines = Files.readAllLines(source, StandardCharsets.ISO_8859_1);
    List<String> out = new ArrayList<>();
    out.add(lines.get(0));
    for (int i = n; i < lines.size(); i += n) {
      out.add(lines.get(i));
    }
    return Files.write(target, out, StandardCharsets.ISO_8859_1);
  }

  /** A pep bench results.csv in the columns pep bench writes (the ones the report reads). */
  private static Path benchResults(Path file) throws IOException {
    return Files.write(
        file,
        List.of(
            "contender,tool,run,warmup,records_per_s,valid",
            "pep fast,pep,0,true,1000,true", // a warm-up: left out
            "pep fast,pep,1,false,400000,true",
            "pep fast,pep,2,false,500000,true",
            "pep fast,pep,3,false,450000,true",
            "kcat optimized,kcat,1,false,300000,true",
            "kcat optimized,kcat,2,false,9000000,false", // invalid: left out
            "kcat optimized,kcat,3,false,350000,true"),
        StandardCharsets.UTF_8);
  }

  /**
   * Opens the page twice in the browser: its DOM after the scripts ran (no error, the render check
   * passed for {@code charts} images) and its log (no console error); the PNG files beside it are
   * not blank either.
   */
  private static Document openAndCheck(HeadlessChromium browser, Path dir, int charts)
      throws Exception {
    HeadlessChromium.Page page = browser.dumpDom(dir.resolve("report.html"));
    Document doc = Jsoup.parse(page.dom());
    assertThat(doc.body().attr("data-render"))
        .as("the page's own check of its charts; browser log:\n" + page.log())
        .isEqualTo("ok " + charts + " charts rendered");
    assertThat(doc.select("img.chart")).hasSize(charts);
    assertThat(page.log().lines().filter(l -> l.contains(":CONSOLE") || l.contains("Uncaught")))
        .as("console messages")
        .isEmpty();
    assertThat(doc.select("script[src], link[href], img:not([src^=data:])"))
        .as("nothing fetched from elsewhere")
        .isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> pngs = files.filter(f -> f.toString().endsWith(".png")).toList();
      assertThat(pngs).hasSize(charts);
      for (Path png : pngs) {
        assertNotBlank(png);
      }
    }
    return doc;
  }

  /** Fails unless the image has more than one colour, with some spread. */
  private static void assertNotBlank(Path png) throws IOException {
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img).as(png.toString()).isNotNull();
    double sum = 0;
    double sumSq = 0;
    long n = 0;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y);
        double grey = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3.0;
        sum += grey;
        sumSq += grey * grey;
        n++;
      }
    }
    double variance = sumSq / n - (sum / n) * (sum / n);
    assertThat(variance).as("pixel variance of " + png).isGreaterThan(10.0);
  }

  /** The body cells of the table {@code id}, as text, row by row. */
  private static List<List<String>> cells(Document doc, String id) {
    Element table = doc.getElementById(id);
    assertThat(table).as("table #" + id).isNotNull();
    List<List<String>> rows = new ArrayList<>();
    for (Element tr : table.select("tbody tr")) {
      rows.add(tr.select("td").eachText());
    }
    return rows;
  }

  private static void checkTables(Document doc, Rows rows) {
    List<Event> ev = rows.events;
    assertThat(ev).isNotEmpty();
    assertThat(cells(doc, "totals"))
        .isEqualTo(
            List.of(
                List.of("rows", count(ev.size())),
                List.of("invoices", count(distinct(ev, e -> e.invoice))),
                List.of("customers", count(distinct(ev, e -> e.customer))),
                List.of("countries", count(distinct(ev, e -> e.country))),
                List.of("products (stock codes)", count(distinct(ev, e -> e.stockCode))),
                List.of("quantity", count(ev.stream().mapToLong(e -> e.quantity).sum())),
                List.of("revenue", money(sum(ev)))));

    Map<YearMonth, List<Event>> byMonth = group(ev, e -> YearMonth.from(e.date));
    List<List<String>> months = new ArrayList<>();
    byMonth.forEach(
        (m, es) ->
            months.add(
                List.of(
                    m.toString(),
                    money(sum(es)),
                    count(es.stream().mapToLong(e -> e.quantity).sum()),
                    count(distinct(es, e -> e.invoice)),
                    count(es.size()))));
    assertThat(months).hasSize(13); // December 2010 to December 2011
    assertThat(cells(doc, "months")).isEqualTo(months);

    List<List<String>> countries =
        group(ev, e -> e.country).entrySet().stream()
            .sorted(
                Comparator.comparing((Map.Entry<String, List<Event>> x) -> sum(x.getValue()))
                    .reversed()
                    .thenComparing(Map.Entry::getKey))
            .limit(10)
            .map(
                x ->
                    List.of(
                        x.getKey(),
                        money(sum(x.getValue())),
                        count(x.getValue().stream().mapToLong(e -> e.quantity).sum()),
                        count(distinct(x.getValue(), e -> e.invoice)),
                        count(distinct(x.getValue(), e -> e.customer))))
            .toList();
    assertThat(cells(doc, "countries")).isEqualTo(countries);

    List<List<String>> products =
        group(ev, e -> e.stockCode).entrySet().stream()
            .sorted(
                Comparator.comparing((Map.Entry<String, List<Event>> x) -> sum(x.getValue()))
                    .reversed()
                    .thenComparing(Map.Entry::getKey))
            .limit(10)
            .map(
                x ->
                    List.of(
                        x.getKey(),
                        x.getValue().stream()
                            .map(e -> e.description)
                            .filter(d -> d != null)
                            .min(Comparator.naturalOrder())
                            .orElse(""),
                        money(sum(x.getValue())),
                        count(x.getValue().stream().mapToLong(e -> e.quantity).sum())))
            .toList();
    assertThat(cells(doc, "products")).isEqualTo(products);

    List<Event> returns =
        ev.stream().filter(e -> e.quantity < 0 || e.invoice.startsWith("C")).toList();
    List<List<String>> returnRows = new ArrayList<>();
    group(returns, e -> YearMonth.from(e.date))
        .forEach(
            (m, es) ->
                returnRows.add(
                    List.of(
                        m.toString(),
                        count(es.size()),
                        count(distinct(es, e -> e.invoice)),
                        count(es.stream().mapToLong(e -> e.quantity).sum()),
                        money(sum(es)))));
    assertThat(returnRows).isNotEmpty();
    assertThat(cells(doc, "returns")).isEqualTo(returnRows);

    List<List<String>> files = new ArrayList<>();
    group(ev, e -> e.file)
        .forEach(
            (f, es) ->
                files.add(
                    List.of(
                        f,
                        count(es.size()),
                        count(distinct(es, e -> e.invoice)),
                        MINUTE.format(
                            es.stream().map(e -> e.date).min(Comparator.naturalOrder()).get()),
                        MINUTE.format(
                            es.stream().map(e -> e.date).max(Comparator.naturalOrder()).get()),
                        count(distinct(es, e -> e.partition)),
                        count(es.stream().mapToLong(e -> e.offset).min().getAsLong())
                            + " – "
                            + count(es.stream().mapToLong(e -> e.offset).max().getAsLong()))));
    assertThat(files).hasSize(2);
    assertThat(cells(doc, "files")).isEqualTo(files);

    assertThat(cells(doc, "offsets")).isEqualTo(rows.offsets);
  }

  /** Rejects per file and reason, counted here from the rejects file. */
  private static void checkRejects(Document doc, Path rejects) throws IOException {
    Map<List<String>, Long> counts = new TreeMap<>(Comparator.comparing(Object::toString));
    try (CsvReader<NamedCsvRecord> csv =
        CsvReader.builder().ofNamedCsvRecord(rejects, StandardCharsets.UTF_8)) {
      for (NamedCsvRecord r : csv) {
        String column = r.getField("reject_column");
        String reason =
            column.isEmpty()
                ? r.getField("reject_reason")
                : column + " " + r.getField("reject_reason");
        counts.merge(List.of(r.getField("reject_file"), reason), 1L, Long::sum);
      }
    }
    assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5);
    List<List<String>> expected = new ArrayList<>();
    counts.forEach((k, n) -> expected.add(List.of(k.get(0), k.get(1), count(n))));
    assertThat(cells(doc, "rejects")).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static void checkLoads(Document doc, List<Path> summaries) throws IOException {
    List<List<String>> rows = cells(doc, "loads");
    assertThat(rows).hasSize(summaries.size());
    for (int i = 0; i < summaries.size(); i++) {
      JsonNode s = JSON.readTree(summaries.get(i).toFile());
      List<String> row = rows.get(i);
      assertThat(row.subList(1, 6))
          .isEqualTo(
              List.of(
                  "run",
                  s.get("file").asText(),
                  count(s.get("rows_read").asLong()),
                  count(s.get("committed").asLong()),
                  count(s.get("rejected").asLong())));
      assertThat(row.get(7)).isEqualTo(count(s.get("consume").get("written").asLong()));
    }
  }

  private static void checkBench(Document doc) {
    assertThat(cells(doc, "bench"))
        .isEqualTo(
            List.of(
                List.of("pep fast", "3", "450,000", "400,000", "500,000"),
                List.of("kcat optimized", "2", "325,000", "300,000", "350,000")));
  }

  /** One stored event, as this test reads it. */
  private record Event(
      String invoice,
      String stockCode,
      String description,
      long quantity,
      ZonedDateTime date,
      BigDecimal price,
      String customer,
      String country,
      String file,
      int partition,
      long offset) {}

  /** The events table and the offsets table's rows (formatted as the page shows them). */
  private record Rows(List<Event> events, List<List<String>> offsets) {
    static Rows read(Connection c, String events, String offsets) throws SQLException {
      List<Event> ev = new ArrayList<>();
      List<List<String>> off = new ArrayList<>();
      try (Statement s = c.createStatement()) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT invoice_no, stock_code, description, quantity, invoice_date, unit_price,"
                    + " customer_id, country, source_file, kafka_partition, kafka_offset FROM "
                    + events)) {
          while (rs.next()) {
            ev.add(
                new Event(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getLong(4),
                    rs.getObject(5, OffsetDateTime.class).atZoneSameInstant(LONDON),
                    rs.getBigDecimal(6),
                    rs.getString(7),
                    rs.getString(8),
                    rs.getString(9),
                    rs.getInt(10),
                    rs.getLong(11)));
          }
        }
        try (ResultSet rs =
            s.executeQuery(
                "SELECT consumer_group, topic, kafka_partition, next_offset, updated_at FROM "
                    + offsets
                    + " ORDER BY consumer_group, topic, kafka_partition")) {
          while (rs.next()) {
            off.add(
                List.of(
                    rs.getString(1),
                    rs.getString(2),
                    count(rs.getInt(3)),
                    count(rs.getLong(4)),
                    SECOND.format(
                        rs.getObject(5, OffsetDateTime.class).atZoneSameInstant(LONDON))));
          }
        }
      }
      assertThat(off).isNotEmpty();
      return new Rows(ev, off);
    }
  }

  private static <K extends Comparable<K>> Map<K, List<Event>> group(
      List<Event> ev, java.util.function.Function<Event, K> key) {
    Map<K, List<Event>> m = new TreeMap<>();
    for (Event e : ev) {
      m.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e);
    }
    return m;
  }

  private static long distinct(List<Event> ev, java.util.function.Function<Event, Object> key) {
    Set<Object> s = new HashSet<>();
    for (Event e : ev) {
      Object k = key.apply(e);
      if (k != null) {
        s.add(k);
      }
    }
    return s.size();
  }

  private static BigDecimal sum(List<Event> ev) {
    BigDecimal total = BigDecimal.ZERO;
    for (Event e : ev) {
      total = total.add(e.price.multiply(BigDecimal.valueOf(e.quantity)));
    }
    return total;
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String money(BigDecimal v) {
    return String.format(Locale.ROOT, "%,.2f", v.setScale(2, RoundingMode.HALF_UP));
  }
}
