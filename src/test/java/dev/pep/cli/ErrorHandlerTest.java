package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.config.ConfigException;
import dev.pep.config.PepException;
import dev.pep.csv.CsvFormatException;
import dev.pep.sink.SinkException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

/** How a failure becomes the one {@code Error:} line and the exit code the README documents. */
class ErrorHandlerTest {
  @Test
  void aBadSettingOrInputIsAUsageErrorAndEveryOtherFailureOfOursFailsTheRun() {
    assertThat(ErrorHandler.exitCode(new ConfigException("bad key"))).isEqualTo(2);
    assertThat(ErrorHandler.exitCode(new CsvFormatException("bad header"))).isEqualTo(2);
    assertThat(ErrorHandler.exitCode(new SinkException("db down", new SQLException("x"))))
        .isEqualTo(1);
    assertThat(ErrorHandler.exitCode(new PepException("Cannot reach Kafka"))).isEqualTo(1);
    assertThat(ErrorHandler.exitCode(new IllegalStateException("a bug"))).isEqualTo(1);
  }

  @Test
  void ourMessageIsShownAsItIsEvenWhenItCarriesACause() {
    PepException e =
        new PepException(
            "Cannot dead-letter the record at t-0@5 to t.dlq: timed out",
            new KafkaException("timed out"));

    assertThat(ErrorHandler.message(e))
        .isEqualTo("Cannot dead-letter the record at t-0@5 to t.dlq: timed out");
  }

  @Test
  void ourFailureWrappedByALibraryIsShownWithItsOwnMessageAndExitCode() {
    ConfigException ours = new ConfigException("Invalid value 'x' for configuration PEP_SINK");
    KafkaException wrapped = new KafkaException("User rebalance callback throws an error", ours);

    assertThat(ErrorHandler.message(wrapped))
        .isEqualTo("Invalid value 'x' for configuration PEP_SINK");
    assertThat(ErrorHandler.exitCode(wrapped)).isEqualTo(2);
  }

  @Test
  void anythingElseShowsItsRootCauseTypeAndMessage() {
    UncheckedIOException e = new UncheckedIOException(new IOException("No space left on device"));

    assertThat(ErrorHandler.message(e)).isEqualTo("IOException: No space left on device");
    assertThat(ErrorHandler.exitCode(e)).isEqualTo(1);
  }
}
