package dev.pep.config;

import java.util.Locale;

/** Where consumed events are written. */
public enum SinkType {
  /** DuckDB, embedded in pep's JVM, one file under the state directory. Exactly once. */
  DUCKDB,
  /** A PostgreSQL server, by JDBC URL; bulk COPY. Exactly once. */
  POSTGRES,
  /** JSON lines to a file or stdout. At least once (no transaction to hold the offsets). */
  JSONL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
