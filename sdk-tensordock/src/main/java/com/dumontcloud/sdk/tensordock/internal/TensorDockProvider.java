package com.dumontcloud.sdk.tensordock.internal;

import static com.dumontcloud.sdk.tensordock.internal.TensorDockApi.field;
import static com.dumontcloud.sdk.tensordock.internal.TensorDockApi.num;
import static com.dumontcloud.sdk.tensordock.internal.TensorDockApi.obj;
import static com.dumontcloud.sdk.tensordock.internal.TensorDockApi.str;

import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.exception.CallTimeoutException;
import com.dumontcloud.sdk.exception.ConnectionException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.model.GpuModel;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Location;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PortMapping;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.exception.UnsupportedCapabilityException;
import com.dumontcloud.sdk.spi.Capability;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.SpotMarket;
import com.dumontcloud.sdk.spi.SshAccess;
import com.dumontcloud.sdk.tensordock.TensorDockProviderFactory;
import com.dumontcloud.sdk.tensordock.TensorDockStops;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import com.dumontcloud.sdk.spi.support.SshKeys;
import com.dumontcloud.sdk.spi.support.ConfigReader;
import com.dumontcloud.sdk.spi.support.CreateReconciler;
import com.dumontcloud.sdk.spi.support.HttpCall;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TensorDock adapter, for API v2 (default) and the legacy v0 ({@code api-version=v0}); {@link TensorDockV0}
 * translates v0 answers to the v2 shapes, so one reader serves both. Capabilities: {@link SshAccess} (the SSH port
 * forward and the key given at launch), {@link TensorDockStops} (the two stops and their billing) and, on v0 only,
 * {@link SpotMarket} ({@code Outbid} is {@link InstanceState#INTERRUPTED}).
 */
public final class TensorDockProvider implements CloudProvider, SshAccess, SpotMarket, TensorDockStops {
  /** Prefix of the names of instances this SDK creates. */
  static final String NAME_PREFIX = "dumont-";
  /** Login user of TensorDock's Linux images (v0 {@code default_user}). */
  static final String SSH_USER = "user";

  private final ProviderContext ctx;
  private final ProviderMetadata metadata;
  private final TensorDockApi api;
  private final boolean v0;
  private final LabelStore labels;
  private final String image;
  private final String sshKey;
  private final double spotBidFraction;
  private final Map<String, Instant> interruptedSince = new ConcurrentHashMap<>();

  public TensorDockProvider(ProviderContext ctx, ProviderMetadata metadata) {
    this.ctx = ctx;
    ConfigReader cfg = ConfigReader.of(metadata.id(), ctx.config());
    TensorDockApi.Generation gen = cfg.enumValue("api-version", TensorDockApi.Generation.class,
        TensorDockApi.Generation.V2);
    this.v0 = gen == TensorDockApi.Generation.V0;
    String defaultBase = v0 ? TensorDockProviderFactory.DEFAULT_V0_BASE_URL : metadata.defaultBaseUrl();
    String base = cfg.baseUrl("base-url", defaultBase);
    String where = v0 ? ctx.config().describe("api-key") + " and " + ctx.config().describe("api-token")
        : ctx.config().describe("api-token");
    this.api = new TensorDockApi(ctx, gen, base, ctx.config().secret("api-token").orElse(null),
        v0 ? ctx.config().secret("api-key").orElse(null) : null, where);
    Set<Capability> caps = EnumSet.noneOf(Capability.class);
    caps.addAll(metadata.capabilities());
    if (v0) caps.add(Capability.SPOT_MARKET);
    else caps.remove(Capability.SPOT_MARKET);
    this.metadata = new ProviderMetadata(metadata.id(), metadata.displayName() + (v0 ? " (API v0)" : ""),
        defaultBase, metadata.docsUrl(), metadata.configKeys(), caps);
    this.labels = new LabelStore(ctx.stateDirectory(), ctx.json());
    this.image = cfg.string("image", "ubuntu2204");
    this.spotBidFraction = cfg.decimal("spot-bid-fraction", 0.5, 0.01, 1.0);
    String key = cfg.string("ssh-public-key", null);
    if (key != null) {
      try {
        key = SshKeys.requirePublicKey(key);
      } catch (InvalidSpecException e) {
        throw new com.dumontcloud.sdk.exception.ConfigurationException("[provider=tensordock] tensordock.ssh-public-key "
            + "is not an OpenSSH public key (one line 'ssh-ed25519 AAAA... comment', the content of a .pub file; "
            + "never a private key); set " + ctx.config().describe("ssh-public-key"));
      }
    }
    this.sshKey = key;
  }

  @Override
  public ProviderMetadata metadata() {
    return metadata;
  }

  /** {@link SpotMarket} only on v0 (v2 has no spot: reference 3.11). */
  @Override
  public <T> Optional<T> capability(Class<T> type) {
    if (type == SpotMarket.class && !v0) return Optional.empty();
    return CloudProvider.super.capability(type);
  }

  /**
   * v2: {@code GET /hostnodes} (direct placement) and {@code GET /locations} (automatic placement, for the
   * location/GPU pairs no hostnode covers). v0: {@code GET /client/deploy/hostnodes} (public). v0 publishes no
   * spot prices, so a spot offer's bid ({@code minBid}, and its price) is {@code spot-bid-fraction} of the
   * on-demand price: the bid sent by default; TensorDock refuses one too low ({@code CapacityUnavailableException}).
   */
  @Override
  public List<Offer> searchOffers(OfferQuery query) {
    boolean spot = query.pricingModel() == PricingModel.SPOT;
    if (v0) {
      List<Offer> offers = TensorDockOffers.fromHostnodes(TensorDockV0.hostnodesAsV2(
          api.getPublic("searchOffers", "/client/deploy/hostnodes")));
      if (!spot) return offers;
      return offers.stream().map(o -> {
        Money bid = o.pricePerHour().times(spotBidFraction);
        return o.toBuilder().id(o.id() + ":spot").pricingModel(PricingModel.SPOT).minBid(bid).pricePerHour(bid)
            .build();
      }).toList();
    }
    if (spot) return List.of();
    Object hostnodes = api.get("searchOffers", "/hostnodes");
    List<Offer> offers = new ArrayList<>(TensorDockOffers.fromHostnodes(hostnodes));
    offers.addAll(TensorDockOffers.fromLocations(api.get("searchOffers", "/locations"),
        TensorDockOffers.covered(hostnodes)));
    return offers;
  }

  /** The instance name for an idempotency key: {@code dumont-} and 24 hex digits of its SHA-256. */
  static String nameFor(String idempotencyKey) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return NAME_PREFIX + HexFormat.of().formatHex(h).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Never resent: an ambiguous outcome (timeout, connection lost, 5xx, unreadable answer) is resolved by listing
   * instances by the name derived from the idempotency key ({@link CreateReconciler}); nothing found rethrows.
   */
  @Override
  public Instance launch(ProviderLaunchRequest req) {
    Optional<Instance> existing = findByIdempotencyKey(req.idempotencyKey());
    if (existing.isPresent()) return existing.get();
    if (!v0 && req.pricingModel() == PricingModel.SPOT) {
      throw new InvalidSpecException("TensorDock API v2 has no spot instances; launch on demand, or use the legacy "
          + "API (set dumont.tensordock.api-version=v0) for spot");
    }
    requireOffer(req.offer());
    String name = nameFor(req.idempotencyKey());
    String key = launchKey(req);
    Map<String, Object> created;
    try {
      created = v0
          ? TensorDockV0.deployed(api.form("launch", "/client/deploy/single",
              TensorDockV0.deployForm(req, name, image, key, runcmd(req)), HttpCall.Kind.CREATE), name)
          : TensorDockApi.single(api.post("launch", "/instances", createBody(req, name, key), HttpCall.Kind.CREATE));
    } catch (CallTimeoutException | ConnectionException | ProviderServerException | ProviderProtocolException e) {
      Instance found = CreateReconciler.<Instance>builder(ctx.scheduler(), metadata.id(), "launch")
          .find(() -> findByName(name)).build().reconcile(e);
      labels.put(found.id(), req.labels());
      return found.toBuilder().labels(req.labels()).build();
    }
    String id = str(created, "id");
    if (id == null) {
      throw new ProviderProtocolException(com.dumontcloud.sdk.exception.ProviderErrorDetails.of(metadata.id(),
          "launch", "the create answer has no instance id"));
    }
    labels.put(id, req.labels());
    Offer o = req.offer();
    Instance parsed = toInstance(created);
    return parsed.toBuilder().state(InstanceState.PROVISIONING).rawStatus(str(created, "status")).gpu(o.gpu())
        .gpuCount(o.gpuCount()).gpuRamGib(o.gpuRamGib()).location(o.location()).hostId(o.hostId())
        .pricingModel(req.pricingModel() == PricingModel.SPOT ? PricingModel.SPOT : PricingModel.ON_DEMAND)
        .pricePerHour(parsed.pricePerHour().amount().signum() > 0 ? parsed.pricePerHour() : o.pricePerHour())
        .templateName(req.template().name()).offerId(o.id()).createdAt(ctx.scheduler().now()).build();
  }

  /** An offer this provider's search made: it names the GPU model and a hostnode (v0: always) or a location. */
  private void requireOffer(Offer o) {
    Map<String, Object> at = o.attributes();
    boolean placed = at.get("hostnode") != null || (!v0 && at.get("location_id") != null);
    if (at.get("gpu_v0_name") == null || !placed) {
      throw new InvalidSpecException("offer '" + o.id() + "' does not come from a TensorDock " + (v0 ? "v0" : "v2")
          + " offer search (its attributes name no gpu_v0_name and " + (v0 ? "hostnode" : "hostnode or location_id")
          + "); search offers with this provider and launch one of them");
    }
  }

  private String launchKey(ProviderLaunchRequest req) {
    Object k = req.template().config().get("ssh-public-key");
    return k instanceof String s && !s.isBlank() ? SshKeys.requirePublicKey(s) : sshKey;
  }

  /** Container port 22 first, then the template's port: the order of the port forwards asked for. */
  static List<Integer> internalPorts(ProviderLaunchRequest req) {
    List<Integer> internal = new ArrayList<>(List.of(22));
    if (req.template().port() > 0 && req.template().port() != 22) internal.add(req.template().port());
    return internal;
  }

  /**
   * The {@code POST /instances} body, in the {@code data/type/attributes} wrapper: {@code hostnode_id} with port
   * forwards from the host's free ports, or {@code location_id} with a dedicated IP (or forwards of the same port
   * numbers, which TensorDock may remap: the ports are read back from {@code GET}).
   */
  Map<String, Object> createBody(ProviderLaunchRequest req, String name, String key) {
    Offer o = req.offer();
    Map<String, Object> at = o.attributes();
    String v0Name = String.valueOf(at.get("gpu_v0_name"));
    Map<String, Object> resources = new LinkedHashMap<>();
    resources.put("vcpu_count", (long) (o.vcpus() == null ? 2 : o.vcpus()));
    resources.put("ram_gb", (long) (o.ramGib() == null ? 8 : o.ramGib()));
    resources.put("storage_gb", (long) Math.max(TensorDockOffers.MIN_DISK_GB,
        Math.ceil(Math.max(req.diskGib(), o.diskGib() == null ? 0 : o.diskGib()))));
    resources.put("gpus", Map.of(v0Name, Map.of("count", (long) o.gpuCount())));
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("name", name);
    a.put("type", "virtualmachine");
    a.put("image", image);
    a.put("resources", resources);
    List<Integer> internal = internalPorts(req);
    List<Map<String, Object>> forwards = new ArrayList<>();
    if (at.get("hostnode") != null) {
      a.put("hostnode_id", at.get("hostnode"));
      List<?> free = TensorDockApi.list(at.get("available_ports"));
      for (int i = 0; i < internal.size() && i < free.size(); i++) {
        forwards.add(Map.of("internal_port", (long) internal.get(i), "external_port", (long) num(free.get(i), 0)));
      }
    } else {
      a.put("location_id", at.get("location_id"));
      if (!Boolean.TRUE.equals(at.get("dedicated_ip"))) {
        for (int p : internal) forwards.add(Map.of("internal_port", (long) p, "external_port", (long) p));
      }
    }
    if (!forwards.isEmpty()) a.put("port_forwards", forwards);
    else a.put("useDedicatedIp", true);
    if (key != null) a.put("ssh_key", key);
    a.put("cloud_init", Map.of("runcmd", runcmd(req)));
    return Map.of("data", Map.of("type", "virtualmachine", "attributes", a));
  }

  /** The template's container, run with Docker on the VM. */
  private static List<String> runcmd(ProviderLaunchRequest req) {
    StringBuilder c = new StringBuilder("docker run -d --restart unless-stopped --gpus all");
    int port = req.template().port();
    if (port > 0) c.append(" -p ").append(port).append(':').append(port);
    req.template().env().forEach((k, v) -> c.append(" -e ").append(shell(k + "=" + v)));
    c.append(' ').append(shell(req.template().image()));
    for (String arg : req.template().args()) c.append(' ').append(shell(arg));
    return List.of(c.toString());
  }

  private static String shell(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  @Override
  public Instance get(String instanceId) {
    String id = requireId("get", instanceId);
    if (v0) {
      Object vm = obj(api.form("get", "/client/get/single", Map.of("server", id), HttpCall.Kind.READ))
          .get("virtualmachine");
      return toInstance(TensorDockV0.vmAsV2(id, obj(vm)));
    }
    return toInstance(TensorDockApi.single(api.get("get", "/instances/" + enc(id))));
  }

  private List<Map<String, Object>> listRaw(String op) {
    return v0 ? TensorDockV0.vms(api.form(op, "/client/list", Map.of(), HttpCall.Kind.READ))
        : TensorDockApi.instances(api.get(op, "/instances"));
  }

  @Override
  public List<Instance> list(Map<String, String> wanted) {
    List<Instance> out = new ArrayList<>();
    for (Map<String, Object> m : listRaw("list")) {
      Instance i = toInstance(m);
      if (matches(i, str(m, "name"), wanted)) out.add(i);
    }
    return out;
  }

  private static boolean matches(Instance i, String name, Map<String, String> wanted) {
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      if (e.getKey().equals(Labels.KEY)) {
        if (!nameFor(e.getValue()).equals(name)) return false;
      } else if (!e.getValue().equals(i.labels().get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Optional<Instance> findByIdempotencyKey(String key) {
    return findByName(nameFor(key));
  }

  private Optional<Instance> findByName(String name) {
    for (Map<String, Object> m : listRaw("list")) {
      if (name.equals(str(m, "name"))) return Optional.of(toInstance(m));
    }
    return Optional.empty();
  }

  /** Start; a start the instance's state does not allow is a {@code ConflictException} (v0: a 500 saying so). */
  @Override
  public void start(String instanceId) {
    String id = requireId("start", instanceId);
    if (v0) api.form("start", "/client/start/single", Map.of("server", id), HttpCall.Kind.IDEMPOTENT_WRITE);
    else api.post("start", "/instances/" + enc(id) + "/start", null, HttpCall.Kind.IDEMPOTENT_WRITE);
  }

  /** The plain stop: the GPU stays reserved and <b>the full running rate keeps being billed</b>. */
  @Override
  public void stop(String instanceId) {
    String id = requireId("stop", instanceId);
    if (v0) stopV0(id, false);
    else api.post("stop", "/instances/" + enc(id) + "/stop", null, HttpCall.Kind.IDEMPOTENT_WRITE);
  }

  @Override
  public void stopReleasingResources(String instanceId) {
    String id = requireId("stopReleasingResources", instanceId);
    if (!v0) {
      throw new UnsupportedCapabilityException(metadata.id(), "the release-resources stop on API v2 (v2 documents "
          + "only the plain stop, which keeps billing; set dumont.tensordock.api-version=v0 for this stop)");
    }
    stopV0(id, true);
  }

  private void stopV0(String id, boolean release) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("server", id);
    f.put("disassociate_resources", String.valueOf(release));
    api.form(release ? "stopReleasingResources" : "stop", "/client/stop/single", f, HttpCall.Kind.IDEMPOTENT_WRITE);
  }

  /**
   * Delete, idempotent: 404 and v0's "already terminated" are success; a 5xx is retried by the transport (a
   * delete may be sent again; TensorDock's fail now and then and succeed on the next try).
   */
  @Override
  public void terminate(String instanceId) {
    String id = requireId("terminate", instanceId);
    try {
      if (v0) api.form("terminate", "/client/delete/single", Map.of("server", id), HttpCall.Kind.IDEMPOTENT_WRITE);
      else api.delete("terminate", "/instances/" + enc(id));
    } catch (NotFoundException gone) {
      // already gone: success
    }
    labels.remove(id);
    interruptedSince.remove(id);
  }

  @Override
  public void setLabels(String instanceId, Map<String, String> newLabels) {
    get(instanceId);
    Map<String, String> keep = new LinkedHashMap<>(newLabels);
    String key = labels.get(instanceId).get(Labels.KEY);
    if (key != null) keep.putIfAbsent(Labels.KEY, key);
    labels.put(instanceId, keep);
  }

  // ------------------------------------------------------------------ spot (v0)

  /** v0 instances in status {@code Outbid}, first seen by this provider at the time given. */
  @Override
  public List<Interruption> interruptions(List<String> instanceIds, Instant since) {
    requireV0("interruptions");
    Set<String> wanted = new HashSet<>(instanceIds);
    if (wanted.isEmpty()) return List.of();
    Instant now = ctx.scheduler().now();
    List<Interruption> out = new ArrayList<>();
    for (Map<String, Object> m : listRaw("interruptions")) {
      String id = str(m, "id");
      if (!wanted.contains(id)) continue;
      if (TensorDockStates.of(str(m, "status")) != InstanceState.INTERRUPTED) {
        interruptedSince.remove(id);
        continue;
      }
      Instant at = interruptedSince.computeIfAbsent(id, k -> now);
      if (since == null || !at.isBefore(since)) out.add(new Interruption(id, at, "outbid"));
    }
    return out;
  }

  /**
   * {@code POST /client/spot/validate/existing} with the new bid ({@code success:false}: the bid is too low, a
   * capacity error), then a start when the instance is outbid (the re-bid of reference 2.8).
   */
  @Override
  public void changeBid(String instanceId, Money bidPerHour) {
    requireV0("changeBid");
    String id = requireId("changeBid", instanceId);
    if (bidPerHour == null || bidPerHour.amount().signum() <= 0) {
      throw new InvalidSpecException("a TensorDock bid must be a positive USD/hour amount, got " + bidPerHour);
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("server", id);
    f.put("price", bidPerHour.amount().stripTrailingZeros().toPlainString());
    api.form("changeBid", "/client/spot/validate/existing", f, HttpCall.Kind.IDEMPOTENT_WRITE);
    if (get(id).state() == InstanceState.INTERRUPTED) start(id);
  }

  private void requireV0(String op) {
    if (!v0) throw new UnsupportedCapabilityException(metadata.id(), "spot market (" + op + "; API v2 has no spot)");
  }

  // ------------------------------------------------------------------ ssh

  /**
   * The instance's address and the external port forwarded to its port 22, user {@code user}; empty while it is
   * not running, has no address, or TensorDock dropped the SSH forward (seen live: {@code portForwards: []}).
   */
  @Override
  public Optional<Endpoint> sshEndpoint(Instance instance) {
    if (instance == null || instance.state() != InstanceState.RUNNING) return Optional.empty();
    if (instance.sshHost() == null || instance.sshPort() < 1) return Optional.empty();
    return Optional.of(new Endpoint(instance.sshHost(), instance.sshPort(), SSH_USER));
  }

  /**
   * TensorDock takes SSH keys only at launch (config {@code ssh-public-key}, or a template's): the configured key
   * is success (idempotent: it was installed at launch), any other is an {@link UnsupportedCapabilityException}.
   */
  @Override
  public void installPublicKey(Instance instance, String openSshPublicKey) {
    String key = SshKeys.requirePublicKey(openSshPublicKey);
    if (sshKey != null && SshKeys.identity(sshKey).equals(SshKeys.identity(key))) return;
    throw new UnsupportedCapabilityException(metadata.id(), "installing an SSH key on an existing instance "
        + "(TensorDock takes keys only at launch: set dumont.tensordock.ssh-public-key before launching)");
  }


  private String requireId(String op, String id) {
    if (id == null || id.isBlank()) {
      throw new InvalidSpecException("[provider=tensordock op=" + op + "] instanceId must be a TensorDock instance "
          + "id (a UUID), got " + (id == null ? "nothing" : "a blank string"));
    }
    return id.strip();
  }

  Instance toInstance(Map<String, Object> m) {
    String id = str(m, "id");
    String raw = str(m, "status");
    Map<String, Object> res = obj(m.get("resources"));
    String v0 = null;
    int count = 0;
    Object gpus = res.get("gpus");
    if (gpus instanceof Map<?, ?> gm) {
      for (Map.Entry<?, ?> e : gm.entrySet()) {
        Map<String, Object> g = obj(e.getValue());
        v0 = g.get("v0Name") != null ? String.valueOf(g.get("v0Name")) : String.valueOf(e.getKey());
        count += (int) num(g.get("count"), 1);
      }
    }
    double vram = v0 == null ? 0 : TensorDockOffers.vramGb(v0);
    GpuModel gpu = v0 == null ? GpuModel.NONE : GpuCatalog.resolve(TensorDockOffers.displayName(Map.of(), v0), vram);
    String ip = str(m, "ipAddress", "ip_address", "ip");
    List<PortMapping> ports = new ArrayList<>();
    int sshPort = 0;
    for (Object p : TensorDockApi.list(field(m, "portForwards", "port_forwards"))) {
      Map<String, Object> pf = obj(p);
      int in = (int) num(field(pf, "internal_port", "internalPort"), 0);
      int ex = (int) num(field(pf, "external_port", "externalPort"), 0);
      if (in <= 0 || ex <= 0) continue;
      ports.add(new PortMapping(in, "tcp", ip, ex));
      if (in == 22) sshPort = ex;
    }
    InstanceState state = TensorDockStates.of(raw);
    Location loc = m.get("country") != null ? TensorDockOffers.place(m) : Location.UNKNOWN;
    Instance.Builder b = Instance.builder().id(id).providerId(metadata.id()).state(state)
        .rawStatus(raw).gpu(gpu).gpuCount(count).gpuRamGib(vram).location(loc)
        .pricingModel(Boolean.TRUE.equals(m.get("spot")) ? PricingModel.SPOT : PricingModel.ON_DEMAND)
        .pricePerHour(Money.usd(num(field(m, "rateHourly", "rate_hourly", "hourlyRate"), 0)))
        .labels(labels.get(id)).ports(ports).image(image);
    if (ip != null && !ip.isBlank()) {
      b.publicIp(ip);
      if (sshPort > 0) b.sshHost(ip).sshPort(sshPort);
      else if (state == InstanceState.RUNNING) b.statusMessage("running without an SSH port forward");
    }
    if (state == InstanceState.INTERRUPTED) b.statusMessage("outbid: the spot bid was beaten");
    return b.build();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public Optional<String> credentialsProblem() {
    return Optional.ofNullable(api.missingCredentials());
  }

}
