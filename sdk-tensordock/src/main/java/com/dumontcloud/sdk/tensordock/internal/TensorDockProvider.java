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
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.ProviderMetadata;
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

/** The TensorDock API v2 adapter. */
public final class TensorDockProvider implements CloudProvider {
  /** Prefix of the names of instances this SDK creates. */
  static final String NAME_PREFIX = "dumont-";

  private final ProviderContext ctx;
  private final ProviderMetadata metadata;
  private final TensorDockApi api;
  private final LabelStore labels;
  private final String image;
  private final String sshKey;

  public TensorDockProvider(ProviderContext ctx, ProviderMetadata metadata) {
    this.ctx = ctx;
    this.metadata = metadata;
    ConfigReader cfg = ConfigReader.of(metadata.id(), ctx.config());
    String base = cfg.baseUrl("base-url", metadata.defaultBaseUrl());
    this.api = new TensorDockApi(ctx, base, ctx.config().secret("api-token").orElse(null),
        ctx.config().describe("api-token"));
    this.labels = new LabelStore(ctx.stateDirectory(), ctx.json());
    this.image = cfg.string("image", "ubuntu2204");
    this.sshKey = cfg.string("ssh-public-key", null);
  }

  @Override
  public ProviderMetadata metadata() {
    return metadata;
  }

  @Override
  public List<Offer> searchOffers(OfferQuery query) {
    if (query.pricingModel() == PricingModel.SPOT) return List.of();
    return TensorDockOffers.fromHostnodes(api.get("searchOffers", "/hostnodes"));
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

  @Override
  public Instance launch(ProviderLaunchRequest req) {
    Optional<Instance> existing = findByIdempotencyKey(req.idempotencyKey());
    if (existing.isPresent()) return existing.get();
    String name = nameFor(req.idempotencyKey());
    Map<String, Object> body = createBody(req, name);
    Map<String, Object> created;
    try {
      created = TensorDockApi.single(api.post("launch", "/instances", body, HttpCall.Kind.CREATE));
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
    return Instance.builder().id(id).providerId(metadata.id()).state(InstanceState.PROVISIONING)
        .rawStatus(str(created, "status")).gpu(o.gpu()).gpuCount(o.gpuCount()).gpuRamGib(o.gpuRamGib())
        .location(o.location()).hostId(o.hostId()).pricingModel(PricingModel.ON_DEMAND).pricePerHour(o.pricePerHour())
        .labels(req.labels()).image(image).templateName(req.template().name()).offerId(o.id())
        .createdAt(ctx.scheduler().now()).build();
  }

  /** The {@code POST /instances} body, in the {@code data/type/attributes} wrapper. */
  Map<String, Object> createBody(ProviderLaunchRequest req, String name) {
    Offer o = req.offer();
    Map<String, Object> at = o.attributes();
    String v0 = String.valueOf(at.get("gpu_v0_name"));
    Map<String, Object> resources = new LinkedHashMap<>();
    resources.put("vcpu_count", (long) (o.vcpus() == null ? 2 : o.vcpus()));
    resources.put("ram_gb", (long) (o.ramGib() == null ? 8 : o.ramGib()));
    resources.put("storage_gb", (long) Math.max(TensorDockOffers.MIN_DISK_GB,
        Math.ceil(Math.max(req.diskGib(), o.diskGib() == null ? 0 : o.diskGib()))));
    resources.put("gpus", Map.of(v0, Map.of("count", (long) o.gpuCount())));
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("name", name);
    a.put("type", "virtualmachine");
    a.put("image", image);
    a.put("resources", resources);
    a.put("hostnode_id", at.get("hostnode"));
    List<Object> free = new ArrayList<>(TensorDockApi.list(at.get("available_ports")));
    List<Map<String, Object>> forwards = new ArrayList<>();
    List<Integer> internal = new ArrayList<>(List.of(22));
    if (req.template().port() > 0 && req.template().port() != 22) internal.add(req.template().port());
    for (int i = 0; i < internal.size() && i < free.size(); i++) {
      forwards.add(Map.of("internal_port", (long) internal.get(i), "external_port", (long) num(free.get(i), 0)));
    }
    if (!forwards.isEmpty()) a.put("port_forwards", forwards);
    else a.put("useDedicatedIp", true);
    String key = req.template().config().get("ssh-public-key") instanceof String s ? s : sshKey;
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
    return toInstance(TensorDockApi.single(api.get("get", "/instances/" + enc(instanceId))));
  }

  @Override
  public List<Instance> list(Map<String, String> wanted) {
    List<Instance> out = new ArrayList<>();
    for (Map<String, Object> m : TensorDockApi.instances(api.get("list", "/instances"))) {
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
    for (Map<String, Object> m : TensorDockApi.instances(api.get("list", "/instances"))) {
      if (name.equals(str(m, "name"))) return Optional.of(toInstance(m));
    }
    return Optional.empty();
  }

  @Override
  public void start(String instanceId) {
    api.post("start", "/instances/" + enc(instanceId) + "/start", null, HttpCall.Kind.IDEMPOTENT_WRITE);
  }

  @Override
  public void stop(String instanceId) {
    api.post("stop", "/instances/" + enc(instanceId) + "/stop", null, HttpCall.Kind.IDEMPOTENT_WRITE);
  }

  @Override
  public void terminate(String instanceId) {
    try {
      api.delete("terminate", "/instances/" + enc(instanceId));
    } catch (NotFoundException gone) {
      // already gone: success
    }
    labels.remove(instanceId);
  }

  @Override
  public void setLabels(String instanceId, Map<String, String> newLabels) {
    get(instanceId);
    Map<String, String> keep = new LinkedHashMap<>(newLabels);
    String key = labels.get(instanceId).get(Labels.KEY);
    if (key != null) keep.putIfAbsent(Labels.KEY, key);
    labels.put(instanceId, keep);
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
    Instance.Builder b = Instance.builder().id(id).providerId(metadata.id()).state(TensorDockStates.of(raw))
        .rawStatus(raw).gpu(gpu).gpuCount(count).gpuRamGib(vram).location(Location.UNKNOWN)
        .pricingModel(PricingModel.ON_DEMAND)
        .pricePerHour(Money.usd(num(field(m, "rateHourly", "rate_hourly", "hourlyRate"), 0)))
        .labels(labels.get(id)).ports(ports).image(image);
    if (ip != null && !ip.isBlank()) {
      b.publicIp(ip);
      if (sshPort > 0) b.sshHost(ip).sshPort(sshPort);
    }
    return b.build();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
