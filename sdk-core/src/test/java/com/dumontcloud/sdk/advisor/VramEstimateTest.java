package com.dumontcloud.sdk.advisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The estimate against published figures and the formula's terms. */
class VramEstimateTest {
  private static final double GIB = 1L << 30;

  private static VramEstimate estimate(String model, Workload w) {
    return VramEstimate.of(ModelCatalog.find(model).orElseThrow(), w);
  }

  private static Workload ctx(int context, int concurrency) {
    return Workload.builder().context(context).concurrency(concurrency).build();
  }

  @Test
  void weights_sevenBillionInFp16_are14to15Gb() {
    VramEstimate mistral = estimate("mistralai/Mistral-7B-Instruct-v0.3", Workload.builder().dtype(Dtype.FP16).build());
    assertThat(mistral.weightsBytes() / 1e9).isBetween(14.0, 15.0);
    VramEstimate assumed = VramEstimate.of(ModelCatalog.assumed("acme/seven", 7_000_000_000L),
        Workload.builder().dtype(Dtype.FP16).build());
    assertThat(assumed.weightsBytes() / 1e9).isBetween(14.0, 15.0);
  }

  @Test
  void weights_llama31_8bInBf16_areAbout16Gb() {
    VramEstimate e = estimate("meta-llama/Llama-3.1-8B-Instruct", Workload.defaults());
    assertThat(e.dtype()).isEqualTo(Dtype.BF16);
    assertThat(e.weightsBytes() / 1e9).isCloseTo(16.06, within(0.01));
    assertThat(e.weightsGib()).isCloseTo(14.96, within(0.01));
  }

  @Test
  void kvCache_llama31_8bAt8kOneSequenceBf16_isExactlyOneGib() {
    VramEstimate e = estimate("meta-llama/Llama-3.1-8B-Instruct", ctx(8192, 1));
    // 32 layers × 8 KV heads × 128 head dim × 2 (K and V) × 2 bytes × 8192 tokens
    assertThat(e.kvCacheBytes()).isEqualTo(32.0 * 8 * 128 * 2 * 2 * 8192).isEqualTo(GIB);
    assertThat(estimate("meta-llama/Llama-3.1-8B-Instruct", ctx(8192, 8)).kvCacheGib()).isEqualTo(8.0);
  }

  @Test
  void kvCache_quantisedWeights_keepA16BitCacheUnlessFp8IsAsked() {
    VramEstimate int4 = estimate("meta-llama/Llama-3.1-8B-Instruct", Workload.builder().dtype(Dtype.INT4).build());
    assertThat(int4.kvCacheDtype()).isEqualTo(Dtype.BF16);
    assertThat(int4.kvCacheBytes()).isEqualTo(GIB);
    VramEstimate fp8Kv = estimate("meta-llama/Llama-3.1-8B-Instruct",
        Workload.builder().kvCacheDtype(Dtype.FP8).build());
    assertThat(fp8Kv.kvCacheBytes()).isEqualTo(GIB / 2);
  }

  @Test
  void weights_int4_halveFp8() {
    for (ModelSpec m : ModelCatalog.all()) {
      double fp8 = VramEstimate.of(m, Workload.builder().dtype(Dtype.FP8).build()).weightsBytes();
      double int4 = VramEstimate.of(m, Workload.builder().dtype(Dtype.INT4).build()).weightsBytes();
      double bf16 = VramEstimate.of(m, Workload.builder().dtype(Dtype.BF16).build()).weightsBytes();
      assertThat(int4).as(m.id()).isEqualTo(fp8 / 2);
      assertThat(fp8).as(m.id()).isEqualTo(bf16 / 2);
    }
  }

  @Test
  void total_isWeightsKvAndRuntimeOverGpuMemoryUtilization_andOverheadTheRest() {
    VramEstimate e = estimate("meta-llama/Llama-3.1-8B-Instruct", ctx(8192, 1));
    double runtime = (VramEstimate.CUDA_CONTEXT_GIB + VramEstimate.ACTIVATION_GIB) * GIB;
    assertThat(runtime).isEqualTo(1.5 * GIB);
    assertThat(e.totalBytes()).isCloseTo((8_030_261_248.0 * 2 + GIB + runtime) / 0.9, within(1.0));
    assertThat(e.overheadBytes()).isCloseTo(e.totalBytes() - e.weightsBytes() - e.kvCacheBytes(), within(1.0));
    assertThat(e.headroomBytes()).isCloseTo(e.totalBytes() * 0.1, within(1.0));
    assertThat(e.toMap()).containsExactly(
        java.util.Map.entry("weights_gb", 14.96), java.util.Map.entry("kv_cache_gb", 1.0),
        java.util.Map.entry("overhead_gb", 3.44), java.util.Map.entry("total_gb", 19.4));
    VramEstimate tight = VramEstimate.of(e.model(), Workload.builder().gpuMemoryUtilization(0.95).build());
    assertThat(tight.totalBytes()).isLessThan(e.totalBytes());
  }

  @Test
  void tensorParallel_llama70bInBf16_needsMoreThanOne80GbGpu() {
    VramEstimate e = estimate("meta-llama/Llama-3.1-70B-Instruct", ctx(8192, 1));
    assertThat(e.weightsBytes() / 1e9).isGreaterThan(140);
    assertThat(e.fits(80, 1)).isFalse();
    assertThat(e.gpusNeeded(80)).isEqualTo(2);
    assertThat(e.gpusNeeded(48)).isEqualTo(4);
    assertThat(e.gpusNeeded(24)).isEqualTo(8);
    assertThat(e.gpusNeeded(16)).isZero();
    VramEstimate int4 = estimate("meta-llama/Llama-3.1-70B-Instruct", Workload.builder().dtype(Dtype.INT4).build());
    assertThat(int4.gpusNeeded(48)).isEqualTo(1);
  }

  @Test
  void tensorParallel_405b_needsEightH100sInFp8AndDoesNotFitInBf16() {
    assertThat(estimate("meta-llama/Llama-3.1-405B-Instruct", Workload.defaults()).gpusNeeded(80)).isZero();
    VramEstimate fp8 = Advisor.estimate("meta-llama/Llama-3.1-405B-Instruct-FP8", null, Workload.defaults());
    assertThat(fp8.dtype()).isEqualTo(Dtype.FP8);
    assertThat(fp8.gpusNeeded(80)).isEqualTo(8);
  }

  @Test
  void tensorParallel_onlySizesThatDivideTheHeads() {
    VramEstimate qwen7 = estimate("Qwen/Qwen2.5-7B-Instruct", Workload.defaults()); // 28 heads, 4 KV heads
    assertThat(qwen7.tensorParallelAllowed(2)).isTrue();
    assertThat(qwen7.tensorParallelAllowed(4)).isTrue();
    assertThat(qwen7.tensorParallelAllowed(8)).isFalse();
    VramEstimate phi3m = estimate("microsoft/Phi-3-medium-4k-instruct", Workload.defaults()); // 40 heads, 10 KV heads
    assertThat(phi3m.tensorParallelAllowed(2)).isTrue();
    assertThat(phi3m.tensorParallelAllowed(4)).isFalse();
    VramEstimate sdxl = estimate("stabilityai/sdxl-turbo", Workload.defaults());
    assertThat(sdxl.tensorParallelAllowed(2)).isFalse();
    // 6.5 GiB of fp16 weights + 1.5 runtime + the assumed 3 GiB image activation peak; no vLLM headroom
    assertThat(sdxl.gpuMemoryUtilization()).isEqualTo(1.0);
    assertThat(sdxl.gpusNeeded(10)).isZero();
    assertThat(sdxl.gpusNeeded(12)).isEqualTo(1);
  }

  @Test
  void perGpu_replicatesKvHeadsWhenTensorParallelExceedsThem() {
    VramEstimate e = estimate("Qwen/Qwen2.5-0.5B-Instruct", ctx(32768, 4)); // 2 KV heads
    double weights = e.weightsBytes();
    double runtime = e.runtimeBytes();
    assertThat(e.perGpuBytes(2) - weights / 2 - runtime).isCloseTo(e.kvCacheBytes() / 2, within(1.0));
    assertThat(e.perGpuBytes(4) - weights / 4 - runtime).isCloseTo(e.kvCacheBytes() / 2, within(1.0));
  }

  @Test
  void context_defaultsToTheModelsUpTo8192_andAboveItsMaximumIsRefused() {
    assertThat(estimate("meta-llama/Llama-3.1-8B-Instruct", Workload.defaults()).context()).isEqualTo(8192);
    assertThat(estimate("microsoft/Phi-3-mini-4k-instruct", Workload.defaults()).context()).isEqualTo(4096);
    assertThat(estimate("openai/whisper-small", Workload.defaults()).context()).isEqualTo(448);
    assertThat(estimate("stabilityai/sdxl-turbo", Workload.defaults()).kvCacheBytes()).isZero();
    assertThat(estimate("BAAI/bge-large-en-v1.5", Workload.defaults()).kvCacheBytes()).isZero();
    assertThatThrownBy(() -> estimate("microsoft/Phi-3-mini-4k-instruct", ctx(8192, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--context 8192 is more than microsoft/Phi-3-mini-4k-instruct can take (4096 tokens, "
            + "max_position_embeddings of its config.json); use --context 4096 or less");
  }

  @Test
  void workload_badValues_nameTheFlag() {
    assertThatThrownBy(() -> Workload.builder().concurrency(0).build()).hasMessageContaining("--concurrency");
    assertThatThrownBy(() -> Workload.builder().context(0).build()).hasMessageContaining("--context");
    assertThatThrownBy(() -> Workload.builder().maxPricePerHour(-1.0).build()).hasMessageContaining("--budget");
    assertThatThrownBy(() -> Dtype.parse("fp4")).hasMessage("dtype must be one of fp32, fp16, bf16, fp8, int8, int4, "
        + "got 'fp4'");
    assertThat(Dtype.parse("bfloat16")).isEqualTo(Dtype.BF16);
    assertThat(Dtype.parse("AWQ")).isEqualTo(Dtype.INT4);
  }
}
