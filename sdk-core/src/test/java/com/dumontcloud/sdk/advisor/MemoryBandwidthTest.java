package com.dumontcloud.sdk.advisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.PricingModel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The datasheet bandwidths and the decode roofline built on them. */
class MemoryBandwidthTest {
  private static final String LLAMA_8B = "meta-llama/Llama-3.1-8B-Instruct";

  private static VramEstimate estimate(String model, int context, int concurrency) {
    return VramEstimate.of(ModelCatalog.find(model).orElseThrow(),
        Workload.builder().context(context).concurrency(concurrency).build());
  }

  private static Offer offer(String gpu, int count, Map<String, Object> attributes) {
    return Offer.builder().providerId("fixed").id("o").gpu(GpuCatalog.resolve(gpu, 80)).gpuCount(count)
        .gpuRamGib(GpuCatalog.resolve(gpu, 80).vramGib()).pricePerHour(Money.usd(1)).pricingModel(PricingModel.ON_DEMAND)
        .attributes(attributes).build();
  }

  @Test
  void datasheetGbps_theGpusOurCatalogsAndFixturesName_haveTheVendorFigures() {
    Map<String, Double> datasheet = new LinkedHashMap<>();
    datasheet.put("RTX 3090", 936.0);
    datasheet.put("RTX 4090", 1008.0);
    datasheet.put("RTX 5090", 1792.0);
    datasheet.put("RTX A4000", 448.0);
    datasheet.put("RTX A5000", 768.0);
    datasheet.put("RTX A6000", 768.0);
    datasheet.put("RTX 6000 Ada", 960.0);
    datasheet.put("L4", 300.0);
    datasheet.put("L40", 864.0);
    datasheet.put("L40S", 864.0);
    datasheet.put("A10", 600.0);
    datasheet.put("A100 40GB", 1555.0);
    datasheet.put("A100 80GB", 2039.0);
    datasheet.put("A100 80GB PCIe", 1935.0);
    datasheet.put("H100 SXM", 3350.0);
    datasheet.put("H100 PCIe", 2000.0);
    datasheet.put("H200", 4800.0);
    datasheet.put("T4", 320.0);
    datasheet.put("V100", 900.0);
    datasheet.forEach((gpu, gbps) -> assertThat(MemoryBandwidth.datasheetGbps(gpu)).as(gpu).isEqualTo(gbps));
    assertThat(MemoryBandwidth.datasheetGbps("Acme Tensor 9000")).isNull();
  }

  @Test
  void of_prefersTheProvidersReportedFigure_elseTheDatasheet_elseNull() {
    assertThat(MemoryBandwidth.of(offer("RTX 4090", 1, Map.of("gpu_mem_bw", 912.5))))
        .isEqualTo(new MemoryBandwidth.Figure(912.5, "reported by the provider (gpu_mem_bw)"));
    assertThat(MemoryBandwidth.of(offer("RTX 4090", 1, Map.of("gpu_mem_bw", 0)))).isEqualTo(
        new MemoryBandwidth.Figure(1008, "datasheet"));
    assertThat(MemoryBandwidth.of(offer("A100 80GB", 1, Map.of("gpu_name", "A100 PCIE"))).gbps()).isEqualTo(1935);
    assertThat(MemoryBandwidth.of(offer("A100 80GB", 1, Map.of("gpu_name", "A100 SXM4"))).gbps()).isEqualTo(2039);
    assertThat(MemoryBandwidth.of(offer("Acme Tensor 9000", 1, Map.of()))).isNull();
  }

  @Test
  void outputTokensPerSecond_llama8bBf16OneSequenceOnRtx4090_isAbout35() {
    // 0.6 × 1008 GB/s ÷ (16.06 GB of weights + 1.07 GB of KV cache at 8192 tokens)
    double tps = MemoryBandwidth.outputTokensPerSecond(estimate(LLAMA_8B, 8192, 1), 1, 1008);
    assertThat(tps).isCloseTo(0.6 * 1008e9 / (8_030_261_248.0 * 2 + (1L << 30)), within(1e-9)).isBetween(35.0, 40.0);
    // the brief's back-of-envelope figure without the KV cache: 1008e9 × 0.6 / 16e9 ≈ 37.8
    assertThat(MemoryBandwidth.outputTokensPerSecond(estimate(LLAMA_8B, 1, 1), 1, 1008)).isCloseTo(37.7, within(0.1));
  }

  @Test
  void outputTokensPerSecond_isMonotonicInBandwidth() {
    VramEstimate e = estimate(LLAMA_8B, 8192, 4);
    double previous = 0;
    for (double gbps : new double[] {300, 600, 936, 1008, 2039, 3350}) {
      double tps = MemoryBandwidth.outputTokensPerSecond(e, 1, gbps);
      assertThat(tps).as("%s GB/s", gbps).isGreaterThan(previous);
      previous = tps;
    }
  }

  @Test
  void outputTokensPerSecond_perSequence_fallsWithContextAndConcurrency_whileTheBatchGains() {
    double shortCtx = MemoryBandwidth.outputTokensPerSecond(estimate(LLAMA_8B, 2048, 1), 1, 1008);
    double longCtx = MemoryBandwidth.outputTokensPerSecond(estimate(LLAMA_8B, 32768, 1), 1, 1008);
    assertThat(longCtx).isLessThan(shortCtx);

    double one = MemoryBandwidth.outputTokensPerSecond(estimate(LLAMA_8B, 8192, 1), 1, 1008);
    double eight = MemoryBandwidth.outputTokensPerSecond(estimate(LLAMA_8B, 8192, 8), 1, 1008);
    assertThat(eight / 8).isLessThan(one);
    assertThat(eight).isGreaterThan(one); // the weights are read once for the whole batch
  }

  @Test
  void outputTokensPerSecond_tensorParallel_readsEachGpusShare() {
    VramEstimate e = estimate("meta-llama/Llama-3.1-70B-Instruct", 8192, 1);
    double two = MemoryBandwidth.outputTokensPerSecond(e, 2, 2039);
    // 70.55 B × 2 bytes ÷ 2 + 2.5 GiB of KV cache ÷ 2 per GPU
    assertThat(two).isCloseTo(0.6 * 2039e9 / (70_553_706_496.0 + 80L * 8 * 128 * 2 * 2 * 8192 / 2.0), within(1e-9));
    assertThat(MemoryBandwidth.outputTokensPerSecond(e, 4, 2039)).isGreaterThan(two);
  }

  @Test
  void outputTokensPerSecond_mixtureOfExperts_readsOnlyTheActiveParameters() {
    VramEstimate mixtral = estimate("mistralai/Mixtral-8x7B-Instruct-v0.1", 4096, 1);
    double tps = MemoryBandwidth.outputTokensPerSecond(mixtral, 2, 2039);
    double active = 12_900_000_000.0 * 2 / 2 + mixtral.kvCacheBytes() / 2;
    assertThat(tps).isCloseTo(0.6 * 2039e9 / active, within(1e-9));
  }

  @Test
  void outputTokensPerSecond_imageModel_hasNoFigure() {
    ModelSpec sdxl = ModelCatalog.all().stream().filter(m -> m.kind() == ModelSpec.Kind.IMAGE).findFirst().orElseThrow();
    assertThat(MemoryBandwidth.outputTokensPerSecond(VramEstimate.of(sdxl, Workload.defaults()), 1, 1008)).isNull();
  }

  @Test
  void estimate_namesItsBandwidthSourceAndEfficiency() {
    Workload.Throughput t = MemoryBandwidth.estimate(estimate(LLAMA_8B, 8192, 1), offer("RTX 4090", 1, Map.of()));
    assertThat(t.source()).isEqualTo("estimate: memory-bandwidth roofline, 1008 GB/s datasheet, efficiency 0.6");
    assertThat(MemoryBandwidth.estimate(estimate(LLAMA_8B, 8192, 1), offer("Acme Tensor 9000", 1, Map.of()))).isNull();
  }
}
