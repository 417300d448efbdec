package dev.pep.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.config.ConfigException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of the report's SQL that are made, not written out: the zone and the names. */
class ReportQueriesTest {
  @Test
  void aZoneIsARegionOrAnEtcNameWithPosixSigns() {
    assertThat(ReportQueries.sqlZone(ZoneId.of("Europe/London"))).isEqualTo("Europe/London");
    assertThat(ReportQueries.sqlZone(ZoneOffset.UTC)).isEqualTo("UTC");
    assertThat(ReportQueries.sqlZone(ZoneId.of("Z"))).isEqualTo("UTC");
    // Etc/GMT-1 is one hour east of Greenwich, as +01:00 is (POSIX signs are inverted).
    assertThat(ReportQueries.sqlZone(ZoneOffset.ofHours(1))).isEqualTo("Etc/GMT-1");
    assertThat(ReportQueries.sqlZone(ZoneOffset.ofHours(-5))).isEqualTo("Etc/GMT+5");
    assertThatThrownBy(() -> ReportQueries.sqlZone(ZoneOffset.ofHoursMinutes(5, 30)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PEP_ZONE +05:30");
  }

  @Test
  void aTemplateNamesOnlyKnownColumns() {
    assertThat(ReportQueries.sql("SELECT {a} FROM {t}", Map.of("a", "country", "t", "events")))
        .isEqualTo("SELECT country FROM events");
    assertThatThrownBy(() -> ReportQueries.sql("SELECT {nope}", Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("No column or table named {nope}");
  }
}
