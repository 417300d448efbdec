package dev.pep.kafka;

import dev.pep.event.EventSchema;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * How many events a range of a topic holds, per partition, and how many distinct event ids among
 * them (from the {@code event-id} header; records without one count as distinct).
 *
 * @param perPartition partition number to events
 */
public record TopicTally(Map<Integer, Long> perPartition, long total, long distinctEventIds) {

  /** Reads {@code from} up to {@code to} (per partition) and counts. */
  public static TopicTally count(
      TopicReader reader, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
    Set<String> ids = new HashSet<>();
    long[] withoutId = {0};
    Map<TopicPartition, Long> counts =
        reader.read(
            from,
            to,
            r -> {
              Header h = r.headers().lastHeader(EventSchema.HEADER_EVENT_ID);
              if (h == null) {
                withoutId[0]++;
              } else {
                ids.add(new String(h.value(), StandardCharsets.UTF_8));
              }
            });
    Map<Integer, Long> per = new TreeMap<>();
    long total = 0;
    for (Map.Entry<TopicPartition, Long> e : counts.entrySet()) {
      per.put(e.getKey().partition(), e.getValue());
      total += e.getValue();
    }
    return new TopicTally(per, total, ids.size() + withoutId[0]);
  }
}
