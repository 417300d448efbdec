package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code target/pep.jar} as its own process, as a user would: real stdout and
 * stderr (with logback's console output), logs under {@code logs/} of the working directory, a
 * clean environment apart from {@code env}. Integration tests run after {@code package}.
 */
final class PepProcess {
  /** What one run did; {@code seconds} is wall time, for reports only. */
  record Result(int exitCode, String out, String err, double seconds) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }

    /** The one line of stderr that starts with "Error:"; fails the test unless there is one. */
    String onlyErrorLine() {
      List<String> errors = err.lines().filter(l -> l.startsWith("Error:")).toList();
      org.assertj.core.api.Assertions.assertThat(errors).as(toString()).hasSize(1);
      return errors.get(0);
    }
  }

  private PepProcess() {}

  static Result run(Path workDir, Map<String, String> env, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    return run(List.of("-Xmx512m"), workDir, env, timeoutSeconds, args);
  }

  /** As {@link #run(Path, Map, long, String...)}, with these JVM options. */
  static Result run(
      List<String> jvmOptions,
      Path workDir,
      Map<String, String> env,
      long timeoutSeconds,
      String... args)
      throws IOException, InterruptedException {
    return start(jvmOptions, workDir, env, args).await(timeoutSeconds);
  }

  /**
   * Starts {@code pep args} and returns at once, so that a test can watch it, kill it (SIGKILL, as
   * a crash) or wait for it.
   */
  static Running start(
      List<String> jvmOptions, Path workDir, Map<String, String> env, String... args)
      throws IOException {
    Path jar = Path.of("target/pep.jar").toAbsolutePath();
    assertThat(jar).as("integration tests run against the packaged jar").isRegularFile();
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("PEP_"));
    pb.environment().putAll(env);
    long n = System.nanoTime();
    Path out = workDir.resolve("stdout-" + n + ".txt");
    Path err = workDir.resolve("stderr-" + n + ".txt");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    return new Running(pb.start(), String.join(" ", args), out, err, System.nanoTime());
  }

  /** A started pep process; its stdout and stderr go to files. */
  record Running(Process process, String args, Path out, Path err, long startNanos) {
    /** Waits for the process to end by itself (killing it after {@code timeoutSeconds}). */
    Result await(long timeoutSeconds) throws IOException, InterruptedException {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            "pep " + args + " did not end within " + timeoutSeconds + " s\n" + outputs());
      }
      return new Result(
          process.exitValue(), outText(), errText(), (System.nanoTime() - startNanos) / 1e9);
    }

    /** SIGKILL, as a crash: no shutdown hook runs. Waits for the process to be gone. */
    void kill() throws InterruptedException {
      process.destroyForcibly().waitFor();
    }

    String outText() throws IOException {
      return Files.readString(out, StandardCharsets.UTF_8);
    }

    String errText() throws IOException {
      return Files.readString(err, StandardCharsets.UTF_8);
    }

    String outputs() throws IOException {
      return "--- stdout\n" + outText() + "--- stderr\n" + errText();
    }
  }
}
