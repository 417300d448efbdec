package dev.pep.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateTableTest {
  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRowIsTheJsonValuesFieldsByColumnNameWithTheMonthAsItsFirstDay() {
    AggregateTable.Row r =
        AggregateTable.PRODUCT_MONTH.row(
            7,
            json(
                "{\"stock_code\":\"85123A\",\"month\":\"2011-06\",\"description\":\"HEART\","
                    + "\"revenue\":1E+1,\"quantity\":4,\"lines\":2}"));
    assertThat(r.offset()).isEqualTo(7);
    assertThat(r.key()).containsExactly("85123A", "2011-06-01");
    // 1E+1 comes back with scale 0: the drivers refuse a negative scale.
    assertThat(r.values()).containsExactly("HEART", new BigDecimal("10"), 4L, 2L);
    assertThat(((BigDecimal) r.values().get(1)).scale()).isZero();
  }

  @Test
  void aNullDescriptionStaysNull() {
    AggregateTable.Row r =
        AggregateTable.PRODUCT_MONTH.row(
            0,
            json(
                "{\"stock_code\":\"X\",\"month\":\"2011-06\",\"description\":null,"
                    + "\"revenue\":1.25,\"quantity\":1,\"lines\":1}"));
    assertThat(r.values()).isEqualTo(Arrays.asList(null, new BigDecimal("1.25"), 1L, 1L));
  }

  @Test
  void aValueThatIsNotTheAggregatesJsonIsRefusedNamingTheField() {
    assertThatThrownBy(
            () ->
                AggregateTable.COUNTRY_DAY.row(
                    0, json("{\"country\":\"France\",\"day\":\"2011-06-01\",\"revenue\":1}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no field quantity");
    assertThatThrownBy(() -> AggregateTable.COUNTRY_DAY.row(0, json("[1]")))
        .hasMessage("not a JSON object");
    assertThatThrownBy(() -> AggregateTable.COUNTRY_DAY.row(0, null))
        .hasMessage("not a JSON object");
  }

  @Test
  void theUpsertNamesKeyAndColumnsAndUpdatesTheMeasuresOnConflict() {
    String sql =
        AggregateUpserts.upsertSql(
            "e_agg_returns_country_month", AggregateTable.RETURNS_COUNTRY_MONTH, 2);
    assertThat(sql)
        .startsWith(
            "INSERT INTO e_agg_returns_country_month (country, month, lines, invoices, quantity,"
                + " value, kafka_partition, kafka_offset, updated_at) VALUES (?, CAST(? AS DATE),")
        .contains("ON CONFLICT (country, month) DO UPDATE SET lines = excluded.lines")
        .contains("value = excluded.value");
    assertThat(sql.chars().filter(ch -> ch == '?').count()).isEqualTo(2 * 8);
    assertThat(AggregateTable.COUNTRY_DAY.table("events")).isEqualTo("events_agg_country_day");
    assertThat(List.of(AggregateTable.values())).hasSize(3);
  }
}
