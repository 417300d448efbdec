package dev.pep.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The validated settings of the consuming side. Immutable; the password is never printed. The
 * constructor checks each table name and the checks across settings ({@link CrossFieldChecks}).
 *
 * @param dbUrl JDBC URL of the PostgreSQL sink (empty unless {@code sink} is postgres)
 * @param dbPassword password for {@code dbUrl}, or null (from PEP_DB_PASSWORD or its file)
 * @param jsonlPath file for the jsonl sink; "-" is stdout
 * @param sessionTimeoutMs Kafka's session.timeout.ms for the consumer
 * @param maxPollIntervalMs Kafka's max.poll.interval.ms for the consumer
 * @param dbWaitLimitMs how long a failing database is waited for (0: no limit)
 */
public record SinkConfig(
    SinkType sink,
    String groupId,
    String dbUrl,
    String dbPassword,
    Path duckdbFile,
    Path jsonlPath,
    String eventsTable,
    String offsetsTable,
    int sessionTimeoutMs,
    int maxPollIntervalMs,
    int dbWaitLimitMs) {

  private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public SinkConfig {
    // Validated here too, not only when read from a setting: these names are put into SQL.
    requireTable(eventsTable, "PEP_EVENTS_TABLE");
    requireTable(offsetsTable, "PEP_OFFSETS_TABLE");
    CrossFieldChecks.sink(sink, dbUrl, eventsTable, offsetsTable);
  }

  /** The settings with the default wait for a failing database (PEP_DB_WAIT_LIMIT_MS). */
  public SinkConfig(
      SinkType sink,
      String groupId,
      String dbUrl,
      String dbPassword,
      Path duckdbFile,
      Path jsonlPath,
      String eventsTable,
      String offsetsTable,
      int sessionTimeoutMs,
      int maxPollIntervalMs) {
    this(
        sink,
        groupId,
        dbUrl,
        dbPassword,
        duckdbFile,
        jsonlPath,
        eventsTable,
        offsetsTable,
        sessionTimeoutMs,
        maxPollIntervalMs,
        Integer.parseInt(Settings.DB_WAIT_LIMIT_MS.defaultValue()));
  }

  /**
   * Throws {@link ConfigException} unless {@code name} is a valid table name; the one check every
   * table name passes before it is put into SQL.
   */
  public static String requireTable(String name, String setting) {
    try {
      return table(name);
    } catch (IllegalArgumentException e) {
      throw ConfigException.invalid(setting, name, e.getMessage());
    }
  }

  /** Validates a table name: lower-case letters, digits and '_', not starting with a digit. */
  static String table(String v) {
    if (!TABLE.matcher(v).matches()) {
      throw new IllegalArgumentException(
          "a table name is 1 to 63 of a-z, 0-9 and '_', not starting with a digit");
    }
    return v;
  }

  @Override
  public String toString() {
    return "SinkConfig[sink="
        + sink.label()
        + ", group="
        + groupId
        + ", dbUrl="
        + dbUrl
        + ", duckdb="
        + duckdbFile
        + ", jsonl="
        + jsonlPath
        + ", tables="
        + eventsTable
        + "/"
        + offsetsTable
        + "]";
  }
}
