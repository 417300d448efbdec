package dev.pep.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.config.SinkConfig;
import dev.pep.config.SinkType;
import dev.pep.event.PurchaseEvent;
import dev.pep.event.SourcePosition;
import dev.pep.sink.Sink;
import dev.pep.sink.Sinks;
import dev.pep.sink.StoredEvent;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch handed to the writer behind a write of its own partition, into a real DuckDB sink: it is
 * written when that write stored the offset it continues from, and skipped (nothing of it stored)
 * when that write was refused; batches of other partitions are not held to it.
 */
class BatchWriterTest {
  private static final String GROUP = "g";
  private static final String TOPIC = "t";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

  @TempDir Path tmp;
  private Sink sink;
  private BatchWriter writer;

  @BeforeEach
  void open() {
    sink =
        Sinks.open(
            new SinkConfig(
                SinkType.DUCKDB,
                GROUP,
                null,
                null,
                tmp.resolve("events.duckdb"),
                null,
                "purchase_events",
                "pep_offsets",
                10_000,
                300_000));
    writer = new BatchWriter(sink, GROUP, TOPIC, () -> false, ConsumeObserver.NONE);
  }

  @AfterEach
  void close() throws Exception {
    writer.close();
    sink.close();
  }

  @Test
  void aBatchBehindAWriteOfItsPartitionIsWrittenWhenThatWriteStoredWhereItContinuesFrom() {
    writer.submit(P0, -1, 3, events(0, 0, 3), 3);
    assertThat(writer.pendingNext(P0)).isEqualTo(3L);
    assertThat(writer.pendingNext(P1)).isNull();
    writer.submit(P0, 3, 5, events(0, 3, 5), 2);
    assertThat(writer.outstanding()).isEqualTo(2);
    assertThatThrownBy(() -> writer.submit(P1, -1, 1, events(1, 0, 1), 1))
        .isInstanceOf(IllegalStateException.class);

    BatchWriter.Settled first = writer.await();
    BatchWriter.Settled second = writer.await();

    assertThat(first.skipped()).isFalse();
    assertThat(first.result()).isEqualTo(new Sink.WriteResult(3, 0));
    assertThat(second.skipped()).isFalse();
    assertThat(second.resyncTo()).isNull();
    assertThat(second.result()).isEqualTo(new Sink.WriteResult(2, 0));
    assertThat(sink.storedOffsets(GROUP, TOPIC)).containsEntry(0, 5L);
    assertThat(writer.outstanding()).isZero();
  }

  @Test
  void aBatchBehindARefusedWriteOfItsPartitionIsSkippedAndAnotherPartitionsIsNot() {
    sink.write(GROUP, TOPIC, 0, -1, 4, events(0, 0, 4)); // offset 4 stored by someone else

    // This consumer thinks offset 2 is stored: its write is refused, the sink says 4.
    writer.submit(P0, 2, 6, events(0, 2, 6), 4);
    writer.submit(P0, 6, 8, events(0, 6, 8), 2);
    BatchWriter.Settled refused = writer.await();
    BatchWriter.Settled behind = writer.await();

    assertThat(refused.stale()).isTrue();
    assertThat(refused.resyncTo()).isEqualTo(4L);
    assertThat(behind.skipped()).isTrue();
    assertThat(behind.result()).isNull();
    assertThat(sink.storedOffsets(GROUP, TOPIC)).containsEntry(0, 4L);
    assertThat(sink.report().rows()).isEqualTo(4); // nothing of offsets 6-7

    // Behind a write of another partition, a batch is written whatever that write came to.
    writer.submit(P0, 2, 6, events(0, 2, 6), 4);
    writer.submit(P1, -1, 2, events(1, 0, 2), 2);
    assertThat(writer.await().stale()).isTrue();
    BatchWriter.Settled other = writer.await();
    assertThat(other.skipped()).isFalse();
    assertThat(other.result()).isEqualTo(new Sink.WriteResult(2, 0));
    assertThat(sink.storedOffsets(GROUP, TOPIC)).containsEntry(0, 4L).containsEntry(1, 2L);
  }

  /** Events at offsets [from, to) of {@code partition}, one per line of a file. */
  private static List<StoredEvent> events(int partition, long from, long to) {
    List<StoredEvent> events = new ArrayList<>();
    for (long offset = from; offset < to; offset++) {
      long line = partition * 1000L + offset + 2;
      PurchaseEvent e =
          new PurchaseEvent(
              "f00d:" + line,
              "536365",
              "85123A",
              "WHITE HANGING HEART T-LIGHT HOLDER",
              6,
              OffsetDateTime.parse("2010-12-01T08:26:00Z"),
              new BigDecimal("2.55"),
              "17850",
              "United Kingdom",
              new SourcePosition("f.csv", line));
      events.add(new StoredEvent(e, partition, offset));
    }
    return events;
  }
}
