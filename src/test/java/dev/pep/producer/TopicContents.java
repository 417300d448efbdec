package dev.pep.producer;

import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.TopicReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Test helper: reads a whole topic back through the project's own {@link TopicReader}. */
final class TopicContents {
  private TopicContents() {}

  /** Hands every record now in {@code topic} to {@code handler}; returns how many there were. */
  static long forEach(
      String bootstrap, String topic, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
    try (TopicReader reader = new TopicReader(KafkaClients.plain(bootstrap), topic)) {
      return reader.read(Map.of(), reader.endOffsets(), handler).values().stream()
          .mapToLong(Long::longValue)
          .sum();
    }
  }

  /** Every record now in {@code topic}, partition by partition. */
  static List<ConsumerRecord<byte[], byte[]>> all(String bootstrap, String topic) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    forEach(bootstrap, topic, records::add);
    return records;
  }

  static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    org.apache.kafka.common.header.Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
