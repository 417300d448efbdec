package dev.pep.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.event.EventSchema;
import dev.pep.kafka.TopicTally;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The run's check as the sink reads the topic: what it counts decides the verdict ({@code pep run}
 * passes only when the total and the distinct ids both equal what the producer committed), so a
 * duplicate, a missing event or a record counted twice must show in the tally.
 */
class RangeCheckTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private static final String FILE = "0123456789abcdef:";

  private static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset, String id) {
    ConsumerRecord<byte[], byte[]> r =
        new ConsumerRecord<>(tp.topic(), tp.partition(), offset, null, new byte[0]);
    r.headers().add(EventSchema.HEADER_EVENT_ID, id.getBytes(UTF_8));
    return r;
  }

  /** Records of {@code tp} at offsets {@code from} to {@code to} - 1, ids line offset + 2. */
  private static List<ConsumerRecord<byte[], byte[]>> batch(TopicPartition tp, long from, long to) {
    List<ConsumerRecord<byte[], byte[]>> rs = new ArrayList<>();
    for (long o = from; o < to; o++) {
      rs.add(record(tp, o, FILE + (tp.partition() * 1000 + o + 2)));
    }
    return rs;
  }

  @Test
  void countsEachOffsetOfTheRangeOnceAndNothingBeforeIt() {
    RangeCheck check = new RangeCheck(Map.of(P0, 2L, P1, 0L));

    check.read(P0, 0, 5, batch(P0, 0, 5)); // offsets 0 and 1 were there before the run
    check.read(P1, -1, 2, batch(P1, 0, 2));
    check.read(P1, 2, 4, batch(P1, 2, 3)); // offset 3: a transaction marker
    check.end(Map.of(P0, 5L, P1, 4L));
    TopicTally t = check.tally(null);

    assertThat(t.perPartition())
        .containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(0, 3L, 1, 3L)));
    assertThat(t.total()).isEqualTo(6);
    assertThat(t.distinctEventIds()).isEqualTo(6);
    assertThat(check.readBack()).isZero();
  }

  @Test
  void aBatchReadAgainAfterTheSinkMovedBackIsCountedOnce() {
    RangeCheck check = new RangeCheck(Map.of(P0, 0L));

    check.read(P0, -1, 4, batch(P0, 0, 4));
    check.read(P0, 1, 6, batch(P0, 1, 6)); // resynced to the stored offset 1: 1 to 3 again
    check.end(Map.of(P0, 6L));
    TopicTally t = check.tally(null);

    assertThat(t.total()).isEqualTo(6);
    assertThat(t.distinctEventIds()).isEqualTo(6);
  }

  @Test
  void aDuplicateEventInTheTopicShowsAsFewerDistinctIdsThanEvents() {
    RangeCheck check = new RangeCheck(Map.of(P0, 0L));
    List<ConsumerRecord<byte[], byte[]>> rs = new ArrayList<>(batch(P0, 0, 3));
    rs.add(record(P0, 3, FILE + 3)); // offset 1's event again

    check.read(P0, 0, 4, rs);
    check.end(Map.of(P0, 4L));
    TopicTally t = check.tally(null);

    assertThat(t.total()).isEqualTo(4);
    assertThat(t.distinctEventIds()).isEqualTo(3);
  }

  @Test
  void withoutAHeaderTheIdsInTheValuesAreCounted() {
    RangeCheck check = new RangeCheck(Map.of(P0, 0L));
    List<ConsumerRecord<byte[], byte[]>> rs = new ArrayList<>();
    for (String id : List.of(FILE + 2, FILE + 3, FILE + 2, "other")) {
      byte[] json = ("{\"event_id\":\"" + id + "\",\"invoice_no\":\"1\"}").getBytes(UTF_8);
      rs.add(new ConsumerRecord<>("t", 0, rs.size(), null, json));
    }
    rs.add(new ConsumerRecord<>("t", 0, rs.size(), null, "not json".getBytes(UTF_8)));

    check.read(P0, 0, 5, rs);
    check.end(Map.of(P0, 5L));
    TopicTally t = check.tally(null);

    assertThat(t.total()).isEqualTo(5);
    // line 2 twice; "other" once; the record without an id counts as distinct
    assertThat(t.distinctEventIds()).isEqualTo(4);
  }

  @Test
  void recordsAfterTheRunsEndAreNotCounted() {
    RangeCheck check = new RangeCheck(Map.of(P0, 0L));
    check.end(Map.of(P0, 3L));

    check.read(P0, 0, 5, batch(P0, 0, 5));
    TopicTally t = check.tally(null);

    assertThat(t.total()).isEqualTo(3);
  }

  @Test
  void idsOfAnotherFormAndOtherFilesAreDistinctAndTheirRepeatsAreNot() {
    RangeCheck check = new RangeCheck(Map.of(P0, 0L));
    check.read(
        P0,
        0,
        6,
        List.of(
            record(P0, 0, FILE + 2),
            record(P0, 1, "fedcba9876543210:2"),
            record(P0, 2, "not-a-pep-id"),
            record(P0, 3, "not-a-pep-id"),
            record(P0, 4, "0123456789abcdeg:2"), // 'g': not hex
            record(P0, 5, FILE + 2)));
    check.end(Map.of(P0, 6L));

    TopicTally t = check.tally(null);

    assertThat(t.total()).isEqualTo(6);
    assertThat(t.distinctEventIds()).isEqualTo(4);
  }
}
