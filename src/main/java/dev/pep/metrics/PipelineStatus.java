package dev.pep.metrics;

import dev.pep.config.PepException;
import dev.pep.config.SinkConfig;
import dev.pep.config.SinkType;
import dev.pep.event.EventSchema;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import dev.pep.producer.Checkpoint;
import dev.pep.producer.CheckpointLog;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * How the pipeline stands, read once from the cluster and the database for {@code pep status}: per
 * group and partition the offset the database stores, the end offset and the lag; each file's
 * checkpoint; the dead-letter topic's size. Immutable.
 *
 * @param offsetsIn where the offsets were read (e.g. "duckdb .pep/events.duckdb"), or null for a
 *     sink that stores none (then {@code partitions} is empty)
 * @param partitions by group, then partition
 * @param files the last committed checkpoint of every file produced to the topic
 */
public record PipelineStatus(
    String topic,
    String offsetsIn,
    List<PartitionStatus> partitions,
    List<Checkpoint> files,
    String deadLetterTopic,
    long deadLetters) {

  /**
   * One partition as one group stands on it.
   *
   * @param storedOffset the next offset the database stores for the group, -1 when none yet
   * @param endOffset the partition's last stable offset (what {@code read_committed} reads up to)
   * @param lag {@code endOffset − max(storedOffset, the partition's start)}
   * @param lastCommit when the stored offset last moved (the offsets table's {@code updated_at}),
   *     null when none is stored
   */
  public record PartitionStatus(
      String group,
      int partition,
      long storedOffset,
      long endOffset,
      long lag,
      Instant lastCommit) {}

  private static final long TIMEOUT_SECONDS = 15;

  /**
   * Reads the status of {@code topic}: every group with offsets stored in {@code sink} (or only
   * {@code group} when it is not null).
   *
   * @throws PepException the cluster or the database cannot be read; the message says which
   */
  public static PipelineStatus read(
      KafkaClients kafka, String topic, SinkConfig sink, String group) {
    Map<Integer, long[]> ends;
    long dlq = 0;
    String dlqTopic = EventSchema.deadLetterTopic(topic);
    try (Admin admin =
        Admin.create(kafka.admin(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "pep-status")))) {
      ends = PipelineProbe.offsets(admin, topic, TIMEOUT_SECONDS);
      for (long[] se : PipelineProbe.offsets(admin, dlqTopic, TIMEOUT_SECONDS).values()) {
        dlq += se[1] - se[0];
      }
    } catch (ExecutionException e) {
      throw new PepException(
          "Cannot read the offsets of "
              + topic
              + " from Kafka at "
              + kafka.bootstrapServers()
              + ": "
              + e.getCause().getMessage(),
          e);
    } catch (TimeoutException e) {
      throw Topics.unreachable(kafka.bootstrapServers(), TIMEOUT_SECONDS * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PepException("Interrupted while reading the offsets of " + topic, e);
    }
    List<PartitionStatus> partitions = new ArrayList<>();
    String offsetsIn = null;
    if (sink.sink() != SinkType.JSONL) {
      try (OffsetsTable table = new OffsetsTable(sink, true)) {
        offsetsIn = table.describe();
        Map<String, Map<Integer, OffsetsTable.Row>> byGroup = new TreeMap<>();
        for (OffsetsTable.Row r : table.read(group, topic)) {
          byGroup.computeIfAbsent(r.group(), g -> new TreeMap<>()).put(r.partition(), r);
        }
        if (group != null) {
          byGroup.putIfAbsent(group, Map.of());
        }
        byGroup.forEach(
            (g, rows) ->
                ends.forEach(
                    (p, se) -> {
                      OffsetsTable.Row r = rows.get(p);
                      long stored = r == null ? -1 : r.nextOffset();
                      partitions.add(
                          new PartitionStatus(
                              g,
                              p,
                              stored,
                              se[1],
                              Math.max(0, se[1] - Math.max(stored, se[0])),
                              r == null ? null : r.updatedAt()));
                    }));
      } catch (SQLException e) {
        throw new PepException(
            "Cannot read the offsets table "
                + sink.offsetsTable()
                + " ("
                + describe(sink)
                + "): "
                + e.getMessage(),
            e);
      }
    }
    List<Checkpoint> files = CheckpointLog.read(kafka, topic);
    return new PipelineStatus(topic, offsetsIn, partitions, files, dlqTopic, dlq);
  }

  private static String describe(SinkConfig sink) {
    return sink.sink() == SinkType.DUCKDB
        ? "duckdb " + sink.duckdbFile() + "; a running consume holds a DuckDB file"
        : "postgres " + dev.pep.config.Secrets.hideUrlPassword(sink.dbUrl());
  }

  /** The status as plain maps and lists, for {@code --json}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("topic", topic);
    m.put("offsets_in", offsetsIn);
    List<Map<String, Object>> ps = new ArrayList<>();
    for (PartitionStatus p : partitions) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("group", p.group());
      pm.put("partition", p.partition());
      pm.put("stored_offset", p.storedOffset() < 0 ? null : p.storedOffset());
      pm.put("end_offset", p.endOffset());
      pm.put("lag", p.lag());
      pm.put("last_commit", p.lastCommit() == null ? null : p.lastCommit().toString());
      ps.add(pm);
    }
    m.put("partitions", ps);
    List<Map<String, Object>> fs = new ArrayList<>();
    for (Checkpoint c : files) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("file", c.file());
      fm.put("topic", topic);
      fm.put("line", c.line());
      fm.put("events", c.events());
      fm.put("rejected", c.rejected());
      fm.put("complete", c.complete());
      fs.add(fm);
    }
    m.put("files", fs);
    m.put("dead_letter_topic", deadLetterTopic);
    m.put("dead_letters", deadLetters);
    return m;
  }
}
