package dev.pep.config;

/**
 * The settings of the metrics and health endpoint.
 *
 * @param port the HTTP port, 0 for any free one, or null when the endpoint is off
 * @param lingerSeconds how long the endpoint stays up after the command's work ends
 */
public record MetricsConfig(Integer port, int lingerSeconds) {
  /** The endpoint off. */
  public static final MetricsConfig OFF = new MetricsConfig(null, 0);

  public boolean enabled() {
    return port != null;
  }
}
