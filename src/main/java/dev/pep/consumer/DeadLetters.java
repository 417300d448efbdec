package dev.pep.consumer;

import dev.pep.config.PepException;
import dev.pep.event.EventSchema;
import dev.pep.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The dead-letter topic {@code <topic>.dlq}: records that are not valid events, unchanged, with
 * headers {@code dlq-topic}, {@code dlq-partition}, {@code dlq-offset} and {@code dlq-reason}. The
 * topic and the producer are created on the first poison record. Not thread-safe.
 */
final class DeadLetters implements AutoCloseable {

  private final KafkaClients kafka;
  private final String dlqTopic;
  private KafkaProducer<byte[], byte[]> producer;
  private long count;
  private ConsumeObserver observer = ConsumeObserver.NONE;
  // The first dead letter Kafka did not take, seen on the producer's thread; checked on flush.
  private volatile RuntimeException failed;

  DeadLetters(KafkaClients kafka, String topic) {
    this.kafka = kafka;
    this.dlqTopic = EventSchema.deadLetterTopic(topic);
  }

  void observe(ConsumeObserver o) {
    this.observer = o;
  }

  void send(ConsumerRecord<byte[], byte[]> r, String reason) {
    if (producer == null) {
      open();
    }
    RecordHeaders h = new RecordHeaders();
    h.add("dlq-topic", r.topic().getBytes(StandardCharsets.UTF_8));
    h.add("dlq-partition", Integer.toString(r.partition()).getBytes(StandardCharsets.US_ASCII));
    h.add("dlq-offset", Long.toString(r.offset()).getBytes(StandardCharsets.US_ASCII));
    h.add("dlq-reason", String.valueOf(reason).getBytes(StandardCharsets.UTF_8));
    String where = r.topic() + "-" + r.partition() + "@" + r.offset();
    producer.send(
        new ProducerRecord<>(dlqTopic, null, r.key(), r.value(), h),
        (metadata, e) -> {
          if (e != null && failed == null) {
            failed =
                new PepException(
                    "Cannot dead-letter the record at "
                        + where
                        + " to "
                        + dlqTopic
                        + ": "
                        + e.getMessage(),
                    e);
          }
        });
    count++;
    observer.deadLettered();
  }

  /**
   * Waits until every dead letter sent so far is acknowledged.
   *
   * @throws PepException one was not: the consumer must not move its offset past it
   */
  void flush() {
    if (producer != null) {
      producer.flush();
    }
    if (failed != null) {
      throw failed;
    }
  }

  long count() {
    return count;
  }

  private void open() {
    try (Admin admin =
        Admin.create(kafka.admin(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "pep-dlq-admin")))) {
      admin
          .createTopics(
              List.of(new NewTopic(dlqTopic, java.util.Optional.of(1), java.util.Optional.empty())))
          .all()
          .get(15, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new PepException(
            "Cannot create the dead-letter topic " + dlqTopic + ": " + e.getCause().getMessage(),
            e);
      }
    } catch (TimeoutException e) {
      throw new PepException("Cannot create the dead-letter topic " + dlqTopic + ": timed out");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PepException("Interrupted while creating " + dlqTopic, e);
    }
    producer =
        new KafkaProducer<>(
            kafka.producer(
                Map.of(
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    "true",
                    ProducerConfig.CLIENT_ID_CONFIG,
                    "pep-dlq")),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close();
    }
  }
}
