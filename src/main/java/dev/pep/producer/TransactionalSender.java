package dev.pep.producer;

import dev.pep.config.PipelineConfig;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transactional Kafka producer of one file: sends events in transactions that each end with the
 * {@link Checkpoint} covering them, so a checkpoint is exactly as visible as its events.
 *
 * <p>A transaction opens with its first send. The first failed send is remembered ({@link
 * #failure()}) and fails the commit. A commit that times out may have reached the coordinator: it
 * is retried, never aborted, and a sender that still cannot commit must be closed, so that the next
 * one's {@code initTransactions} finishes the transaction either way. Used by one thread (the
 * sending one); only the send callbacks run on the producer's network thread.
 */
final class TransactionalSender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransactionalSender.class);
  private static final int COMMIT_TRIES = 3;

  private final Producer<byte[], byte[]> producer;
  private final String checkpointTopic;
  private final boolean synchronous;
  private final SendObserver observer;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Callback callback =
      (metadata, e) -> {
        if (e == null) {
          acknowledged.incrementAndGet();
        } else {
          failure.compareAndSet(null, e);
        }
      };
  private final Callback checkpointSent = (metadata, e) -> failure.compareAndSet(null, e);
  private boolean inTransaction;
  private boolean commitTimedOut;
  private ProduceObserver events = ProduceObserver.NONE;
  private long sentInTransaction;
  // How long close() waits for what the producer still has in flight. Unbounded, a commit that
  // timed out while the cluster had too few brokers kept close() waiting until one came back.
  private final Duration closeTimeout;

  private TransactionalSender(
      Producer<byte[], byte[]> producer,
      String checkpointTopic,
      boolean synchronous,
      SendObserver observer,
      Duration closeTimeout) {
    this.producer = producer;
    this.closeTimeout = closeTimeout;
    this.checkpointTopic = checkpointTopic;
    this.synchronous = synchronous;
    this.observer = observer;
  }

  /**
   * Creates the producer of {@code transactionalId} and initializes its transactions, which fences
   * an earlier producer of the same id and finishes its open transaction, so the checkpoint read
   * next is final.
   *
   * @param observer told of every acknowledged event send, or null
   */
  static TransactionalSender open(
      PipelineConfig config,
      String transactionalId,
      String checkpointTopic,
      SendObserver observer) {
    Map<String, Object> p = ProducerProperties.of(config);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    StorageErrors.watch();
    Producer<byte[], byte[]> producer = new KafkaProducer<>(p);
    try {
      producer.initTransactions();
    } catch (TimeoutException e) {
      producer.close(Duration.ZERO);
      throw Topics.unreachable(
          config.bootstrapServers(), Topics.timeoutMillis(KafkaClients.of(config)));
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
    return new TransactionalSender(
        producer,
        checkpointTopic,
        config.profile().synchronous(),
        observer,
        Duration.ofMillis(Topics.timeoutMillis(KafkaClients.of(config))));
  }

  /** Tells {@code o} of this producer, and of each commit and abort. */
  TransactionalSender observe(ProduceObserver o) {
    this.events = o;
    o.opened(producer);
    return this;
  }

  /** The partition count of {@code topic}, from the producer's metadata. */
  int partitionCount(String topic) {
    return producer.partitionsFor(topic).size();
  }

  /**
   * Sends one event in the open transaction (opening one if needed); with a synchronous profile,
   * waits for its acknowledgement. A failure is not thrown but recorded: see {@link #failure()}.
   */
  void send(ProducerRecord<byte[], byte[]> record) throws InterruptedException {
    begin();
    sentInTransaction++;
    try {
      if (synchronous) {
        producer.send(record, timed()).get();
      } else {
        producer.send(record, timed());
      }
    } catch (ExecutionException e) {
      // sent, and failed: the callback has recorded why
    }
  }

  /**
   * Commits the open transaction (or a new, empty one) with {@code checkpoint} as its last record.
   * Throws {@link KafkaException} when the commit failed, or when a send in it failed.
   */
  void commit(Checkpoint checkpoint) {
    begin();
    producer.send(checkpointRecord(checkpoint), checkpointSent);
    long started = System.nanoTime();
    for (int tries = 1; ; tries++) {
      try {
        producer.commitTransaction();
        break;
      } catch (TimeoutException e) {
        if (tries == COMMIT_TRIES) {
          commitTimedOut = true;
          throw e;
        }
        log.warn("Committing a transaction timed out; retrying the commit");
      }
    }
    if (failure.get() != null) {
      // The commit succeeded only if every send did: a failed send fails the commit.
      throw new KafkaException(failure.get());
    }
    inTransaction = false;
    events.committed(sentInTransaction, System.nanoTime() - started);
    sentInTransaction = 0;
  }

  /** Commits a transaction holding only {@code checkpoint}, outside any event transaction. */
  void commitCheckpointOnly(Checkpoint checkpoint) {
    producer.beginTransaction();
    producer.send(checkpointRecord(checkpoint));
    producer.commitTransaction();
  }

  /**
   * Ends the open transaction now rather than when it times out, which would stall {@code
   * read_committed} readers. Not after a commit that timed out: it may have reached the
   * coordinator, and an abort would lose it; closing the sender settles it instead.
   */
  void abortOpenTransaction() {
    if (!inTransaction || commitTimedOut) {
      return;
    }
    try {
      producer.abortTransaction();
      sentInTransaction = 0;
      events.aborted();
    } catch (KafkaException e) {
      log.debug("Could not abort the open transaction; the next producer or a timeout will", e);
    }
  }

  /** True while a transaction is open. */
  boolean inTransaction() {
    return inTransaction;
  }

  /** The first failed send, or null. */
  Exception failure() {
    return failure.get();
  }

  /** True when a send has failed. */
  boolean failed() {
    return failure.get() != null;
  }

  /** Records {@code e} as the failure, unless there is one already. */
  void fail(Exception e) {
    failure.compareAndSet(null, e);
  }

  /** Events acknowledged so far (checkpoints not counted). */
  long acknowledged() {
    return acknowledged.get();
  }

  @Override
  public void close() {
    events.closed(producer);
    // What is left unsettled (a commit the cluster never answered) the next producer of this
    // transactional id settles in initTransactions before it reads the checkpoint.
    producer.close(closeTimeout);
  }

  private void begin() {
    if (!inTransaction) {
      producer.beginTransaction();
      inTransaction = true;
    }
  }

  private ProducerRecord<byte[], byte[]> checkpointRecord(Checkpoint c) {
    return new ProducerRecord<>(
        checkpointTopic, c.file().getBytes(StandardCharsets.UTF_8), c.toJson());
  }

  /** The callback, and the send's latency to the observer when there is one. */
  private Callback timed() {
    SendObserver o = observer;
    if (o == null) {
      return callback;
    }
    long sentAt = System.nanoTime();
    return (metadata, e) -> {
      if (e == null) {
        o.acknowledged(sentAt, System.nanoTime());
      }
      callback.onCompletion(metadata, e);
    };
  }
}
