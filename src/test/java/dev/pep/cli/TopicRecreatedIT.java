package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.consumer.Postgres;
import dev.pep.faults.Oracle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic deleted and created again under the same name, as a new user meets it: {@code pep run}
 * into the database, the operator deletes and recreates the topic, more events are produced, {@code
 * pep run} again. Both directions — the new topic shorter and longer than the old one — into DuckDB
 * and PostgreSQL, checked with the exact oracle: every CSV row exactly once in the database, the
 * stored offsets equal to the new topic's end offsets, the new topic holding what was produced to
 * it once. The commands run in-process against one embedded broker started here (the operator's
 * delete needs a broker that outlives a command).
 */
class TopicRecreatedIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SMALL_ROWS = 200;

  @TempDir static Path tmp;
  private static EmbeddedBroker broker;
  private static Path sample;
  private static Path small;

  @BeforeAll
  static void startBroker() throws IOException {
    broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0);
    sample = Fixtures.sample();
    // The header and the sample's first rows: another file, so other event ids.
    List<String> lines = Files.readAllLines(sample, StandardCharsets.ISO_8859_1);
    small = tmp.resolve("small.csv");
    Files.write(small, lines.subList(0, 1 + SMALL_ROWS), StandardCharsets.ISO_8859_1);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  /** Where one test's commands write: its topic and its database tables. */
  private record Target(String topic, String sink, String url, String table, Path config) {
    Connection connect() throws SQLException {
      return DriverManager.getConnection(url);
    }
  }

  private static Target duckdb(String name) throws IOException {
    Path db = tmp.resolve(name + ".duckdb");
    return target(name, "duckdb", "jdbc:duckdb:" + db, "events", "PEP_DUCKDB_FILE=" + db);
  }

  private static Target postgres(String name) throws Exception {
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("it_recreated");
    return target(name, "postgres", url, table, "PEP_DB_URL=" + url);
  }

  private static Target target(String name, String sink, String url, String table, String where)
      throws IOException {
    Path config =
        Files.write(
            tmp.resolve(name + ".properties"),
            List.of(
                "KAFKA_BOOTSTRAP_SERVERS=" + broker.bootstrapServers(),
                "KAFKA_TOPIC=" + name,
                "PEP_STATE_DIR=" + tmp.resolve(name + "-state"),
                "PEP_REJECTS_FILE=" + tmp.resolve(name + "-rejects.csv"),
                "PEP_SINK=" + sink,
                where,
                "PEP_EVENTS_TABLE=" + table,
                "PEP_OFFSETS_TABLE=" + table + "_offsets"),
            StandardCharsets.ISO_8859_1);
    return new Target(name, sink, url, table, config);
  }

  @Test
  void aShorterNewTopicIsReadFromItsBeginningIntoDuckDb() throws Exception {
    shorter(duckdb("shorter-duck"));
  }

  @Test
  void aShorterNewTopicIsReadFromItsBeginningIntoPostgres() throws Exception {
    shorter(postgres("shorter-pg"));
  }

  @Test
  void aLongerNewTopicIsReadFromItsBeginningAndTheFileIsSentAgainIntoDuckDb() throws Exception {
    longer(duckdb("longer-duck"));
  }

  @Test
  void aLongerNewTopicIsReadFromItsBeginningAndTheFileIsSentAgainIntoPostgres() throws Exception {
    longer(postgres("longer-pg"));
  }

  @Test
  void anOffsetStoredBeyondThePartitionsEndOfTheSameTopicStopsTheRunWithoutSkipping()
      throws Exception {
    Target t = duckdb("beyond-end");
    run(t, small, null);
    Map<Integer, Long> end = Oracle.endOffsets(broker.bootstrapServers(), t.topic(), true);
    long beyond = end.get(1) + 1_000;
    // As if the topic had lost its last records after they were stored.
    try (Connection c = t.connect();
        Statement s = c.createStatement()) {
      assertThat(
              s.executeUpdate(
                  "UPDATE events_offsets SET next_offset = "
                      + beyond
                      + " WHERE kafka_partition = 1"))
          .isEqualTo(1);
    }

    PepCommandLine.Result r =
        PepCommandLine.execute("consume", "--until-idle", "1", "--config", t.config().toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "Error: The stored offset of beyond-end-1 (group purchase-event-pipeline, in"
                    + " duckdb %s) is %,d, beyond the partition's end offset %,d: the topic (id"
                    + " %s, the one stored) lost records after they were stored. pep does not"
                    + " skip offsets, so it stopped without reading.",
                tmp.resolve("beyond-end.duckdb"),
                beyond,
                end.get(1),
                topicId(t.topic())));
    try (Connection c = t.connect()) {
      Oracle.Run run =
          new Oracle.Run(
              broker.bootstrapServers(),
              t.topic(),
              "purchase-event-pipeline",
              c,
              t.table(),
              t.table() + "_offsets");
      Map<Integer, Long> stored = Oracle.storedOffsets(run);
      assertThat(stored.get(1)).as("the offset is left as it was").isEqualTo(beyond);
      Oracle.assertSinkExactlyOnce(t.topic(), run, Oracle.expectedIds(small));
    }
  }

  /**
   * The sample (1,071 rows) into the old topic; the new one gets the 200-row file only: every
   * stored offset lies beyond the new topic's end.
   */
  private void shorter(Target t) throws Exception {
    run(t, sample, null);
    Map<Integer, Long> oldEnd = Oracle.endOffsets(broker.bootstrapServers(), t.topic(), true);

    recreate(t.topic());
    Path json = tmp.resolve(t.topic() + ".json");
    Map<Integer, Long> endBefore = Oracle.endOffsets(broker.bootstrapServers(), t.topic(), true);
    PepCommandLine.Result again = run(t, small, json);

    Map<Integer, Long> newEnd = Oracle.endOffsets(broker.bootstrapServers(), t.topic(), true);
    for (int p : oldEnd.keySet()) {
      assertThat(oldEnd.get(p))
          .as("partition %d: the new topic is shorter", p)
          .isGreaterThan(newEnd.get(p));
    }
    assertReplaced(t, again, json, oldEnd, endBefore, newEnd);
    // The new topic holds only the small file; the database both files, each row once.
    assertOracle(t, ids(sample, small), Oracle.expectedIds(small));
    assertThat(JSON.readTree(json.toFile()).get("consume").get("written").asLong())
        .isEqualTo(SMALL_ROWS);
  }

  /**
   * The small file into the old topic; the new one gets the sample produced by another command,
   * then {@code run} of the small file again: its checkpoint says it was produced completely, but
   * to the deleted topic, so it is sent again.
   */
  private void longer(Target t) throws Exception {
    run(t, small, null);
    Map<Integer, Long> oldEnd = Oracle.endOffsets(broker.bootstrapServers(), t.topic(), true);

    recreate(t.topic());
    PepCommandLine.Result produced =
        PepCommandLine.execute(
            "produce", "--file", sample.toString(), "--config", t.config().toString());
    assertThat(produced.exitCode()).as(produced.toString()).isZero();
    Path json = tmp.resolve(t.topic() + ".json");
    Map<Integer, Long> endBefore = Oracle.endOffsets(broker.bootstrapServers(), t.topic(), true);
    PepCommandLine.Result again = run(t, small, json);

    assertThat(again.err())
        .contains("small.csv's checkpoint (produced completely) was written for topic id ")
        .contains(
            ", but "
                + t.topic()
                + " now has id "
                + topicId(t.topic())
                + " (deleted and created again): the file was sent from its first row.");
    assertThat(again.out()).doesNotContain("was already produced");
    JsonNode s = JSON.readTree(json.toFile());
    assertThat(s.get("committed").asLong()).isEqualTo(SMALL_ROWS);
    assertThat(s.get("verified").asBoolean()).isTrue();
    Map<Integer, Long> newEnd = Oracle.endOffsets(broker.bootstrapServers(), t.topic(), true);
    for (int p : oldEnd.keySet()) {
      assertThat(newEnd.get(p))
          .as("partition %d: the new topic is longer", p)
          .isGreaterThan(oldEnd.get(p));
    }
    assertReplaced(t, again, json, oldEnd, endBefore, newEnd);
    // The new topic holds both files once; the database too, the small file's rows stored once
    // although they were read twice.
    Set<String> both = ids(sample, small);
    assertOracle(t, both, both);
    JsonNode consume = s.get("consume");
    assertThat(consume.get("written").asLong()).isEqualTo(1_071);
    assertThat(consume.get("duplicates").asLong()).isEqualTo(SMALL_ROWS);
  }

  /**
   * The consumer said, when it happened and in its summary, which offsets it set aside. It joins
   * while the file is being produced, so the end offset it names lies between the new topic's end
   * before the run and after it.
   */
  private static void assertReplaced(
      Target t,
      PepCommandLine.Result r,
      Path json,
      Map<Integer, Long> oldEnd,
      Map<Integer, Long> endBefore,
      Map<Integer, Long> newEnd)
      throws Exception {
    String id = topicId(t.topic());
    String line =
        String.format(
            "Topic %s was deleted and created again: its id is %s, the stored offsets were read"
                + " from ",
            t.topic(), id);
    assertThat(r.err()).contains(line);
    assertThat(r.out()).contains(line);
    for (int p : oldEnd.keySet()) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(
                  String.format(
                      java.util.Locale.ROOT,
                      "%d \\(stored offset %,d, end offset ([0-9,]+)\\)",
                      p,
                      oldEnd.get(p)))
              .matcher(r.out());
      assertThat(m.find()).as("partition %d in %s", p, r.out()).isTrue();
      assertThat(Long.parseLong(m.group(1).replace(",", "")))
          .as("partition %d: the end offset when the consumer joined", p)
          .isBetween(endBefore.get(p), newEnd.get(p));
    }
    List<Integer> partitions = new ArrayList<>();
    for (JsonNode n : JSON.readTree(json.toFile()).get("consume").get("topic_replaced")) {
      partitions.add(n.get("partition").asInt());
      assertThat(n.get("stored_offset").asLong()).isEqualTo(oldEnd.get(n.get("partition").asInt()));
      assertThat(n.get("topic_id").asText()).isEqualTo(id);
      assertThat(n.get("stored_topic_id").asText()).isNotEqualTo(id);
    }
    assertThat(partitions).containsExactlyInAnyOrderElementsOf(oldEnd.keySet());
  }

  private static void assertOracle(Target t, Set<String> inDatabase, Set<String> inTopic)
      throws Exception {
    try (Connection c = t.connect()) {
      Oracle.Run run =
          new Oracle.Run(
              broker.bootstrapServers(),
              t.topic(),
              "purchase-event-pipeline",
              c,
              t.table(),
              t.table() + "_offsets");
      Oracle.assertSinkExactlyOnce(t.topic(), run, inDatabase);
      assertThat(Oracle.storedOffsets(run))
          .as("stored offsets = end offsets of the new topic")
          .isEqualTo(Oracle.endOffsets(broker.bootstrapServers(), t.topic(), true));
      try (Statement s = c.createStatement();
          var rs =
              s.executeQuery(
                  "SELECT count(DISTINCT topic_id), min(topic_id) FROM "
                      + t.table()
                      + "_offsets")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(1);
        assertThat(rs.getString(2)).isEqualTo(topicId(t.topic()));
      }
    }
    Oracle.assertTopicExactlyOnce(
        t.topic(), Oracle.dumpSettled(broker.bootstrapServers(), t.topic()), inTopic);
  }

  private static Set<String> ids(Path a, Path b) throws IOException {
    Set<String> s = new HashSet<>(Oracle.expectedIds(a));
    s.addAll(Oracle.expectedIds(b));
    return s;
  }

  private static PepCommandLine.Result run(Target t, Path csv, Path json) {
    List<String> args =
        new ArrayList<>(
            List.of("run", "--file", csv.toString(), "--config", t.config().toString()));
    if (json != null) {
      args.addAll(List.of("--summary-json", json.toString()));
    }
    PepCommandLine.Result r = PepCommandLine.execute(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  /** What an operator does: delete the topic (its checkpoint topic stays), create it again. */
  private static void recreate(String topic) throws Exception {
    String before = topicId(topic);
    try (Admin admin = admin()) {
      admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        try {
          admin
              .createTopics(List.of(new NewTopic(topic, 3, (short) 1)))
              .all()
              .get(30, TimeUnit.SECONDS);
          break;
        } catch (java.util.concurrent.ExecutionException e) {
          // The deletion is still being carried out.
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)
              || System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(100);
        }
      }
    }
    // Until the new topic's metadata has reached the broker, describing it fails.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        assertThat(topicId(topic)).isNotEqualTo(before);
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static String topicId(String topic) throws Exception {
    try (Admin admin = admin()) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .get(topic)
          .topicId()
          .toString();
    }
  }
}
