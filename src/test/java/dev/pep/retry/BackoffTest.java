package dev.pep.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final List<Long> slept = new ArrayList<>();

  @Test
  void doublesFromTheFirstPauseAndStaysAtTheMaximum() throws InterruptedException {
    Backoff b = Backoff.doubling(100, 1_000, slept::add);
    for (int i = 0; i < 7; i++) {
      b.pause();
    }
    assertThat(slept).containsExactly(100L, 200L, 400L, 800L, 1_000L, 1_000L, 1_000L);
  }

  @Test
  void nextMillisNamesThePauseAboutToBeTaken() throws InterruptedException {
    Backoff b = Backoff.doubling(100, 10_000, slept::add);
    assertThat(b.nextMillis()).isEqualTo(100);
    b.pause();
    assertThat(b.nextMillis()).isEqualTo(200);
    assertThat(slept).containsExactly(100L);
  }

  @Test
  void aLongOutageNeverOverflowsPastTheMaximum() throws InterruptedException {
    Backoff b = Backoff.doubling(1, Long.MAX_VALUE - 1, millis -> {});
    for (int i = 0; i < 200; i++) {
      b.pause();
    }
    assertThat(b.nextMillis()).isEqualTo(Long.MAX_VALUE - 1);
  }

  @Test
  void aFixedBackoffPausesTheSameEachTime() {
    Backoff b = Backoff.fixed(50);
    assertThat(b.nextMillis()).isEqualTo(50);
  }

  @Test
  void anInterruptedPauseSaysSoAndDoesNotLengthenTheNext() {
    Backoff b =
        Backoff.doubling(
            100,
            1_000,
            millis -> {
              throw new InterruptedException();
            });
    assertThatThrownBy(b::pause).isInstanceOf(InterruptedException.class);
    assertThat(b.nextMillis()).isEqualTo(100);
  }

  @Test
  void aRealPauseSleepsAtLeastItsLength() throws InterruptedException {
    Backoff b = Backoff.fixed(20);
    long start = System.nanoTime();
    b.pause();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(20_000_000L);
    assertThat(b.nextMillis()).isEqualTo(20);
  }

  @Test
  void refusesAMaximumBelowTheFirstPause() {
    assertThatThrownBy(() -> Backoff.doubling(100, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first 100 ms, max 50 ms");
  }
}
