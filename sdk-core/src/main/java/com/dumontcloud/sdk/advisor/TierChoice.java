package com.dumontcloud.sdk.advisor;

import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
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
  private final String reason;

  TierChoice(Tier tier, Offer offer, double vramGib, double spareGibPerGpu, Workload.Throughput throughput,
      String reason) {
    this.tier = Objects.requireNonNull(tier, "tier");
    this.offer = Objects.requireNonNull(offer, "offer");
    this.vramGib = vramGib;
    this.spareGibPerGpu = spareGibPerGpu;
    this.throughput = throughput;
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

  /** The throughput figure used for {@link #pricePerMillionOutputTokens()}, or null when none is known. */
  public Workload.Throughput throughput() { return throughput; }

  /** Price per hour / (tokens per second × 3600) × 10<sup>6</sup>, or null without a throughput figure. */
  public Money pricePerMillionOutputTokens() {
    if (throughput == null) return null;
    return offer.pricePerHour().times(1_000_000.0 / (throughput.outputTokensPerSecond() * 3600.0));
  }

  /** Why this offer, in plain language. */
  public String reason() { return reason; }

  /**
   * The JSON form: {@code tier, gpu, num_gpus, vram_gb, price_per_hour, offer_id, provider, reason}, plus
   * {@code price_per_million_output_tokens} and {@code throughput_source} when a throughput figure is known.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tier", tier.wireName());
    m.put("gpu", gpu());
    m.put("num_gpus", numGpus());
    m.put("vram_gb", VramEstimate.round(vramGib));
    m.put("price_per_hour", offer.pricePerHour().rounded(4).doubleValue());
    m.put("offer_id", offer.id());
    m.put("provider", offer.providerId());
    m.put("reason", reason);
    if (throughput != null) {
      m.put("price_per_million_output_tokens", pricePerMillionOutputTokens().rounded(4).doubleValue());
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
