package dev.pep.cli;

import dev.pep.config.Settings;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags of the metrics endpoint; each maps to one named setting. */
final class MetricsOptions implements SettingFlags {
  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve /metrics, /live and /ready on PORT while working (0: any free port)"
              + " (PEP_METRICS_PORT).")
  String port;

  @Option(
      names = "--metrics-linger",
      paramLabel = "SECONDS",
      description =
          "Keep serving /metrics SECONDS after the work ends, for a last scrape"
              + " (PEP_METRICS_LINGER_SECONDS).")
  String linger;

  @Override
  public void addTo(Map<String, String> flags) {
    SettingFlags.put(flags, Settings.METRICS_PORT.name(), port);
    SettingFlags.put(flags, Settings.METRICS_LINGER_SECONDS.name(), linger);
  }
}
