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
    long start = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(
          "pep " + String.join(" ", args) + " did not end within " + timeoutSeconds + " s");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        (System.nanoTime() - start) / 1e9);
  }
}
