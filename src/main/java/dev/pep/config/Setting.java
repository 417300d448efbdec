package dev.pep.config;

import java.util.function.Function;

/**
 * One named setting: its name (the same in a properties file, {@code .env}, the environment), its
 * default, its documentation, and a parser that turns the raw text into a typed value or throws
 * {@link IllegalArgumentException} whose message says what was expected.
 *
 * @param <T> the typed value
 */
public record Setting<T>(
    String name, String defaultValue, String doc, Function<String, T> parser, boolean secret) {

  public Setting {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a setting needs a name");
    }
  }

  /** Parses {@code raw}, turning a validator's complaint into the standard message. */
  public T parse(String raw) {
    try {
      return parser.apply(raw.trim());
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw ConfigException.invalid(name, secret ? "[hidden]" : raw, e.getMessage());
    }
  }
}
