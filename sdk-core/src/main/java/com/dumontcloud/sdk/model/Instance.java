package com.dumontcloud.sdk.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An instance as the provider reports it, normalised.
 *
 * @param id provider instance id
 * @param providerId provider id
 * @param state normalised state
 * @param rawStatus the provider's own status string(s), kept for diagnosis
 * @param statusMessage the provider's status message (e.g. why a start is queued), or null
 * @param gpu GPU model
 * @param gpuCount number of GPUs
 * @param gpuRamGib memory per GPU in GiB
 * @param location where it runs
 * @param hostId physical host id, or null
 * @param pricingModel on-demand or spot
 * @param pricePerHour what it costs per hour while running
 * @param labels labels (dumont-* and user labels)
 * @param publicIp public address, or null
 * @param ports published ports
 * @param sshHost ssh host, or null
 * @param sshPort ssh port, or 0
 * @param image container image, or null
 * @param templateName template it was launched from, or null
 * @param offerId the offer it was rented from, or null
 * @param createdAt creation time
 * @param startedAt last time it reached RUNNING, or null
 * @param stoppedAt when it stopped/terminated, or null
 */
public record Instance(
    String id,
    String providerId,
    InstanceState state,
    String rawStatus,
    String statusMessage,
    GpuModel gpu,
    int gpuCount,
    double gpuRamGib,
    Location location,
    String hostId,
    PricingModel pricingModel,
    Money pricePerHour,
    Map<String, String> labels,
    String publicIp,
    List<PortMapping> ports,
    String sshHost,
    int sshPort,
    String image,
    String templateName,
    String offerId,
    Instant createdAt,
    Instant startedAt,
    Instant stoppedAt) {

  public Instance {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(providerId, "providerId");
    state = state == null ? InstanceState.UNKNOWN : state;
    gpu = gpu == null ? GpuModel.NONE : gpu;
    location = location == null ? Location.UNKNOWN : location;
    pricingModel = pricingModel == null ? PricingModel.ON_DEMAND : pricingModel;
    pricePerHour = pricePerHour == null ? Money.ZERO_USD : pricePerHour;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  /** The host-side mapping for a container port, if published. */
  public Optional<PortMapping> port(int containerPort) {
    return ports.stream().filter(p -> p.containerPort() == containerPort).findFirst();
  }

  public String label(String key) {
    return labels.get(key);
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
      return new Instance(id, providerId, state, rawStatus, statusMessage, gpu, gpuCount, gpuRamGib, location, hostId,
          pricingModel, pricePerHour, labels, publicIp, ports, sshHost, sshPort, image, templateName, offerId,
          createdAt, startedAt, stoppedAt);
    }
  }
}
