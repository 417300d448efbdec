package dev.pep.config;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Work started on a daemon thread of its own so that it overlaps with the caller's next steps (a
 * cold start is mostly waiting: for the broker, for round trips, for classes to load), and whose
 * result the caller takes when it needs it. {@link #get} throws what the work threw, unchanged, so
 * the caller's error handling is the same as if it had done the work itself.
 *
 * @param <T> the result
 */
public final class Ahead<T> {
  private final FutureTask<T> task;
  private final String name;

  private Ahead(FutureTask<T> task, String name) {
    this.task = task;
    this.name = name;
  }

  /** Starts {@code work} on a daemon thread named {@code threadName}. */
  public static <T> Ahead<T> start(String threadName, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread t = new Thread(task, threadName);
    t.setDaemon(true);
    t.start();
    return new Ahead<>(task, threadName);
  }

  /** Waits for the result; throws the work's own unchecked exception or error. */
  public T get() {
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PepException("Interrupted while waiting for " + name, e);
    }
  }

  /**
   * For a result the caller no longer wants: closes it once the work is done, on a thread of its
   * own, so the caller need not wait (a failed work has nothing to close).
   */
  public void closeWhenDone() {
    Thread closer =
        new Thread(
            () -> {
              try {
                if (get() instanceof AutoCloseable c) {
                  c.close();
                }
              } catch (Exception e) {
                // Nothing to do: the caller has already failed with its own reason.
              }
            },
            "pep-close-unused");
    closer.setDaemon(true);
    closer.start();
  }
}
