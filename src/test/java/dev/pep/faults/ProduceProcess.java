package dev.pep.faults;

import dev.pep.consumer.ConsumeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: a {@code pep produce} process started from the shaded jar, as a user would run it,
 * so a test can kill or pause it. Output and log go to files named after the run under {@code
 * workDir}.
 */
final class ProduceProcess {
  private final Path workDir;
  private final List<String> args;

  /**
   * @param args arguments after {@code produce}, e.g. {@code --file}, {@code --topic}
   */
  ProduceProcess(Path workDir, String bootstrap, String topic, Path csv, String... args) {
    this.workDir = workDir;
    this.args =
        new ArrayList<>(
            List.of("--bootstrap", bootstrap, "--topic", topic, "--file", csv.toString()));
    this.args.addAll(List.of(args));
  }

  /** Starts a process; {@code name} names its output, log directory and summary files. */
  Started start(String name) throws IOException {
    return start(name, java.util.Map.of());
  }

  /** As {@link #start(String)}, with settings in its environment. */
  Started start(String name, java.util.Map<String, String> env) throws IOException {
    Path jar = ConsumeProcess.jar();
    Path summary = workDir.resolve(name + "-summary.json");
    Path out = workDir.resolve(name + ".out");
    List<String> command =
        new ArrayList<>(List.of("java", "-Xmx1g", "-jar", jar.toString(), "produce"));
    command.addAll(args);
    command.addAll(List.of("--summary-json", summary.toString()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.environment().put("PEP_LOG_DIR", workDir.resolve("logs-" + name).toString());
    pb.environment().put("PEP_REJECTS_FILE", workDir.resolve(name + "-rejects.csv").toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(out.toFile());
    return new Started(pb.start(), summary, out);
  }

  /** A running or finished produce process. */
  record Started(Process process, Path summaryJson, Path output) {
    /** Waits for the process to end by itself and returns its exit code. */
    int await(long seconds) throws IOException, InterruptedException {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "pep produce did not end within " + seconds + " s:\n" + outputText());
      }
      return process.exitValue();
    }

    /** Stops (SIGSTOP) or continues (SIGCONT) the process. */
    void signal(String name) throws IOException, InterruptedException {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
      if (kill.waitFor() != 0) {
        throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
      }
    }

    String outputText() throws IOException {
      return Files.isRegularFile(output) ? Files.readString(output) : "";
    }

    long summary(String field) throws IOException {
      return ConsumeProcess.summaryField(summaryJson, field);
    }
  }
}
