package dev.pep.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DotEnvTest {

  @Test
  void readsPlainQuotedAndExportedValuesAndSkipsComments() {
    Map<String, String> v =
        DotEnv.parse(
            List.of(
                "# pep settings",
                "",
                "KAFKA_TOPIC=orders",
                "export KAFKA_PARTITIONS=6",
                "  PEP_PROFILE = baseline  ",
                "CSV_DATE_FORMAT=\"M/d/yyyy H:mm\"",
                "PEP_ZONE='Europe/London'",
                "QUOTED_HASH=\"a # not a comment\"",
                "TRAILING=value # a comment",
                "HASH_IN_WORD=a#b",
                "EQUALS=a=b=c",
                "EMPTY=",
                "   # an indented comment"),
            ".env");

    assertThat(v)
        .containsExactly(
            Map.entry("KAFKA_TOPIC", "orders"),
            Map.entry("KAFKA_PARTITIONS", "6"),
            Map.entry("PEP_PROFILE", "baseline"),
            Map.entry("CSV_DATE_FORMAT", "M/d/yyyy H:mm"),
            Map.entry("PEP_ZONE", "Europe/London"),
            Map.entry("QUOTED_HASH", "a # not a comment"),
            Map.entry("TRAILING", "value"),
            Map.entry("HASH_IN_WORD", "a#b"),
            Map.entry("EQUALS", "a=b=c"),
            Map.entry("EMPTY", ""));
  }

  @Test
  void aLaterLineWinsOverAnEarlierOne() {
    assertThat(DotEnv.parse(List.of("KAFKA_TOPIC=a", "KAFKA_TOPIC=b"), ".env"))
        .containsExactly(Map.entry("KAFKA_TOPIC", "b"));
  }

  @Test
  void aLineWithoutKeyAndEqualsSignIsAnErrorNamingFileAndLine() {
    assertThatThrownBy(() -> DotEnv.parse(List.of("# c", "A=1", "export ONLY_A_KEY"), "/p/.env"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/p/.env line 3: expected KEY=value, found 'ONLY_A_KEY'");
    assertThatThrownBy(() -> DotEnv.parse(List.of("=value"), ".env"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(".env line 1: expected KEY=value, found '=value'");
  }
}
