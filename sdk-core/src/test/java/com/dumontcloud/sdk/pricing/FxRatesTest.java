package com.dumontcloud.sdk.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.model.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FxRatesTest {
  private final FxRates fx = FxRates.staticDefault();

  @ParameterizedTest(name = "1.20 USD -> {0}")
  @CsvSource({"EUR, 1.023600", "BRL, 6.552000", "GBP, 0.874800", "KRW, 1620.000000", "JPY, 172.800000",
      "USD, 1.200000"})
  void convert_usdToTableCurrency_usesDatedRate(String currency, String expected) {
    Money converted = fx.convert(Money.usd("1.20"), currency);

    assertThat(converted.currency()).isEqualTo(currency);
    assertThat(converted.amount()).isEqualByComparingTo(expected);
  }

  @Test
  void convert_crossRate_goesThroughUsd() {
    Money eur = fx.convert(Money.of(new BigDecimal("5.46"), "BRL"), "EUR");

    assertThat(eur.amount()).isEqualByComparingTo("0.853000");
  }

  @Test
  void convert_roundTrip_isStableAtMoneyScale() {
    Money usd = Money.usd("864.00");

    Money back = fx.convert(fx.convert(usd, "KRW"), "USD");

    assertThat(back).isEqualTo(usd);
  }

  @Test
  void convert_sameCurrency_returnsSameAmount() {
    Money m = Money.usd("3.0");

    assertThat(fx.convert(m, "usd")).isSameAs(m);
  }

  @Test
  void convert_unknownCurrency_namesSupportedOnes() {
    assertThatThrownBy(() -> fx.convert(Money.usd(1), "CHF"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no exchange rate for 'CHF'")
        .hasMessageContaining("[BRL, EUR, GBP, JPY, KRW, USD]");
  }

  @Test
  void staticDefault_isDatedAndSupportsTheTable() {
    assertThat(fx.asOf()).isEqualTo(LocalDate.of(2025, 6, 30));
    assertThat(fx.currencies()).containsExactlyInAnyOrder("USD", "EUR", "BRL", "GBP", "KRW", "JPY");
    assertThat(fx.supports("brl")).isTrue();
    assertThat(fx.supports("CHF")).isFalse();
    assertThat(fx.rate("USD", "EUR")).isEqualByComparingTo("0.853");
  }

  @Test
  void ofUsdRates_customTable_converts() {
    FxRates custom = FxRates.ofUsdRates(Map.of("chf", new BigDecimal("0.80")), LocalDate.of(2026, 1, 3));

    assertThat(custom.convert(Money.usd(10), "CHF").amount()).isEqualByComparingTo("8");
    assertThat(custom.asOf()).isEqualTo(LocalDate.of(2026, 1, 3));
  }

  @Test
  void ofUsdRates_invalidRate_isRejected() {
    assertThatThrownBy(() -> FxRates.ofUsdRates(Map.of("EUR", BigDecimal.ZERO), LocalDate.now()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate for EUR must be positive");
    assertThatThrownBy(() -> FxRates.ofUsdRates(Map.of("EURO", BigDecimal.ONE), LocalDate.now()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO 4217");
  }
}
