package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logging pep configures in code, on a logger context of its own: everything from INFO in the
 * file; on the console only pep's warnings and Kafka's errors (with the logger's name), an
 * exception as its class and message, never a stack trace; Kafka's connection failures and the
 * error handler's own line in the file only.
 */
class LogSetupTest {
  @TempDir Path tmp;

  @Test
  void theFileGetsEverythingFromInfoAndTheConsoleOnlyWarningsAndKafkasErrors() throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream err = System.err;
    LoggerContext context = new LoggerContext();
    System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      context.setMDCAdapter(new LogbackMDCAdapter()); // as logback's SLF4J provider does
      LogSetup.apply(context, tmp.resolve("logs").toString());
      context.getLogger("dev.pep.producer.Attempt").info("pep info");
      context.getLogger("dev.pep.producer.Attempt").warn("pep warning");
      context.getLogger("dev.pep.producer.Attempt").debug("pep debug");
      context.getLogger("org.apache.kafka.clients.producer.KafkaProducer").warn("kafka warning");
      context.getLogger("org.apache.kafka.clients.producer.KafkaProducer").error("kafka error");
      context
          .getLogger("kafka.server.ReplicaManager")
          .error(
              "Error processing append operation",
              new InternalError("a fault occurred", new java.io.IOException("disk full")));
      context.getLogger("dev.pep.producer.Attempt").warn("pep retry", new IllegalStateException());
      context.getLogger("org.apache.kafka.clients.NetworkClient").error("connection refused");
      context.getLogger("kafka.server.KafkaServer").info("broker info");
      context.getLogger("state.change.logger").info("state change info");
      context.getLogger("dev.pep.cli.ErrorHandler").error("the error line");
    } finally {
      context.stop();
      System.setErr(err);
    }

    assertThat(console.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "WARN  pep warning",
            "ERROR o.a.k.clients.producer.KafkaProducer - kafka error",
            // an exception on one line, its trace in the file only
            "ERROR kafka.server.ReplicaManager - Error processing append operation"
                + " (java.lang.InternalError: a fault occurred)",
            "WARN  pep retry (java.lang.IllegalStateException)");
    String file = Files.readString(tmp.resolve("logs/pep.log"));
    assertThat(file)
        .contains(
            "INFO  [main] dev.pep.producer.Attempt - pep info",
            "WARN  [main] dev.pep.producer.Attempt - pep warning",
            "kafka warning",
            "kafka error",
            "connection refused",
            "broker info",
            "the error line",
            "java.lang.InternalError: a fault occurred",
            "\tat dev.pep.cli.LogSetupTest.",
            "Caused by: java.io.IOException: disk full")
        .doesNotContain("pep debug", "state change info");
  }
}
