package dev.pep.config;

import java.util.regex.Pattern;

/** How a secret inside a value is hidden before the value is shown to a person or logged. */
public final class Secrets {
  /** What a hidden secret is shown as. */
  public static final String HIDDEN = "[hidden]";

  // A JDBC URL may carry a password parameter, ended by '&' (PostgreSQL) or ';' (other drivers).
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

  private Secrets() {}

  /** {@code text} with the value of every {@code password=} parameter replaced by [hidden]. */
  public static String hideUrlPassword(String text) {
    return URL_PASSWORD.matcher(text).replaceAll("$1" + HIDDEN);
  }
}
