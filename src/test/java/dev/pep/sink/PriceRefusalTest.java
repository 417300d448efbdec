package dev.pep.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** unit_price is numeric(12,3): a price that does not fit goes to the dead-letter topic. */
class PriceRefusalTest {
  @Test
  void pricesThatFitNumeric12Comma3AreAccepted() {
    assertThat(JdbcSink.priceRefusal(new BigDecimal("2.55"))).isNull();
    assertThat(JdbcSink.priceRefusal(new BigDecimal("0.001"))).isNull();
    assertThat(JdbcSink.priceRefusal(new BigDecimal("-11062.06"))).isNull();
    assertThat(JdbcSink.priceRefusal(new BigDecimal("999999999.999"))).isNull();
  }

  @Test
  void moreDecimalPlacesOrIntegerDigitsThanTheColumnHoldsAreRefusedWithTheValue() {
    assertThat(JdbcSink.priceRefusal(new BigDecimal("2.5501")))
        .isEqualTo("unit_price 2.5501 has more than 3 decimal places");
    assertThat(JdbcSink.priceRefusal(new BigDecimal("1000000000")))
        .isEqualTo("unit_price 1000000000 has more than 9 digits before the decimal point");
    assertThat(JdbcSink.priceRefusal(new BigDecimal("1E+10")))
        .isEqualTo("unit_price 10000000000 has more than 9 digits before the decimal point");
  }
}
