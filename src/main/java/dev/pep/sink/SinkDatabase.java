package dev.pep.sink;

import dev.pep.config.ConfigException;
import dev.pep.config.PepException;
import dev.pep.config.SinkConfig;
import dev.pep.config.SinkType;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The database of a database sink, opened for reading by a later stage (the HTML report): the same
 * connection a consumer makes, without migrating or writing anything. The caller closes the
 * connection.
 */
public final class SinkDatabase {
  private SinkDatabase() {}

  /**
   * Connects to the database {@code config} names.
   *
   * @throws ConfigException the sink is not a database (jsonl)
   * @throws SinkException the DuckDB file does not exist, or the database refuses the connection
   */
  public static Connection connect(SinkConfig config) {
    Dialect dialect =
        switch (config.sink()) {
          case DUCKDB -> new DuckDbDialect(config.duckdbFile());
          case POSTGRES -> new PostgresDialect(config.dbUrl(), config.dbPassword());
          case JSONL ->
              throw new ConfigException(
                  "PEP_SINK=jsonl has no database to read: use duckdb or postgres (--sink)");
        };
    if (config.sink() == SinkType.DUCKDB && !Files.isRegularFile(config.duckdbFile())) {
      throw new SinkException(
          "No DuckDB database at "
              + config.duckdbFile().toAbsolutePath().normalize()
              + " (PEP_DUCKDB_FILE): load events first with pep run or pep consume",
          null);
    }
    try {
      Connection c = dialect.connect();
      c.setAutoCommit(true);
      return c;
    } catch (SQLException | PepException e) {
      throw new SinkException("Cannot open " + dialect.describe() + ": " + e.getMessage(), e);
    }
  }

  /** The database {@code config} names, without secrets, e.g. {@code duckdb /x/events.duckdb}. */
  public static String describe(SinkConfig config) {
    return switch (config.sink()) {
      case DUCKDB -> new DuckDbDialect(config.duckdbFile()).describe();
      case POSTGRES -> new PostgresDialect(config.dbUrl(), config.dbPassword()).describe();
      case JSONL -> "jsonl " + config.jsonlPath();
    };
  }
}
