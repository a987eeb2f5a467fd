package com.dumontcloud.sdk.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CurrencyViewTest {
  private final CurrencyView eur = CurrencyView.of(FxRates.staticDefault(), "eur");

  @Test
  void usdFigure_asIs_isTheSameDoubleUnrounded() {
    assertThat(CurrencyView.usd().usdFigure(0.123456789, 4)).isEqualTo(0.123456789);
  }

  @Test
  void usdFigure_converted_isConvertedThenRoundedHalfEvenOnce() {
    // 0.05 USD x 0.853 = 0.04265 EUR exactly: half-even (half-up would say 0.0427)
    assertThat(eur.usdFigure(0.05, 4)).isEqualTo(0.0426);
    assertThat(eur.usdFigure(0.15, 4)).isEqualTo(0.128); // 0.12795
    assertThat(eur.usdFigure(2.5, 2)).isEqualTo(2.13); // 2.1325
    assertThat(CurrencyView.of(FxRates.staticDefault(), "JPY").usdFigure(1.2, 4)).isEqualTo(172.8); // 2 decimals
  }

  @Test
  void usdFigure_notFinite_staysAsItIs() {
    assertThat(eur.usdFigure(Double.NaN, 4)).isNaN();
  }

  @Test
  void annotate_asIs_returnsTheSameTree_converted_addsCurrencyAndFx() {
    Map<String, Object> tree = Map.of("spend", 1.0);

    assertThat(CurrencyView.usd().annotate(tree)).isSameAs(tree);
    assertThat(eur.annotate(tree)).containsEntry("currency", "EUR")
        .containsEntry("fx", Map.of("source", FxRates.staticDefault().source(), "as_of", "2025-06-30"));
  }
}
