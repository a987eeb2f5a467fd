package com.dumontcloud.sdk.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An instance as the provider reports it, normalised. Build one with {@link #builder()}, copy one with
 * {@link #toBuilder()}. Immutable; {@code equals}, {@code hashCode} and {@code toString} compare and print every
 * field (as the record this class used to be did).
 */
public final class Instance {
  private final String id;
  private final String providerId;
  private final InstanceState state;
  private final String rawStatus;
  private final String statusMessage;
  private final GpuModel gpu;
  private final int gpuCount;
  private final double gpuRamGib;
  private final Location location;
  private final String hostId;
  private final PricingModel pricingModel;
  private final Money pricePerHour;
  private final Map<String, String> labels;
  private final String publicIp;
  private final List<PortMapping> ports;
  private final String sshHost;
  private final int sshPort;
  private final String image;
  private final String templateName;
  private final String offerId;
  private final Instant createdAt;
  private final Instant startedAt;
  private final Instant stoppedAt;

  private Instance(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    this.providerId = Objects.requireNonNull(b.providerId, "providerId");
    this.state = b.state == null ? InstanceState.UNKNOWN : b.state;
    this.rawStatus = b.rawStatus;
    this.statusMessage = b.statusMessage;
    this.gpu = b.gpu == null ? GpuModel.NONE : b.gpu;
    this.gpuCount = b.gpuCount;
    this.gpuRamGib = b.gpuRamGib;
    this.location = b.location == null ? Location.UNKNOWN : b.location;
    this.hostId = b.hostId;
    this.pricingModel = b.pricingModel == null ? PricingModel.ON_DEMAND : b.pricingModel;
    this.pricePerHour = b.pricePerHour == null ? Money.ZERO_USD : b.pricePerHour;
    this.labels = b.labels == null ? Map.of() : Map.copyOf(b.labels);
    this.publicIp = b.publicIp;
    this.ports = b.ports == null ? List.of() : List.copyOf(b.ports);
    this.sshHost = b.sshHost;
    this.sshPort = b.sshPort;
    this.image = b.image;
    this.templateName = b.templateName;
    this.offerId = b.offerId;
    this.createdAt = b.createdAt;
    this.startedAt = b.startedAt;
    this.stoppedAt = b.stoppedAt;
  }

  /** Provider instance id. */
  public String id() { return id; }

  /** Provider id. */
  public String providerId() { return providerId; }

  /** Normalised state. */
  public InstanceState state() { return state; }

  /** The provider's own status string(s), kept for diagnosis. */
  public String rawStatus() { return rawStatus; }

  /** The provider's status message (e.g. why a start is queued), or null. */
  public String statusMessage() { return statusMessage; }

  /** GPU model. */
  public GpuModel gpu() { return gpu; }

  /** Number of GPUs. */
  public int gpuCount() { return gpuCount; }

  /** Memory per GPU in GiB. */
  public double gpuRamGib() { return gpuRamGib; }

  /** Where it runs. */
  public Location location() { return location; }

  /** Physical host id, or null. */
  public String hostId() { return hostId; }

  /** On-demand or spot. */
  public PricingModel pricingModel() { return pricingModel; }

  /** What it costs per hour while running. */
  public Money pricePerHour() { return pricePerHour; }

  /** Labels (dumont-* and user labels), immutable. */
  public Map<String, String> labels() { return labels; }

  /** Public address, or null. */
  public String publicIp() { return publicIp; }

  /** Published ports, immutable. */
  public List<PortMapping> ports() { return ports; }

  /** SSH host, or null. */
  public String sshHost() { return sshHost; }

  /** SSH port, or 0. */
  public int sshPort() { return sshPort; }

  /** Container image, or null. */
  public String image() { return image; }

  /** Template it was launched from, or null. */
  public String templateName() { return templateName; }

  /** The offer it was rented from, or null. */
  public String offerId() { return offerId; }

  /** Creation time. */
  public Instant createdAt() { return createdAt; }

  /** Last time it reached RUNNING, or null. */
  public Instant startedAt() { return startedAt; }

  /** When it stopped/terminated, or null. */
  public Instant stoppedAt() { return stoppedAt; }

  /** The host-side mapping for a container port, if published. */
  public Optional<PortMapping> port(int containerPort) {
    for (PortMapping p : ports) { // a loop, not a stream: the engine asks for every serving replica on every tick
      if (p.containerPort() == containerPort) return Optional.of(p);
    }
    return Optional.empty();
  }

  public String label(String key) {
    return labels.get(key);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    return o instanceof Instance x && id.equals(x.id) && providerId.equals(x.providerId) && state.equals(x.state)
        && Objects.equals(rawStatus, x.rawStatus) && Objects.equals(statusMessage, x.statusMessage)
        && gpu.equals(x.gpu) && gpuCount == x.gpuCount && Double.compare(gpuRamGib, x.gpuRamGib) == 0
        && location.equals(x.location) && Objects.equals(hostId, x.hostId) && pricingModel.equals(x.pricingModel)
        && pricePerHour.equals(x.pricePerHour) && labels.equals(x.labels) && Objects.equals(publicIp, x.publicIp)
        && ports.equals(x.ports) && Objects.equals(sshHost, x.sshHost) && sshPort == x.sshPort
        && Objects.equals(image, x.image) && Objects.equals(templateName, x.templateName)
        && Objects.equals(offerId, x.offerId) && Objects.equals(createdAt, x.createdAt)
        && Objects.equals(startedAt, x.startedAt) && Objects.equals(stoppedAt, x.stoppedAt);
  }

  /** The value a record with these components would give (31-fold over the fields in order, from 0). */
  @Override
  public int hashCode() {
    int h = 0;
    h = 31 * h + id.hashCode();
    h = 31 * h + providerId.hashCode();
    h = 31 * h + state.hashCode();
    h = 31 * h + Objects.hashCode(rawStatus);
    h = 31 * h + Objects.hashCode(statusMessage);
    h = 31 * h + gpu.hashCode();
    h = 31 * h + Integer.hashCode(gpuCount);
    h = 31 * h + Double.hashCode(gpuRamGib);
    h = 31 * h + location.hashCode();
    h = 31 * h + Objects.hashCode(hostId);
    h = 31 * h + pricingModel.hashCode();
    h = 31 * h + pricePerHour.hashCode();
    h = 31 * h + labels.hashCode();
    h = 31 * h + Objects.hashCode(publicIp);
    h = 31 * h + ports.hashCode();
    h = 31 * h + Objects.hashCode(sshHost);
    h = 31 * h + Integer.hashCode(sshPort);
    h = 31 * h + Objects.hashCode(image);
    h = 31 * h + Objects.hashCode(templateName);
    h = 31 * h + Objects.hashCode(offerId);
    h = 31 * h + Objects.hashCode(createdAt);
    h = 31 * h + Objects.hashCode(startedAt);
    h = 31 * h + Objects.hashCode(stoppedAt);
    return h;
  }

  /** Every field, in the record form {@code Instance[id=..., providerId=..., ...]}. */
  @Override
  public String toString() {
    return "Instance[id=" + id + ", providerId=" + providerId + ", state=" + state + ", rawStatus=" + rawStatus
        + ", statusMessage=" + statusMessage + ", gpu=" + gpu + ", gpuCount=" + gpuCount + ", gpuRamGib=" + gpuRamGib
        + ", location=" + location + ", hostId=" + hostId + ", pricingModel=" + pricingModel
        + ", pricePerHour=" + pricePerHour + ", labels=" + labels + ", publicIp=" + publicIp + ", ports=" + ports
        + ", sshHost=" + sshHost + ", sshPort=" + sshPort + ", image=" + image + ", templateName=" + templateName
        + ", offerId=" + offerId + ", createdAt=" + createdAt + ", startedAt=" + startedAt
        + ", stoppedAt=" + stoppedAt + "]";
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id; b.providerId = providerId; b.state = state; b.rawStatus = rawStatus; b.statusMessage = statusMessage;
    b.gpu = gpu; b.gpuCount = gpuCount; b.gpuRamGib = gpuRamGib; b.location = location; b.hostId = hostId;
    b.pricingModel = pricingModel; b.pricePerHour = pricePerHour; b.labels = labels; b.publicIp = publicIp;
    b.ports = ports; b.sshHost = sshHost; b.sshPort = sshPort; b.image = image; b.templateName = templateName;
    b.offerId = offerId; b.createdAt = createdAt; b.startedAt = startedAt; b.stoppedAt = stoppedAt;
    return b;
  }

  /** Builder for provider modules. */
  public static final class Builder {
    private String id;
    private String providerId;
    private InstanceState state = InstanceState.UNKNOWN;
    private String rawStatus;
    private String statusMessage;
    private GpuModel gpu = GpuModel.NONE;
    private int gpuCount;
    private double gpuRamGib;
    private Location location = Location.UNKNOWN;
    private String hostId;
    private PricingModel pricingModel = PricingModel.ON_DEMAND;
    private Money pricePerHour = Money.ZERO_USD;
    private Map<String, String> labels = Map.of();
    private String publicIp;
    private List<PortMapping> ports = List.of();
    private String sshHost;
    private int sshPort;
    private String image;
    private String templateName;
    private String offerId;
    private Instant createdAt;
    private Instant startedAt;
    private Instant stoppedAt;

    private Builder() {}

    public Builder id(String v) { id = v; return this; }
    public Builder providerId(String v) { providerId = v; return this; }
    public Builder state(InstanceState v) { state = v; return this; }
    public Builder rawStatus(String v) { rawStatus = v; return this; }
    public Builder statusMessage(String v) { statusMessage = v; return this; }
    public Builder gpu(GpuModel v) { gpu = v; return this; }
    public Builder gpuCount(int v) { gpuCount = v; return this; }
    public Builder gpuRamGib(double v) { gpuRamGib = v; return this; }
    public Builder location(Location v) { location = v; return this; }
    public Builder hostId(String v) { hostId = v; return this; }
    public Builder pricingModel(PricingModel v) { pricingModel = v; return this; }
    public Builder pricePerHour(Money v) { pricePerHour = v; return this; }
    public Builder labels(Map<String, String> v) { labels = v; return this; }
    public Builder publicIp(String v) { publicIp = v; return this; }
    public Builder ports(List<PortMapping> v) { ports = v; return this; }
    public Builder sshHost(String v) { sshHost = v; return this; }
    public Builder sshPort(int v) { sshPort = v; return this; }
    public Builder image(String v) { image = v; return this; }
    public Builder templateName(String v) { templateName = v; return this; }
    public Builder offerId(String v) { offerId = v; return this; }
    public Builder createdAt(Instant v) { createdAt = v; return this; }
    public Builder startedAt(Instant v) { startedAt = v; return this; }
    public Builder stoppedAt(Instant v) { stoppedAt = v; return this; }

    public Instance build() {
      return new Instance(this);
    }
  }
}
