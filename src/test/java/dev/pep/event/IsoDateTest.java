package dev.pep.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoDateTest {
  private static OffsetDateTime parse(String text) {
    // Inside a larger array, as in a record's JSON: only [start, end) is read.
    byte[] b = ("\"" + text + "\",").getBytes(StandardCharsets.US_ASCII);
    return IsoDate.parse(b, 1, b.length - 2);
  }

  @Test
  void readsUtcAndOffsetsExactly() {
    assertThat(parse("2010-12-01T08:26:00Z"))
        .isEqualTo(OffsetDateTime.of(2010, 12, 1, 8, 26, 0, 0, ZoneOffset.UTC));
    assertThat(parse("2011-08-12T14:51:07+01:00"))
        .isEqualTo(OffsetDateTime.of(2011, 8, 12, 14, 51, 7, 0, ZoneOffset.ofHours(1)));
    assertThat(parse("1999-12-31T23:59:59-05:30"))
        .isEqualTo(
            OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 0, ZoneOffset.ofHoursMinutes(-5, -30)));
    assertThat(parse("2012-02-29T00:00:00-00:30"))
        .isEqualTo(OffsetDateTime.of(2012, 2, 29, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(0, -30)));
  }

  @Test
  void givesWhatTheIsoFormatterGivesForWhatItWrites() {
    for (String text :
        new String[] {
          "2010-12-01T08:26:00Z", "2011-03-27T01:59:00+00:00", "2011-10-30T02:30:00+02:00"
        }) {
      assertThat(parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text));
    }
  }

  /** Shapes it leaves to {@link OffsetDateTime#parse} (which reads some and rejects others). */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "2010-12-01T08:26:00.5Z",
        "2010-12-01T08:26Z",
        "2010-12-01T08:26:00",
        "2010-12-01 08:26:00Z",
        "2010-12-01T08:26:00z",
        "2010-12-01T08:26:00+0100",
        "2010-12-01T08:26:00+01:00:30",
        "2010-12-01T08:26:00*01:00",
        "2010-12-01T08:26:00+01-00",
        "+10000-12-01T08:26:00Z",
        "201O-12-01T08:26:00Z",
        "2010-12-01T08:2x:00Z",
        "2010-12-01T08:26:00+0a:00",
        ""
      })
  void leavesEveryOtherShapeToTheGeneralParser(String text) {
    assertThat(parse(text)).isNull();
  }

  @Test
  void aValueOutOfRangeInTheRightShapeIsAnError() {
    assertThatThrownBy(() -> parse("2010-13-01T08:26:00Z"))
        .isInstanceOf(DateTimeException.class)
        .hasMessageContaining("MonthOfYear");
    assertThatThrownBy(() -> parse("2011-02-29T08:26:00Z"))
        .isInstanceOf(DateTimeException.class)
        .hasMessageContaining("February 29");
    assertThatThrownBy(() -> parse("2010-12-01T24:00:00Z"))
        .isInstanceOf(DateTimeException.class)
        .hasMessageContaining("HourOfDay");
    assertThatThrownBy(() -> parse("2010-12-01T08:26:00+19:00"))
        .isInstanceOf(DateTimeException.class)
        .hasMessageContaining("Zone offset hours not in valid range");
  }
}
