package com.dumontcloud.sdk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.model.OfferQuery.Op;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfferQueryTest {

  @Test
  void equals_sameContent_isEqualWithSameHash() {
    OfferQuery a = OfferQuery.builder().gpuName("RTX 4090").maxPricePerHour(0.5).limit(5).build();
    OfferQuery b = OfferQuery.builder().gpuName("RTX 4090").maxPricePerHour(0.5).limit(5).build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(b.toBuilder().descending(true).build());
    assertThat(a).isNotEqualTo(b.toBuilder().limit(6).build());
    assertThat(a).isNotEqualTo(b.toBuilder().pricingModel(PricingModel.SPOT).build());
    assertThat(a).isNotEqualTo(b.toBuilder().sort(OfferQuery.Sort.VALUE).build());
  }

  @Test
  void toBuilder_copiesEverything() {
    OfferQuery q = OfferQuery.builder().minGpus(2).sort(OfferQuery.Sort.RELIABILITY).descending(true).limit(3)
        .pricingModel(PricingModel.SPOT).build();

    assertThat(q.toBuilder().build()).isEqualTo(q);
  }

  @Test
  void filters_areImmutableCopies() {
    List<Object> values = new ArrayList<>(List.of("US"));
    OfferQuery q = OfferQuery.builder().filter("geolocation", Op.IN, values).build();
    values.add("CA");

    assertThat(q.filters("geolocation")).singleElement().extracting(OfferQuery.Filter::value)
        .isEqualTo(List.of("US"));
    assertThatThrownBy(() -> q.filters().add(new OfferQuery.Filter("x", Op.EQ, 1)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void limit_nonPositive_isRejected() {
    assertThatThrownBy(() -> OfferQuery.builder().limit(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void filterToString_usesQuerySymbols() {
    assertThat(new OfferQuery.Filter("dph", Op.LE, 0.5)).hasToString("dph<=0.5");
    assertThat(new OfferQuery.Filter("geolocation", Op.NOT_IN, List.of("CN"))).hasToString("geolocation notin [CN]");
  }
}
