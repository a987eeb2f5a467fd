package com.dumontcloud.sdk.testkit.vast;

import com.dumontcloud.sdk.testkit.http.FakeProviderServer;
import com.dumontcloud.sdk.testkit.http.JsonTrees;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stateful fake of the Vast.ai REST API, speaking the documented shapes
 * ({@code ../shared/reference/vast-api.md}): offer search with filters, order, type and limit; create; show; the
 * paginated v1 list with label filters; start/stop/label; destroy; bids; logs; user; templates; volumes. Instances
 * move through {@code null → loading → running} one step per read (or per {@link #advance()}), and the test
 * drives the rest: {@link #outbid(long)}, {@link #queueStarts(boolean)}, {@link #failContainer(long)},
 * {@link #hostOffline(long)}, and one-shot {@link Fault}s (429 in every style, 5xx, delays, malformed bodies,
 * dropped connections).
 *
 * <pre>{@code
 * try (FakeVastServer vast = FakeVastServer.start()) {
 *   vast.addOffer(FakeVastOffer.builder().gpuName("RTX 4090").dphTotal(0.35));
 *   Dumont d = Dumont.builder().provider("vast", s -> s.apiKey(Secret.of(vast.apiKey())).baseUrl(vast.baseUrl())).build();
 *   ...
 * }
 * }</pre>
 *
 * <p><b>Loopback only.</b> Every address the fake hands out is {@code 127.0.0.1} ({@code public_ipaddr},
 * {@code ssh_host}, the {@code HostIp} of port bindings), and every host port is a distinct loopback port that was
 * free when the instance was created (one per port mapping, kept for the instance's life). Nothing listens there
 * unless a test starts something, so health probes and SSH attempts of code under test never leave the machine.
 *
 * <p><b>Labels.</b> The {@code label} is stored on the instance and returned by show and list, exactly as Vast
 * does; {@link #outbid(long)} and the other driven transitions never touch it. Label writes longer than Vast's
 * 1024 characters are refused.
 *
 * <p><b>Shape.</b> A set of handlers on the generic {@link FakeProviderServer} (one route table in
 * {@code VastApi.register}); the instance state machine is {@code VastInstance}, the filter semantics
 * {@code VastFilters}. Use {@link #server()} to add routes or generic faults. Thread-safe.
 */
public final class FakeVastServer implements AutoCloseable {
  /** The key the fake accepts unless {@link #apiKey(String)} changes it. */
  public static final String DEFAULT_API_KEY = "fake-vast-api-key-0123456789";
  /** The only address the fake hands out. */
  static final String LOOPBACK = VastInstance.LOOPBACK;

  /** A request the fake received. */
  public record Call(String method, String path, String query, String authorization, String body) {
    /** True when the URL carries a key-like query parameter (never acceptable). */
    public boolean keyInUrl() {
      return FakeVastServer.keyInUrl(query);
    }
  }

  private final FakeProviderServer server;
  private final VastApi api;

  private FakeVastServer(FakeProviderServer server) {
    this.server = server;
    this.api = new VastApi(server.baseUrl());
    api.register(server);
  }

  /** Start on a free loopback port. */
  public static FakeVastServer start() {
    return start(0);
  }

  /** Start on a fixed loopback port (0 picks a free one), e.g. for a CLI pointed at it with DUMONT_VAST_BASE_URL. */
  public static FakeVastServer start(int port) {
    return new FakeVastServer(FakeProviderServer.start(port));
  }

  /**
   * Run the fake as a standalone server until killed:
   * {@code java ... FakeVastServer [--port N] [--api-key KEY | --no-auth] [--offers offers.json]}. Without
   * {@code --offers} it serves a small built-in catalog. Prints the base URL to use as {@code DUMONT_VAST_BASE_URL}.
   */
  public static void main(String[] args) throws Exception {
    int port = 0;
    String key = DEFAULT_API_KEY;
    String offersFile = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--api-key" -> key = args[++i];
        case "--no-auth" -> key = null;
        case "--offers" -> offersFile = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; usage: FakeVastServer [--port N] [--api-key KEY | --no-auth] [--offers offers.json]");
      }
    }
    FakeVastServer f = start(port).apiKey(key);
    if (offersFile != null) {
      f.addOffersJson(java.nio.file.Files.readString(java.nio.file.Path.of(offersFile)));
    } else {
      f.addDefaultCatalog().addCpuCatalog();
    }
    System.out.println("fake Vast API at " + f.baseUrl() + (key == null ? " (no auth)" : " (api key " + key + ")"));
    System.out.println("export DUMONT_VAST_BASE_URL=" + f.baseUrl());
    Thread.currentThread().join();
  }

  /** A small catalog: RTX 4090, RTX 3090, 2x RTX 4090, A100 80GB, H100 SXM, in several countries. */
  public FakeVastServer addDefaultCatalog() {
    addOffer(FakeVastOffer.builder().gpuName("RTX 4090").gpuRamMb(24564).dphTotal(0.35).minBid(0.18)
        .geolocation("Texas, US"));
    addOffer(FakeVastOffer.builder().gpuName("RTX 4090").gpuRamMb(24564).dphTotal(0.29).minBid(0.15)
        .geolocation("Quebec, CA").reliability(0.97));
    addOffer(FakeVastOffer.builder().gpuName("RTX 4090").numGpus(2).gpuRamMb(24564).dphTotal(0.69).minBid(0.36)
        .geolocation("Czechia, CZ"));
    addOffer(FakeVastOffer.builder().gpuName("RTX 3090").gpuRamMb(24576).dphTotal(0.19).minBid(0.09)
        .geolocation("Masovian Voivodeship, PL").reliability(0.98));
    addOffer(FakeVastOffer.builder().gpuName("A100 SXM4").gpuRamMb(81920).dphTotal(1.10).minBid(0.72)
        .geolocation("North Holland, NL").cpuCores(128).cpuRamMb(515_934));
    addOffer(FakeVastOffer.builder().gpuName("H100 SXM").gpuRamMb(81559).dphTotal(2.20).minBid(1.60)
        .geolocation("Virginia, US").cpuCores(192).cpuCoresEffective(24).cpuRamMb(2_063_892));
    return this;
  }

  /**
   * CPU-only offers ({@code num_gpus} 0, {@code gpu_name} null), for CPU standby searches: 8 vCPU / 32 GB,
   * 16 vCPU / 64 GB and 32 vCPU / 128 GB, cheapest first. Separate from {@link #addDefaultCatalog()} so that GPU
   * searches without a GPU filter keep their results.
   */
  public FakeVastServer addCpuCatalog() {
    addOffer(FakeVastOffer.builder().cpuOnly().cpuCores(8).cpuCoresEffective(8).cpuRamMb(32_000).dphTotal(0.04)
        .minBid(0.02).geolocation("Texas, US"));
    addOffer(FakeVastOffer.builder().cpuOnly().cpuCores(16).cpuCoresEffective(16).cpuRamMb(64_000).dphTotal(0.07)
        .minBid(0.04).geolocation("North Holland, NL"));
    addOffer(FakeVastOffer.builder().cpuOnly().cpuCores(64).cpuCoresEffective(32).cpuRamMb(256_000).dphTotal(0.12)
        .minBid(0.07).geolocation("Virginia, US"));
    return this;
  }

  /** The generic server underneath, to add routes, generic faults or latency. */
  public FakeProviderServer server() {
    return server;
  }

  /** The base URL to configure ({@code http://127.0.0.1:PORT}, no trailing slash). */
  public String baseUrl() {
    return server.baseUrl();
  }

  @Override
  public void close() {
    server.close();
  }

  // ------------------------------------------------------------------ configuration

  /** The key requests must carry as {@code Authorization: Bearer}; null accepts anything. */
  public FakeVastServer apiKey(String key) {
    synchronized (api.lock) {
      api.apiKey = key;
    }
    return this;
  }

  public String apiKey() {
    return api.apiKey;
  }

  /** Status for a bad key: 401 (default) or 404 (what some accounts get). */
  public FakeVastServer badKeyStatus(int status) {
    synchronized (api.lock) {
      api.badKeyStatus = status;
    }
    return this;
  }

  /** When on (default), every read of an instance moves it one boot step forward after answering. */
  public FakeVastServer autoAdvance(boolean on) {
    synchronized (api.lock) {
      api.autoAdvance = on;
    }
    return this;
  }

  /**
   * Map every container port of instances created from now on to this loopback port, where the test runs a
   * workload stub (e.g. one answering the template's health path), so the engine's HTTP health probe through the
   * port mapping reaches it; 0 (default) gives each port a free loopback port with nothing listening.
   */
  public FakeVastServer workloadPort(int port) {
    synchronized (api.lock) {
      api.workloadPort = port;
    }
    return this;
  }

  /** When on, starts of stopped instances answer 200 {@code resources_unavailable} and stay queued. */
  public FakeVastServer queueStarts(boolean on) {
    synchronized (api.lock) {
      api.queueStarts = on;
    }
    return this;
  }

  /** {@code GET /api/v0/instances/} answers 410 deprecated_endpoint. */
  public FakeVastServer v0ListGone(boolean gone) {
    synchronized (api.lock) {
      api.v0ListGone = gone;
    }
    return this;
  }

  /** {@code GET /api/v1/instances/} answers 404 (an old deployment without v1). */
  public FakeVastServer v1ListGone(boolean gone) {
    synchronized (api.lock) {
      api.v1ListGone = gone;
    }
    return this;
  }

  /** Page size of the v1 list (Vast: 25). */
  public FakeVastServer pageSize(int n) {
    synchronized (api.lock) {
      api.pageSize = Math.max(1, n);
    }
    return this;
  }

  /** HTTP status of the "bid too low, created stopped anyway" answer (200 by default; the real one is unknown). */
  public FakeVastServer bidRejectionStatus(int status) {
    synchronized (api.lock) {
      api.bidRejectionStatus = status;
    }
    return this;
  }

  /** How many polls of a log URL answer 404 before the log is there. */
  public FakeVastServer logsNotReadyPolls(int n) {
    synchronized (api.lock) {
      api.logsNotReadyPolls = n;
    }
    return this;
  }

  public FakeVastServer account(double credit, double balance) {
    synchronized (api.lock) {
      api.credit = credit;
      api.balance = balance;
    }
    return this;
  }

  /** Clock for {@code start_date} values. */
  public FakeVastServer clock(Clock c) {
    synchronized (api.lock) {
      api.clock = c;
    }
    return this;
  }

  // ------------------------------------------------------------------ data

  public long addOffer(FakeVastOffer offer) {
    return addOffer(offer.toMap());
  }

  /** Add a raw offer object (e.g. one entry of a fixture's {@code offers} array). */
  @SuppressWarnings("unchecked")
  public long addOffer(Map<String, Object> raw) {
    Map<String, Object> o = (Map<String, Object>) JsonTrees.normalize(raw);
    Object id = o.get("id");
    if (!(id instanceof Long l)) throw new IllegalArgumentException("offer needs an integer id: " + id);
    synchronized (api.lock) {
      api.offers.put(l, new LinkedHashMap<>(o));
    }
    return l;
  }

  /** Add every offer of an {@code {"offers": [...]}} body. */
  @SuppressWarnings("unchecked")
  public List<Long> addOffersJson(String body) {
    Map<String, Object> m = (Map<String, Object>) JsonTrees.parse(body);
    List<Long> ids = new ArrayList<>();
    for (Object o : (List<Object>) m.get("offers")) ids.add(addOffer((Map<String, Object>) o));
    return ids;
  }

  /** Someone else rented it: creates answer 404 {@code no_such_ask}, searches no longer show it. */
  public void removeOffer(long offerId) {
    synchronized (api.lock) {
      api.offers.remove(offerId);
    }
  }

  public void addTemplate(Map<String, Object> raw) {
    synchronized (api.lock) {
      api.templates.add(raw);
    }
  }

  public void addVolume(Map<String, Object> raw) {
    synchronized (api.lock) {
      api.volumes.add(raw);
    }
  }

  /** Container log text served for an instance. */
  public void logs(long instanceId, String text) {
    synchronized (api.lock) {
      api.logs.put(instanceId, text);
    }
  }

  /** Inject {@code fault} into the next {@code times} requests whose method ({@code *}: any) and path start match. */
  public FakeVastServer fail(String method, String pathPrefix, int times, Fault fault) {
    server.fail(method, (pathPrefix.startsWith("/") ? pathPrefix : "/" + pathPrefix) + "**", times, fault.toGeneric());
    return this;
  }

  /** Inject {@code fault} into the next matching request. */
  public FakeVastServer failNext(String method, String pathPrefix, Fault fault) {
    return fail(method, pathPrefix, 1, fault);
  }

  // ------------------------------------------------------------------ driving instances

  /** Every instance one step forward (boot, stop). */
  public void advance() {
    synchronized (api.lock) {
      api.instances.values().forEach(VastInstance::step);
    }
  }

  /** Complete every pending transition (boots reach running, stops reach stopped). */
  public void settle() {
    synchronized (api.lock) {
      api.instances.values().forEach(VastInstance::settle);
    }
  }

  /** Outbid / preempt an interruptible instance: Vast stops it (all three states {@code stopped}). */
  public void outbid(long instanceId) {
    drive(instanceId, VastInstance::outbid);
  }

  /** The container fails to start (OCI/CDI error), terminally. */
  public void failContainer(long instanceId) {
    drive(instanceId, VastInstance::failContainer);
  }

  /** The host stops reporting. */
  public void hostOffline(long instanceId) {
    drive(instanceId, VastInstance::hostOffline);
  }

  /** A queued start gets its GPU and boots. */
  public void releaseQueuedStart(long instanceId) {
    drive(instanceId, VastInstance::releaseQueuedStart);
  }

  private void drive(long instanceId, java.util.function.Consumer<VastInstance> transition) {
    synchronized (api.lock) {
      transition.accept(api.instance(instanceId));
    }
  }

  /**
   * The GPU utilisation a running instance reports as {@code gpu_util} (a fraction; null, the default, means no
   * sample, as Vast shows before the first one) and its GPU memory in use as {@code vmem_usage} (GB; null: none).
   */
  public void setGpuUtil(long instanceId, Double gpuUtil, Double vmemUsageGb) {
    synchronized (api.lock) {
      VastInstance i = api.instance(instanceId);
      i.gpuUtil = gpuUtil;
      i.vmemUsageGb = vmemUsageGb;
    }
  }

  /** As {@link #setGpuUtil(long, Double, Double)}, memory unreported. */
  public void setGpuUtil(long instanceId, double gpuUtil) {
    setGpuUtil(instanceId, gpuUtil, null);
  }

  /**
   * Route every instance's SSH (the {@code ssh_host:ssh_port} proxy) to a real SSH server on loopback, e.g. the
   * test kit's {@code SimSshServer}, and tell it which public keys Vast would inject ({@code onKeyAttached}) — so
   * the SDK's remote shell and {@code ObjectStoreDataSync} run against "Vast" end to end.
   */
  public FakeVastServer sshGateway(int port, java.util.function.BiConsumer<Long, String> keyAttached) {
    synchronized (api.lock) {
      api.sshGatewayPort = port;
      api.onKeyAttached = keyAttached == null ? (id, key) -> {} : keyAttached;
    }
    return this;
  }

  /** Keys attached to an instance with {@code POST /api/v0/instances/{id}/ssh/}, in order. */
  public List<String> attachedKeys(long instanceId) {
    synchronized (api.lock) {
      return api.sshKeys.attached(instanceId);
    }
  }

  /** Keys on the account ({@code POST /api/v0/ssh/}), in order. */
  public List<String> accountKeys() {
    synchronized (api.lock) {
      return api.sshKeys.account();
    }
  }

  /** Ids of the instances that exist (not destroyed). */
  public List<Long> instanceIds() {
    synchronized (api.lock) {
      return List.copyOf(api.instances.keySet());
    }
  }

  /** The instance as {@code GET /api/v0/instances/{id}/} would show it (without advancing it), or null. */
  public Map<String, Object> instanceJson(long id) {
    synchronized (api.lock) {
      VastInstance i = api.instances.get(id);
      return i == null ? null : i.toJson();
    }
  }

  /** Every request received, in order. */
  public List<Call> calls() {
    List<Call> out = new ArrayList<>();
    for (FakeProviderServer.Call c : server.calls()) {
      out.add(new Call(c.method(), c.path(), c.query(), c.authorization(), c.body()));
    }
    return List.copyOf(out);
  }

  /** Requests with this method whose path starts with {@code pathPrefix}. */
  public List<Call> calls(String method, String pathPrefix) {
    return calls().stream().filter(c -> c.method().equals(method) && c.path().startsWith(pathPrefix)).toList();
  }

  static boolean keyInUrl(String query) {
    return query != null && query.toLowerCase(Locale.ROOT).matches("(^|.*&)(api_key|apikey|key|token)=.*");
  }
}
