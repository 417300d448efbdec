package dev.pep.kafka;

import dev.pep.event.EventJson;
import dev.pep.event.EventSchema;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * How many events a range of a topic holds, per partition, and how many distinct event ids among
 * them: a record's {@code event-id} header where it has one (earlier versions of pep always wrote
 * it, {@code PEP_EVENT_ID_HEADER=true} still does), else the id in its value; a record with neither
 * counts as distinct.
 *
 * @param perPartition partition number to events
 */
public record TopicTally(Map<Integer, Long> perPartition, long total, long distinctEventIds) {

  /** Reads {@code from} up to {@code to} (per partition) and counts. */
  public static TopicTally count(
      TopicReader reader, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
    Counter counter = new Counter();
    for (TopicPartition tp : to.keySet()) {
      counter.partition(tp.partition());
    }
    reader.read(from, to, counter::add);
    return counter.tally();
  }

  /**
   * Counts records as they are handed to it, in any order of partitions; {@link #tally} says what
   * it came to. The caller sees to it that each offset is added once. Not thread-safe.
   */
  public static final class Counter {
    private final Map<Integer, Long> perPartition = new TreeMap<>();
    private final EventIdSet ids = new EventIdSet();
    private long withoutId;
    private long total;

    /** Makes a partition appear in the tally (with 0 events until some are added). */
    public void partition(int partition) {
      perPartition.putIfAbsent(partition, 0L);
    }

    public void add(ConsumerRecord<byte[], byte[]> r) {
      Header h = r.headers().lastHeader(EventSchema.HEADER_EVENT_ID);
      byte[] id = h != null ? h.value() : EventJson.eventIdBytes(r.value());
      if (id == null) {
        withoutId++;
      } else {
        ids.add(id);
      }
      perPartition.merge(r.partition(), 1L, Long::sum);
      total++;
    }

    public TopicTally tally() {
      return new TopicTally(new TreeMap<>(perPartition), total, ids.size() + withoutId);
    }
  }
}
