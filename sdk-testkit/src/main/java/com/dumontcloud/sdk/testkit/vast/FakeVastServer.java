package com.dumontcloud.sdk.testkit.vast;

import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A stateful fake of the Vast.ai REST API on {@link MockWebServer}, speaking the documented shapes
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
 * <p>Use {@link #dispatcher()} to mount it on your own {@code MockWebServer}. Thread-safe.
 */
public final class FakeVastServer implements AutoCloseable {
  /** The key the fake accepts unless {@link #apiKey(String)} changes it. */
  public static final String DEFAULT_API_KEY = "fake-vast-api-key-0123456789";
  private static final String OCI_ERROR = "Error response from daemon: failed to create task for container: failed to "
      + "create shim task: OCI runtime create failed: could not apply required modification to OCI specification: "
      + "error modifying OCI spec: failed to inject CDI devices: unresolvable CDI devices";
  private static final Pattern INSTANCE = Pattern.compile("/api/v0/instances/(\\d+)/");
  private static final Pattern INSTANCE_SSH = Pattern.compile("/api/v0/instances/(\\d+)/ssh/");
  private static final Pattern ASK = Pattern.compile("/api/v0/asks/(\\d+)/");
  private static final Pattern BID = Pattern.compile("/api/v0/instances/bid_price/(\\d+)/");
  private static final Pattern LOGS = Pattern.compile("/api/v0/instances/request_logs/(\\d+)/");
  private static final Pattern LOG_FILE = Pattern.compile("/fake-logs/([A-Za-z0-9-]+)\\.log");
  private static final Pattern PORT_REQUEST = Pattern.compile("-p\\s+(\\d+):(\\d+)");
  /** The only address the fake hands out. */
  static final String LOOPBACK = "127.0.0.1";
  private static final Set<String> V1_FILTERABLE = Set.of("label", "id", "actual_status", "gpu_name", "verification",
      "intended_status", "machine_id");

  /** A request the fake received. */
  public record Call(String method, String path, String query, String authorization, String body) {
    /** True when the URL carries a key-like query parameter (never acceptable). */
    public boolean keyInUrl() {
      return query != null && query.toLowerCase(Locale.ROOT).matches("(^|.*&)(api_key|apikey|key|token)=.*");
    }
  }

  private final MockWebServer server;
  private final boolean ownsServer;
  private final Object lock = new Object();
  private final MoshiJsonCodec json = MoshiJsonCodec.get();
  private final Map<Long, Map<String, Object>> offers = new LinkedHashMap<>();
  private final Map<Long, FakeInstance> instances = new TreeMap<>();
  private final List<Map<String, Object>> templates = new ArrayList<>();
  private final List<Map<String, Object>> volumes = new ArrayList<>();
  private final Deque<FaultRule> faults = new ArrayDeque<>();
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> logPolls = new HashMap<>();
  private final Map<Long, String> logs = new HashMap<>();
  private final Set<Integer> portsHandedOut = new HashSet<>();
  private final FakeVastSshKeys sshKeys = new FakeVastSshKeys();
  private volatile int sshGatewayPort;
  private volatile java.util.function.BiConsumer<Long, String> onKeyAttached = (id, key) -> {};
  private final Dispatcher dispatcher = new Dispatcher() {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      return handle(request);
    }
  };
  private String apiKey = DEFAULT_API_KEY;
  private int badKeyStatus = 401;
  private long nextInstanceId = 41_300_001L;
  private boolean autoAdvance = true;
  private boolean queueStarts;
  private boolean v0ListGone;
  private boolean v1ListGone;
  private int pageSize = 25;
  private int bidRejectionStatus = 200;
  private int logsNotReadyPolls = 1;
  private double credit = 25.0;
  private double balance;
  private Clock clock = Clock.systemUTC();

  private FakeVastServer(MockWebServer server, boolean ownsServer) {
    this.server = server;
    this.ownsServer = ownsServer;
  }

  /** Start on a fresh loopback {@link MockWebServer}. */
  public static FakeVastServer start() {
    MockWebServer s = new MockWebServer();
    FakeVastServer f = new FakeVastServer(s, true);
    s.setDispatcher(f.dispatcher);
    try {
      s.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake Vast server", e);
    }
    return f;
  }

  /** Start on a fixed loopback port (0 picks a free one), e.g. for a CLI pointed at it with DUMONT_VAST_BASE_URL. */
  public static FakeVastServer start(int port) {
    MockWebServer s = new MockWebServer();
    FakeVastServer f = new FakeVastServer(s, true);
    s.setDispatcher(f.dispatcher);
    try {
      s.start(java.net.InetAddress.getLoopbackAddress(), port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake Vast server on port " + port, e);
    }
    return f;
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

  /** A fake whose {@link #dispatcher()} you mount on your own server (call {@link #baseUrl()} after it starts). */
  public static FakeVastServer on(MockWebServer server) {
    FakeVastServer f = new FakeVastServer(server, false);
    server.setDispatcher(f.dispatcher);
    return f;
  }

  public Dispatcher dispatcher() {
    return dispatcher;
  }

  public MockWebServer server() {
    return server;
  }

  /** The base URL to configure ({@code http://127.0.0.1:PORT}, no trailing slash). */
  public String baseUrl() {
    String u = server.url("/").toString();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  @Override
  public void close() {
    if (!ownsServer) return;
    try {
      server.shutdown();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ configuration

  /** The key requests must carry as {@code Authorization: Bearer}; null accepts anything. */
  public FakeVastServer apiKey(String key) {
    synchronized (lock) {
      apiKey = key;
    }
    return this;
  }

  public String apiKey() {
    return apiKey;
  }

  /** Status for a bad key: 401 (default) or 404 (what some accounts get). */
  public FakeVastServer badKeyStatus(int status) {
    synchronized (lock) {
      badKeyStatus = status;
    }
    return this;
  }

  /** When on (default), every read of an instance moves it one boot step forward after answering. */
  public FakeVastServer autoAdvance(boolean on) {
    synchronized (lock) {
      autoAdvance = on;
    }
    return this;
  }

  /** When on, starts of stopped instances answer 200 {@code resources_unavailable} and stay queued. */
  public FakeVastServer queueStarts(boolean on) {
    synchronized (lock) {
      queueStarts = on;
    }
    return this;
  }

  /** {@code GET /api/v0/instances/} answers 410 deprecated_endpoint. */
  public FakeVastServer v0ListGone(boolean gone) {
    synchronized (lock) {
      v0ListGone = gone;
    }
    return this;
  }

  /** {@code GET /api/v1/instances/} answers 404 (an old deployment without v1). */
  public FakeVastServer v1ListGone(boolean gone) {
    synchronized (lock) {
      v1ListGone = gone;
    }
    return this;
  }

  /** Page size of the v1 list (Vast: 25). */
  public FakeVastServer pageSize(int n) {
    synchronized (lock) {
      pageSize = Math.max(1, n);
    }
    return this;
  }

  /** HTTP status of the "bid too low, created stopped anyway" answer (200 by default; the real one is unknown). */
  public FakeVastServer bidRejectionStatus(int status) {
    synchronized (lock) {
      bidRejectionStatus = status;
    }
    return this;
  }

  /** How many polls of a log URL answer 404 before the log is there. */
  public FakeVastServer logsNotReadyPolls(int n) {
    synchronized (lock) {
      logsNotReadyPolls = n;
    }
    return this;
  }

  public FakeVastServer account(double credit, double balance) {
    synchronized (lock) {
      this.credit = credit;
      this.balance = balance;
    }
    return this;
  }

  /** Clock for {@code start_date} values. */
  public FakeVastServer clock(Clock c) {
    synchronized (lock) {
      clock = c;
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
    Map<String, Object> o = (Map<String, Object>) normalize(raw);
    Object id = o.get("id");
    if (!(id instanceof Long l)) throw new IllegalArgumentException("offer needs an integer id: " + id);
    synchronized (lock) {
      offers.put(l, new LinkedHashMap<>(o));
    }
    return l;
  }

  /** Add every offer of an {@code {"offers": [...]}} body. */
  @SuppressWarnings("unchecked")
  public List<Long> addOffersJson(String body) {
    Map<String, Object> m = (Map<String, Object>) json.parse(body);
    List<Long> ids = new ArrayList<>();
    for (Object o : (List<Object>) m.get("offers")) ids.add(addOffer((Map<String, Object>) o));
    return ids;
  }

  /** Someone else rented it: creates answer 404 {@code no_such_ask}, searches no longer show it. */
  public void removeOffer(long offerId) {
    synchronized (lock) {
      offers.remove(offerId);
    }
  }

  public void addTemplate(Map<String, Object> raw) {
    synchronized (lock) {
      templates.add(raw);
    }
  }

  public void addVolume(Map<String, Object> raw) {
    synchronized (lock) {
      volumes.add(raw);
    }
  }

  /** Container log text served for an instance. */
  public void logs(long instanceId, String text) {
    synchronized (lock) {
      logs.put(instanceId, text);
    }
  }

  /** Inject {@code fault} into the next {@code times} requests whose method and path start match. */
  public FakeVastServer fail(String method, String pathPrefix, int times, Fault fault) {
    synchronized (lock) {
      faults.add(new FaultRule(method, pathPrefix, times, fault));
    }
    return this;
  }

  /** Inject {@code fault} into the next matching request. */
  public FakeVastServer failNext(String method, String pathPrefix, Fault fault) {
    return fail(method, pathPrefix, 1, fault);
  }

  // ------------------------------------------------------------------ driving instances

  /** Every instance one step forward (boot, stop). */
  public void advance() {
    synchronized (lock) {
      instances.values().forEach(FakeInstance::step);
    }
  }

  /** Complete every pending transition (boots reach running, stops reach stopped). */
  public void settle() {
    synchronized (lock) {
      for (FakeInstance i : instances.values()) {
        while (!i.pending.isEmpty()) i.step();
      }
    }
  }

  /** Outbid / preempt an interruptible instance: Vast stops it (all three states {@code stopped}). */
  public void outbid(long instanceId) {
    synchronized (lock) {
      FakeInstance i = instance(instanceId);
      i.pending.clear();
      i.actual = "exited";
      i.intended = "stopped";
      i.cur = "stopped";
      i.next = "stopped";
      i.statusMsg = null;
      i.outbid = true;
    }
  }

  /** The container fails to start (OCI/CDI error), terminally. */
  public void failContainer(long instanceId) {
    synchronized (lock) {
      FakeInstance i = instance(instanceId);
      i.pending.clear();
      i.actual = "created";
      i.intended = "stopped";
      i.cur = "stopped";
      i.next = "stopped";
      i.statusMsg = OCI_ERROR;
    }
  }

  /** The host stops reporting. */
  public void hostOffline(long instanceId) {
    synchronized (lock) {
      FakeInstance i = instance(instanceId);
      i.pending.clear();
      i.actual = "offline";
      i.statusMsg = "machine offline";
    }
  }

  /** A queued start gets its GPU and boots. */
  public void releaseQueuedStart(long instanceId) {
    synchronized (lock) {
      FakeInstance i = instance(instanceId);
      if ("running".equals(i.intended) && "stopped".equals(i.cur)) {
        i.cur = "running";
        i.next = "running";
        i.statusMsg = null;
        i.pending.clear();
        i.pending.add("loading");
        i.pending.add("running");
      }
    }
  }

  /**
   * The GPU utilisation a running instance reports as {@code gpu_util} (a fraction; null, the default, means no
   * sample, as Vast shows before the first one) and its GPU memory in use as {@code vmem_usage} (GB; null: none).
   */
  public void setGpuUtil(long instanceId, Double gpuUtil, Double vmemUsageGb) {
    synchronized (lock) {
      FakeInstance i = instance(instanceId);
      i.gpuUtil = gpuUtil;
      i.vmemUsageGb = vmemUsageGb;
    }
  }

  /** As {@link #setGpuUtil(long, Double, Double)}, memory unreported. */
  public void setGpuUtil(long instanceId, double gpuUtil) {
    setGpuUtil(instanceId, gpuUtil, null);
  }

  /** Keys attached to an instance with {@code POST /api/v0/instances/{id}/ssh/}, in order. */
  /**
   * Route every instance's SSH (the {@code ssh_host:ssh_port} proxy) to a real SSH server on loopback, e.g. the
   * test kit's {@code SimSshServer}, and tell it which public keys Vast would inject ({@code onKeyAttached}) — so
   * the SDK's remote shell and {@code ObjectStoreDataSync} run against "Vast" end to end.
   */
  public FakeVastServer sshGateway(int port, java.util.function.BiConsumer<Long, String> keyAttached) {
    this.sshGatewayPort = port;
    this.onKeyAttached = keyAttached == null ? (id, key) -> {} : keyAttached;
    synchronized (this) {
      for (FakeInstance i : instances.values()) i.sshGateway = port;
    }
    return this;
  }

  public List<String> attachedKeys(long instanceId) {
    synchronized (lock) {
      return sshKeys.attached(instanceId);
    }
  }

  /** Keys on the account ({@code POST /api/v0/ssh/}), in order. */
  public List<String> accountKeys() {
    synchronized (lock) {
      return sshKeys.account();
    }
  }

  /** Ids of the instances that exist (not destroyed). */
  public List<Long> instanceIds() {
    synchronized (lock) {
      return List.copyOf(instances.keySet());
    }
  }

  /** The instance as {@code GET /api/v0/instances/{id}/} would show it (without advancing it), or null. */
  public Map<String, Object> instanceJson(long id) {
    synchronized (lock) {
      FakeInstance i = instances.get(id);
      return i == null ? null : i.toJson();
    }
  }

  /** Every request received, in order. */
  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** Requests with this method whose path starts with {@code pathPrefix}. */
  public List<Call> calls(String method, String pathPrefix) {
    return calls().stream().filter(c -> c.method().equals(method) && c.path().startsWith(pathPrefix)).toList();
  }

  /** A loopback port that is free right now and that this fake has not handed out before (nothing listens on it). */
  private int freeLoopbackPort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("the fake Vast server found no free loopback port", e);
      }
      if (portsHandedOut.add(port)) return port;
    }
    throw new IllegalStateException("the fake Vast server found no loopback port it had not handed out already");
  }

  private FakeInstance instance(long id) {
    FakeInstance i = instances.get(id);
    if (i == null) throw new IllegalArgumentException("no fake Vast instance " + id);
    return i;
  }

  // ------------------------------------------------------------------ dispatch

  private MockResponse handle(RecordedRequest r) {
    String method = r.getMethod();
    String target = r.getPath() == null ? "/" : r.getPath();
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? null : target.substring(q + 1);
    String body = r.getBodySize() > 0 ? r.getBody().readUtf8() : "";
    Call call = new Call(method, path, query, r.getHeader("Authorization"), body);
    calls.add(call);
    synchronized (lock) {
      Fault fault = takeFault(method, path);
      if (call.keyInUrl()) {
        return json(400, Map.of("success", false, "error", "invalid_request",
            "msg", "this fake refuses API keys in query strings; send Authorization: Bearer"));
      }
      if (fault != null && fault.kind == Fault.Kind.BAD_KEY) return badKey(404);
      boolean logFile = LOG_FILE.matcher(path).matches();
      boolean anonymousOk = logFile || "POST".equals(method) && "/api/v0/bundles/".equals(path);
      if (apiKey != null && !logFile) {
        String auth = call.authorization();
        boolean ok = ("Bearer " + apiKey).equals(auth);
        if (!ok && !(anonymousOk && auth == null)) return badKey(badKeyStatus);
      }
      if (fault != null) {
        switch (fault.kind) {
          case RATE_LIMIT -> {
            return rateLimited(fault);
          }
          case STATUS -> {
            return new MockResponse().setResponseCode(fault.status).setBody(fault.body == null ? "" : fault.body);
          }
          default -> { }
        }
      }
      MockResponse resp;
      try {
        resp = route(method, path, query, body);
      } catch (RuntimeException e) {
        resp = json(400, Map.of("success", false, "error", "invalid_args", "msg",
            "error 400/1782: Invalid args: " + e.getMessage()));
      }
      if (fault != null) {
        switch (fault.kind) {
          case DELAY -> resp.setHeadersDelay(fault.delay.toMillis(), TimeUnit.MILLISECONDS);
          case MALFORMED -> resp = new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
              .setBody(fault.body);
          case DISCONNECT -> resp.setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
          default -> { }
        }
      }
      return resp;
    }
  }

  private Fault takeFault(String method, String path) {
    for (Iterator<FaultRule> it = faults.iterator(); it.hasNext(); ) {
      FaultRule f = it.next();
      if ((f.method.equals("*") || f.method.equalsIgnoreCase(method)) && path.startsWith(f.pathPrefix)) {
        if (--f.remaining <= 0) it.remove();
        return f.fault;
      }
    }
    return null;
  }

  private MockResponse route(String method, String path, String query, String body) {
    Matcher m;
    if ("POST".equals(method) && path.equals("/api/v0/bundles/")) return search(body);
    if ("PUT".equals(method) && (m = ASK.matcher(path)).matches()) return create(Long.parseLong(m.group(1)), body);
    if ("GET".equals(method) && path.equals("/api/v1/instances/")) return listV1(params(query));
    if ("GET".equals(method) && path.equals("/api/v0/instances/")) return listV0();
    if ("PUT".equals(method) && (m = BID.matcher(path)).matches()) return changeBid(Long.parseLong(m.group(1)), body);
    if ("PUT".equals(method) && (m = LOGS.matcher(path)).matches()) return requestLogs(Long.parseLong(m.group(1)));
    if ("GET".equals(method) && (m = LOG_FILE.matcher(path)).matches()) return logFile(m.group(1));
    if ("POST".equals(method) && (m = INSTANCE_SSH.matcher(path)).matches()) {
      long id = Long.parseLong(m.group(1));
      if (!instances.containsKey(id)) return noSuchInstance();
      Object parsed = normalize(json.parse(body));
      FakeVastSshKeys.Reply r = sshKeys.attach(id, parsed);
      if (parsed instanceof Map<?, ?> pm && pm.get("ssh_key") instanceof String key) onKeyAttached.accept(id, key);
      return reply(r);
    }
    if ("GET".equals(method) && path.equals("/api/v0/ssh/")) return reply(sshKeys.listAccount());
    if ("POST".equals(method) && path.equals("/api/v0/ssh/")) return reply(sshKeys.addAccount(normalize(json.parse(body))));
    if ((m = INSTANCE.matcher(path)).matches()) {
      long id = Long.parseLong(m.group(1));
      return switch (method) {
        case "GET" -> show(id);
        case "PUT" -> manage(id, body);
        case "DELETE" -> destroy(id);
        default -> notFound();
      };
    }
    if ("GET".equals(method) && path.equals("/api/v0/users/current/")) return user();
    if ("GET".equals(method) && path.equals("/api/v0/template/")) {
      return json(200, Map.of("success", true, "templates", templates));
    }
    if ("GET".equals(method) && path.equals("/api/v0/volumes/")) return json(200, Map.of("volumes", volumes));
    return notFound();
  }

  // ---- offers

  @SuppressWarnings("unchecked")
  private MockResponse search(String body) {
    Object parsed;
    try {
      parsed = normalize(json.parse(body));
    } catch (RuntimeException e) {
      return json(400, Map.of("error", "invalid_request", "msg", "Invalid json body"));
    }
    if (!(parsed instanceof Map)) return json(400, Map.of("error", "invalid_request", "msg", "Invalid json body"));
    Map<String, Object> q = (Map<String, Object>) parsed;
    String type = String.valueOf(q.getOrDefault("type", "on-demand"));
    boolean bid = type.equals("bid") || type.equals("interruptible");
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> o : offers.values()) {
      if (matches(o, q)) out.add(bid ? bidView(o) : new LinkedHashMap<>(o));
    }
    Object order = q.get("order");
    if (order instanceof List<?> ol && !ol.isEmpty() && ol.get(0) instanceof List<?> first && first.size() == 2) {
      String field = String.valueOf(first.get(0));
      boolean desc = "desc".equalsIgnoreCase(String.valueOf(first.get(1)));
      out.sort((a, b) -> {
        double x = num(a.get(field));
        double y = num(b.get(field));
        return desc ? Double.compare(y, x) : Double.compare(x, y);
      });
    }
    long limit = q.get("limit") instanceof Long l ? l : 64;
    if (out.size() > limit) out = new ArrayList<>(out.subList(0, (int) limit));
    for (int i = 0; i < out.size(); i++) out.get(i).put("rn", (long) i + 1);
    return json(200, Map.of("offers", out));
  }

  private static double num(Object v) {
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private Map<String, Object> bidView(Map<String, Object> o) {
    Map<String, Object> v = new LinkedHashMap<>(o);
    double storage = num(o.get("storage_total_cost"));
    double minBid = num(o.get("min_bid"));
    if (!Double.isNaN(minBid)) {
      double total = minBid + (Double.isNaN(storage) ? 0 : storage);
      v.put("dph_total", total);
      v.put("search", Map.of("gpuCostPerHour", minBid, "diskHour", Double.isNaN(storage) ? 0.0 : storage,
          "totalHour", total, "discountTotalHour", 0L, "discountedTotalPerHour", total));
    }
    return v;
  }

  private static final Set<String> NOT_FILTERS = Set.of("order", "type", "limit", "allocated_storage",
      "disable_bundling", "georegion", "chunked");

  @SuppressWarnings("unchecked")
  private static boolean matches(Map<String, Object> offer, Map<String, Object> q) {
    for (Map.Entry<String, Object> e : q.entrySet()) {
      if (NOT_FILTERS.contains(e.getKey()) || !(e.getValue() instanceof Map)) continue;
      String field = e.getKey();
      if (field.equals("datacenter")) continue; // a scope control, not an offer field
      Object actual = offer.get(field);
      for (Map.Entry<String, Object> op : ((Map<String, Object>) e.getValue()).entrySet()) {
        if (!test(field, actual, op.getKey(), op.getValue())) return false;
      }
    }
    return true;
  }

  private static boolean test(String field, Object actual, String op, Object want) {
    if (field.equals("geolocation") && actual instanceof String s && s.length() >= 2) {
      actual = s.substring(s.length() - 2);
    }
    switch (op) {
      case "in", "notin" -> {
        boolean any = false;
        if (want instanceof List<?> l) for (Object w : l) any |= same(actual, w);
        return op.equals("in") == any;
      }
      case "eq" -> {
        return same(actual, want);
      }
      case "neq" -> {
        return !same(actual, want);
      }
      default -> {
        double a = toNumber(actual);
        double w = toNumber(want);
        if (Double.isNaN(a) || Double.isNaN(w)) return false;
        return switch (op) {
          case "gt" -> a > w;
          case "gte" -> a >= w;
          case "lt" -> a < w;
          case "lte" -> a <= w;
          default -> true; // an unknown operator: Vast ignores it
        };
      }
    }
  }

  private static boolean same(Object actual, Object want) {
    if (want instanceof Boolean b) return b == (actual instanceof Boolean ab ? ab : actual != null && !Boolean.FALSE.equals(actual)
        && !(actual instanceof Number n && n.doubleValue() == 0));
    if (want instanceof Number || actual instanceof Number) {
      double a = toNumber(actual);
      double w = toNumber(want);
      return !Double.isNaN(a) && a == w;
    }
    return actual != null && want != null && String.valueOf(actual).equalsIgnoreCase(String.valueOf(want));
  }

  private static double toNumber(Object v) {
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  // ---- create

  @SuppressWarnings("unchecked")
  private MockResponse create(long askId, String body) {
    Object parsed;
    try {
      parsed = normalize(json.parse(body));
    } catch (RuntimeException e) {
      return json(400, Map.of("success", false, "error", "invalid_args", "msg", "error 400/1782: Invalid args: invalid json: {}"));
    }
    if (!(parsed instanceof Map)) {
      return json(400, Map.of("success", false, "error", "invalid_args", "msg", "error 400/1782: Invalid args: invalid json: {}"));
    }
    Map<String, Object> req = (Map<String, Object>) parsed;
    Map<String, Object> offer = offers.get(askId);
    if (offer == null || Boolean.TRUE.equals(offer.get("rented"))) {
      return json(404, Map.of("success", false, "error", "invalid_args", "msg", "error 404/3603: no_such_ask Instance "
          + "type by id " + askId + " is not available.", "ask_id", askId));
    }
    if (!(req.get("image") instanceof String) && !(req.get("template_hash_id") instanceof String)) {
      return json(400, Map.of("success", false, "error", "invalid_args", "msg",
          "error 400/3467: Invalid args: an image or a template_hash_id is required", "ask_id", askId));
    }
    Double price = req.get("price") instanceof Number n ? n.doubleValue() : null;
    FakeInstance i = new FakeInstance(nextInstanceId++, askId, offer, req, price, clock.instant().toEpochMilli() / 1000.0,
        this::freeLoopbackPort);
    i.sshGateway = sshGatewayPort;
    instances.put(i.id, i);
    offer.put("rented", true);
    offer.put("rentable", false);
    double minBid = num(offer.get("min_bid"));
    if (price != null && !Double.isNaN(minBid) && price < minBid) {
      i.pending.clear();
      i.actual = "created";
      i.intended = "stopped";
      i.cur = "stopped";
      i.next = "stopped";
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("success", false);
      out.put("new_contract", i.id);
      out.put("error", "bid_too_low");
      out.put("msg", "Your bid is below the current winning bid; the instance was created in the stopped state.");
      return json(bidRejectionStatus, out);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", true);
    out.put("new_contract", i.id);
    out.put("instance_api_key", String.format("%064x", i.id * 7919));
    return json(200, out);
  }

  // ---- instances

  private MockResponse show(long id) {
    FakeInstance i = instances.get(id);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("instances", i == null ? null : i.toJson());
    if (i != null && autoAdvance) i.step();
    return json(200, out);
  }

  @SuppressWarnings("unchecked")
  private MockResponse listV1(Map<String, String> params) {
    if (v1ListGone) return json(404, Map.of("success", false, "error", "not_found", "msg", "no such endpoint"));
    int limit = pageSize;
    if (params.containsKey("limit")) {
      try {
        int l = Integer.parseInt(params.get("limit"));
        limit = l <= 0 ? 5 : Math.min(l, pageSize);
      } catch (NumberFormatException e) {
        return json(400, Map.of("error", "invalid_request", "msg", "Error in query parameters: limit"));
      }
    }
    Map<String, Object> filters = Map.of();
    if (params.containsKey("select_filters")) {
      Object f;
      try {
        f = normalize(json.parse(params.get("select_filters")));
      } catch (RuntimeException e) {
        return json(400, Map.of("error", "invalid_request", "msg", "Error in query parameters: select_filters"));
      }
      if (!(f instanceof Map)) return json(400, Map.of("error", "invalid_request", "msg", "Error in query parameters: select_filters"));
      filters = (Map<String, Object>) f;
      for (String k : filters.keySet()) {
        if (!V1_FILTERABLE.contains(k)) {
          return json(400, Map.of("error", "invalid_request", "msg", "Error in query parameters: " + k
              + " is not a valid search key"));
        }
      }
    }
    long after = Long.MIN_VALUE;
    if (params.containsKey("after_token")) {
      try {
        String decoded = new String(Base64.getDecoder().decode(params.get("after_token")), StandardCharsets.UTF_8);
        Map<String, Object> t = (Map<String, Object>) normalize(json.parse(decoded));
        after = (Long) ((Map<String, Object>) t.get("values")).get("id");
      } catch (RuntimeException e) {
        return json(400, Map.of("error", "invalid_token", "msg", "Error in query parameters: invalid after_token"));
      }
    }
    List<FakeInstance> matching = new ArrayList<>();
    Map<String, Object> labelCounts = new LinkedHashMap<>();
    for (FakeInstance i : instances.values()) {
      Map<String, Object> view = i.toJson();
      labelCounts.merge(i.label == null ? "" : i.label, 1L, (a, b) -> (Long) a + (Long) b);
      if (matches(view, filters)) matching.add(i);
    }
    List<Map<String, Object>> page = new ArrayList<>();
    List<FakeInstance> shown = new ArrayList<>();
    boolean more = false;
    for (FakeInstance i : matching) {
      if (i.id <= after) continue;
      if (page.size() == limit) {
        more = true;
        break;
      }
      page.add(i.toJson());
      shown.add(i);
    }
    if (autoAdvance) shown.forEach(FakeInstance::step);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", true);
    out.put("instances_found", (long) page.size());
    out.put("total_instances", (long) matching.size());
    out.put("label_counts", labelCounts);
    out.put("next_token", more ? Base64.getEncoder().encodeToString(("{\"values\": {\"id\": "
        + shown.get(shown.size() - 1).id + "}}").getBytes(StandardCharsets.UTF_8)) : null);
    out.put("instances", page);
    return json(200, out);
  }

  private MockResponse listV0() {
    if (v0ListGone) {
      return json(410, Map.of("success", false, "error", "deprecated_endpoint", "msg", "Use /api/v1/instances/ instead"));
    }
    List<Map<String, Object>> all = new ArrayList<>();
    for (FakeInstance i : instances.values()) all.add(i.toJson());
    if (autoAdvance) instances.values().forEach(FakeInstance::step);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("instances_found", (long) all.size());
    out.put("instances", all);
    return json(200, out);
  }

  @SuppressWarnings("unchecked")
  private MockResponse manage(long id, String body) {
    FakeInstance i = instances.get(id);
    if (i == null) return noSuchInstance();
    Map<String, Object> req = (Map<String, Object>) normalize(json.parse(body));
    if (req.containsKey("label")) {
      String label = req.get("label") == null ? null : String.valueOf(req.get("label"));
      if (label != null && label.length() > 1024) {
        return json(400, Map.of("success", false, "error", "invalid_args", "msg",
            "error 400/1782: Invalid args: label longer than 1024 characters"));
      }
      i.label = label;
      return json(200, Map.of("success", true, "msg", "label for " + id + " set to '" + i.label + "'."));
    }
    Object state = req.get("state");
    if ("stopped".equals(state)) {
      i.intended = "stopped";
      i.cur = "stopped";
      i.next = "stopped";
      i.pending.clear();
      if ("running".equals(i.actual) || "loading".equals(i.actual) || i.actual == null) i.pending.add("stopped");
      else i.actual = "stopped";
      return json(200, Map.of("success", true));
    }
    if ("running".equals(state)) {
      if ("running".equals(i.intended) && "running".equals(i.cur)) return json(200, Map.of("success", true));
      i.intended = "running";
      i.outbid = false;
      if (queueStarts) {
        i.cur = "stopped";
        i.next = "running";
        i.statusMsg = "resources unavailable, state change queued.";
        i.pending.clear();
        return json(200, Map.of("success", false, "error", "resources_unavailable",
            "msg", "Required resources are currently unavailable on this machine; state change queued."));
      }
      i.cur = "running";
      i.next = "running";
      i.statusMsg = null;
      i.pending.clear();
      i.pending.add("loading");
      i.pending.add("running");
      return json(200, Map.of("success", true));
    }
    return json(400, Map.of("success", false, "error", "invalid_args", "msg", "error 400/1782: Invalid args: " + body));
  }

  private MockResponse destroy(long id) {
    FakeInstance i = instances.remove(id);
    if (i == null) return noSuchInstance();
    sshKeys.forget(id);
    Map<String, Object> offer = offers.get(i.askId);
    if (offer != null) {
      offer.put("rented", false);
      offer.put("rentable", true);
    }
    return json(200, Map.of("success", true, "msg", "Instance destroyed successfully"));
  }

  @SuppressWarnings("unchecked")
  private MockResponse changeBid(long id, String body) {
    FakeInstance i = instances.get(id);
    if (i == null) return noSuchInstance();
    Map<String, Object> req = (Map<String, Object>) normalize(json.parse(body));
    double price = toNumber(req.get("price"));
    if (Double.isNaN(price) || price < 0.001) {
      return json(400, Map.of("success", false, "error", "invalid_args", "msg", "Please set a bid price >= 0.001."));
    }
    i.bid = price;
    double minBid = num(i.offer.get("min_bid"));
    if (i.outbid && (Double.isNaN(minBid) || price >= minBid)) {
      i.outbid = false;
      i.intended = "running";
      i.cur = "running";
      i.next = "running";
      i.pending.clear();
      i.pending.add("loading");
      i.pending.add("running");
    }
    return json(200, Map.of("success", true));
  }

  private MockResponse requestLogs(long id) {
    if (!instances.containsKey(id)) return json(404, Map.of("error", "invalid_id", "msg", "Invalid instance id."));
    String token = id + "-" + Long.toHexString(System.nanoTime());
    logPolls.put(token, 0);
    return json(200, Map.of("success", true, "result_url", baseUrl() + "/fake-logs/" + token + ".log",
        "msg", "Logs requested; they will be available at result_url shortly."));
  }

  private MockResponse logFile(String token) {
    Integer polls = logPolls.get(token);
    if (polls == null) return new MockResponse().setResponseCode(404).setBody("<Error><Code>NoSuchKey</Code></Error>");
    logPolls.put(token, polls + 1);
    if (polls < logsNotReadyPolls) return new MockResponse().setResponseCode(404).setBody("<Error><Code>NoSuchKey</Code></Error>");
    long id = Long.parseLong(token.substring(0, token.indexOf('-')));
    String text = logs.getOrDefault(id, "==> /var/log/onstart.log <==\nstarting up\n");
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(text);
  }

  private MockResponse user() {
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("id", 123456L);
    u.put("key_id", 987654L);
    u.put("username", "fake-user");
    u.put("email", "fake-user@example.com");
    u.put("balance", balance);
    u.put("credit", credit);
    u.put("ssh_key", null);
    u.put("api_key", apiKey); // the real answer carries the key too: clients must never log this object
    return json(200, u);
  }

  // ---- helpers

  private MockResponse reply(FakeVastSshKeys.Reply r) {
    return json(r.status(), r.body());
  }

  private MockResponse badKey(int status) {
    return json(status, Map.of("success", false, "error", "auth_error", "msg", "Invalid user key"));
  }

  private MockResponse noSuchInstance() {
    return json(404, Map.of("success", false, "error", "no_such_instance", "msg", "Instance with that ID does not exist."));
  }

  private MockResponse notFound() {
    return json(404, Map.of("success", false, "error", "not_found", "msg", "no such endpoint (paths end with '/')"));
  }

  private MockResponse rateLimited(Fault f) {
    String t = f.threshold == Math.rint(f.threshold) ? String.format(Locale.ROOT, "%.1f", f.threshold)
        : Double.toString(f.threshold);
    return switch (f.style) {
      case DETAIL -> json(429, Map.of("detail", "API requests too frequent endpoint threshold=" + t));
      case ENVELOPE -> json(429, Map.of("success", false, "error", "rate_limit_exceeded",
          "msg", "API requests too frequent endpoint threshold=" + t));
      case PLAIN -> new MockResponse().setResponseCode(429).setHeader("Content-Type", "text/plain")
          .setBody("API requests too frequent endpoint threshold=" + t);
    };
  }

  private MockResponse json(int status, Object body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
        .setBody(json.write(body));
  }

  private static Map<String, String> params(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) return out;
    for (String part : query.split("&")) {
      int eq = part.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  /** Integral doubles (how JSON numbers parse) become Long so they are written back without a fraction. */
  static Object normalize(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return d.longValue();
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), normalize(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object x : l) out.add(normalize(x));
      return out;
    }
    return v;
  }

  private static final class FaultRule {
    final String method;
    final String pathPrefix;
    int remaining;
    final Fault fault;

    FaultRule(String method, String pathPrefix, int times, Fault fault) {
      this.method = method;
      this.pathPrefix = pathPrefix;
      this.remaining = times;
      this.fault = fault;
    }
  }

  /** One rented instance and its four status fields. */
  private static final class FakeInstance {
    final long id;
    final long askId;
    final Map<String, Object> offer;
    final Map<String, Object> request;
    final double startDate;
    final boolean isBid;
    Double bid;
    String label;
    String actual;
    String intended = "running";
    String cur = "running";
    String next = "running";
    String statusMsg;
    boolean outbid;
    Double gpuUtil;
    Double vmemUsageGb;
    final Deque<String> pending = new ArrayDeque<>();
    /** Loopback host ports: the proxy ssh port, the host management port, then one per container port. */
    final int sshPort;
    volatile int sshGateway;
    final int machineDirSshPort;
    final Map<String, Integer> hostPorts = new LinkedHashMap<>();

    FakeInstance(long id, long askId, Map<String, Object> offer, Map<String, Object> request, Double bid, double startDate,
        java.util.function.IntSupplier loopbackPorts) {
      this.id = id;
      this.askId = askId;
      this.offer = new LinkedHashMap<>(offer);
      this.request = request;
      this.bid = bid;
      this.isBid = bid != null;
      this.startDate = startDate;
      this.label = request.get("label") == null ? null : String.valueOf(request.get("label"));
      this.actual = null;
      this.sshPort = loopbackPorts.getAsInt();
      this.machineDirSshPort = loopbackPorts.getAsInt();
      if (runtype().contains("ssh")) hostPorts.put("22/tcp", loopbackPorts.getAsInt());
      for (Long p : containerPorts()) hostPorts.putIfAbsent(p + "/tcp", loopbackPorts.getAsInt());
      pending.add("loading");
      pending.add("running");
    }

    /** Container ports the create asked for ({@code "-p 8000:8000": "1"} keys of {@code env}). */
    private List<Long> containerPorts() {
      List<Long> ports = new ArrayList<>();
      if (request.get("env") instanceof Map<?, ?> env) {
        for (Object k : env.keySet()) {
          Matcher m = PORT_REQUEST.matcher(String.valueOf(k));
          if (m.find()) ports.add(Long.parseLong(m.group(2)));
        }
      }
      return ports;
    }

    void step() {
      String s = pending.poll();
      if (s == null) return;
      actual = s;
      statusMsg = switch (s) {
        case "loading" -> "Pulling " + request.getOrDefault("image", "image");
        case "running" -> "success, running " + request.getOrDefault("image", "image");
        default -> statusMsg;
      };
    }

    private String runtype() {
      Object r = request.get("runtype");
      return r == null ? "ssh_direc ssh_proxy" : String.valueOf(r);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> toJson() {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("id", id);
      o.put("actual_status", actual);
      o.put("intended_status", intended);
      o.put("cur_state", cur);
      o.put("next_state", next);
      o.put("status_msg", statusMsg);
      o.put("label", label);
      o.put("template_id", null);
      o.put("template_hash_id", request.get("template_hash_id"));
      o.put("template_name", null);
      o.put("image_uuid", request.get("image"));
      o.put("image_args", request.getOrDefault("args", List.of()));
      o.put("image_runtype", runtype());
      List<Object> extraEnv = new ArrayList<>();
      if (request.get("env") instanceof Map<?, ?> env) {
        for (Map.Entry<?, ?> e : env.entrySet()) {
          extraEnv.add(List.of(String.valueOf(e.getKey()), String.valueOf(e.getValue())));
        }
      }
      o.put("extra_env", extraEnv);
      o.put("onstart", request.get("onstart"));
      Object ip = offer.get("public_ipaddr");
      o.put("public_ipaddr", ip == null ? null : ip + "\n");
      o.put("local_ipaddrs", "127.0.0.1 \n");
      o.put("ssh_host", LOOPBACK); // Vast's proxy host (sshN.vast.ai) would be off the machine
      o.put("ssh_idx", Long.toString(id % 9 + 1));
      o.put("ssh_port", (long) (sshGateway > 0 ? sshGateway : sshPort));
      o.put("machine_dir_ssh_port", (long) machineDirSshPort);
      if ("running".equals(actual)) {
        Map<String, Object> pm = new LinkedHashMap<>();
        hostPorts.forEach((k, hp) -> pm.put(k, bindings(hp)));
        o.put("ports", pm);
      } else {
        o.put("ports", actual == null ? null : Map.of());
      }
      for (String k : List.of("machine_id", "host_id", "bundle_id", "geolocation", "gpu_name", "gpu_arch", "gpu_ram",
          "num_gpus", "gpu_frac", "cpu_name", "cpu_arch", "cpu_cores", "cpu_cores_effective", "cpu_ram",
          "cuda_max_good", "driver_version", "compute_cap", "inet_up", "inet_down", "reliability2", "verification",
          "rentable", "hosting_type", "static_ip", "os_version", "storage_cost", "dph_base", "min_bid",
          "direct_port_count", "dlperf", "total_flops")) {
        o.put(k, offer.get(k));
      }
      Object gpuRam = offer.get("gpu_ram");
      Object n = offer.get("num_gpus");
      o.put("gpu_totalram", gpuRam instanceof Long g && n instanceof Long c ? g * c : gpuRam);
      boolean running = "running".equals(actual);
      o.put("gpu_util", running ? gpuUtil : null);
      o.put("vmem_usage", running ? vmemUsageGb : null);
      o.put("disk_space", request.get("disk"));
      o.put("is_bid", isBid);
      double storage = offer.get("storage_total_cost") instanceof Number s ? s.doubleValue() : 0;
      double total = isBid && bid != null ? bid + storage
          : offer.get("dph_total") instanceof Number d ? d.doubleValue() : 0;
      o.put("dph_total", total);
      o.put("search", Map.of("totalHour", total, "diskHour", storage));
      o.put("instance", Map.of("totalHour", "running".equals(actual) ? total : storage, "diskHour", storage));
      o.put("start_date", startDate);
      o.put("end_date", startDate + 2_592_000);
      o.put("uptime_mins", "running".equals(actual) ? 1.0 : null);
      o.put("external", false);
      o.put("volume_info", List.of());
      return o;
    }

    private static List<Object> bindings(long hostPort) {
      return List.of(Map.of("HostIp", "0.0.0.0", "HostPort", Long.toString(hostPort)),
          Map.of("HostIp", "::", "HostPort", Long.toString(hostPort)));
    }
  }
}
