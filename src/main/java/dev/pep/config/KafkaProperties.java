package dev.pep.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The Kafka client properties a user passes through, by the clients they apply to: {@code
 * kafka.<property>} to every client pep makes (security.protocol, sasl.*, ssl.*, client.id ...),
 * {@code kafka.producer.*}, {@code kafka.consumer.*} and {@code kafka.admin.*} to one kind only
 * (and win over {@code kafka.*}). Keys are checked against Kafka's own {@link ConfigDef}s, values
 * against their types and validators; secrets are Kafka's PASSWORD-typed properties. Immutable.
 *
 * @param common property (without prefix) to value, for every client
 */
public record KafkaProperties(
    Map<String, String> common,
    Map<String, String> producer,
    Map<String, String> consumer,
    Map<String, String> admin) {

  /** Prefix of the properties every Kafka client gets. */
  public static final String PREFIX = "kafka.";

  /** The kinds of Kafka client pep makes, each with its prefix and Kafka's table of properties. */
  public enum Kind {
    PRODUCER("producer", ProducerConfig.configDef()),
    CONSUMER("consumer", ConsumerConfig.configDef()),
    ADMIN("admin", AdminClientConfig.configDef());

    private final String label;
    private final ConfigDef def;

    Kind(String label, ConfigDef def) {
      this.label = label;
      this.def = def;
    }

    /** {@code kafka.producer.} etc. */
    public String prefix() {
      return PREFIX + label + ".";
    }

    public String label() {
      return label;
    }

    boolean knows(String property) {
      return def.configKeys().containsKey(property);
    }
  }

  /** Properties pep sets itself, with what to do instead; a user value would break a promise. */
  private static final Map<String, String> RESERVED =
      Map.of(
          "bootstrap.servers", "set KAFKA_BOOTSTRAP_SERVERS (--bootstrap) instead",
          "key.serializer", "pep sends raw bytes",
          "value.serializer", "pep sends raw bytes",
          "key.deserializer", "pep reads raw bytes",
          "value.deserializer", "pep reads raw bytes",
          "group.id", "set PEP_GROUP_ID (--group) instead",
          "enable.auto.commit", "pep's sinks hold the offsets (it is always false)",
          "isolation.level", "pep reads only committed records (read_committed)",
          "transactional.id",
              "pep sets one per (topic, file), so that a rerun resumes and a second process on"
                  + " the same file fences the first",
          "enable.idempotence", "pep's transactional producer needs it (always true)");

  /** Kafka's PASSWORD-typed properties of every client kind (sasl.jaas.config among them). */
  private static final Set<String> PASSWORDS =
      Stream.of(Kind.values())
          .flatMap(k -> k.def.configKeys().values().stream())
          .filter(k -> k.type == ConfigDef.Type.PASSWORD)
          .map(k -> k.name)
          .collect(Collectors.toUnmodifiableSet());

  public KafkaProperties {
    common = Map.copyOf(common);
    producer = Map.copyOf(producer);
    consumer = Map.copyOf(consumer);
    admin = Map.copyOf(admin);
  }

  /** No pass-through properties. */
  public static KafkaProperties none() {
    return new KafkaProperties(Map.of(), Map.of(), Map.of(), Map.of());
  }

  /** The pass-through properties among {@code values} (full keys with their prefix to values). */
  static KafkaProperties of(Map<String, String> values) {
    Map<String, String> common = new TreeMap<>();
    Map<Kind, Map<String, String>> specific = new LinkedHashMap<>();
    for (Kind k : Kind.values()) {
      specific.put(k, new TreeMap<>());
    }
    values.forEach(
        (key, value) -> {
          Kind kind = kindOf(key);
          if (kind != null) {
            specific.get(kind).put(key.substring(kind.prefix().length()), value);
          } else if (isPassThrough(key)) {
            common.put(key.substring(PREFIX.length()), value);
          }
        });
    return new KafkaProperties(
        common, specific.get(Kind.PRODUCER), specific.get(Kind.CONSUMER), specific.get(Kind.ADMIN));
  }

  /** The properties a client of {@code kind} gets from the user: common, then its own. */
  public Map<String, String> forKind(Kind kind) {
    Map<String, String> m = new TreeMap<>(common);
    m.putAll(
        switch (kind) {
          case PRODUCER -> producer;
          case CONSUMER -> consumer;
          case ADMIN -> admin;
        });
    return m;
  }

  /** The value of {@code property} a client of {@code kind} gets, or null. */
  public String get(Kind kind, String property) {
    return forKind(kind).get(property);
  }

  /** True for a key of this scheme ({@code kafka.} followed by something). */
  public static boolean isPassThrough(String key) {
    return key.startsWith(PREFIX) && key.length() > PREFIX.length();
  }

  /** True for a pass-through key whose property Kafka types PASSWORD. */
  static boolean isSecret(String key) {
    if (!isPassThrough(key)) {
      return false;
    }
    Kind kind = kindOf(key);
    String property = key.substring(kind == null ? PREFIX.length() : kind.prefix().length());
    return PASSWORDS.contains(property);
  }

  private static Kind kindOf(String key) {
    for (Kind k : Kind.values()) {
      if (key.startsWith(k.prefix())) {
        return k;
      }
    }
    return null;
  }

  /**
   * Checks one pass-through key and its value against Kafka's tables; throws {@link
   * ConfigException} naming the key and {@code source} (the value only when it is no secret).
   */
  static void check(String key, String value, String source) {
    Kind kind = kindOf(key);
    String property = key.substring(kind == null ? PREFIX.length() : kind.prefix().length());
    List<Kind> kinds = kind == null ? List.of(Kind.values()) : List.of(kind);
    String where = " (" + source + ": " + key + ")";
    String reserved = RESERVED.get(property);
    if (reserved != null) {
      throw new ConfigException(
          "Kafka property '" + property + "' cannot be set" + where + ": " + reserved + ".");
    }
    List<Kind> knowing = Stream.of(Kind.values()).filter(k -> k.knows(property)).toList();
    if (knowing.isEmpty()) {
      throw new ConfigException(
          "Unknown Kafka "
              + (kind == null ? "client" : kind.label())
              + " property '"
              + property
              + "'"
              + where
              + "."
              + suggestion(property, kinds));
    }
    if (!knowing.containsAll(kinds)) {
      String only = knowing.stream().map(Kind::label).collect(Collectors.joining(" and "));
      String use =
          knowing.stream().map(k -> k.prefix() + property).collect(Collectors.joining(" or "));
      throw new ConfigException(
          "Kafka property '"
              + property
              + "' is a "
              + only
              + " property only"
              + where
              + ": set it as "
              + use
              + ".");
    }
    ConfigDef.ConfigKey def = kinds.get(0).def.configKeys().get(property);
    try {
      Object parsed = ConfigDef.parseType(property, value.trim(), def.type);
      if (def.validator != null) {
        def.validator.ensureValid(property, parsed);
      }
    } catch (org.apache.kafka.common.config.ConfigException e) {
      boolean secret = def.type == ConfigDef.Type.PASSWORD;
      throw ConfigException.invalid(
          key, secret ? "[hidden]" : value, secret ? "not a valid " + def.type : reason(e));
    }
  }

  /** Kafka's message without its own "Invalid value X for configuration Y: " preamble. */
  private static String reason(org.apache.kafka.common.config.ConfigException e) {
    String m = String.valueOf(e.getMessage());
    int colon = m.indexOf(": ");
    return m.startsWith("Invalid value") && colon > 0 ? m.substring(colon + 2) : m;
  }

  /** " Did you mean X?" for the closest property of those kinds within three edits, else "". */
  private static String suggestion(String property, List<Kind> kinds) {
    String best = null;
    int bestDistance = 4;
    for (Kind k : kinds) {
      for (String name : k.def.names()) {
        int d = ConfigLoader.distance(property.toLowerCase(Locale.ROOT), name);
        if (d < bestDistance) {
          best = name;
          bestDistance = d;
        }
      }
    }
    return best == null ? "" : " Did you mean " + best + "?";
  }
}
