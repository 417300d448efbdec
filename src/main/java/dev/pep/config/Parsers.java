package dev.pep.config;

import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The value parsers of the settings in {@link Settings}: each turns trimmed raw text into a typed
 * value or throws {@link IllegalArgumentException} saying what was expected ({@link Setting#parse}
 * adds the setting's name and the value).
 */
final class Parsers {
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private Parsers() {}

  /** Empty for {@code auto} (or nothing): the value is then detected; else {@code parser}'s. */
  static <T> Optional<T> auto(String v, Function<String, T> parser) {
    return v.isEmpty() || v.equalsIgnoreCase(Settings.AUTO)
        ? Optional.empty()
        : Optional.of(parser.apply(v));
  }

  static Charset charset(String v) {
    if (!Charset.isSupported(v)) {
      throw new IllegalArgumentException("not a character encoding this JVM knows");
    }
    return Charset.forName(v);
  }

  static String datePattern(String v) {
    DateTimeFormatter.ofPattern(v, Locale.ROOT);
    return v;
  }

  static Optional<Character> separator(String v) {
    if (v.equalsIgnoreCase(Settings.AUTO)) {
      return Optional.empty();
    }
    if (v.equalsIgnoreCase("tab") || v.equals("\\t") || v.equals("\t")) {
      return Optional.of('\t');
    }
    if (v.equalsIgnoreCase("pipe")) {
      return Optional.of('|');
    }
    if (v.length() == 1 && ",;|".contains(v)) {
      return Optional.of(v.charAt(0));
    }
    throw new IllegalArgumentException("expected auto, ',', ';', 'tab' or '|'");
  }

  static String bootstrap(String v) {
    if (v.isEmpty()) {
      return v;
    }
    for (String hostPort : v.split(",")) {
      String hp = hostPort.trim();
      int colon = hp.lastIndexOf(':');
      if (colon <= 0 || colon == hp.length() - 1) {
        throw new IllegalArgumentException("expected host:port[,host:port...]");
      }
      intIn(hp.substring(colon + 1), 1, 65_535);
    }
    return v;
  }

  static String nonEmpty(String v) {
    if (v.isEmpty()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return v;
  }

  static String topic(String v) {
    if (!TOPIC.matcher(v).matches() || v.equals(".") || v.equals("..")) {
      throw new IllegalArgumentException(
          "a topic name is 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-'");
    }
    return v;
  }

  static Path path(String v) {
    if (v.isEmpty()) {
      throw new IllegalArgumentException("expected a path");
    }
    try {
      return Path.of(v);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("not a valid path: " + e.getReason());
    }
  }

  static boolean bool(String v) {
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("expected true or false");
  }

  static int intIn(String v, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
    }
    return n;
  }

  static <E extends Enum<E>> E enumValue(Class<E> type, String v) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v.replace('-', '_'))) {
        return e;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException("expected one of " + allowed);
  }
}
