package dev.pep.metrics;

import dev.pep.event.Reject;
import dev.pep.producer.ProduceObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;

/** The producer's meters, fed through the {@link ProduceObserver} the producer owns. */
final class ProduceMeters implements ProduceObserver, AutoCloseable {
  private final MeterRegistry registry;
  private final Counter rowsRead;
  private final Counter sent;
  private final Counter committed;
  private final Counter transactionsCommitted;
  private final Counter transactionsAborted;
  private final Timer commit;
  private final ClientMetrics clients;

  ProduceMeters(MeterRegistry registry) {
    this.registry = registry;
    this.clients = new ClientMetrics(registry);
    rowsRead =
        Counter.builder("pep.producer.rows.read")
            .description("CSV rows read and handled: sent, rejected, or skipped after a checkpoint")
            .register(registry);
    sent =
        Counter.builder("pep.producer.events.sent")
            .description("Events handed to the transactional producer")
            .register(registry);
    committed =
        Counter.builder("pep.producer.events.committed")
            .description("Events in committed Kafka transactions")
            .register(registry);
    transactionsCommitted =
        Counter.builder("pep.producer.transactions.committed")
            .description("Kafka transactions committed (each with a checkpoint)")
            .register(registry);
    transactionsAborted =
        Counter.builder("pep.producer.transactions.aborted")
            .description("Kafka transactions aborted")
            .register(registry);
    commit =
        Timer.builder("pep.producer.commit")
            .description("Time to commit a Kafka transaction")
            .serviceLevelObjectives(PepMetrics.LATENCY_BUCKETS)
            .register(registry);
    // Present (at 0) before the first reject, so that rate() and the dashboard see the series.
    rejectCounter(Reject.Kind.FIELD_COUNT, "");
  }

  private Counter rejectCounter(Reject.Kind kind, String column) {
    return Counter.builder("pep.producer.rejects")
        .description("Rows rejected, by kind and column (written to the rejects file)")
        .tag("kind", kind.name().toLowerCase(Locale.ROOT))
        .tag("column", column)
        .register(registry);
  }

  @Override
  public void opened(Producer<?, ?> producer) {
    clients.bind(producer, new KafkaClientMetrics(producer));
  }

  @Override
  public void closed(Producer<?, ?> producer) {
    clients.unbind(producer);
  }

  @Override
  public void rowsRead(long rows) {
    rowsRead.increment(rows);
  }

  @Override
  public void sent(long events) {
    sent.increment(events);
  }

  @Override
  public void rejected(Reject reject) {
    rejectCounter(reject.kind(), reject.column() == null ? "" : reject.column()).increment();
  }

  @Override
  public void committed(long events, long nanos) {
    committed.increment(events);
    transactionsCommitted.increment();
    commit.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void aborted() {
    transactionsAborted.increment();
  }

  @Override
  public void close() {
    clients.close();
  }
}
