package dev.pep.kafka;

import dev.pep.config.KafkaProperties;
import dev.pep.config.PipelineConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The one place where the properties of every Kafka client pep makes are put together: the
 * cluster's address, then pep's defaults for that client, then the user's pass-through properties
 * ({@code kafka.*}, then {@code kafka.producer.*}, {@code kafka.consumer.*} or {@code
 * kafka.admin.*}), so security settings reach producers, consumers and admin clients alike. The
 * properties pep must own (serializers, group.id, isolation.level, ...) are refused when the
 * configuration is loaded, so the user's values can safely come last. Immutable, thread-safe.
 */
public final class KafkaClients {
  private final String bootstrapServers;
  private final KafkaProperties user;

  public KafkaClients(String bootstrapServers, KafkaProperties user) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka clients need bootstrap servers");
    }
    this.bootstrapServers = bootstrapServers;
    this.user = user;
  }

  /**
   * Where every Kafka client of a run gets its properties: the configuration's bootstrap servers
   * (which must be set by now) and the user's pass-through properties.
   */
  public static KafkaClients of(PipelineConfig config) {
    return new KafkaClients(config.bootstrapServers(), config.kafkaProperties());
  }

  /** Clients of a cluster without any pass-through properties (e.g. a broker's own listener). */
  public static KafkaClients plain(String bootstrapServers) {
    return new KafkaClients(bootstrapServers, KafkaProperties.none());
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** A producer's properties: {@code defaults} are pep's, the user's win over them. */
  public Map<String, Object> producer(Map<String, ?> defaults) {
    return build(KafkaProperties.Kind.PRODUCER, defaults);
  }

  /** A consumer's properties: {@code defaults} are pep's, the user's win over them. */
  public Map<String, Object> consumer(Map<String, ?> defaults) {
    return build(KafkaProperties.Kind.CONSUMER, defaults);
  }

  /** An admin client's properties: {@code defaults} are pep's, the user's win over them. */
  public Map<String, Object> admin(Map<String, ?> defaults) {
    return build(KafkaProperties.Kind.ADMIN, defaults);
  }

  private Map<String, Object> build(KafkaProperties.Kind kind, Map<String, ?> defaults) {
    Map<String, Object> p = new HashMap<>(defaults);
    p.putAll(user.forKind(kind));
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return p;
  }

  /** Shows the address only: the properties may hold secrets. */
  @Override
  public String toString() {
    return "KafkaClients[" + bootstrapServers + "]";
  }
}
