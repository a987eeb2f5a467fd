package com.dumontcloud.sdk.advisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import com.dumontcloud.sdk.query.OfferQueries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tiers, budgets and errors against a fixed set of offers. */
class AdvisorTest {
  /** A provider that lists fixed offers and records the queries it got. */
  record Fixed(List<Offer> offers, List<OfferQuery> queries) implements CloudProvider, CloudProviderFactory {
    @Override public ProviderMetadata metadata() { return new ProviderMetadata("fixed", "Fixed", null, null, List.of(), Set.of()); }
    @Override public CloudProvider create(ProviderContext c) { return this; }
    @Override public List<Offer> searchOffers(OfferQuery q) {
      queries.add(q);
      return offers.stream().filter(o -> OfferQueries.matches(q, o)).toList();
    }
    @Override public Instance launch(ProviderLaunchRequest r) { throw new UnsupportedOperationException(); }
    @Override public Instance get(String id) { throw new UnsupportedOperationException(); }
    @Override public List<Instance> list(Map<String, String> l) { return List.of(); }
    @Override public void start(String id) {}
    @Override public void stop(String id) {}
    @Override public void terminate(String id) {}
  }

  static Offer offer(String id, String gpu, int count, double price, PricingModel pm, Double reliability) {
    return Offer.builder().providerId("fixed").id(id).gpu(GpuCatalog.resolve(gpu)).gpuCount(count)
        .gpuRamGib(GpuCatalog.resolve(gpu).vramGib()).pricePerHour(Money.usd(price)).pricingModel(pm)
        .reliability(reliability).build();
  }

  static final List<Offer> OFFERS = List.of(
      offer("3080-spot", "RTX 3080", 1, 0.09, PricingModel.SPOT, 0.97),
      offer("4090-spot", "RTX 4090", 1, 0.18, PricingModel.SPOT, 0.97),
      offer("4090-od", "RTX 4090", 1, 0.31, PricingModel.ON_DEMAND, 0.99),
      offer("4090x2-od", "RTX 4090", 2, 0.62, PricingModel.ON_DEMAND, 0.99),
      offer("l40s-od", "L40S", 1, 0.85, PricingModel.ON_DEMAND, 0.93),
      offer("a100-80-od", "A100 80GB", 1, 0.90, PricingModel.ON_DEMAND, 0.99),
      offer("h100-od", "H100 PCIe", 1, 1.20, PricingModel.ON_DEMAND, 0.99),
      offer("a100-80x2-od", "A100 80GB", 2, 1.80, PricingModel.ON_DEMAND, 0.99),
      offer("4090x8-od", "RTX 4090", 8, 2.48, PricingModel.ON_DEMAND, null));

  private final Fixed fixed = new Fixed(OFFERS, new ArrayList<>());
  private final Dumont dumont = Dumont.builder().providerFactories(List.of(fixed)).provider("fixed")
      .offerCacheTtl(Duration.ZERO).build();

  @AfterEach
  void close() {
    dumont.close();
  }

  private Recommendation recommend(String model, Workload w) {
    return dumont.advisor().recommend(model, w);
  }

  private static List<String> offerIds(Recommendation r) {
    return r.tiers().stream().map(t -> t.tier().wireName() + "=" + t.offer().id()).toList();
  }

  @Test
  void recommend_llama8b_cheapestFitsMinimum_roomyOnDemandRecommended_fastestMaximum() {
    Recommendation r = recommend("meta-llama/Llama-3.1-8B-Instruct", Workload.defaults());
    // 14.96 GiB weights + 1 GiB KV + 1.5 GiB runtime = 17.46 GiB of the 21.6 a 24 GiB GPU may use: fits, 19 % spare;
    // the L40S is roomy but below 0.95 reliability, so the A100 80GB is the recommended one.
    assertThat(offerIds(r)).containsExactly("minimum=4090-spot", "recommended=a100-80-od", "maximum=h100-od");
    TierChoice min = r.tier(Tier.MINIMUM).orElseThrow();
    assertThat(min.reason()).isEqualTo("the cheapest offer that holds it: 1× RTX 4090, 17.5 of the 21.6 GiB vLLM may "
        + "use per 24 GiB GPU (spot: the provider may interrupt it)");
    assertThat(r.tier(Tier.RECOMMENDED).orElseThrow().reason()).startsWith("the cheapest on-demand offer with "
        + "reliability 0.95+ that keeps 20 % of its memory free: 1× A100 80GB").contains("room for about 54 more sequences");
    assertThat(r.tier(Tier.MAXIMUM).orElseThrow().reason()).startsWith("the most GPU performance: 2.13");
    // the one search asks for GPUs that could hold the model at the largest tensor-parallel size (8)
    assertThat(fixed.queries()).hasSize(1);
    assertThat(fixed.queries().get(0).filters("gpu_ram")).singleElement()
        .satisfies(f -> assertThat((Double) f.value()).isBetween(3.0, 4.0));
  }

  @Test
  void recommend_moreConcurrency_needsBiggerGpus() {
    Recommendation r = recommend("meta-llama/Llama-3.1-8B-Instruct",
        Workload.builder().context(8192).concurrency(8).build());
    // 14.96 + 8 + 1.5 = 24.46 GiB: no single 24 GiB GPU; two RTX 4090 in tensor parallel (12.0 each) or one 48+ GiB GPU
    assertThat(offerIds(r)).containsExactly("minimum=4090x2-od", "recommended=4090x2-od", "maximum=h100-od");
    assertThat(r.tier(Tier.MINIMUM).orElseThrow().reason()).contains("(tensor parallel 2)");
  }

  @Test
  void recommend_llama70bBf16_usesTensorParallelOnTwoA100sOrEight4090s() {
    Recommendation r = recommend("meta-llama/Llama-3.1-70B-Instruct", Workload.defaults());
    // two A100 80GB keep 5 % free per GPU, eight RTX 4090 16 %: neither has the recommended tier's 20 % to spare
    assertThat(offerIds(r)).containsExactly("minimum=a100-80x2-od", "maximum=4090x8-od");
    assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("no recommended tier"));
    assertThat(r.tiers()).allSatisfy(t -> assertThat(t.numGpus()).isGreaterThan(1));
  }

  @Test
  void recommend_budgetCap_filtersTiers_andLeavesOutTheRecommendedOneWithoutRoom() {
    Recommendation r = recommend("meta-llama/Llama-3.1-8B-Instruct", Workload.builder().maxPricePerHour(0.5).build());
    assertThat(offerIds(r)).containsExactly("minimum=4090-spot", "maximum=4090-spot");
    assertThat(r.tiers()).allSatisfy(t -> assertThat(t.pricePerHour().doubleValue()).isLessThanOrEqualTo(0.5));
    assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("no recommended tier: no offer within 0.5 USD/h"));
    assertThat(r.tier(Tier.MINIMUM).orElseThrow().reason()).startsWith("the cheapest offer within 0.5 USD/h");
  }

  @Test
  void recommend_budgetBelowEveryFit_failsNamingTheCheapestFit() {
    assertThatThrownBy(() -> recommend("meta-llama/Llama-3.1-8B-Instruct",
        Workload.builder().maxPricePerHour(0.1).build()))
        .isInstanceOfSatisfying(BudgetTooLowException.class, e -> {
          assertThat(e.cheapestPerHour()).isEqualTo(0.18);
          assertThat(e.budgetPerHour()).isEqualTo(0.1);
        })
        .hasMessage("--budget 0.1 USD/h is below the cheapest offer that holds meta-llama/Llama-3.1-8B-Instruct "
            + "(19.4 GiB in bf16): 1× RTX 4090 at 0.18 USD/h (fixed offer 4090-spot); raise --budget to 0.18 or lower "
            + "the need with --dtype fp8/int4, a shorter --context or a lower --concurrency");
  }

  @Test
  void recommend_int4_fitsTheSmallCard() {
    Recommendation r = recommend("meta-llama/Llama-3.1-8B-Instruct",
        Workload.builder().dtype(Dtype.INT4).context(4096).build());
    assertThat(r.tier(Tier.MINIMUM).orElseThrow().offer().id()).isEqualTo("3080-spot");
    assertThat(r.toMap().get("dtype")).isEqualTo("int4");
  }

  @Test
  void recommend_nothingFits_failsNamingTheNeedAndTheFix() {
    assertThatThrownBy(() -> recommend("meta-llama/Llama-3.1-405B-Instruct", Workload.defaults()))
        .isInstanceOf(NoOfferFitsException.class)
        .hasMessageStartingWith("no offer on fixed holds meta-llama/Llama-3.1-405B-Instruct in bf16 at 8192 tokens × 1 "
            + "sequences (")
        .hasMessageEndingWith("; try --dtype fp8 or int4, a shorter --context, a lower --concurrency or another --provider");
  }

  @Test
  void recommend_unknownModel_withParameters_assumesAShape_withoutThemFails() {
    Recommendation r = dumont.advisor().recommend("acme/house-model-7b", 7_000_000_000L, Workload.defaults());
    assertThat(r.spec().known()).isFalse();
    assertThat(r.notes().get(0)).startsWith("acme/house-model-7b is not in the catalog: assumed bf16");
    assertThat(r.tier(Tier.MINIMUM)).isPresent();
    assertThat(r.model()).isEqualTo("acme/house-model-7b");
    assertThatThrownBy(() -> recommend("acme/house-model-7b", Workload.defaults()))
        .isInstanceOf(UnknownModelException.class)
        .hasMessage("--model 'acme/house-model-7b' is not in the advisor's catalog (see 'dumont advisor models'); give"
            + " its size with --params (e.g. --params 7b) and the shape of a catalog model of that size is assumed");
  }

  @Test
  void recommend_throughputFigure_givesPricePerMillionOutputTokens_withItsSource() {
    Recommendation r = recommend("meta-llama/Llama-3.1-8B-Instruct",
        Workload.builder().putThroughput("RTX_4090", 1000, "our benchmark, 2026-01").build());
    TierChoice min = r.tier(Tier.MINIMUM).orElseThrow();
    // 0.18 USD/h over 3.6 million tokens per hour
    assertThat(min.pricePerMillionOutputTokens()).isEqualTo(Money.usd(0.05));
    assertThat(min.toMap()).containsEntry("price_per_million_output_tokens", 0.05)
        .containsEntry("output_tokens_per_second", 1000.0).containsEntry("throughput_kind", "measured")
        .containsEntry("throughput_source", "our benchmark, 2026-01");
    // the H100 PCIe has no measured figure: its tier carries the labelled estimate instead
    assertThat(r.tier(Tier.MAXIMUM).orElseThrow().toMap()).containsEntry("throughput_kind", "estimate");
  }

  @Test
  void recommend_withoutAFigure_estimatesFromTheDatasheetBandwidth_andMeasuredBeatsIt() {
    Recommendation r = recommend("meta-llama/Llama-3.1-8B-Instruct", Workload.defaults());
    TierChoice min = r.tier(Tier.MINIMUM).orElseThrow(); // 1× RTX 4090 at 0.18 USD/h
    assertThat(min.throughputKind()).isEqualTo(ThroughputKind.ESTIMATE);
    assertThat(min.outputTokensPerSecond()).isCloseTo(0.6 * 1008e9 / (8_030_261_248.0 * 2 + (1L << 30)),
        org.assertj.core.api.Assertions.within(1e-9)).isBetween(35.0, 40.0);
    Map<String, Object> m = min.toMap();
    assertThat(m).containsEntry("output_tokens_per_second", 35.3).containsEntry("throughput_kind", "estimate")
        .containsEntry("throughput_source", "estimate: memory-bandwidth roofline, 1008 GB/s datasheet, efficiency 0.6");
    // 0.18 USD/h over 35.3 tokens/s × 3600 s
    assertThat((Double) m.get("price_per_million_output_tokens"))
        .isCloseTo(0.18 / (min.outputTokensPerSecond() * 3600) * 1e6, org.assertj.core.api.Assertions.within(1e-4));
    TierChoice max = r.tier(Tier.MAXIMUM).orElseThrow(); // H100 PCIe, 2000 GB/s
    assertThat(max.outputTokensPerSecond()).isGreaterThan(min.outputTokensPerSecond());

    Recommendation measured = recommend("meta-llama/Llama-3.1-8B-Instruct",
        Workload.builder().putThroughput("RTX 4090", 52, "vLLM 0.9 on our 4090, 2026-11").build());
    TierChoice mm = measured.tier(Tier.MINIMUM).orElseThrow();
    assertThat(mm.throughputKind()).isEqualTo(ThroughputKind.MEASURED);
    assertThat(mm.outputTokensPerSecond()).isEqualTo(52.0);
    assertThat(mm.throughput().source()).isEqualTo("vLLM 0.9 on our 4090, 2026-11");
  }

  @Test
  void recommend_gpuOfUnknownBandwidth_hasNoFigure_notZero() {
    Offer unknown = Offer.builder().providerId("fixed").id("acme").gpu(GpuCatalog.resolve("Acme Tensor 9000"))
        .gpuCount(1).gpuRamGib(48).pricePerHour(Money.usd(0.05)).pricingModel(PricingModel.ON_DEMAND).build();
    Fixed one = new Fixed(List.of(unknown), new ArrayList<>());
    try (Dumont d = Dumont.builder().providerFactories(List.of(one)).provider("fixed").offerCacheTtl(Duration.ZERO)
        .build()) {
      TierChoice min = d.advisor().recommend("meta-llama/Llama-3.1-8B-Instruct", Workload.defaults())
          .tier(Tier.MINIMUM).orElseThrow();
      assertThat(min.offer().id()).isEqualTo("acme");
      assertThat(min.throughput()).isNull();
      assertThat(min.throughputKind()).isNull();
      assertThat(min.outputTokensPerSecond()).isNull();
      assertThat(min.pricePerMillionOutputTokens()).isNull();
      assertThat(min.toMap()).doesNotContainKeys("output_tokens_per_second", "price_per_million_output_tokens",
          "throughput_kind", "throughput_source");
    }
  }

  @Test
  void toMap_hasExactlyTheDocumentedFields() {
    Map<String, Object> m = recommend("meta-llama/Llama-3.1-8B-Instruct", Workload.defaults()).toMap();
    assertThat(m).containsOnlyKeys("model", "dtype", "context", "concurrency", "estimate", "tiers");
    assertThat(m).containsEntry("model", "meta-llama/Llama-3.1-8B-Instruct").containsEntry("dtype", "bf16")
        .containsEntry("context", 8192).containsEntry("concurrency", 1);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tiers = (List<Map<String, Object>>) m.get("tiers");
    assertThat(tiers.get(0)).containsOnlyKeys("tier", "gpu", "num_gpus", "vram_gb", "price_per_hour", "offer_id",
        "provider", "reason", "price_per_million_output_tokens", "output_tokens_per_second", "throughput_kind",
        "throughput_source");
    assertThat(tiers.get(0)).containsEntry("tier", "minimum").containsEntry("gpu", "RTX 4090")
        .containsEntry("num_gpus", 1).containsEntry("vram_gb", 24.0).containsEntry("price_per_hour", 0.18)
        .containsEntry("offer_id", "4090-spot").containsEntry("provider", "fixed");
  }

  @Test
  void recommend_spotOnly_recommendsSpot() {
    Recommendation r = recommend("meta-llama/Llama-3.1-8B-Instruct",
        Workload.builder().pricingModel(PricingModel.SPOT).build());
    assertThat(r.tiers()).allSatisfy(t -> assertThat(t.offer().pricingModel()).isEqualTo(PricingModel.SPOT));
    assertThat(offerIds(r)).containsExactly("minimum=4090-spot", "maximum=4090-spot");
  }
}
