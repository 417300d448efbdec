package dev.pep.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.csv.Column;
import dev.pep.event.EventSchema;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The names of event fields the configuration keeps for itself (config cannot depend on csv or
 * event) agree with the ones they name.
 */
class SchemaNamesTest {
  @Test
  void theColumnsAColumnsMappingMayNameAreTheCsvColumns() {
    assertThat(Settings.COLUMN_NAMES).containsExactlyElementsOf(Column.headers());
  }

  @Test
  void everyKeyFieldIsAnEventFieldByItsJsonName() {
    var jsonNames = Arrays.stream(EventSchema.Field.values()).map(EventSchema.Field::json).toList();
    for (KeyField k : KeyField.values()) {
      if (k != KeyField.NONE) {
        assertThat(jsonNames).as("PEP_KEY_FIELD %s", k.label()).contains(k.label());
      }
    }
  }
}
