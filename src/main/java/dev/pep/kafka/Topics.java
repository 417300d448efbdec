package dev.pep.kafka;

import dev.pep.config.PepException;
import dev.pep.retry.Backoff;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the events topic when it does not exist, and reports its partition count and its id. */
public final class Topics {
  /** How long pep waits for the cluster by default: kafka.admin.default.api.timeout.ms sets it. */
  private static final long DEFAULT_TIMEOUT_MS = 15_000;

  private Topics() {}

  /**
   * Returns the partition count of {@code topic}, creating it with {@code partitions} partitions
   * (replication factor: the cluster's default) when it is missing. An unreachable cluster fails
   * within 15 s (kafka.admin.default.api.timeout.ms) with a message naming the address.
   */
  public static int ensure(KafkaClients kafka, String topic, int partitions) {
    return ensure(kafka, topic, partitions, Map.of());
  }

  /** As {@link #ensure(KafkaClients, String, int)}, creating the topic with {@code configs}. */
  public static int ensure(
      KafkaClients kafka, String topic, int partitions, Map<String, String> configs) {
    try (Session s = session(kafka)) {
      return s.ensure(topic, partitions, configs);
    }
  }

  /**
   * Kafka's id of {@code topic} (its {@code TopicDescription.topicId()}, as text): a topic deleted
   * and created again under the same name has another. Empty when the topic does not exist, or the
   * cluster gives no ids. An unreachable cluster fails as {@link #ensure} does.
   */
  public static java.util.Optional<String> topicId(KafkaClients kafka, String topic) {
    try (Session s = session(kafka)) {
      return s.id(topic);
    }
  }

  /**
   * Asks about topics through one admin client for as long as it is open: a consumer looks ids up
   * on every assignment, and produce makes sure of two topics and looks one id up before its first
   * row; a new client each time costs a connection and its metadata round trip (on a cold JVM, tens
   * of milliseconds each).
   */
  public static Session session(KafkaClients kafka) {
    return new Session(kafka);
  }

  /** See {@link #session}. Not thread-safe. */
  public static final class Session implements AutoCloseable {
    private final KafkaClients kafka;
    private final long timeout;
    private Admin admin;

    private Session(KafkaClients kafka) {
      this.kafka = kafka;
      this.timeout = timeoutMillis(kafka);
    }

    /** As {@link Topics#ensure(KafkaClients, String, int, Map)}. */
    public int ensure(String topic, int partitions, Map<String, String> configs) {
      String bootstrap = kafka.bootstrapServers();
      try {
        Admin admin = admin();
        // Described first: the topic usually exists, and one request says so and how many
        // partitions it has. Another process (or another file of the same `pep watch`) may have
        // created it a moment ago: until the broker serves it, describing it says it is unknown,
        // and creating it says it exists; then it is described again until it is served.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        boolean triedToCreate = false;
        while (true) {
          try {
            TopicDescription d =
                admin
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(timeout, TimeUnit.MILLISECONDS)
                    .get(topic);
            awaitLeaders(admin, topic, d.partitions().size(), timeout);
            return d.partitions().size();
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
              throw e;
            }
          }
          if (!triedToCreate) {
            triedToCreate = true;
            try {
              admin
                  .createTopics(
                      List.of(
                          new NewTopic(
                                  topic,
                                  java.util.Optional.of(partitions),
                                  java.util.Optional.empty())
                              .configs(configs)))
                  .all()
                  .get(timeout, TimeUnit.MILLISECONDS);
              awaitLeaders(admin, topic, partitions, timeout);
              return partitions;
            } catch (ExecutionException e) {
              if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
              }
            }
          } else if (System.nanoTime() > deadline) {
            throw new ExecutionException(
                new UnknownTopicOrPartitionException(
                    "the topic exists but the broker does not serve it"));
          } else {
            Thread.sleep(100);
          }
        }
      } catch (TimeoutException e) {
        throw unreachable(bootstrap, timeout);
      } catch (ExecutionException e) {
        throw failed("create or describe", topic, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PepException("Interrupted while creating topic " + topic, e);
      }
    }

    /** As {@link Topics#topicId}. */
    public java.util.Optional<String> id(String topic) {
      try {
        TopicDescription d =
            admin()
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(timeout, TimeUnit.MILLISECONDS)
                .get(topic);
        if (d == null || d.topicId() == null || Uuid.ZERO_UUID.equals(d.topicId())) {
          return java.util.Optional.empty();
        }
        return java.util.Optional.of(d.topicId().toString());
      } catch (TimeoutException e) {
        throw unreachable(kafka.bootstrapServers(), timeout);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          return java.util.Optional.empty();
        }
        throw failed("describe", topic, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PepException("Interrupted while describing topic " + topic, e);
      }
    }

    /** A request that failed, in one line: unreachable, refused, or the cluster's reason. */
    private PepException failed(String doing, String topic, ExecutionException e) {
      String bootstrap = kafka.bootstrapServers();
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        return unreachable(bootstrap, timeout);
      }
      if (e.getCause() instanceof org.apache.kafka.common.errors.AuthenticationException) {
        return refused(bootstrap, e.getCause());
      }
      return new PepException(
          "Cannot "
              + doing
              + " topic "
              + topic
              + " on "
              + bootstrap
              + ": "
              + e.getCause().getMessage(),
          e.getCause());
    }

    /**
     * The admin client, made on first use. Admin.create refusing the client settings (e.g. a JAAS
     * config it cannot parse) is one line; Kafka's reasons name the problem, never a password.
     */
    private Admin admin() {
      if (admin == null) {
        try {
          admin = Topics.admin(kafka, timeout);
        } catch (org.apache.kafka.common.KafkaException e) {
          Throwable root = e;
          while (root.getCause() != null) {
            root = root.getCause();
          }
          throw new PepException(
              "The Kafka client settings for "
                  + kafka.bootstrapServers()
                  + " are not usable: "
                  + root.getMessage()
                  + " (check kafka.* in the configuration, e.g. kafka.sasl.jaas.config).",
              e);
        }
      }
      return admin;
    }

    @Override
    public void close() {
      if (admin != null) {
        admin.close();
        admin = null;
      }
    }
  }

  /**
   * Waits until the broker serves every new partition as its leader. Right after creation the
   * broker's metadata can name it leader before its replica manager is: an idempotent producer's
   * first batch then fails with NOT_LEADER_OR_FOLLOWER, a later batch is accepted as the
   * partition's first, and the retried first batch fails with OUT_OF_ORDER_SEQUENCE_NUMBER until
   * delivery.timeout.ms (seen in a test on a loaded machine). ListOffsets is answered by the
   * leader's replica manager, and the admin client retries it until then.
   */
  private static void awaitLeaders(Admin admin, String topic, int partitions, long timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    // Right after creation the metadata may not have reached the broker yet: retry briefly.
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
    Backoff backoff = Backoff.fixed(50);
    while (true) {
      try {
        admin.listOffsets(latest).all().get(timeout, TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        backoff.pause();
      }
    }
  }

  static Admin admin(KafkaClients kafka, long timeout) {
    return Admin.create(
        kafka.admin(
            Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "pep-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout)));
  }

  /**
   * The user's kafka.admin.default.api.timeout.ms (or kafka.*), else 15 s or their
   * request.timeout.ms if longer (Kafka refuses an API timeout shorter than the request timeout).
   */
  public static long timeoutMillis(KafkaClients kafka) {
    Map<String, Object> user = kafka.admin(Map.of());
    Object api = user.get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
    if (api != null) {
      return Long.parseLong(api.toString().trim());
    }
    Object request = user.get(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG);
    return request == null
        ? DEFAULT_TIMEOUT_MS
        : Math.max(DEFAULT_TIMEOUT_MS, Long.parseLong(request.toString().trim()));
  }

  /** The cluster answered but refused our credentials; Kafka's reason names the mechanism. */
  public static PepException refused(String bootstrap, Throwable cause) {
    String reason = String.valueOf(cause.getMessage()).strip();
    return new PepException(
        "Kafka at "
            + bootstrap
            + " refused to authenticate pep: "
            + reason
            + (reason.endsWith(".") ? "" : ".")
            + " Check the SASL/SSL settings (kafka.sasl.*, kafka.ssl.*, kafka.security.protocol).",
        cause);
  }

  public static PepException unreachable(String bootstrap, long timeout) {
    return new PepException(
        "Cannot reach Kafka at "
            + bootstrap
            + " within "
            + (timeout % 1000 == 0 ? timeout / 1000 + " s" : timeout + " ms")
            + ": is the broker running and is the address right (KAFKA_BOOTSTRAP_SERVERS)?");
  }
}
