package dev.pep.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The Kafka clients' own metrics, bound to the registry while each client is open: a producer or
 * consumer is replaced after a fence or a rebalance, and its meters go with it. Thread-safe.
 */
final class ClientMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final Map<Object, KafkaClientMetrics> bound = new IdentityHashMap<>();

  ClientMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Binds {@code metrics}, made for {@code client}, until {@link #unbind} of that client. */
  synchronized void bind(Object client, KafkaClientMetrics metrics) {
    metrics.bindTo(registry);
    bound.put(client, metrics);
  }

  synchronized void unbind(Object client) {
    KafkaClientMetrics m = bound.remove(client);
    if (m != null) {
      m.close();
    }
  }

  @Override
  public synchronized void close() {
    bound.values().forEach(KafkaClientMetrics::close);
    bound.clear();
  }
}
