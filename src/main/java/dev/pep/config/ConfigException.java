package dev.pep.config;

/** A setting, flag or input path the user gave is invalid; the CLI exits with code 2. */
public class ConfigException extends PepException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The standard message for a value that fails its setting's validator. */
  public static ConfigException invalid(String name, String value, String reason) {
    return new ConfigException(
        "Invalid value '" + value + "' for configuration " + name + ": " + reason);
  }
}
