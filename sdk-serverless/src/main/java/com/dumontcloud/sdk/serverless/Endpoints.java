package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.access.Principal;
import com.dumontcloud.sdk.engine.EngineListener;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.time.Scheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Serverless model endpoints (seed 000): create, list, get, delete, stats; {@link #client(String)} routes
 * OpenAI-compatible requests to an endpoint's replicas. Replicas are real instances rented through
 * {@link Dumont} by the engine (one engine deployment per replica slot, see {@link EngineReplicaManager}), so a
 * replica lost to an interruption is replaced by the engine's failover while traffic goes to the others; every
 * endpoint scales between its min and max on its own autoscaler tick (the client's
 * {@link Scheduler}: virtual in tests). Thread-safe; close it to stop the ticks (replicas stay up and are
 * adopted by the next {@code Endpoints} over the same store).
 *
 * <pre>{@code
 * try (Endpoints eps = Endpoints.builder(dumont).build()) {
 *   Endpoint ep = eps.create(EndpointSpec.builder(TemplateCatalog.get("qwen2.5-0.5b")).replicas(0, 5).build());
 *   ChatCompletion c = eps.client(ep.id()).chat(ChatRequest.of("qwen", "Say hello"));
 * }
 * }</pre>
 */
public final class Endpoints implements AutoCloseable {
  private final Dumont dumont;
  private final Scheduler scheduler;
  private final EndpointStore store;
  private final ReplicaManager replicas;
  private final boolean ownsReplicas;
  private final HealthCheck health;
  private final OkHttpClient http;
  private final boolean ownsHttp;
  private final boolean periodic;
  private final Supplier<String> ids;
  private final Map<String, EndpointRuntime> runtimes = new LinkedHashMap<>();
  private volatile boolean closed;

  private Endpoints(Builder b) {
    this.dumont = b.dumont;
    this.scheduler = dumont.scheduler();
    this.store = b.store;
    this.ownsHttp = b.http == null;
    this.http = b.http != null ? b.http : new OkHttpClient.Builder()
        .dispatcher(new Dispatcher(java.util.concurrent.Executors.newCachedThreadPool(r -> {
          Thread t = new Thread(r, "sdk-router-" + THREAD_SEQ.incrementAndGet());
          t.setDaemon(true);
          return t;
        })))
        .connectionPool(new ConnectionPool(16, 1, java.util.concurrent.TimeUnit.MINUTES))
        .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofMinutes(2)).build();
    this.health = b.health != null ? b.health : HealthCheck.http(http, Duration.ofSeconds(2));
    this.ownsReplicas = b.replicas == null;
    if (b.replicas != null) {
      this.replicas = b.replicas;
    } else {
      StateStore engineStore = b.engineStore;
      boolean ownsEngineStore = false;
      if (engineStore == null && store instanceof FileEndpointStore f) {
        engineStore = StateStore.fileJournal(f.dir().resolve("engine.jsonl"));
        ownsEngineStore = true;
      }
      EngineReplicaManager.Builder eb = EngineReplicaManager.builder(dumont).healthCheck(health).periodic(b.periodic);
      if (b.owner != null) eb.owner(b.owner);
      if (engineStore != null) eb.stateStore(engineStore, ownsEngineStore);
      if (b.engineTick != null) eb.tick(b.engineTick);
      b.engineListeners.forEach(eb::listener);
      this.replicas = eb.build();
    }
    this.periodic = b.periodic;
    this.ids = b.ids;
    for (Map<String, Object> rec : store.loadAll()) {
      EndpointRuntime rt = EndpointRuntime.fromRecord(rec, scheduler, replicas, health, this::persist);
      try {
        rt.adopt(replicas.adopt(rt.id), EndpointRuntime.storedSlots(rec));
      } catch (DumontException e) {
        // provider unreachable now: the endpoint shows no replicas until a later tick finds them
      }
      runtimes.put(rt.id, rt);
      rt.start(periodic);
    }
  }

  private static final java.util.concurrent.atomic.AtomicInteger THREAD_SEQ = new java.util.concurrent.atomic.AtomicInteger();

  public static Builder builder(Dumont dumont) {
    return new Builder(dumont);
  }

  /** Create an endpoint; with {@code minReplicas > 0} its replicas start launching on the first tick. */
  public Endpoint create(EndpointSpec spec) {
    Objects.requireNonNull(spec, "spec");
    ensureOpen();
    String id;
    synchronized (runtimes) {
      do {
        id = ids.get();
      } while (runtimes.containsKey(id));
    }
    EndpointRuntime rt = new EndpointRuntime(id, spec, scheduler.now(), scheduler, replicas, health, this::persist, null);
    PricingModel pm = switch (spec.machineType()) {
      case SPOT -> PricingModel.SPOT;
      case ON_DEMAND -> PricingModel.ON_DEMAND;
      case AUTO -> null;
    };
    try {
      Optional<Offer> q = replicas.quote(spec, pm);
      if (q.isEmpty() && pm == PricingModel.SPOT && spec.onDemandFallback()) q = replicas.quote(spec, PricingModel.ON_DEMAND);
      q.ifPresent(o -> rt.quote(o.pricePerHour(), o.gpu().name(), EndpointRuntime.storagePrice(o)));
    } catch (DumontException e) {
      // no quote now; the endpoint still works once capacity shows up
    }
    synchronized (runtimes) {
      runtimes.put(id, rt);
    }
    persist(rt);
    rt.start(periodic);
    return rt.view();
  }

  /**
   * {@link #create(EndpointSpec)} on behalf of {@code by}, as the engine applies a deployment on a principal's
   * behalf: it needs {@code gpu.provision}, and the endpoint is labelled {@code dumont-principal} = the subject
   * (whatever the spec said) and {@code dumont-team} = the team it is charged to (the principal's only team, or the
   * one the spec's {@code dumont-team} label names, which must be one of its teams). Those labels go onto every
   * replica, so the team's quota and budgets count them, and they decide who may delete the endpoint. Audited
   * ({@code create_endpoint}) with the principal.
   *
   * @throws com.dumontcloud.sdk.exception.AccessDeniedException naming the missing permission
   * @throws com.dumontcloud.sdk.exception.InvalidSpecException when the spec's {@code dumont-team} is not one of the
   *     principal's teams (or names none while it has several)
   */
  public Endpoint create(EndpointSpec spec, Principal by) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(by, "principal");
    EndpointSpec owned;
    try {
      owned = EndpointAccess.owned(dumont, spec, by);
    } catch (DumontException e) {
      EndpointAccess.audit(dumont, "create_endpoint", spec.name(), spec.labels(), by, false, e.getMessage());
      throw e;
    }
    Endpoint e = create(owned);
    EndpointAccess.audit(dumont, "create_endpoint", e.id(), owned.labels(), by, true, "created");
    return e;
  }

  public List<Endpoint> list() {
    return runtimes().stream().map(EndpointRuntime::view).toList();
  }

  /** @throws EndpointNotFoundException unknown id */
  public Endpoint get(String id) {
    return runtime(id).view();
  }

  /** Delete: fail waiting requests, terminate every replica, forget the endpoint. */
  public void delete(String id) {
    EndpointRuntime rt = runtime(id);
    rt.delete();
    synchronized (runtimes) {
      runtimes.remove(id);
    }
    store.delete(id);
  }

  /**
   * {@link #delete(String)} on behalf of {@code by}: it needs {@code gpu.delete} on the endpoint (a developer's,
   * on endpoints labelled with its subject or one of its teams). Audited ({@code delete_endpoint}).
   *
   * @throws EndpointNotFoundException unknown id
   * @throws com.dumontcloud.sdk.exception.AccessDeniedException naming the missing permission and the owner
   */
  public void delete(String id, Principal by) {
    Objects.requireNonNull(by, "principal");
    Map<String, String> labels = runtime(id).spec.labels();
    try {
      EndpointAccess.requireDelete(dumont, id, labels, by);
    } catch (DumontException e) {
      EndpointAccess.audit(dumont, "delete_endpoint", id, labels, by, false, e.getMessage());
      throw e;
    }
    delete(id);
    EndpointAccess.audit(dumont, "delete_endpoint", id, labels, by, true, "deleted");
  }

  /**
   * Why a team quota or a budget refused the endpoint's last replica launch, while no launch has succeeded since
   * and more replicas are wanted: the refusal in one line (e.g. {@code quota exceeded: endpoint ep-1a2b3c4d:
   * replica r2 refused: quota team ml: 2 instances would exceed max_concurrent_instances=1 (running: 1); stop one or
   * raise the quota}); empty otherwise. The endpoint tries again after a pause (15 s, doubling to 120 s).
   *
   * @throws EndpointNotFoundException unknown id
   */
  public Optional<String> launchRefusal(String id) {
    return Optional.ofNullable(runtime(id).launchRefusal());
  }

  /** Seed-000 statistics over every endpoint. */
  public ServerlessStats stats() {
    return ServerlessStats.of(runtimes().stream().map(EndpointRuntime::stats).toList());
  }

  public EndpointStats stats(String id) {
    return runtime(id).stats();
  }

  /** The router for an endpoint's OpenAI-compatible API. */
  public EndpointClient client(String id) {
    return new EndpointClient(runtime(id), http, scheduler);
  }

  /**
   * Route one request without sending it: the ready replica with the fewest outstanding requests, or a place in
   * the endpoint's bounded queue until one is ready (a request to a zero-replica endpoint starts one). For
   * transports other than {@link #client}'s HTTP and for replays on virtual time. Never blocks: the future
   * completes at once, later on the endpoint's tick, or exceptionally with {@link EndpointOverloadedException} (the
   * queue is full, at once) or {@link EndpointUnavailableException} (no replica within the cold-start timeout, or
   * the endpoint was deleted); a failure is counted as an error in the stats.
   *
   * @param endpointId the endpoint
   * @param arrivedAt when the request arrived (its queue wait counts from here)
   * @param exclude replica instance ids not to use (those a retried request already failed on)
   * @throws EndpointNotFoundException unknown id
   */
  public java.util.concurrent.CompletableFuture<ReplicaLease> acquire(String endpointId, Instant arrivedAt,
      java.util.Set<String> exclude) {
    Objects.requireNonNull(arrivedAt, "arrivedAt");
    return runtime(endpointId).acquireAsync(java.util.Set.copyOf(exclude), arrivedAt).thenApply(ReplicaLease::new);
  }

  /** Run one reconcile step of the engine (when it runs the replicas) and of every endpoint now, on the calling thread. */
  public void reconcileNow() {
    if (replicas instanceof EngineReplicaManager e) e.reconcileNow();
    runtimes().forEach(EndpointRuntime::tick);
  }

  /** How replicas are launched and replaced (an {@link EngineReplicaManager} unless the builder was given another). */
  public ReplicaManager replicaManager() {
    return replicas;
  }

  /**
   * Lost replicas replaced by this process so far, for an endpoint: with the engine, each failover that put a new
   * instance in one of its slots; with {@link DirectReplicaManager}, each replacement the runtime launched.
   */
  public long replacements(String id) {
    return runtime(id).replaced();
  }

  /**
   * How an endpoint's replicas started in this process: {@code fresh_rentals} (new instances, warm-pool members
   * included), {@code resumes} (stopped warm workers started), {@code resume_fallbacks} (resumes the provider queued
   * or refused, replaced at once by a fresh rental) and {@code prewarm_launches} (starts pre-warming asked for).
   */
  public Map<String, Long> starts(String id) {
    long[] s = runtime(id).starts();
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("fresh_rentals", s[0]);
    m.put("resumes", s[1]);
    m.put("resume_fallbacks", s[2]);
    m.put("prewarm_launches", s[3]);
    return m;
  }

  /**
   * Pre-warming's extra cost for an endpoint in this process: what the replicas it launched or resumed were billed
   * before their first request (all of it for one that never got a request), USD.
   */
  public double prewarmCost(String id) {
    return runtime(id).prewarmCost();
  }

  /** The endpoint's warm pool now: members renting for the pool ({@code warming}), stopping and stopped. */
  public List<ReplicaInfo> warmPool(String id) {
    return runtime(id).warmPool();
  }

  /** Requests waiting for a replica now. */
  public int queued(String id) {
    return runtime(id).queued();
  }

  private List<EndpointRuntime> runtimes() {
    synchronized (runtimes) {
      return new ArrayList<>(runtimes.values());
    }
  }

  EndpointRuntime runtime(String id) {
    ensureOpen();
    synchronized (runtimes) {
      EndpointRuntime rt = runtimes.get(id);
      if (rt == null) throw new EndpointNotFoundException(id);
      return rt;
    }
  }

  private void persist(EndpointRuntime rt) {
    synchronized (runtimes) {
      if (!runtimes.containsKey(rt.id)) return;
    }
    store.save(rt.id, rt.toRecord());
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("Endpoints is closed");
  }

  /** Stop ticking and save; replicas keep running and are adopted by the next instance over the same store. */
  @Override
  public void close() {
    if (closed) return;
    for (EndpointRuntime rt : runtimes()) {
      rt.detach();
      persist(rt);
    }
    closed = true;
    if (ownsReplicas) replicas.close();
    if (ownsHttp) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /** A new endpoint id: "ep-" and 8 random hex digits. */
  public static String newId() {
    byte[] b = new byte[4];
    RANDOM.nextBytes(b);
    return "ep-" + HexFormat.of().formatHex(b);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Builder for {@link Endpoints}. */
  public static final class Builder {
    private final Dumont dumont;
    private EndpointStore store = EndpointStore.inMemory();
    private ReplicaManager replicas;
    private StateStore engineStore;
    private Duration engineTick;
    private final List<EngineListener> engineListeners = new ArrayList<>();
    private HealthCheck health;
    private OkHttpClient http;
    private String owner;
    private boolean periodic = true;
    private Supplier<String> ids = Endpoints::newId;

    private Builder(Dumont dumont) {
      this.dumont = Objects.requireNonNull(dumont, "dumont");
    }

    /** Where endpoints are kept (default in memory; {@link EndpointStore#files} to survive restarts). */
    public Builder store(EndpointStore s) { store = Objects.requireNonNull(s); return this; }
    /**
     * How replicas are launched and watched (default an {@link EngineReplicaManager}: replicas are engine
     * deployments replaced by the engine's failover; {@link DirectReplicaManager} launches them directly and the
     * endpoint replaces lost ones itself). A manager given here is not closed by {@link #close()}.
     */
    public Builder replicaManager(ReplicaManager r) { replicas = r; return this; }
    /**
     * State store of the default engine (default: a file journal {@code engine.jsonl} next to a
     * {@link EndpointStore#files} store, else in memory). Not closed by {@link #close()}.
     */
    public Builder engineStateStore(StateStore s) { engineStore = s; return this; }
    /** Tick of the default engine (default 2 s). */
    public Builder engineTick(Duration d) { engineTick = d; return this; }
    /** Listener for the default engine's events (interruptions, failovers, launches, ...). */
    public Builder engineListener(EngineListener l) { engineListeners.add(Objects.requireNonNull(l)); return this; }
    /** Readiness check (default HTTP GET of the template's health path, 2 s timeout). */
    public Builder healthCheck(HealthCheck h) { health = h; return this; }
    /** Share an OkHttp client for routing and health checks (not shut down by close()). */
    public Builder okHttpClient(OkHttpClient c) { http = c; return this; }
    /**
     * Value of the {@code dumont-owner} label on replicas (default: the engine's identity, generated once and kept
     * in its state store).
     */
    public Builder owner(String o) { owner = o; return this; }
    /** Run each endpoint's autoscaler on the scheduler every tick (default true; false: call reconcileNow()). */
    public Builder autoscale(boolean on) { periodic = on; return this; }
    /** Id source (default random "ep-xxxxxxxx"). */
    public Builder ids(Supplier<String> s) { ids = s; return this; }

    public Endpoints build() {
      return new Endpoints(this);
    }
  }

  Instant now() {
    return scheduler.now();
  }
}
