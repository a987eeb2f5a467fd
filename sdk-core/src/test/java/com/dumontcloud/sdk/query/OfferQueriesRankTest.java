package com.dumontcloud.sdk.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.OfferQuery.Sort;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OfferQueriesRankTest {

  private static Offer offer(String id, String gpu, int count, double price, Double reliability) {
    return Offer.builder().providerId("vast").id(id).gpu(GpuCatalog.resolve(gpu)).gpuCount(count)
        .gpuRamGib(GpuCatalog.resolve(gpu).vramGib()).pricePerHour(Money.usd(price)).reliability(reliability)
        .build();
  }

  // perf: 4090 1.0, 3090 0.63, H100 SXM 3.16, unknown 0
  private static final Offer CHEAP_3090 = offer("1", "RTX 3090", 1, 0.20, 0.95);
  private static final Offer MID_4090 = offer("2", "RTX 4090", 1, 0.40, 0.99);
  private static final Offer PRICY_H100 = offer("3", "H100 SXM", 1, 2.00, null);
  private static final Offer UNKNOWN_GPU = offer("4", "Mystery X1", 1, 0.10, 0.90);
  private static final List<Offer> OFFERS = List.of(PRICY_H100, UNKNOWN_GPU, MID_4090, CHEAP_3090);

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "''|4,1,2,3",
      "sort=price|4,1,2,3",
      "sort=price-|3,2,1,4",
      "sort=value|1,2,3,4",
      "sort=value-|3,2,1,4",
      "sort=reliability|2,1,4,3",
      "sort=reliability-|4,1,2,3",
      "limit=2|4,1",
      "sort=value limit=1|1",
      "gpu_name in [RTX_4090,RTX_3090] sort=price-|2,1",
      "dph>5|''"})
  void rank_query_ordersFiltersAndLimits(String query, String expectedIds) {
    List<Offer> ranked = OfferQueries.rank(OFFERS, OfferQueries.parse(query));

    List<String> expected = expectedIds.isEmpty() ? List.of() : List.of(expectedIds.split(","));
    assertThat(ranked).extracting(Offer::id).containsExactlyElementsOf(expected);
  }

  @Test
  void rank_value_isPricePerPerformanceWithGpuCount() {
    // 2× 3090 at 0.80: 0.80 / (0.63 × 2) = 0.635 $/perf, worse than 1× 4090 at 0.40 (0.40)
    Offer dual3090 = offer("5", "RTX 3090", 2, 0.80, 0.99);

    List<Offer> ranked = OfferQueries.rank(List.of(dual3090, MID_4090), OfferQuery.builder().sort(Sort.VALUE)
        .build());

    assertThat(ranked).extracting(Offer::id).containsExactly("2", "5");
  }

  @Test
  void rank_ties_breakByPriceThenNumericId() {
    Offer a = offer("10", "RTX 4090", 1, 0.40, 0.99);
    Offer b = offer("9", "RTX 4090", 1, 0.40, 0.99);
    Offer c = offer("11", "RTX 4090", 1, 0.30, 0.99);

    List<Offer> byReliability = OfferQueries.rank(List.of(a, b, c), OfferQuery.builder().sort(Sort.RELIABILITY)
        .build());
    List<Offer> byPrice = OfferQueries.rank(List.of(a, b, c), OfferQuery.all());

    assertThat(byReliability).extracting(Offer::id).containsExactly("11", "9", "10");
    assertThat(byPrice).extracting(Offer::id).containsExactly("11", "9", "10");
  }

  @Test
  void rank_pricesInOtherCurrencies_comparedInUsd() {
    Offer eur = Offer.builder().providerId("x").id("eur").gpu(GpuCatalog.resolve("RTX 4090"))
        .pricePerHour(Money.of(new BigDecimal("0.30"), "EUR")).build(); // ≈ 0.35 USD
    Offer usd = offer("usd", "RTX 4090", 1, 0.33, null);

    assertThat(OfferQueries.rank(List.of(eur, usd), OfferQuery.all())).extracting(Offer::id)
        .containsExactly("usd", "eur");
  }

  @Test
  void rank_emptyList_givesEmpty() {
    assertThat(OfferQueries.rank(List.of(), OfferQuery.all())).isEmpty();
  }
}
