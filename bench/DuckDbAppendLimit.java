// Benchmark program (not a test), run by bench/consume-vs-copy.sh as a single-file program on pep's
// jar: DuckDB's own limit for pep's table. Reads the rows pep stored in SOURCE (a DuckDB file, its
// events table), then appends them with DuckDB's appender into a fresh events table made by pep's
// own migration script in TARGET, in one transaction, and prints the rows and the seconds from the
// first append to the end of the commit ("rows seconds"). Reading the rows is not timed.
// Usage: java -cp target/pep.jar bench/DuckDbAppendLimit.java SOURCE TABLE TARGET [ROWS_PER_COMMIT]
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

public class DuckDbAppendLimit {
  record Row(String id, String invoice, String stock, String description, int quantity,
      OffsetDateTime date, BigDecimal price, String customer, String country, String file,
      long line, int partition, long offset) {}

  public static void main(String[] args) throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0]);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + args[1] + " ORDER BY rowid")) {
      while (rs.next()) {
        rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getInt(5), rs.getObject(6, OffsetDateTime.class), rs.getBigDecimal(7),
            rs.getString(8), rs.getString(9), rs.getString(10), rs.getLong(11), rs.getInt(12),
            rs.getLong(13)));
      }
    }
    String ddl;
    try (InputStream in = DuckDbAppendLimit.class.getResourceAsStream(
        "/db/migration/duckdb/V1__events_and_offsets.sql")) {
      ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${events}", "limit_events").replace("${offsets}", "limit_offsets");
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[2]);
        Statement s = c.createStatement()) {
      for (String statement : ddl.split(";\\s*(\\r?\\n|$)")) {
        if (!statement.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
          s.execute(statement);
        }
      }
      s.execute("CHECKPOINT");
      c.setAutoCommit(false);
      long t0 = System.nanoTime();
      int per = args.length > 3 ? Integer.parseInt(args[3]) : rows.size();
      for (int from = 0; from < rows.size(); from += per) {
      try (DuckDBAppender a =
          c.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "limit_events")) {
        for (Row r : rows.subList(from, Math.min(rows.size(), from + per))) {
          a.beginRow();
          a.append(r.id());
          a.append(r.invoice());
          a.append(r.stock());
          if (r.description() == null) a.appendNull(); else a.append(r.description());
          a.append(r.quantity());
          a.append(r.date());
          a.append(r.price());
          if (r.customer() == null) a.appendNull(); else a.append(r.customer());
          a.append(r.country());
          a.append(r.file());
          a.append(r.line());
          a.append(r.partition());
          a.append(r.offset());
          a.endRow();
        }
        a.flush();
      }
      c.commit();
      }
      long t1 = System.nanoTime();
      System.out.println(rows.size() + " " + (t1 - t0) / 1e9);
    }
  }
}
