package dev.pep.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT/SIGTERM) into a stop request the running command polls, and holds the JVM
 * until the command has closed its producer and broker (at most 30 s).
 */
final class ShutdownSignal implements AutoCloseable {
  private volatile boolean requested;
  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread hook;

  ShutdownSignal() {
    hook =
        new Thread(
            () -> {
              requested = true;
              try {
                done.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "pep-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  boolean requested() {
    return requested;
  }

  /** Blocks until a stop is requested. */
  void await() throws InterruptedException {
    while (!requested) {
      Thread.sleep(100);
    }
  }

  /** The command has finished cleaning up; lets the JVM exit. */
  @Override
  public void close() {
    done.countDown();
    if (!requested) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }
}
