package dev.pep.producer;

import dev.pep.config.OnBadRow;
import dev.pep.config.PepException;
import dev.pep.config.PipelineConfig;
import dev.pep.csv.CsvLayout;
import dev.pep.csv.CsvSource;
import dev.pep.csv.LayoutDetector;
import dev.pep.event.EventParser;
import dev.pep.event.Reject;
import dev.pep.event.RejectsFile;
import dev.pep.event.SourceIdentity;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one CSV file into a topic exactly once: each row becomes a {@link
 * dev.pep.event.PurchaseEvent} sent as JSON with an {@code event-id} header, or a reject written to
 * the rejects file. One instance per file; {@link #run} blocks the calling thread, which sends,
 * while a second thread ({@link RowPreparer}) reads and serializes the rows ahead of it.
 *
 * <p>The producer is transactional, with one stable transactional id per (topic, file). Every
 * {@code PEP_COMMIT_INTERVAL_MS} it commits a transaction holding the events sent since the last
 * one and a {@link Checkpoint} (the last line covered) in the {@link Checkpoints} topic. A run that
 * dies loses at most its open transaction, which Kafka aborts; the next run of the same command
 * reads the checkpoint and resumes after its line. A second process on the same file fences the
 * first, which then stops with a message. A commit that times out is retried, never aborted; any
 * other producer error closes the producer and resumes from the checkpoint with a new one, a few
 * times, before the run fails.
 *
 * <p>Rows count as read when the sending thread handles them: {@code rowsRead == skipped + sent +
 * rejected} always holds.
 */
public final class CsvProducer {
  /** Header carrying the event's deterministic id. */
  public static final String HEADER_EVENT_ID = dev.pep.event.EventSchema.HEADER_EVENT_ID;

  /** Whether a run continues after the file's last checkpoint or sends it from its first row. */
  public enum Start {
    /** Continue after the last committed checkpoint; refuse a file that changed since. */
    RESUME,
    /** Send the whole file again, whatever was sent before (the sinks skip the duplicates). */
    RESTART
  }

  private static final Logger log = LoggerFactory.getLogger(CsvProducer.class);
  private static final long PROGRESS_EVERY_NANOS = 100_000_000L;
  private static final int QUEUED_CHUNKS = 8;
  private static final int ATTEMPTS = 4;
  private static final int COMMIT_TRIES = 3;

  private final PipelineConfig config;
  private final int partitions;
  private final CsvLayout layout;
  private final Start start;
  private SendObserver observer;

  /**
   * @param config the pipeline's configuration; its bootstrap servers must be set
   * @param partitions the topic's partition count, for the summary
   */
  public CsvProducer(PipelineConfig config, int partitions) {
    this(config, partitions, null, Start.RESUME);
  }

  /**
   * @param layout the file's layout as detected beforehand, or null to detect it here
   */
  public CsvProducer(PipelineConfig config, int partitions, CsvLayout layout, Start start) {
    this.config = config;
    this.partitions = partitions;
    this.layout = layout;
    this.start = start;
  }

  /** Times every acknowledged send and tells {@code observer} (null: none, the default). */
  public CsvProducer observeSends(SendObserver observer) {
    this.observer = observer;
    return this;
  }

  /**
   * Produces the configured file. Returns when the file is done, {@code stop} says so, or producing
   * failed (see {@link ProduceSummary#failure()}). Bad input that prevents reading the file at all
   * (missing file, wrong header) throws {@link dev.pep.csv.CsvFormatException}; a file that changed
   * since its last checkpoint throws {@link PepException} unless started with {@link
   * Start#RESTART}.
   */
  public ProduceSummary run(ProduceProgress.Listener listener, BooleanSupplier stop) {
    CsvLayout csv = layout != null ? layout : LayoutDetector.detect(config.csvFile(), config.csv());
    SourceIdentity identity = SourceIdentity.of(config.csvFile());
    Checkpoints checkpoints = new Checkpoints(KafkaClients.of(config), config.topic());
    checkpoints.ensureTopic();
    String transactionalId = Checkpoints.transactionalId(config.topic(), config.csvFile());
    long startNanos = System.nanoTime();
    Checkpoint before = null;
    String retryReason = null;
    for (int attempt = 1; ; attempt++) {
      try (Producer<byte[], byte[]> producer = open(transactionalId)) {
        Optional<Checkpoint> last = checkpoints.read(config.csvFile());
        Checkpoint from;
        if (attempt == 1) {
          before = startingPoint(last, identity, producer, checkpoints.topic());
          if (before.complete()) {
            return alreadyDone(before, startNanos);
          }
          from = before;
        } else {
          // What this run committed so far; a retry before its first commit starts where it did.
          from = last.filter(c -> c.sameFile(identity)).orElse(before);
        }
        Pass pass =
            new Pass(producer, checkpoints.topic(), identity, from, before, startNanos, attempt);
        try (CsvSource source = CsvSource.open(config.csvFile(), csv);
            RejectsFile rejects =
                new RejectsFile(config.rejectsFile(), csv.columns().header(), csv.charset())) {
          EventParser parser = new EventParser(identity, csv, config.csv().zone());
          Outcome outcome = pass.run(source, parser, rejects, listener, stop);
          if (outcome.retry() == null || attempt == ATTEMPTS) {
            return outcome.summary();
          }
          retryReason = outcome.retry();
        }
      } catch (KafkaException e) {
        if (fenced(e)) {
          throw fenced(transactionalId);
        }
        throw e;
      }
      log.warn(
          "Producing {} failed ({}); resuming from its last checkpoint with a new producer"
              + " (attempt {} of {})",
          config.csvFile(),
          retryReason,
          attempt + 1,
          ATTEMPTS);
    }
  }

  private Producer<byte[], byte[]> open(String transactionalId) {
    Map<String, Object> p = ProducerProperties.of(config);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    Producer<byte[], byte[]> producer = new KafkaProducer<>(p);
    try {
      // Fences an earlier producer of this file and finishes its open transaction, so the
      // checkpoint read next is final.
      producer.initTransactions();
      return producer;
    } catch (TimeoutException e) {
      producer.close(Duration.ZERO);
      throw Topics.unreachable(
          config.bootstrapServers(), Topics.timeoutMillis(KafkaClients.of(config)));
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
  }

  /**
   * Where the first attempt starts: after the last checkpoint of this very file, or from the first
   * row when there is none or a restart was asked for (a fresh checkpoint is committed first, so a
   * retry cannot mistake the old one for its own).
   */
  private Checkpoint startingPoint(
      Optional<Checkpoint> last,
      SourceIdentity identity,
      Producer<byte[], byte[]> producer,
      String checkpointTopic) {
    Checkpoint fresh =
        new Checkpoint(
            Checkpoints.key(config.csvFile()), identity.size(), identity.hash(), 0, 0, 0, false);
    if (start == Start.RESTART && last.isPresent()) {
      producer.beginTransaction();
      producer.send(checkpointRecord(checkpointTopic, fresh));
      producer.commitTransaction();
      return fresh;
    }
    if (last.isEmpty()) {
      return fresh;
    }
    Checkpoint c = last.get();
    if (!c.sameFile(identity)) {
      throw new PepException(
          String.format(
              Locale.ROOT,
              "%s changed since it was produced to %s up to line %,d (then %,d bytes, now %,d):"
                  + " pep resumes only the same file. Pass --restart to send it from its first"
                  + " row (sinks skip the events they already hold).",
              config.csvFile(),
              config.topic(),
              c.line(),
              c.size(),
              identity.size()));
    }
    if (c.line() > 0 && !c.complete()) {
      log.info(
          "Resuming {} after line {} ({} events committed by an earlier run)",
          config.csvFile(),
          c.line(),
          c.events());
    }
    return c;
  }

  private ProducerRecord<byte[], byte[]> checkpointRecord(String topic, Checkpoint c) {
    return new ProducerRecord<>(topic, c.file().getBytes(StandardCharsets.UTF_8), c.toJson());
  }

  private ProduceSummary alreadyDone(Checkpoint c, long startNanos) {
    log.info("{} was produced completely by an earlier run: nothing to send", config.csvFile());
    return new ProduceSummary(
        config.csvFile().getFileName().toString(),
        config.topic(),
        partitions,
        config.profile().label(),
        c.events() + c.rejected(),
        c.events(),
        c.line(),
        0,
        0,
        c.rejected(),
        (System.nanoTime() - startNanos) / 1e9,
        null,
        List.of(),
        true,
        null);
  }

  private PepException fenced(String transactionalId) {
    return new PepException(
        "This producer of "
            + config.csvFile()
            + " was fenced (transactional id "
            + transactionalId
            + "): another pep process took over the file, or this one was stalled past"
            + " transaction.timeout.ms and the broker aborted its transaction. Its uncommitted"
            + " events are discarded; the committed ones stay. Rerun the same command to resume"
            + " after them.");
  }

  /** The result of one attempt: a summary, and why to try again (null: do not). */
  private record Outcome(ProduceSummary summary, String retry) {}

  /**
   * One attempt: one producer, one pass over the file from the start, sending after {@code from}.
   */
  private final class Pass {
    private final Producer<byte[], byte[]> producer;
    private final String checkpointTopic;
    private final SourceIdentity identity;
    private final Checkpoint from;
    private final Checkpoint before;
    private final long startNanos;
    private final int attempt;
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
    private long rowsRead;
    private long skipped;
    private long sent;
    private long committed;
    private long bytesRead;
    private long handledLine;
    private boolean inTransaction;
    private boolean commitTimedOut;

    Pass(
        Producer<byte[], byte[]> producer,
        String checkpointTopic,
        SourceIdentity identity,
        Checkpoint from,
        Checkpoint before,
        long startNanos,
        int attempt) {
      this.producer = producer;
      this.checkpointTopic = checkpointTopic;
      this.identity = identity;
      this.from = from;
      this.before = before;
      this.startNanos = startNanos;
      this.attempt = attempt;
      this.handledLine = from.line();
    }

    Outcome run(
        CsvSource source,
        EventParser parser,
        RejectsFile rejects,
        ProduceProgress.Listener listener,
        BooleanSupplier stop) {
      boolean sync = config.profile().synchronous();
      boolean failOnBadRow = config.onBadRow() == OnBadRow.FAIL;
      BlockingQueue<RowPreparer.Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
      RowPreparer preparer =
          new RowPreparer(
              source,
              parser,
              config.topic(),
              config.keyField(),
              keyPartitions(),
              queue,
              failOnBadRow,
              from.line());
      Thread reader = new Thread(preparer, "pep-csv-reader");
      reader.setDaemon(true);
      long commitEveryNanos = Duration.ofMillis(config.commitIntervalMs()).toNanos();
      long nextProgress = startNanos;
      long nextCommit = System.nanoTime() + commitEveryNanos;
      boolean stopped = false;
      boolean done = false;
      String stopReason = null;
      log.info(
          "Producing {} to {} ({} partitions) with profile {}{}",
          source.path(),
          config.topic(),
          partitions,
          config.profile().label(),
          from.line() > 0 ? ", after line " + from.line() : "");
      reader.start();
      try {
        while (true) {
          RowPreparer.Chunk chunk = queue.take();
          for (Reject r : chunk.rejects()) {
            rejects.write(r);
          }
          long judged = rowsRead + chunk.rows();
          if (config.maxRejects().exceeded(rejects.count(), judged, chunk.last())) {
            stopReason = tooManyRejects(rejects, judged);
            rowsRead += chunk.rejects().size(); // judged and written; the chunk's rows are not
            break;
          }
          if (!chunk.records().isEmpty() && !inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
          }
          for (ProducerRecord<byte[], byte[]> pr : chunk.records()) {
            if (failure.get() != null) {
              break;
            }
            try {
              if (sync) {
                producer.send(pr, timed(callback)).get();
              } else {
                producer.send(pr, timed(callback));
              }
            } catch (ExecutionException e) {
              // sent, and failed: the callback has recorded why
            }
            sent++;
          }
          if (failure.get() != null) {
            break;
          }
          rowsRead += chunk.rows();
          skipped += chunk.skipped();
          bytesRead = chunk.bytesRead();
          handledLine = chunk.lastLine();
          long now = System.nanoTime();
          if (chunk.error() != null) {
            stopReason = chunk.error().getMessage();
          } else if (failOnBadRow && rejects.count() > 0) {
            stopReason =
                "stopped at the first bad row (PEP_ON_BAD_ROW=fail): " + rejects.first().get(0);
          }
          boolean last = chunk.last() || stopReason != null;
          stopped = !last && stop.getAsBoolean();
          if (last || stopped || now >= nextCommit) {
            done = chunk.last() && stopReason == null;
            commit(chunk.lastLine(), rejects.count(), done);
            nextCommit = System.nanoTime() + commitEveryNanos;
          }
          if (now >= nextProgress) {
            nextProgress = now + PROGRESS_EVERY_NANOS;
            listener.onProgress(progress(rejects, source.size()));
          }
          if (last || stopped) {
            break;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped = true;
      } catch (KafkaException e) {
        failure.compareAndSet(null, e);
      } catch (RuntimeException e) {
        // e.g. the rejects file cannot be written: end the transaction now, not at its timeout,
        // so that read_committed readers are not held up.
        if (inTransaction) {
          abortQuietly();
        }
        throw e;
      } finally {
        preparer.cancel();
      }
      Exception e = failure.get();
      if (inTransaction && e == null && stopReason != null) {
        // Stopped by the bad-row limit before this chunk: keep what was sent before it.
        try {
          commit(handledLine, rejects.count(), false);
        } catch (KafkaException ce) {
          e = ce;
        }
      }
      listener.onProgress(progress(rejects, source.size()));
      if (e != null) {
        if (inTransaction && !commitTimedOut) {
          abortQuietly();
        }
        if (fenced(e)) {
          throw new KafkaException(e);
        }
        String why = describe(e);
        return new Outcome(summary(rejects, false, why), terminal(e) ? null : why);
      }
      return new Outcome(summary(rejects, done, stopReason), null);
    }

    /**
     * Commits the open transaction with a checkpoint at {@code line}. A commit that times out may
     * have reached the coordinator: it is retried, never aborted, and a producer that still cannot
     * commit is closed, so that the next one's {@code initTransactions} finishes it either way.
     */
    private void commit(long line, long rejected, boolean complete) {
      if (!inTransaction) {
        producer.beginTransaction();
        inTransaction = true;
      }
      long events = skipped + sent;
      Checkpoint c =
          new Checkpoint(
              Checkpoints.key(config.csvFile()),
              identity.size(),
              identity.hash(),
              line,
              events,
              rejected,
              complete);
      producer.send(checkpointRecord(checkpointTopic, c), checkpointSent);
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
      committed = sent;
      log.debug("Committed {} events, checkpoint at line {}", events, line);
    }

    /**
     * The topic's partition count when the reader thread may pick each keyed record's partition
     * itself, as Kafka's default partitioner would (the same hash of the key bytes): this takes
     * that work, and the metadata lookup behind it, off the sending thread. 0 when the user
     * configured another partitioner or {@code partitioner.ignore.keys}: the producer then decides.
     */
    private int keyPartitions() {
      Map<String, Object> p = ProducerProperties.of(config);
      boolean ownPartitioner =
          p.get(ProducerConfig.PARTITIONER_CLASS_CONFIG) != null
              || "true"
                  .equalsIgnoreCase(
                      String.valueOf(p.get(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG)));
      return ownPartitioner ? 0 : producer.partitionsFor(config.topic()).size();
    }

    /** {@code callback}, and the send's latency to the observer when there is one. */
    private Callback timed(Callback callback) {
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

    /** Ends the open transaction now rather than when it times out, which would stall readers. */
    private void abortQuietly() {
      try {
        producer.abortTransaction();
      } catch (KafkaException e) {
        log.debug("Could not abort the open transaction; the next producer or a timeout will", e);
      }
    }

    private ProduceProgress progress(RejectsFile rejects, long fileBytes) {
      return new ProduceProgress(
          rowsRead,
          skipped + sent,
          skipped + acknowledged.get(),
          rejects.count(),
          bytesRead,
          fileBytes,
          System.nanoTime() - startNanos);
    }

    private ProduceSummary summary(RejectsFile rejects, boolean complete, String failed) {
      // Rows this run's earlier attempts committed count as sent by this run, not skipped.
      long earlier = before.events();
      long fromEarlierAttempts = from.events() - earlier;
      ProduceSummary s =
          new ProduceSummary(
              config.csvFile().getFileName().toString(),
              config.topic(),
              partitions,
              config.profile().label(),
              rowsRead,
              skipped - fromEarlierAttempts,
              before.line(),
              fromEarlierAttempts + sent,
              fromEarlierAttempts + committed,
              rejects.count(),
              (System.nanoTime() - startNanos) / 1e9,
              rejects.count() > 0 ? rejects.path() : null,
              rejects.first(),
              complete,
              failed);
      log.info("Produce finished (attempt {}): {}", attempt, s);
      return s;
    }
  }

  /** True when {@code e} or a cause says another producer now holds the transactional id. */
  private static boolean fenced(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }

  /** Errors a new producer would meet again. */
  private static boolean terminal(Exception e) {
    Throwable t = e instanceof KafkaException && e.getCause() instanceof Exception c ? c : e;
    return t instanceof AuthenticationException
        || t instanceof AuthorizationException
        || t instanceof UnsupportedVersionException
        || t instanceof org.apache.kafka.common.errors.RecordTooLargeException
        || t instanceof org.apache.kafka.common.errors.InvalidTopicException;
  }

  private String tooManyRejects(RejectsFile rejects, long rowsRead) {
    return String.format(
        Locale.ROOT,
        "%,d rejects in the first %,d rows read, more than PEP_MAX_REJECTS=%s allows: this does"
            + " not look like the file you meant to load (first reject: %s)",
        rejects.count(),
        rowsRead,
        config.maxRejects(),
        rejects.first().get(0));
  }

  private static String describe(Exception e) {
    Throwable t = e instanceof KafkaException && e.getCause() != null ? e.getCause() : e;
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** The exception callers throw to turn a failed summary into a failed run (exit 1). */
  public static PepException failed(ProduceSummary s) {
    return new PepException(
        String.format(
            Locale.ROOT,
            "Producing %s to %s stopped after %,d rows: %,d of %,d events sent by this run were"
                + " committed; rerun the same command to resume after them. Cause: %s",
            s.file(),
            s.topic(),
            s.rowsRead(),
            s.committed(),
            s.sent(),
            s.failure()));
  }
}
