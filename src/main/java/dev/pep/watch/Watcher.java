package dev.pep.watch;

import dev.pep.config.AfterProduce;
import dev.pep.config.PipelineConfig;
import dev.pep.config.WatchConfig;
import dev.pep.producer.ProduceObserver;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one directory and loads every file dropped into it exactly once ({@link FileLoad}), up to
 * {@link WatchConfig#parallel()} files at once, each on its own thread so that the rows of one file
 * keep their order. {@link #run} blocks until {@code stop} says so, then lets the files in progress
 * commit what they sent and returns; a file stopped halfway resumes on the next run.
 *
 * <p>A file whose producing failed (the cluster, not the file) stays in the directory and is tried
 * again after a pause that doubles each time (30 s up to 10 min). With {@link AfterProduce#KEEP}
 * the files produced are remembered by path, size and modification time; across restarts their
 * checkpoints say they are complete, so they are not sent again.
 */
public final class Watcher {
  private static final Logger log = LoggerFactory.getLogger(Watcher.class);
  private static final long STATUS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final long FIRST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final long MAX_RETRY_NANOS = TimeUnit.MINUTES.toNanos(10);

  private final WatchConfig watch;
  private final SpoolDirectory spool;
  private final FileLoad load;
  private final WatchListener listener;
  private final WatchCounts counts = new WatchCounts();
  private final Set<Path> busy = ConcurrentHashMap.newKeySet();
  private final Map<Path, Long> retryAt = new ConcurrentHashMap<>();
  private final Map<Path, Integer> failures = new ConcurrentHashMap<>();
  private final Set<Kept> kept = ConcurrentHashMap.newKeySet();

  /** A file left in place after producing, as it was then. */
  private record Kept(Path path, long size, long modifiedMillis) {}

  /**
   * @param config the pipeline's configuration, with the cluster's bootstrap servers; its CSV file
   *     and rejects file are replaced per file
   * @param partitions the topic's partition count
   * @param dir the watched directory
   */
  public Watcher(
      PipelineConfig config, int partitions, WatchConfig watch, Path dir, WatchListener listener) {
    this.watch = watch;
    this.spool = new SpoolDirectory(dir, watch.patterns(), watch.minAge().toNanos());
    this.load = new FileLoad(config, partitions, spool, watch.afterProduce(), listener);
    this.listener = listener;
  }

  /**
   * Hands {@code observer} to the producer of every file, for monitoring; it is called from the
   * threads of the files produced at once, so it must be thread-safe. Call before {@link #run}.
   */
  public Watcher observe(ProduceObserver observer) {
    load.observe(java.util.Objects.requireNonNull(observer, "observer"));
    return this;
  }

  /** The running totals; readable from any thread. */
  public WatchCounts counts() {
    return counts;
  }

  /**
   * Creates the directory's folders; call it before {@link #run} to fail before anything starts.
   */
  public void prepare() {
    spool.prepare();
  }

  /** Watches until {@code stop} returns true; returns once the files in progress have stopped. */
  public void run(BooleanSupplier stop) throws InterruptedException {
    spool.prepare();
    AtomicInteger threadNo = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            watch.parallel(),
            r -> {
              Thread t = new Thread(r, "pep-watch-" + threadNo.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    long nextStatus = System.nanoTime() + STATUS_EVERY_NANOS;
    try {
      while (!stop.getAsBoolean()) {
        long now = System.nanoTime();
        for (SpoolDirectory.Ready r : spool.ready(busy, now)) {
          if (busy.size() >= watch.parallel()) {
            break;
          }
          if (kept.contains(new Kept(r.path(), r.size(), r.modifiedMillis()))
              || retryAt.getOrDefault(r.path(), now) > now) {
            continue;
          }
          busy.add(r.path());
          counts.started();
          listener.taken(r.path());
          pool.execute(() -> loadOne(r, stop));
        }
        if (!busy.isEmpty()) {
          nextStatus = now + STATUS_EVERY_NANOS;
        } else if (now >= nextStatus) {
          nextStatus = now + STATUS_EVERY_NANOS;
          listener.idle(counts, spool.waiting(busy, now));
        }
        pause(watch.pollInterval().toMillis(), stop);
      }
    } finally {
      pool.shutdown();
      // The files in progress see the stop too: each commits what it sent and returns.
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        log.info("Waiting for {} file(s) in progress to stop", busy.size());
      }
    }
  }

  private void loadOne(SpoolDirectory.Ready r, BooleanSupplier stop) {
    Path file = r.path();
    FileOutcome o;
    try {
      o = load.load(file, stop);
    } catch (RuntimeException e) {
      log.error("Loading {} failed", file, e);
      o =
          new FileOutcome(
              file.getFileName().toString(),
              FileOutcome.Result.RETRY,
              0,
              0,
              0,
              0,
              0,
              file,
              null,
              e.getMessage());
    }
    switch (o.result()) {
      case RETRY -> {
        int n = failures.merge(file, 1, Integer::sum);
        long pause = Math.min(MAX_RETRY_NANOS, FIRST_RETRY_NANOS << Math.min(n - 1, 10));
        retryAt.put(file, System.nanoTime() + pause);
        log.warn("{} left to be tried again in {} s: {}", file, pause / 1_000_000_000, o.reason());
      }
      case FINISHED, ALREADY_DONE, ERROR -> {
        failures.remove(file);
        retryAt.remove(file);
        if (file.equals(o.where())) {
          kept.add(new Kept(file, r.size(), r.modifiedMillis()));
        }
      }
      case STOPPED -> {
        // resumed by the next run
      }
    }
    log.info("{}: {}", o.file(), o);
    counts.ended(o);
    busy.remove(file);
    listener.ended(o);
  }

  private static void pause(long millis, BooleanSupplier stop) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!stop.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
    }
  }
}
