package com.dumontcloud.sdk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0.0000005, 0.000000",
      "0.0000015, 0.000002",
      "0.0000025, 0.000002",
      "1.2345675, 1.234568",
      "-0.0000015, -0.000002"})
  void construct_amount_roundsHalfEvenToSixDecimals(String raw, String expected) {
    assertThat(Money.usd(raw).amount()).isEqualTo(new BigDecimal(expected));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"2.345, 2.34", "2.355, 2.36", "2.365, 2.36", "0.125, 0.12", "28.8, 28.80"})
  void rounded_twoDecimals_isHalfEven(String raw, String expected) {
    assertThat(Money.usd(raw).rounded(2)).isEqualTo(new BigDecimal(expected));
  }

  @Test
  void arithmetic_sameCurrency_isExact() {
    Money a = Money.usd("0.1");
    Money b = Money.usd("0.2");

    assertThat(a.plus(b)).isEqualTo(Money.usd("0.3"));
    assertThat(b.minus(a)).isEqualTo(Money.usd("0.1"));
    assertThat(Money.usd("1.2").times(720)).isEqualTo(Money.usd("864"));
    assertThat(Money.usd("1.2").times(new BigDecimal("24"))).isEqualTo(Money.usd("28.8"));
    assertThat(Money.usd("1.2").isGreaterThan(Money.usd("1.19"))).isTrue();
  }

  @Test
  void forDuration_rateTimesHours() {
    assertThat(Money.usd("1.2").forDuration(Duration.ofMinutes(150))).isEqualTo(Money.usd("3.0"));
    assertThat(Money.usd("0.18").forDuration(Duration.ofSeconds(1))).isEqualTo(Money.usd("0.00005"));
  }

  @Test
  void mixedCurrencies_areRejectedWithAHint() {
    Money eur = Money.of(BigDecimal.ONE, "eur");

    assertThat(eur.currency()).isEqualTo("EUR");
    assertThatThrownBy(() -> Money.usd(1).plus(eur))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot combine USD with EUR; convert with FxRates first");
    assertThatThrownBy(() -> Money.usd(1).compareTo(eur)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidCurrency_isRejected() {
    assertThatThrownBy(() -> Money.of(BigDecimal.ONE, "DOLLAR"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO 4217");
  }

  @Test
  void equalsAndToString_useScaledAmount() {
    assertThat(Money.usd(1.2)).isEqualTo(Money.usd("1.20")).hasSameHashCodeAs(Money.usd("1.200000"));
    assertThat(Money.usd("1.2")).hasToString("1.2 USD");
  }
}
