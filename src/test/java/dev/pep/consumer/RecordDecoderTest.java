package dev.pep.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.config.PepException;
import dev.pep.event.PurchaseEvent;
import dev.pep.sink.Sink;
import dev.pep.sink.SinkException;
import dev.pep.sink.SinkReport;
import dev.pep.sink.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Which records become dead letters, and which failures stop the run instead. */
class RecordDecoderTest {
  private static final String TOPIC = "purchase-events";

  private final List<String> deadLetters = new ArrayList<>();

  @Test
  void validEventsCarryTheirPartitionAndOffsetAndGarbageIsDeadLettered() {
    RecordDecoder d = decoder(e -> null);
    List<StoredEvent> events =
        d.decode(
            List.of(record(7, event("e-1")), record(8, "not json {"), record(9, event("e-2"))),
            this::deadLetter);

    assertThat(events).extracting(se -> se.event().eventId()).containsExactly("e-1", "e-2");
    assertThat(events).extracting(StoredEvent::offset).containsExactly(7L, 9L);
    assertThat(events).extracting(StoredEvent::partition).containsOnly(2);
    assertThat(deadLetters).hasSize(1);
    assertThat(deadLetters.get(0)).startsWith("8: not JSON");
  }

  @Test
  void aRecordWithoutAnEventIdIsDeadLetteredNotAFailure() {
    List<StoredEvent> events =
        decoder(e -> null).decode(List.of(record(3, event(null))), this::deadLetter);

    assertThat(events).isEmpty();
    assertThat(deadLetters).containsExactly("3: field event_id is missing");
  }

  @Test
  void anEventIdHeaderThatDiffersFromTheValueIsDeadLettered() {
    ConsumerRecord<byte[], byte[]> r = record(4, event("e-1"));
    r.headers().add("event-id", "e-other".getBytes(StandardCharsets.UTF_8));

    assertThat(decoder(e -> null).decode(List.of(r), this::deadLetter)).isEmpty();
    assertThat(deadLetters).containsExactly("4: the event-id header differs from the value's");
  }

  @Test
  void theEventIdHeaderIsComparedByItsBytes() {
    byte[] ascii = "d7a4cee0acb065df:2".getBytes(StandardCharsets.UTF_8);
    assertThat(RecordDecoder.sameId("d7a4cee0acb065df:2", ascii)).isTrue();
    assertThat(RecordDecoder.sameId("d7a4cee0acb065df:3", ascii)).isFalse();
    assertThat(RecordDecoder.sameId("d7a4cee0acb065df:20", ascii)).isFalse();
    assertThat(RecordDecoder.sameId("d7a4cee0acb065df:2", null)).isFalse();
    assertThat(RecordDecoder.sameId("é:2", "é:2".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(RecordDecoder.sameId("é:2", "e:2".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(RecordDecoder.sameId("ab", "é".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  /**
   * pep's own JSON has its id compared with the header byte by byte in the JSON; any other JSON by
   * its decoded string. Both say the same of the same header, whichever came before.
   */
  @Test
  void theEventIdHeaderIsCheckedAlikeInPepsOwnJsonAndInAnyOther() {
    String[] headers = {"e-1", "e-", "e-12", "e-2", "E-1"};
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    long offset = 0;
    for (String h : headers) {
      for (String json : new String[] {event("e-1"), event("e-1").replace(",", ", ")}) {
        ConsumerRecord<byte[], byte[]> r = record(offset++, json);
        r.headers().add("event-id", h.getBytes(StandardCharsets.UTF_8));
        records.add(r);
      }
    }

    List<StoredEvent> events = decoder(e -> null).decode(records, this::deadLetter);

    assertThat(events).extracting(StoredEvent::offset).containsExactly(0L, 1L);
    assertThat(deadLetters)
        .hasSize(8)
        .allMatch(d -> d.endsWith(": the event-id header differs from the value's"));
  }

  @Test
  void anEventTheSinkRefusesAsDataIsDeadLetteredWithTheSinksReason() {
    RecordDecoder d =
        decoder(e -> e.eventId().equals("e-wide") ? "unit_price 1E+10 is too wide" : null);
    List<StoredEvent> events =
        d.decode(List.of(record(5, event("e-wide")), record(6, event("e-ok"))), this::deadLetter);

    assertThat(events).extracting(se -> se.event().eventId()).containsExactly("e-ok");
    assertThat(deadLetters).containsExactly("5: unit_price 1E+10 is too wide");
  }

  /** Before issue 12 any RuntimeException made the record a "poison record" in the DLQ. */
  @Test
  void aBugInTheSinkStopsTheRunNamingTheRecordInsteadOfDeadLetteringIt() {
    RecordDecoder d =
        decoder(
            e -> {
              throw new NullPointerException("a bug in the sink");
            });

    assertThatThrownBy(() -> d.decode(List.of(record(11, event("e-1"))), this::deadLetter))
        .isInstanceOf(PepException.class)
        .hasMessageStartingWith(
            "Checking the record at purchase-events-2@11 for test sink failed with"
                + " NullPointerException: a bug in the sink.")
        .hasCauseInstanceOf(NullPointerException.class);
    assertThat(deadLetters).isEmpty();
  }

  @Test
  void aSinkFailureOfOursPassesUnchanged() {
    SinkException down = new SinkException("test sink is down", new SQLException("gone", "08006"));
    RecordDecoder d =
        decoder(
            e -> {
              throw down;
            });

    assertThatThrownBy(() -> d.decode(List.of(record(1, event("e-1"))), this::deadLetter))
        .isSameAs(down);
    assertThat(deadLetters).isEmpty();
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
    deadLetters.add(r.offset() + ": " + reason);
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, String value) {
    return new ConsumerRecord<>(TOPIC, 2, offset, null, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String event(String id) {
    return "{"
        + (id == null ? "" : "\"event_id\":\"" + id + "\",")
        + "\"invoice_no\":\"536365\",\"stock_code\":\"85123A\",\"description\":\"HEART\","
        + "\"quantity\":6,\"invoice_date\":\"2010-12-01T08:26:00Z\",\"unit_price\":2.55,"
        + "\"customer_id\":\"17850\",\"country\":\"United Kingdom\","
        + "\"source_file\":\"online.csv\",\"source_line\":2}";
  }

  private static RecordDecoder decoder(Function<PurchaseEvent, String> refusal) {
    return new RecordDecoder(new RefusingSink(refusal));
  }

  /** A sink that only answers {@link Sink#refusal}: decoding asks nothing else of it. */
  private record RefusingSink(Function<PurchaseEvent, String> refusal) implements Sink {
    @Override
    public String refusal(PurchaseEvent event) {
      return refusal.apply(event);
    }

    @Override
    public String describe() {
      return "test sink";
    }

    @Override
    public Map<Integer, Long> storedOffsets(String group, String topic) {
      throw new UnsupportedOperationException();
    }

    @Override
    public WriteResult write(
        String group,
        String topic,
        String topicId,
        int partition,
        long expectedNext,
        long newNext,
        List<StoredEvent> events) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean holdsOffsets() {
      return true;
    }

    @Override
    public SinkReport report() {
      return null;
    }

    @Override
    public void close() {}
  }
}
