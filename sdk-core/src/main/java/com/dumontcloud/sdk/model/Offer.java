package com.dumontcloud.sdk.model;

import java.util.Map;
import java.util.Objects;

/**
 * A rentable machine offered by a provider, normalised at the provider edge. Build one with {@link #builder()},
 * copy one with {@link #toBuilder()}. Immutable; {@code equals}, {@code hashCode} and {@code toString} compare and
 * print every field (as the record this class used to be did).
 */
public final class Offer {
  private final String providerId;
  private final String id;
  private final GpuModel gpu;
  private final int gpuCount;
  private final double gpuRamGib;
  private final Double vcpus;
  private final Double ramGib;
  private final Double diskGib;
  private final Location location;
  private final PricingModel pricingModel;
  private final Money pricePerHour;
  private final Money minBid;
  private final Double reliability;
  private final Double netUpMbps;
  private final Double netDownMbps;
  private final Double cudaVersion;
  private final String hostId;
  private final String machineId;
  private final boolean verified;
  private final Map<String, Object> attributes;

  private Offer(Builder b) {
    this.providerId = Objects.requireNonNull(b.providerId, "providerId");
    this.id = Objects.requireNonNull(b.id, "id");
    this.gpu = Objects.requireNonNull(b.gpu, "gpu");
    this.pricePerHour = Objects.requireNonNull(b.pricePerHour, "pricePerHour");
    this.location = b.location == null ? Location.UNKNOWN : b.location;
    this.pricingModel = b.pricingModel == null ? PricingModel.ON_DEMAND : b.pricingModel;
    this.attributes = b.attributes == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.attributes));
    if (b.gpuCount < 0) throw new IllegalArgumentException("gpuCount must be >= 0, got " + b.gpuCount);
    this.gpuCount = b.gpuCount;
    this.gpuRamGib = b.gpuRamGib;
    this.vcpus = b.vcpus;
    this.ramGib = b.ramGib;
    this.diskGib = b.diskGib;
    this.minBid = b.minBid;
    this.reliability = b.reliability;
    this.netUpMbps = b.netUpMbps;
    this.netDownMbps = b.netDownMbps;
    this.cudaVersion = b.cudaVersion;
    this.hostId = b.hostId;
    this.machineId = b.machineId;
    this.verified = b.verified;
  }

  /** Provider id ("vast", "sim", ...). */
  public String providerId() { return providerId; }

  /** The provider's offer id (opaque). */
  public String id() { return id; }

  /** Canonical GPU model. */
  public GpuModel gpu() { return gpu; }

  /** Number of GPUs. */
  public int gpuCount() { return gpuCount; }

  /** Memory per GPU in GiB. */
  public double gpuRamGib() { return gpuRamGib; }

  /** Virtual CPUs, null when the provider does not say. */
  public Double vcpus() { return vcpus; }

  /** System memory in GiB, null when unknown. */
  public Double ramGib() { return ramGib; }

  /** Disk available in GiB, null when unknown. */
  public Double diskGib() { return diskGib; }

  /** Where the machine is. */
  public Location location() { return location; }

  /** On-demand or spot. */
  public PricingModel pricingModel() { return pricingModel; }

  /** Total price per hour for the whole offer. */
  public Money pricePerHour() { return pricePerHour; }

  /** Minimum bid per hour for spot offers, or null. */
  public Money minBid() { return minBid; }

  /** 0..1, null when unknown. */
  public Double reliability() { return reliability; }

  /** Upload in Mbit/s, null when unknown. */
  public Double netUpMbps() { return netUpMbps; }

  /** Download in Mbit/s, null when unknown. */
  public Double netDownMbps() { return netDownMbps; }

  /** Max CUDA version, null when unknown. */
  public Double cudaVersion() { return cudaVersion; }

  /** The physical host (for different-host placement), or null. */
  public String hostId() { return hostId; }

  /** The machine id (stable across offers), or null. */
  public String machineId() { return machineId; }

  /** Whether the provider verified the host. */
  public boolean verified() { return verified; }

  /** Raw provider attributes, immutable. */
  public Map<String, Object> attributes() { return attributes; }

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

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    return o instanceof Offer x && providerId.equals(x.providerId) && id.equals(x.id) && gpu.equals(x.gpu)
        && gpuCount == x.gpuCount && Double.compare(gpuRamGib, x.gpuRamGib) == 0 && Objects.equals(vcpus, x.vcpus)
        && Objects.equals(ramGib, x.ramGib) && Objects.equals(diskGib, x.diskGib) && location.equals(x.location)
        && pricingModel == x.pricingModel && pricePerHour.equals(x.pricePerHour) && Objects.equals(minBid, x.minBid)
        && Objects.equals(reliability, x.reliability) && Objects.equals(netUpMbps, x.netUpMbps)
        && Objects.equals(netDownMbps, x.netDownMbps) && Objects.equals(cudaVersion, x.cudaVersion)
        && Objects.equals(hostId, x.hostId) && Objects.equals(machineId, x.machineId) && verified == x.verified
        && attributes.equals(x.attributes);
  }

  /** The value a record with these components would give (31-fold over the fields in order, from 0). */
  @Override
  public int hashCode() {
    int h = 0;
    h = 31 * h + providerId.hashCode();
    h = 31 * h + id.hashCode();
    h = 31 * h + gpu.hashCode();
    h = 31 * h + Integer.hashCode(gpuCount);
    h = 31 * h + Double.hashCode(gpuRamGib);
    h = 31 * h + Objects.hashCode(vcpus);
    h = 31 * h + Objects.hashCode(ramGib);
    h = 31 * h + Objects.hashCode(diskGib);
    h = 31 * h + location.hashCode();
    h = 31 * h + pricingModel.hashCode();
    h = 31 * h + pricePerHour.hashCode();
    h = 31 * h + Objects.hashCode(minBid);
    h = 31 * h + Objects.hashCode(reliability);
    h = 31 * h + Objects.hashCode(netUpMbps);
    h = 31 * h + Objects.hashCode(netDownMbps);
    h = 31 * h + Objects.hashCode(cudaVersion);
    h = 31 * h + Objects.hashCode(hostId);
    h = 31 * h + Objects.hashCode(machineId);
    h = 31 * h + Boolean.hashCode(verified);
    h = 31 * h + attributes.hashCode();
    return h;
  }

  /** Every field, in the record form {@code Offer[providerId=vast, id=..., ...]}. */
  @Override
  public String toString() {
    return "Offer[providerId=" + providerId + ", id=" + id + ", gpu=" + gpu + ", gpuCount=" + gpuCount
        + ", gpuRamGib=" + gpuRamGib + ", vcpus=" + vcpus + ", ramGib=" + ramGib + ", diskGib=" + diskGib
        + ", location=" + location + ", pricingModel=" + pricingModel + ", pricePerHour=" + pricePerHour
        + ", minBid=" + minBid + ", reliability=" + reliability + ", netUpMbps=" + netUpMbps + ", netDownMbps="
        + netDownMbps + ", cudaVersion=" + cudaVersion + ", hostId=" + hostId + ", machineId=" + machineId
        + ", verified=" + verified + ", attributes=" + attributes + "]";
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
      return new Offer(this);
    }
  }
}
