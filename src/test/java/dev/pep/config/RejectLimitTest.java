package dev.pep.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RejectLimitTest {
  @Test
  void aCountIsExceededByOneMore() {
    RejectLimit limit = RejectLimit.parse("10");

    assertThat(limit.exceeded(10, 10, false)).isFalse();
    assertThat(limit.exceeded(11, 11, false)).isTrue();
    assertThat(limit).hasToString("10");
  }

  @Test
  void aPercentageWaitsFor1000RowsUnlessTheFileHasEnded() {
    RejectLimit limit = RejectLimit.parse("5%");

    assertThat(limit.exceeded(10, 100, false)).isFalse();
    assertThat(limit.exceeded(10, 100, true)).isTrue();
    assertThat(limit.exceeded(50, 1_000, false)).isFalse();
    assertThat(limit.exceeded(51, 1_000, false)).isTrue();
    assertThat(RejectLimit.parse("2.5%")).hasToString("2.5%");
  }

  @Test
  void noneIsNeverExceeded() {
    assertThat(RejectLimit.parse("none")).isEqualTo(RejectLimit.NONE);
    assertThat(RejectLimit.NONE.exceeded(1_000_000, 1_000_000, true)).isFalse();
  }

  @Test
  void anythingElseSaysWhatIsExpected() {
    for (String bad : new String[] {"-1", "abc", "101%", "5 %x", ""}) {
      assertThatThrownBy(() -> RejectLimit.parse(bad))
          .as(bad)
          .hasMessage(
              "expected none, a whole number of rejects (e.g. 100) or a percentage of the rows"
                  + " read (e.g. 5%)");
    }
  }
}
