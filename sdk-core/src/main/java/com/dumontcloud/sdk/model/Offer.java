package com.dumontcloud.sdk.model;

import java.util.Map;
import java.util.Objects;

/**
 * A rentable machine offered by a provider, normalised at the provider edge.
 *
 * @param providerId provider id ("vast", "sim", ...)
 * @param id the provider's offer id (opaque)
 * @param gpu canonical GPU model
 * @param gpuCount number of GPUs
 * @param gpuRamGib memory per GPU in GiB
 * @param vcpus virtual CPUs, null when the provider does not say
 * @param ramGib system memory in GiB, null when unknown
 * @param diskGib disk available in GiB, null when unknown
 * @param location where the machine is
 * @param pricingModel on-demand or spot
 * @param pricePerHour total price per hour for the whole offer
 * @param minBid minimum bid per hour for spot offers, or null
 * @param reliability 0..1, null when unknown
 * @param netUpMbps upload in Mbit/s, null when unknown
 * @param netDownMbps download in Mbit/s, null when unknown
 * @param cudaVersion max CUDA version, null when unknown
 * @param hostId the physical host (for different-host placement), or null
 * @param machineId the machine id (stable across offers), or null
 * @param verified whether the provider verified the host
 * @param attributes raw provider attributes, immutable
 */
public record Offer(
    String providerId,
    String id,
    GpuModel gpu,
    int gpuCount,
    double gpuRamGib,
    Double vcpus,
    Double ramGib,
    Double diskGib,
    Location location,
    PricingModel pricingModel,
    Money pricePerHour,
    Money minBid,
    Double reliability,
    Double netUpMbps,
    Double netDownMbps,
    Double cudaVersion,
    String hostId,
    String machineId,
    boolean verified,
    Map<String, Object> attributes) {

  public Offer {
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(gpu, "gpu");
    Objects.requireNonNull(pricePerHour, "pricePerHour");
    location = location == null ? Location.UNKNOWN : location;
    pricingModel = pricingModel == null ? PricingModel.ON_DEMAND : pricingModel;
    attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    if (gpuCount < 0) throw new IllegalArgumentException("gpuCount must be >= 0, got " + gpuCount);
  }

  /** Total GPU memory across all GPUs, GiB. */
  public double totalGpuRamGib() {
    return gpuRamGib * gpuCount;
  }

  /** Price per unit of relative GPU performance (lower is better); null when performance is unknown. */
  public Double pricePerPerformance() {
    double perf = gpu.relativePerformance() * Math.max(1, gpuCount);
    return perf <= 0 ? null : pricePerHour.doubleValue() / perf;
  }

  /** True for spot/interruptible offers. */
  public boolean interruptible() {
    return pricingModel == PricingModel.SPOT;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.providerId = providerId; b.id = id; b.gpu = gpu; b.gpuCount = gpuCount; b.gpuRamGib = gpuRamGib;
    b.vcpus = vcpus; b.ramGib = ramGib; b.diskGib = diskGib; b.location = location; b.pricingModel = pricingModel;
    b.pricePerHour = pricePerHour; b.minBid = minBid; b.reliability = reliability; b.netUpMbps = netUpMbps;
    b.netDownMbps = netDownMbps; b.cudaVersion = cudaVersion; b.hostId = hostId; b.machineId = machineId;
    b.verified = verified; b.attributes = attributes;
    return b;
  }

  /** Builder for provider modules. */
  public static final class Builder {
    private String providerId;
    private String id;
    private GpuModel gpu = GpuModel.NONE;
    private int gpuCount = 1;
    private double gpuRamGib;
    private Double vcpus;
    private Double ramGib;
    private Double diskGib;
    private Location location = Location.UNKNOWN;
    private PricingModel pricingModel = PricingModel.ON_DEMAND;
    private Money pricePerHour;
    private Money minBid;
    private Double reliability;
    private Double netUpMbps;
    private Double netDownMbps;
    private Double cudaVersion;
    private String hostId;
    private String machineId;
    private boolean verified;
    private Map<String, Object> attributes = Map.of();

    private Builder() {}

    public Builder providerId(String v) { providerId = v; return this; }
    public Builder id(String v) { id = v; return this; }
    public Builder gpu(GpuModel v) { gpu = v; return this; }
    public Builder gpuCount(int v) { gpuCount = v; return this; }
    public Builder gpuRamGib(double v) { gpuRamGib = v; return this; }
    public Builder vcpus(Double v) { vcpus = v; return this; }
    public Builder ramGib(Double v) { ramGib = v; return this; }
    public Builder diskGib(Double v) { diskGib = v; return this; }
    public Builder location(Location v) { location = v; return this; }
    public Builder pricingModel(PricingModel v) { pricingModel = v; return this; }
    public Builder pricePerHour(Money v) { pricePerHour = v; return this; }
    public Builder minBid(Money v) { minBid = v; return this; }
    public Builder reliability(Double v) { reliability = v; return this; }
    public Builder netUpMbps(Double v) { netUpMbps = v; return this; }
    public Builder netDownMbps(Double v) { netDownMbps = v; return this; }
    public Builder cudaVersion(Double v) { cudaVersion = v; return this; }
    public Builder hostId(String v) { hostId = v; return this; }
    public Builder machineId(String v) { machineId = v; return this; }
    public Builder verified(boolean v) { verified = v; return this; }
    public Builder attributes(Map<String, Object> v) { attributes = v; return this; }

    public Offer build() {
      return new Offer(providerId, id, gpu, gpuCount, gpuRamGib, vcpus, ramGib, diskGib, location, pricingModel,
          pricePerHour, minBid, reliability, netUpMbps, netDownMbps, cudaVersion, hostId, machineId, verified,
          attributes);
    }
  }
}
