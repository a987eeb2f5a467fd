package com.dumontcloud.sdk.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.model.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BidStrategyTest {

  @Test
  void minimum_bidsTheMinimumBid() {
    assertThat(BidStrategy.minimum().bidFor(Money.usd("0.123"))).isEqualTo(Money.usd("0.123"));
    assertThat(BidStrategy.minimum().allows(Money.usd(100))).isTrue();
    assertThat(BidStrategy.minimum().kind()).isEqualTo(BidStrategy.Kind.MINIMUM);
  }

  @Test
  void margin_bidsMinimumTimesOnePlusFraction() {
    BidStrategy s = BidStrategy.margin(0.1);

    assertThat(s.bidFor(Money.usd("0.2"))).isEqualTo(Money.usd("0.22"));
    assertThat(BidStrategy.margin(0).bidFor(Money.usd("0.2"))).isEqualTo(Money.usd("0.2"));
    assertThat(BidStrategy.margin(10).bidFor(Money.usd("0.2"))).isEqualTo(Money.usd("2.2"));
    assertThat(s.allows(Money.usd(100))).isTrue();
    assertThat(s.margin()).isEqualTo(0.1);
  }

  @Test
  void cap_bidsTheCap_andRefusesOffersWhoseMinimumExceedsIt() {
    BidStrategy s = BidStrategy.cap(Money.usd("0.5"));

    assertThat(s.allows(Money.usd("0.5"))).isTrue();
    assertThat(s.bidFor(Money.usd("0.3"))).isEqualTo(Money.usd("0.5"));
    assertThat(s.allows(Money.usd("0.51"))).isFalse();
    assertThatThrownBy(() -> s.bidFor(Money.usd("0.51"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds the bid cap").hasMessageContaining("allows");
  }

  @Test
  void bidFor_noMinimumBid_sendsNoBid() {
    for (BidStrategy s : SpecSamples.everyBidStrategy()) {
      assertThat(s.allows(null)).isTrue();
      assertThat(s.bidFor(null)).isNull();
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.01, 10.01, Double.NaN, Double.POSITIVE_INFINITY})
  void margin_outOfRange_throwsNamingTheMargin(double fraction) {
    assertThatThrownBy(() -> BidStrategy.margin(fraction)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bid margin must be in [0, 10]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-0.5"})
  void cap_notPositive_throwsNamingMaxPrice(String amount) {
    assertThatThrownBy(() -> BidStrategy.cap(Money.usd(amount))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bid.max_price").hasMessageContaining("positive");
  }

  @Test
  void cap_null_throwsNamingMaxPrice() {
    assertThatThrownBy(() -> BidStrategy.cap(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bid.max_price");
  }

  @Test
  void equalsAndHashCode_byKindAndParameters() {
    assertThat(BidStrategy.margin(0.2)).isEqualTo(BidStrategy.margin(0.2)).hasSameHashCodeAs(BidStrategy.margin(0.2))
        .isNotEqualTo(BidStrategy.margin(0.3)).isNotEqualTo(BidStrategy.minimum());
    assertThat(BidStrategy.margin(0)).isNotEqualTo(BidStrategy.minimum()).isEqualTo(BidStrategy.margin(-0.0));
    assertThat(BidStrategy.cap(Money.usd("0.5"))).isEqualTo(BidStrategy.cap(Money.usd(0.5)))
        .isNotEqualTo(BidStrategy.cap(Money.usd("0.6"))).isNotEqualTo(BidStrategy.cap(Money.of(
            new java.math.BigDecimal("0.5"), "EUR")));
    assertThat(BidStrategy.minimum()).isEqualTo(BidStrategy.minimum()).isNotEqualTo(null).isNotEqualTo("minimum");
  }

  @Test
  void toString_isReadable() {
    assertThat(BidStrategy.margin(0.0003)).hasToString("BidStrategy[margin 0.0003]");
    assertThat(BidStrategy.cap(Money.usd("0.5"))).hasToString("BidStrategy[cap 0.5 USD]");
    assertThat(BidStrategy.minimum()).hasToString("BidStrategy[minimum]");
  }
}
