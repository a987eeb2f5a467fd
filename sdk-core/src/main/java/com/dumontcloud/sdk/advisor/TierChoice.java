package com.dumontcloud.sdk.advisor;

import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.pricing.CurrencyView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One tier of a {@link Recommendation}: a live offer, what it costs and why it was chosen. */
public final class TierChoice {
  private final Tier tier;
  private final Offer offer;
  private final double vramGib;
  private final double spareGibPerGpu;
  private final Workload.Throughput throughput;
  private final ThroughputKind throughputKind;
  private final String reason;

  TierChoice(Tier tier, Offer offer, double vramGib, double spareGibPerGpu, Workload.Throughput throughput,
      ThroughputKind throughputKind, String reason) {
    this.tier = Objects.requireNonNull(tier, "tier");
    this.offer = Objects.requireNonNull(offer, "offer");
    this.vramGib = vramGib;
    this.spareGibPerGpu = spareGibPerGpu;
    this.throughput = throughput;
    this.throughputKind = throughput == null ? null : Objects.requireNonNull(throughputKind, "throughputKind");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Tier tier() { return tier; }

  /** The offer, as the provider listed it (launch it with {@code LaunchSpec...offer(choice.offer())}). */
  public Offer offer() { return offer; }

  /** Canonical GPU name. */
  public String gpu() { return offer.gpu().name(); }

  /** GPUs of the offer: the tensor-parallel size the model runs with. */
  public int numGpus() { return offer.gpuCount(); }

  /** Memory of one GPU of the offer, GiB. */
  public double vramGib() { return vramGib; }

  /** Memory each GPU has left within {@code gpu_memory_utilization} after the estimate, GiB. */
  public double spareGibPerGpu() { return spareGibPerGpu; }

  /** The offer's price for all its GPUs. */
  public Money pricePerHour() { return offer.pricePerHour(); }

  /**
   * The throughput figure of one instance of this offer: the measured one given for its GPU, else the advisor's
   * memory-bandwidth estimate ({@link MemoryBandwidth}); null when neither is known (a GPU without a known bandwidth,
   * or a model that is not a language model).
   */
  public Workload.Throughput throughput() { return throughput; }

  /** Whether {@link #throughput()} was given (measured) or estimated; null without a figure. */
  public ThroughputKind throughputKind() { return throughputKind; }

  /** Output tokens per second of one instance at the workload's concurrency, or null without a figure. */
  public Double outputTokensPerSecond() {
    return throughput == null ? null : throughput.outputTokensPerSecond();
  }

  /** Price per hour / (tokens per second × 3600) × 10<sup>6</sup>, or null without a throughput figure. */
  public Money pricePerMillionOutputTokens() {
    if (throughput == null) return null;
    return offer.pricePerHour().times(1_000_000.0 / (throughput.outputTokensPerSecond() * 3600.0));
  }

  /** Why this offer, in plain language. */
  public String reason() { return reason; }

  /** {@link #toMap(CurrencyView)} in US dollars, as billed. */
  public Map<String, Object> toMap() {
    return toMap(CurrencyView.usd());
  }

  /**
   * The JSON form: {@code tier, gpu, num_gpus, vram_gb, price_per_hour, offer_id, provider, reason}, plus
   * {@code price_per_million_output_tokens}, {@code output_tokens_per_second}, {@code throughput_kind}
   * ({@code measured} or {@code estimate}) and {@code throughput_source} when a throughput figure is known. Prices are
   * in the view's currency, converted and rounded once (4 decimals in US dollars).
   */
  public Map<String, Object> toMap(CurrencyView view) {
    Objects.requireNonNull(view, "view");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tier", tier.wireName());
    m.put("gpu", gpu());
    m.put("num_gpus", numGpus());
    m.put("vram_gb", VramEstimate.round(vramGib));
    m.put("price_per_hour", view.display(offer.pricePerHour(), 4).doubleValue());
    m.put("offer_id", offer.id());
    m.put("provider", offer.providerId());
    m.put("reason", reason);
    if (throughput != null) {
      m.put("price_per_million_output_tokens", view.display(pricePerMillionOutputTokens(), 4).doubleValue());
      m.put("output_tokens_per_second", java.math.BigDecimal.valueOf(throughput.outputTokensPerSecond())
          .setScale(1, java.math.RoundingMode.HALF_EVEN).doubleValue());
      m.put("throughput_kind", throughputKind.wireName());
      m.put("throughput_source", throughput.source());
    }
    return m;
  }

  @Override
  public String toString() {
    return "TierChoice[" + tier.wireName() + ": " + numGpus() + "× " + gpu() + " " + offer.pricePerHour() + "/h "
        + offer.providerId() + ":" + offer.id() + "]";
  }
}
