package com.dumontcloud.sdk.engine;

import static com.dumontcloud.sdk.engine.FailoverStrategies.between;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.engine.Classifier.Condition;
import com.dumontcloud.sdk.engine.Slot.Phase;
import com.dumontcloud.sdk.engine.Slot.Role;
import com.dumontcloud.sdk.engine.store.FencedWriteException;
import com.dumontcloud.sdk.engine.store.Leases;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.exception.BudgetExceededException;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.QuotaExceededException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.SpotMarket;
import com.dumontcloud.sdk.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps declared deployments alive on spot capacity: a level-triggered controller (DESIGN 4.6) whose every tick
 * <ol>
 *   <li><b>observes</b> ({@link Observer}, no lock held): one listing per provider by this engine's owner label,
 *       interruption signals, a {@code get} for each expected instance the listing lacks, health probes;</li>
 *   <li><b>classifies</b> each slot ({@link Classifier}, pure) and <b>plans</b> under the engine lock: failover
 *       through the strategy chain, fills, warm-pool replenishment, hibernation, rolling updates, retirements,
 *       each billable action vetted by the {@link BudgetGuard};</li>
 *   <li><b>acts</b> ({@link ActionRunner}): provider calls and data operations run on bounded pools, never under
 *       the lock, each intent journalled in the {@link StateStore} before its call and its outcome after;</li>
 * </ol>
 * so that a slow checkpoint upload or a burst of launches never stalls detection for other deployments, and
 * {@link #get}, {@link #list} and {@link #apply} never wait for provider I/O.
 *
 * <h2>Identity and isolation</h2>
 * Every instance the engine launches carries {@code dumont-owner=<engine id>}. The id is generated once
 * ({@code dumont-} + 12 random hex digits) and persisted in the state store, so a restarted process on the same
 * store is the same engine, and two applications on one account (default builders) are two engines that never
 * see each other's instances. The engine stops, terminates or relabels only instances that carry its own owner
 * label <i>and</i> that its state holds or its journal launched (a {@code dumont-key} of one of its deployments'
 * generations). Two hosts may share an account safely as long as each has its own state store (or sets a
 * distinct {@link Builder#engineId}); two processes must never share one engine id at the same time.
 *
 * <h2>Crash safety</h2>
 * Intent is journalled before every side effect (a launch's idempotency key {@code <deployment>/<slot>/<gen>},
 * the retire list before terminates), so after a crash at any point {@link #start()} replays the journal, adopts
 * instances by key and never rents twice. A missing instance counts as lost only when two consecutive listings
 * lack it and {@code get} says it does not exist. A planned terminate (hibernation, budget shedding, scale-down,
 * migration) proceeds only after a checkpoint of the instance completed; a failed checkpoint keeps the instance
 * and is retried, with a {@link EngineEvent.CheckpointFailed} event.
 *
 * <p>Thread-safe. {@link #close()} stops the engine and leaves instances running (use {@link #delete(String)} to
 * terminate a deployment).
 */
public final class Orchestrator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);
  private static final Duration LEDGER_SAVE_INTERVAL = Duration.ofMinutes(1);
  /** Probes run at most this many at once; each honours its own deadline, the whole batch this one. */
  private static final int PROBE_THREADS = 16;
  private static final Duration PROBE_DEADLINE = Duration.ofSeconds(5);
  private static final Duration CHECKPOINT_RETRY = Duration.ofSeconds(30);

  private final Dumont dumont;
  private final StateStore store;
  /** Who may act on which deployment: {@link Leases#exclusive()} unless the store is shared by several replicas. */
  private final Leases leases;
  private final Scheduler scheduler;
  private final EngineIdentity identity;
  private final String engineId;
  private final HealthProbe probe;
  private final ExecutorService probePool;
  private final Observer observer;
  private final ActionRunner runner;
  private final Duration actionWait;
  private final DataSync dataSync;
  private final IdlenessSignal idleness;
  private final Map<String, DataSync> syncByScheme = new java.util.concurrent.ConcurrentHashMap<>();
  private final JobProgress jobProgress;
  private final Duration tick;
  /** Creates at a provider that answered 429 go out one at a time (see {@link LaunchPacer}). */
  private final LaunchPacer pacer;
  /** The same for the offer searches of launches: a refused search is not "no capacity". */
  private final LaunchPacer searchPacer;
  private final Duration spotRecheck;
  private final BudgetGuard budgets;
  private final Map<FailoverStrategy, FailoverStrategies.Strategy> strategies;
  private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, DeploymentState> deployments = new LinkedHashMap<>();
  /** Scratch of {@link #publishServingEndpoints} (used under the lock, one deployment at a time). */
  private final EndpointList endpointList = new EndpointList();
  /**
   * {@link #deployments} by descending priority (stable: apply order within a priority), the order a tick
   * reconciles them in; null after any change to the map or to a spec, rebuilt by the next tick.
   */
  private List<DeploymentState> order;
  /** {@link #deployments}' values in the map's order, rebuilt with {@link #order}. */
  private List<DeploymentState> inserted;
  /**
   * Every slot of {@link #inserted}, in order, with its deployment and the template its instance is probed with, and
   * the providers the specs name; rebuilt with {@link #order} (a spec or a slot list changes only with it). The tick's first pass walks these arrays instead of each deployment, its
   * spec and its slot list: at 10k deployments each of those is a cache miss.
   */
  private Slot[] allSlots;
  private DeploymentState[] slotOwners;
  /** Null where the standby's template could not be built then: the first pass builds it (and fails) as before. */
  private Template[] slotTemplates;
  private Set<String> specProviders;
  private boolean anyDefaultProvider;
  /** provider|instance → consecutive listings that lacked it while {@code get} said not found. */
  private final Map<String, Integer> misses = new HashMap<>();
  /** Checkpoint retry times after a failure, per deployment (process memory: a restart retries at once). */
  private final Map<String, Instant> checkpointRetryAt = new HashMap<>();
  private final ReentrantLock tickLock = new ReentrantLock();
  /** Serving endpoints last published per deployment, read without the engine lock by routers. */
  private final Map<String, List<ServingEndpoint>> published = new java.util.concurrent.ConcurrentHashMap<>();
  private Observer.Snapshot lastSnapshot;
  private Scheduler.Cancellable task;
  private Instant lastTickAt;
  private volatile boolean started;
  private volatile boolean closed;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  private Orchestrator(Builder b) {
    this.dumont = Objects.requireNonNull(b.dumont, "dumont");
    if (dumont.principal().isPresent()) {
      throw new IllegalArgumentException("build the orchestrator on the client itself, not on a view bound to "
          + dumont.principal().get().subject() + ": the engine acts for every deployment; pass the principal per call, "
          + "apply(spec, principal) and delete(id, principal)");
    }
    this.store = b.store != null ? b.store : StateStore.inMemory();
    this.leases = Objects.requireNonNull(store.leases(), "stateStore.leases()");
    this.scheduler = b.scheduler != null ? b.scheduler : dumont.scheduler();
    this.identity = EngineIdentity.load(store, b.engineId);
    this.engineId = identity.engineId;
    this.probe = b.probe != null ? b.probe : HealthProbe.defaults(b.dumont);
    this.probePool = ActionRunner.pool(PROBE_THREADS, "sdk-engine-probe-");
    this.observer = new Observer(dumont, engineId, probe, probePool, PROBE_DEADLINE, dumont.quotas().keySet());
    this.runner = new ActionRunner(b.ioThreads, b.dataThreads);
    this.actionWait = b.actionWait;
    this.dataSync = b.dataSync;
    this.idleness = b.idleness != null ? b.idleness : IdlenessSignal.fromProviders(dumont);
    this.jobProgress = b.jobProgress != null ? b.jobProgress : JobProgress.never();
    this.tick = b.tick;
    this.pacer = new LaunchPacer(b.tick, "creates");
    this.searchPacer = new LaunchPacer(b.tick, "offer searches");
    this.spotRecheck = b.spotRecheck;
    this.budgets = new BudgetGuard(deployments, b.labelBudgets, dumont.quotas());
    this.strategies = FailoverStrategies.all(new StrategyEngine());
    this.listeners.addAll(b.listeners);
  }

  public static Builder builder(Dumont dumont) {
    Builder b = new Builder();
    b.dumont = dumont;
    return b;
  }

  // ------------------------------------------------------------------------------------------ public API

  /**
   * Replay the state store and start reconciling every tick. Instances found by label are adopted when a
   * journalled slot or intent names them, terminated when they carry this engine's owner label, were launched by
   * it and nothing wants them, and never touched otherwise.
   *
   * @return a stage completing when the state is loaded
   * @throws IllegalStateException when a journalled deployment cannot be read (nothing is touched then)
   */
  public synchronized CompletableFuture<Void> start() {
    if (closed) throw new IllegalStateException("orchestrator " + engineId + " is closed");
    if (started) return CompletableFuture.completedFuture(null);
    Set<String> owned = leases.shared() ? leases.refresh(now()) : null;
    for (Map.Entry<String, Map<String, Object>> e : store.loadAll().entrySet()) {
      if (e.getKey().startsWith("_")) continue; // engine records (identity)
      if (owned != null && !owned.contains(e.getKey())) continue; // another replica's (shared store)
      try {
        DeploymentState loaded = DeploymentState.fromMap(e.getValue());
        deployments.put(e.getKey(), loaded);
        order = null;
        published.put(e.getKey(), loaded.servingEndpoints);
      } catch (RuntimeException bad) {
        throw new IllegalStateException("cannot read deployment '" + e.getKey() + "' from " + store + ": "
            + bad.getMessage() + " (nothing was touched; fix or remove the record)", bad);
      }
    }
    started = true;
    log.info("[engine={}, deployments={}{}] started", engineId, deployments.size(), leases.shared() ? ", shared store" : "");
    task = scheduler.scheduleAtFixedRate(this::safeTick, Duration.ZERO, tick);
    return CompletableFuture.completedFuture(null);
  }

  /** A stage that completes when the orchestrator is closed. */
  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  /**
   * Declare (or change) a deployment. The engine reconciles towards it from the next tick. A changed template
   * (image, args, env, config...) rolls out one replica at a time: a new replica is launched beside the old one,
   * and the old one retires once the new one is healthy.
   *
   * @throws BudgetExceededException when the spec's own budget cannot afford even one replica at the cheapest offer
   */
  public synchronized DeploymentStatus apply(DeploymentSpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (spec.checkpoint() != null && dataSync == null && storeSync(spec.checkpoint()) == null) {
      throw new com.dumontcloud.sdk.exception.InvalidSpecException("checkpoint.store " + spec.checkpoint().store()
          + ": no checkpoint store for scheme '" + spec.checkpoint().store().getScheme() + "' on the class path "
          + "(s3:// needs com.dumontcloud:dumont-sdk-objectstore)");
    }
    DeploymentState d = deployments.get(spec.id());
    if (d == null && leases.shared()) {
      if (!leases.tryAcquire(spec.id(), now())) return forwardApply(spec);
      d = loadTaken(spec.id());
    }
    if (d == null) {
      d = new DeploymentState();
      d.spec = spec;
      deployments.put(spec.id(), d);
      order = null;
      Map<String, Integer> gens = identity.revive(spec.id());
      layoutSlots(d);
      if (gens != null) {
        for (Slot s : d.slots) s.generation = Math.max(s.generation, gens.getOrDefault(s.name, 0));
      }
    }
    d.spec = spec;
    order = null; // its priority may have changed
    d.deleted = false;
    layoutSlots(d);
    persist(d);
    emit(new EngineEvent.Applied(now(), spec.id(), spec.replicas(), spec.kind().name().toLowerCase(Locale.ROOT)));
    return status(d);
  }

  /**
   * {@link #apply(DeploymentSpec)} on behalf of {@code by}: it needs {@code gpu.provision}, and to change an existing
   * deployment {@code gpu.delete} on it (own deployments suffice for a developer). A new deployment is labelled
   * {@code dumont-principal} = the subject and {@code dumont-team} = the team it is charged to (the principal's
   * only team, or the one its {@code dumont-team} label names); a change keeps the original owner's labels. The
   * team's quota then vets every launch.
   *
   * @throws com.dumontcloud.sdk.exception.AccessDeniedException naming the missing permission
   */
  public synchronized DeploymentStatus apply(DeploymentSpec spec, com.dumontcloud.sdk.access.Principal by) {
    Objects.requireNonNull(spec, "spec");
    DeploymentState d = deployments.get(spec.id());
    if (d == null && leases.shared()) d = storedView(spec.id()); // held by another replica: its owner labels count
    return apply(EngineAccess.authorizeApply(dumont, spec, d == null || d.deleted ? null : d.spec,
        Objects.requireNonNull(by, "principal")));
  }

  /**
   * {@link #delete(String)} on behalf of {@code by}: it needs {@code gpu.delete} on the deployment (its own, for a
   * developer).
   *
   * @throws com.dumontcloud.sdk.exception.AccessDeniedException naming the missing permission
   */
  public void delete(String deploymentId, com.dumontcloud.sdk.access.Principal by) {
    Map<String, String> labels;
    synchronized (this) {
      DeploymentState d = deployments.get(deploymentId);
      if (d == null && leases.shared()) d = storedView(deploymentId);
      labels = d == null ? null : d.spec.labels();
    }
    EngineAccess.authorizeDelete(dumont, deploymentId, labels, Objects.requireNonNull(by, "principal"));
    delete(deploymentId);
  }

  /**
   * Shared store, a deployment another live replica holds: the apply is posted to the holder through the store
   * ({@link Leases#post}), which applies it at its next tick. Returns what the deployment will look like there (its
   * stored record with the new spec); nothing is launched or changed here.
   */
  private DeploymentStatus forwardApply(DeploymentSpec spec) {
    leases.post(spec.id(), Map.of("op", "apply", "spec", DeploymentSpecCodec.toMap(spec)));
    log.info("[engine={}, deployment={}] held by another replica: apply forwarded to it", engineId, spec.id());
    DeploymentState view = storedView(spec.id());
    if (view == null) view = new DeploymentState();
    view.spec = spec;
    view.deleted = false;
    layoutSlots(view);
    return status(view);
  }

  /** A deployment's stored record as a read-only state (shared store: one that another replica holds), or null. */
  private DeploymentState storedView(String id) {
    Map<String, Object> rec = store.load(id);
    if (rec == null) return null;
    try {
      return DeploymentState.fromMap(rec);
    } catch (RuntimeException bad) {
      log.warn("[engine={}, deployment={}] cannot read the stored record: {}", engineId, id, bad.getMessage());
      return null;
    }
  }

  /** Requests other replicas posted for deployments this one holds: act on them, then mark them done. */
  private void serveForwarded() {
    Set<String> held;
    synchronized (this) {
      held = new TreeSet<>(deployments.keySet());
    }
    if (held.isEmpty()) return;
    List<Leases.Posted> posted = leases.pending(held);
    if (posted.isEmpty()) return;
    List<Long> done = new ArrayList<>();
    for (Leases.Posted p : posted) {
      try {
        Object op = p.request().get("op");
        if ("apply".equals(op)) {
          @SuppressWarnings("unchecked")
          Map<String, Object> spec = (Map<String, Object>) p.request().get("spec");
          apply(DeploymentSpecCodec.fromMap(spec));
        } else if ("delete".equals(op)) {
          synchronized (this) {
            DeploymentState d = deployments.get(p.deploymentId());
            if (d != null) {
              d.deleted = true;
              persist(d);
            }
          }
        } else {
          log.warn("[engine={}, deployment={}] ignoring a posted request with op {}", engineId, p.deploymentId(), op);
        }
        log.info("[engine={}, deployment={}] applied a request forwarded by another replica: {}", engineId,
            p.deploymentId(), op);
        done.add(p.id());
      } catch (FencedWriteException fenced) {
        // lost the lease meanwhile: the new holder serves it
      } catch (RuntimeException e) {
        log.warn("[engine={}, deployment={}] a forwarded request failed and is dropped: {}", engineId,
            p.deploymentId(), e.getMessage());
        done.add(p.id());
      }
    }
    leases.done(done);
  }

  /**
   * Shared store: a deployment whose lease this replica just took (free, expired or new) is loaded from its stored
   * record, if any, so that its slots and generations are kept.
   */
  private DeploymentState loadTaken(String id) {
    Map<String, Object> rec = store.load(id);
    if (rec == null) return null;
    DeploymentState d = DeploymentState.fromMap(rec);
    deployments.put(id, d);
    order = null;
    published.put(id, d.servingEndpoints);
    return d;
  }

  /**
   * A deployment's status. Shared store: a deployment another replica holds is answered from its stored record
   * (as that replica last wrote it).
   */
  public synchronized Optional<DeploymentStatus> get(String deploymentId) {
    DeploymentState d = deployments.get(deploymentId);
    if (d == null && leases.shared() && !deploymentId.startsWith("_")) d = storedView(deploymentId);
    return d == null ? Optional.empty() : Optional.of(status(d));
  }

  /**
   * The ids of the deployments this engine reconciles: every deployment, unless the store is shared by several
   * replicas, where it is those whose lease this replica holds.
   */
  public synchronized Set<String> reconciling() {
    return Set.copyOf(deployments.keySet());
  }

  /** Every deployment; with a shared store also those other replicas hold (from their stored records). */
  public synchronized List<DeploymentStatus> list() {
    List<DeploymentStatus> out = new ArrayList<>(deployments.values().stream().map(this::status).toList());
    if (leases.shared()) {
      for (Map.Entry<String, Map<String, Object>> e : new TreeMap<>(store.loadAll()).entrySet()) {
        if (e.getKey().startsWith("_") || deployments.containsKey(e.getKey())) continue;
        try {
          out.add(status(DeploymentState.fromMap(e.getValue())));
        } catch (RuntimeException bad) {
          log.warn("[engine={}, deployment={}] cannot read the stored record: {}", engineId, e.getKey(),
              bad.getMessage());
        }
      }
    }
    return out;
  }

  /** Terminate everything the deployment owns, then forget it. Idempotent. */
  public void delete(String deploymentId) {
    synchronized (this) {
      DeploymentState d = deployments.get(deploymentId);
      if (d == null && leases.shared() && store.load(deploymentId) != null) {
        if (!leases.tryAcquire(deploymentId, now())) {
          leases.post(deploymentId, Map.of("op", "delete"));
          log.info("[engine={}, deployment={}] held by another replica: delete forwarded to it", engineId,
              deploymentId);
          return;
        }
        d = loadTaken(deploymentId);
      }
      if (d == null) return;
      d.deleted = true;
      persist(d);
    }
    if (started) reconcileNow();
  }

  /** Resume a deployment's hibernated replicas. */
  public void resume(String deploymentId) {
    synchronized (this) {
      DeploymentState d = existing(deploymentId, "resume");
      requestResume(d);
      persist(d);
    }
    if (started) reconcileNow();
  }

  /**
   * Hibernate a deployment's healthy replicas now with {@link HibernationPolicy.Action#STOP}, whatever its
   * hibernation policy says: the instance is stopped with its disk kept (billed for storage only, at the offer's
   * storage price) and its slot is HIBERNATED in the state store until {@link #resume} starts it again. A replica
   * that is not healthy yet is hibernated once it is. Serverless endpoints park their warm workers this way.
   */
  public void hibernate(String deploymentId) {
    synchronized (this) {
      DeploymentState d = existing(deploymentId, "hibernate");
      for (Slot s : d.slots) {
        if (s.role == Role.REPLICA && s.phase != Phase.HIBERNATED) s.hibernateNow = true;
      }
    }
    if (started) reconcileNow();
  }

  private static void requestResume(DeploymentState d) {
    for (Slot s : d.slots) {
      s.hibernateNow = false;
      if (s.phase == Phase.HIBERNATED) s.resumeRequested = true;
    }
  }

  /** The deployment, or NotFoundException naming the operation (call holding the lock). */
  private DeploymentState existing(String deploymentId, String operation) {
    DeploymentState d = deployments.get(deploymentId);
    if (d == null) throw new NotFoundException(
        com.dumontcloud.sdk.exception.ProviderErrorDetails.of("engine", operation, "no deployment " + deploymentId));
    return d;
  }

  /**
   * Resume a deployment's hibernated replicas at a given time (e.g. before office hours); kept in the state store,
   * so a restarted engine still resumes on time. {@code null} cancels.
   */
  public void resumeAt(String deploymentId, Instant at) {
    synchronized (this) {
      DeploymentState d = existing(deploymentId, "resume");
      d.resumeAt = at;
      d.dirty = true;
      persist(d);
    }
  }

  /** True when some replica of the deployment is hibernated (a request or {@link #resume} brings it back). */
  public synchronized boolean hibernated(String deploymentId) {
    DeploymentState d = deployments.get(deploymentId);
    return d != null && d.slots.stream().anyMatch(s -> s.phase == Phase.HIBERNATED);
  }

  /** Run one reconcile step now (the scheduler runs them every tick); waits for a tick in progress. */
  public void reconcileNow() {
    tickOnce();
  }

  /** Cost ledger: spend per deployment and per user label, and the all-on-demand comparison. */
  public synchronized CostReport costReport() {
    Map<String, Double> byDep = new LinkedHashMap<>();
    Map<String, Double> byLabel = new LinkedHashMap<>();
    double total = 0;
    double od = 0;
    for (DeploymentState d : deployments.values()) {
      byDep.put(d.spec.id(), d.spendTotal);
      for (Map.Entry<String, String> l : d.spec.labels().entrySet()) {
        byLabel.merge(l.getKey() + "=" + l.getValue(), d.spendTotal, Double::sum);
      }
      total += d.spendTotal;
      od += d.onDemandTotal;
    }
    return new CostReport(byDep, byLabel, total, od);
  }

  public void addListener(EngineListener l) {
    listeners.add(Objects.requireNonNull(l, "listener"));
  }

  /**
   * This engine's identity: the {@code dumont-owner} label of every instance it launches. Generated once and
   * persisted in the state store unless the builder set one.
   */
  public String engineId() {
    return engineId;
  }

  /** The tick interval (poll and probe interval). */
  public Duration tick() {
    return tick;
  }

  /** Stop reconciling; instances keep running. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
      if (task != null) task.cancel();
    }
    tickLock.lock(); // let a tick in progress finish its journal writes
    try {
      synchronized (this) {
        for (DeploymentState d : new ArrayList<>(deployments.values())) {
          try {
            if (!d.deleted || !d.retire.isEmpty()) persist(d);
          } catch (FencedWriteException fenced) {
            // already dropped from this replica's view: the new owner's record stands
          }
        }
      }
    } finally {
      tickLock.unlock();
    }
    runner.close();
    if (leases.shared()) {
      try {
        leases.releaseAll(); // other replicas take over at once instead of after the lease TTL
      } catch (RuntimeException e) {
        log.warn("[engine={}] giving back the leases failed (they expire after their TTL): {}", engineId, e.toString());
      }
    }
    probePool.shutdownNow();
    stopped.complete(null);
    log.info("[engine={}] closed", engineId);
  }

  // ------------------------------------------------------------------------------------------ tick

  private void safeTick() {
    try {
      tickOnce();
    } catch (RuntimeException e) {
      log.warn("[engine={}] reconcile step failed: {}", engineId, e.toString(), e);
    } catch (Error e) {
      // like a ScheduledExecutorService: an Error ends the periodic task (a crashed process does not tick)
      if (task != null) task.cancel();
      closed = true;
      throw e;
    }
  }

  private void tickOnce() {
    tickLock.lock();
    try {
      if (closed) return;
      Instant now = now();
      if (leases.shared()) {
        syncLeases(now);
        serveForwarded();
      }
      Set<String> providers = new TreeSet<>();
      List<Observer.Target> expected;
      Instant since;
      synchronized (this) {
        applyOutcomes();
        byPriority(); // the slot arrays are rebuilt with the order
        Slot[] slots = allSlots;
        expected = new ArrayList<>(slots.length + 16);
        for (int k = 0; k < slots.length; k++) {
          Slot s = slots[k];
          s.target = null;
          if (s.instanceId != null && s.providerId != null) {
            Template probeWith = slotTemplates[k] != null ? slotTemplates[k] : standbyTemplate(slotOwners[k]);
            Observer.Target t = new Observer.Target(s.providerId, s.instanceId, probeWith);
            s.target = t;
            expected.add(t);
          }
          if (s.keepUntilHealthy != null && s.keepProvider != null) {
            // a migration's old instance (rare): probed with the spec's template
            expected.add(new Observer.Target(s.keepProvider, s.keepUntilHealthy, slotOwners[k].spec.template()));
          }
        }
        providers.addAll(specProviders);
        if (anyDefaultProvider) providers.addAll(dumont.providerIds());
        since = lastTickAt == null ? now.minus(tick.multipliedBy(2)) : lastTickAt.minus(tick);
      }
      Observer.Snapshot obs = observer.observe(providers, expected, since); // provider I/O: no lock held
      synchronized (this) {
        if (closed) return;
        lastSnapshot = obs;
        countMisses(obs, expected);
        // one pass over the deployments: each one's state is read into the CPU caches once per tick, not once per
        // phase (at 10k deployments it no longer fits them, and every further pass missed on every deployment)
        if (!budgets.quotas().isEmpty()) budgets.foreign(foreignTeamUsage(obs, now));
        int accounted = 0;
        Map<String, Budget> budgetScopes = new LinkedHashMap<>();
        for (DeploymentState d : byPriority()) {
          try {
            reconcile(d, obs, now);
          } catch (RuntimeException e) {
            log.warn("[engine={}, deployment={}] reconcile failed: {}", engineId, d.spec.id(), e.toString(), e);
          }
          accrue(d, obs, now);
          accounted += ownListed(d, obs);
          budgetScopes.putAll(budgets.budgetsOf(d));
        }
        if (accounted != obs.liveCount()) sweepOrphans(obs); // some listed instance is not its deployment's own
        enforceBudgets(budgetScopes, obs, now);
      }
      runner.awaitTick(actionWait); // provider calls and data operations: no lock held
      synchronized (this) {
        applyOutcomes();
        long nowNanos = epochNanos(now);
        long savedBefore = epochNanos(now.minus(LEDGER_SAVE_INTERVAL)); // saved at or before it: save again
        for (DeploymentState d : inserted()) { // a copy: removing below does not disturb the loop
          try {
            if (d.deleted && d.retire.isEmpty() && d.slots.stream().noneMatch(s -> s.hasInstance() || s.phase == Phase.LAUNCHING)
                && !busy(d)) {
              deployments.remove(d.spec.id());
              order = null;
              published.remove(d.spec.id());
              identity.tombstone(d, now);
              store.remove(d.spec.id());
              continue;
            }
            if (d.dirty || d.lastLedgerSaveNanos <= savedBefore) { // a long on the state: no Instant to read each
              persist(d);
              d.lastLedgerSaveNanos = nowNanos;
            }
          } catch (FencedWriteException fenced) {
            // persist dropped it: another replica holds the lease now
          }
        }
        lastTickAt = now;
      }
    } finally {
      tickLock.unlock();
    }
  }

  /**
   * Shared store: keep exactly the deployments whose lease this replica holds. A deployment taken over is loaded
   * from the store; this tick then observes the provider listings before it acts on it, so the new owner adopts
   * by idempotency key whatever the old owner launched. The lease I/O runs without the engine lock.
   */
  private void syncLeases(Instant now) {
    Set<String> owned = leases.refresh(now);
    List<String> gained = new ArrayList<>();
    synchronized (this) {
      for (String id : new ArrayList<>(deployments.keySet())) {
        if (!owned.contains(id)) drop(id, "its lease is held elsewhere now");
      }
      for (String id : owned) if (!deployments.containsKey(id)) gained.add(id);
    }
    for (String id : gained) {
      DeploymentState d = storedView(id);
      if (d == null) continue;
      synchronized (this) {
        if (!deployments.containsKey(id)) {
          deployments.put(id, d);
          order = null;
          published.put(id, d.servingEndpoints);
          log.info("[engine={}, deployment={}] took over (lease acquired)", engineId, id);
        }
      }
    }
  }

  /** Forget a deployment this replica may no longer act on (under the lock); its record stays the owner's. */
  private void drop(String id, String why) {
    if (deployments.remove(id) != null) {
      order = null;
      published.remove(id);
      checkpointRetryAt.remove(id);
      log.info("[engine={}, deployment={}] handed over: {}", engineId, id, why);
    }
  }

  /** True when this process may call a provider for the deployment now (always, unless the store is shared). */
  private boolean mayAct(String deploymentId) {
    if (!leases.shared()) return true;
    return deploymentId != null && leases.holds(deploymentId, now());
  }

  /** The deployments in reconcile order (under the lock): sorted once per change, not on every tick. */
  private List<DeploymentState> byPriority() {
    if (order == null) {
      List<DeploymentState> all = new ArrayList<>(deployments.values());
      inserted = List.copyOf(all);
      all.sort(Comparator.comparingInt((DeploymentState d) -> -d.spec.priority()));
      order = List.copyOf(all);
      List<Slot> slots = new ArrayList<>();
      List<DeploymentState> owners = new ArrayList<>();
      List<Template> templates = new ArrayList<>();
      Set<String> providers = new TreeSet<>();
      boolean anyDefault = false; // a spec without providers uses all: added once per tick, not once per deployment
      for (DeploymentState d : inserted) {
        if (d.spec.providers().isEmpty()) anyDefault = true;
        else providers.addAll(d.spec.providers());
        for (Slot s : d.slots) {
          slots.add(s);
          owners.add(d);
          templates.add(s.role == Role.STANDBY ? standbyTemplateOrNull(d) : d.spec.template());
        }
      }
      allSlots = slots.toArray(new Slot[0]);
      slotOwners = owners.toArray(new DeploymentState[0]);
      slotTemplates = templates.toArray(new Template[0]);
      specProviders = providers;
      anyDefaultProvider = anyDefault;
    }
    return order;
  }

  /**
   * The deployments in the map's order (under the lock), an immutable copy kept with {@link #byPriority}: whole
   * passes walk an array, not the map's entries (at 10k each entry is one more cache miss).
   */
  private List<DeploymentState> inserted() {
    if (order == null) byPriority();
    return inserted;
  }

  /** Apply the outcomes of finished actions (under the lock). */
  private void applyOutcomes() {
    for (Runnable r : runner.drain()) {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.warn("[engine={}] applying an action's outcome failed: {}", engineId, e.toString(), e);
      }
    }
  }

  private boolean busy(DeploymentState d) {
    for (Slot s : d.slots) if (runner.busy(launchKey(d, s))) return true;
    return runner.busy(checkpointKey(d));
  }

  /**
   * Absent from the listing and not found by {@code get}, twice in a row: only then is an instance lost. With no
   * count running (the steady state) only the expected instances the listing lacked are looked at (the observer
   * collects them); otherwise every expected one, read from its resolved target (no lookup).
   */
  private void countMisses(Observer.Snapshot obs, List<Observer.Target> expected) {
    if (misses.isEmpty()) { // no string keys for instances that are where they should be
      for (Observer.Target t : obs.absent()) {
        if (t.in(obs, t.providerId(), t.instanceId()) == null && obs.notFound(t.providerId(), t.instanceId())) {
          misses.merge(t.providerId() + "|" + t.instanceId(), 1, Integer::sum);
        }
      }
      return;
    }
    Set<String> seen = new HashSet<>();
    for (Observer.Target t : expected) {
      String k = t.providerId() + "|" + t.instanceId();
      seen.add(k);
      if (t.in(obs, t.providerId(), t.instanceId()) != null) misses.remove(k);
      else if (obs.notFound(t.providerId(), t.instanceId())) misses.merge(k, 1, Integer::sum);
    }
    misses.keySet().retainAll(seen);
  }

  private boolean missingConfirmed(String providerId, String instanceId) {
    if (misses.isEmpty()) return false; // asked for every replica on every tick: no key string in the steady state
    return misses.getOrDefault(providerId + "|" + instanceId, 0) >= 2;
  }

  // ------------------------------------------------------------------------------------------ reconcile

  private void layoutSlots(DeploymentState d) {
    DeploymentSpec s = d.spec;
    ensureSlots(d, Role.REPLICA, "r", s.replicaSlots());
    ensureSlots(d, Role.WARM, "w", s.warmPool() == null ? 0 : s.warmPool().size());
    ensureSlots(d, Role.STANDBY, "s", s.standby() == null ? 0 : 1);
  }

  private static void ensureSlots(DeploymentState d, Role role, String prefix, int n) {
    for (int i = 0; i < n; i++) {
      if (d.slot(prefix + i) == null) d.slots.add(new Slot(prefix + i, role));
    }
  }

  /** Slots beyond the spec's counts (scale-down) are drained: their instances retired. */
  private boolean wanted(DeploymentState d, Slot s) {
    if (d.deleted || d.completed) return false;
    int idx = s.index;
    DeploymentSpec sp = d.spec;
    return switch (s.role) {
      case REPLICA -> idx < sp.replicaSlots();
      case WARM -> sp.warmPool() != null && idx < sp.warmPool().size() && sp.replicas() > 0;
      case STANDBY -> sp.standby() != null && idx < 1 && sp.replicas() > 0;
    };
  }

  private void reconcile(DeploymentState d, Observer.Snapshot obs, Instant now) {
    processRetire(d, obs);
    if (d.resumeAt != null && !now.isBefore(d.resumeAt)) { // a scheduled resume is due
      d.resumeAt = null;
      requestResume(d);
      d.dirty = true;
    }
    for (Slot s : d.slots) {
      if (runner.busy(launchKey(d, s))) continue; // its launch is in flight; the outcome decides
      if (!wanted(d, s)) {
        drain(d, s, obs, now);
        continue;
      }
      switch (s.role) {
        case REPLICA -> reconcileReplica(d, s, obs, now);
        case WARM -> reconcileWarm(d, s, obs, now);
        case STANDBY -> reconcileStandby(d, s, obs, now);
      }
    }
    processRetire(d, obs);
    if (!d.deleted && !d.completed) {
      checkpointIfDue(d, obs, now);
      maybeRollingUpdate(d, obs, now);
    }
    publishServingEndpoints(d, obs, now);
  }

  /** An unwanted slot (scale-down, deletion, completed job): checkpoint a serving replica first, then retire. */
  private void drain(DeploymentState d, Slot s, Observer.Snapshot obs, Instant now) {
    if (!s.hasInstance() && s.phase != Phase.LAUNCHING && s.keepUntilHealthy == null) return;
    Instance i = s.hasInstance() ? obs.get(s.providerId, s.instanceId) : obs.byKey(s.providerId, s.key);
    if (s.phase == Phase.LAUNCHING && i == null && !obs.known(s.providerId)) return;
    // a scale-down saves first; a deletion only when the spec asks (checkpoint_on_delete)
    boolean protect = s.role == Role.REPLICA && s.phase == Phase.HEALTHY && !d.completed
        && (!d.deleted || d.spec.checkpointOnDelete());
    if (protect && i != null && !checkpointFirst(d, s, i, d.deleted ? "deletion" : "scale-down", now)) return;
    if (i != null) retire(d, i.id(), i.providerId());
    if (s.keepUntilHealthy != null) retire(d, s.keepUntilHealthy, s.keepProvider);
    s.keepUntilHealthy = null;
    s.migration = null;
    s.clearInstance();
    s.phase = d.completed && s.role == Role.REPLICA ? Phase.COMPLETED : Phase.EMPTY;
    s.failover = null;
    d.dirty = true;
  }

  /** Resolve the slot's instance from the snapshot; adopts an instance created under the slot's pending key. */
  private Instance resolve(DeploymentState d, Slot s, Observer.Snapshot obs) {
    if (s.hasInstance()) return seen(s, obs);
    if (s.phase == Phase.LAUNCHING && s.key != null) {
      Instance i = obs.byKey(s.providerId, s.key);
      if (i != null) {
        adopt(d, s, i);
        return i;
      }
    }
    return null;
  }

  private void adopt(DeploymentState d, Slot s, Instance i) {
    s.instanceId = i.id();
    s.providerId = i.providerId();
    s.hostId = i.hostId();
    s.region = i.location().region();
    s.pricing = i.pricingModel().name();
    s.price = i.pricePerHour().doubleValue();
    if (s.onDemandPrice <= 0) s.onDemandPrice = s.price;
    s.phase = Phase.BOOTING;
    if (s.launchedAt == null) s.launchedAt = now();
    s.templateFingerprint = s.role == Role.STANDBY ? standbyFingerprint(d) : fingerprint(d);
    billingStart(d, i.id(), s.price, s.onDemandPrice, s.storagePrice);
    d.dirty = true;
  }

  /** The deployment's template fingerprint, computed once per applied spec (not on every tick). */
  private static String fingerprint(DeploymentState d) {
    if (d.fingerprintOf != d.spec) {
      d.fingerprint = fingerprint(d.spec.template());
      d.fingerprintOf = d.spec;
    }
    return d.fingerprint;
  }

  /** A stable fingerprint of everything in a template that a running replica depends on. */
  static String fingerprint(Template t) {
    return Integer.toHexString(Objects.hash(t.name(), t.image(), t.port(), t.healthPath(), t.modelId(), t.config(),
        t.env(), t.args()));
  }

  private void reconcileReplica(DeploymentState d, Slot s, Observer.Snapshot obs, Instant now) {
    if (s.phase == Phase.COMPLETED) return;
    if (s.providerId != null && !obs.known(s.providerId) && (s.hasInstance() || s.phase == Phase.LAUNCHING)) {
      return; // provider listing failed this tick: know nothing, change nothing
    }
    Instance inst = resolve(d, s, obs);
    if (s.phase == Phase.HIBERNATED) {
      reconcileHibernated(d, s, inst, obs, now);
      return;
    }
    if (s.phase == Phase.LAUNCHING && inst == null) {
      // intent journalled but no instance with the key exists: the call failed or never went out; retry same key
      requestLaunch(d, s, now, LaunchKind.REPLICA, true);
      return;
    }
    if (s.phase == Phase.EMPTY) {
      if (s.failover != null) runFailover(d, s, obs, now);
      else requestLaunch(d, s, now, LaunchKind.REPLICA, false);
      return;
    }
    // an instance is (or should be) there
    SpotMarket.Interruption sig = inst == null ? null : obs.signal(inst.id());
    Condition c = Classifier.replica(true, inst, s.hasInstance() && missingConfirmed(s.providerId, s.instanceId), sig,
        s.phase == Phase.HEALTHY, s.lastHealthyAt, now);
    if (c.kind() == Classifier.Kind.UNKNOWN) return; // missing from one listing: confirm before acting
    if (c.kind() == Classifier.Kind.LOST) {
      if (s.keepUntilHealthy != null) {
        revertMigration(d, s); // a migration's new instance failed: the old instance never stopped serving
        return;
      }
      onLost(d, s, inst, c.reason(), c.occurredAt(), now);
      runFailover(d, s, obs, now);
      return;
    }
    Slot.Failover f = s.failover;
    if (!s.name.equals(inst.label(Labels.REPLICA)) && !runner.busy("promote:" + inst.id())) {
      relabel(inst, s.name); // a promoted warm member whose relabel failed: the journal is authoritative, retry
    }
    if (c.kind() == Classifier.Kind.RUNNING) {
      if (f != null && f.runningAt == null) f.runningAt = now;
      if (s.keepUntilHealthy != null && !s.migrationCheckpointed && !finalMigrationCheckpoint(d, s, obs, now)) {
        checkBootTimeout(d, s, inst, obs, now);
        return;
      }
      if (s.needsRestore && d.checkpoint != null && sync(d) != null) {
        requestRestore(d, s, inst, now);
        checkBootTimeout(d, s, inst, obs, now);
        return;
      } else if (f != null && f.restoredAt == null) {
        f.restoredAt = now;
      }
      Boolean pre = obs.health(inst.id());
      boolean ok = pre != null ? pre : probe(d, inst);
      Classifier.Health h = Classifier.probe(ok, s.phase == Phase.HEALTHY, s.probeFailures,
          d.spec.failover().probeFailureThreshold());
      switch (h) {
        case HEALTHY -> {
          s.probeFailures = 0;
          s.lastHealthyAt = now;
          if (s.phase != Phase.HEALTHY) becameHealthy(d, s, inst, now);
          if (s.hibernateNow && s.keepUntilHealthy == null) {
            s.hibernateNow = false;
            hibernate(d, s, inst, HibernationPolicy.Action.STOP, now, Duration.ZERO);
            return;
          }
          if (d.spec.kind() == DeploymentSpec.Kind.JOB && jobProgress.completed(d.spec.id(), inst)) {
            completeJob(d, s, inst, now);
            return;
          }
          maybeHibernate(d, s, inst, now);
          if (s.phase == Phase.HEALTHY) maybeBackToSpot(d, s, now);
        }
        case SUSPECT -> {
          s.probeFailures++;
          d.dirty = true;
        }
        case FAILED -> {
          s.probeFailures++;
          onLost(d, s, inst, "health check failed " + s.probeFailures + " times",
              s.lastHealthyAt != null ? s.lastHealthyAt : now, now);
          runFailover(d, s, obs, now);
        }
        case BOOTING -> checkBootTimeout(d, s, inst, obs, now);
      }
      return;
    }
    if (inst.state() == InstanceState.STOPPED && s.phase == Phase.BOOTING) {
      // a promoted warm member or a resumed replica whose start has not been accepted yet
      startInstance(inst);
    }
    if (f != null && FailoverStrategy.WARM_POOL.name().equals(f.strategy) && f.promoteStartedAt != null
        && f.runningAt == null
        && Duration.between(f.promoteStartedAt, now).compareTo(d.spec.failover().standbyStartTimeout()) > 0) {
      emit(new EngineEvent.FailoverFailed(now, d.spec.id(), s.name, FailoverStrategy.WARM_POOL.name(),
          "standby start queued past " + d.spec.failover().standbyStartTimeout().toSeconds() + " s ("
              + (inst.statusMessage() == null ? inst.rawStatus() : inst.statusMessage()) + ")"));
      retire(d, inst.id(), inst.providerId());
      s.clearInstance();
      s.phase = Phase.EMPTY;
      f.strategyIdx++;
      f.strategy = null;
      f.promoteStartedAt = null;
      f.rentCallAt = null;
      f.rentDoneAt = null;
      d.dirty = true;
      runFailover(d, s, obs, now);
      return;
    }
    checkBootTimeout(d, s, inst, obs, now);
  }

  private void checkBootTimeout(DeploymentState d, Slot s, Instance inst, Observer.Snapshot obs, Instant now) {
    if (s.phase != Phase.BOOTING || s.launchedAt == null) return;
    Instant from = s.resumeStartedAt != null ? s.resumeStartedAt : s.launchedAt;
    if (s.failover != null && s.failover.rentDoneAt != null && s.failover.rentDoneAt.isAfter(from)) {
      from = s.failover.rentDoneAt;
    }
    if (Duration.between(from, now).compareTo(d.spec.failover().bootTimeout()) > 0) {
      if (s.keepUntilHealthy != null) {
        revertMigration(d, s); // the new instance never became healthy: keep serving from the old one
        return;
      }
      onLost(d, s, inst, "not healthy after " + d.spec.failover().bootTimeout().toMinutes() + " min", now, now);
      runFailover(d, s, obs, now);
    }
  }

  /** Abandon a migration: retire the new instance, the old one (never drained for good) serves on. */
  private void revertMigration(DeploymentState d, Slot s) {
    retire(d, s.instanceId, s.providerId);
    s.instanceId = s.keepUntilHealthy;
    s.providerId = s.keepProvider;
    s.keepUntilHealthy = null;
    s.keepProvider = null;
    s.migration = null;
    s.migrationCheckpointed = false;
    s.needsRestore = false;
    s.phase = Phase.HEALTHY;
    d.dirty = true;
  }

  private boolean probe(DeploymentState d, Instance inst) {
    return probe(d.spec.template(), inst);
  }

  private boolean probe(Template template, Instance inst) {
    try {
      return probe.healthy(inst, template);
    } catch (RuntimeException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------------------------------ data operations

  private static String checkpointKey(DeploymentState d) {
    return "checkpoint:" + d.spec.id();
  }

  /**
   * Gate of every planned terminate or stop of a serving replica: true once a checkpoint of this instance,
   * requested for it, completed; otherwise requests one (or waits for the one in flight) and returns false.
   */
  /** The DataSync of a deployment: the configured one, else the factory for its checkpoint store's scheme. */
  private DataSync sync(DeploymentState d) {
    if (dataSync != null) return dataSync.protects(d.spec) ? dataSync : null;
    CheckpointSpec c = d.spec.checkpoint();
    return c == null ? null : storeSync(c);
  }

  /** The DataSync found on the class path for a checkpoint store's URL scheme, or null. */
  private DataSync storeSync(CheckpointSpec c) {
    return syncByScheme.computeIfAbsent(c.store().getScheme(), this::discoverSync);
  }

  private DataSync discoverSync(String scheme) {
    for (DataSyncFactory f : java.util.ServiceLoader.load(DataSyncFactory.class, Orchestrator.class.getClassLoader())) {
      if (f.schemes().contains(scheme)) return f.create(dumont);
    }
    return null;
  }

  /** The checkpoints stored for a deployment (newest last); empty without a listing DataSync. */
  public List<Checkpoint> checkpoints(String deploymentId) {
    DeploymentState d;
    synchronized (this) {
      d = existing(deploymentId, "checkpoints");
    }
    DataSync sync = sync(d);
    return sync == null ? List.of() : sync.checkpoints(d.spec);
  }

  private static String slotOf(DeploymentState d, String instanceId) {
    for (Slot s : d.slots) {
      if (instanceId.equals(s.instanceId) || instanceId.equals(s.keepUntilHealthy)) return s.name;
    }
    return "r0";
  }

  private boolean checkpointFirst(DeploymentState d, Slot s, Instance inst, String waiting, Instant now) {
    return checkpointFirst(d, s, inst, "before " + waiting, waiting, now);
  }

  private boolean checkpointFirst(DeploymentState d, Slot s, Instance inst, String reason, String waiting,
      Instant now) {
    if (sync(d) == null || inst == null || inst.state() != InstanceState.RUNNING) return true;
    if (s.checkpointRequestedAt != null && s.checkpointedAt != null
        && !s.checkpointedAt.isBefore(s.checkpointRequestedAt)) {
      return true;
    }
    if (s.checkpointRequestedAt == null) {
      s.checkpointRequestedAt = now;
      d.dirty = true;
    }
    requestCheckpoint(d, inst, reason, waiting, now);
    return false;
  }

  /** Take a checkpoint off the lock; its outcome records it (or the failure, retried after a pause). */
  private void requestCheckpoint(DeploymentState d, Instance inst, String reason, String waiting, Instant now) {
    DataSync sync = sync(d);
    if (sync == null) return;
    Instant retry = checkpointRetryAt.get(d.spec.id());
    if (retry != null && now.isBefore(retry)) return;
    String dep = d.spec.id();
    DeploymentSpec spec = d.spec;
    String slot = slotOf(d, inst.id());
    runner.data(checkpointKey(d), dep, () -> {
      Checkpoint cp;
      try {
        cp = sync.checkpoint(spec, slot, inst);
      } catch (RuntimeException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return () -> checkpointFailed(d, inst, why, waiting);
      }
      return () -> checkpointDone(d, inst, cp, reason, waiting);
    });
  }

  private void checkpointDone(DeploymentState d, Instance inst, Checkpoint cp, String reason, String waiting) {
    Instant now = now();
    if (cp == null || (d.checkpoint != null && cp.version() <= d.checkpoint.version())) {
      checkpointFailed(d, inst, cp == null ? "no checkpoint returned"
          : "checkpoint v" + cp.version() + " is not newer than v" + d.checkpoint.version(), waiting);
      return;
    }
    d.checkpoint = cp;
    d.lastCheckpointAt = now;
    checkpointRetryAt.remove(d.spec.id());
    for (Slot s : d.slots) {
      if (inst.id().equals(s.instanceId) || inst.id().equals(s.keepUntilHealthy)) s.checkpointedAt = now;
    }
    d.dirty = true;
    persist(d);
    emit(new EngineEvent.CheckpointCompleted(now, d.spec.id(), inst.id(), cp.version(), cp.bytes(), reason,
        cp.sha256(), cp.location()));
  }

  private void checkpointFailed(DeploymentState d, Instance inst, String why, String waiting) {
    Instant now = now();
    checkpointRetryAt.put(d.spec.id(), now.plus(CHECKPOINT_RETRY));
    log.debug("[deployment={}, instance={}] checkpoint failed: {}", d.spec.id(), inst.id(), why);
    emit(new EngineEvent.CheckpointFailed(now, d.spec.id(), inst.id(), why, waiting));
  }

  /** The migration's final checkpoint of the old instance, once the new one runs (traffic no longer reaches it). */
  private boolean finalMigrationCheckpoint(DeploymentState d, Slot s, Observer.Snapshot obs, Instant now) {
    if (sync(d) == null || d.checkpoint == null) {
      s.migrationCheckpointed = true;
      return true;
    }
    Instance old = obs.get(s.keepProvider, s.keepUntilHealthy);
    // the gate passes once the old one's checkpoint completed, or at once when it is gone (nothing to save)
    if (!checkpointFirst(d, s, old, "final checkpoint before migration", "migration", now)) return false;
    s.migrationCheckpointed = true;
    s.needsRestore = true; // the new one restores the last checkpoint
    s.checkpointRequestedAt = null;
    d.dirty = true;
    return true;
  }

  private void requestRestore(DeploymentState d, Slot s, Instance inst, Instant now) {
    Checkpoint cp = d.checkpoint;
    DataSync sync = sync(d);
    DeploymentSpec spec = d.spec;
    String key = "restore:" + d.spec.id() + "/" + s.name;
    runner.data(key, d.spec.id(), () -> {
      String failure = null;
      try {
        sync.restore(spec, cp, inst);
        if (!sync.verify(spec, cp, inst)) failure = "checkpoint v" + cp.version() + " did not verify on " + inst.id() + "; retrying";
      } catch (RuntimeException e) {
        failure = "restore failed: " + e.getMessage();
      }
      String why = failure;
      return () -> {
        Instant at = now();
        if (why != null) {
          emit(new EngineEvent.FailoverFailed(at, d.spec.id(), s.name, "RESTORE", why));
          return;
        }
        if (!inst.id().equals(s.instanceId)) return; // the slot moved on meanwhile
        s.needsRestore = false;
        s.restoredVersion = cp.version();
        if (s.failover != null) {
          s.failover.restoredAt = at;
          s.failover.restoredVersion = cp.version();
          s.failover.restoredSha256 = cp.sha256();
        }
        d.dirty = true;
      };
    });
  }

  private void becameHealthy(DeploymentState d, Slot s, Instance inst, Instant now) {
    s.phase = Phase.HEALTHY;
    s.healthyAt = now;
    s.idleSince = null;
    s.attempts = 0;
    s.nextAttemptAt = null;
    d.dirty = true;
    emit(new EngineEvent.Healthy(now, d.spec.id(), s.name, inst.id(),
        s.launchedAt == null ? null : Duration.between(s.launchedAt, now)));
    if (d.lastCheckpointAt == null) d.lastCheckpointAt = now;
    if (s.keepUntilHealthy != null) {
      retire(d, s.keepUntilHealthy, s.keepProvider);
      if ("update".equals(s.migration)) {
        emit(new EngineEvent.ReplicaUpdated(now, d.spec.id(), s.name, s.keepUntilHealthy, inst.id()));
      }
      s.keepUntilHealthy = null;
      s.keepProvider = null;
      s.migration = null;
      s.migrationCheckpointed = false;
    }
    if (s.resumeStartedAt != null) {
      emit(new EngineEvent.Resumed(now, d.spec.id(), s.name, inst.id(), Duration.between(s.resumeStartedAt, now)));
      s.resumeStartedAt = null;
    }
    Slot.Failover f = s.failover;
    if (f != null) {
      Map<String, Duration> t = new LinkedHashMap<>();
      Instant detected = f.detectedAt;
      Instant rentCall = f.rentCallAt != null ? f.rentCallAt : detected;
      Instant rentDone = f.rentDoneAt != null ? f.rentDoneAt : rentCall;
      Instant running = f.runningAt != null ? f.runningAt : now;
      Instant restored = f.restoredAt != null ? f.restoredAt : running;
      t.put("detect", between(f.occurredAt, detected));
      t.put("select", between(detected, rentCall));
      t.put("rent", between(rentCall, rentDone));
      t.put("boot", between(rentDone, running));
      t.put("restore", between(running, restored));
      t.put("healthy", between(restored, now));
      if (f.degradedAt != null) t.put("degraded", between(f.occurredAt, f.degradedAt));
      Duration rpo = f.restoredVersion != null && d.checkpoint != null ? f.rpo : null;
      d.failoversCompleted++;
      emit(new EngineEvent.FailoverCompleted(now, d.spec.id(), s.name, f.strategy == null ? "COLD" : f.strategy,
          f.failedInstance, inst.id(), t, between(f.occurredAt, detected), between(f.occurredAt, now), rpo,
          f.restoredVersion, f.restoredSha256, f.restoredVersion != null));
      s.failover = null;
    }
  }

  /** A replica was lost: report, avoid the location, retire the instance (never read from it), start failover. */
  private void onLost(DeploymentState d, Slot s, Instance inst, String reason, Instant occurred, Instant now) {
    Instant occ = occurred == null || occurred.isAfter(now) ? now : occurred;
    String id = s.instanceId;
    String host = inst != null && inst.hostId() != null ? inst.hostId() : s.hostId;
    String region = inst != null && inst.location().region() != null ? inst.location().region() : s.region;
    d.interruptions++;
    emit(new EngineEvent.Interrupted(now, d.spec.id(), s.name, id, host, region, reason, occ, between(occ, now)));
    if (host != null || region != null) {
      d.coolDowns.add(new DeploymentState.CoolDown(host, region, now.plus(d.spec.failover().coolDown())));
    }
    if (id != null) retire(d, id, s.providerId);
    Slot.Failover prev = s.failover;
    Slot.Failover f = new Slot.Failover();
    f.failedInstance = prev != null ? prev.failedInstance : id;
    f.failedHost = host;
    f.failedRegion = region;
    f.occurredAt = prev != null ? prev.occurredAt : occ;
    f.detectedAt = prev != null ? prev.detectedAt : now;
    f.degradedAt = prev != null ? prev.degradedAt : null;
    f.strategyIdx = 0;
    // the work lost is what the lost instance did since the last checkpoint: from the later of the checkpoint and
    // the moment it began serving; one lost before it ever served (a failover's own retries) loses nothing more
    if (prev != null && prev.rpo != null) {
      f.rpo = prev.rpo;
    } else if (d.checkpoint != null) {
      Instant from = s.healthyAt == null ? occ
          : s.healthyAt.isAfter(d.checkpoint.completedAt()) ? s.healthyAt : d.checkpoint.completedAt();
      f.rpo = between(from, occ);
    }
    s.failover = f;
    s.clearInstance();
    s.phase = Phase.EMPTY;
    s.needsRestore = d.checkpoint != null && sync(d) != null;
    if (prev == null) {
      emit(new EngineEvent.FailoverStarted(now, d.spec.id(), s.name, id));
    }
    d.dirty = true;
    persist(d);
  }

  private void runFailover(DeploymentState d, Slot s, Observer.Snapshot obs, Instant now) {
    Slot.Failover f = s.failover;
    FailoverPolicy p = d.spec.failover();
    if (f.rentCallAt == null) {
      d.failoverStarts.removeIf(t -> t.isBefore(now.minus(p.window())));
      Instant last = d.failoverStarts.isEmpty() ? null : d.failoverStarts.get(d.failoverStarts.size() - 1);
      String why = null;
      if (d.failoverStarts.size() >= p.maxFailoversPerWindow()) {
        why = d.failoverStarts.size() + " failovers in the last " + p.window().toMinutes() + " min";
      } else if (last != null && Duration.between(last, now).compareTo(p.minGap()) < 0 && !last.equals(now)) {
        why = "less than " + p.minGap().toSeconds() + " s since the last failover";
      }
      if (why != null) {
        if (!f.deferredReported) {
          f.deferredReported = true;
          emit(new EngineEvent.FailoverDeferred(now, d.spec.id(), s.name, why));
          d.dirty = true;
        }
        return;
      }
    }
    List<FailoverStrategy> chain = p.strategies();
    while (f.strategyIdx < chain.size()) {
      FailoverStrategy kind = chain.get(f.strategyIdx);
      FailoverStrategies.Strategy st = strategies.get(kind);
      switch (st.attempt(d, s, obs, now)) {
        case REPLACING -> {
          return;
        }
        case DEGRADED -> {
          f.strategy = kind.name();
          f.strategyIdx++;
        }
        case UNAVAILABLE -> {
          emit(new EngineEvent.FailoverFailed(now, d.spec.id(), s.name, kind.name(), st.unavailable()));
          f.strategyIdx++;
        }
        case SKIPPED -> f.strategyIdx++;
      }
    }
    // every strategy failed (chain without COLD): keep trying from the start after a pause
    if (s.nextAttemptAt == null || !now.isBefore(s.nextAttemptAt)) {
      f.strategyIdx = 0;
      s.nextAttemptAt = now.plus(backoff(s));
    } else {
      f.strategyIdx = 0;
    }
    d.dirty = true;
  }

  private void budgetBlocked(DeploymentState d, Slot s, String denied, Instant now) {
    if (!denied.equals(d.warned.get("blocked:" + s.name))) {
      d.warned.put("blocked:" + s.name, denied);
      emit(new EngineEvent.BudgetBlocked(now, d.spec.id(), "deployment", denied));
    }
    d.dirty = true;
  }

  private void relabel(Instance inst, String slot) {
    Map<String, String> labels = new LinkedHashMap<>(inst.labels());
    labels.put(Labels.REPLICA, slot);
    runner.provider("relabel:" + inst.id(), inst.providerId(), () -> {
      if (!mayAct(inst.label(Labels.DEPLOYMENT))) return null;
      try {
        dumont.provider(inst.providerId()).setLabels(inst.id(), labels);
      } catch (DumontException e) {
        log.debug("[instance={}] relabel failed, retrying next tick: {}", inst.id(), e.toString());
      }
      return null;
    });
  }

  /** Start a stopped instance off the lock (the next listing shows whether it took). */
  private void startInstance(Instance inst) {
    runner.provider("start:" + inst.id(), inst.providerId(), () -> {
      if (!mayAct(inst.label(Labels.DEPLOYMENT))) return null;
      callStart(inst);
      return null;
    });
  }

  private void stopInstance(Instance inst) {
    runner.provider("stop:" + inst.id(), inst.providerId(), () -> {
      if (!mayAct(inst.label(Labels.DEPLOYMENT))) return null;
      try {
        dumont.provider(inst.providerId()).stop(inst.id());
      } catch (DumontException e) {
        log.debug("[instance={}] stop failed, retrying next tick: {}", inst.id(), e.toString());
      }
      return null;
    });
  }

  private void callStart(Instance inst) {
    try {
      dumont.provider(inst.providerId()).start(inst.id());
    } catch (DumontException e) {
      log.debug("[instance={}] start failed, retrying next tick: {}", inst.id(), e.toString());
    }
  }

  /** The strategies' view of the engine: decisions stay with them, I/O goes to the action runner. */
  private final class StrategyEngine implements FailoverStrategies.Engine {
    @Override
    public String budgetDenial(DeploymentState d, double extraPerHour, Instant now) {
      return budgets.denial(d, extraPerHour, now);
    }

    @Override
    public void budgetBlocked(DeploymentState d, Slot s, String denied, Instant now) {
      Orchestrator.this.budgetBlocked(d, s, denied, now);
    }

    @Override
    public void promote(DeploymentState d, Slot s, Instance member, boolean start) {
      Map<String, String> labels = new LinkedHashMap<>(member.labels());
      labels.put(Labels.REPLICA, s.name);
      runner.provider("promote:" + member.id(), member.providerId(), () -> {
        if (!mayAct(d.spec.id())) return null;
        if (start) callStart(member);
        try {
          dumont.provider(member.providerId()).setLabels(member.id(), labels);
        } catch (DumontException e) {
          log.debug("[deployment={}, instance={}] relabel failed (journal is authoritative): {}", d.spec.id(),
              member.id(), e.toString());
        }
        return () -> {
          if (s.failover != null && s.failover.rentDoneAt == null) s.failover.rentDoneAt = now();
        };
      });
    }

    @Override
    public void restoreOntoStandby(DeploymentState d, Slot standby, Instance target) {
      DataSync sync = sync(d);
      if (sync == null || d.checkpoint == null) return;
      Checkpoint cp = d.checkpoint;
      DeploymentSpec spec = d.spec;
      runner.data("restore:" + d.spec.id() + "/" + standby.name, d.spec.id(), () -> {
        try {
          sync.restore(spec, cp, target);
        } catch (RuntimeException e) {
          log.debug("[deployment={}] restore onto standby failed: {}", d.spec.id(), e.toString());
        }
        return null;
      });
    }

    @Override
    public void launchReplacement(DeploymentState d, Slot s, Instant now) {
      requestLaunch(d, s, now, LaunchKind.REPLICA, false);
    }

    @Override
    public void billingStart(DeploymentState d, String instanceId, double price, double onDemand, double storage) {
      Orchestrator.this.billingStart(d, instanceId, price, onDemand, storage);
    }

    @Override
    public void persist(DeploymentState d) {
      Orchestrator.this.persist(d);
    }

    @Override
    public void emit(EngineEvent e) {
      Orchestrator.this.emit(e);
    }
  }

  // ------------------------------------------------------------------------------------------ launching

  /** What a launch is for. */
  private enum LaunchKind { REPLICA, WARM, STANDBY, MIGRATE_SPOT, MIGRATE_UPDATE }

  private List<String> providersOf(DeploymentSpec spec) {
    return spec.providers().isEmpty() ? dumont.providerIds() : spec.providers();
  }

  private static String launchKey(DeploymentState d, Slot s) {
    String k = s.launchKey;
    if (k == null) s.launchKey = k = "launch:" + d.spec.id() + "/" + s.name; // asked for every slot every tick
    return k;
  }

  /** Offers usable for a deployment, cheapest first, with the engine's own filtering (provider I/O: no lock). */
  private List<Offer> candidates(DeploymentSpec spec, PricingModel pricing, boolean cpu, boolean[] limited) {
    List<Offer> out = new ArrayList<>();
    for (String p : providersOf(spec)) {
      StandbyPolicy asked = cpu ? standbyPolicy(spec, pricing) : null;
      OfferQuery q = cpu ? standbyQuery(asked) : spec.query().toBuilder().pricingModel(pricing).build();
      List<Offer> found;
      try {
        found = dumont.provider(p).searchOffers(q);
        searchPacer.accepted(p, now());
      } catch (RateLimitedException e) {
        searchPacer.limited(p, now(), e.retryAfter());
        limited[0] = true;
        log.debug("[deployment={}, provider={}] offer search rate-limited: {}", spec.id(), p, e.toString());
        continue;
      } catch (DumontException e) {
        log.debug("[deployment={}, provider={}] offer search failed: {}", spec.id(), p, e.toString());
        continue;
      }
      for (Offer o : found) {
        if (o.pricingModel() != pricing) continue;
        if (cpu) {
          if (!asked.accepts(o)) continue; // CPU-only unless asked otherwise, min vCPUs and RAM, price cap
        } else if (o.gpu().isCpuOnly()) {
          continue;
        }
        if (pricing == PricingModel.SPOT && !spec.bidStrategy().allows(o.minBid())) continue; // under a bid cap
        if (!cpu && !OfferFilter.matches(spec.query(), o)) continue;
        if (!cpu && spec.template().minGpuRamGib() > 0 && o.gpuRamGib() < spec.template().minGpuRamGib()) continue;
        if (!cpu && spec.template().maxPricePerHour() != null
            && o.pricePerHour().compareTo(spec.template().maxPricePerHour()) > 0) continue;
        if (!spec.regions().isEmpty() && !spec.regions().contains(o.location().region())) continue;
        out.add(o);
      }
    }
    out.sort(Comparator.comparing((Offer o) -> o.pricePerHour()).thenComparing(Offer::id));
    return out;
  }

  /**
   * The standby machine the spec asks for at a pricing model: the standby policy with the minimums raised to the
   * template's CPU fallback's ({@code max} of both), so the fallback's model fits.
   */
  static StandbyPolicy standbyPolicy(DeploymentSpec spec, PricingModel pricing) {
    StandbyPolicy sb = spec.standby();
    com.dumontcloud.sdk.model.CpuFallback fb = spec.template().cpuFallback();
    int vcpus = fb == null ? sb.minVcpus() : Math.max(sb.minVcpus(), fb.minVcpus());
    double ram = fb == null ? sb.minRamGib() : Math.max(sb.minRamGib(), fb.minRamGib());
    return new StandbyPolicy(pricing, sb.maxPricePerHour(), sb.cpuOnly(), vcpus, ram);
  }

  /**
   * The provider-side search of a standby machine: {@code num_gpus = 0} when CPU-only, {@code cpu_cores >=} and
   * {@code cpu_ram >=} the minimums, {@code dph <=} the price cap, at the policy's pricing model. The engine still
   * checks every offer it gets back ({@link StandbyPolicy#accepts}): a provider may ignore a filter.
   */
  static OfferQuery standbyQuery(StandbyPolicy sb) {
    OfferQuery.Builder b = OfferQuery.builder().pricingModel(sb.pricingModel());
    if (sb.cpuOnly()) b.filter("num_gpus", OfferQuery.Op.EQ, 0.0);
    if (sb.minVcpus() > 0) b.filter("cpu_cores", OfferQuery.Op.GE, (double) sb.minVcpus());
    if (sb.minRamGib() > 0) b.filter("cpu_ram", OfferQuery.Op.GE, sb.minRamGib());
    b.maxPricePerHour(sb.maxPricePerHour());
    return b.build();
  }

  /**
   * What the standby slot runs: the template's CPU fallback ({@link com.dumontcloud.sdk.model.CpuFallback#launchTemplate}),
   * or, when the template declares none, the template itself (the standby then only holds the synced data).
   * Computed once per applied spec.
   */
  private static Template standbyTemplate(DeploymentState d) {
    if (d.standbyTemplateOf != d.spec) {
      com.dumontcloud.sdk.model.CpuFallback fb = d.spec.template().cpuFallback();
      d.standbyTemplate = fb == null ? d.spec.template() : fb.launchTemplate(d.spec.template());
      d.standbyFingerprint = fingerprint(d.standbyTemplate);
      d.standbyTemplateOf = d.spec;
    }
    return d.standbyTemplate;
  }

  /**
   * {@link #standbyTemplate}, or null when it cannot be built: the reconcile order is rebuilt for every deployment
   * at once, and one deployment's bad fallback must not fail it (it fails that deployment's own steps, as before).
   */
  private static Template standbyTemplateOrNull(DeploymentState d) {
    try {
      return standbyTemplate(d);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String standbyFingerprint(DeploymentState d) {
    standbyTemplate(d);
    return d.standbyFingerprint;
  }

  private Duration backoff(Slot s) {
    long secs = Math.min(120, 15L << Math.min(3, s.attempts));
    return Duration.ofSeconds(Math.max(secs, tick.toSeconds()));
  }

  /**
   * Plan a launch for a slot: the offer search, ranking, budget vetting, intent and the provider call run as one
   * action off the lock (ranking and the intent briefly take it); the slot is skipped while it is in flight.
   */
  private void requestLaunch(DeploymentState d, Slot s, Instant now, LaunchKind kind, boolean retrySameKey) {
    if (d.blockedUntil != null && now.isBefore(d.blockedUntil)) return;
    if (s.nextAttemptAt != null && now.isBefore(s.nextAttemptAt)) return;
    DeploymentSpec spec = d.spec;
    List<String> providers = providersOf(spec);
    if (launchesWait(providers, now)) return; // rate-limited: not now
    runner.provider(launchKey(d, s), String.join(",", providers),
        () -> launchWork(d, s, spec, kind, retrySameKey, now));
  }

  /** Whether every provider a launch could use has its creates or its offer searches paused (a 429 earlier). */
  private boolean launchesWait(List<String> providers, Instant at) {
    return pacer.allPaused(providers, at) || searchPacer.allPaused(providers, at);
  }

  private Runnable launchWork(DeploymentState d, Slot s, DeploymentSpec spec, LaunchKind kind, boolean retrySameKey,
      Instant now) {
    if (launchesWait(providersOf(spec), now())) return null; // paused since it was planned: a later tick
    // 1. offers (provider I/O)
    SpotPolicy sp = s.role == Role.REPLICA ? spec.spotPolicyOfReplica(Integer.parseInt(s.name.substring(1)))
        : spec.spotPolicy();
    List<Offer> offers = List.of();
    boolean fellBack = false;
    boolean[] searchLimited = new boolean[1]; // a search answered 429: "no offers" then means "not now"
    switch (kind) {
      case STANDBY -> {
        offers = candidates(spec, spec.standby().pricingModel(), true, searchLimited);
        if (offers.isEmpty() && spec.standby().pricingModel() == PricingModel.SPOT && !searchLimited[0]) {
          offers = candidates(spec, PricingModel.ON_DEMAND, true, searchLimited);
        }
      }
      case MIGRATE_SPOT -> offers = candidates(spec, PricingModel.SPOT, false, searchLimited);
      default -> {
        if (sp != SpotPolicy.ON_DEMAND) offers = candidates(spec, PricingModel.SPOT, false, searchLimited);
        if (offers.isEmpty() && sp != SpotPolicy.SPOT && !searchLimited[0]) {
          offers = candidates(spec, PricingModel.ON_DEMAND, false, searchLimited);
          fellBack = sp == SpotPolicy.AUTO && kind == LaunchKind.REPLICA;
        }
      }
    }
    if (offers.isEmpty() && searchLimited[0]) {
      return () -> d.dirty = true; // waits for the search pace: neither "no capacity" nor a failed attempt
    }
    // 2. rank, vet, journal the intent (under the lock)
    List<Offer> chosen = new ArrayList<>();
    ProviderLaunchRequest base;
    synchronized (this) {
      if (closed || deployments.get(spec.id()) != d || !wanted(d, s)) return null;
      List<Offer> ranked = PlacementRanker.rank(d, s, offers, now);
      boolean migrate = kind == LaunchKind.MIGRATE_SPOT || kind == LaunchKind.MIGRATE_UPDATE;
      if (ranked.isEmpty()) {
        if (!migrate) {
          failedAttempt(d, s, now, switch (kind) {
            case WARM -> "no capacity for the warm pool";
            case STANDBY -> "no CPU capacity for the standby";
            default -> "no capacity matches " + spec.template().name() + " (" + sp + ")";
          });
        }
        return null;
      }
      String denied = null;
      for (Offer o : ranked.subList(0, Math.min(3, ranked.size()))) {
        String why = budgets.denial(d, pricePaid(spec, o), o.gpuCount(), now);
        if (why == null) chosen.add(o);
        else if (denied == null) denied = why;
      }
      if (chosen.isEmpty()) {
        budgetBlocked(d, s, denied, now);
        s.attempts++;
        s.nextAttemptAt = now.plus(backoff(s));
        return null;
      }
      d.warned.remove("blocked:" + s.name);
      if (fellBack && !"ON_DEMAND".equals(s.pricing)) {
        emit(new EngineEvent.CapacitySwitched(now, spec.id(), s.name, "on_demand", "no spot capacity"));
      }
      if (migrate) {
        if (kind == LaunchKind.MIGRATE_SPOT) {
          emit(new EngineEvent.CapacitySwitched(now, spec.id(), s.name, "spot", "spot capacity is back"));
        }
        s.keepUntilHealthy = s.instanceId;
        s.keepProvider = s.providerId;
        s.migration = kind == LaunchKind.MIGRATE_SPOT ? "spot" : "update";
        s.migrationCheckpointed = false;
        s.instanceId = null;
        s.checkpointRequestedAt = null;
        s.checkpointedAt = null;
      }
      Offer first = chosen.get(0);
      if (!(retrySameKey && s.phase == Phase.LAUNCHING && s.key != null && first.providerId().equals(s.providerId))) {
        s.generation++;
        s.key = idempotencyKey(engineId, spec.id(), s.name, s.generation);
      }
      intent(d, s, first, now);
      Map<String, String> labels = new LinkedHashMap<>(spec.labels());
      labels.put(Labels.DEPLOYMENT, spec.id());
      labels.put(Labels.REPLICA, s.name);
      labels.put(Labels.KEY, s.key);
      labels.put(Labels.OWNER, engineId);
      labels.put(Labels.TEMPLATE, spec.template().name());
      Template launchTemplate = kind == LaunchKind.STANDBY ? standbyTemplate(d) : spec.template();
      base = new ProviderLaunchRequest(first, launchTemplate, labels, s.key, first.pricingModel(), null,
          spec.diskGib());
    }
    // 3. the provider calls (never resent blindly: a definite refusal moves on to the next offer, same key)
    boolean limited = false;
    for (int k = 0; k < chosen.size(); k++) {
      Offer offer = chosen.get(k);
      if (pacer.paused(offer.providerId(), now())) {
        limited = true;
        continue; // its creates wait (a 429 earlier): the next offer may be elsewhere
      }
      if (k > 0) {
        synchronized (this) {
          if (closed) return null;
          intent(d, s, offer, now);
        }
      }
      ProviderLaunchRequest req = new ProviderLaunchRequest(offer, base.template(), base.labels(), base.idempotencyKey(),
          offer.pricingModel(), offer.pricingModel() == PricingModel.SPOT ? spec.bidStrategy().bidFor(offer.minBid())
              : null, spec.diskGib());
      double od = onDemandPrice(offer);
      double storage = storagePrice(offer);
      Instance inst;
      if (!mayAct(spec.id())) return null; // lease lost since the intent: the new owner adopts or retries the key
      try {
        inst = dumont.provider(offer.providerId()).launch(req);
      } catch (RateLimitedException e) {
        // not processed (429): a definite refusal. Pause the provider's creates; retry this key when they resume
        Instant until = pacer.limited(offer.providerId(), now(), e.retryAfter());
        log.debug("[deployment={}, slot={}, key={}] launch rate-limited; creates at {} wait until {}", spec.id(),
            s.name, req.idempotencyKey(), offer.providerId(), until);
        limited = true;
        continue;
      } catch (CapacityUnavailableException | InvalidRequestException | QuotaExceededException e) {
        log.debug("[deployment={}, slot={}, key={}] launch refused: {}", spec.id(), s.name, req.idempotencyKey(),
            e.toString());
        continue; // definitely not created: the next offer may do
      } catch (DumontException e) {
        // ambiguous: maybe created. The next listing adopts it by key, or the same key is retried
        log.debug("[deployment={}, slot={}, key={}] launch failed: {}", spec.id(), s.name, req.idempotencyKey(),
            e.toString());
        return () -> {
          s.attempts++;
          d.dirty = true;
        };
      }
      if (inst.label(Labels.OWNER) != null && !engineId.equals(inst.label(Labels.OWNER))) {
        // a provider deduplicating by key handed back someone else's instance: never adopt (or touch) it
        log.warn("[deployment={}, slot={}] launch returned instance {} owned by '{}'; not adopted", spec.id(), s.name,
            inst.id(), inst.label(Labels.OWNER));
        return () -> failedAttempt(d, s, now(), "the provider returned an instance of another owner");
      }
      pacer.accepted(offer.providerId(), now());
      return () -> launched(d, s, offer, inst, od, storage);
    }
    if (limited) {
      return () -> d.dirty = true; // waits for the pace, not a failed attempt: no backoff, no event
    }
    return () -> {
      s.attempts++;
      s.nextAttemptAt = now().plus(backoff(s));
      d.dirty = true;
    };
  }

  /** What renting the offer costs per hour: its price, or the spec's bid when that is higher. */
  private static double pricePaid(DeploymentSpec spec, Offer o) {
    double price = o.pricePerHour().doubleValue();
    if (o.pricingModel() != PricingModel.SPOT || o.minBid() == null) return price;
    com.dumontcloud.sdk.model.Money bid = spec.bidStrategy().bidFor(o.minBid());
    return bid == null ? price : Math.max(price, bid.doubleValue());
  }

  /** Journal a launch intent for an offer: after a crash the key finds the instance or is retried. */
  private void intent(DeploymentState d, Slot s, Offer offer, Instant now) {
    s.phase = Phase.LAUNCHING;
    s.providerId = offer.providerId();
    s.hostId = offer.hostId(); // placement of the next slot's launch in this tick sees it
    s.region = offer.location().region();
    s.pricing = offer.pricingModel().name();
    s.price = offer.pricePerHour().doubleValue();
    s.onDemandPrice = offer.pricingModel() == PricingModel.ON_DEMAND ? s.price : s.onDemandPrice;
    s.launchedAt = now;
    s.needsRestore = s.role == Role.REPLICA && d.checkpoint != null && sync(d) != null && s.keepUntilHealthy == null;
    if (s.failover != null && s.failover.rentCallAt == null) d.failoverStarts.add(now);
    if (s.failover != null) s.failover.rentCallAt = now;
    d.dirty = true;
    persist(d); // intent before the side effect
  }

  private void launched(DeploymentState d, Slot s, Offer offer, Instance inst, double od, double storage) {
    Instant at = now();
    s.onDemandPrice = od;
    s.storagePrice = storage;
    adopt(d, s, inst);
    s.attempts = 0;
    s.nextAttemptAt = null;
    if (s.failover != null) s.failover.rentDoneAt = at;
    persist(d); // outcome
    emit(new EngineEvent.Launched(at, d.spec.id(), s.name, s.role.name().toLowerCase(Locale.ROOT), inst.id(),
        inst.hostId(), inst.location().region(), offer.pricingModel().name().toLowerCase(Locale.ROOT), s.price, s.key));
  }

  private void failedAttempt(DeploymentState d, Slot s, Instant now, String reason) {
    s.attempts++;
    s.nextAttemptAt = now.plus(backoff(s));
    if (s.failover != null && s.attempts == 1) {
      emit(new EngineEvent.FailoverFailed(now, d.spec.id(), s.name, "COLD", reason));
    }
    d.dirty = true;
  }

  /** What the provider bills per hour for the offer's disk while stopped, where it says (0 otherwise). */
  private static double storagePrice(Offer offer) {
    for (String k : List.of("storage_price_per_hour", "storage_total_cost")) {
      if (offer.attributes().get(k) instanceof Number n) return n.doubleValue();
    }
    return 0;
  }

  private double onDemandPrice(Offer offer) {
    if (offer.pricingModel() == PricingModel.ON_DEMAND) return offer.pricePerHour().doubleValue();
    Object od = offer.attributes().get("on_demand_price");
    if (od instanceof Number n) return n.doubleValue();
    try {
      for (Offer o : onDemandOffers(offer.providerId())) {
        if (o.pricingModel() == PricingModel.ON_DEMAND && Objects.equals(o.hostId(), offer.hostId())
            && o.gpuCount() == offer.gpuCount() && o.gpu().equals(offer.gpu())) {
          return o.pricePerHour().doubleValue();
        }
      }
    } catch (DumontException e) {
      log.debug("[offer={}] on-demand price unknown: {}", offer.id(), e.toString());
    }
    return offer.pricePerHour().doubleValue();
  }

  /** How long one search of a provider's on-demand offers answers the on-demand price of every spot launch there. */
  static final Duration ON_DEMAND_PRICES_TTL = Duration.ofMinutes(1);

  private record PriceList(Instant at, List<Offer> offers) {}

  /**
   * Per provider, the on-demand offers last searched for the on-demand equivalent of spot launches (process
   * memory). A burst of spot launches after a mass interruption asks for it once a minute, not once per launch: the
   * price of a host's on-demand offer is an accounting baseline, and a minute-old one is as good.
   */
  private final Map<String, PriceList> onDemandPrices = new java.util.concurrent.ConcurrentHashMap<>();

  private List<Offer> onDemandOffers(String providerId) {
    Instant now = now();
    PriceList cached = onDemandPrices.get(providerId);
    // while the provider rate-limits searches, launches need them more than the accounting baseline does: an older
    // price list serves, and without one the offer's own price does (the on-demand equivalent is then understated)
    boolean scarce = searchPacer.paced(providerId, now);
    if (cached != null && (scarce || now.isBefore(cached.at().plus(ON_DEMAND_PRICES_TTL)))) return cached.offers();
    if (searchPacer.paused(providerId, now)) return List.of();
    List<Offer> offers;
    try {
      offers = dumont.provider(providerId).searchOffers(
          OfferQuery.builder().pricingModel(PricingModel.ON_DEMAND).build());
      searchPacer.accepted(providerId, now);
    } catch (RateLimitedException e) {
      searchPacer.limited(providerId, now, e.retryAfter());
      if (cached != null) return cached.offers();
      throw e;
    }
    onDemandPrices.put(providerId, new PriceList(now, List.copyOf(offers)));
    return offers;
  }

  /**
   * The label-safe idempotency key of a launch: {@code <deployment>/<slot>/<generation>} with '/' written as
   * '_', lower case, at most 63 characters.
   */
  public static String idempotencyKey(String deploymentId, String slot, int generation) {
    return labelSafe(deploymentId + "." + slot + "." + generation);
  }

  /**
   * The key this engine uses: {@link #idempotencyKey(String, String, int)} plus 8 hex digits of the engine id, so
   * that two engines on one account never share a key (a provider that deduplicates launches by key, like GCP's
   * {@code requestId}, would otherwise hand one engine the other's instance).
   */
  public static String idempotencyKey(String engineId, String deploymentId, String slot, int generation) {
    String e = String.format("%08x", engineId.hashCode());
    return labelSafe(deploymentId + "." + slot + "." + generation + "." + e);
  }

  private static String labelSafe(String s) {
    String raw = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    raw = raw.replace('.', '_');
    if (raw.length() > 63) {
      String h = Integer.toHexString(raw.hashCode());
      raw = raw.substring(raw.length() - (62 - h.length())) + "-" + h;
    }
    return raw;
  }

  // ------------------------------------------------------------------------------------------ warm pool, standby

  private void reconcileWarm(DeploymentState d, Slot s, Observer.Snapshot obs, Instant now) {
    if (s.providerId != null && !obs.known(s.providerId) && (s.hasInstance() || s.phase == Phase.LAUNCHING)) return;
    WarmPoolPolicy wp = d.spec.warmPool();
    Instance inst = resolve(d, s, obs);
    if (s.phase == Phase.EMPTY || (s.phase == Phase.LAUNCHING && inst == null)) {
      if (s.phase == Phase.EMPTY && s.generation > 0 && !wp.replenish()) return;
      if (d.slots.stream().anyMatch(r -> r.role == Role.REPLICA && r.failover != null && r.phase == Phase.EMPTY)) {
        return; // a replica needs capacity first
      }
      requestLaunch(d, s, now, LaunchKind.WARM, s.phase == Phase.LAUNCHING);
      return;
    }
    if (inst == null) {
      if (!missingConfirmed(s.providerId, s.instanceId)) return;
    }
    if (inst == null || Classifier.lostState(inst.state())) {
      if (s.hasInstance()) retire(d, s.instanceId, s.providerId);
      s.clearInstance();
      s.phase = Phase.EMPTY;
      d.dirty = true;
      return;
    }
    if (s.templateFingerprint != null && !s.templateFingerprint.equals(fingerprint(d))) {
      // a warm member of an old template would be promoted with the old workload: replace it
      retire(d, inst.id(), inst.providerId());
      s.clearInstance();
      s.phase = Phase.EMPTY;
      d.dirty = true;
      return;
    }
    if (s.phase == Phase.BOOTING) {
      if (inst.state() == InstanceState.RUNNING) {
        if (wp.mode() == WarmPoolPolicy.Mode.STOPPED) {
          s.parking = true;
          d.dirty = true;
          stopInstance(inst);
        } else {
          s.phase = Phase.READY;
          d.dirty = true;
        }
      } else if (inst.state() == InstanceState.STOPPED && s.parking) {
        s.phase = Phase.READY;
        s.parking = false;
        d.dirty = true;
      } else if (s.launchedAt != null
          && Duration.between(s.launchedAt, now).compareTo(d.spec.failover().bootTimeout()) > 0) {
        retire(d, inst.id(), inst.providerId());
        s.clearInstance();
        s.phase = Phase.EMPTY;
        d.dirty = true;
      }
      return;
    }
    if (s.phase == Phase.READY && wp.mode() == WarmPoolPolicy.Mode.STOPPED && inst.state() == InstanceState.RUNNING) {
      stopInstance(inst); // someone started it; park it again
    }
    if (s.phase == Phase.READY && wp.mode() == WarmPoolPolicy.Mode.RUNNING && inst.state() == InstanceState.STOPPED) {
      if (budgets.denial(d, Math.max(0, s.price - s.storagePrice), now) == null) startInstance(inst);
    }
  }

  private void reconcileStandby(DeploymentState d, Slot s, Observer.Snapshot obs, Instant now) {
    if (s.providerId != null && !obs.known(s.providerId) && (s.hasInstance() || s.phase == Phase.LAUNCHING)) return;
    Instance inst = resolve(d, s, obs);
    if (s.phase == Phase.EMPTY || (s.phase == Phase.LAUNCHING && inst == null)) {
      requestLaunch(d, s, now, LaunchKind.STANDBY, s.phase == Phase.LAUNCHING);
      return;
    }
    if (inst == null && !missingConfirmed(s.providerId, s.instanceId)) return;
    if (inst == null || Classifier.lostState(inst.state()) || inst.state() == InstanceState.STOPPED) {
      if (s.hasInstance()) retire(d, s.instanceId, s.providerId);
      s.clearInstance();
      s.phase = Phase.EMPTY;
      d.dirty = true;
      return;
    }
    Template st = standbyTemplate(d);
    if (s.templateFingerprint != null && !s.templateFingerprint.equals(standbyFingerprint(d))) {
      // launched with another fallback (or, before fallbacks, with the GPU template): replace it
      retire(d, inst.id(), inst.providerId());
      s.clearInstance();
      s.phase = Phase.EMPTY;
      d.dirty = true;
      return;
    }
    if (inst.state() != InstanceState.RUNNING) return;
    if (d.spec.template().cpuFallback() == null) {
      // nothing to serve or probe: the standby only holds the synced data, ready once it runs (as before fallbacks)
      if (s.phase == Phase.BOOTING) {
        s.phase = Phase.READY;
        d.dirty = true;
      }
      return;
    }
    // the fallback's CPU server is probed like a replica (its port and health path): no probe, not ready
    Boolean pre = obs.health(inst.id());
    boolean ok = pre != null ? pre : probe(st, inst);
    if (ok) {
      if (s.phase != Phase.READY || s.probeFailures > 0) d.dirty = true;
      s.probeFailures = 0;
      s.lastHealthyAt = now;
      if (s.phase != Phase.READY) {
        s.phase = Phase.READY;
        s.healthyAt = now;
      }
    } else if (s.phase == Phase.READY) {
      s.probeFailures++;
      d.dirty = true;
      if (s.probeFailures >= d.spec.failover().probeFailureThreshold()) {
        s.phase = Phase.BOOTING; // out of the serving endpoints; replaced when it does not recover within the boot timeout
        s.probeFailures = 0;
        s.launchedAt = now;
      }
    } else if (s.launchedAt != null && Duration.between(s.launchedAt, now).compareTo(d.spec.failover().bootTimeout()) > 0) {
      retire(d, inst.id(), inst.providerId());
      s.clearInstance();
      s.phase = Phase.EMPTY;
      d.dirty = true;
    }
  }

  // ------------------------------------------------------------------------------------------ serving endpoints

  /**
   * The deployment's serving endpoints, as last published (see {@link ServingEndpoint}): healthy GPU replicas as
   * {@link ServingEndpoint.Role#PRIMARY}, and the ready CPU standby running the template's CPU fallback as
   * {@link ServingEndpoint.Role#DEGRADED} (listed whenever it is ready; the router prefers primaries). Updated on
   * every tick, announced by {@link EngineEvent.ServingEndpointsChanged} when it changes, journalled (a restarted
   * engine publishes the same list at once). Never blocks on the engine lock; empty for an unknown deployment.
   */
  public List<ServingEndpoint> servingEndpoints(String deploymentId) {
    return published.getOrDefault(deploymentId, List.of());
  }

  private void publishServingEndpoints(DeploymentState d, Observer.Snapshot obs, Instant now) {
    EndpointList eps = endpointList.of(d);
    if (!d.deleted && !d.completed) {
      for (Slot s : d.slots) {
        if (!wanted(d, s)) {
          s.publishedAt = -1;
          continue;
        }
        String url = null;
        ServingEndpoint.Role role = ServingEndpoint.Role.PRIMARY;
        String instanceId = s.instanceId;
        if (s.role == Role.REPLICA) {
          if (s.phase == Phase.HEALTHY && s.hasInstance()) {
            url = servingUrl(s, obs, d.spec.template().port());
          } else if (s.keepUntilHealthy != null && !s.migrationCheckpointed && s.checkpointRequestedAt == null) {
            // a migration's old instance serves until the new one runs (then it is drained and checkpointed)
            Instance old = obs.get(s.keepProvider, s.keepUntilHealthy);
            url = old == null || old.state() != InstanceState.RUNNING ? null
                : ServingEndpoint.baseUrl(old, d.spec.template().port()).orElse(null);
            if (url != null) instanceId = old.id();
          }
        } else if (s.role == Role.STANDBY && s.phase == Phase.READY && s.hasInstance()
            && d.spec.template().cpuFallback() != null) {
          url = servingUrl(s, obs, d.spec.template().cpuFallback().port());
          role = ServingEndpoint.Role.DEGRADED;
        }
        if (url != null) eps.add(s, url, role, instanceId);
        else s.publishedAt = -1;
      }
    }
    List<ServingEndpoint> list = eps.changed();
    if (list == null) { // unchanged (the steady state): nothing was allocated
      eps.remember(d.servingEndpoints);
      return;
    }
    d.servingEndpoints = list;
    eps.remember(list);
    d.dirty = true;
    published.put(d.spec.id(), list);
    emit(new EngineEvent.ServingEndpointsChanged(now, d.spec.id(), list));
  }

  /**
   * This tick's serving endpoints of one deployment, compared as they come with the published list: no list or
   * record is allocated until the first difference (the steady state allocates nothing). A slot whose endpoint is
   * the one it contributed last time at the same position ({@link Slot#publishedAt}, valid while the published list
   * is the one those fields describe) compares without reading the list.
   */
  private static final class EndpointList {
    private DeploymentState d;
    private List<ServingEndpoint> published;
    /** The slots' published* fields describe {@link #published}: its size is {@code d.endpointsMemoSize}. */
    private boolean memo;
    private int publishedSize;
    private int count;
    private int same;
    private List<ServingEndpoint> built;

    /** Start on {@code d}'s endpoints (one instance per engine, reused under the engine lock: nothing allocated). */
    EndpointList of(DeploymentState d) {
      this.d = d;
      this.published = d.servingEndpoints;
      this.memo = d.endpointsMemo != null && d.endpointsMemo == published;
      this.publishedSize = memo ? d.endpointsMemoSize : published.size();
      this.count = 0;
      this.same = 0;
      this.built = null;
      d.endpointsMemo = null; // valid again only once this pass completes (remember): a pass cut short leaves none
      return this;
    }

    void add(Slot s, String url, ServingEndpoint.Role role, String instanceId) {
      int at = count++;
      if (built == null && same < publishedSize) {
        boolean unchanged;
        if (memo && s.publishedAt == at && role == s.publishedRole && url.equals(s.publishedUrl)
            && Objects.equals(instanceId, s.publishedInstanceId)) {
          unchanged = true; // at == same here: every endpoint before this one matched
        } else {
          ServingEndpoint p = published.get(same);
          unchanged = p.url().equals(url) && p.role() == role && Objects.equals(p.slot(), s.name)
              && Objects.equals(p.instanceId(), instanceId);
        }
        if (unchanged) {
          same++;
          note(s, at, url, role, instanceId);
          return;
        }
      }
      if (built == null) built = new ArrayList<>(published.subList(0, same));
      built.add(new ServingEndpoint(url, role, s.name, instanceId));
      note(s, at, url, role, instanceId);
    }

    private static void note(Slot s, int at, String url, ServingEndpoint.Role role, String instanceId) {
      s.publishedAt = at;
      s.publishedUrl = url;
      s.publishedRole = role;
      s.publishedInstanceId = instanceId;
    }

    /** The new list, or null when it equals the published one. */
    List<ServingEndpoint> changed() {
      if (built == null && same == publishedSize) return null;
      return List.copyOf(built != null ? built : published.subList(0, same));
    }

    /**
     * Every slot's published* fields now describe {@code list} (each wanted slot was seen, an unwanted one cleared);
     * a deleted or completed deployment's slots were not visited: no memo then.
     */
    void remember(List<ServingEndpoint> list) {
      boolean visited = !d.deleted && !d.completed;
      d.endpointsMemo = visited ? list : null;
      d.endpointsMemoSize = count;
      this.d = null;
      this.published = null;
      this.built = null;
    }
  }

  /**
   * The slot's instance in this tick's snapshot (null when absent): from the target the observer resolved, looked up
   * only when the slot's instance changed since the tick began.
   */
  private static Instance seen(Slot s, Observer.Snapshot obs) {
    Observer.Target t = s.target;
    return t != null ? t.in(obs, s.providerId, s.instanceId) : obs.get(s.providerId, s.instanceId);
  }

  /** The slot's base URL from this tick's listing (kept from the journal while the listing lacks the instance). */
  private static String servingUrl(Slot s, Observer.Snapshot obs, int containerPort) {
    Instance i = seen(s, obs);
    if (i != null && i.state() == InstanceState.RUNNING) {
      // the URL string is built only when its host or port changed: the steady state compares, never concatenates,
      // and the published list then compares by identity every tick
      String host = ServingEndpoint.host(i, containerPort);
      int port = i.port(containerPort).map(com.dumontcloud.sdk.model.PortMapping::hostPort).orElse(-1);
      if (host != null && port >= 0 && (s.servingUrl == null || port != s.servingPort || !host.equals(s.servingHost))) {
        String url = ServingEndpoint.baseUrl(i, containerPort).orElse(null);
        if (url != null && !url.equals(s.servingUrl)) s.servingUrl = url;
        s.servingHost = host;
        s.servingPort = port;
      }
    }
    return s.servingUrl;
  }

  // ------------------------------------------------------------------------------------------ data, jobs

  private void checkpointIfDue(DeploymentState d, Observer.Snapshot obs, Instant now) {
    Duration every = d.spec.checkpointInterval();
    if (sync(d) == null || every == null || d.lastCheckpointAt == null) return;
    if (now.isBefore(d.lastCheckpointAt.plus(every))) return;
    for (Slot s : d.slots) {
      if (s.role != Role.REPLICA || s.phase != Phase.HEALTHY || s.needsRestore || s.keepUntilHealthy != null) continue;
      Instance inst = seen(s, obs);
      if (inst == null || inst.state() != InstanceState.RUNNING) continue;
      requestCheckpoint(d, inst, "scheduled", null, now);
      return;
    }
  }

  private void completeJob(DeploymentState d, Slot s, Instance inst, Instant now) {
    d.completed = true;
    emit(new EngineEvent.JobCompleted(now, d.spec.id(), inst.id(), d.interruptions));
    for (Slot o : d.slots) {
      if (o.hasInstance()) retire(d, o.instanceId, o.providerId);
      o.clearInstance();
      o.failover = null;
      o.phase = o.role == Role.REPLICA ? Phase.COMPLETED : Phase.EMPTY;
    }
    d.dirty = true;
    persist(d);
  }

  // ------------------------------------------------------------------------------------------ hibernation

  private void maybeHibernate(DeploymentState d, Slot s, Instance inst, Instant now) {
    HibernationPolicy hp = d.spec.hibernation();
    if (hp == null || d.spec.kind() != DeploymentSpec.Kind.SERVICE || s.keepUntilHealthy != null) return;
    double u;
    try {
      u = idleness.utilisation(d.spec.id(), inst);
    } catch (RuntimeException e) {
      u = -1;
    }
    if (u < 0 || u >= hp.threshold()) {
      if (s.idleSince != null) {
        s.idleSince = null;
        s.checkpointRequestedAt = null;
        d.dirty = true;
      }
      return;
    }
    if (s.idleSince == null) {
      s.idleSince = now;
      d.dirty = true;
    }
    if (Duration.between(s.idleSince, now).compareTo(hp.period()) < 0) return;
    if (!checkpointFirst(d, s, inst, "hibernation", now)) return; // never destroy unsaved work
    hibernate(d, s, inst, hp.action(), now, Duration.between(s.idleSince, now));
  }

  private void hibernate(DeploymentState d, Slot s, Instance inst, HibernationPolicy.Action action, Instant now,
      Duration idleFor) {
    s.phase = Phase.HIBERNATED;
    s.hibernateAction = action.name();
    s.hibernatedAt = now;
    s.idleSince = null;
    s.resumeRequested = false;
    s.checkpointRequestedAt = null;
    if (action == HibernationPolicy.Action.CHECKPOINT_AND_TERMINATE) {
      retire(d, inst.id(), inst.providerId());
      s.clearInstance();
    }
    d.dirty = true;
    persist(d);
    if (action == HibernationPolicy.Action.STOP) stopInstance(inst);
    emit(new EngineEvent.Hibernated(now, d.spec.id(), s.name, inst.id(), action.name().toLowerCase(Locale.ROOT),
        idleFor));
  }

  private void reconcileHibernated(DeploymentState d, Slot s, Instance inst, Observer.Snapshot obs, Instant now) {
    s.hibernateNow = false;
    if (inst != null && (Classifier.lostState(inst.state()))) {
      retire(d, inst.id(), inst.providerId());
      s.clearInstance();
      d.dirty = true;
      inst = null;
    } else if (inst == null && s.hasInstance()) {
      if (!missingConfirmed(s.providerId, s.instanceId)) return;
      s.clearInstance();
      d.dirty = true;
    }
    if (inst != null && inst.state() == InstanceState.RUNNING && !s.resumeRequested) stopInstance(inst);
    if (!s.resumeRequested) return;
    if (inst != null) {
      String denied = budgets.denial(d, Math.max(0, s.price - s.storagePrice), now);
      if (denied != null) {
        budgetBlocked(d, s, denied, now); // resume stays requested: retried when the budget allows
        return;
      }
    }
    s.resumeRequested = false;
    s.resumeStartedAt = now;
    s.needsRestore = inst == null && d.checkpoint != null && sync(d) != null;
    if (inst != null) {
      s.phase = Phase.BOOTING;
      s.launchedAt = now;
      d.dirty = true;
      persist(d);
      startInstance(inst);
      billingStart(d, inst.id(), s.price, s.onDemandPrice, s.storagePrice);
    } else {
      s.phase = Phase.EMPTY;
      d.dirty = true;
      persist(d);
    }
  }

  // ------------------------------------------------------------------------------------------ migrations

  private void maybeBackToSpot(DeploymentState d, Slot s, Instant now) {
    if (d.spec.spotPolicy() != SpotPolicy.AUTO || !"ON_DEMAND".equals(s.pricing) || s.keepUntilHealthy != null) return;
    if (s.lastSpotCheckAt != null && now.isBefore(s.lastSpotCheckAt.plus(spotRecheck))) return;
    s.lastSpotCheckAt = now;
    d.dirty = true;
    requestLaunch(d, s, now, LaunchKind.MIGRATE_SPOT, false);
  }

  /**
   * Rolling update: when the template changed, replace one outdated replica at a time (surge 1) — only while
   * every other replica is healthy and no migration runs, so capacity never drops below the spec.
   */
  private void maybeRollingUpdate(DeploymentState d, Observer.Snapshot obs, Instant now) {
    if (d.spec.kind() != DeploymentSpec.Kind.SERVICE) return;
    String fp = fingerprint(d);
    Slot outdated = null;
    for (Slot s : d.slots) {
      if (s.role != Role.REPLICA || !wanted(d, s)) continue;
      if (s.keepUntilHealthy != null || runner.busy(launchKey(d, s))) return; // one at a time
      if (s.phase != Phase.HEALTHY) {
        if (s.phase != Phase.HIBERNATED) return;
        continue;
      }
      if (s.templateFingerprint == null) {
        s.templateFingerprint = fp; // journalled before rolling updates existed: take it as current
        d.dirty = true;
      } else if (!s.templateFingerprint.equals(fp) && outdated == null) {
        outdated = s;
      }
    }
    if (outdated != null) requestLaunch(d, outdated, now, LaunchKind.MIGRATE_UPDATE, false);
  }

  // ------------------------------------------------------------------------------------------ retire, orphans

  private void retire(DeploymentState d, String instanceId, String providerId) {
    if (instanceId == null) return;
    if (providerId == null || providerId.isEmpty()) {
      Instance seen = lastSnapshot == null ? null : lastSnapshot.anyProvider(instanceId);
      providerId = seen != null ? seen.providerId() : providersOf(d.spec).get(0);
    }
    d.retire.put(instanceId, providerId);
    d.dirty = true;
  }

  private void processRetire(DeploymentState d, Observer.Snapshot obs) {
    if (d.retire.isEmpty()) return;
    if (d.dirty) persist(d); // intent (the retire list) is durable before any terminate call; retire() marks dirty
    for (Map.Entry<String, String> e : new ArrayList<>(d.retire.entrySet())) {
      String id = e.getKey();
      String p = e.getValue();
      if (!obs.known(p)) continue;
      Instance i = obs.get(p, id);
      if (i == null || i.state() == InstanceState.TERMINATED) {
        d.retire.remove(id);
        d.dirty = true;
        continue;
      }
      terminate(d, id, p, d.deleted ? "deployment deleted" : "retired");
    }
  }

  /** Terminate off the lock; the outcome removes it from the retire list (or it is retried next tick). */
  private void terminate(DeploymentState d, String id, String providerId, String reason) {
    runner.provider("terminate:" + id, providerId, () -> {
      if (!mayAct(d.spec.id())) return null;
      try {
        dumont.provider(providerId).terminate(id);
      } catch (DumontException ex) {
        log.debug("[deployment={}, instance={}] terminate failed, retrying next tick: {}", d.spec.id(), id, ex.toString());
        return null;
      }
      return () -> {
        d.retire.remove(id);
        DeploymentState.Billing b = d.billing.get(id);
        if (b != null) b.active = false;
        d.dirty = true;
        emit(new EngineEvent.Terminated(now(), d.spec.id(), id, reason));
      };
    });
  }

  /**
   * Instances with this engine's owner label that no slot, intent or retire list accounts for, and that this
   * engine launched (their key is one of a known or deleted deployment's generations): terminated. Anything else
   * — other owners, no owner, keys this engine never issued — is never touched.
   */
  private void sweepOrphans(Observer.Snapshot obs) {
    Set<String> referenced = null; // every deployment's instances: built only when a listed one is not its own's
    Set<String> pending = null;
    for (Map.Entry<String, List<Instance>> e : obs.listed().entrySet()) {
      for (Instance i : e.getValue()) {
        if (i.state() == InstanceState.TERMINATED) continue;
        DeploymentState own = deployments.get(i.label(Labels.DEPLOYMENT));
        if (own != null && references(own, i.id())) continue; // the steady state: no fleet-wide set per tick
        if (referenced == null) {
          referenced = new HashSet<>();
          pending = new HashSet<>();
          for (DeploymentState d : deployments.values()) {
            referenced.addAll(d.retire.keySet());
            for (Slot s : d.slots) {
              if (s.instanceId != null) referenced.add(s.instanceId);
              if (s.keepUntilHealthy != null) referenced.add(s.keepUntilHealthy);
              if (s.key != null && (s.phase == Phase.LAUNCHING || runner.busy(launchKey(d, s)))) {
                pending.add(s.providerId + "|" + s.key);
              }
            }
          }
        }
        if (referenced.contains(i.id())) continue;
        if (!engineId.equals(i.label(Labels.OWNER))) continue;
        String key = i.label(Labels.KEY);
        if (key == null || pending.contains(e.getKey() + "|" + key)) continue;
        String dep = i.label(Labels.DEPLOYMENT);
        if (!launchedByUs(dep, key)) continue;
        if (runner.busy("terminate:" + i.id())) continue;
        String provider = e.getKey();
        String id = i.id();
        runner.provider("terminate:" + id, provider, () -> {
          if (!mayAct(dep)) return null; // shared store: only the deployment's lease holder cleans up
          try {
            dumont.provider(provider).terminate(id);
          } catch (DumontException ex) {
            log.debug("[instance={}] orphan terminate failed, retrying next tick: {}", id, ex.toString());
            return null;
          }
          return () -> {
            emit(new EngineEvent.Terminated(now(), dep == null ? "" : dep, id, "orphan"));
            DeploymentState d = dep == null ? null : deployments.get(dep);
            if (d != null) d.billing.remove(id);
          };
        });
      }
    }
  }

  /** True when {@code key} is a launch key of one of the deployment's slot generations (live or tombstoned). */
  private boolean launchedByUs(String deploymentId, String key) {
    if (deploymentId == null) return false;
    Map<String, Integer> gens = new LinkedHashMap<>();
    DeploymentState d = deployments.get(deploymentId);
    if (d != null) {
      for (Slot s : d.slots) gens.put(s.name, s.generation);
    } else if (identity.tombstones.containsKey(deploymentId)) {
      gens.putAll(identity.tombstones.get(deploymentId));
    } else {
      return false;
    }
    for (Map.Entry<String, Integer> g : gens.entrySet()) {
      for (int n = g.getValue(); n >= 1; n--) {
        if (key.equals(idempotencyKey(engineId, deploymentId, g.getKey(), n))) return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------------------------ ledger, budgets

  private void billingStart(DeploymentState d, String id, double price, double od, double storage) {
    DeploymentState.Billing b = d.billing.get(id);
    if (b == null) {
      b = new DeploymentState.Billing();
      b.lastAt = now();
      d.billing.put(id, b);
    }
    b.price = price;
    b.onDemandPrice = od;
    b.storagePrice = storage;
    b.active = true;
  }

  /**
   * Accrue price × time conservatively: an instance counts until it is observed not billing; a stopped one at
   * its storage price.
   */
  private void accrue(DeploymentState d, Observer.Snapshot obs, Instant now) {
    long hour = Math.floorDiv(now.getEpochSecond(), 3600);
    for (Iterator<Map.Entry<String, DeploymentState.Billing>> it = d.billing.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, DeploymentState.Billing> e = it.next();
      DeploymentState.Billing b = e.getValue();
      String id = e.getKey();
      Slot of = d.retire.isEmpty() ? replicaOf(d, id) : null; // the common case: a slot's own instance
      String provider = of != null ? of.providerId : providerOfInstance(d, id);
      Instance i = provider == null ? null : of != null ? seen(of, obs) : obs.get(provider, id);
      boolean known = provider != null && obs.known(provider);
      if (b.lastAt != null && now.isAfter(b.lastAt)) {
        double hours = Duration.between(b.lastAt, now).toMillis() / 3_600_000.0;
        double rate = b.active ? b.price : b.storagePrice;
        double cost = rate * hours;
        d.spendTotal += cost;
        if (b.active) d.onDemandTotal += b.onDemandPrice * hours;
        double gpuHours = b.active && b.gpus > 0 ? b.gpus * hours : 0;
        if (cost > 0 || gpuHours > 0) d.accrueHour(hour, Math.max(0, cost), gpuHours);
      }
      b.lastAt = now;
      if (known) {
        if (i == null) {
          // not in this tick's listing: gone once confirmed, unless launched after the listing was taken
          if (!references(d, e.getKey()) || missingConfirmed(provider, e.getKey())) it.remove();
        } else if (i.state() == InstanceState.TERMINATED) {
          it.remove();
        } else {
          b.active = i.state().isActive() || i.state() == InstanceState.UNKNOWN;
          b.gpus = i.gpuCount();
          if (b.active && i.pricePerHour().doubleValue() > 0) b.price = i.pricePerHour().doubleValue();
        }
      }
    }
    if (hour != d.prunedAtHour) { // once an hour, not on every tick (the open hour is never old enough to prune)
      d.prunedAtHour = hour;
      d.spendByHour.headMap(hour - 24 * 32).clear();
      d.gpuHoursByHour.headMap(hour - 24 * 32).clear();
    }
  }

  /**
   * How many of this tick's live listed instances are the deployment's own (labelled with its id and referenced
   * by one of its slots or its retire list), each counted once. When the sum over the deployments equals
   * {@link Observer.Snapshot#liveCount}, every listed instance is accounted for and {@link #sweepOrphans} has nothing to find.
   */
  private static int ownListed(DeploymentState d, Observer.Snapshot obs) {
    int n = 0;
    List<Slot> slots = d.slots;
    for (int k = 0; k < slots.size(); k++) {
      Slot s = slots.get(k);
      if (s.instanceId != null && s.providerId != null && own(d, seen(s, obs))
          && !countedBefore(d, k, s.instanceId, false)) {
        n++;
      }
      if (ownLive(d, obs, s.keepProvider, s.keepUntilHealthy) && !countedBefore(d, k, s.keepUntilHealthy, true)) n++;
    }
    for (Map.Entry<String, String> e : d.retire.entrySet()) {
      String id = e.getKey();
      if (ownLive(d, obs, e.getValue(), id) && !countedBefore(d, slots.size(), id, true)) n++;
    }
    return n;
  }

  private static boolean ownLive(DeploymentState d, Observer.Snapshot obs, String providerId, String id) {
    if (id == null || providerId == null) return false;
    return own(d, obs.get(providerId, id));
  }

  private static boolean own(DeploymentState d, Instance i) {
    return i != null && i.state() != InstanceState.TERMINATED && d.spec.id().equals(i.label(Labels.DEPLOYMENT));
  }

  /** True when {@code id} was already counted by {@link #ownListed} in an earlier slot (or this slot's replica). */
  private static boolean countedBefore(DeploymentState d, int slotIdx, String id, boolean includeThisReplica) {
    for (int k = 0; k < slotIdx; k++) {
      Slot s = d.slots.get(k);
      if (id.equals(s.instanceId) || id.equals(s.keepUntilHealthy)) return true;
    }
    return includeThisReplica && slotIdx < d.slots.size() && id.equals(d.slots.get(slotIdx).instanceId);
  }

  /**
   * Per quota team: the live instances labelled with the team that another owner runs — another engine on the same
   * account (in {@code dumont serve} the serverless endpoints run on their own engine beside the deployments'),
   * another process, direct launches — so that a team quota holds over all of them (the observer lists them when
   * there are quotas).
   */
  private static Map<String, com.dumontcloud.sdk.internal.access.QuotaCheck.Usage> foreignTeamUsage(
      Observer.Snapshot obs, Instant now) {
    Instant month = com.dumontcloud.sdk.access.Quota.monthStart(now);
    Map<String, double[]> acc = new HashMap<>(); // running, gpus, burn, gpu hours, spent
    for (Instance i : obs.foreign()) {
      double[] a = acc.computeIfAbsent(i.label(Labels.TEAM), t -> new double[5]);
      double price = i.pricePerHour() == null ? 0 : i.pricePerHour().doubleValue();
      int gpus = Math.max(1, i.gpuCount());
      a[0]++;
      a[1] += gpus;
      a[2] += price;
      if (i.startedAt() != null && i.startedAt().isBefore(now)) {
        double h = Duration.between(i.startedAt().isBefore(month) ? month : i.startedAt(), now).toMillis()
            / 3_600_000.0;
        a[3] += gpus * h;
        a[4] += price * h;
      }
    }
    Map<String, com.dumontcloud.sdk.internal.access.QuotaCheck.Usage> out = new HashMap<>();
    acc.forEach((t, a) -> out.put(t, new com.dumontcloud.sdk.internal.access.QuotaCheck.Usage((int) a[0], (int) a[1],
        a[2], a[3], a[4])));
    return out;
  }

  private static boolean references(DeploymentState d, String id) {
    if (d.retire.containsKey(id)) return true;
    for (Slot s : d.slots) {
      if (id.equals(s.instanceId) || id.equals(s.keepUntilHealthy)) return true;
    }
    return false;
  }

  /**
   * The slot whose current instance {@code id} is, when that is what {@link #providerOfInstance} would name the
   * provider by (no retire entry, no earlier slot's migration source), else null.
   */
  private static Slot replicaOf(DeploymentState d, String id) {
    for (Slot s : d.slots) {
      if (id.equals(s.instanceId)) return s;
      if (id.equals(s.keepUntilHealthy)) return null;
    }
    return null;
  }

  private String providerOfInstance(DeploymentState d, String id) {
    String p = d.retire.get(id);
    if (p != null && !p.isEmpty()) return p;
    for (Slot s : d.slots) {
      if (id.equals(s.instanceId)) return s.providerId;
      if (id.equals(s.keepUntilHealthy)) return s.keepProvider;
    }
    List<String> ps = d.spec.providers().isEmpty() ? dumont.providerIds() : d.spec.providers();
    return ps.size() == 1 ? ps.get(0) : null;
  }

  /** Every tick: warn at thresholds; shed lowest-priority work before a spend cap could be crossed. */
  private void enforceBudgets(Map<String, Budget> all, Observer.Snapshot obs, Instant now) {
    warnQuotas(now);
    for (Map.Entry<String, Budget> e : all.entrySet()) {
      Budget b = e.getValue();
      List<DeploymentState> in = new ArrayList<>(budgets.scope(e.getKey()));
      if (in.isEmpty()) continue;
      DeploymentState owner = in.get(0);
      double burn = in.stream().mapToDouble(BudgetGuard::burn).sum();
      if (b.maxPricePerHour() != null) {
        warnOnce(owner, e.getKey(), "price_per_hour", burn, b.maxPricePerHour().doubleValue(), b.warnAt(), now, null);
      }
      if (b.maxSpend() == null) continue;
      Instant ps = BudgetGuard.periodStart(b, now);
      double spent = in.stream().mapToDouble(x -> x.spendSince(ps)).sum();
      warnOnce(owner, e.getKey(), "spend", spent, b.maxSpend().doubleValue(), b.warnAt(), now, ps);
      double margin = burn * (tick.multipliedBy(3).plus(LEDGER_SAVE_INTERVAL).toMillis() / 3_600_000.0);
      if (spent + margin < b.maxSpend().doubleValue()) continue;
      in.sort(Comparator.comparingInt(x -> x.spec.priority()));
      boolean hard = spent + burn * (tick.multipliedBy(2).toMillis() / 3_600_000.0) >= b.maxSpend().doubleValue();
      for (DeploymentState x : in) {
        double xb = BudgetGuard.burn(x);
        shed(x, e.getKey(), ps.plus(b.period()), obs, hard, now);
        burn -= xb;
        margin = burn * (tick.multipliedBy(3).plus(LEDGER_SAVE_INTERVAL).toMillis() / 3_600_000.0);
        if (spent + margin < b.maxSpend().doubleValue()) break;
      }
    }
  }

  /** Every tick: warn once per month when a team reaches a quota's warn threshold. */
  private void warnQuotas(Instant now) {
    for (com.dumontcloud.sdk.access.Quota q : budgets.quotas().values()) {
      DeploymentState owner = deployments.values().stream()
          .filter(x -> q.team().equals(x.spec.labels().get(Labels.TEAM))).findFirst().orElse(null);
      if (owner == null) continue;
      var u = budgets.usage(q.team(), now);
      Instant month = com.dumontcloud.sdk.access.Quota.monthStart(now);
      if (q.maxGpuHoursPerMonth() != null && q.maxGpuHoursPerMonth() > 0) {
        warnOnce(owner, "team:" + q.team(), "gpu_hours", u.gpuHoursThisMonth(), q.maxGpuHoursPerMonth(),
            q.warnAtGpuHoursPercent() / 100.0, now, month);
      }
      if (q.maxMonthlyBudgetUsd() != null && q.maxMonthlyBudgetUsd() > 0) {
        warnOnce(owner, "team:" + q.team(), "monthly_budget", u.spentThisMonthUsd(), q.maxMonthlyBudgetUsd(),
            q.warnAtBudgetPercent() / 100.0, now, month);
      }
    }
  }

  private void warnOnce(DeploymentState d, String scope, String limit, double used, double cap, double at, Instant now,
      Instant period) {
    String k = "warn:" + scope + ":" + limit;
    String tag = period == null ? "on" : period.toString();
    if (used >= cap * at) {
      if (!tag.equals(d.warned.get(k))) {
        d.warned.put(k, tag);
        d.dirty = true;
        emit(new EngineEvent.BudgetWarned(now, d.spec.id(), scope, limit, round(used), cap));
      }
    } else if (period == null && d.warned.remove(k) != null) {
      d.dirty = true;
    }
  }

  /**
   * Stop billing for a deployment until the period ends: terminate what it runs, each serving replica only after
   * its checkpoint completed. While the cap still allows ({@code hard} false) an unsaved replica keeps running
   * for its checkpoint; at the cap it is stopped instead of terminated (the disk keeps its data, only storage
   * bills) and hibernated until {@link #resume}.
   */
  private void shed(DeploymentState d, String scope, Instant until, Observer.Snapshot obs, boolean hard, Instant now) {
    boolean any = false;
    for (Slot s : d.slots) {
      if (s.hasInstance()) {
        if (s.phase == Phase.HIBERNATED && s.checkpointRequestedAt != null) continue; // stopped with unsaved data
        Instance i = obs.get(s.providerId, s.instanceId);
        if (s.role == Role.REPLICA && s.phase == Phase.HEALTHY && i != null
            && !checkpointFirst(d, s, i, "budget hibernation", now)) {
          any = true;
          if (!hard) continue;
          s.phase = Phase.HIBERNATED;
          s.hibernateAction = HibernationPolicy.Action.STOP.name();
          s.hibernatedAt = now;
          s.resumeRequested = false;
          stopInstance(i);
          DeploymentState.Billing b = d.billing.get(i.id());
          if (b != null) b.active = false;
          emit(new EngineEvent.BudgetBlocked(now, d.spec.id(), scope, "spend cap reached before the checkpoint of "
              + i.id() + " completed: stopped instead of terminated, its data kept on the instance's disk"));
          d.dirty = true;
          continue;
        }
        retire(d, s.instanceId, s.providerId);
        if (s.keepUntilHealthy != null) retire(d, s.keepUntilHealthy, s.keepProvider);
        s.keepUntilHealthy = null;
        s.migration = null;
        s.clearInstance();
        s.phase = Phase.EMPTY;
        s.needsRestore = d.checkpoint != null && sync(d) != null;
        any = true;
      } else if (s.phase == Phase.LAUNCHING) {
        any = true; // the pending key is dropped below; a late instance becomes an orphan and is terminated
        s.phase = Phase.EMPTY;
        s.key = null;
      }
    }
    d.blockedUntil = until;
    d.dirty = true;
    persist(d);
    if (any) emit(new EngineEvent.BudgetBlocked(now, d.spec.id(), scope, "spend cap reached: hibernated until " + until));
    for (Map.Entry<String, String> r : new ArrayList<>(d.retire.entrySet())) {
      DeploymentState.Billing b = d.billing.get(r.getKey());
      if (b != null) b.active = false; // the terminate goes out in this tick
      terminate(d, r.getKey(), r.getValue(), "budget");
    }
  }

  /** An instant as nanoseconds since the epoch: exact from 1678 to 2262, saturated beyond (a test's far clock). */
  static long epochNanos(Instant t) {
    long s = t.getEpochSecond();
    if (s >= Long.MAX_VALUE / 1_000_000_000L) return Long.MAX_VALUE;
    if (s <= Long.MIN_VALUE / 1_000_000_000L) return Long.MIN_VALUE + 1; // above "never saved"
    return s * 1_000_000_000L + t.getNano();
  }

  private static double round(double v) {
    return BudgetGuard.round(v);
  }

  // ------------------------------------------------------------------------------------------ misc

  private void persist(DeploymentState d) {
    try {
      store.put(d.spec.id(), d.toMap());
    } catch (FencedWriteException fenced) {
      synchronized (this) {
        if (deployments.get(d.spec.id()) == d) drop(d.spec.id(), "a write was fenced (" + fenced.getMessage() + ")");
      }
      throw fenced;
    }
    d.dirty = false;
  }

  private Instant now() {
    return scheduler.now();
  }

  private void emit(EngineEvent e) {
    if (log.isDebugEnabled()) log.debug("[engine={}] {}", engineId, e.toJson());
    for (EngineListener l : listeners) {
      try {
        l.onEvent(e);
      } catch (RuntimeException ex) {
        log.warn("[engine={}] listener failed on {}: {}", engineId, e.type(), ex.toString());
      }
    }
  }

  private DeploymentStatus status(DeploymentState d) {
    List<DeploymentStatus.SlotStatus> slots = new ArrayList<>();
    int healthy = 0;
    boolean failing = false;
    boolean degraded = false;
    boolean hibernated = false;
    for (Slot s : d.slots) {
      slots.add(new DeploymentStatus.SlotStatus(s.name, s.role.name().toLowerCase(Locale.ROOT),
          s.phase.name().toLowerCase(Locale.ROOT), s.generation, s.instanceId, s.hostId, s.region,
          s.pricing == null ? null : s.pricing.toLowerCase(Locale.ROOT), s.price));
      if (s.role == Role.REPLICA) {
        if (s.phase == Phase.HEALTHY) healthy++;
        if (s.failover != null) failing = true;
        if (s.failover != null && s.failover.degradedAt != null) degraded = true;
        if (s.phase == Phase.HIBERNATED) hibernated = true;
      }
    }
    String phase;
    if (d.deleted) phase = "deleting";
    else if (d.completed) phase = "completed";
    else if (d.blockedUntil != null && now().isBefore(d.blockedUntil)) phase = "blocked";
    else if (degraded && d.spec.template().cpuFallback() != null) phase = "degraded";
    else if (failing) phase = "failing_over";
    else if (healthy >= d.spec.replicas() && d.spec.replicas() > 0) phase = "healthy";
    else if (hibernated) phase = "hibernated";
    else phase = "starting";
    return new DeploymentStatus(d.spec.id(), d.spec, phase, slots, healthy, d.spendTotal, d.onDemandTotal,
        d.interruptions, d.failoversCompleted, d.checkpoint == null ? null : d.checkpoint.version(),
        d.servingEndpoints);
  }

  @Override
  public String toString() {
    return "Orchestrator[" + engineId + ", deployments=" + deployments.keySet() + "]";
  }

  /** Builder for {@link Orchestrator}. */
  public static final class Builder {
    private Dumont dumont;
    private StateStore store;
    private Scheduler scheduler;
    private String engineId;
    private HealthProbe probe;
    private DataSync dataSync;
    private IdlenessSignal idleness;
    private JobProgress jobProgress;
    private Duration tick = Duration.ofSeconds(5);
    private Duration spotRecheck = Duration.ofMinutes(10);
    private Duration actionWait = Duration.ofSeconds(2);
    private int ioThreads = 8;
    private int dataThreads = 4;
    private final Map<String, Budget> labelBudgets = new LinkedHashMap<>();
    private final List<EngineListener> listeners = new ArrayList<>();

    private Builder() {}

    /** Durable state (default: in memory). Use {@link StateStore#fileJournal} for restarts. */
    public Builder stateStore(StateStore s) { store = s; return this; }
    /** Time (default: the client's scheduler). */
    public Builder scheduler(Scheduler s) { scheduler = s; return this; }
    /**
     * The engine's identity, the {@code dumont-owner} label of its instances (default: generated once and kept in
     * the state store). Set it to share a fleet's identity across state stores deliberately; two engines running
     * at once with one id would act on each other's instances.
     */
    public Builder engineId(String id) { engineId = id; return this; }
    /**
     * Workload health probe (default {@link HealthProbe#defaults}: the provider's own
     * {@link com.dumontcloud.sdk.spi.WorkloadHealth}, else HTTP GET of the template's health path, 3 s deadline).
     */
    public Builder healthProbe(HealthProbe p) { probe = p; return this; }
    /** Checkpoint/restore (default: none). */
    public Builder dataSync(DataSync s) { dataSync = s; return this; }
    /** Idleness source for hibernation (default: never idle). */
    public Builder idlenessSignal(IdlenessSignal s) { idleness = s; return this; }
    /** Completion source for JOB deployments. */
    public Builder jobProgress(JobProgress p) { jobProgress = p; return this; }
    /** Poll and probe interval (default 5 s; detection takes at most one tick plus K-1 probes). */
    public Builder tick(Duration d) { tick = d; return this; }
    /** How often AUTO checks whether spot is back (default 10 min). */
    public Builder spotRecheck(Duration d) { spotRecheck = d; return this; }
    /**
     * How long (real time) a tick waits for the provider calls and data operations it started before it ends
     * (default 2 s); slower ones go on in the background and their outcomes apply on a later tick.
     */
    public Builder actionWait(Duration d) { actionWait = d; return this; }
    /** Threads for provider calls (default 8; calls to one provider run in order, providers in parallel). */
    public Builder ioThreads(int n) { ioThreads = n; return this; }
    /** Threads for checkpoints and restores (default 4; one data operation per deployment at a time). */
    public Builder dataThreads(int n) { dataThreads = n; return this; }
    /** A team budget for every deployment labelled {@code key=value}. */
    public Builder labelBudget(String key, String value, Budget b) { labelBudgets.put(key + "=" + value, b); return this; }
    public Builder listener(EngineListener l) { listeners.add(l); return this; }

    public Orchestrator build() {
      if (dumont == null) throw new IllegalArgumentException("an Orchestrator needs a Dumont client");
      if (engineId != null && !engineId.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
        throw new IllegalArgumentException("engineId must be a label-safe value (a-z, 0-9, '-', '_'), got '"
            + engineId + "'");
      }
      if (tick == null || tick.isZero() || tick.isNegative()) throw new IllegalArgumentException("tick must be positive");
      if (actionWait == null || actionWait.isNegative()) throw new IllegalArgumentException("actionWait must be >= 0");
      if (ioThreads < 1 || dataThreads < 1) throw new IllegalArgumentException("ioThreads and dataThreads must be >= 1");
      return new Orchestrator(this);
    }
  }
}
