package dev.pep.retry;

/**
 * The pauses between attempts at something that may fail for a while (a database restarting, a
 * partition leader not yet elected): the first pause, then each one {@code factor} times the last,
 * never above the maximum. It only sleeps and lengthens; when to give up (attempts, a deadline, a
 * stop request, an error that will not pass) stays with the caller, who knows what the failure
 * means. Not thread-safe: one retry loop per instance.
 */
public final class Backoff {
  /** How a pause is taken; tests pass one that records the pauses instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final long maxMillis;
  private final int factor;
  private final Sleeper sleeper;
  private long nextMillis;

  private Backoff(long firstMillis, int factor, long maxMillis, Sleeper sleeper) {
    if (firstMillis < 0 || maxMillis < firstMillis || factor < 1) {
      throw new IllegalArgumentException(
          "a backoff needs 0 <= first <= max and factor >= 1, was first "
              + firstMillis
              + " ms, max "
              + maxMillis
              + " ms, factor "
              + factor);
    }
    this.nextMillis = firstMillis;
    this.factor = factor;
    this.maxMillis = maxMillis;
    this.sleeper = sleeper;
  }

  /** Pauses of {@code firstMillis}, doubling up to {@code maxMillis}. */
  public static Backoff doubling(long firstMillis, long maxMillis) {
    return doubling(firstMillis, maxMillis, Thread::sleep);
  }

  /** As {@link #doubling(long, long)}, pausing with {@code sleeper}. */
  public static Backoff doubling(long firstMillis, long maxMillis, Sleeper sleeper) {
    return new Backoff(firstMillis, 2, maxMillis, sleeper);
  }

  /** Pauses of {@code millis} each. */
  public static Backoff fixed(long millis) {
    return new Backoff(millis, 1, millis, Thread::sleep);
  }

  /** The pause the next {@link #pause} takes, e.g. for "retrying in … ms". */
  public long nextMillis() {
    return nextMillis;
  }

  /**
   * Sleeps the next pause and lengthens the one after.
   *
   * @throws InterruptedException the thread was interrupted while pausing (its flag is cleared, as
   *     {@link Thread#sleep} leaves it); the pause after is not lengthened
   */
  public void pause() throws InterruptedException {
    sleeper.sleep(nextMillis);
    // Saturates at the maximum, so a long outage never overflows.
    nextMillis = nextMillis > maxMillis / factor ? maxMillis : nextMillis * factor;
  }
}
