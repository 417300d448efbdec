package dev.pep.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencySamplesTest {
  private static final long MS = 1_000_000L;

  @Test
  void percentilesOfOneToHundredMillisecondsAreTheNearestRanks() {
    LatencySamples s = new LatencySamples(4); // grows past its first capacity
    for (int ms = 100; ms >= 1; ms--) { // arrival order does not matter
      s.acknowledged(0, ms * MS);
    }

    Latency l = s.latency();

    assertThat(s.count()).isEqualTo(100);
    assertThat(l.p50()).isEqualTo(50.0);
    assertThat(l.p95()).isEqualTo(95.0);
    assertThat(l.p99()).isEqualTo(99.0);
    assertThat(l.max()).isEqualTo(100.0);
    assertThat(l.samples()).isEqualTo(100);
  }

  @Test
  void nearestRankRoundsUpToTheNextSample() {
    assertThat(LatencySamples.nearestRank(1, 0.5)).isZero();
    assertThat(LatencySamples.nearestRank(1, 0.99)).isZero();
    assertThat(LatencySamples.nearestRank(10, 0.5)).isEqualTo(4);
    assertThat(LatencySamples.nearestRank(10, 0.95)).isEqualTo(9);
    assertThat(LatencySamples.nearestRank(3, 0.5)).isEqualTo(1);
    assertThat(LatencySamples.nearestRank(1000, 0.99)).isEqualTo(989);
    assertThat(LatencySamples.nearestRank(1000, 1.0)).isEqualTo(999);
  }

  @Test
  void aFewSlowSendsShowOnlyInTheHighPercentiles() {
    LatencySamples s = new LatencySamples(100);
    for (int i = 0; i < 97; i++) {
      s.acknowledged(0, 2 * MS);
    }
    s.acknowledged(0, 40 * MS);
    s.acknowledged(0, 50 * MS);
    s.acknowledged(0, 1_500 * MS + 250_000); // 1,500.25 ms

    Latency l = s.latency();

    assertThat(l.p50()).isEqualTo(2.0);
    assertThat(l.p95()).isEqualTo(2.0);
    assertThat(l.p99()).isEqualTo(50.0);
    assertThat(l.max()).isEqualTo(1500.25);
  }

  @Test
  void noSamplesMeansNoLatencyAndABadPercentileIsRefused() {
    assertThat(new LatencySamples(10).latency()).isEqualTo(Latency.NONE);
    assertThat(Latency.NONE.measured()).isFalse();
    assertThatThrownBy(() -> LatencySamples.nearestRank(10, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatencySamples.nearestRank(10, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatencySamples.nearestRank(0, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
