package dev.pep.producer;

import dev.pep.config.PipelineConfig;
import dev.pep.kafka.KafkaClients;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Builds the Kafka producer's properties: safe base, then the profile, then the user's ({@code
 * kafka.*}, {@code kafka.producer.*}, through {@link dev.pep.kafka.KafkaClients}).
 */
public final class ProducerProperties {
  private ProducerProperties() {}

  public static Map<String, Object> of(PipelineConfig config) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "pep-producer");
    p.putAll(config.profile().producerProperties());
    p.put(
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
        org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
    p.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
    return KafkaClients.of(config).producer(p);
  }
}
