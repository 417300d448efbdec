package dev.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Absent shared data: a skip with the reason on a developer's machine, a failure under CI. */
class FixturesTest {
  private static final String ABSENT = "no-such-folder/no-such-file.csv";

  @Test
  void absentSharedDataIsASkipWithTheReasonOutsideCi() {
    assertThat(Fixtures.sharedDataAbsent(ABSENT, null))
        .startsWith("Skipped: ")
        .contains(" is absent");
    assertThat(Fixtures.sharedDataAbsent(ABSENT, "false")).startsWith("Skipped: ");
  }

  @Test
  void absentSharedDataFailsTheTestUnderCi() {
    assertThatThrownBy(() -> Fixtures.sharedDataAbsent(ABSENT, "true"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(" is absent")
        .hasMessageContaining("CI=true");
  }

  @Test
  void presentSharedDataHasNoReason() {
    // The bundled sample stands in for a shared file: the check only asks whether it exists.
    String previous = System.getProperty("pep.shared.data");
    System.setProperty("pep.shared.data", "src/main/resources");
    try {
      assertThat(Fixtures.sharedDataAbsent("sample/Online Retail sample.csv", "true")).isNull();
    } finally {
      if (previous == null) {
        System.clearProperty("pep.shared.data");
      } else {
        System.setProperty("pep.shared.data", previous);
      }
    }
  }
}
