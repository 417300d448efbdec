package dev.pep.faults;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The oracle of the fault tests: what must hold after a faulted run, computed as independently of
 * pep's own code as is reasonable (the CSV is read with FastCSV, the file identity hashed here, the
 * topic read with a plain Kafka consumer, the sink queried with SQL).
 *
 * <p>Every {@code assert...} method collects all violations and throws one {@link AssertionError}
 * that starts with the caller's {@code context} (put the random seed there) and lists each
 * violation with a few example ids. A sink or topic holding an event id twice is reported as
 * "duplicate".
 *
 * <p>Typical use after a faulted run:
 *
 * <pre>{@code
 * Set<String> expected = Oracle.expectedIds(csv);
 * Oracle.assertExactlyOnce("seed " + seed, new Oracle.Run(bootstrap, topic, group, db, table,
 *     table + "_offsets"), expected);
 * }</pre>
 *
 * Producer tests that have no sink use {@link #assertTopicExactlyOnce} on a {@link #dumpTopic}.
 */
public final class Oracle {
  private static final int EXAMPLES = 5;
  private static final int HEAD_BYTES = 64 * 1024;

  private Oracle() {}

  /**
   * One record of a topic as the oracle sees it; {@code eventId} is the {@code event_id} of its
   * JSON value, read with a general JSON parser.
   */
  public record TopicRecord(int partition, long offset, String key, String eventId) {}

  /**
   * What a faulted run wrote: the topic and the database tables of one consumer group.
   *
   * @param db an open connection to the sink's database (DuckDB or PostgreSQL)
   */
  public record Run(
      String bootstrap,
      String topic,
      String group,
      Connection db,
      String eventsTable,
      String offsetsTable) {}

  // --- what the CSV says

  /**
   * The event ids of the rows pep accepts from {@code csv}: every data record after the header
   * (true of the UCI file and of any slice of it, whose rows are all valid), each {@code
   * <identity>:<starting line>}, the line counted from 1 at the header. The file is read with
   * FastCSV as ISO-8859-1 (a byte-preserving read: line breaks are found the same in UTF-8).
   */
  public static Set<String> expectedIds(Path csv) throws IOException {
    String prefix = idPrefix(csv);
    Set<String> ids = new HashSet<>();
    try (CsvReader<CsvRecord> reader =
        CsvReader.builder().ofCsvRecord(csv, StandardCharsets.ISO_8859_1)) {
      boolean header = true;
      for (CsvRecord r : reader) {
        if (header) {
          header = false;
          continue;
        }
        ids.add(prefix + ":" + r.getStartingLineNumber());
      }
    }
    return ids;
  }

  /**
   * The file-identity part of an event id, from its definition and not from pep's code: the first
   * 16 hex digits of the SHA-256 of the file name, a zero byte, the decimal size, a zero byte and
   * the first 64 KiB, computed by coreutils ({@code head -c}, {@code wc -c}, {@code sha256sum}) in
   * a shell, so that a mistake in {@code SourceIdentity} (a byte left out, another order, another
   * length) shows up as ids the oracle does not expect.
   */
  public static String idPrefix(Path csv) throws IOException {
    String script =
        "{ printf '%s\\0%s\\0' \"$1\" \"$(wc -c < \"$2\" | tr -d ' ')\"; head -c "
            + HEAD_BYTES
            + " \"$2\"; } | sha256sum";
    Process p =
        new ProcessBuilder("sh", "-c", script, "sh", csv.getFileName().toString(), csv.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0 || !out.matches("(?s)[0-9a-f]{64} .*")) {
        throw new IllegalStateException("sha256sum over " + csv + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return out.substring(0, 16);
  }

  // --- what the topic holds

  /**
   * The committed records of {@code topic} once its transactions have ended, for a check after the
   * producers are done: a producer's commit returns as soon as the coordinator has logged it, and
   * the markers that make its records readable reach the partitions a moment later (seen in CI: a
   * rerun's last transaction missing from a read straight after it). Waits, up to 30 s, for each
   * partition's last stable offset to reach its end offset, then reads {@code read_committed}: a
   * transaction still open then stays unread, as it would for any reader.
   */
  public static List<TopicRecord> dumpSettled(String bootstrap, String topic) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!endOffsets(bootstrap, topic, true).equals(endOffsets(bootstrap, topic, false))
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return dumpTopic(bootstrap, topic, true);
  }

  /**
   * Every record of {@code topic} from the beginning up to the end offsets at the time of the call:
   * the last stable offsets with {@code readCommitted}, else the high watermarks (records of open
   * and aborted transactions included).
   */
  public static List<TopicRecord> dumpTopic(String bootstrap, String topic, boolean readCommitted) {
    try (KafkaConsumer<byte[], byte[]> c = reader(bootstrap, readCommitted)) {
      List<TopicPartition> tps = partitions(c, topic);
      Map<TopicPartition, Long> end = c.endOffsets(tps, Duration.ofSeconds(15));
      c.assign(tps);
      c.seekToBeginning(tps);
      List<TopicRecord> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("Reading " + topic + " up to " + end + " took over 120 s");
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < end.get(tp)) {
            out.add(
                new TopicRecord(
                    r.partition(),
                    r.offset(),
                    r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                    valueEventId(r.value())));
          }
        }
      }
      return out;
    }
  }

  /** Partition → end offset (the last stable offset with {@code readCommitted}). */
  public static Map<Integer, Long> endOffsets(
      String bootstrap, String topic, boolean readCommitted) {
    try (KafkaConsumer<byte[], byte[]> c = reader(bootstrap, readCommitted)) {
      Map<Integer, Long> m = new TreeMap<>();
      c.endOffsets(partitions(c, topic), Duration.ofSeconds(15))
          .forEach((tp, o) -> m.put(tp.partition(), o));
      return m;
    }
  }

  private static KafkaConsumer<byte[], byte[]> reader(String bootstrap, boolean readCommitted) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        readCommitted ? "read_committed" : "read_uncommitted");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "oracle");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
    List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(15));
    if (infos == null || infos.isEmpty()) {
      throw new AssertionError("Topic " + topic + " does not exist");
    }
    return infos.stream()
        .map(i -> new TopicPartition(topic, i.partition()))
        .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** The value's {@code event_id}, or null when it is not a JSON object with one. */
  private static String valueEventId(byte[] value) {
    try {
      com.fasterxml.jackson.databind.JsonNode id = JSON.readTree(value).get("event_id");
      return id == null || !id.isTextual() ? null : id.asText();
    } catch (java.io.IOException | RuntimeException notJson) {
      return null;
    }
  }

  // --- the checks

  /**
   * The topic part of the oracle: {@code dump} (a read_committed {@link #dumpTopic}) holds each
   * expected event id exactly once, and nothing else.
   */
  public static void assertTopicExactlyOnce(
      String context, List<TopicRecord> dump, Set<String> expected) {
    Violations v = new Violations(context);
    checkTopic(v, dump, expected);
    v.throwIfAny();
  }

  /**
   * The whole oracle after a faulted run: the sink holds {@code count(*) = count(DISTINCT event_id)
   * =} the expected count; its ids equal the expected ids both ways; the stored offsets of the
   * group equal the topic's end offsets; a read_committed dump of the topic holds each expected id
   * exactly once.
   */
  public static void assertExactlyOnce(String context, Run run, Set<String> expected)
      throws SQLException {
    Violations v = new Violations(context);
    checkSink(v, run, expected);
    Map<Integer, Long> stored = storedOffsets(run);
    Map<Integer, Long> end = endOffsets(run.bootstrap(), run.topic(), true);
    if (!stored.equals(end)) {
      v.add(
          "stored offsets of group "
              + run.group()
              + " "
              + stored
              + " differ from the end offsets of "
              + run.topic()
              + " "
              + end);
    }
    checkTopic(v, dumpSettled(run.bootstrap(), run.topic()), expected);
    v.throwIfAny();
  }

  /** Only the sink part of {@link #assertExactlyOnce} (no offsets, no topic). */
  public static void assertSinkExactlyOnce(String context, Run run, Set<String> expected)
      throws SQLException {
    Violations v = new Violations(context);
    checkSink(v, run, expected);
    v.throwIfAny();
  }

  /** Partition → next offset stored by the run's group in the offsets table. */
  public static Map<Integer, Long> storedOffsets(Run run) throws SQLException {
    Map<Integer, Long> m = new TreeMap<>();
    try (PreparedStatement ps =
        run.db()
            .prepareStatement(
                "SELECT kafka_partition, next_offset FROM "
                    + run.offsetsTable()
                    + " WHERE consumer_group = ? AND topic = ?")) {
      ps.setString(1, run.group());
      ps.setString(2, run.topic());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          m.put(rs.getInt(1), rs.getLong(2));
        }
      }
    }
    return m;
  }

  private static void checkSink(Violations v, Run run, Set<String> expected) throws SQLException {
    String t = run.eventsTable();
    long rows;
    long distinct;
    try (Statement s = run.db().createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT event_id) FROM " + t)) {
      rs.next();
      rows = rs.getLong(1);
      distinct = rs.getLong(2);
    }
    if (rows != distinct) {
      List<String> twice = new ArrayList<>();
      try (Statement s = run.db().createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT event_id, count(*) FROM "
                      + t
                      + " GROUP BY event_id HAVING count(*) > 1 ORDER BY event_id LIMIT "
                      + EXAMPLES)) {
        while (rs.next()) {
          twice.add(rs.getString(1) + " x" + rs.getLong(2));
        }
      }
      v.add(
          "sink "
              + t
              + " holds "
              + (rows - distinct)
              + " duplicate rows ("
              + rows
              + " rows, "
              + distinct
              + " distinct event ids), e.g. "
              + twice);
    }
    if (distinct != expected.size()) {
      v.add(
          "sink " + t + " holds " + distinct + " distinct event ids, expected " + expected.size());
    }
    Set<String> ids = new HashSet<>();
    try (Statement s = run.db().createStatement();
        ResultSet rs = s.executeQuery("SELECT event_id FROM " + t)) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    v.compare("sink " + t, ids, expected);
  }

  private static void checkTopic(Violations v, List<TopicRecord> dump, Set<String> expected) {
    Map<String, Integer> seen = new HashMap<>();
    long withoutId = 0;
    for (TopicRecord r : dump) {
      if (r.eventId() == null) {
        withoutId++;
      } else {
        seen.merge(r.eventId(), 1, Integer::sum);
      }
    }
    if (withoutId > 0) {
      v.add("topic: " + withoutId + " records without an event_id in their value");
    }
    List<String> twice =
        seen.entrySet().stream()
            .filter(e -> e.getValue() > 1)
            .map(e -> e.getKey() + " x" + e.getValue())
            .sorted()
            .toList();
    if (!twice.isEmpty()) {
      v.add(
          "topic holds "
              + twice.size()
              + " event ids more than once (duplicate records), e.g. "
              + first(twice));
    }
    v.compare("topic", seen.keySet(), expected);
  }

  private static List<String> first(Collection<String> ids) {
    return ids.stream().sorted().limit(EXAMPLES).collect(Collectors.toList());
  }

  /** Collects every violation, so one failure message tells the whole story. */
  private static final class Violations {
    private final String context;
    private final List<String> lines = new ArrayList<>();

    Violations(String context) {
      this.context = context;
    }

    void add(String line) {
      lines.add(line);
    }

    void compare(String where, Set<String> actual, Set<String> expected) {
      List<String> missing = expected.stream().filter(id -> !actual.contains(id)).toList();
      List<String> extra = actual.stream().filter(id -> !expected.contains(id)).toList();
      if (!missing.isEmpty()) {
        add(where + " misses " + missing.size() + " expected event ids, e.g. " + first(missing));
      }
      if (!extra.isEmpty()) {
        add(where + " holds " + extra.size() + " unexpected event ids, e.g. " + first(extra));
      }
    }

    void throwIfAny() {
      if (!lines.isEmpty()) {
        throw new AssertionError(
            "Oracle ("
                + context
                + "): "
                + lines.size()
                + " violations:\n  "
                + String.join("\n  ", lines));
      }
    }
  }
}
