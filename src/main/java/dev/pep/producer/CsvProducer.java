package dev.pep.producer;

import dev.pep.config.Ahead;
import dev.pep.config.PepException;
import dev.pep.config.PipelineConfig;
import dev.pep.csv.CsvLayout;
import dev.pep.event.EventReader;
import dev.pep.event.RejectsFile;
import dev.pep.event.SourceIdentity;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one CSV file into a topic exactly once: each row becomes a {@link
 * dev.pep.event.PurchaseEvent} sent as JSON with an {@code event-id} header, or a reject written to
 * the rejects file. One instance per file; {@link #run} blocks the calling thread, which sends,
 * while a second thread ({@link RowPreparer}) reads and serializes the rows ahead of it.
 *
 * <p>The producer is transactional ({@link TransactionalSender}), with one stable transactional id
 * per (topic, file). Every {@code PEP_COMMIT_INTERVAL_MS} it commits a transaction holding the
 * events sent since the last one and a {@link Checkpoint} (the last line covered) in the {@link
 * Checkpoints} topic. A run that dies loses at most its open transaction, which Kafka aborts; the
 * next run of the same command reads the checkpoint and resumes after its line ({@link
 * ResumePolicy}). A second process on the same file fences the first, which then stops with a
 * message. A commit that times out is retried, never aborted; any other producer error closes the
 * producer and resumes from the checkpoint with a new one ({@link Attempt}), a few times, before
 * the run fails.
 *
 * <p>Rows count as read when the sending thread handles them: {@code rowsRead == skipped + sent +
 * rejected} always holds.
 */
public final class CsvProducer {
  /** Header carrying the event's deterministic id. */

  /** Whether a run continues after the file's last checkpoint or sends it from its first row. */
  public enum Start {
    /** Continue after the last committed checkpoint; refuse a file that changed since. */
    RESUME,
    /** Send the whole file again, whatever was sent before (the sinks skip the duplicates). */
    RESTART
  }

  private static final Logger log = LoggerFactory.getLogger(CsvProducer.class);
  private static final int ATTEMPTS = 4;

  private final PipelineConfig config;
  private final int partitions;
  private final CsvLayout layout;
  private final Start start;
  private SendObserver observer;
  private ProduceObserver events = ProduceObserver.NONE;

  /**
   * @param config the pipeline's configuration; its bootstrap servers must be set
   * @param partitions the topic's partition count, for the summary
   * @param layout the file's layout, as detected beforehand
   */
  public CsvProducer(PipelineConfig config, int partitions, CsvLayout layout, Start start) {
    this.config = config;
    this.partitions = partitions;
    this.layout = Objects.requireNonNull(layout, "layout");
    this.start = start;
  }

  /** Times every acknowledged send and tells {@code observer} (null: none, the default). */
  public CsvProducer observeSends(SendObserver observer) {
    this.observer = observer;
    return this;
  }

  /** Tells {@code observer} what the run does (rows, sends, rejects, commits), for monitoring. */
  public CsvProducer observe(ProduceObserver observer) {
    this.events = Objects.requireNonNull(observer, "observer");
    return this;
  }

  /**
   * Produces the configured file. Returns when the file is done, {@code stop} says so, or producing
   * failed (see {@link ProduceSummary#failure()}). Bad input that prevents reading the file at all
   * (missing file, wrong header) throws {@link dev.pep.csv.CsvFormatException}; a file that changed
   * since its last checkpoint throws {@link FileChangedException} unless started with {@link
   * Start#RESTART}; a producer fenced by another throws {@link FencedException}.
   */
  public ProduceSummary run(ProduceProgress.Listener listener, BooleanSupplier stop) {
    SourceIdentity identity = SourceIdentity.of(config.csvFile());
    Checkpoints checkpoints = new Checkpoints(KafkaClients.of(config), config.topic());
    String transactionalId = Checkpoints.transactionalId(config.topic(), config.csvFile());
    // The first producer's initTransactions (a round trip to the transaction coordinator, and on a
    // cold JVM the loading of the producer's classes) runs while the admin client makes sure of
    // the checkpoint topic and looks up the topic's id: nothing of either needs the other.
    Ahead<TransactionalSender> firstSender =
        Ahead.start(
            "pep-producer-init",
            () -> TransactionalSender.open(config, transactionalId, checkpoints.topic(), observer));
    String topicId;
    try (Topics.Session admin = Topics.session(KafkaClients.of(config))) {
      checkpoints.ensureTopic(admin);
      topicId = admin.id(config.topic()).orElse(null);
    } catch (RuntimeException e) {
      firstSender.closeWhenDone();
      throw e;
    }
    ResumePolicy resume = new ResumePolicy(config, start, identity, topicId);
    long startNanos = System.nanoTime();
    Checkpoint before = null;
    String retryReason = null;
    ProduceSummary failedBefore = null;
    for (int attempt = 1; ; attempt++) {
      try {
        TransactionalSender opened;
        try {
          opened =
              attempt == 1
                  ? firstSender.get()
                  : TransactionalSender.open(
                      config, transactionalId, checkpoints.topic(), observer);
        } catch (PepException e) {
          if (failedBefore == null) {
            throw e;
          }
          // The cluster that failed the last attempt cannot start a new producer either (two of
          // three brokers down, say): stop with why that attempt failed, which names the partition,
          // rather than with "cannot reach Kafka" at an address that answers.
          log.warn("A new producer could not start ({}); stopping", e.getMessage());
          return resume.noted(failedBefore);
        }
        try (TransactionalSender sender = opened.observe(events)) {
          Optional<Checkpoint> last = checkpoints.read(config.csvFile());
          Checkpoint from;
          if (attempt == 1) {
            before = resume.startingPoint(last, sender);
            if (before.complete()) {
              log.info(
                  "{} was produced completely by an earlier run: nothing to send",
                  config.csvFile());
              return ProduceCounts.alreadyDone(config, partitions, startNanos, before);
            }
            from = before;
          } else {
            from = resume.retryPoint(last, before);
          }
          ProduceCounts counts =
              new ProduceCounts(config, partitions, startNanos, before, from).observe(events);
          try (EventReader reader =
                  EventReader.open(config.csvFile(), layout, identity, config.csv().zone());
              RejectsFile rejectsFile =
                  new RejectsFile(
                      config.rejectsFile(), layout.columns().header(), layout.charset())) {
            RejectPolicy rejects =
                new RejectPolicy(config.onBadRow(), config.maxRejects(), rejectsFile)
                    .observe(events);
            log.info(
                "Producing {} to {} ({} partitions) with profile {}{}",
                config.csvFile(),
                config.topic(),
                partitions,
                config.profile().label(),
                from.line() > 0 ? ", after line " + from.line() : "");
            Attempt.Outcome outcome =
                new Attempt(config, sender, identity, from, counts, rejects)
                    .run(reader, listener, stop);
            log.info("Produce finished (attempt {}): {}", attempt, outcome.summary());
            if (outcome.retry() == null || attempt == ATTEMPTS) {
              return resume.noted(outcome.summary());
            }
            retryReason = outcome.retry();
            failedBefore = outcome.summary();
          }
        }
      } catch (KafkaException e) {
        if (ProducerErrors.fenced(e)) {
          throw new FencedException(config.csvFile(), transactionalId, e);
        }
        throw new PepException(
            "Producing "
                + config.csvFile()
                + " to "
                + config.topic()
                + " at "
                + config.bootstrapServers()
                + " failed: "
                + ProducerErrors.describe(e),
            e);
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
}
