package dev.pep.consumer;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each assigned partition stands: the next offset the sink holds for it (the compare-and-set
 * value of its next write; -1: none stored yet), and a generation that moves whenever the partition
 * is assigned or re-positioned, so a batch polled before that is dropped and read again rather than
 * written against an offset that no longer holds. Consuming thread only.
 */
final class Positions {
  private static final Logger log = LoggerFactory.getLogger(Positions.class);

  private final Map<TopicPartition, Long> expected = new HashMap<>();
  private final Map<TopicPartition, Long> generation = new HashMap<>();

  /** The next offset the sink holds for {@code tp}, or null when it is not assigned. */
  Long expected(TopicPartition tp) {
    return expected.get(tp);
  }

  long generation(TopicPartition tp) {
    return generation.getOrDefault(tp, 0L);
  }

  /** The generations as they are now, taken before a poll's batches are handled. */
  Map<TopicPartition, Long> generations() {
    return new HashMap<>(generation);
  }

  /** A batch landed: the partition's stored offset is now {@code newNext}. */
  void advanced(TopicPartition tp, long newNext) {
    expected.put(tp, newNext);
  }

  /**
   * The sink holds {@code to} for {@code tp}, not what this consumer expected: reads again from
   * there (-1: from the beginning) when the partition is still assigned.
   */
  void resync(Consumer<?, ?> consumer, TopicPartition tp, long to, long wasExpected) {
    generation.merge(tp, 1L, Long::sum);
    if (!consumer.assignment().contains(tp)) {
      return;
    }
    expected.put(tp, to);
    if (to < 0) {
      consumer.seekToBeginning(List.of(tp));
    } else {
      consumer.seek(tp, to);
    }
    log.info("{}: stored offset {} (expected {}), reading from there", tp, to, wasExpected);
  }

  /** Newly assigned partitions, seeked to the sink's stored offsets ({@code partition → next}). */
  void assigned(
      Consumer<?, ?> consumer, Collection<TopicPartition> tps, Map<Integer, Long> stored) {
    for (TopicPartition tp : tps) {
      generation.merge(tp, 1L, Long::sum);
      Long o = stored.get(tp.partition());
      if (o == null) {
        consumer.seekToBeginning(List.of(tp));
        expected.put(tp, -1L);
      } else {
        consumer.seek(tp, o);
        expected.put(tp, o);
      }
    }
    log.info("Assigned {}; resuming from the sink's offsets {}", tps, stored);
  }

  /** Newly assigned partitions of a sink without offsets: Kafka's committed offsets place them. */
  void assignedWithoutOffsets(Collection<TopicPartition> tps) {
    for (TopicPartition tp : tps) {
      expected.put(tp, -1L);
    }
  }

  void revoked(Collection<TopicPartition> tps) {
    tps.forEach(expected::remove);
  }

  /** Writes the sink's offsets to Kafka too, only so that lag can be monitored. */
  void commitForMonitoring(Consumer<?, ?> consumer) {
    Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
    expected.forEach(
        (tp, o) -> {
          if (o >= 0) {
            m.put(tp, new OffsetAndMetadata(o));
          }
        });
    if (!m.isEmpty()) {
      consumer.commitAsync(m, null);
    }
  }
}
