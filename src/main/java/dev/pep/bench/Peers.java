package dev.pep.bench;

import dev.pep.config.PepException;
import dev.pep.config.PipelineConfig;
import dev.pep.config.Profile;
import dev.pep.producer.ProducerProperties;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Runs the peers, each a process of its own sending the workload's JSON lines (no key, no parsing):
 * Kafka's {@code ProducerPerformance} in a JVM with this JVM's options, and kcat with the
 * librdkafka equivalents of the profile's settings.
 */
final class Peers {
  private static final long TIMEOUT_MINUTES = 30;

  private static final Pattern PERF_FINAL =
      Pattern.compile(
          "^(\\d+)( steady state)? records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg"
              + " latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms"
              + " 99th, (\\d+) ms 99.9th\\.$");

  private static final Pattern KCAT_VERSION = Pattern.compile("Version (\\S+) .*librdkafka (\\S+)");

  private final PipelineConfig base;
  private final List<String> jvmOptions;
  private final String kcat;
  private final Path logs;
  private final int perfToolPasses;

  /**
   * @param jvmOptions options of the perf tool's JVM
   * @param kcat the kcat command, or null when it is not installed
   * @param logs where each peer run's output goes
   * @param perfToolPasses how many times the perf tool sends the rows in one run: all but the last
   *     pass are its warm-up ({@code --warmup-records}), and it reports the last as its steady
   *     state. With the bench's warm-up rounds + 1 its JIT has seen as many passes as our producer
   *     has by its first measured run in the bench's JVM. Its topic holds that many times the rows.
   */
  Peers(PipelineConfig base, List<String> jvmOptions, String kcat, Path logs, int perfToolPasses) {
    if (perfToolPasses < 1) {
      throw new IllegalArgumentException("perf tool passes " + perfToolPasses);
    }
    this.base = base;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.kcat = kcat;
    this.logs = logs;
    this.perfToolPasses = perfToolPasses;
  }

  int perfToolPasses() {
    return perfToolPasses;
  }

  /** This JVM's heap, GC and compiler options: what {@code pep}'s launcher gave it. */
  static List<String> thisJvmOptions() {
    List<String> options = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      boolean recording = a.contains("FlightRecord") || a.startsWith("-Xlog");
      if (a.startsWith("-X") && !recording) {
        options.add(a);
      }
    }
    return options;
  }

  /** The producer properties of {@code profile}, as our producer would use them. */
  Map<String, String> settings(Profile profile) {
    Map<String, String> p = new TreeMap<>();
    ProducerProperties.of(base.withProfile(profile)).forEach((k, v) -> p.put(k, String.valueOf(v)));
    p.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
    p.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    p.remove(ProducerConfig.CLIENT_ID_CONFIG);
    return p;
  }

  List<String> perfToolCommand(Contender c, Workload w, String topic) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-DPEP_LOG_DIR=" + logs.toAbsolutePath());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("org.apache.kafka.tools.ProducerPerformance");
    cmd.addAll(
        List.of(
            "--topic",
            topic,
            "--num-records",
            Long.toString(perfToolPasses * c.rows()),
            "--throughput",
            "-1",
            "--payload-file",
            w.payloads().toString(),
            "--command-property"));
    if (perfToolPasses > 1) {
      cmd.addAll(
          cmd.size() - 1,
          List.of("--warmup-records", Long.toString((perfToolPasses - 1) * c.rows())));
    }
    settings(c.profile()).forEach((k, v) -> cmd.add(k + "=" + v));
    return cmd;
  }

  /** Runs ProducerPerformance; its time and latencies are those of its steady-state line. */
  Measured perfTool(Contender c, Workload w, String topic, String runName) {
    Path out = logs.resolve(runName + ".log");
    ProcessOutcome p = exec(perfToolCommand(c, w, topic), out);
    // Two summary lines with warm-up passes: all records, then the steady state (after them).
    String last = null;
    for (String line : p.lines()) {
      Matcher m = PERF_FINAL.matcher(line.trim());
      if (m.matches() && (m.group(2) != null || perfToolPasses == 1)) {
        last = line.trim();
      }
    }
    if (last == null) {
      return Measured.failed(
          "no final line from ProducerPerformance (exit " + p.exit() + "), see " + out);
    }
    Matcher m = PERF_FINAL.matcher(last);
    m.matches();
    long sent = Long.parseLong(m.group(1));
    double rate = Double.parseDouble(m.group(3));
    Latency latency =
        new Latency(
            Double.parseDouble(m.group(7)),
            Double.parseDouble(m.group(8)),
            Double.parseDouble(m.group(9)),
            Double.parseDouble(m.group(6)),
            sent);
    String failure = p.exit() == 0 ? null : "exit " + p.exit() + ", see " + out;
    return new Measured(sent, rate > 0 ? sent / rate : 0, latency, -1, failure);
  }

  /** librdkafka's names for the profile's settings; those it has no equivalent for are left out. */
  Map<String, String> kcatSettings(Profile profile) {
    Map<String, String> k = new TreeMap<>();
    settings(profile)
        .forEach(
            (name, v) -> {
              switch (name) {
                case "acks", "enable.idempotence", "linger.ms", "batch.size" -> k.put(name, v);
                case "compression.type" -> k.put("compression.codec", v);
                case "compression.lz4.level", "compression.zstd.level", "compression.gzip.level" ->
                    k.put("compression.level", v);
                case "max.in.flight.requests.per.connection" -> k.put("max.in.flight", v);
                case "buffer.memory" ->
                    k.put("queue.buffering.max.kbytes", Long.toString(Long.parseLong(v) / 1024));
                default -> {}
              }
            });
    return k;
  }

  List<String> kcatCommand(Contender c, Workload w, String topic) {
    List<String> cmd =
        new ArrayList<>(List.of(kcat, "-P", "-b", base.bootstrapServers(), "-t", topic));
    kcatSettings(c.profile())
        .forEach(
            (k, v) -> {
              cmd.add("-X");
              cmd.add(k + "=" + v);
            });
    cmd.add("-l");
    cmd.add(w.payloads().toString());
    return cmd;
  }

  /** Runs kcat; its time is the wall time of the process (start and final flush included). */
  Measured kcat(Contender c, Workload w, String topic, String runName) {
    Path out = logs.resolve(runName + ".log");
    long t0 = System.nanoTime();
    ProcessOutcome p = exec(kcatCommand(c, w, topic), out);
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (p.exit() != 0) {
      return Measured.failed("kcat exit " + p.exit() + ", see " + out);
    }
    // kcat reports no count; it is judged by what its topic holds.
    return new Measured(c.rows(), seconds, Latency.NONE, -1, null);
  }

  /** kcat's and librdkafka's versions from {@code kcat -V}, or null when kcat cannot be run. */
  static String kcatVersion(String kcat) {
    try {
      Process p = new ProcessBuilder(kcat, "-V").redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        return null;
      }
      Matcher m = KCAT_VERSION.matcher(text);
      return m.find() ? "kcat " + m.group(1) + ", librdkafka " + m.group(2) : text.trim();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private record ProcessOutcome(int exit, List<String> lines) {}

  private static ProcessOutcome exec(List<String> command, Path out) {
    try {
      Files.createDirectories(out.getParent());
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
              .start();
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly().waitFor();
        throw new PepException(
            command.get(0) + " did not finish within " + TIMEOUT_MINUTES + " minutes, see " + out);
      }
      return new ProcessOutcome(
          p.exitValue(), Files.readAllLines(out, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new PepException(
          "Cannot run " + String.join(" ", command.subList(0, 1)) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PepException("Interrupted while running " + command.get(0), e);
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows")
            ? "NUL"
            : "/dev/null");
  }
}
