package dev.pep.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AheadTest {
  @Test
  void givesTheResultOfTheWorkDoneOnItsOwnThread() {
    Ahead<String> a = Ahead.start("pep-test-ahead", () -> Thread.currentThread().getName());

    assertThat(a.get()).isEqualTo("pep-test-ahead");
    assertThat(a.get()).isEqualTo("pep-test-ahead");
  }

  @Test
  void throwsTheWorksOwnExceptionUnchanged() {
    PepException thrown = new PepException("Cannot reach Kafka at 127.0.0.1:1");
    Ahead<String> a =
        Ahead.start(
            "pep-test-ahead",
            () -> {
              throw thrown;
            });

    assertThatThrownBy(a::get).isSameAs(thrown);
  }

  @Test
  void closesAResultNoLongerWantedOnceItIsThere() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Ahead<AutoCloseable> a =
        Ahead.start(
            "pep-test-ahead",
            () -> {
              release.await();
              return closed::countDown;
            });

    a.closeWhenDone(); // returns at once, before the work is done
    assertThat(closed.getCount()).isEqualTo(1);
    release.countDown();

    assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
  }
}
