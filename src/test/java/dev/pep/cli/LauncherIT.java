package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./pep} launcher's class-data archive: recorded by its first start after a build, then
 * mapped by every later start. Runs a copy of the launcher beside a link to the packaged jar, so
 * the project's own {@code target/pep.jsa} is left alone.
 */
class LauncherIT {
  @TempDir Path root;

  @BeforeEach
  void layout() throws IOException {
    Path jar = Path.of("target/pep.jar").toAbsolutePath();
    assertThat(jar).as("integration tests run after package").isRegularFile();
    Files.createDirectories(root.resolve("target"));
    Files.createDirectories(root.resolve("src/main"));
    Files.copy(Path.of("pep"), root.resolve("pep"));
    root.resolve("pep").toFile().setExecutable(true);
    Files.createSymbolicLink(root.resolve("target/pep.jar"), jar);
    // Sources older than the jar: the launcher must not try to build.
    FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.setLastModifiedTime(root.resolve("pom.xml"), old);
    Files.setLastModifiedTime(root.resolve("src/main"), old);
  }

  @Test
  void firstStartRecordsTheArchiveAndLaterStartsMapIt() throws Exception {
    Path archive = root.resolve("target/pep.jsa");

    Run first = launch(Map.of(), "--version");
    assertThat(first.exit).as(first.toString()).isZero();
    assertThat(first.err).contains("Recording pep's class-data archive (once per build)");
    assertThat(archive).isRegularFile();
    assertThat(Files.size(archive)).isGreaterThan(1_000_000);

    // -Xshare:on makes the JVM refuse to start unless it maps the archive; the class-load log
    // says where pep's own main class came from.
    Path classes = root.resolve("classes.log");
    Run second =
        launch(Map.of("PEP_JAVA_OPTS", "-Xshare:on -Xlog:class+load:file=" + classes), "--version");
    assertThat(second.exit).as(second.toString()).isZero();
    assertThat(second.err).doesNotContain("Recording");
    assertThat(second.out).startsWith("pep ");
    assertThat(mainClassSource(classes)).contains("shared objects file (top)");
  }

  @Test
  void pepCdsOffNeitherRecordsNorMapsIt() throws Exception {
    Path classes = root.resolve("classes.log");
    Run run =
        launch(
            Map.of("PEP_CDS", "off", "PEP_JAVA_OPTS", "-Xlog:class+load:file=" + classes),
            "--version");
    assertThat(run.exit).as(run.toString()).isZero();
    assertThat(run.err).doesNotContain("Recording");
    assertThat(root.resolve("target/pep.jsa")).doesNotExist();
    assertThat(mainClassSource(classes)).contains("pep.jar").doesNotContain("shared objects");
  }

  private static String mainClassSource(Path classLog) throws IOException {
    return Files.readAllLines(classLog).stream()
        .filter(l -> l.contains(" dev.pep.cli.Main "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("dev.pep.cli.Main not in " + classLog));
  }

  private record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Run launch(Map<String, String> env, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(root.resolve("pep").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("PEP_"));
    pb.environment().putAll(env);
    Path out = Files.createTempFile(root, "out", ".txt");
    Path err = Files.createTempFile(root, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("./pep " + String.join(" ", args) + " did not end within 300 s");
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
