package dev.pep.consumer;

import dev.pep.sink.Sink.StoredOffset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where newly assigned partitions start, from the sink's stored positions checked against the topic
 * as it is now: its id (a topic deleted and created again under the same name has another) and its
 * end offsets. Consuming thread only, with no write in flight.
 */
final class StartingOffsets {
  private static final Logger log = LoggerFactory.getLogger(StartingOffsets.class);

  /** What a partition's stored position means for the topic now. */
  enum Verdict {
    /** Nothing stored: read from the beginning. */
    FROM_BEGINNING,
    /** Stored for this topic (or without an id) and within it: read on from there. */
    RESUME,
    /** Stored for a topic of the same name that was deleted: read from the beginning. */
    TOPIC_REPLACED,
    /** Stored for this topic (or without an id) but beyond its end: stop, skip nothing. */
    BEYOND_END
  }

  /**
   * @param stored partition → next offset to hand to {@link Positions#assigned}
   * @param replaced the partitions whose offsets belonged to a deleted topic (now forgotten)
   */
  record Start(Map<Integer, Long> stored, List<TopicReplaced> replaced) {}

  private StartingOffsets() {}

  /**
   * The verdict for one partition.
   *
   * @param stored the sink's position, or null
   * @param topicId the topic's id now, or null when unknown (then only the end offset is checked)
   * @param endOffset the partition's end offset now
   */
  static Verdict verdict(StoredOffset stored, String topicId, long endOffset) {
    if (stored == null) {
      return Verdict.FROM_BEGINNING;
    }
    if (topicId != null && stored.topicId() != null && !stored.topicId().equals(topicId)) {
      return Verdict.TOPIC_REPLACED;
    }
    return stored.next() > endOffset ? Verdict.BEYOND_END : Verdict.RESUME;
  }

  /**
   * Decides the start of each partition in {@code tps}. The offset row of a deleted topic is
   * deleted (compare-and-set: when it moved meanwhile, the positions are read again), so the
   * partition's first write stores the new topic's offset as if none had been stored.
   *
   * @throws OffsetBeyondEndException a stored offset lies beyond its partition's end
   */
  static Start resolve(
      BatchWriter writer,
      Consumer<?, ?> consumer,
      Collection<TopicPartition> tps,
      String topicId,
      String group,
      String sink) {
    List<TopicReplaced> replaced = new ArrayList<>();
    while (true) {
      Map<Integer, StoredOffset> positions = writer.storedPositions();
      // The end offsets after the stored ones: an offset stored meanwhile (by a member that lost
      // the partition and has not noticed yet) lies within what it read, so below these ends.
      Map<TopicPartition, Long> ends = consumer.endOffsets(tps, Duration.ofSeconds(30));
      Map<Integer, Long> stored = new HashMap<>();
      boolean moved = false;
      for (TopicPartition tp : tps) {
        StoredOffset s = positions.get(tp.partition());
        Long end = ends.get(tp);
        if (end == null) {
          throw new IllegalStateException("Kafka returned no end offset for " + tp);
        }
        switch (verdict(s, topicId, end)) {
          case FROM_BEGINNING -> {}
          case RESUME -> stored.put(tp.partition(), s.next());
          case TOPIC_REPLACED -> {
            if (!writer.forget(tp, s)) {
              moved = true;
              break;
            }
            log.info(
                "{}: stored offset {} belongs to topic id {}, the topic now has id {} (end offset"
                    + " {}): reading the partition from its beginning",
                tp,
                s.next(),
                s.topicId(),
                topicId,
                end);
            replaced.add(
                new TopicReplaced(tp.topic(), tp.partition(), s.next(), s.topicId(), topicId, end));
          }
          case BEYOND_END ->
              throw new OffsetBeyondEndException(
                  tp.topic(), tp.partition(), group, sink, s.next(), end, s.topicId());
        }
      }
      if (!moved) {
        return new Start(stored, replaced);
      }
      // Another member changed a row between our read and the delete: read them all again.
    }
  }
}
