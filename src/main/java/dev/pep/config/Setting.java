package dev.pep.config;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * One named setting: its name (the same in a properties file, {@code .env}, the environment), its
 * default, its documentation, and a parser that turns the raw text into a typed value or throws
 * {@link IllegalArgumentException} whose message says what was expected. Immutable.
 *
 * <p>Made by the factory that names its type, as Kafka's {@code ConfigDef.define} names a {@code
 * Type}: {@link #text}, {@link #integer}, {@link #flag}, {@link #path}, {@link #choice}, {@link
 * #secret}, or {@link #of} with a parser of its own.
 *
 * @param <T> the typed value
 */
public final class Setting<T> {
  private final String name;
  private final String defaultValue;
  private final String doc;
  private final Function<String, T> parser;
  private final boolean secret;

  private Setting(
      String name, String defaultValue, String doc, Function<String, T> parser, boolean secret) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a setting needs a name");
    }
    this.name = name;
    this.defaultValue = defaultValue;
    this.doc = doc;
    this.parser = parser;
    this.secret = secret;
  }

  /** A setting whose value {@code parser} turns into a {@code T}. */
  public static <T> Setting<T> of(
      String name, String defaultValue, Function<String, T> parser, String doc) {
    return new Setting<>(name, defaultValue, doc, parser, false);
  }

  /** Any text, taken as it is (trimmed). */
  public static Setting<String> text(String name, String defaultValue, String doc) {
    return of(name, defaultValue, v -> v, doc);
  }

  /** A whole number from {@code min} to {@code max}. */
  public static Setting<Integer> integer(
      String name, String defaultValue, int min, int max, String doc) {
    return of(name, defaultValue, v -> Parsers.intIn(v, min, max), doc);
  }

  /** {@code true} or {@code false}, in any case. */
  public static Setting<Boolean> flag(String name, String defaultValue, String doc) {
    return of(name, defaultValue, Parsers::bool, doc);
  }

  /** A file or directory path; never empty. */
  public static Setting<Path> path(String name, String defaultValue, String doc) {
    return of(name, defaultValue, Parsers::path, doc);
  }

  /** One of the constants of {@code type}, in any case, '-' for '_'. */
  public static <E extends Enum<E>> Setting<E> choice(
      String name, String defaultValue, Class<E> type, String doc) {
    return of(name, defaultValue, v -> Parsers.enumValue(type, v), doc);
  }

  /** Text that is never printed (empty by default): shown as {@code [hidden]}, in errors too. */
  public static Setting<String> secret(String name, String doc) {
    return new Setting<>(name, "", doc, v -> v, true);
  }

  public String name() {
    return name;
  }

  /** The raw default, as a user would write it. */
  public String defaultValue() {
    return defaultValue;
  }

  public String doc() {
    return doc;
  }

  /** True when the value must never be printed. */
  public boolean secret() {
    return secret;
  }

  /** Parses {@code raw}, turning a validator's complaint into the standard message. */
  public T parse(String raw) {
    try {
      return parser.apply(raw.trim());
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw ConfigException.invalid(name, secret ? "[hidden]" : raw, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
