package com.dumontcloud.sdk.gcp.internal;

import static com.dumontcloud.sdk.gcp.internal.GcpApi.enc;
import static com.dumontcloud.sdk.spi.support.Json.num;
import static com.dumontcloud.sdk.spi.support.Json.obj;
import static com.dumontcloud.sdk.spi.support.Json.str;

import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.exception.CallTimeoutException;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.exception.ConflictException;
import com.dumontcloud.sdk.exception.ConnectionException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.PermissionDeniedException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderException;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.exception.QuotaExceededException;
import com.dumontcloud.sdk.exception.UnsupportedCapabilityException;
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
import com.dumontcloud.sdk.spi.SpotMarket;
import com.dumontcloud.sdk.spi.SshAccess;
import com.dumontcloud.sdk.spi.support.ConfigReader;
import com.dumontcloud.sdk.spi.support.ContainerCommands;
import com.dumontcloud.sdk.spi.support.CreateReconciler;
import com.dumontcloud.sdk.spi.support.ProviderError;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The Compute Engine v1 adapter. Instance ids are {@code zone/name}. A launch tries the offer's zone and then other
 * zones with the same shape (same region first), blocking a zone on a stockout, a region on a regional quota and
 * stopping on a global one; each insert carries {@code requestId} (a name-based UUID of the idempotency key and the
 * zone), the one create in the SDK that may be resent. The offer snapshot (GPU, price, offer id) rides in the
 * instance's metadata, so get/list report what was rented.
 */
public final class GcpProvider implements CloudProvider, SpotMarket, SshAccess {
  private static final String PREEMPTED = "compute.instances.preempted";
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GcpProvider.class);

  public GcpProvider(ProviderContext context, ProviderMetadata meta) {
    ConfigReader reader = ConfigReader.of(meta.id(), context.config());
    String source = reader.string("prices", "catalog").toLowerCase(Locale.ROOT);
    if (!source.equals("catalog") && !source.equals("bundled")) {
      throw new ConfigurationException("[provider=gcp] gcp.prices must be catalog or bundled, got '" + source
          + "' (set " + context.config().describe("prices") + ")");
    }
    auth = new GcpAuth(context, reader);
    api = new GcpApi(context, auth, reader.baseUrl("base-url", meta.defaultBaseUrl()),
        reader.duration("operation-timeout", Duration.ofMinutes(10)));
    String billing = reader.baseUrl("billing-base-url", "https://cloudbilling.googleapis.com/v1");
    prices = new GcpPrices(context.scheduler()::now, source.equals("bundled") ? null
        : () -> api.list("prices", billing + "/services/6F81-5844-456A/skus?currencyCode=USD&pageSize=5000", "skus",
            null), reader.duration("price-ttl", Duration.ofHours(12)), context.json());
    ctx = context;
    metadata = meta;
    cfg = reader;
  }

  private final ProviderContext ctx;
  private final ProviderMetadata metadata;
  private final ConfigReader cfg;
  private final GcpAuth auth;
  private final GcpApi api;
  private final GcpPrices prices;
  private volatile String project;

  @Override
  public ProviderMetadata metadata() {
    return metadata;
  }

  String project() {
    String p = project;
    if (p != null) return p;
    p = cfg.string("project", null);
    if (p == null) p = auth.credentialsProject();
    if (p == null || p.isBlank()) {
      throw new ConfigurationException("[provider=gcp] no GCP project: set " + ctx.config().describe("project")
          + " (the credentials from " + auth.source() + " name none)");
    }
    project = p;
    return p;
  }

  private String projectPath() {
    return "/projects/" + enc(project());
  }

  // ------------------------------------------------------------------ offers

  @Override
  public List<Offer> searchOffers(OfferQuery query) {
    return GcpApi.mapping("searchOffers", () -> {
      List<Offer> out = new ArrayList<>();
      for (GcpOffers.Shape s : shapes()) {
        for (boolean spot : new boolean[] {false, true}) {
          if (query.pricingModel() != null && (query.pricingModel() == PricingModel.SPOT) != spot) continue;
          Offer o = GcpOffers.offer(s, prices, spot);
          if (o != null) out.add(o);
        }
      }
      return out;
    });
  }

  private List<GcpOffers.Shape> shapes() {
    Set<String> wanted = Arrays.stream(cfg.string("zones", "").split(",")).map(String::strip)
        .filter(z -> !z.isEmpty()).collect(Collectors.toSet());
    Set<String> zones = new HashSet<>();
    for (Map<String, Object> z : api.list("zones", projectPath() + "/zones", "items", null)) {
      String name = str(z, "name");
      if (!"UP".equals(str(z, "status")) || name == null) continue;
      if (wanted.isEmpty() || wanted.contains(name) || wanted.contains(GcpNames.region(name))) zones.add(name);
    }
    return GcpOffers.shapes(zones,
        api.list("machineTypes", projectPath() + "/aggregated/machineTypes", "items", "machineTypes"),
        api.list("acceleratorTypes", projectPath() + "/aggregated/acceleratorTypes", "items", "acceleratorTypes"));
  }

  // ------------------------------------------------------------------ launch with zone failover

  @Override
  public Instance launch(ProviderLaunchRequest req) {
    Optional<Instance> existing = findByIdempotencyKey(req.idempotencyKey());
    if (existing.isPresent()) return existing.get();
    boolean spot = req.pricingModel() == PricingModel.SPOT;
    String shapeId = GcpOffers.shapeId(req.offer().id());
    int slash = shapeId.indexOf('/');
    if (!GcpApi.PROVIDER.equals(req.offer().providerId()) || slash <= 0 || slash == shapeId.length() - 1) {
      throw new com.dumontcloud.sdk.exception.InvalidRequestException(ProviderErrorDetails.of(GcpApi.PROVIDER,
          "launch", "offer '" + req.offer().id() + "' is not a GCP offer (ids are zone/machineType from searchOffers)"));
    }
    String zone = shapeId.substring(0, slash);
    String shapeTail = shapeId.substring(slash + 1);
    List<String> candidates = new ArrayList<>(List.of(zone));
    List<String> attempts = new ArrayList<>();
    Set<String> blockedRegions = new HashSet<>();
    ProviderException last = null;
    for (int n = 0; n < candidates.size(); n++) {
      String z = candidates.get(n);
      if (blockedRegions.contains(GcpNames.region(z))) {
        attempts.add(z + ": skipped (region quota)");
        continue;
      }
      try {
        Instance i = insert(req, z, shapeTail, spot);
        String msg = attempts.isEmpty() ? null : "launched in " + z + " after " + String.join("; ", attempts);
        return i.toBuilder().statusMessage(msg == null ? i.statusMessage() : msg).build();
      } catch (CapacityUnavailableException | ProviderServerException e) {
        attempts.add(z + ": " + reason(e));
        last = e;
      } catch (QuotaExceededException e) {
        attempts.add(z + ": " + reason(e));
        last = e;
        if (!e.getMessage().contains(" in region ")) break;
        blockedRegions.add(GcpNames.region(z));
      } catch (PermissionDeniedException e) {
        if (!String.valueOf(e.getMessage()).contains("is not found or access is unauthorized")) throw e;
        attempts.add(z + ": zone not enabled for the project");
        last = e;
      }
      log.debug("[provider=gcp op=launch zone={}] {}; trying the next zone", z, attempts.get(attempts.size() - 1));
      if (n == 0) addFailoverZones(candidates, zone, shapeTail); // only once the offer's own zone has failed
    }
    String summary = "no zone could launch " + shapeTail + (spot ? " (spot)" : "") + "; tried " + attempts.size()
        + (attempts.size() == 1 ? " zone" : " zones");
    ProviderError.Kind kind = last instanceof QuotaExceededException ? ProviderError.Kind.QUOTA
        : ProviderError.Kind.CAPACITY;
    String code = last == null ? null : last.errorCode();
    // the attempt list goes into the hint, which the core never truncates
    throw ProviderError.builder(kind).code(code).message(summary).hint("attempts: " + String.join("; ", attempts))
        .build().toException(ProviderErrorDetails.of(GcpApi.PROVIDER, "launch", summary)
            .withStatus(last == null ? 503 : last.statusCode()));
  }

  /** Other zones with the same shape, same region first, up to {@code failover-zones} in all. */
  private void addFailoverZones(List<String> candidates, String zone, String shapeTail) {
    int maxZones = cfg.integer("failover-zones", 3, 1, 50);
    shapes().stream().filter(s -> s.id().endsWith("/" + shapeTail) && !s.zone().equals(zone))
        .map(GcpOffers.Shape::zone).distinct()
        .sorted((a, b) -> Boolean.compare(!GcpNames.region(a).equals(GcpNames.region(zone)),
            !GcpNames.region(b).equals(GcpNames.region(zone))))
        .limit(maxZones - 1L).forEach(candidates::add);
  }

  /** The code of a stockout; the code and the description (without the tag) of anything else. */
  private static String reason(ProviderException e) {
    String m = String.valueOf(e.getMessage());
    int tag = m.indexOf("] ");
    String text = tag < 0 ? m : m.substring(tag + 2);
    int body = text.indexOf(" | body: ");
    if (body >= 0) text = text.substring(0, body);
    if (e instanceof CapacityUnavailableException && e.errorCode() != null) return e.errorCode();
    return (e.errorCode() == null ? "HTTP " + e.statusCode() : e.errorCode()) + " (" + text + ")";
  }

  private Instance insert(ProviderLaunchRequest req, String zone, String shapeTail, boolean spot) {
    String name = GcpNames.instanceName(req.idempotencyKey());
    Map<String, Object> body = body(req, zone, shapeTail, name, spot).toJson();
    String path = projectPath() + "/zones/" + enc(zone) + "/instances?requestId="
        + GcpNames.requestId(req.idempotencyKey(), zone);
    Map<String, Object> op;
    try {
      op = api.post("launch", path, body);
    } catch (CallTimeoutException | ConnectionException e) {
      return CreateReconciler.<Instance>builder(ctx.scheduler(), GcpApi.PROVIDER, "launch")
          .find(() -> find(zone + "/" + name)).build().reconcile(e);
    }
    Map<String, Object> done = api.awaitDone("launch", op);
    GcpApi.OperationFailure f = GcpApi.failure("launch", done);
    if (f != null) throw f.exception();
    Instance i = get(zone + "/" + name);
    if (spot && (i.state() == InstanceState.INTERRUPTED || i.state() == InstanceState.STOPPED) && i.startedAt() == null) {
      terminate(i.id()); // preempted before it ever ran (dstack #521): no capacity here, and nothing left billing
      String msg = "the spot VM was preempted in " + zone + " before it started";
      throw ProviderError.of(ProviderError.Kind.CAPACITY, PREEMPTED, msg)
          .toException(ProviderErrorDetails.of(GcpApi.PROVIDER, "launch", msg).withStatus(503));
    }
    return i;
  }

  private Optional<Instance> find(String id) {
    try {
      return Optional.of(get(id));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  InsertBody body(ProviderLaunchRequest req, String zone, String shapeTail, String name, boolean spot) {
    Offer o = req.offer();
    String machineType = shapeTail.contains("+") ? shapeTail.substring(0, shapeTail.indexOf('+')) : shapeTail;
    String accel = null;
    int count = 0;
    if (shapeTail.contains("+")) {
      String a = shapeTail.substring(shapeTail.indexOf('+') + 1);
      accel = a.substring(0, a.indexOf('*'));
      count = Integer.parseInt(a.substring(a.indexOf('*') + 1));
    }
    boolean gpu = o.gpuCount() > 0;
    Map<String, String> meta = new LinkedHashMap<>();
    String image = gpu ? cfg.string("gpu-image", null) : cfg.string("cpu-image", null);
    if (gpu && image.contains("deeplearning-platform-release")) meta.put("install-nvidia-driver", "True");
    Object script = req.template().config().get("startup-script");
    meta.put("startup-script", script instanceof String s ? s : startupScript(req, gpu));
    String key = req.template().config().get("ssh-public-key") instanceof String s ? s
        : cfg.string("ssh-public-key", null);
    if (key != null) meta.put("ssh-keys", sshUser() + ":" + key.strip());
    meta.put("dumont-offer", zone + "/" + shapeTail + (spot ? ":spot" : "")); // the zone it landed in
    meta.put("dumont-gpu", o.gpu().name());
    meta.put("dumont-gpu-count", String.valueOf(o.gpuCount()));
    meta.put("dumont-gpu-ram-gib", String.valueOf(o.gpuRamGib()));
    meta.put("dumont-price-per-hour", o.pricePerHour().amount().toPlainString());
    meta.put("dumont-image", req.template().image());
    if (req.template().port() > 0) meta.put("dumont-port", String.valueOf(req.template().port()));
    String sa = cfg.string("service-account", "default");
    String action = cfg.string("spot-termination-action", "stop").toUpperCase(Locale.ROOT);
    if (!action.equals("STOP") && !action.equals("DELETE")) {
      throw new ConfigurationException("[provider=gcp] gcp.spot-termination-action must be stop or delete, got '"
          + action.toLowerCase(Locale.ROOT) + "' (set " + ctx.config().describe("spot-termination-action") + ")");
    }
    List<String> tags = Arrays.stream(cfg.string("network-tags", "dumont").split(",")).map(String::strip)
        .filter(t -> !t.isEmpty()).toList();
    long disk = (long) Math.ceil(Math.max(req.diskGib(), gpu ? 100 : 20));
    return new InsertBody(name, project(), zone, machineType, accel, count, gpu, image, disk,
        cfg.string("disk-type", "pd-balanced"), Map.of("managed-by", "dumont"), cfg.string("network",
            "global/networks/default"), meta, GcpNames.encodeAll(req.labels()), tags,
        sa.equalsIgnoreCase("none") ? null : sa, spot, spot ? action : null, null, null);
  }

  /** Docker (installed when the image lacks it), then the template's container, once: the script runs every boot. */
  private static String startupScript(ProviderLaunchRequest req, boolean gpu) {
    return "#!/bin/bash\nset -euo pipefail\ncommand -v docker >/dev/null || (curl -fsSL https://get.docker.com | sh)\n"
        + "docker inspect dumont >/dev/null 2>&1 || " + ContainerCommands.dockerRun(req.template(), "dumont", gpu) + "\n";
  }

  // ------------------------------------------------------------------ instances

  private record Ref(String zone, String name) {
    String path(String projectPath) {
      return projectPath + "/zones/" + enc(zone) + "/instances/" + enc(name);
    }
  }

  private static Ref ref(String id) {
    int i = id == null ? -1 : id.indexOf('/');
    if (i <= 0 || i == id.length() - 1 || id.indexOf('/', i + 1) >= 0) {
      throw new NotFoundException(ProviderErrorDetails.of(GcpApi.PROVIDER, "get", "'" + id
          + "' is not a GCP instance id; ids are zone/name, e.g. us-central1-a/dumont-0a1b2c"));
    }
    return new Ref(id.substring(0, i), id.substring(i + 1));
  }

  @Override
  public Instance get(String instanceId) {
    Map<String, Object> m = api.get("get", ref(instanceId).path(projectPath()));
    return GcpApi.mapping("get", () -> withPreemption(List.of(m)).get(0));
  }

  @Override
  public List<Instance> list(Map<String, String> labels) {
    Map<String, String> enc = GcpNames.encodeAll(labels);
    String filter = enc.entrySet().stream().map(e -> "(labels." + e.getKey() + " = \"" + e.getValue() + "\")")
        .collect(Collectors.joining(" AND "));
    String path = projectPath() + "/aggregated/instances" + (filter.isEmpty() ? "" : "?filter=" + enc(filter));
    List<Map<String, Object>> raw = api.list("list", path, "items", "instances").stream()
        .filter(m -> enc.entrySet().stream().allMatch(e -> e.getValue().equals(labelsOf(m).get(e.getKey()))))
        .toList();
    return GcpApi.mapping("list", () -> withPreemption(raw));
  }

  private static Map<String, Object> labelsOf(Map<String, Object> m) {
    return m.get("labels") == null ? Map.of() : obj(m.get("labels"), "labels");
  }

  @Override
  public Optional<Instance> findByIdempotencyKey(String key) {
    return list(Map.of(Labels.KEY, key)).stream().findFirst();
  }

  @Override
  public void start(String instanceId) {
    mutate("start", ref(instanceId), "/start", null, false);
  }

  @Override
  public void stop(String instanceId) {
    Ref r = ref(instanceId);
    Map<String, Object> m = api.get("stop", r.path(projectPath()));
    String type = GcpNames.last(str(m, "machineType"));
    boolean lssd = type != null && (type.startsWith("a2-ultragpu") || type.startsWith("a3-") || type.endsWith("-lssd")
        || hasLocalSsd(m));
    mutate("stop", r, "/stop" + (lssd ? "?discardLocalSsd=false" : ""), null, false);
  }

  private static boolean hasLocalSsd(Map<String, Object> m) {
    return GcpOffers.list(m.get("disks")).stream().anyMatch(d -> "SCRATCH".equals(str(obj(d, "disk"), "type")));
  }

  @Override
  public void terminate(String instanceId) {
    mutate("terminate", ref(instanceId), "", null, true);
  }

  @Override
  public void setLabels(String instanceId, Map<String, String> labels) {
    fingerprinted("setLabels", ref(instanceId), "/setLabels", m -> Map.of("labels", GcpNames.encodeAll(labels),
        "labelFingerprint", String.valueOf(str(m, "labelFingerprint"))));
  }

  /**
   * A change guarded by a fingerprint: read the instance, build the body from it (null: nothing to change), send; a
   * 412/409 because the fingerprint moved meanwhile is read again and retried, 3 tries in all.
   */
  private void fingerprinted(String operation, Ref r, String suffix,
      java.util.function.Function<Map<String, Object>, Map<String, Object>> body) {
    for (int attempt = 1; ; attempt++) {
      Map<String, Object> b = GcpApi.mapping(operation, () -> body.apply(api.get(operation, r.path(projectPath()))));
      if (b == null) return;
      try {
        mutate(operation, r, suffix, b, false);
        return;
      } catch (ConflictException e) {
        if (attempt >= 3) throw e;
      }
    }
  }

  /** POST (or DELETE) with a fresh requestId, then await the operation; {@code gone} makes 404 a success. */
  private void mutate(String operation, Ref r, String suffix, Object body, boolean gone) {
    String path = r.path(projectPath()) + suffix + (suffix.contains("?") ? "&" : "?") + "requestId=" + UUID.randomUUID();
    try {
      Map<String, Object> op = suffix.isEmpty() ? api.delete(operation, path) : api.post(operation, path, body);
      api.await(operation, op);
    } catch (NotFoundException e) {
      if (!gone) throw e;
    }
  }

  // ------------------------------------------------------------------ mapping

  private List<Instance> withPreemption(List<Map<String, Object>> raw) {
    Map<String, Instant> preempted = new HashMap<>();
    Set<String> zones = raw.stream().filter(m -> "TERMINATED".equals(str(m, "status")) && spot(m))
        .map(m -> GcpNames.last(str(m, "zone"))).collect(Collectors.toSet());
    for (String zone : zones) {
      for (Map<String, Object> op : preemptions(zone)) {
        preempted.merge(String.valueOf(str(op, "targetId")), time(str(op, "insertTime")),
            (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    List<Instance> out = new ArrayList<>();
    for (Map<String, Object> m : raw) out.add(toInstance(m, preempted.get(String.valueOf(str(m, "id")))));
    return out;
  }

  private List<Map<String, Object>> preemptions(String zone) {
    String filter = "operationType=\"" + PREEMPTED + "\"";
    return api.list("preemptions", projectPath() + "/zones/" + enc(zone) + "/operations?filter=" + enc(filter),
        "items", null);
  }

  private static boolean spot(Map<String, Object> m) {
    Map<String, Object> s = m.get("scheduling") == null ? Map.of() : obj(m.get("scheduling"), "scheduling");
    return "SPOT".equals(str(s, "provisioningModel")) || Boolean.TRUE.equals(com.dumontcloud.sdk.spi.support.Json
        .bool(s, "preemptible"));
  }

  private static Instant time(String s) {
    return s == null ? null : OffsetDateTime.parse(s).toInstant();
  }

  Instance toInstance(Map<String, Object> m, Instant preemptedAt) {
    String zone = GcpNames.last(str(m, "zone"));
    String status = str(m, "status");
    Map<String, String> meta = new HashMap<>();
    if (m.get("metadata") instanceof Map<?, ?> md && md.get("items") instanceof List<?> items) {
      for (Object it : items) {
        Map<String, Object> kv = obj(it, "metadata.items[]");
        meta.put(str(kv, "key"), str(kv, "value"));
      }
    }
    Instant started = time(str(m, "lastStartTimestamp"));
    boolean interrupted = preemptedAt != null && (started == null || !preemptedAt.isBefore(started));
    InstanceState state = switch (status == null ? "" : status) {
      case "PROVISIONING", "REPAIRING" -> InstanceState.PROVISIONING;
      case "PENDING" -> InstanceState.PENDING;
      case "STAGING" -> InstanceState.STARTING;
      case "RUNNING" -> InstanceState.RUNNING;
      case "STOPPING", "SUSPENDING", "DEPROVISIONING", "PENDING_STOP" -> InstanceState.STOPPING;
      case "TERMINATED", "STOPPED", "SUSPENDED" -> interrupted ? InstanceState.INTERRUPTED : InstanceState.STOPPED;
      default -> InstanceState.UNKNOWN;
    };
    GpuModel gpu = GpuModel.NONE;
    int count = 0;
    double vram = 0;
    if (meta.get("dumont-gpu") != null) {
      count = Integer.parseInt(meta.getOrDefault("dumont-gpu-count", "0"));
      vram = Double.parseDouble(meta.getOrDefault("dumont-gpu-ram-gib", "0"));
      gpu = count == 0 ? GpuModel.NONE : GpuCatalog.resolve(meta.get("dumont-gpu"), vram);
    } else if (m.get("guestAccelerators") instanceof List<?> ga && !ga.isEmpty()) {
      Map<String, Object> a = obj(ga.get(0), "guestAccelerators[]");
      gpu = GpuCatalog.resolve(GcpNames.last(str(a, "acceleratorType")));
      count = num(a, "acceleratorCount") == null ? 1 : num(a, "acceleratorCount").intValue();
      vram = gpu.vramGib();
    }
    String ip = null;
    List<Object> nics = GcpOffers.list(m.get("networkInterfaces"));
    if (!nics.isEmpty()) {
      List<Object> acs = GcpOffers.list(obj(nics.get(0), "networkInterfaces[]").get("accessConfigs"));
      if (!acs.isEmpty()) ip = str(obj(acs.get(0), "accessConfigs[]"), "natIP");
    }
    Map<String, String> labels = GcpNames.decodeAll(labelsOf(m));
    String price = meta.get("dumont-price-per-hour");
    Instance.Builder b = Instance.builder().id(zone + "/" + str(m, "name")).providerId(GcpApi.PROVIDER).state(state)
        .rawStatus(status).gpu(gpu).gpuCount(count).gpuRamGib(vram)
        .statusMessage(interrupted ? "preempted by Compute Engine (" + PREEMPTED + ")" : str(m, "statusMessage"))
        .location(Location.of(null, zone == null ? null : GcpNames.region(zone), zone))
        .pricingModel(spot(m) ? PricingModel.SPOT : PricingModel.ON_DEMAND)
        .pricePerHour(price == null ? Money.ZERO_USD : Money.usd(price)).labels(labels)
        .image(meta.get("dumont-image")).templateName(labels.get(Labels.TEMPLATE)).offerId(meta.get("dumont-offer"))
        .hostId(GcpNames.last(str(m, "machineType")))
        .createdAt(time(str(m, "creationTimestamp"))).startedAt(started).stoppedAt(time(str(m, "lastStopTimestamp")));
    if (ip != null && !ip.isBlank()) {
      // no NAT on GCP: the template's port is the same port on the VM's external address
      List<PortMapping> ports = new ArrayList<>(List.of(new PortMapping(22, "tcp", ip, 22)));
      String port = meta.get("dumont-port");
      if (port != null && !port.equals("22")) ports.add(new PortMapping(Integer.parseInt(port), "tcp", ip,
          Integer.parseInt(port)));
      b.publicIp(ip).sshHost(ip).sshPort(22).ports(ports);
    }
    return b.build();
  }

  // ------------------------------------------------------------------ SpotMarket

  @Override
  public List<Interruption> interruptions(List<String> instanceIds, Instant since) {
    Map<String, List<Ref>> byZone = new LinkedHashMap<>();
    for (String id : instanceIds) byZone.computeIfAbsent(ref(id).zone(), z -> new ArrayList<>()).add(ref(id));
    List<Interruption> out = new ArrayList<>();
    for (Map.Entry<String, List<Ref>> e : byZone.entrySet()) {
      for (Map<String, Object> op : preemptions(e.getKey())) {
        String target = GcpNames.last(str(op, "targetLink"));
        Instant at = time(str(op, "insertTime"));
        for (Ref r : e.getValue()) {
          if (r.name().equals(target) && at != null && !at.isBefore(since)) {
            out.add(new Interruption(r.zone() + "/" + r.name(), at, String.valueOf(str(op, "statusMessage"))));
          }
        }
      }
    }
    return out;
  }

  @Override
  public void changeBid(String instanceId, Money bidPerHour) {
    throw new UnsupportedCapabilityException(GcpApi.PROVIDER, "bids (GCP spot VMs have a fixed price and no bid)");
  }

  // ------------------------------------------------------------------ SshAccess

  private String sshUser() {
    return cfg.string("ssh-user", "dumont");
  }

  @Override
  public Optional<Endpoint> sshEndpoint(Instance instance) {
    if (instance.state() != InstanceState.RUNNING || instance.publicIp() == null) return Optional.empty();
    return Optional.of(new Endpoint(instance.publicIp(), 22, sshUser()));
  }

  @Override
  public void installPublicKey(Instance instance, String openSshPublicKey) {
    Ref r = ref(instance.id());
    String k = openSshPublicKey == null ? "" : openSshPublicKey.strip();
    if (!k.matches("(ssh-|ecdsa-|sk-)\\S+ \\S+( .*)?") || k.contains("\n") || k.contains("PRIVATE KEY")) {
      throw new com.dumontcloud.sdk.exception.InvalidSpecException("not an OpenSSH public key (expected one line"
          + " 'ssh-ed25519 AAAA... comment', the content of a .pub file)");
    }
    String line = sshUser() + ":" + k;
    fingerprinted("installPublicKey", r, "/setMetadata", m -> {
      Map<String, Object> md = m.get("metadata") == null ? Map.of() : obj(m.get("metadata"), "metadata");
      List<Map<String, Object>> items = new ArrayList<>();
      String keys = null;
      for (Object it : GcpOffers.list(md.get("items"))) {
        Map<String, Object> kv = obj(it, "metadata.items[]");
        if ("ssh-keys".equals(str(kv, "key"))) keys = str(kv, "value");
        else items.add(kv);
      }
      if (keys != null && keys.lines().anyMatch(l -> l.strip().equals(line))) return null; // already there
      items.add(Map.of("key", "ssh-keys", "value", keys == null || keys.isBlank() ? line : keys.strip() + "\n" + line));
      return Map.of("fingerprint", String.valueOf(str(md, "fingerprint")), "items", items);
    });
  }
}
