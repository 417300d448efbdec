package dev.pep.consumer;

import dev.pep.kafka.TopicReader;
import dev.pep.kafka.TopicTally;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts the events of a range of the topic — what a run writes, from the end offsets before it
 * ({@code from}) to those after it ({@code to}, known once its producer has finished) — as a {@link
 * SinkConsumer} reads them, so that the run's "every row once" check needs no second pass over the
 * topic. Each offset is counted once: a batch read again (after a database failure, a rebalance)
 * adds only offsets beyond those counted. What the consumer did not read itself — a partition
 * another member of the group took, a stretch it skipped — is read back afterwards by {@link
 * #tally}, so the check is as complete as a full read-back, and can fail the same ways (a duplicate
 * or a missing event in the range).
 *
 * <p>{@link #read} is called on the consuming thread only; {@link #end} from any thread; {@link
 * #tally} once the consumer has ended (its thread joined).
 */
public final class RangeCheck {
  private final Map<TopicPartition, Long> from;
  // Per partition, the offset up to which every record has been counted (from `from` on).
  private final Map<TopicPartition, Long> countedTo = new HashMap<>();
  // Partitions where the consumer's reading jumped past uncounted offsets: counting stopped there.
  private final Set<TopicPartition> gaps = new HashSet<>();
  private final Map<TopicPartition, Long> highestCounted = new HashMap<>();
  private final TopicTally.Counter counter = new TopicTally.Counter();
  private volatile Map<TopicPartition, Long> to;
  private long readBack;

  public RangeCheck(Map<TopicPartition, Long> from) {
    this.from = Map.copyOf(from);
  }

  /** The end of the range, once known; null before. */
  public Map<TopicPartition, Long> to() {
    return to;
  }

  /** The end of the range: the end offsets once the run's producer has finished. */
  public void end(Map<TopicPartition, Long> to) {
    this.to = Map.copyOf(to);
  }

  /**
   * A batch of {@code tp}, read from position {@code start} (-1: the partition's beginning) up to
   * position {@code next}; consuming thread only.
   */
  void read(
      TopicPartition tp, long start, long next, List<ConsumerRecord<byte[], byte[]>> records) {
    if (gaps.contains(tp)) {
      return;
    }
    long counted = countedTo.getOrDefault(tp, from.getOrDefault(tp, 0L));
    if (start > counted) {
      gaps.add(tp); // counted up to `counted`; the rest is read back at the end
      return;
    }
    Map<TopicPartition, Long> end = to;
    long limit = end == null ? Long.MAX_VALUE : end.getOrDefault(tp, Long.MAX_VALUE);
    long highest = -1;
    for (ConsumerRecord<byte[], byte[]> r : records) {
      if (r.offset() >= counted && r.offset() < limit) {
        counter.add(r);
        highest = r.offset();
      }
    }
    if (highest >= 0) {
      highestCounted.merge(tp, highest, Math::max);
    }
    if (next > counted) {
      countedTo.put(tp, next);
    }
  }

  /**
   * The tally of the range; reads back with {@code reader} what the consumer did not count itself.
   * Call after {@link #end}, once the consumer has ended.
   */
  public TopicTally tally(TopicReader reader) {
    Map<TopicPartition, Long> end = to;
    for (Map.Entry<TopicPartition, Long> e : highestCounted.entrySet()) {
      if (e.getValue() >= end.getOrDefault(e.getKey(), 0L)) {
        // Counted before the end was known, and beyond it (another producer wrote after this
        // run's): those counts cannot be taken apart again, so the whole range is read back.
        TopicTally t = TopicTally.count(reader, from, end);
        readBack = t.total();
        return t;
      }
    }
    Map<TopicPartition, Long> restFrom = new HashMap<>();
    Map<TopicPartition, Long> restTo = new HashMap<>();
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      TopicPartition tp = e.getKey();
      counter.partition(tp.partition());
      long counted = countedTo.getOrDefault(tp, from.getOrDefault(tp, 0L));
      if (counted < e.getValue()) {
        restFrom.put(tp, counted);
        restTo.put(tp, e.getValue());
      }
    }
    if (!restTo.isEmpty()) {
      Map<TopicPartition, Long> n = reader.read(restFrom, restTo, counter::add);
      readBack = n.values().stream().mapToLong(Long::longValue).sum();
    }
    return counter.tally();
  }

  /** How many of the tallied events were read back apart rather than counted as consumed. */
  public long readBack() {
    return readBack;
  }
}
