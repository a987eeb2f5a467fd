package com.dumontcloud.sdk.advisor;

import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.model.Offer;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * GPU memory bandwidth, and the decode throughput it bounds: the advisor's estimate of output tokens per second when
 * no measured figure is given ({@link Workload.Builder#putThroughput}, which always wins).
 *
 * <p><b>Bandwidth.</b> The offer's own figure when its provider reports one (Vast's {@code gpu_mem_bw}, GB/s per GPU,
 * in {@link Offer#attributes()}), else the vendor datasheet figure of the GPU model: the memory bandwidth column of
 * {@link GpuCatalog} (NVIDIA's product pages and datasheets), e.g. RTX 3090 936, RTX 4090 1008, RTX 5090 1792,
 * RTX A4000 448, RTX A5000 768, RTX A6000 768, RTX 6000 Ada 960, L4 300, L40/L40S 864, A10 600, A100 40GB 1555,
 * A100 80GB SXM 2039 (PCIe {@value #A100_80GB_PCIE_GBPS}, when the provider's GPU name says PCIe), H100 SXM 3350,
 * H100 PCIe 2000, H200 4800, T4 320, V100 900 GB/s. A GPU the catalog does not know has no figure.
 *
 * <p><b>Roofline.</b> Decoding is bound by memory bandwidth: each step of a batch of {@code c} sequences reads every
 * weight once (only the active parameters of a mixture of experts when the catalog gives them) and each sequence's KV
 * cache, and produces one token per sequence. With tensor parallelism over {@code tp} GPUs each GPU reads its share
 * at its own bandwidth at the same time:
 * <pre>
 * bytes per step per GPU = weights / tp + c × kv_cache of one sequence at full context × KV share per GPU
 * output tokens/s        = c × {@value #DECODE_EFFICIENCY} × bandwidth / bytes per step per GPU
 * </pre>
 * The efficiency {@value #DECODE_EFFICIENCY} ({@link #DECODE_EFFICIENCY}) is an assumed share of the datasheet
 * bandwidth a serving engine sustains while decoding, not a measurement of ours. The estimate ignores prefill,
 * compute limits at large batches, communication between tensor-parallel GPUs and scheduling; the full context per
 * sequence makes it a lower bound for shorter prompts. Llama-3.1-8B in bf16, one sequence of 8192 tokens on an
 * RTX 4090: 0.6 × 1008 GB/s ÷ (16.06 GB + 1.07 GB) ≈ 35 tokens/s.
 *
 * <p>Thread-safe and immutable.
 */
public final class MemoryBandwidth {
  private MemoryBandwidth() {}

  /** Assumed share of the memory bandwidth a serving engine sustains while decoding. */
  public static final double DECODE_EFFICIENCY = 0.6;

  /** Datasheet memory bandwidth of the A100 80GB PCIe, GB/s (the SXM module's is 2039). */
  public static final double A100_80GB_PCIE_GBPS = 1935;

  /** The attribute in which a provider reports the measured memory bandwidth of one GPU, GB/s (Vast). */
  public static final String OFFER_ATTRIBUTE = "gpu_mem_bw";

  /**
   * A bandwidth figure and where it comes from.
   *
   * @param gbps memory bandwidth of one GPU, GB/s (10<sup>9</sup> bytes per second)
   * @param source {@code "datasheet"} or {@code "reported by the provider (gpu_mem_bw)"}
   */
  public record Figure(double gbps, String source) {
    public Figure {
      if (!(gbps > 0) || Double.isInfinite(gbps)) {
        throw new IllegalArgumentException("memory bandwidth must be a positive number of GB/s, got " + gbps);
      }
      Objects.requireNonNull(source, "source");
    }
  }

  /** The datasheet bandwidth of a GPU model in any spelling the GPU catalog knows, GB/s, or null when unknown. */
  public static Double datasheetGbps(String gpuName) {
    if (gpuName == null || gpuName.isBlank()) return null;
    return GpuCatalog.spec(gpuName).map(s -> pcie80(s.name(), gpuName) ? A100_80GB_PCIE_GBPS : s.memoryBandwidthGbps())
        .orElse(null);
  }

  /**
   * The bandwidth of one GPU of an offer: the provider's reported figure when it gives a positive one, else the
   * datasheet figure of the offer's GPU model; null when neither is known.
   */
  public static Figure of(Offer offer) {
    Objects.requireNonNull(offer, "offer");
    Object reported = offer.attributes().get(OFFER_ATTRIBUTE);
    if (reported instanceof Number n && n.doubleValue() > 0 && !Double.isInfinite(n.doubleValue())) {
      return new Figure(n.doubleValue(), "reported by the provider (" + OFFER_ATTRIBUTE + ")");
    }
    if (!offer.gpu().known()) return null;
    String name = offer.gpu().name();
    if (name.equals("A100 80GB") && providerSaysPcie(offer.attributes())) {
      return new Figure(A100_80GB_PCIE_GBPS, "datasheet");
    }
    Double gbps = datasheetGbps(name);
    return gbps == null ? null : new Figure(gbps, "datasheet");
  }

  /**
   * The roofline decode throughput of one serving instance (formula in the class documentation), output tokens per
   * second for all its sequences together; null for models without a KV-cache decoder (image, embedding and speech
   * models).
   *
   * @param estimate the memory estimate (its dtype, context and concurrency)
   * @param gpus tensor-parallel size: the GPUs of the instance
   * @param bandwidthGbps memory bandwidth of one GPU, GB/s
   */
  public static Double outputTokensPerSecond(VramEstimate estimate, int gpus, double bandwidthGbps) {
    Objects.requireNonNull(estimate, "estimate");
    if (!(bandwidthGbps > 0) || Double.isInfinite(bandwidthGbps)) {
      throw new IllegalArgumentException("memory bandwidth must be a positive number of GB/s, got " + bandwidthGbps);
    }
    if (estimate.model().kind() != ModelSpec.Kind.LLM) return null;
    double bytes = estimate.decodeBytesPerGpu(gpus);
    return estimate.concurrency() * DECODE_EFFICIENCY * bandwidthGbps * 1e9 / bytes;
  }

  /**
   * The estimated throughput of an offer for an estimate, with its source ({@code "estimate: memory-bandwidth
   * roofline, 1008 GB/s datasheet, efficiency 0.6"}); null when the GPU's bandwidth is unknown or the model has no
   * decoder to estimate.
   */
  public static Workload.Throughput estimate(VramEstimate estimate, Offer offer) {
    Figure bw = of(offer);
    if (bw == null) return null;
    Double tps = outputTokensPerSecond(estimate, offer.gpuCount(), bw.gbps());
    if (tps == null) return null;
    return new Workload.Throughput(tps, String.format(Locale.ROOT, "estimate: memory-bandwidth roofline, %s GB/s %s,"
        + " efficiency %s", plain(bw.gbps()), bw.source(), plain(DECODE_EFFICIENCY)));
  }

  private static boolean pcie80(String canonical, String asGiven) {
    return canonical.equals("A100 80GB") && asGiven.toLowerCase(Locale.ROOT).contains("pcie");
  }

  private static boolean providerSaysPcie(Map<String, Object> attributes) {
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).contains("gpu") && e.getValue() instanceof String s
          && s.toLowerCase(Locale.ROOT).contains("pcie")) {
        return true;
      }
    }
    return false;
  }

  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
