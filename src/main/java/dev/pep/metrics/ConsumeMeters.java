package dev.pep.metrics;

import dev.pep.consumer.ConsumeObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** The consumer's and the sink's meters, fed through the {@link ConsumeObserver} it owns. */
final class ConsumeMeters implements ConsumeObserver, AutoCloseable {
  private final Counter read;
  private final Counter written;
  private final Counter duplicates;
  private final Counter deadLettered;
  private final Timer batchWrite;
  private final ClientMetrics clients;

  ConsumeMeters(MeterRegistry registry) {
    this.clients = new ClientMetrics(registry);
    read =
        Counter.builder("pep.consumer.records.read")
            .description(
                "Records read from the topic and settled (stored, skipped or dead-lettered)")
            .register(registry);
    written =
        Counter.builder("pep.sink.events.written")
            .description("Events stored in the sink")
            .register(registry);
    duplicates =
        Counter.builder("pep.sink.duplicates.skipped")
            .description("Events skipped because the sink already held their id")
            .register(registry);
    deadLettered =
        Counter.builder("pep.consumer.dead.lettered")
            .description("Records sent to the dead-letter topic")
            .register(registry);
    batchWrite =
        Timer.builder("pep.sink.batch.write")
            .description(
                "Time to write one partition batch into the sink: one database transaction with"
                    + " its offset, commit and retries included")
            .serviceLevelObjectives(PepMetrics.LATENCY_BUCKETS)
            .register(registry);
  }

  @Override
  public void opened(Consumer<?, ?> consumer) {
    clients.bind(consumer, new KafkaClientMetrics(consumer));
  }

  @Override
  public void closed(Consumer<?, ?> consumer) {
    clients.unbind(consumer);
  }

  @Override
  public void applied(TopicPartition tp, int records, long written, long duplicates) {
    read.increment(records);
    this.written.increment(written);
    this.duplicates.increment(duplicates);
  }

  @Override
  public void batchWritten(TopicPartition tp, long nanos) {
    batchWrite.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void deadLettered() {
    deadLettered.increment();
  }

  @Override
  public void close() {
    clients.close();
  }
}
