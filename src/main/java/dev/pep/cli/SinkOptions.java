package dev.pep.cli;

import dev.pep.config.Settings;
import dev.pep.config.SinkConfig;
import dev.pep.consumer.SinkConsumer;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags of the consuming side; each maps to one named setting. */
final class SinkOptions implements SettingFlags {
  @Option(
      names = "--sink",
      paramLabel = "NAME",
      description = "Where events are written: duckdb (default), postgres or jsonl (PEP_SINK).")
  String sink;

  @Option(
      names = "--db-url",
      paramLabel = "JDBC_URL",
      description = "PostgreSQL JDBC URL for --sink postgres (PEP_DB_URL).")
  String dbUrl;

  @Option(names = "--group", paramLabel = "ID", description = "Consumer group (PEP_GROUP_ID).")
  String group;

  /** How long a failing database is waited for (PEP_DB_WAIT_LIMIT_MS; zero: no limit). */
  static java.time.Duration databaseWait(SinkConfig c) {
    return java.time.Duration.ofMillis(c.dbWaitLimitMs());
  }

  /** The consumer group's timeouts from the sink settings. */
  static SinkConsumer.GroupTimeouts timeouts(SinkConfig c) {
    return new SinkConsumer.GroupTimeouts(c.sessionTimeoutMs(), c.maxPollIntervalMs());
  }

  @Override
  public void addTo(Map<String, String> flags) {
    SettingFlags.put(flags, Settings.SINK.name(), sink);
    SettingFlags.put(flags, Settings.DB_URL.name(), dbUrl);
    SettingFlags.put(flags, Settings.GROUP_ID.name(), group);
  }
}
