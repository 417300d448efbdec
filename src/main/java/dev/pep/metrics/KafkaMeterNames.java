package dev.pep.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Set;

/**
 * Keeps the Kafka clients' metrics (Micrometer's {@code KafkaClientMetrics}, named after Kafka's
 * own) within Prometheus conventions, as {@code promtool check metrics} holds them: a metric whose
 * name carries an abbreviated unit ({@code …_time_ns_total}, {@code start_time_ms}) is left out, as
 * is a gauge named {@code …_count}, because renaming either would need a unit conversion or a
 * guess; a metric without a description gets one naming it.
 */
final class KafkaMeterNames implements MeterFilter {
  /** The unit abbreviations Prometheus' lint refuses as a name's word. */
  private static final Set<String> ABBREVIATED =
      Set.of("s", "ms", "us", "ns", "sec", "secs", "b", "kb", "mb", "gb", "tb", "m", "h", "d");

  private static boolean kafka(Meter.Id id) {
    return id.getName().startsWith("kafka.");
  }

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    if (!kafka(id)) {
      return MeterFilterReply.NEUTRAL;
    }
    String name = id.getName();
    for (String word : name.split("[._-]")) {
      if (ABBREVIATED.contains(word)) {
        return MeterFilterReply.DENY;
      }
    }
    if (name.endsWith(".count") && id.getType() != Meter.Type.COUNTER) {
      return MeterFilterReply.DENY;
    }
    return MeterFilterReply.NEUTRAL;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!kafka(id) || (id.getDescription() != null && !id.getDescription().isBlank())) {
      return id;
    }
    return new Meter.Id(
        id.getName(),
        io.micrometer.core.instrument.Tags.of(id.getTagsAsIterable()),
        id.getBaseUnit(),
        "Kafka client metric " + id.getName(),
        id.getType());
  }
}
