package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.engine.Slot.Phase;
import com.dumontcloud.sdk.engine.Slot.Role;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.exception.BudgetExceededException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.SpotMarket;
import com.dumontcloud.sdk.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps declared deployments alive on spot capacity: a level-triggered controller that, every tick, lists
 * each provider's instances carrying this engine's owner label (one call per provider), probes the healthy
 * ones, classifies slots, and replaces, fills, replenishes, hibernates and terminates — journalling each
 * intent in the {@link StateStore} before the provider call, so a restart neither duplicates nor orphans.
 *
 * <p>Thread-safe; reconcile steps run one at a time on the {@link Scheduler}'s thread. {@link #close()} stops
 * the engine and leaves instances running (use {@link #delete(String)} to terminate a deployment).
 */
public final class Orchestrator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);
  private static final Duration LEDGER_SAVE_INTERVAL = Duration.ofMinutes(1);

  private final Dumont dumont;
  private final StateStore store;
  private final Scheduler scheduler;
  private final String engineId;
  private final HealthProbe probe;
  /** Probes run at most this many at once; each honours its own deadline, the whole batch this one. */
  private static final int PROBE_THREADS = 16;
  private static final Duration PROBE_DEADLINE = Duration.ofSeconds(5);
  private java.util.concurrent.ExecutorService probePool;
  private final DataSync dataSync;
  private final IdlenessSignal idleness;
  private final JobProgress jobProgress;
  private final Duration tick;
  private final Duration spotRecheck;
  private final Map<String, Budget> labelBudgets;
  private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, DeploymentState> deployments = new LinkedHashMap<>();
  private final Map<String, Instance> lastSeen = new HashMap<>();
  private final Set<String> terminatedThisTick = new HashSet<>();
  private Scheduler.Cancellable task;
  private Instant lastTickAt;
  private volatile boolean started;
  private volatile boolean closed;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  private Orchestrator(Builder b) {
    this.dumont = Objects.requireNonNull(b.dumont, "dumont");
    this.store = b.store != null ? b.store : StateStore.inMemory();
    this.scheduler = b.scheduler != null ? b.scheduler : dumont.scheduler();
    this.engineId = b.engineId;
    this.probe = b.probe != null ? b.probe : HealthProbe.http(Duration.ofSeconds(3));
    this.dataSync = b.dataSync;
    this.idleness = b.idleness != null ? b.idleness : IdlenessSignal.alwaysBusy();
    this.jobProgress = b.jobProgress != null ? b.jobProgress : JobProgress.never();
    this.tick = b.tick;
    this.spotRecheck = b.spotRecheck;
    this.labelBudgets = Map.copyOf(b.labelBudgets);
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
   * journalled slot or intent names them, terminated when they carry this engine's owner label and nothing
   * wants them, and never touched otherwise.
   *
   * @return a stage completing when the state is loaded
   */
  public synchronized CompletableFuture<Void> start() {
    if (closed) throw new IllegalStateException("orchestrator " + engineId + " is closed");
    if (started) return CompletableFuture.completedFuture(null);
    for (Map.Entry<String, Map<String, Object>> e : store.loadAll().entrySet()) {
      deployments.put(e.getKey(), DeploymentState.fromMap(e.getValue()));
    }
    started = true;
    log.info("[engine={}, deployments={}] started", engineId, deployments.size());
    task = scheduler.scheduleAtFixedRate(this::safeTick, Duration.ZERO, tick);
    return CompletableFuture.completedFuture(null);
  }

  /** A stage that completes when the orchestrator is closed. */
  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  /**
   * Declare (or change) a deployment. The engine reconciles towards it from the next tick.
   *
   * @throws BudgetExceededException when the spec's own budget cannot afford even one replica at the cheapest offer
   */
  public synchronized DeploymentStatus apply(DeploymentSpec spec) {
    Objects.requireNonNull(spec, "spec");
    DeploymentState d = deployments.get(spec.id());
    if (d == null) {
      d = new DeploymentState();
      deployments.put(spec.id(), d);
    }
    d.spec = spec;
    d.deleted = false;
    layoutSlots(d);
    persist(d);
    emit(new EngineEvent.Applied(now(), spec.id(), spec.replicas(), spec.kind().name().toLowerCase(Locale.ROOT)));
    return status(d);
  }

  public synchronized Optional<DeploymentStatus> get(String deploymentId) {
    DeploymentState d = deployments.get(deploymentId);
    return d == null ? Optional.empty() : Optional.of(status(d));
  }

  public synchronized List<DeploymentStatus> list() {
    return deployments.values().stream().map(this::status).toList();
  }

  /** Terminate everything the deployment owns, then forget it. Idempotent. */
  public synchronized void delete(String deploymentId) {
    DeploymentState d = deployments.get(deploymentId);
    if (d == null) return;
    d.deleted = true;
    persist(d);
    if (started) reconcileNow();
  }

  /** Resume a deployment's hibernated replicas. */
  public synchronized void resume(String deploymentId) {
    DeploymentState d = deployments.get(deploymentId);
    if (d == null) throw new NotFoundException(
        com.dumontcloud.sdk.exception.ProviderErrorDetails.of("engine", "resume", "no deployment " + deploymentId));
    for (Slot s : d.slots) {
      if (s.phase == Phase.HIBERNATED) s.resumeRequested = true;
    }
    persist(d);
    if (started) reconcileNow();
  }

  /** Run one reconcile step now (the scheduler runs them every tick). */
  public synchronized void reconcileNow() {
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

  public String engineId() {
    return engineId;
  }

  /** The tick interval (poll and probe interval). */
  public Duration tick() {
    return tick;
  }

  /** Stop reconciling; instances keep running. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    if (task != null) task.cancel();
    if (probePool != null) probePool.shutdownNow();
    for (DeploymentState d : deployments.values()) {
      if (!d.deleted || !d.retire.isEmpty()) persist(d);
    }
    stopped.complete(null);
    log.info("[engine={}] closed", engineId);
  }

  // ------------------------------------------------------------------------------------------ tick

  private void safeTick() {
    try {
      synchronized (this) {
        if (closed) return;
        tickOnce();
      }
    } catch (RuntimeException e) {
      log.warn("[engine={}] reconcile step failed: {}", engineId, e.toString(), e);
    } catch (Error e) {
      // like a ScheduledExecutorService: an Error ends the periodic task (a crashed process does not tick)
      if (task != null) task.cancel();
      closed = true;
      throw e;
    }
  }

  /** What the providers reported in this tick. */
  private static final class Obs {
    final Map<String, Map<String, Instance>> byProvider = new HashMap<>();
    final Map<String, Instance> byKey = new HashMap<>();
    final Set<String> failedProviders = new HashSet<>();
    final Map<String, SpotMarket.Interruption> signals = new HashMap<>();
    /** Health of running instances probed in parallel at observation time (blocking probes only). */
    final Map<String, Boolean> health = new HashMap<>();

    boolean known(String providerId) {
      return providerId != null && byProvider.containsKey(providerId);
    }

    Instance get(String providerId, String id) {
      Map<String, Instance> m = byProvider.get(providerId);
      return m == null ? null : m.get(id);
    }
  }

  private void tickOnce() {
    Instant now = now();
    Obs obs = observe(now);
    List<DeploymentState> order = new ArrayList<>(deployments.values());
    order.sort(Comparator.comparingInt((DeploymentState d) -> -d.spec.priority()));
    for (DeploymentState d : order) {
      try {
        reconcile(d, obs, now);
      } catch (RuntimeException e) {
        log.warn("[engine={}, deployment={}] reconcile failed: {}", engineId, d.spec.id(), e.toString());
      }
    }
    sweepOrphans(obs);
    accrue(obs, now);
    enforceBudgets(now);
    for (DeploymentState d : new ArrayList<>(deployments.values())) {
      if (d.deleted && d.retire.isEmpty() && d.slots.stream().noneMatch(Slot::hasInstance)) {
        deployments.remove(d.spec.id());
        store.remove(d.spec.id());
        continue;
      }
      if (d.dirty || d.lastLedgerSaveAt == null || !now.isBefore(d.lastLedgerSaveAt.plus(LEDGER_SAVE_INTERVAL))) {
        persist(d);
        d.lastLedgerSaveAt = now;
      }
    }
    lastTickAt = now;
  }

  private Obs observe(Instant now) {
    Obs obs = new Obs();
    lastSeen.clear();
    terminatedThisTick.clear();
    Set<String> providers = new java.util.TreeSet<>();
    for (DeploymentState d : deployments.values()) providers.addAll(providersOf(d.spec));
    for (String p : providers) {
      CloudProvider cp;
      try {
        cp = dumont.provider(p);
      } catch (DumontException e) {
        obs.failedProviders.add(p);
        continue;
      }
      try {
        Map<String, Instance> m = new HashMap<>();
        for (Instance i : cp.list(Map.of(Labels.OWNER, engineId))) {
          if (!engineId.equals(i.label(Labels.OWNER))) continue; // never trust a provider's filter blindly
          m.put(i.id(), i);
          String key = i.label(Labels.KEY);
          if (key != null && i.state() != InstanceState.TERMINATED) obs.byKey.put(p + "|" + key, i);
        }
        obs.byProvider.put(p, m);
        lastSeen.putAll(m);
      } catch (DumontException e) {
        obs.failedProviders.add(p);
        log.debug("[engine={}, provider={}] list failed, skipping this tick: {}", engineId, p, e.toString());
        continue;
      }
      Optional<SpotMarket> sm = cp.capability(SpotMarket.class);
      if (sm.isPresent()) {
        List<String> ids = new ArrayList<>();
        for (Instance i : obs.byProvider.get(p).values()) {
          if (i.state() != InstanceState.TERMINATED) ids.add(i.id());
        }
        if (!ids.isEmpty()) {
          try {
            Instant since = lastTickAt == null ? now.minus(tick.multipliedBy(2)) : lastTickAt.minus(tick);
            for (SpotMarket.Interruption in : sm.get().interruptions(ids, since)) obs.signals.put(in.instanceId(), in);
          } catch (DumontException e) {
            log.debug("[engine={}, provider={}] interruption signals unavailable: {}", engineId, p, e.toString());
          }
        }
      }
    }
    if (probe.blocking()) probeInParallel(obs);
    return obs;
  }

  /** Probe every running instance of every slot at once, each within the pool's deadline. */
  private void probeInParallel(Obs obs) {
    Map<String, java.util.concurrent.Future<Boolean>> futures = new HashMap<>();
    for (DeploymentState d : deployments.values()) {
      for (Slot s : d.slots) {
        if (s.instanceId == null) continue;
        Instance inst = obs.get(s.providerId, s.instanceId);
        if (inst == null || inst.state() != InstanceState.RUNNING || futures.containsKey(inst.id())) continue;
        Template t = d.spec.template();
        futures.put(inst.id(), probePool().submit(() -> probe.healthy(inst, t)));
      }
    }
    long deadline = System.nanoTime() + PROBE_DEADLINE.toNanos();
    for (Map.Entry<String, java.util.concurrent.Future<Boolean>> e : futures.entrySet()) {
      boolean ok;
      try {
        ok = Boolean.TRUE.equals(e.getValue().get(Math.max(0, deadline - System.nanoTime()),
            java.util.concurrent.TimeUnit.NANOSECONDS));
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
        e.getValue().cancel(true);
        ok = false;
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        ok = false;
      }
      obs.health.put(e.getKey(), ok);
    }
  }

  private synchronized java.util.concurrent.ExecutorService probePool() {
    if (probePool == null) {
      java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
      probePool = java.util.concurrent.Executors.newFixedThreadPool(PROBE_THREADS, r -> {
        Thread t = new Thread(r, "sdk-engine-probe-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
    return probePool;
  }

  // ------------------------------------------------------------------------------------------ reconcile

  private void layoutSlots(DeploymentState d) {
    DeploymentSpec s = d.spec;
    ensureSlots(d, Role.REPLICA, "r", s.replicas());
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
    int idx = Integer.parseInt(s.name.substring(1));
    DeploymentSpec sp = d.spec;
    return switch (s.role) {
      case REPLICA -> idx < sp.replicas();
      case WARM -> sp.warmPool() != null && idx < sp.warmPool().size() && sp.replicas() > 0;
      case STANDBY -> sp.standby() != null && idx < 1 && sp.replicas() > 0;
    };
  }

  private void reconcile(DeploymentState d, Obs obs, Instant now) {
    processRetire(d, obs);
    for (Slot s : d.slots) {
      if (!wanted(d, s)) {
        if (s.hasInstance() || s.phase == Phase.LAUNCHING) {
          Instance i = s.hasInstance() ? obs.get(s.providerId, s.instanceId) : obs.byKey.get(s.providerId + "|" + s.key);
          if (s.phase == Phase.LAUNCHING && i == null && !obs.known(s.providerId)) continue;
          if (i != null) retire(d, i.id(), i.providerId());
          if (s.keepUntilHealthy != null) retire(d, s.keepUntilHealthy, s.providerId);
          s.keepUntilHealthy = null;
          s.clearInstance();
          s.phase = d.completed && s.role == Role.REPLICA ? Phase.COMPLETED : Phase.EMPTY;
          s.failover = null;
          d.dirty = true;
        }
        continue;
      }
      switch (s.role) {
        case REPLICA -> reconcileReplica(d, s, obs, now);
        case WARM -> reconcileWarm(d, s, obs, now);
        case STANDBY -> reconcileStandby(d, s, obs, now);
      }
    }
    processRetire(d, obs);
    if (!d.deleted && !d.completed) checkpointIfDue(d, obs, now);
  }

  /** Resolve the slot's instance from the listing; adopts an instance created under the slot's pending key. */
  private Instance resolve(DeploymentState d, Slot s, Obs obs) {
    if (s.hasInstance()) return obs.get(s.providerId, s.instanceId);
    if (s.phase == Phase.LAUNCHING && s.key != null) {
      Instance i = obs.byKey.get(s.providerId + "|" + s.key);
      if (i != null) {
        adopt(d, s, i);
        return i;
      }
    }
    return null;
  }

  private void adopt(DeploymentState d, Slot s, Instance i) {
    s.instanceId = i.id();
    s.hostId = i.hostId();
    s.region = i.location().region();
    s.pricing = i.pricingModel().name();
    s.price = i.pricePerHour().doubleValue();
    if (s.onDemandPrice <= 0) s.onDemandPrice = s.price;
    s.phase = Phase.BOOTING;
    if (s.launchedAt == null) s.launchedAt = now();
    billingStart(d, i.id(), s.price, s.onDemandPrice);
    d.dirty = true;
  }

  private static boolean lostState(InstanceState st) {
    return st == InstanceState.INTERRUPTED || st == InstanceState.FAILED || st == InstanceState.TERMINATED;
  }

  private void reconcileReplica(DeploymentState d, Slot s, Obs obs, Instant now) {
    if (s.phase == Phase.COMPLETED) return;
    if (s.providerId != null && !obs.known(s.providerId) && (s.hasInstance() || s.phase == Phase.LAUNCHING)) {
      return; // provider listing failed this tick: know nothing, change nothing
    }
    Instance inst = resolve(d, s, obs);
    if (s.phase == Phase.HIBERNATED) {
      reconcileHibernated(d, s, inst, now);
      return;
    }
    if (s.phase == Phase.LAUNCHING && inst == null) {
      // intent journalled but no instance with the key exists: the call failed or never went out; retry same key
      launchReplica(d, s, obs, now, true);
      return;
    }
    if (s.phase == Phase.EMPTY) {
      if (s.failover != null) runFailover(d, s, obs, now);
      else launchReplica(d, s, obs, now, false);
      return;
    }
    // an instance is (or should be) there
    String reason = null;
    Instant occurred = null;
    SpotMarket.Interruption sig = inst == null ? null : obs.signals.get(inst.id());
    if (inst == null) {
      reason = "instance disappeared";
      occurred = s.lastHealthyAt != null ? s.lastHealthyAt : now;
    } else if (sig != null && inst.state() != InstanceState.RUNNING || lostState(inst.state())) {
      reason = sig != null ? sig.reason() : inst.statusMessage() != null ? inst.statusMessage() : inst.rawStatus();
      occurred = sig != null ? sig.at() : inst.stoppedAt() != null ? inst.stoppedAt() : now;
    } else if ((inst.state() == InstanceState.STOPPED || inst.state() == InstanceState.STOPPING)
        && s.phase == Phase.HEALTHY) {
      reason = "stopped by the provider";
      occurred = inst.stoppedAt() != null ? inst.stoppedAt() : now;
    }
    if (reason != null) {
      if (s.keepUntilHealthy != null) {
        // a back-to-spot migration failed: the old instance never stopped serving
        retire(d, s.instanceId, s.providerId);
        s.instanceId = s.keepUntilHealthy;
        s.keepUntilHealthy = null;
        s.phase = Phase.HEALTHY;
        d.dirty = true;
        return;
      }
      onLost(d, s, inst, reason, occurred, now);
      runFailover(d, s, obs, now);
      return;
    }
    Slot.Failover f = s.failover;
    if (inst.state() == InstanceState.RUNNING) {
      if (f != null && f.runningAt == null) f.runningAt = now;
      if (s.needsRestore && d.checkpoint != null && dataSync != null) {
        if (!restore(d, s, inst, now)) {
          checkBootTimeout(d, s, inst, obs, now);
          return;
        }
      } else if (f != null && f.restoredAt == null) {
        f.restoredAt = now;
      }
      Boolean pre = obs.health.get(inst.id());
      boolean ok = pre != null ? pre : probe(d, inst);
      if (ok) {
        s.probeFailures = 0;
        s.lastHealthyAt = now;
        if (s.phase != Phase.HEALTHY) becameHealthy(d, s, inst, now);
        if (d.spec.kind() == DeploymentSpec.Kind.JOB && jobProgress.completed(d.spec.id(), inst)) {
          completeJob(d, s, inst, now);
          return;
        }
        maybeHibernate(d, s, inst, now);
        if (s.phase == Phase.HEALTHY) maybeBackToSpot(d, s, obs, now);
      } else if (s.phase == Phase.HEALTHY) {
        s.probeFailures++;
        d.dirty = true;
        if (s.probeFailures >= d.spec.failover().probeFailureThreshold()) {
          onLost(d, s, inst, "health check failed " + s.probeFailures + " times",
              s.lastHealthyAt != null ? s.lastHealthyAt : now, now);
          runFailover(d, s, obs, now);
        }
      } else {
        checkBootTimeout(d, s, inst, obs, now);
      }
      return;
    }
    if (inst.state() == InstanceState.STOPPED && s.phase == Phase.BOOTING) {
      // a promoted warm member or a resumed replica whose start has not been accepted yet
      safeStart(inst);
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

  private void checkBootTimeout(DeploymentState d, Slot s, Instance inst, Obs obs, Instant now) {
    if (s.phase != Phase.BOOTING || s.launchedAt == null) return;
    Instant from = s.resumeStartedAt != null ? s.resumeStartedAt : s.launchedAt;
    if (s.failover != null && s.failover.rentDoneAt != null && s.failover.rentDoneAt.isAfter(from)) {
      from = s.failover.rentDoneAt;
    }
    if (Duration.between(from, now).compareTo(d.spec.failover().bootTimeout()) > 0) {
      onLost(d, s, inst, "not healthy after " + d.spec.failover().bootTimeout().toMinutes() + " min", now, now);
      runFailover(d, s, obs, now);
    }
  }

  private boolean probe(DeploymentState d, Instance inst) {
    try {
      return probe.healthy(inst, d.spec.template());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private boolean restore(DeploymentState d, Slot s, Instance inst, Instant now) {
    Checkpoint cp = d.checkpoint;
    try {
      dataSync.restore(cp, inst);
      if (!dataSync.verify(cp, inst)) {
        emit(new EngineEvent.FailoverFailed(now, d.spec.id(), s.name, "RESTORE",
            "checkpoint v" + cp.version() + " did not verify on " + inst.id() + "; retrying"));
        return false;
      }
    } catch (RuntimeException e) {
      emit(new EngineEvent.FailoverFailed(now, d.spec.id(), s.name, "RESTORE", "restore failed: " + e.getMessage()));
      return false;
    }
    s.needsRestore = false;
    s.restoredVersion = cp.version();
    if (s.failover != null) {
      s.failover.restoredAt = now;
      s.failover.restoredVersion = cp.version();
    }
    d.dirty = true;
    return true;
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
      retire(d, s.keepUntilHealthy, s.providerId);
      s.keepUntilHealthy = null;
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
          f.restoredVersion));
      s.failover = null;
    }
  }

  private static Duration between(Instant a, Instant b) {
    if (a == null || b == null || b.isBefore(a)) return Duration.ZERO;
    return Duration.between(a, b);
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
    if (d.checkpoint != null) f.rpo = between(d.checkpoint.completedAt(), occ);
    s.failover = f;
    s.clearInstance();
    s.phase = Phase.EMPTY;
    s.needsRestore = d.checkpoint != null && dataSync != null;
    if (prev == null) {
      emit(new EngineEvent.FailoverStarted(now, d.spec.id(), s.name, id));
    }
    d.dirty = true;
    persist(d);
  }

  private void runFailover(DeploymentState d, Slot s, Obs obs, Instant now) {
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
      FailoverStrategy st = chain.get(f.strategyIdx);
      switch (st) {
        case WARM_POOL -> {
          if (promoteWarm(d, s, obs, now)) return;
          emit(new EngineEvent.FailoverFailed(now, d.spec.id(), s.name, st.name(), "no ready warm-pool member"));
          f.strategyIdx++;
        }
        case CPU_STANDBY -> {
          if (f.degradedAt == null && serveDegraded(d, s, obs, now)) {
            f.strategy = st.name();
          } else if (f.degradedAt == null) {
            emit(new EngineEvent.FailoverFailed(now, d.spec.id(), s.name, st.name(), "no running CPU standby"));
          }
          f.strategyIdx++;
        }
        case COLD -> {
          if (f.strategy == null) f.strategy = st.name();
          launchReplica(d, s, obs, now, false);
          return;
        }
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

  private boolean promoteWarm(DeploymentState d, Slot s, Obs obs, Instant now) {
    Slot.Failover f = s.failover;
    Slot best = null;
    Instance bestInst = null;
    for (Slot w : d.slots) {
      if (w.role != Role.WARM || w.phase != Phase.READY || !w.hasInstance()) continue;
      Instance wi = obs.get(w.providerId, w.instanceId);
      if (wi == null || lostState(wi.state())) continue;
      if (f.failedHost != null && f.failedHost.equals(wi.hostId())) continue; // dies with the host
      if (best == null || (f.failedRegion != null && f.failedRegion.equals(best.region)
          && !f.failedRegion.equals(w.region))) {
        best = w;
        bestInst = wi;
      }
    }
    if (best == null) return false;
    // journal the swap before touching the instance
    s.generation++;
    s.instanceId = best.instanceId;
    s.key = best.key;
    s.providerId = best.providerId;
    s.hostId = best.hostId;
    s.region = best.region;
    s.pricing = best.pricing;
    s.price = best.price;
    s.onDemandPrice = best.onDemandPrice;
    s.phase = Phase.BOOTING;
    s.launchedAt = now;
    f.strategy = FailoverStrategy.WARM_POOL.name();
    f.promoteStartedAt = now;
    f.rentCallAt = now;
    d.failoverStarts.add(now);
    best.clearInstance();
    best.phase = Phase.EMPTY;
    d.dirty = true;
    persist(d);
    if (bestInst.state() == InstanceState.STOPPED || bestInst.state() == InstanceState.STOPPING) {
      safeStart(bestInst);
    }
    f.rentDoneAt = now();
    Map<String, String> labels = new LinkedHashMap<>(bestInst.labels());
    labels.put(Labels.REPLICA, s.name);
    try {
      dumont.provider(bestInst.providerId()).setLabels(bestInst.id(), labels);
    } catch (DumontException e) {
      log.debug("[deployment={}, instance={}] relabel failed (journal is authoritative): {}", d.spec.id(),
          bestInst.id(), e.toString());
    }
    billingStart(d, bestInst.id(), s.price, s.onDemandPrice);
    return true;
  }

  private void safeStart(Instance inst) {
    try {
      dumont.provider(inst.providerId()).start(inst.id());
    } catch (DumontException e) {
      log.debug("[instance={}] start failed, retrying next tick: {}", inst.id(), e.toString());
    }
  }

  private boolean serveDegraded(DeploymentState d, Slot s, Obs obs, Instant now) {
    for (Slot sb : d.slots) {
      if (sb.role != Role.STANDBY || sb.phase != Phase.READY || !sb.hasInstance()) continue;
      Instance si = obs.get(sb.providerId, sb.instanceId);
      if (si == null || si.state() != InstanceState.RUNNING) continue;
      if (dataSync != null && d.checkpoint != null) {
        try {
          dataSync.restore(d.checkpoint, si);
        } catch (RuntimeException e) {
          log.debug("[deployment={}] restore onto standby failed: {}", d.spec.id(), e.toString());
        }
      }
      s.failover.degradedAt = now;
      d.dirty = true;
      emit(new EngineEvent.DegradedServing(now, d.spec.id(), s.name, si.id(), between(s.failover.occurredAt, now)));
      return true;
    }
    return false;
  }

  // ------------------------------------------------------------------------------------------ launching

  private List<String> providersOf(DeploymentSpec spec) {
    return spec.providers().isEmpty() ? dumont.providerIds() : spec.providers();
  }

  /** Offers usable for a slot, cheapest first, with the engine's own filtering (not relying on query support). */
  private List<Offer> candidates(DeploymentState d, Slot s, PricingModel pricing, boolean cpu, Instant now) {
    DeploymentSpec spec = d.spec;
    List<Offer> out = new ArrayList<>();
    for (String p : providersOf(spec)) {
      OfferQuery q = (cpu ? OfferQuery.builder() : spec.query().toBuilder()).pricingModel(pricing).build();
      try {
        for (Offer o : dumont.provider(p).searchOffers(q)) {
          if (o.pricingModel() != pricing) continue;
          if (cpu != o.gpu().isCpuOnly()) continue;
          if (!cpu && !OfferFilter.matches(spec.query(), o)) continue;
          if (!cpu && spec.template().minGpuRamGib() > 0 && o.gpuRamGib() < spec.template().minGpuRamGib()) continue;
          if (!cpu && spec.template().maxPricePerHour() != null
              && o.pricePerHour().compareTo(spec.template().maxPricePerHour()) > 0) continue;
          if (cpu && spec.standby() != null && o.pricePerHour().doubleValue() > spec.standby().maxPricePerHour()) continue;
          if (!spec.regions().isEmpty() && !spec.regions().contains(o.location().region())) continue;
          out.add(o);
        }
      } catch (DumontException e) {
        log.debug("[deployment={}, provider={}] offer search failed: {}", spec.id(), p, e.toString());
      }
    }
    out.sort(Comparator.comparing((Offer o) -> o.pricePerHour()).thenComparing(Offer::id));
    return out;
  }

  /** Ranks offers for a slot: cool-down and placement rules first, then price. */
  private List<Offer> place(DeploymentState d, Slot s, List<Offer> offers, Instant now) {
    d.coolDowns.removeIf(c -> !now.isBefore(c.until()));
    Set<String> hotHosts = new HashSet<>();
    Set<String> hotRegions = new HashSet<>();
    for (DeploymentState.CoolDown c : d.coolDowns) {
      if (c.host() != null) hotHosts.add(c.host());
      if (c.region() != null) hotRegions.add(c.region());
    }
    Set<String> replicaHosts = new HashSet<>();
    Set<String> replicaRegions = new HashSet<>();
    Set<String> otherHosts = new HashSet<>();
    for (Slot o : d.slots) {
      if (o == s || o.hostId == null) continue;
      if (o.role == Role.REPLICA) {
        replicaHosts.add(o.hostId);
        if (o.region != null) replicaRegions.add(o.region);
      } else {
        otherHosts.add(o.hostId);
      }
    }
    List<Offer> ranked = new ArrayList<>();
    if (s.role == Role.WARM) {
      // never on a replica's host; prefer another region; cool-down applies too
      List<Offer> ok = offers.stream().filter(o -> !replicaHosts.contains(o.hostId()) && !hotHosts.contains(o.hostId()))
          .toList();
      ok.stream().filter(o -> !replicaRegions.contains(o.location().region())).forEach(ranked::add);
      ok.stream().filter(o -> replicaRegions.contains(o.location().region())).forEach(ranked::add);
      return ranked;
    }
    // tier 1: neither host nor region cooling down; tier 2: region cooling (no alternative); tier 3: the only ones left
    List<Offer> t1 = new ArrayList<>();
    List<Offer> t2 = new ArrayList<>();
    List<Offer> t3 = new ArrayList<>();
    for (Offer o : offers) {
      if (hotHosts.contains(o.hostId())) t3.add(o);
      else if (hotRegions.contains(o.location().region())) t2.add(o);
      else t1.add(o);
    }
    Comparator<Offer> spread = Comparator.comparingInt(o -> replicaHosts.contains(o.hostId())
        || otherHosts.contains(o.hostId()) ? 1 : 0);
    for (List<Offer> t : List.of(t1, t2, t3)) {
      List<Offer> x = new ArrayList<>(t);
      x.sort(spread); // stable: keeps price order within
      ranked.addAll(x);
    }
    return ranked;
  }

  private Duration backoff(Slot s) {
    long secs = Math.min(120, 15L << Math.min(3, s.attempts));
    return Duration.ofSeconds(Math.max(secs, tick.toSeconds()));
  }

  private void launchReplica(DeploymentState d, Slot s, Obs obs, Instant now, boolean retrySameKey) {
    if (d.blockedUntil != null && now.isBefore(d.blockedUntil)) return;
    if (s.nextAttemptAt != null && now.isBefore(s.nextAttemptAt)) return;
    SpotPolicy sp = d.spec.spotPolicy();
    List<Offer> ranked = List.of();
    boolean fellBack = false;
    if (sp != SpotPolicy.ON_DEMAND) ranked = place(d, s, candidates(d, s, PricingModel.SPOT, false, now), now);
    if (ranked.isEmpty() && sp != SpotPolicy.SPOT) {
      ranked = place(d, s, candidates(d, s, PricingModel.ON_DEMAND, false, now), now);
      fellBack = sp == SpotPolicy.AUTO;
    }
    if (ranked.isEmpty()) {
      failedAttempt(d, s, now, "no capacity matches " + d.spec.template().name() + " (" + sp + ")");
      return;
    }
    if (fellBack && !"ON_DEMAND".equals(s.pricing)) {
      emit(new EngineEvent.CapacitySwitched(now, d.spec.id(), s.name, "on_demand", "no spot capacity"));
    }
    launchInto(d, s, ranked, now, retrySameKey);
  }

  private void failedAttempt(DeploymentState d, Slot s, Instant now, String reason) {
    s.attempts++;
    s.nextAttemptAt = now.plus(backoff(s));
    if (s.failover != null && s.attempts == 1) {
      emit(new EngineEvent.FailoverFailed(now, d.spec.id(), s.name, "COLD", reason));
    }
    d.dirty = true;
  }

  /** Journal the intent, call the provider, journal the outcome. */
  private void launchInto(DeploymentState d, Slot s, List<Offer> ranked, Instant now, boolean retrySameKey) {
    for (Offer offer : ranked.subList(0, Math.min(3, ranked.size()))) {
      if (offer.pricingModel() == PricingModel.SPOT && !d.spec.bidStrategy().allows(offer.minBid())) continue;
      String denied = budgetDenial(d, offer.pricePerHour().doubleValue(), now);
      if (denied != null) {
        if (!denied.equals(d.warned.get("blocked:" + s.name))) {
          d.warned.put("blocked:" + s.name, denied);
          emit(new EngineEvent.BudgetBlocked(now, d.spec.id(), "deployment", denied));
        }
        s.attempts++;
        s.nextAttemptAt = now.plus(backoff(s));
        d.dirty = true;
        return;
      }
      d.warned.remove("blocked:" + s.name);
      if (!(retrySameKey && s.phase == Phase.LAUNCHING && s.key != null && s.providerId != null
          && s.providerId.equals(offer.providerId()))) {
        s.generation++;
        s.key = idempotencyKey(d.spec.id(), s.name, s.generation);
      }
      s.phase = Phase.LAUNCHING;
      s.providerId = offer.providerId();
      s.pricing = offer.pricingModel().name();
      s.price = offer.pricePerHour().doubleValue();
      s.onDemandPrice = onDemandPrice(offer);
      s.launchedAt = now;
      s.needsRestore = s.role == Role.REPLICA && d.checkpoint != null && dataSync != null;
      if (s.failover != null && s.failover.rentCallAt == null) d.failoverStarts.add(now);
      if (s.failover != null) s.failover.rentCallAt = now;
      d.dirty = true;
      persist(d); // intent before the side effect
      Map<String, String> labels = new LinkedHashMap<>(d.spec.labels());
      labels.put(Labels.DEPLOYMENT, d.spec.id());
      labels.put(Labels.REPLICA, s.name);
      labels.put(Labels.KEY, s.key);
      labels.put(Labels.OWNER, engineId);
      labels.put(Labels.TEMPLATE, d.spec.template().name());
      ProviderLaunchRequest req = new ProviderLaunchRequest(offer, d.spec.template(), labels, s.key,
          offer.pricingModel(), offer.pricingModel() == PricingModel.SPOT ? d.spec.bidStrategy().bidFor(offer.minBid())
          : null, d.spec.diskGib());
      Instance inst;
      try {
        inst = dumont.provider(offer.providerId()).launch(req);
      } catch (DumontException e) {
        // ambiguous or failed: the next tick's listing tells (adopt by key, or retry the same key)
        log.debug("[deployment={}, slot={}, key={}] launch failed: {}", d.spec.id(), s.name, s.key, e.toString());
        s.attempts++;
        if (e instanceof com.dumontcloud.sdk.exception.CapacityUnavailableException
            || e instanceof com.dumontcloud.sdk.exception.InvalidRequestException
            || e instanceof com.dumontcloud.sdk.exception.QuotaExceededException) {
          continue; // definitely not created: the next offer may do
        }
        d.dirty = true;
        return; // maybe created: never resend blindly; the next listing adopts it by key or retries the same key
      }
      adopt(d, s, inst);
      s.attempts = 0;
      s.nextAttemptAt = null;
      s.launchedAt = now;
      if (s.failover != null) s.failover.rentDoneAt = now();
      persist(d); // outcome
      emit(new EngineEvent.Launched(now(), d.spec.id(), s.name, s.role.name().toLowerCase(Locale.ROOT), inst.id(),
          inst.hostId(), inst.location().region(), offer.pricingModel().name().toLowerCase(Locale.ROOT),
          s.price, s.key));
      return;
    }
    s.nextAttemptAt = now.plus(backoff(s));
    d.dirty = true;
  }

  private double onDemandPrice(Offer offer) {
    if (offer.pricingModel() == PricingModel.ON_DEMAND) return offer.pricePerHour().doubleValue();
    Object od = offer.attributes().get("on_demand_price");
    if (od instanceof Number n) return n.doubleValue();
    try {
      for (Offer o : dumont.provider(offer.providerId()).searchOffers(
          OfferQuery.builder().pricingModel(PricingModel.ON_DEMAND).build())) {
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

  /**
   * The label-safe idempotency key of a launch: {@code <deployment>/<slot>/<generation>} with '/' written as
   * '.', lower case, at most 63 characters.
   */
  public static String idempotencyKey(String deploymentId, String slot, int generation) {
    String raw = (deploymentId + "." + slot + "." + generation).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    raw = raw.replace('.', '_');
    if (raw.length() > 63) {
      String h = Integer.toHexString(raw.hashCode());
      raw = raw.substring(raw.length() - (62 - h.length())) + "-" + h;
    }
    return raw;
  }

  // ------------------------------------------------------------------------------------------ warm pool, standby

  private void reconcileWarm(DeploymentState d, Slot s, Obs obs, Instant now) {
    if (s.providerId != null && !obs.known(s.providerId) && (s.hasInstance() || s.phase == Phase.LAUNCHING)) return;
    WarmPoolPolicy wp = d.spec.warmPool();
    Instance inst = resolve(d, s, obs);
    if (s.phase == Phase.EMPTY || (s.phase == Phase.LAUNCHING && inst == null)) {
      if (s.phase == Phase.EMPTY && s.generation > 0 && !wp.replenish()) return;
      if (d.slots.stream().anyMatch(r -> r.role == Role.REPLICA && r.failover != null && r.phase == Phase.EMPTY)) {
        return; // a replica needs capacity first
      }
      if (d.blockedUntil != null && now.isBefore(d.blockedUntil)) return;
      if (s.nextAttemptAt != null && now.isBefore(s.nextAttemptAt)) return;
      SpotPolicy sp = d.spec.spotPolicy();
      List<Offer> ranked = List.of();
      if (sp != SpotPolicy.ON_DEMAND) ranked = place(d, s, candidates(d, s, PricingModel.SPOT, false, now), now);
      if (ranked.isEmpty() && sp != SpotPolicy.SPOT) {
        ranked = place(d, s, candidates(d, s, PricingModel.ON_DEMAND, false, now), now);
      }
      if (ranked.isEmpty()) {
        failedAttempt(d, s, now, "no capacity for the warm pool");
        return;
      }
      launchInto(d, s, ranked, now, s.phase == Phase.LAUNCHING);
      return;
    }
    if (inst == null || lostState(inst.state())) {
      if (s.hasInstance()) retire(d, s.instanceId, s.providerId);
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
          try {
            dumont.provider(inst.providerId()).stop(inst.id());
          } catch (DumontException e) {
            log.debug("[instance={}] parking stop failed, retrying: {}", inst.id(), e.toString());
          }
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
      safeStop(inst); // someone started it; park it again
    }
    if (s.phase == Phase.READY && wp.mode() == WarmPoolPolicy.Mode.RUNNING && inst.state() == InstanceState.STOPPED) {
      safeStart(inst);
    }
  }

  private void safeStop(Instance inst) {
    try {
      dumont.provider(inst.providerId()).stop(inst.id());
    } catch (DumontException e) {
      log.debug("[instance={}] stop failed, retrying next tick: {}", inst.id(), e.toString());
    }
  }

  private void reconcileStandby(DeploymentState d, Slot s, Obs obs, Instant now) {
    if (s.providerId != null && !obs.known(s.providerId) && (s.hasInstance() || s.phase == Phase.LAUNCHING)) return;
    Instance inst = resolve(d, s, obs);
    if (s.phase == Phase.EMPTY || (s.phase == Phase.LAUNCHING && inst == null)) {
      if (d.blockedUntil != null && now.isBefore(d.blockedUntil)) return;
      if (s.nextAttemptAt != null && now.isBefore(s.nextAttemptAt)) return;
      List<Offer> ranked = place(d, s, candidates(d, s, d.spec.standby().pricingModel(), true, now), now);
      if (ranked.isEmpty() && d.spec.standby().pricingModel() == PricingModel.SPOT) {
        ranked = place(d, s, candidates(d, s, PricingModel.ON_DEMAND, true, now), now);
      }
      if (ranked.isEmpty()) {
        failedAttempt(d, s, now, "no CPU capacity for the standby");
        return;
      }
      launchInto(d, s, ranked, now, s.phase == Phase.LAUNCHING);
      return;
    }
    if (inst == null || lostState(inst.state()) || inst.state() == InstanceState.STOPPED) {
      if (s.hasInstance()) retire(d, s.instanceId, s.providerId);
      s.clearInstance();
      s.phase = Phase.EMPTY;
      d.dirty = true;
      return;
    }
    if (s.phase == Phase.BOOTING && inst.state() == InstanceState.RUNNING) {
      s.phase = Phase.READY;
      d.dirty = true;
    }
  }

  // ------------------------------------------------------------------------------------------ data, jobs

  private void checkpointIfDue(DeploymentState d, Obs obs, Instant now) {
    Duration every = d.spec.checkpointInterval();
    if (dataSync == null || every == null || d.lastCheckpointAt == null) return;
    if (now.isBefore(d.lastCheckpointAt.plus(every))) return;
    for (Slot s : d.slots) {
      if (s.role != Role.REPLICA || s.phase != Phase.HEALTHY || s.needsRestore) continue;
      Instance inst = obs.get(s.providerId, s.instanceId);
      if (inst == null || inst.state() != InstanceState.RUNNING) continue;
      checkpoint(d, inst, "scheduled", now);
      return;
    }
  }

  private boolean checkpoint(DeploymentState d, Instance inst, String reason, Instant now) {
    if (dataSync == null) return false;
    try {
      Checkpoint cp = dataSync.checkpoint(d.spec.id(), inst);
      d.checkpoint = cp;
      d.lastCheckpointAt = now;
      d.dirty = true;
      emit(new EngineEvent.CheckpointCompleted(now, d.spec.id(), inst.id(), cp.version(), cp.bytes(), reason));
      return true;
    } catch (RuntimeException e) {
      log.debug("[deployment={}] checkpoint failed: {}", d.spec.id(), e.toString());
      return false;
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
    if (hp == null || d.spec.kind() != DeploymentSpec.Kind.SERVICE) return;
    double u;
    try {
      u = idleness.utilisation(d.spec.id(), inst);
    } catch (RuntimeException e) {
      u = -1;
    }
    if (u < 0 || u >= hp.threshold()) {
      if (s.idleSince != null) {
        s.idleSince = null;
        d.dirty = true;
      }
      return;
    }
    if (s.idleSince == null) {
      s.idleSince = now;
      d.dirty = true;
    }
    if (Duration.between(s.idleSince, now).compareTo(hp.period()) < 0) return;
    hibernate(d, s, inst, hp.action(), now, Duration.between(s.idleSince, now));
  }

  private void hibernate(DeploymentState d, Slot s, Instance inst, HibernationPolicy.Action action, Instant now,
      Duration idleFor) {
    checkpoint(d, inst, "before hibernation", now);
    s.phase = Phase.HIBERNATED;
    s.hibernateAction = action.name();
    s.hibernatedAt = now;
    s.idleSince = null;
    s.resumeRequested = false;
    if (action == HibernationPolicy.Action.CHECKPOINT_AND_TERMINATE) {
      retire(d, inst.id(), inst.providerId());
      s.clearInstance();
    }
    d.dirty = true;
    persist(d);
    if (action == HibernationPolicy.Action.STOP) safeStop(inst);
    emit(new EngineEvent.Hibernated(now, d.spec.id(), s.name, inst.id(), action.name().toLowerCase(Locale.ROOT),
        idleFor));
  }

  private void reconcileHibernated(DeploymentState d, Slot s, Instance inst, Instant now) {
    if (inst != null && (lostState(inst.state()))) {
      retire(d, inst.id(), inst.providerId());
      s.clearInstance();
      d.dirty = true;
      inst = null;
    } else if (inst == null && s.hasInstance()) {
      s.clearInstance();
      d.dirty = true;
    }
    if (inst != null && inst.state() == InstanceState.RUNNING && !s.resumeRequested) safeStop(inst);
    if (!s.resumeRequested) return;
    s.resumeRequested = false;
    s.resumeStartedAt = now;
    s.needsRestore = inst == null && d.checkpoint != null && dataSync != null;
    if (inst != null) {
      s.phase = Phase.BOOTING;
      s.launchedAt = now;
      d.dirty = true;
      persist(d);
      safeStart(inst);
    } else {
      s.phase = Phase.EMPTY;
      d.dirty = true;
      persist(d);
    }
  }

  // ------------------------------------------------------------------------------------------ AUTO back to spot

  private void maybeBackToSpot(DeploymentState d, Slot s, Obs obs, Instant now) {
    if (d.spec.spotPolicy() != SpotPolicy.AUTO || !"ON_DEMAND".equals(s.pricing) || s.keepUntilHealthy != null) return;
    if (s.lastSpotCheckAt != null && now.isBefore(s.lastSpotCheckAt.plus(spotRecheck))) return;
    s.lastSpotCheckAt = now;
    d.dirty = true;
    List<Offer> spot = place(d, s, candidates(d, s, PricingModel.SPOT, false, now), now);
    if (spot.isEmpty()) return;
    String old = s.instanceId;
    String oldProvider = s.providerId;
    String oldHost = s.hostId;
    String oldRegion = s.region;
    emit(new EngineEvent.CapacitySwitched(now, d.spec.id(), s.name, "spot", "spot capacity is back"));
    s.keepUntilHealthy = old;
    s.instanceId = null;
    s.phase = Phase.EMPTY;
    launchInto(d, s, spot, now, false);
    if (s.instanceId == null && s.phase != Phase.LAUNCHING) {
      // could not launch: keep serving from the on-demand instance
      s.instanceId = old;
      s.providerId = oldProvider;
      s.hostId = oldHost;
      s.region = oldRegion;
      s.keepUntilHealthy = null;
      s.phase = Phase.HEALTHY;
      s.pricing = "ON_DEMAND";
    } else if (s.instanceId != null) {
      if (d.checkpoint != null && dataSync != null) {
        Instance o = obs.get(oldProvider, old);
        if (o != null) checkpoint(d, o, "before migration to spot", now);
        s.needsRestore = true;
      }
    }
    d.dirty = true;
  }

  // ------------------------------------------------------------------------------------------ retire, orphans

  private void retire(DeploymentState d, String instanceId, String providerId) {
    if (instanceId == null) return;
    if (providerId == null || providerId.isEmpty()) {
      Instance seen = lastSeen.get(instanceId);
      providerId = seen != null ? seen.providerId() : providersOf(d.spec).get(0);
    }
    d.retire.put(instanceId, providerId);
    d.dirty = true;
  }

  private void processRetire(DeploymentState d, Obs obs) {
    if (d.retire.isEmpty()) return;
    persist(d); // intent (the retire list) is durable before any terminate call
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
      try {
        dumont.provider(p).terminate(id);
        terminatedThisTick.add(id);
        d.retire.remove(id);
        d.dirty = true;
        emit(new EngineEvent.Terminated(now(), d.spec.id(), id, d.deleted ? "deployment deleted" : "retired"));
      } catch (DumontException ex) {
        log.debug("[deployment={}, instance={}] terminate failed, retrying next tick: {}", d.spec.id(), id, ex.toString());
      }
    }
  }

  /** Instances with this engine's owner label that no slot, intent or retire list accounts for. */
  private void sweepOrphans(Obs obs) {
    Set<String> referenced = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (DeploymentState d : deployments.values()) {
      referenced.addAll(d.retire.keySet());
      for (Slot s : d.slots) {
        if (s.instanceId != null) referenced.add(s.instanceId);
        if (s.keepUntilHealthy != null) referenced.add(s.keepUntilHealthy);
        if (s.phase == Phase.LAUNCHING && s.key != null) keys.add(s.providerId + "|" + s.key);
      }
    }
    for (Map.Entry<String, Map<String, Instance>> e : obs.byProvider.entrySet()) {
      for (Instance i : e.getValue().values()) {
        if (i.state() == InstanceState.TERMINATED || referenced.contains(i.id())) continue;
        if (terminatedThisTick.contains(i.id())) continue;
        if (!engineId.equals(i.label(Labels.OWNER))) continue;
        if (keys.contains(e.getKey() + "|" + i.label(Labels.KEY))) continue;
        try {
          dumont.provider(e.getKey()).terminate(i.id());
          String dep = i.label(Labels.DEPLOYMENT);
          emit(new EngineEvent.Terminated(now(), dep == null ? "" : dep, i.id(), "orphan"));
          DeploymentState d = dep == null ? null : deployments.get(dep);
          if (d != null) d.billing.remove(i.id());
        } catch (DumontException ex) {
          log.debug("[instance={}] orphan terminate failed, retrying next tick: {}", i.id(), ex.toString());
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------ ledger, budgets

  private void billingStart(DeploymentState d, String id, double price, double od) {
    DeploymentState.Billing b = d.billing.get(id);
    if (b == null) {
      b = new DeploymentState.Billing();
      b.lastAt = now();
      d.billing.put(id, b);
    }
    b.price = price;
    b.onDemandPrice = od;
    b.active = true;
  }

  /** Accrue price × time conservatively: an instance counts until it is observed not billing. */
  private void accrue(Obs obs, Instant now) {
    for (DeploymentState d : deployments.values()) {
      for (Map.Entry<String, DeploymentState.Billing> e : new ArrayList<>(d.billing.entrySet())) {
        DeploymentState.Billing b = e.getValue();
        String provider = providerOfInstance(d, e.getKey());
        Instance i = provider == null ? null : obs.get(provider, e.getKey());
        boolean known = provider != null && obs.known(provider);
        if (b.active && b.lastAt != null && now.isAfter(b.lastAt)) {
          double hours = Duration.between(b.lastAt, now).toMillis() / 3_600_000.0;
          double cost = b.price * hours;
          d.spendTotal += cost;
          d.onDemandTotal += b.onDemandPrice * hours;
          d.spendByHour.merge(Math.floorDiv(now.getEpochSecond(), 3600), cost, Double::sum);
        }
        b.lastAt = now;
        if (known) {
          if (i == null) {
            // not in this tick's listing: gone, unless launched after the listing was taken
            if (!references(d, e.getKey())) d.billing.remove(e.getKey());
          } else if (i.state() == InstanceState.TERMINATED) {
            d.billing.remove(e.getKey());
          } else {
            b.active = i.state().isActive() || i.state() == InstanceState.UNKNOWN;
            if (b.active && i.pricePerHour().doubleValue() > 0) b.price = i.pricePerHour().doubleValue();
          }
        }
      }
      long cutoff = Math.floorDiv(now.getEpochSecond(), 3600) - 24 * 32;
      d.spendByHour.headMap(cutoff).clear();
    }
  }

  private static boolean references(DeploymentState d, String id) {
    if (d.retire.containsKey(id)) return true;
    for (Slot s : d.slots) {
      if (id.equals(s.instanceId) || id.equals(s.keepUntilHealthy)) return true;
    }
    return false;
  }

  private String providerOfInstance(DeploymentState d, String id) {
    String p = d.retire.get(id);
    if (p != null && !p.isEmpty()) return p;
    for (Slot s : d.slots) {
      if (id.equals(s.instanceId) || id.equals(s.keepUntilHealthy)) return s.providerId;
    }
    return providersOf(d.spec).size() == 1 ? providersOf(d.spec).get(0) : null;
  }

  private double burn(DeploymentState d) {
    double sum = 0;
    for (DeploymentState.Billing b : d.billing.values()) if (b.active) sum += b.price;
    return sum;
  }

  private static Instant periodStart(Budget b, Instant now) {
    long p = b.period().toSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), p) * p);
  }

  /** Budgets that apply to a deployment: its own and every matching label budget, with the deployments in scope. */
  private Map<String, Budget> budgetsOf(DeploymentState d) {
    Map<String, Budget> out = new LinkedHashMap<>();
    if (d.spec.budget() != null) out.put("deployment:" + d.spec.id(), d.spec.budget());
    for (Map.Entry<String, Budget> e : labelBudgets.entrySet()) {
      String[] kv = e.getKey().split("=", 2);
      if (kv[1].equals(d.spec.labels().get(kv[0]))) out.put("label:" + e.getKey(), e.getValue());
    }
    return out;
  }

  private List<DeploymentState> scope(String scope) {
    if (scope.startsWith("deployment:")) {
      DeploymentState d = deployments.get(scope.substring("deployment:".length()));
      return d == null ? List.of() : List.of(d);
    }
    String[] kv = scope.substring("label:".length()).split("=", 2);
    return deployments.values().stream().filter(x -> kv[1].equals(x.spec.labels().get(kv[0]))).toList();
  }

  /** Null when a launch at {@code price} $/h fits every budget; otherwise why not. */
  private String budgetDenial(DeploymentState d, double price, Instant now) {
    for (Map.Entry<String, Budget> e : budgetsOf(d).entrySet()) {
      Budget b = e.getValue();
      List<DeploymentState> in = scope(e.getKey());
      double burn = in.stream().mapToDouble(this::burn).sum();
      if (b.maxPricePerHour() != null && burn + price > b.maxPricePerHour().doubleValue() + 1e-9) {
        return e.getKey() + ": $" + round(burn + price) + "/h would exceed the cap of $"
            + round(b.maxPricePerHour().doubleValue()) + "/h";
      }
      if (b.maxSpend() != null) {
        Instant ps = periodStart(b, now);
        double spent = in.stream().mapToDouble(x -> x.spendSince(ps)).sum();
        Duration left = Duration.between(now, ps.plus(b.period()));
        double horizon = Math.min(left.toMillis(), Duration.ofHours(1).toMillis()) / 3_600_000.0;
        double projected = spent + (burn + price) * horizon;
        if (projected > b.maxSpend().doubleValue()) {
          return e.getKey() + ": projected spend $" + round(projected) + " would exceed $"
              + round(b.maxSpend().doubleValue()) + " per " + b.period().toHours() + " h";
        }
      }
    }
    return null;
  }

  /** Every tick: warn at thresholds; shed lowest-priority work before a spend cap could be crossed. */
  private void enforceBudgets(Instant now) {
    Map<String, Budget> all = new LinkedHashMap<>();
    for (DeploymentState d : deployments.values()) all.putAll(budgetsOf(d));
    for (Map.Entry<String, Budget> e : all.entrySet()) {
      Budget b = e.getValue();
      List<DeploymentState> in = new ArrayList<>(scope(e.getKey()));
      if (in.isEmpty()) continue;
      DeploymentState owner = in.get(0);
      double burn = in.stream().mapToDouble(this::burn).sum();
      if (b.maxPricePerHour() != null) {
        warnOnce(owner, e.getKey(), "price_per_hour", burn, b.maxPricePerHour().doubleValue(), b.warnAt(), now, null);
      }
      if (b.maxSpend() == null) continue;
      Instant ps = periodStart(b, now);
      double spent = in.stream().mapToDouble(x -> x.spendSince(ps)).sum();
      warnOnce(owner, e.getKey(), "spend", spent, b.maxSpend().doubleValue(), b.warnAt(), now, ps);
      double margin = burn * (tick.multipliedBy(3).plus(LEDGER_SAVE_INTERVAL).toMillis() / 3_600_000.0);
      if (spent + margin < b.maxSpend().doubleValue()) continue;
      in.sort(Comparator.comparingInt(x -> x.spec.priority()));
      double toShed = spent + margin - b.maxSpend().doubleValue();
      for (DeploymentState x : in) {
        if (toShed <= 0 && burn <= 0) break;
        double xb = burn(x);
        shed(x, e.getKey(), ps.plus(b.period()), now);
        burn -= xb;
        margin = burn * (tick.multipliedBy(3).plus(LEDGER_SAVE_INTERVAL).toMillis() / 3_600_000.0);
        if (spent + margin < b.maxSpend().doubleValue()) break;
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

  /** Stop billing for a deployment until the period ends: checkpoint, then terminate what it runs. */
  private void shed(DeploymentState d, String scope, Instant until, Instant now) {
    boolean any = false;
    for (Slot s : d.slots) {
      if (s.hasInstance()) {
        if (s.role == Role.REPLICA && s.phase == Phase.HEALTHY && dataSync != null) {
          Instance i = lastSeen.get(s.instanceId);
          if (i != null) checkpoint(d, i, "before budget hibernation", now);
        }
        retire(d, s.instanceId, s.providerId);
        if (s.keepUntilHealthy != null) retire(d, s.keepUntilHealthy, s.providerId);
        s.keepUntilHealthy = null;
        s.clearInstance();
        s.phase = Phase.EMPTY;
        s.needsRestore = d.checkpoint != null && dataSync != null;
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
      try {
        dumont.provider(r.getValue()).terminate(r.getKey());
        terminatedThisTick.add(r.getKey());
        d.retire.remove(r.getKey());
        DeploymentState.Billing b = d.billing.get(r.getKey());
        if (b != null) b.active = false;
      } catch (DumontException ex) {
        log.debug("[instance={}] budget terminate failed, retrying next tick: {}", r.getKey(), ex.toString());
      }
    }
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  // ------------------------------------------------------------------------------------------ misc

  private void persist(DeploymentState d) {
    store.put(d.spec.id(), d.toMap());
    d.dirty = false;
  }

  private Instant now() {
    return scheduler.now();
  }

  private void emit(EngineEvent e) {
    log.debug("[engine={}] {}", engineId, e.toJson());
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
    else if (degraded) phase = "degraded";
    else if (failing) phase = "failing_over";
    else if (healthy >= d.spec.replicas() && d.spec.replicas() > 0) phase = "healthy";
    else if (hibernated) phase = "hibernated";
    else phase = "starting";
    return new DeploymentStatus(d.spec.id(), d.spec, phase, slots, healthy, d.spendTotal, d.onDemandTotal,
        d.interruptions, d.failoversCompleted, d.checkpoint == null ? null : d.checkpoint.version());
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
    private String engineId = "default";
    private HealthProbe probe;
    private DataSync dataSync;
    private IdlenessSignal idleness;
    private JobProgress jobProgress;
    private Duration tick = Duration.ofSeconds(5);
    private Duration spotRecheck = Duration.ofMinutes(10);
    private final Map<String, Budget> labelBudgets = new LinkedHashMap<>();
    private final List<EngineListener> listeners = new ArrayList<>();

    private Builder() {}

    /** Durable state (default: in memory). Use {@link StateStore#fileJournal} for restarts. */
    public Builder stateStore(StateStore s) { store = s; return this; }
    /** Time (default: the client's scheduler). */
    public Builder scheduler(Scheduler s) { scheduler = s; return this; }
    /** The owner label value; instances without it are never touched (default "default"). */
    public Builder engineId(String id) { engineId = id; return this; }
    /** Workload health probe (default: HTTP GET of the template's health path, 3 s deadline). */
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
    /** A team budget for every deployment labelled {@code key=value}. */
    public Builder labelBudget(String key, String value, Budget b) { labelBudgets.put(key + "=" + value, b); return this; }
    public Builder listener(EngineListener l) { listeners.add(l); return this; }

    public Orchestrator build() {
      if (dumont == null) throw new IllegalArgumentException("an Orchestrator needs a Dumont client");
      if (engineId == null || !engineId.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
        throw new IllegalArgumentException("engineId must be a label-safe value (a-z, 0-9, '-', '_'), got '"
            + engineId + "'");
      }
      if (tick.isZero() || tick.isNegative()) throw new IllegalArgumentException("tick must be positive");
      return new Orchestrator(this);
    }
  }
}
