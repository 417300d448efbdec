package dev.pep.sink;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Upserts aggregate rows by key inside the caller's transaction. The same statement serves DuckDB
 * and PostgreSQL ({@code INSERT ... ON CONFLICT (key) DO UPDATE SET c = excluded.c}). A batch may
 * hold several values of one key (the topic is a changelog): only the last, by offset, is written,
 * since a statement may not touch one row twice.
 */
final class AggregateUpserts {
  private AggregateUpserts() {}

  /** Writes {@code rows} (of one partition, in offset order); returns the rows upserted. */
  static int apply(
      Connection c,
      String eventsTable,
      int partition,
      AggregateTable t,
      List<AggregateTable.Row> rows)
      throws SQLException {
    Map<List<Object>, AggregateTable.Row> last = new LinkedHashMap<>();
    for (AggregateTable.Row r : rows) {
      last.remove(r.key());
      last.put(r.key(), r);
    }
    List<AggregateTable.Row> upserts = new ArrayList<>();
    List<AggregateTable.Row> deletes = new ArrayList<>();
    for (AggregateTable.Row r : last.values()) {
      (r.values() == null ? deletes : upserts).add(r);
    }
    String table = t.table(eventsTable);
    // Many rows per statement: DuckDB runs a JDBC batch one statement at a time.
    for (int from = 0; from < upserts.size(); from += ROWS_PER_STATEMENT) {
      List<AggregateTable.Row> chunk =
          upserts.subList(from, Math.min(upserts.size(), from + ROWS_PER_STATEMENT));
      try (PreparedStatement ps = c.prepareStatement(upsertSql(table, t, chunk.size()))) {
        int i = 1;
        for (AggregateTable.Row r : chunk) {
          i = bind(ps, i, t.keys(), r.key());
          i = bind(ps, i, t.measures(), r.values());
          ps.setInt(i++, partition);
          ps.setLong(i++, r.offset());
        }
        ps.executeUpdate();
      }
    }
    if (!deletes.isEmpty()) {
      String where =
          t.keys().stream()
              .map(k -> k.name() + " = " + placeholder(k))
              .collect(Collectors.joining(" AND "));
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + where)) {
        for (AggregateTable.Row r : deletes) {
          bind(ps, 1, t.keys(), r.key());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    return last.size();
  }

  /** Rows per INSERT: well below PostgreSQL's 32,767 parameters of a statement. */
  static final int ROWS_PER_STATEMENT = 500;

  static String upsertSql(String table, AggregateTable t, int rows) {
    List<AggregateTable.Column> all = new ArrayList<>(t.keys());
    all.addAll(t.measures());
    String columns =
        all.stream().map(AggregateTable.Column::name).collect(Collectors.joining(", "));
    String row =
        "("
            + all.stream().map(AggregateUpserts::placeholder).collect(Collectors.joining(", "))
            + ", ?, ?, CURRENT_TIMESTAMP)";
    String params = String.join(", ", java.util.Collections.nCopies(rows, row));
    String keys =
        t.keys().stream().map(AggregateTable.Column::name).collect(Collectors.joining(", "));
    String set =
        t.measures().stream()
            .map(v -> v.name() + " = excluded." + v.name())
            .collect(Collectors.joining(", "));
    return "INSERT INTO "
        + table
        + " ("
        + columns
        + ", kafka_partition, kafka_offset, updated_at) VALUES "
        + params
        + " ON CONFLICT ("
        + keys
        + ") DO UPDATE SET "
        + set
        + ", kafka_partition = excluded.kafka_partition, kafka_offset = excluded.kafka_offset,"
        + " updated_at = excluded.updated_at";
  }

  /**
   * Dates travel as ISO text and are cast in SQL: no driver's time-zone conversion touches them.
   */
  private static String placeholder(AggregateTable.Column c) {
    return switch (c.type()) {
      case DAY, MONTH -> "CAST(? AS DATE)";
      default -> "?";
    };
  }

  private static int bind(
      PreparedStatement ps, int i, List<AggregateTable.Column> columns, List<Object> values)
      throws SQLException {
    for (int k = 0; k < columns.size(); k++) {
      Object v = values.get(k);
      switch (columns.get(k).type()) {
        case TEXT, DAY, MONTH -> ps.setString(i, (String) v);
        case DECIMAL -> ps.setBigDecimal(i, (BigDecimal) v);
        case BIGINT -> {
          if (v == null) {
            ps.setNull(i, java.sql.Types.BIGINT);
          } else {
            ps.setLong(i, (Long) v);
          }
        }
      }
      i++;
    }
    return i;
  }
}
