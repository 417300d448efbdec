package dev.pep.producer;

import dev.pep.config.PipelineConfig;
import dev.pep.event.EventReader;
import dev.pep.event.SourceIdentity;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at producing a file: one {@link TransactionalSender}, one pass over the file from its
 * first row, sending the events after {@code from}. The send loop: it takes the chunks a {@link
 * RowPreparer} thread reads ahead, writes their rejects, sends their events, and commits a
 * checkpoint every {@code PEP_COMMIT_INTERVAL_MS}, at a stop and at the end of the file. One
 * instance per attempt; {@link #run} blocks the calling thread.
 */
final class Attempt {
  /** The summary of an attempt, and why to try again with a new producer (null: do not). */
  record Outcome(ProduceSummary summary, String retry) {}

  private static final Logger log = LoggerFactory.getLogger(Attempt.class);
  private static final long PROGRESS_EVERY_NANOS = 100_000_000L;
  private static final int QUEUED_CHUNKS = 8;

  private final PipelineConfig config;
  private final TransactionalSender sender;
  private final SourceIdentity identity;
  private final Checkpoint from;
  private final ProduceCounts counts;
  private final RejectPolicy rejects;
  private long handledLine;
  // Where a run's time goes between its two threads: how long each waited for the other.
  private long waitedForRows;
  private long committing;
  private int commits;

  Attempt(
      PipelineConfig config,
      TransactionalSender sender,
      SourceIdentity identity,
      Checkpoint from,
      ProduceCounts counts,
      RejectPolicy rejects) {
    this.config = config;
    this.sender = sender;
    this.identity = identity;
    this.from = from;
    this.counts = counts;
    this.rejects = rejects;
    this.handledLine = from.line();
  }

  /**
   * Produces the file {@code reader} reads until its end, {@code stop} says so, the reject policy
   * stops it, or sending fails. A fenced producer throws {@link KafkaException}; a bug or an
   * unwritable rejects file throws after aborting the open transaction.
   */
  Outcome run(EventReader reader, ProduceProgress.Listener listener, BooleanSupplier stop) {
    BlockingQueue<RowPreparer.Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    RowPreparer preparer =
        new RowPreparer(
            reader,
            EventRecords.of(config, sender),
            queue,
            rejects.stopAtFirstReject(),
            from.line());
    Thread readerThread = new Thread(preparer, "pep-csv-reader");
    readerThread.setDaemon(true);
    long commitEveryNanos = Duration.ofMillis(config.commitIntervalMs()).toNanos();
    long nextProgress = counts.startNanos();
    long nextCommit = System.nanoTime() + commitEveryNanos;
    boolean done = false;
    String stopReason = null;
    readerThread.start();
    try {
      while (true) {
        long waitStart = System.nanoTime();
        RowPreparer.Chunk chunk = queue.take();
        waitedForRows += System.nanoTime() - waitStart;
        long judged = counts.rowsRead() + chunk.rows();
        stopReason = rejects.write(chunk.rejects(), judged, chunk.last());
        if (stopReason != null) {
          counts.judged(chunk.rejects().size()); // judged and written; the chunk's rows are not
          break;
        }
        for (ProducerRecord<byte[], byte[]> pr : chunk.records()) {
          if (sender.failed()) {
            break;
          }
          sender.send(pr);
          counts.sentOne();
        }
        if (sender.failed()) {
          break;
        }
        counts.handled(chunk.rows(), chunk.skipped(), chunk.bytesRead());
        handledLine = chunk.lastLine();
        long now = System.nanoTime();
        stopReason = chunk.error() != null ? chunk.error().getMessage() : rejects.stopAfterSent();
        boolean last = chunk.last() || stopReason != null;
        boolean stopped = !last && stop.getAsBoolean();
        if (last || stopped || now >= nextCommit) {
          done = chunk.last() && stopReason == null;
          commit(chunk.lastLine(), done);
          nextCommit = System.nanoTime() + commitEveryNanos;
        }
        if (now >= nextProgress) {
          nextProgress = now + PROGRESS_EVERY_NANOS;
          listener.onProgress(progress(reader));
        }
        if (last || stopped) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (KafkaException e) {
      sender.fail(e);
    } catch (RuntimeException e) {
      // e.g. the rejects file cannot be written: end the transaction now, not at its timeout,
      // so that read_committed readers are not held up.
      sender.abortOpenTransaction();
      throw e;
    } finally {
      preparer.cancel();
    }
    log.info(
        "The sending thread waited {} ms for parsed rows and {} ms for {} commits; the reading"
            + " thread waited {} ms for room in the queue",
        waitedForRows / 1_000_000,
        committing / 1_000_000,
        commits,
        preparer.waitedForRoomNanos() / 1_000_000);
    return outcome(reader, listener, done, stopReason);
  }

  private Outcome outcome(
      EventReader reader, ProduceProgress.Listener listener, boolean done, String stopReason) {
    Exception e = sender.failure();
    if (sender.inTransaction() && e == null && stopReason != null) {
      // Stopped by the bad-row limit before this chunk: keep what was sent before it.
      try {
        commit(handledLine, false);
      } catch (KafkaException ce) {
        e = ce;
      }
    }
    listener.onProgress(progress(reader));
    if (e == null) {
      return new Outcome(counts.summary(rejects, done, stopReason), null);
    }
    sender.abortOpenTransaction();
    if (ProducerErrors.fenced(e)) {
      throw new KafkaException(e);
    }
    String why =
        StorageErrors.addTo(
            ProducerErrors.describe(e),
            Checkpoints.transactionalId(config.topic(), config.csvFile()));
    return new Outcome(
        counts.summary(rejects, false, why), ProducerErrors.terminal(e) ? null : why);
  }

  /** Commits the open transaction with a checkpoint after {@code line}. */
  private void commit(long line, boolean complete) {
    long events = counts.events();
    long start = System.nanoTime();
    sender.commit(
        Checkpoint.of(
            config.csvFile(), identity, from.topicId(), line, events, rejects.count(), complete));
    committing += System.nanoTime() - start;
    commits++;
    counts.committed();
    log.debug("Committed {} events, checkpoint at line {}", events, line);
  }

  private ProduceProgress progress(EventReader reader) {
    return counts.progress(sender.acknowledged(), rejects.count(), reader.size());
  }
}
