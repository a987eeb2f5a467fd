package com.dumontcloud.sdk.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.model.Location;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OfferQueriesMatchTest {

  /** A Vast-like RTX 4090 offer as a provider module would normalise it (24564 MB reported = 23.99 GiB). */
  private static final Offer RTX4090 = Offer.builder()
      .providerId("vast").id("12345")
      .gpu(GpuCatalog.resolve("RTX 4090")).gpuCount(2).gpuRamGib(24564 / 1024.0)
      .vcpus(32.0).ramGib(128.0).diskGib(500.0)
      .location(Location.of("US", "Texas", null))
      .pricingModel(PricingModel.ON_DEMAND).pricePerHour(Money.usd(1.2))
      .reliability(0.991).netUpMbps(800.0).netDownMbps(900.0).cudaVersion(12.4)
      .hostId("777").machineId("4242").verified(true)
      .attributes(Map.of("dlperf", 120.5, "cpu_arch", "amd64", "static_ip", true, "compute_cap", 890))
      .build();

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "''|true",
      "gpu_name=RTX_4090|true",
      "gpu_name=\"RTX 4090\"|true",
      "gpu_name=rtx4090|true",
      "gpu_name=geforcertx4090-pcie-24gb|true",
      "gpu_name=\"NVIDIA GeForce RTX 4090\"|true",
      "gpu_name=RTX_3090|false",
      "gpu_name!=RTX_3090|true",
      "gpu_name in [RTX_3090,RTX_4090]|true",
      "gpu_name notin [RTX_4090]|false",
      "num_gpus>=2|true",
      "num_gpus>2|false",
      "num_gpus=2|true",
      "num_gpus in [1,2,4]|true",
      "num_gpus notin [1,4]|true",
      "dph<1.5|true",
      "dph<1.2|false",
      "dph<=1.2|true",
      "dph_total>=1.2|true",
      "gpu_ram>=24|true",
      "gpu_ram>24|false",
      "gpu_total_ram>=48|true",
      "reliability>0.98|true",
      "reliability2>0.995|false",
      "cpu_cores>=32|true",
      "cpu_ram>=64|true",
      "disk_space>=500|true",
      "inet_down>500 inet_up>500|true",
      "cuda_vers>=12.1|true",
      "cuda_max_good>=12.8|false",
      "geolocation=US|true",
      "geolocation=us|true",
      "geolocation in [US,CA]|true",
      "geolocation in [DE,FR]|false",
      "geolocation notin [CN,HK]|true",
      "geolocation in [EU,BR]|false",
      "geolocation=NORTH_AMERICA|true",
      "region=texas|true",
      "provider=vast|true",
      "provider=gcp|false",
      "id=12345|true",
      "host_id=777|true",
      "host_id!=777|false",
      "machine_id=4242|true",
      "verified=true|true",
      "verified=false|false",
      "verified!=false|true",
      "rentable=true|true",
      "rentable=false|false",
      "external=true datacenter=true rented=true|true",
      "rented=false|true",
      "interruptible=false|true",
      "static_ip=true|true",
      "vms_enabled=true|false",
      "dlperf>100|true",
      "compute_cap>=890|true",
      "cpu_arch=amd64|true",
      "score>1|false",
      "zone=null|true",
      "zone!=null|false",
      "host_id=null|false",
      "type=on-demand|true",
      "type=spot|false",
      "gpu_name=RTX_4090 num_gpus>=2 dph<1.5 gpu_ram>=24 reliability>0.98 geolocation in [US,CA]|true",
      "gpu_name=RTX_4090 num_gpus>=2 dph<1.0|false"})
  void matches_queryAgainstRtx4090Offer(String query, boolean expected) {
    assertThat(OfferQueries.matches(OfferQueries.parse(query), RTX4090)).isEqualTo(expected);
  }

  @Test
  void matches_absentOfferFields_doNotSatisfyNumericConditions() {
    Offer sparse = Offer.builder().providerId("tensordock").id("h1").gpu(GpuCatalog.resolve("l4-pcie-24gb"))
        .gpuRamGib(24).pricePerHour(Money.usd(0.4)).build();

    for (String q : new String[] {"reliability>0", "reliability<1", "cpu_cores>=0", "inet_down>0", "cuda_vers>0",
        "min_bid<10", "dlperf>0", "geolocation in [US]", "geolocation notin [US]", "geolocation!=US",
        "reliability!=0.5"}) {
      assertThat(OfferQueries.matches(OfferQueries.parse(q), sparse)).as(q).isFalse();
    }
    assertThat(OfferQueries.matches(OfferQueries.parse("reliability=null geolocation=None"), sparse)).isTrue();
  }

  @Test
  void matches_ambiguousA100_coversBothVariantsUnlessQualified() {
    Offer a100x80 = offer("A100 SXM4", 79.6);
    Offer a100x40 = offer("A100 SXM4", 40);

    assertThat(a100x80.gpu().name()).isEqualTo("A100 80GB");
    assertThat(matches("gpu_name=A100_SXM4", a100x80)).isTrue();
    assertThat(matches("gpu_name=A100_SXM4", a100x40)).isTrue();
    assertThat(matches("gpu_name=A100", a100x80)).isTrue();
    assertThat(matches("gpu_name=nvidia-a100-80gb", a100x80)).isTrue();
    assertThat(matches("gpu_name=nvidia-a100-80gb", a100x40)).isFalse();
    assertThat(matches("gpu_name=\"A100 40GB\"", a100x80)).isFalse();
  }

  @Test
  void matches_gpuRam_usesNominalCatalogMemoryWithinTolerance() {
    Offer t4 = offer("Tesla T4", 15.0);
    Offer h100 = offer("H100 SXM", 81559 / 1024.0);

    assertThat(matches("gpu_ram>=16", t4)).isTrue();
    assertThat(matches("gpu_ram>=80", h100)).isTrue();
    assertThat(matches("gpu_ram>80", h100)).isFalse();
  }

  @Test
  void matches_unknownGpu_comparesBySpelling() {
    Offer mystery = offer("RTX 9999", 48);

    assertThat(mystery.gpu().known()).isFalse();
    assertThat(matches("gpu_name=RTX_9999", mystery)).isTrue();
    assertThat(matches("gpu_name=RTX_4090", mystery)).isFalse();
    assertThat(matches("gpu_ram>=48", mystery)).isTrue();
  }

  @Test
  void matches_spotQuery_requiresSpotOffer() {
    Offer spot = RTX4090.toBuilder().pricingModel(PricingModel.SPOT).minBid(Money.usd(0.5)).build();

    assertThat(matches("type=spot min_bid<=0.5", spot)).isTrue();
    assertThat(matches("interruptible=true", spot)).isTrue();
    assertThat(matches("type=on-demand", spot)).isFalse();
  }

  @Test
  void matches_builderQuery_sameAsParsed() {
    OfferQuery built = OfferQuery.builder().gpuName("RTX_4090").minGpus(2).maxPricePerHour(1.5).minGpuRamGib(24)
        .build();

    assertThat(OfferQueries.matches(built, RTX4090)).isTrue();
  }

  @Test
  void matches_builderFilterOnUnmodelledField_readsProviderAttribute() {
    OfferQuery q = OfferQuery.builder().filter("dph_base", OfferQuery.Op.LT, 1.0).build();
    Offer withBase = RTX4090.toBuilder().attributes(Map.of("dph_base", 0.9)).build();

    assertThat(OfferQueries.matches(q, withBase)).isTrue();
    assertThat(OfferQueries.matches(q, RTX4090)).isFalse();
  }

  @Test
  void matches_priceInOtherCurrency_comparedInUsd() {
    Offer brl = RTX4090.toBuilder().pricePerHour(Money.of(new java.math.BigDecimal("5.46"), "BRL")).build();

    assertThat(matches("dph<=1.0", brl)).isTrue();
    assertThat(matches("dph<0.99", brl)).isFalse();
  }

  private static boolean matches(String query, Offer offer) {
    return OfferQueries.matches(OfferQueries.parse(query), offer);
  }

  private static Offer offer(String gpuName, double vramGib) {
    return Offer.builder().providerId("vast").id(gpuName).gpu(GpuCatalog.resolve(gpuName, vramGib))
        .gpuRamGib(vramGib).pricePerHour(Money.usd(1)).build();
  }
}
