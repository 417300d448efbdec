package dev.pep.consumer;

import dev.pep.config.PepException;
import dev.pep.retry.Backoff;
import dev.pep.sink.Sink;
import dev.pep.sink.SinkException;
import dev.pep.sink.StaleOffsetException;
import dev.pep.sink.StoredEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one partition batch at a time into the sink on its own thread, so the consuming thread
 * polls and decodes meanwhile; and settles what each write came to. Up to {@link #MAX_OUTSTANDING}
 * batches may be handed over at once: the next one waits behind the write in flight, so the writer
 * goes from one write straight to the next instead of waiting while the consuming thread polls and
 * decodes (a poll's time varies, and a write lasts about as long). A batch handed over behind a
 * write of its own partition is written only when that write stored exactly the offset it continues
 * from; otherwise it is skipped, and the consuming thread reads its records again from where the
 * sink says. A database failure is retried with backoff; after each failure the sink's offset row
 * tells whether the interrupted commit landed (then the batch is done) or the offset moved
 * elsewhere (then the consumer reads again from there), so nothing is skipped and nothing is stored
 * twice. An error that retrying cannot fix stops the run after {@link #LASTING_ERROR_ATTEMPTS}
 * attempts.
 *
 * <p>{@link #submit}, {@link #await} and {@link #pendingNext} are called from the consuming thread
 * only; the write runs on the writer thread and touches no consumer state.
 */
final class BatchWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 10_000;

  /**
   * Attempts at a write whose error retrying will not fix ({@link SinkException#willNotPass}, e.g.
   * the table was dropped) before the run stops with it; a passing error (connection lost, server
   * restarting) is retried for as long as it lasts.
   */
  static final int LASTING_ERROR_ATTEMPTS = 3;

  /** Batches handed over and not yet settled: the one being written and one waiting behind it. */
  static final int MAX_OUTSTANDING = 2;

  /**
   * What a write came to, applied by the consuming thread.
   *
   * @param records how many records the batch covered (dead letters included)
   * @param result what the sink stored, or null when the batch landed before (an interrupted
   *     commit) or not at all
   * @param resyncTo null when the partition's offset is now {@code newNext}; otherwise the stored
   *     offset to read from again (-1: none stored)
   * @param stale the sink refused the batch because another consumer moved the offset
   * @param ended when the write ended ({@code System.nanoTime()})
   * @param skipped not written: it was handed over behind a write of its partition that did not
   *     store the offset it continues from; nothing of it applies (the consuming thread reads its
   *     records again after settling that write)
   */
  record Settled(
      TopicPartition tp,
      long expectedNext,
      long newNext,
      int records,
      Sink.WriteResult result,
      Long resyncTo,
      int retries,
      boolean stale,
      long ended,
      boolean skipped) {}

  /** A batch handed over to the writer thread, and what its write came to once it has run. */
  private record Outstanding(TopicPartition tp, long newNext, Future<Settled> result) {}

  private final Sink sink;
  private final String group;
  private final String topic;
  private final BooleanSupplier stop;
  // How long the database may keep failing before the run ends (null: no limit).
  private volatile java.time.Duration waitLimit;
  // When the current run of failures began (System.nanoTime()), 0 while the database answers.
  private volatile long failingSince;
  private volatile String lastFailure;
  private final ConsumeObserver observer;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "pep-sink-writer");
            t.setDaemon(true);
            return t;
          });
  // Oldest first; at most MAX_OUTSTANDING.
  private final java.util.ArrayDeque<Outstanding> outstanding = new java.util.ArrayDeque<>();
  // Writer thread only: what each partition's last write came to (none: it failed, or none yet).
  private final Map<TopicPartition, Settled> last = new java.util.HashMap<>();
  // The topic's id as of the last assignment, stored with each offset (null: unknown).
  private volatile String topicId;

  BatchWriter(
      Sink sink, String group, String topic, BooleanSupplier stop, ConsumeObserver observer) {
    this.sink = sink;
    this.group = group;
    this.topic = topic;
    this.stop = stop;
    this.observer = observer;
  }

  /**
   * How long the database may fail in a way that passes (down, restarting, unreachable) before the
   * run ends with {@link DatabaseDownException}; null or zero: no limit.
   */
  void waitLimit(java.time.Duration limit) {
    this.waitLimit = limit == null || limit.isZero() ? null : limit;
  }

  /** How long the database has been failing, in nanoseconds; 0 while it answers. */
  long failingForNanos() {
    long since = failingSince;
    return since == 0 ? 0 : Math.max(1, System.nanoTime() - since);
  }

  /** The last failure of the database while {@link #failingForNanos} is not 0. */
  String lastFailure() {
    return lastFailure;
  }

  /**
   * Hands a batch to the writer thread. Fewer than {@link #MAX_OUTSTANDING} batches may be
   * outstanding; a batch of a partition with a write outstanding must continue from it ({@code
   * expectedNext} its {@link #pendingNext}).
   */
  void submit(TopicPartition tp, long expectedNext, long newNext, List<StoredEvent> events, int n) {
    if (outstanding.size() >= MAX_OUTSTANDING) {
      throw new IllegalStateException("too many writes outstanding");
    }
    Long before = pendingNext(tp);
    if (before != null && before != expectedNext) {
      throw new IllegalStateException(tp + " does not continue from its write outstanding");
    }
    boolean continues = before != null;
    Future<Settled> result =
        thread.submit(
            () -> {
              if (continues && !storedUpTo(tp, expectedNext)) {
                Settled skipped = skipped(tp, expectedNext, newNext);
                last.put(tp, skipped);
                return skipped;
              }
              long started = System.nanoTime();
              last.remove(tp);
              Settled s = write(tp, expectedNext, newNext, events, n);
              last.put(tp, s);
              observer.batchWritten(tp, s.ended() - started);
              return s;
            });
    outstanding.addLast(new Outstanding(tp, newNext, result));
  }

  /** How many batches are handed over and not yet settled ({@link #await}). */
  int outstanding() {
    return outstanding.size();
  }

  /** Whether the oldest batch outstanding has been written (its {@link #await} will not wait). */
  boolean oldestDone() {
    Outstanding o = outstanding.peekFirst();
    return o != null && o.result().isDone();
  }

  /**
   * The offset the newest outstanding write of {@code tp} stores once it lands, from which a batch
   * handed over behind it continues; null when none of {@code tp} is outstanding.
   */
  Long pendingNext(TopicPartition tp) {
    Long next = null;
    for (Outstanding o : outstanding) {
      if (o.tp().equals(tp)) {
        next = o.newNext();
      }
    }
    return next;
  }

  /** Writer thread: whether {@code tp}'s last write stored its offset as {@code next}. */
  private boolean storedUpTo(TopicPartition tp, long next) {
    Settled s = last.get(tp);
    return s != null && !s.skipped() && s.resyncTo() == null && s.newNext() == next;
  }

  private static Settled skipped(TopicPartition tp, long expectedNext, long newNext) {
    return new Settled(tp, expectedNext, newNext, 0, null, null, 0, false, System.nanoTime(), true);
  }

  /**
   * Waits for the oldest outstanding write and returns what it came to; null when none is
   * outstanding.
   */
  Settled await() {
    return await(() -> {});
  }

  /**
   * As {@link #await()}, running {@code whileWaiting} about once a second while the write lasts
   * (e.g. to show that the database is down).
   */
  Settled await(Runnable whileWaiting) {
    Outstanding o = outstanding.pollFirst();
    if (o == null) {
      return null;
    }
    try {
      while (true) {
        try {
          return o.result().get(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException stillWriting) {
          whileWaiting.run();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PepException("Interrupted while writing to " + sink.describe(), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new PepException("Writing to " + sink.describe() + " failed", e.getCause());
    }
  }

  /**
   * The sink's offsets for the topic, read again after a backoff while the database is failing (any
   * thread: it touches no consumer state).
   */
  Map<Integer, Long> storedOffsets() {
    return retried(() -> sink.storedOffsets(group, topic));
  }

  /** The id of the topic the next batches are read from, stored with their offsets. */
  void topicId(String id) {
    this.topicId = id;
  }

  /** As {@link #storedOffsets}, with the topic id each offset was stored with. */
  Map<Integer, Sink.StoredOffset> storedPositions() {
    return retried(() -> sink.storedPositions(group, topic));
  }

  /** {@link Sink#forget}, retried after a backoff while the database is failing. */
  boolean forget(TopicPartition tp, Sink.StoredOffset stored) {
    return retried(() -> sink.forget(group, topic, tp.partition(), stored));
  }

  /** {@code call}'s answer, asked again after a backoff while the database is failing. */
  private <T> T retried(java.util.function.Supplier<T> call) {
    Backoff backoff = Backoff.doubling(FIRST_BACKOFF_MILLIS, MAX_BACKOFF_MILLIS);
    while (true) {
      try {
        return answered(call.get());
      } catch (SinkException e) {
        beforeRetry(e, backoff);
      }
    }
  }

  /** Runs on the writer thread: the sink write with its retries. */
  private Settled write(
      TopicPartition tp, long expectedNext, long newNext, List<StoredEvent> events, int n) {
    Backoff backoff = Backoff.doubling(FIRST_BACKOFF_MILLIS, MAX_BACKOFF_MILLIS);
    int attempts = 0;
    while (true) {
      try {
        Sink.WriteResult r =
            sink.write(group, topic, topicId, tp.partition(), expectedNext, newNext, events);
        return answered(settled(tp, expectedNext, newNext, n, r, null, attempts, false));
      } catch (StaleOffsetException e) {
        log.warn("{}", e.getMessage());
        Long stored = storedOffsets().get(tp.partition());
        return offsetSays(tp, expectedNext, newNext, n, stored, attempts, true);
      } catch (SinkException e) {
        attempts++;
        if (e.willNotPass() && attempts >= LASTING_ERROR_ATTEMPTS) {
          throw lasting(e, attempts, tp, expectedNext);
        }
        beforeRetry(e, backoff);
        // Did the interrupted commit land? The offset row says. (A database that answers this read
        // but refuses the write is still failing: only a write that lands ends the wait.)
        try {
          Long stored = sink.storedOffsets(group, topic).get(tp.partition());
          long s = stored == null ? -1 : stored;
          if (s == newNext) {
            log.info("The interrupted commit of {} landed (offset {})", tp, newNext);
          }
          if (s == newNext || s != expectedNext) {
            return offsetSays(tp, expectedNext, newNext, n, stored, attempts, false);
          }
        } catch (SinkException again) {
          log.warn("{}", again.getMessage());
        }
      }
    }
  }

  /**
   * The write did not land as written (stale, or its outcome unknown): the stored offset says
   * whether this batch landed ({@code newNext}) or where to read again from.
   */
  private Settled offsetSays(
      TopicPartition tp,
      long expectedNext,
      long newNext,
      int n,
      Long stored,
      int attempts,
      boolean stale) {
    Long resyncTo = stored != null && stored == newNext ? null : stored == null ? -1L : stored;
    return settled(tp, expectedNext, newNext, n, null, resyncTo, attempts, stale);
  }

  private static Settled settled(
      TopicPartition tp,
      long expectedNext,
      long newNext,
      int n,
      Sink.WriteResult result,
      Long resyncTo,
      int attempts,
      boolean stale) {
    return new Settled(
        tp, expectedNext, newNext, n, result, resyncTo, attempts, stale, System.nanoTime(), false);
  }

  /** The database answered: it is no longer failing. */
  private <T> T answered(T result) {
    failingSince = 0;
    return result;
  }

  /**
   * Logs a passing failure and pauses, unless a stop was requested or the database has been failing
   * for longer than the wait limit.
   */
  private void beforeRetry(SinkException e, Backoff backoff) {
    if (stop.getAsBoolean()) {
      throw new PepException("Stopped while the sink was failing: " + e.getMessage(), e);
    }
    long now = System.nanoTime();
    if (failingSince == 0) {
      failingSince = now;
    }
    lastFailure = e.getMessage();
    java.time.Duration limit = waitLimit;
    if (limit != null && now - failingSince >= limit.toNanos()) {
      throw new DatabaseDownException(sink.describe(), now - failingSince, limit, e);
    }
    log.warn("{}; retrying in {} ms", e.getMessage(), backoff.nextMillis());
    try {
      backoff.pause();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new PepException("Interrupted while the sink was failing: " + e.getMessage(), e);
    }
  }

  private PepException lasting(SinkException e, int attempts, TopicPartition tp, long expected) {
    return new PepException(
        String.format(
            "Writing to %s failed %d times with an error retrying will not fix%s: %s. Nothing"
                + " of %s from offset %d on was stored by this batch; fix the database (or free"
                + " space on its disk) and run again: the consumer resumes from the offsets"
                + " stored in it.",
            sink.describe(),
            attempts,
            e.sqlState() == null ? "" : " (SQLSTATE " + e.sqlState() + ")",
            e.getCause() != null ? e.getCause().getMessage() : e.getMessage(),
            tp,
            Math.max(0, expected)),
        e);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
