package dev.pep.sink;

import dev.pep.config.SinkConfig;

/** Opens the sink a configuration names. */
public final class Sinks {
  private Sinks() {}

  /** Opens (and migrates) the configured sink; throws {@link SinkException} naming it. */
  public static Sink open(SinkConfig config) {
    return switch (config.sink()) {
      case DUCKDB ->
          new JdbcSink(
              new DuckDbDialect(config.duckdbFile()), config.eventsTable(), config.offsetsTable());
      case POSTGRES ->
          new JdbcSink(
              new PostgresDialect(config.dbUrl(), config.dbPassword()),
              config.eventsTable(),
              config.offsetsTable());
      case JSONL -> new JsonLinesSink(config.jsonlPath());
    };
  }
}
