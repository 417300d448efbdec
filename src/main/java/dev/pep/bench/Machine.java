package dev.pep.bench;

import dev.pep.broker.EmbeddedBroker;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a bench ran.
 *
 * @param memoryBytes physical memory, -1 when unknown
 * @param loadAverage the 1-minute load average at the start, -1 when unknown
 * @param broker "embedded" or the cluster's address
 * @param kcat kcat's version line, or null when it was not run
 */
public record Machine(
    int cores,
    long memoryBytes,
    String cpu,
    String os,
    String jdk,
    String kafka,
    List<String> jvmOptions,
    double loadAverage,
    String broker,
    String kcat) {

  public Machine {
    jvmOptions = List.copyOf(jvmOptions);
  }

  static Machine current(String broker, String kcat) {
    long memory = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      memory = os.getTotalMemorySize();
    }
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        memory,
        cpuModel(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        EmbeddedBroker.kafkaVersion(),
        ManagementFactory.getRuntimeMXBean().getInputArguments(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        broker,
        kcat);
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
