package dev.pep.sink;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.config.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table name is checked where it is put into SQL, whoever made the sink. */
class TableNamesTest {
  @TempDir Path tmp;

  @Test
  void aSinkRefusesATableNameThatIsNotAnIdentifierBeforeConnecting() {
    Path db = tmp.resolve("t.duckdb");

    assertThatThrownBy(
            () ->
                new JdbcSink(
                    new DuckDbDialect(db), "purchase_events; DROP TABLE pep_offsets", "offsets"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid value 'purchase_events; DROP TABLE pep_offsets' for configuration"
                + " PEP_EVENTS_TABLE: a table name is 1 to 63 of a-z, 0-9 and '_', not starting"
                + " with a digit");
    assertThatThrownBy(() -> new JdbcSink(new DuckDbDialect(db), "events", "Offsets\""))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid value 'Offsets\"' for configuration PEP_OFFSETS_TABLE");
    org.assertj.core.api.Assertions.assertThat(db).doesNotExist();
  }
}
