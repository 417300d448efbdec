package dev.pep.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference of every setting as a Markdown table, generated from {@link Settings#ALL} (as Kafka
 * generates its configuration docs from a {@code ConfigDef}): what {@code pep config --reference}
 * prints and the README's configuration table holds.
 */
public final class SettingsReference {
  /** The table's header line. */
  public static final String HEADER = "| Name | Default | Description |";

  private SettingsReference() {}

  /** The table's lines: header, separator, one row per setting, then the Kafka pass-through. */
  public static List<String> markdown() {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    lines.add("|---|---|---|");
    for (Setting<?> s : Settings.ALL) {
      String defaultValue = s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
      lines.add("| `" + s.name() + "` | " + defaultValue + " | " + s.doc() + " |");
    }
    lines.add(
        "| `kafka.<property>` | | A Kafka client property for every client pep makes (producer,"
            + " consumer, admin), e.g. `kafka.security.protocol=SASL_SSL`, `kafka.sasl.*`,"
            + " `kafka.ssl.*` (flag: `-X security.protocol=SASL_SSL`). Checked against Kafka's"
            + " own list; PASSWORD-typed values are never printed. |");
    lines.add(
        "| `kafka.producer.<property>` | | A Kafka producer property, e.g."
            + " `kafka.producer.linger.ms=20` (flag: `-P linger.ms=20`). Wins over `kafka.*` and"
            + " the profile. |");
    lines.add(
        "| `kafka.consumer.<property>` | | A Kafka consumer property, e.g."
            + " `kafka.consumer.max.poll.records=10000`. Wins over `kafka.*`. |");
    lines.add(
        "| `kafka.admin.<property>` | | A Kafka admin client property, e.g."
            + " `kafka.admin.request.timeout.ms=30000`. Wins over `kafka.*`. |");
    return lines;
  }
}
