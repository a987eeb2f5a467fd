package com.dumontcloud.sdk.advisor;

import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.model.PricingModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the model has to serve: context length, concurrent sequences, dtype, and what the offers may cost. Every field
 * is optional; {@link #defaults()} is one sequence of the model's context up to 8192 tokens in its default dtype.
 */
public final class Workload {
  /** The context used when none is given, capped at the model's maximum. */
  public static final int DEFAULT_CONTEXT = 8192;

  /** vLLM's default {@code --gpu-memory-utilization}: the share of each GPU's memory the server may use. */
  public static final double DEFAULT_GPU_MEMORY_UTILIZATION = 0.9;

  /**
   * A decode throughput of one serving instance, for the price per million output tokens: measured when given to
   * {@link Builder#putThroughput}, else the advisor's estimate ({@link MemoryBandwidth}; {@link
   * TierChoice#throughputKind()} says which).
   *
   * @param outputTokensPerSecond generated tokens per second of the whole instance at the workload's concurrency
   * @param source where the figure comes from (a benchmark URL, "measured on our cluster 2026-01", ...)
   */
  public record Throughput(double outputTokensPerSecond, String source) {
    public Throughput {
      if (!(outputTokensPerSecond > 0) || Double.isInfinite(outputTokensPerSecond)) {
        throw new IllegalArgumentException("throughput must be a positive number of tokens per second, got "
            + outputTokensPerSecond);
      }
      if (source == null || source.isBlank()) throw new IllegalArgumentException("a throughput figure needs its source");
    }
  }

  private final Integer context;
  private final int concurrency;
  private final Dtype dtype;
  private final Dtype kvCacheDtype;
  private final double gpuMemoryUtilization;
  private final Double maxPricePerHour;
  private final List<String> providers;
  private final PricingModel pricingModel;
  private final Map<String, Throughput> throughputs;

  private Workload(Builder b) {
    if (b.context != null && b.context < 1) {
      throw new IllegalArgumentException("--context must be at least 1 token, got " + b.context);
    }
    if (b.concurrency < 1 || b.concurrency > 100_000) {
      throw new IllegalArgumentException("--concurrency must be 1..100000 sequences, got " + b.concurrency);
    }
    if (!(b.gpuMemoryUtilization > 0 && b.gpuMemoryUtilization <= 1)) {
      throw new IllegalArgumentException("gpu memory utilization must be in (0, 1], got " + b.gpuMemoryUtilization
          + " (vLLM's default is 0.9)");
    }
    if (b.maxPricePerHour != null && (!(b.maxPricePerHour > 0) || b.maxPricePerHour.isInfinite())) {
      throw new IllegalArgumentException("--budget must be a positive price in USD per hour, got " + b.maxPricePerHour);
    }
    this.context = b.context;
    this.concurrency = b.concurrency;
    this.dtype = b.dtype;
    this.kvCacheDtype = b.kvCacheDtype;
    this.gpuMemoryUtilization = b.gpuMemoryUtilization;
    this.maxPricePerHour = b.maxPricePerHour;
    this.providers = b.providers == null ? null : List.copyOf(b.providers);
    this.pricingModel = b.pricingModel;
    this.throughputs = Map.copyOf(b.throughputs);
  }

  /** One sequence, the model's context up to {@value #DEFAULT_CONTEXT} tokens, its default dtype, any price. */
  public static Workload defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.context = context;
    b.concurrency = concurrency;
    b.dtype = dtype;
    b.kvCacheDtype = kvCacheDtype;
    b.gpuMemoryUtilization = gpuMemoryUtilization;
    b.maxPricePerHour = maxPricePerHour;
    b.providers = providers;
    b.pricingModel = pricingModel;
    b.throughputs.putAll(throughputs);
    return b;
  }

  /** Tokens per sequence (prompt + output) the KV cache must hold, or null for the default. */
  public Integer context() { return context; }

  /** Sequences served at once, each with a full context in the KV cache. */
  public int concurrency() { return concurrency; }

  /** Weight dtype, or null for the model's default (or the one its quantised name implies). */
  public Dtype dtype() { return dtype; }

  /** KV cache dtype, or null for vLLM's {@code --kv-cache-dtype auto}: the model's 16-bit activation dtype. */
  public Dtype kvCacheDtype() { return kvCacheDtype; }

  public double gpuMemoryUtilization() { return gpuMemoryUtilization; }

  /** Budget cap in USD per hour for the whole offer, or null. */
  public Double maxPricePerHour() { return maxPricePerHour; }

  /** Providers to search, or null for every configured one. */
  public List<String> providers() { return providers; }

  /** Spot or on-demand only, or null for both. */
  public PricingModel pricingModel() { return pricingModel; }

  /** Throughput figures by canonical GPU name (as {@link GpuCatalog#resolve} names it). */
  public Map<String, Throughput> throughputs() { return throughputs; }

  @Override
  public boolean equals(Object o) {
    return o instanceof Workload w && Objects.equals(context, w.context) && concurrency == w.concurrency
        && dtype == w.dtype && kvCacheDtype == w.kvCacheDtype && gpuMemoryUtilization == w.gpuMemoryUtilization
        && Objects.equals(maxPricePerHour, w.maxPricePerHour) && Objects.equals(providers, w.providers)
        && pricingModel == w.pricingModel && throughputs.equals(w.throughputs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(context, concurrency, dtype, kvCacheDtype, gpuMemoryUtilization, maxPricePerHour, providers,
        pricingModel, throughputs);
  }

  @Override
  public String toString() {
    return "Workload[context=" + (context == null ? "default" : context) + ", concurrency=" + concurrency
        + (dtype == null ? "" : ", dtype=" + dtype.wireName())
        + (maxPricePerHour == null ? "" : ", budget=" + maxPricePerHour + " USD/h") + "]";
  }

  /** Builder for {@link Workload}. */
  public static final class Builder {
    private Integer context;
    private int concurrency = 1;
    private Dtype dtype;
    private Dtype kvCacheDtype;
    private double gpuMemoryUtilization = DEFAULT_GPU_MEMORY_UTILIZATION;
    private Double maxPricePerHour;
    private List<String> providers;
    private PricingModel pricingModel;
    private final Map<String, Throughput> throughputs = new LinkedHashMap<>();

    private Builder() {}

    /** Tokens per sequence (prompt + output); null for the model's context up to 8192. */
    public Builder context(Integer tokens) { context = tokens; return this; }

    /** Sequences served at once (default 1). */
    public Builder concurrency(int sequences) { concurrency = sequences; return this; }

    /** Weight dtype (default: the model's). */
    public Builder dtype(Dtype d) { dtype = d; return this; }

    /** KV cache dtype (default: vLLM's auto, the model's 16-bit dtype; fp8 halves the cache). */
    public Builder kvCacheDtype(Dtype d) { kvCacheDtype = d; return this; }

    /** vLLM's {@code --gpu-memory-utilization} (default 0.9). */
    public Builder gpuMemoryUtilization(double share) { gpuMemoryUtilization = share; return this; }

    /** Only offers at or below this price in USD per hour (null: any). */
    public Builder maxPricePerHour(Double usd) { maxPricePerHour = usd; return this; }

    /** Search only these providers (null: every configured one). */
    public Builder providers(List<String> ids) { providers = ids; return this; }

    /** Only spot or only on-demand offers (null: both). */
    public Builder pricingModel(PricingModel p) { pricingModel = p; return this; }

    /** A measured throughput of one instance of this GPU (any spelling the GPU catalog knows), with its source. */
    public Builder putThroughput(String gpuName, double outputTokensPerSecond, String source) {
      if (gpuName == null || gpuName.isBlank()) throw new IllegalArgumentException("a throughput figure needs a GPU name");
      throughputs.put(GpuCatalog.resolve(gpuName).name(), new Throughput(outputTokensPerSecond, source));
      return this;
    }

    public Workload build() {
      return new Workload(this);
    }
  }
}
