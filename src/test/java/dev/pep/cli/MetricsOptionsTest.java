package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The metrics flags' bad values: one line naming the setting, before anything is started. */
class MetricsOptionsTest {
  @Test
  void aPortInUseIsOneLineNamingTheSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      PepCommandLine.Result r =
          PepCommandLine.execute(
              "produce",
              "--file",
              Fixtures.sample().toString(),
              "--bootstrap",
              "127.0.0.1:1",
              "--metrics-port",
              Integer.toString(port));
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.err().lines().toList())
          .as(r.toString())
          .containsExactly(
              "Error: Cannot serve metrics on port "
                  + port
                  + " (PEP_METRICS_PORT): Address already in use");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void aPortOutOfRangeIsAUsageError() {
    PepCommandLine.Result r =
        PepCommandLine.execute("consume", "--bootstrap", "127.0.0.1:1", "--metrics-port", "70000");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("Error: Invalid value '70000' for configuration PEP_METRICS_PORT");
  }
}
