package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.exception.BudgetExceededException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.QuotaExceededException;
import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The live state of one endpoint: replicas, the bounded queue of requests waiting for a replica,
 * least-outstanding-requests routing, the autoscaler tick and the 24 h stats. Request threads call
 * {@link #acquire}; every lifecycle step runs in {@link #tick()} on the scheduler (virtual in tests).
 */
final class EndpointRuntime {
  private static final Duration PREEMPTED_HOST_COOLDOWN = Duration.ofMinutes(10);
  private static final int HEALTH_FAILURES_BEFORE_UNHEALTHY = 3;
  /** A resumed warm worker not running after this long is given up for a fresh rental (a queued start is at once). */
  static final Duration RESUME_TIMEOUT = Duration.ofMinutes(2);
  /** Pause after a quota or budget refused a launch, doubled on each refusal in a row up to 120 s (the engine's). */
  static final Duration REFUSAL_BACKOFF = Duration.ofSeconds(15);
  private static final Duration REFUSAL_BACKOFF_MAX = Duration.ofSeconds(120);
  /** Pre-warming's windows: the recent arrival rate, and the one before it to take the trend from. */
  static final Duration PREWARM_RECENT = Duration.ofSeconds(10);
  static final Duration PREWARM_OLDER = Duration.ofSeconds(30);

  final String id;
  final EndpointSpec spec;
  final Instant createdAt;
  private final Scheduler scheduler;
  private final ReplicaManager replicas;
  private final HealthCheck health;
  private final Consumer<EndpointRuntime> persist;
  private final Object lock = new Object();
  private final ReentrantLock tickLock = new ReentrantLock();
  private volatile boolean rerun;
  private final List<Replica> live = new ArrayList<>();
  /** The warm pool: members WARMING (rented for the pool), PARKING and PARKED (stopped warm workers). */
  private final List<Replica> pool = new ArrayList<>();
  private final ArrayDeque<Long> recentArrivals = new ArrayDeque<>(); // atMs, over PREWARM_RECENT + PREWARM_OLDER
  private final ArrayDeque<Duration> recentResumes = new ArrayDeque<>(); // resume to first healthy, last 10
  private double quotedStorage; // storage price per hour of a stopped replica, from the quote
  private long freshRentals;
  private long resumes;
  private long resumeFallbacks;
  private long prewarmLaunches;
  private double prewarmCost; // billed before the first request, of replicas pre-warming launched or resumed
  private boolean prewarmRaised; // tick thread: this tick's decision was raised by pre-warming
  private StatsWindow.Kind episodeKind; // the kind of the cold start that ended this tick, for the leases dispatched
  private Instant episodeStart; // when that cold start began (its first waiting request)
  private boolean episodeFromZero; // that cold start began with no ready replica
  private boolean coldStartFromZero; // the cold start under way began with no ready replica
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private final Autoscaler autoscaler;
  private final StatsWindow stats;
  private final Map<String, Instant> preemptedHosts = new HashMap<>();
  private final ArrayDeque<long[]> queueWaits = new ArrayDeque<>(); // {atMs, waitMs}
  private final ArrayDeque<Long> arrivals = new ArrayDeque<>(); // atMs, over the panic window
  private double serviceMsEwma = Double.NaN; // observed service time per request, NaN until the first completion
  private Money quotedPrice;
  private String quotedGpu;
  private int inFlight;
  private final Set<Lease> leases = new java.util.LinkedHashSet<>(); // in flight
  private final ArrayDeque<Duration> recentBoots = new ArrayDeque<>(); // launch to first healthy, last 10
  private int peak;
  private Instant lastActivity;
  private Instant coldStartSince;
  private boolean spotFailedThisTick; // tick thread only
  private String refusal; // why a quota or budget refused the last fresh launch; null once one succeeds
  private int refusals; // refusals in a row
  private Instant refusedUntil; // no fresh launch before this (the backoff after a refusal)
  private int desired;
  private int slotSeq;
  private long replaced;
  private boolean deleted;
  private Scheduler.Cancellable periodic;

  private final class Waiter {
    final Instant enqueuedAt;
    final Set<String> exclude;
    final CompletableFuture<Lease> future = new CompletableFuture<>();
    Scheduler.Cancellable timeout;

    Waiter(Instant enqueuedAt, Set<String> exclude) {
      this.enqueuedAt = enqueuedAt;
      this.exclude = exclude;
    }
  }

  /** A request's hold on one replica; complete it exactly once. */
  final class Lease {
    final Replica replica;
    final Instant arrivedAt;
    final Instant acquiredAt;
    /** The kind of cold start this request waited through ("resume" or "fresh"), or null. */
    final String coldStart;
    /** The first request of a cold start that began with no ready replica (a scale from zero). */
    final boolean scaleFromZero;
    private boolean done;

    Lease(Replica replica, Instant arrivedAt, Instant acquiredAt) {
      this(replica, arrivedAt, acquiredAt, null, false);
    }

    Lease(Replica replica, Instant arrivedAt, Instant acquiredAt, String coldStart, boolean scaleFromZero) {
      this.replica = replica;
      this.arrivedAt = arrivedAt;
      this.acquiredAt = acquiredAt;
      this.coldStart = coldStart;
      this.scaleFromZero = scaleFromZero;
      leases.add(this);
      firstUse(replica, acquiredAt);
    }

    String baseUrl() {
      return replica.baseUrl;
    }

    String replicaId() {
      return replica.instanceId;
    }

    /** The request finished (ok or not); service time measured by the caller. */
    void complete(boolean ok, Duration serviceTime) {
      synchronized (lock) {
        if (done) return;
        done = true;
        release();
        Instant now = scheduler.now();
        lastActivity = now;
        long ms = serviceTime.toMillis();
        serviceMsEwma = Double.isNaN(serviceMsEwma) ? ms : 0.8 * serviceMsEwma + 0.2 * ms;
        long wait = Duration.between(arrivedAt, acquiredAt).toMillis();
        stats.request(now, wait + serviceTime.toMillis(), ok);
      }
    }

    /** The replica failed before any response byte: release it, mark it suspect, do not count the request. */
    void failedBeforeResponse() {
      synchronized (lock) {
        if (done) return;
        done = true;
        release();
        if (replica.state == Replica.State.READY) replica.state = Replica.State.UNHEALTHY;
        replica.healthFailures = HEALTH_FAILURES_BEFORE_UNHEALTHY;
        kickLocked();
      }
    }

    private void release() {
      replica.outstanding--;
      inFlight--;
      leases.remove(this);
      if (replica.state == Replica.State.DRAINING && replica.outstanding == 0) kickLocked();
      if (spec.maxConcurrency() > 0 && !waiters.isEmpty()) dispatchLocked(); // a place freed on a full replica
    }
  }

  EndpointRuntime(String id, EndpointSpec spec, Instant createdAt, Scheduler scheduler, ReplicaManager replicas,
      HealthCheck health, Consumer<EndpointRuntime> persist, StatsWindow stats) {
    this.id = id;
    this.spec = spec;
    this.createdAt = createdAt;
    this.scheduler = scheduler;
    this.replicas = replicas;
    this.health = health;
    this.persist = persist;
    this.autoscaler = new Autoscaler(spec);
    this.stats = stats == null ? new StatsWindow() : stats;
  }

  void start(boolean periodicTicks) {
    if (periodicTicks) periodic = scheduler.scheduleAtFixedRate(this::tick, Duration.ZERO, spec.tick());
  }

  void quote(Money price, String gpu) {
    quote(price, gpu, 0);
  }

  /** The quoted offer's price, GPU and storage price per hour (what a stopped warm worker is billed). */
  void quote(Money price, String gpu, double storagePerHour) {
    synchronized (lock) {
      quotedPrice = price;
      quotedGpu = gpu;
      quotedStorage = storagePerHour;
    }
  }

  /** What the provider bills per hour for an offer's disk while stopped, where it says (0 otherwise). */
  static double storagePrice(com.dumontcloud.sdk.model.Offer offer) {
    for (String k : List.of("storage_price_per_hour", "storage_total_cost")) {
      if (offer.attributes().get(k) instanceof Number n) return n.doubleValue();
    }
    return 0;
  }

  // ---------------------------------------------------------------- routing

  /**
   * A replica for one request: the ready replica with the fewest outstanding requests, or a place in the
   * bounded queue until one is ready.
   *
   * @throws EndpointOverloadedException the queue is full (at once)
   * @throws EndpointUnavailableException no replica became ready within the cold-start timeout, or deleted
   */
  Lease acquire(Set<String> exclude, Instant arrivedAt) {
    CompletableFuture<Lease> f = acquireAsync(exclude, arrivedAt);
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new EndpointUnavailableException(id, String.valueOf(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(false);
      synchronized (lock) {
        waiters.removeIf(w -> w.future == f);
      }
      throw new EndpointUnavailableException(id, "interrupted while waiting for a replica", e);
    }
  }

  /**
   * Non-blocking {@link #acquire}: completes at once with a ready replica, later when one becomes ready
   * (on the tick), or exceptionally on timeout; a full queue fails the returned future at once.
   */
  CompletableFuture<Lease> acquireAsync(Set<String> exclude, Instant arrivedAt) {
    synchronized (lock) {
      if (deleted) return CompletableFuture.failedFuture(new EndpointUnavailableException(id, "deleted"));
      Instant now = scheduler.now();
      lastActivity = now;
      arrivals.addLast(now.toEpochMilli());
      if (spec.prewarm()) recentArrivals.addLast(now.toEpochMilli());
      pruneArrivalsLocked(now.toEpochMilli()); // also bounded without ticks
      Replica r = pick(exclude);
      if (r != null) {
        r.outstanding++;
        inFlight++;
        notePeak();
        return CompletableFuture.completedFuture(new Lease(r, arrivedAt, now));
      }
      if (waiters.size() >= spec.queueCapacity()) {
        stats.request(now, 0, false);
        return CompletableFuture.failedFuture(new EndpointOverloadedException(id, spec.queueCapacity()));
      }
      Waiter w = new Waiter(arrivedAt, exclude);
      waiters.addLast(w);
      notePeak();
      if (coldStartSince == null) { // no ready replica could take it: a cold start begins
        coldStartSince = now;
        coldStartFromZero = readyCount() == 0;
      }
      w.timeout = scheduler.schedule(() -> expire(w), spec.coldStartTimeout());
      kickLocked();
      return w.future;
    }
  }

  /** A request that failed after every attempt (counted once). */
  void recordFailure() {
    synchronized (lock) {
      Instant now = scheduler.now();
      lastActivity = now;
      stats.request(now, 0, false);
    }
  }

  private void expire(Waiter w) {
    synchronized (lock) {
      if (!waiters.remove(w)) return;
      if (waiters.isEmpty()) coldStartSince = null;
      stats.request(scheduler.now(), 0, false);
      w.future.completeExceptionally(new EndpointUnavailableException(id, "no replica became healthy within "
          + spec.coldStartTimeout().toSeconds() + " s (" + describeLocked() + ")"
          + (refusal == null ? "" : "; the last launch was refused: " + refusal)));
    }
  }

  private String describeLocked() {
    long launching = live.stream().filter(r -> r.state == Replica.State.LAUNCHING).count();
    return live.size() + " replicas, " + readyCount() + " ready, " + launching + " launching, desired " + desired;
  }

  /** The routable replica with the fewest outstanding requests, below {@link EndpointSpec#maxConcurrency()}. */
  private Replica pick(Set<String> exclude) {
    Replica best = null;
    for (Replica r : live) {
      if (!r.routable() || exclude.contains(r.instanceId)) continue;
      if (spec.maxConcurrency() > 0 && r.outstanding >= spec.maxConcurrency()) continue;
      if (best == null || r.outstanding < best.outstanding) best = r;
    }
    return best;
  }

  /** A replica's first request: what pre-warming spent on it ahead of demand is known now. */
  private void firstUse(Replica r, Instant now) {
    if (!r.prewarmed) return;
    r.prewarmed = false;
    if (r.billingFrom != null && now.isAfter(r.billingFrom)) {
      prewarmCost += r.pricePerHour * Duration.between(r.billingFrom, now).toMillis() / 3_600_000.0;
    }
  }

  private int readyCount() {
    return (int) live.stream().filter(Replica::routable).count();
  }

  private void notePeak() {
    peak = Math.max(peak, inFlight + waiters.size());
  }

  private void dispatchLocked() {
    Instant now = scheduler.now();
    for (var it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      Replica r = pick(w.exclude);
      if (r == null) continue;
      it.remove();
      if (w.timeout != null) w.timeout.cancel();
      r.outstanding++;
      inFlight++;
      queueWaits.addLast(new long[] {now.toEpochMilli(), Duration.between(w.enqueuedAt, now).toMillis()});
      boolean first = episodeKind != null && episodeFromZero && w.enqueuedAt.equals(episodeStart);
      if (first) episodeStart = null; // one request per episode
      w.future.complete(new Lease(r, w.enqueuedAt, now,
          episodeKind == null ? null : episodeKind.name().toLowerCase(java.util.Locale.ROOT), first));
    }
    if (waiters.isEmpty()) coldStartSince = null; // the wait ended without a cold start (or it was recorded)
  }

  private void kickLocked() {
    scheduler.schedule(this::tick, Duration.ZERO);
  }

  // ---------------------------------------------------------------- lifecycle

  /** One reconcile step: observe replicas, health-check, replace lost ones, autoscale, drain. */
  void tick() {
    if (!tickLock.tryLock()) {
      rerun = true;
      return;
    }
    try {
      spotFailedThisTick = false;
      do {
        rerun = false;
        tickOnce();
      } while (rerun);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(EndpointRuntime.class).warn("endpoint {}: tick failed: {}", id, e.toString());
    } finally {
      tickLock.unlock();
    }
  }

  private void tickOnce() {
    List<Replica> snapshot;
    List<Replica> poolSnapshot;
    synchronized (lock) {
      if (deleted) return;
      snapshot = new ArrayList<>(live);
      poolSnapshot = new ArrayList<>(pool);
    }
    boolean changed = observePool(poolSnapshot);
    List<Replica> newlyReady = new ArrayList<>();
    int fallbacks = 0;
    for (Replica r : snapshot) {
      ReplicaManager.Observation obs;
      try {
        obs = replicas.observe(id, r.slot, r.providerId, r.instanceId);
      } catch (DumontException e) {
        continue; // provider trouble: keep the replica, look again next tick
      }
      Instance cur = obs.instance();
      InstanceState st0 = cur == null ? null : cur.state();
      if (r.resumed && r.state == Replica.State.LAUNCHING && cur != null && cur.id().equals(r.instanceId)
          && st0 != InstanceState.RUNNING && !lostState(st0)) {
        // a resumed warm worker not running yet: a queued start (the host's GPU was taken) falls back at once
        if (startQueued(cur) || !scheduler.now().isBefore(r.launchedAt.plus(RESUME_TIMEOUT))) {
          resumeFailed(r);
          fallbacks++;
          changed = true;
        }
        continue;
      }
      if (cur != null && !cur.id().equals(r.instanceId)) {
        replacedBy(r, cur); // the manager's failover put a new instance in this slot
        changed = true;
      }
      InstanceState st = cur == null ? InstanceState.TERMINATED : cur.state();
      if (st == InstanceState.INTERRUPTED || st == InstanceState.FAILED || st == InstanceState.TERMINATED
          || st == InstanceState.STOPPED) {
        if (obs.managedReplacement() && r.state != Replica.State.DRAINING) {
          changed |= replacing(r, cur); // stop routing to it; the manager replaces it
        } else {
          lost(r, cur);
          changed = true;
        }
        continue;
      }
      Instance i = cur;
      if (i.startedAt() != null && r.billingFrom == null && !i.startedAt().isBefore(r.launchedAt)) {
        r.billingFrom = i.startedAt();
      }
      if (st != InstanceState.RUNNING) continue;
      boolean ok;
      try {
        ok = health.healthy(i, spec);
      } catch (RuntimeException e) {
        ok = false;
      }
      synchronized (lock) {
        if (ok) {
          r.healthFailures = 0;
          if (r.state == Replica.State.LAUNCHING || r.state == Replica.State.UNHEALTHY) {
            r.baseUrl = HealthCheck.baseUrl(i, spec).orElse(null);
            if (r.baseUrl != null) {
              r.state = Replica.State.READY;
              if (r.readyAt == null) {
                r.readyAt = scheduler.now();
                newlyReady.add(r);
                if (r.launchedAt != null && !r.readyAt.isBefore(r.launchedAt)) {
                  ArrayDeque<Duration> q = r.resumed ? recentResumes : recentBoots;
                  q.addLast(Duration.between(r.launchedAt, r.readyAt));
                  if (q.size() > 10) q.removeFirst();
                }
              }
              if (r.billingFrom == null) r.billingFrom = i.startedAt() != null && !i.startedAt().isBefore(r.launchedAt)
                  ? i.startedAt() : scheduler.now();
              changed = true;
            }
          }
        } else if (r.state == Replica.State.READY && ++r.healthFailures >= HEALTH_FAILURES_BEFORE_UNHEALTHY) {
          r.state = Replica.State.UNHEALTHY;
        }
      }
    }
    PlanStep step;
    synchronized (lock) {
      Instant now = scheduler.now();
      if (coldStartSince != null && !newlyReady.isEmpty()) {
        Replica first = newlyReady.get(0);
        episodeKind = first.resumed ? StatsWindow.Kind.RESUME : StatsWindow.Kind.FRESH;
        stats.coldStart(coldStartSince, Duration.between(coldStartSince, now), episodeKind);
        episodeStart = coldStartSince;
        episodeFromZero = coldStartFromZero;
        coldStartSince = null;
      }
      dispatchLocked();
      episodeKind = null;
      if (!waiters.isEmpty() && coldStartSince == null) { // still waiting: the next one begins
        coldStartSince = now;
        coldStartFromZero = readyCount() == 0;
      }
      int current = (int) live.stream().filter(r -> r.state != Replica.State.DRAINING).count();
      long nowMs = now.toEpochMilli();
      pruneArrivalsLocked(nowMs);
      double sample = demandLocked();
      peak = inFlight + waiters.size();
      while (!queueWaits.isEmpty() && queueWaits.peekFirst()[0] <= nowMs - spec.panicWindow().toMillis()) {
        queueWaits.removeFirst();
      }
      double meanWait = queueWaits.stream().mapToLong(q -> q[1]).average().orElse(0);
      int before = desired;
      desired = autoscaler.decide(now, sample, current, waiters.size(), meanWait, lastActivity,
          inFlight + waiters.size() > 0);
      prewarmRaised = false;
      if (spec.prewarm()) {
        int ahead = prewarmLocked(nowMs);
        if (ahead > desired && ahead > readyCount()) {
          desired = ahead;
          prewarmRaised = true;
        }
      }
      changed |= before != desired;
      int readySpot = (int) live.stream().filter(r -> r.pricing == PricingModel.SPOT && r.routable()).count();
      int graceSpot = (int) live.stream().filter(r -> r.pricing == PricingModel.SPOT
          && (r.state == Replica.State.LAUNCHING || r.state == Replica.State.REPLACING)
          && now.isBefore(r.launchedAt.plus(spec.fallbackGrace()))).count();
      int plannedSpot = Math.max(0, SpotHedge.plan(spec, desired, readySpot, graceSpot).spot()
          - (int) live.stream().filter(r -> r.pricing == PricingModel.SPOT && r.state != Replica.State.DRAINING).count());
      step = planLocked(SpotHedge.plan(spec, desired, readySpot, graceSpot + (spotFailedThisTick ? 0 : plannedSpot)));
      preemptedHosts.values().removeIf(t -> !now.isBefore(t.plus(PREEMPTED_HOST_COOLDOWN)));
    }
    Set<String> exhausted = new HashSet<>();
    int freshOnly = fallbacks; // a failed resume falls back to a fresh rental at once, not to another resume
    for (PricingModel pm : step.launches) {
      if (freshOnly == 0 && resumeParked(pm)) {
        changed = true;
        continue;
      }
      if (freshOnly > 0) freshOnly--;
      String kind = String.valueOf(pm);
      if (exhausted.contains(kind)) continue;
      if (backingOff()) break; // a quota or budget refused a launch: any other kind would be refused too
      if (launch(pm)) {
        changed = true;
      } else if (!backingOff()) {
        if (pm == PricingModel.SPOT && !spotFailedThisTick) {
          spotFailedThisTick = true;
          rerun = true; // plan again at once without counting the spot launches that just failed
        }
        exhausted.add(kind); // no capacity of this kind now; the next tick tries again, the hedge covers meanwhile
      }
    }
    if (step.launches.isEmpty()) {
      synchronized (lock) {
        refusal = null; // nothing more is wanted: no refusal stands
        refusals = 0;
        refusedUntil = null;
      }
    }
    List<Replica> toTerminate = new ArrayList<>();
    synchronized (lock) {
      for (Replica r : live) {
        if (r.state == Replica.State.DRAINING && r.outstanding == 0) toTerminate.add(r);
      }
    }
    for (Replica r : toTerminate) {
      if (shouldPark(r)) park(r); else terminate(r);
      changed = true;
    }
    changed |= replenishPool();
    if (changed) persist.accept(this);
  }

  private static boolean lostState(InstanceState st) {
    return st == InstanceState.INTERRUPTED || st == InstanceState.FAILED || st == InstanceState.TERMINATED;
  }

  /**
   * True when the provider queued the start of a stopped instance because its host's GPU is taken (Vast
   * {@code resources_unavailable}, shown as not running with a status message naming it).
   */
  static boolean startQueued(Instance i) {
    String m = (i.statusMessage() == null ? "" : i.statusMessage()) + " " + (i.rawStatus() == null ? "" : i.rawStatus());
    return m.toLowerCase(java.util.Locale.ROOT).matches("(?s).*resources[ _]unavailable.*");
  }

  // ---------------------------------------------------------------- warm pool

  private int poolCount(Replica.State... states) {
    int n = 0;
    for (Replica w : pool) {
      for (Replica.State st : states) if (w.state == st) n++;
    }
    return n;
  }

  /** Watch the warm pool: a WARMING member that passed its health check is stopped; lost members leave the pool. */
  private boolean observePool(List<Replica> members) {
    boolean changed = false;
    for (Replica w : members) {
      Instance i;
      try {
        i = replicas.observe(w.providerId, w.instanceId).orElse(null);
      } catch (DumontException e) {
        continue;
      }
      InstanceState st = i == null ? InstanceState.TERMINATED : i.state();
      if (lostState(st)) {
        dropFromPool(w);
        changed = true;
        continue;
      }
      if (w.state == Replica.State.WARMING) {
        if (i.startedAt() != null && w.billingFrom == null && !i.startedAt().isBefore(w.launchedAt)) {
          w.billingFrom = i.startedAt();
        }
        if (st != InstanceState.RUNNING) continue;
        boolean ok;
        try {
          ok = health.healthy(i, spec);
        } catch (RuntimeException e) {
          ok = false;
        }
        if (!ok) continue;
        synchronized (lock) {
          if (w.readyAt == null) {
            w.readyAt = scheduler.now();
            recentBoots.addLast(Duration.between(w.launchedAt, w.readyAt));
            if (recentBoots.size() > 10) recentBoots.removeFirst();
          }
        }
        changed |= stopIntoPool(w);
      } else if (w.state == Replica.State.PARKING && (st == InstanceState.STOPPED)) {
        synchronized (lock) {
          w.state = Replica.State.PARKED;
        }
        changed = true;
      }
    }
    return changed;
  }

  /** Stop a healthy replica (from the pool's WARMING, or scaled in) and keep it as a warm worker. */
  private boolean stopIntoPool(Replica w) {
    boolean parked;
    try {
      parked = replicas.park(id, w.slot, w.providerId, w.instanceId);
    } catch (DumontException | UnsupportedOperationException e) {
      return false; // try again next tick
    }
    synchronized (lock) {
      Instant now = scheduler.now();
      live.remove(w);
      if (w.billingFrom != null) stats.closeSegment(w.pricePerHour, w.billingFrom, now);
      w.billingFrom = null;
      if (w.prewarmed) firstUse(w, now); // pre-warmed and never used: all of it was extra
      if (!parked) {
        pool.remove(w);
        return true;
      }
      if (!pool.contains(w)) pool.add(w);
      w.state = Replica.State.PARKING;
      w.parkedAt = now;
      w.storagePerHour = quotedStorage;
      w.baseUrl = null;
      w.outstanding = 0;
    }
    return true;
  }

  private void dropFromPool(Replica w) {
    synchronized (lock) {
      if (!pool.remove(w)) return;
      Instant now = scheduler.now();
      if (w.parkedAt != null) stats.closeStorage(w.storagePerHour, w.parkedAt, now);
      if (w.billingFrom != null) stats.closeSegment(w.pricePerHour, w.billingFrom, now);
    }
    try {
      replicas.release(id, w.slot, w.providerId, w.instanceId);
    } catch (DumontException e) {
      // best effort; the label lets a later sweep find it
    }
  }

  /** Scale-in stops rather than destroys while the pool is below its size (a replica that passed a health check). */
  private boolean shouldPark(Replica r) {
    synchronized (lock) {
      return !deleted && spec.warmWorkers() > 0 && r.readyAt != null
          && poolCount(Replica.State.PARKING, Replica.State.PARKED, Replica.State.WARMING) < spec.warmWorkers();
    }
  }

  private void park(Replica r) {
    if (!stopIntoPool(r)) terminate(r);
  }

  /**
   * Resume a stopped warm worker for one launch of the plan: one of the same pricing, else any; false when none is
   * parked (or the resume call failed: the worker is then given up and a fresh rental follows).
   */
  private boolean resumeParked(PricingModel pm) {
    Replica w;
    synchronized (lock) {
      w = pool.stream().filter(x -> x.state == Replica.State.PARKED && (pm == null || x.pricing == pm)).findFirst()
          .orElse(pool.stream().filter(x -> x.state == Replica.State.PARKED).findFirst().orElse(null));
      if (w == null) return false;
      Instant now = scheduler.now();
      pool.remove(w);
      stats.closeStorage(w.storagePerHour, w.parkedAt, now);
      w.parkedAt = null;
      w.state = Replica.State.LAUNCHING;
      w.resumed = true;
      w.launchedAt = now;
      w.readyAt = null;
      w.baseUrl = null;
      w.billingFrom = null;
      w.healthFailures = 0;
      w.prewarmed = prewarmRaised;
      if (prewarmRaised) prewarmLaunches++;
      live.add(w);
      resumes++;
      stats.started(now, StatsWindow.Kind.RESUME);
    }
    try {
      replicas.resume(id, w.slot, w.providerId, w.instanceId);
      return true;
    } catch (DumontException | UnsupportedOperationException e) {
      resumeFailed(w);
      return false;
    }
  }

  /** A resume the provider queued, refused or did not finish in time: give the worker up (the pool refills later). */
  private void resumeFailed(Replica r) {
    synchronized (lock) {
      if (!live.remove(r)) return;
      resumeFallbacks++;
      if (r.billingFrom != null) stats.closeSegment(r.pricePerHour, r.billingFrom, scheduler.now());
    }
    try {
      replicas.release(id, r.slot, r.providerId, r.instanceId);
    } catch (DumontException e) {
      // best effort; the label lets a later sweep find it
    }
  }

  /**
   * Keep {@link EndpointSpec#warmWorkers()} warm workers in prospect: the pool's members plus the live replicas (a
   * scale-in stops those that passed a health check into the pool). Below that, rent members for the pool (they boot,
   * pass a health check and are stopped); above it, release stopped extras.
   */
  private boolean replenishPool() {
    int need;
    List<Replica> extra = new ArrayList<>();
    synchronized (lock) {
      if (deleted) return false;
      int parked = poolCount(Replica.State.PARKING, Replica.State.PARKED);
      for (Replica w : pool) {
        if (parked <= spec.warmWorkers()) break;
        if (w.state == Replica.State.PARKED) {
          extra.add(w);
          parked--;
        }
      }
      int prospect = pool.size() - extra.size()
          + (int) live.stream().filter(r -> r.state != Replica.State.REPLACING).count();
      need = Math.min(spec.warmWorkers() - prospect, spec.warmWorkers());
    }
    extra.forEach(this::dropFromPool);
    boolean changed = !extra.isEmpty();
    PricingModel pm = switch (spec.machineType()) {
      case SPOT -> PricingModel.SPOT;
      case ON_DEMAND -> PricingModel.ON_DEMAND;
      case AUTO -> null;
    };
    for (int k = 0; k < need; k++) {
      Replica w = launchReplica(pm);
      if (w == null) break;
      synchronized (lock) {
        if (deleted) break;
        w.state = Replica.State.WARMING;
        live.remove(w);
        pool.add(w);
      }
      changed = true;
    }
    return changed;
  }

  /**
   * Pre-warming's decision now: replicas for the demand expected one horizon ahead (a resume when a warm worker is
   * stopped, else a fresh boot) from the arrival rate over the last {@link #PREWARM_RECENT} and its trend against the
   * {@link #PREWARM_OLDER} before it; 0 when the rate is not rising.
   */
  private int prewarmLocked(long nowMs) {
    long horizonStart = nowMs - PREWARM_RECENT.toMillis() - PREWARM_OLDER.toMillis();
    while (!recentArrivals.isEmpty() && recentArrivals.peekFirst() <= horizonStart) recentArrivals.removeFirst();
    long recentFrom = nowMs - PREWARM_RECENT.toMillis();
    int recent = 0;
    int older = 0;
    for (long t : recentArrivals) {
      if (t > recentFrom) recent++; else older++;
    }
    Duration horizon = median(poolCount(Replica.State.PARKED) > 0 ? recentResumes : recentBoots,
        poolCount(Replica.State.PARKED) > 0 ? Duration.ofSeconds(15) : Duration.ofSeconds(70));
    double serviceMs = Double.isNaN(serviceMsEwma) ? spec.panicWindow().toMillis() : serviceMsEwma;
    return Autoscaler.prewarm(recent / (double) PREWARM_RECENT.toSeconds(), older / (double) PREWARM_OLDER.toSeconds(),
        (PREWARM_RECENT.toMillis() + PREWARM_OLDER.toMillis()) / 2000.0, horizon, serviceMs, spec.targetConcurrency(),
        spec.maxReplicas());
  }

  private static Duration median(java.util.Collection<Duration> ds, Duration none) {
    if (ds.isEmpty()) return none;
    List<Duration> l = new ArrayList<>(ds);
    l.sort(null);
    return l.get(l.size() / 2);
  }

  /**
   * The concurrency sample for this tick: the peak of requests in flight plus queued since the previous tick,
   * but never more than the demand Little's law gives from the arrival rate over the panic window times the
   * observed service time (an EWMA; before the first completion, assumed to be one panic window, 6 s).
   * Requests pile up in the queue while replicas boot (35–105 s) and then hit the first ready replica all at
   * once; that backlog is not demand — the replicas already launching are capacity that absorbs it within a
   * few service times — and counting it launched one more replica per tick while the first ones booted, up to
   * max replicas per burst (they became ready after the burst and were scaled down again). Queued requests
   * still ask for at least one replica (in {@link Autoscaler}).
   */
  private double demandLocked() {
    Instant old = scheduler.now().minus(spec.panicWindow());
    int longRunning = (int) leases.stream().filter(l -> !l.acquiredAt.isAfter(old)).count();
    return Autoscaler.demand(Math.max(peak, inFlight + waiters.size()), longRunning, arrivals.size(),
        spec.panicWindow(), serviceMsEwma);
  }

  private void pruneArrivalsLocked(long nowMs) {
    while (!arrivals.isEmpty() && arrivals.peekFirst() <= nowMs - spec.panicWindow().toMillis()) {
      arrivals.removeFirst();
    }
  }

  private static final class PlanStep {
    final List<PricingModel> launches = new ArrayList<>();
  }

  /** Compare the plan with the live replicas: revive or launch what is missing, drain what is surplus. */
  private PlanStep planLocked(SpotHedge plan) {
    PlanStep step = new PlanStep();
    // scale-down delay: protect young replicas from a scale-down, never from scale-to-zero (desired 0 = idle)
    boolean protect = desired > 0;
    if (spec.machineType() == MachineType.AUTO) {
      adjustLocked(r -> true, null, plan.any(), plan.any(), protect, step);
    } else {
      adjustLocked(r -> r.pricing == PricingModel.SPOT, PricingModel.SPOT, plan.spot(), plan.spot(), protect, step);
      // on-demand fallback is shed as soon as spot is ready (SpotHedge); only an on-demand endpoint protects it
      adjustLocked(r -> r.pricing == PricingModel.ON_DEMAND, PricingModel.ON_DEMAND, plan.onDemandLaunch(),
          plan.onDemandKeep(), protect && spec.machineType() == MachineType.ON_DEMAND, step);
    }
    return step;
  }

  /**
   * Revive or launch up to {@code launchTarget}; drain down to {@code keepTarget}, but with {@code protect} never
   * a replica that is {@link Autoscaler#young young} (it is drained on a later tick, once it is old enough and still
   * surplus).
   */
  private void adjustLocked(java.util.function.Predicate<Replica> inPool, PricingModel pm, int launchTarget,
      int keepTarget, boolean protect, PlanStep step) {
    List<Replica> pool = live.stream().filter(inPool).toList();
    List<Replica> active = pool.stream().filter(r -> r.state != Replica.State.DRAINING).toList();
    int missing = launchTarget - active.size();
    if (missing > 0) {
      for (Replica r : pool) {
        if (missing == 0) break;
        if (r.state == Replica.State.DRAINING) {
          r.state = r.baseUrl != null ? Replica.State.READY : Replica.State.LAUNCHING;
          missing--;
        }
      }
      for (int k = 0; k < missing; k++) step.launches.add(pm);
    } else if (active.size() > keepTarget) {
      Comparator<Replica> order = Comparator
          .comparing((Replica r) -> r.routable() ? 1 : 0)
          .thenComparing(r -> r.outstanding)
          .thenComparing(r -> r.launchedAt, Comparator.reverseOrder());
      Instant now = scheduler.now();
      Duration delay = Autoscaler.scaleDownDelay(spec, recentBoots);
      active.stream().filter(r -> !protect || !Autoscaler.young(r.state, r.readyAt, now, delay)).sorted(order)
          .limit(active.size() - keepTarget).forEach(r -> r.state = Replica.State.DRAINING);
    }
  }

  private boolean launch(PricingModel pm) {
    Replica r = launchReplica(pm);
    if (r == null) return false;
    synchronized (lock) {
      r.prewarmed = prewarmRaised && live.contains(r);
      if (r.prewarmed) prewarmLaunches++;
    }
    return true;
  }

  /** A fresh rental into {@code live} (LAUNCHING); null when no capacity. Placement spreads over the pool too. */
  private Replica launchReplica(PricingModel pm) {
    ReplicaManager.Placement placement;
    String slot;
    synchronized (lock) {
      Set<String> hosts = new HashSet<>();
      Map<String, Integer> regions = new HashMap<>();
      List<Replica> all = new ArrayList<>(live);
      all.addAll(pool);
      for (Replica r : all) {
        if (r.hostId != null) hosts.add(r.hostId);
        if (r.region != null) regions.merge(r.region, 1, Integer::sum);
      }
      placement = new ReplicaManager.Placement(hosts, regions, Set.copyOf(preemptedHosts.keySet()));
      slot = "r" + (++slotSeq);
    }
    Instance i;
    try {
      i = replicas.launch(id, slot, spec, pm, placement);
    } catch (QuotaExceededException | BudgetExceededException e) {
      refused(e);
      return null;
    } catch (DumontException e) {
      return null;
    }
    Replica r = new Replica(slot, i, scheduler.now());
    synchronized (lock) {
      refusal = null;
      refusals = 0;
      refusedUntil = null;
      freshRentals++;
      stats.started(scheduler.now(), StatsWindow.Kind.FRESH);
      if (deleted) {
        replicas.release(id, slot, i.providerId(), i.id());
        return r;
      }
      live.add(r);
    }
    return r;
  }

  /**
   * A quota or budget refused a fresh launch: remember why and pause fresh launches (15 s, doubling to 120 s), as
   * the engine backs off a deployment's blocked slot, instead of asking again (and reporting it again) every tick.
   */
  private void refused(DumontException e) {
    Duration pause;
    synchronized (lock) {
      refusal = e.getMessage();
      refusals++;
      pause = REFUSAL_BACKOFF.multipliedBy(1L << Math.min(3, refusals - 1));
      if (pause.compareTo(REFUSAL_BACKOFF_MAX) > 0) pause = REFUSAL_BACKOFF_MAX;
      if (pause.compareTo(spec.tick()) < 0) pause = spec.tick();
      refusedUntil = scheduler.now().plus(pause);
    }
    org.slf4j.LoggerFactory.getLogger(EndpointRuntime.class).debug("[endpoint={}, pauseS={}] launch refused: {}",
        id, pause.toSeconds(), e.getMessage());
  }

  private boolean backingOff() {
    synchronized (lock) {
      return refusedUntil != null && scheduler.now().isBefore(refusedUntil);
    }
  }

  /** Why a quota or budget refused the last fresh launch, while no launch has succeeded since; else null. */
  String launchRefusal() {
    synchronized (lock) {
      return refusal;
    }
  }

  /** Lost, and the runtime replaces it (a manager without failover, or a slot its manager no longer knows). */
  private void lost(Replica r, Instance obs) {
    Instant now = scheduler.now();
    synchronized (lock) {
      if (!live.remove(r)) return;
      Instant end = obs != null && obs.stoppedAt() != null ? obs.stoppedAt() : now;
      if (r.billingFrom != null) stats.closeSegment(r.pricePerHour, r.billingFrom, end);
      if (r.pricing == PricingModel.SPOT && r.hostId != null) preemptedHosts.put(r.hostId, now);
      if (r.state != Replica.State.DRAINING && r.state != Replica.State.REPLACING) replaced++;
    }
    try {
      replicas.release(id, r.slot, r.providerId, r.instanceId); // an interrupted instance may still bill storage
    } catch (DumontException e) {
      // best effort; the label lets a later sweep find it
    }
  }

  /**
   * Lost, and the replica manager replaces it (the engine's failover): keep the slot (it still counts towards
   * the desired replicas, and as a spot replica within its launch grace for the hedge), route elsewhere.
   */
  private boolean replacing(Replica r, Instance obs) {
    synchronized (lock) {
      if (r.state == Replica.State.REPLACING || !live.contains(r)) return false;
      Instant now = scheduler.now();
      if (r.billingFrom != null) {
        Instant end = obs != null && obs.stoppedAt() != null ? obs.stoppedAt() : now;
        stats.closeSegment(r.pricePerHour, r.billingFrom, end);
        r.billingFrom = null;
      }
      if (r.pricing == PricingModel.SPOT && r.hostId != null) preemptedHosts.put(r.hostId, now);
      r.state = Replica.State.REPLACING;
      r.baseUrl = null;
      r.launchedAt = now;
      return true;
    }
  }

  /**
   * The manager's failover put another instance in the slot: follow it (health-checked before it gets traffic).
   * Counted as a replacement. A replacement is a cold start of the endpoint only when requests were queued
   * with no ready replica at all (the same rule as any other launch): with other replicas ready, traffic goes
   * there meanwhile and no cold start is counted.
   */
  private void replacedBy(Replica r, Instance next) {
    synchronized (lock) {
      if (!live.contains(r)) return;
      Instant now = scheduler.now();
      if (r.billingFrom != null) stats.closeSegment(r.pricePerHour, r.billingFrom, now);
      if (r.state != Replica.State.REPLACING) r.launchedAt = now;
      r.bind(next);
      if (r.state != Replica.State.DRAINING) {
        r.state = Replica.State.LAUNCHING;
        replaced++;
      }
    }
  }

  private void terminate(Replica r) {
    try {
      replicas.release(id, r.slot, r.providerId, r.instanceId);
    } catch (DumontException e) {
      return; // try again next tick
    }
    synchronized (lock) {
      if (live.remove(r)) stats.closeSegment(r.pricePerHour, r.billingFrom, scheduler.now());
    }
  }

  /** Adopt replicas found by label after a restart (health-checked on the next tick). */
  void adopt(List<Instance> found, Map<String, String> slots) {
    synchronized (lock) {
      for (Instance i : found) {
        if (live.stream().anyMatch(r -> r.instanceId.equals(i.id()))) continue;
        if (pool.stream().anyMatch(r -> r.instanceId.equals(i.id()))) continue;
        String slot = slots.get(i.id());
        if (slot == null) slot = i.label(EngineReplicaManager.SLOT_LABEL); // followed a failover since the record
        if (slot == null) slot = i.label(com.dumontcloud.sdk.model.Labels.REPLICA);
        Replica r = new Replica(slot == null ? "r?" : slot, i, i.createdAt() != null ? i.createdAt() : scheduler.now());
        if (i.state() == InstanceState.STOPPED || i.state() == InstanceState.STOPPING) {
          // a stopped warm worker this endpoint kept (in the engine's state, or by label): back into the pool
          r.state = i.state() == InstanceState.STOPPED ? Replica.State.PARKED : Replica.State.PARKING;
          r.parkedAt = i.stoppedAt() != null ? i.stoppedAt() : scheduler.now();
          r.readyAt = r.parkedAt;
          r.billingFrom = null;
          r.storagePerHour = quotedStorage;
          pool.add(r);
        } else {
          live.add(r);
        }
        if (slot != null && slot.matches("r\\d+")) slotSeq = Math.max(slotSeq, Integer.parseInt(slot.substring(1)));
      }
    }
  }

  /** Stop ticking, fail waiters, terminate every replica. */
  void delete() {
    List<Replica> all;
    synchronized (lock) {
      deleted = true;
      if (periodic != null) periodic.cancel();
      for (Waiter w : waiters) {
        if (w.timeout != null) w.timeout.cancel();
        w.future.completeExceptionally(new EndpointUnavailableException(id, "deleted while the request waited"));
      }
      waiters.clear();
      all = new ArrayList<>(live);
      for (Replica w : pool) {
        Instant now = scheduler.now();
        if (w.parkedAt != null) stats.closeStorage(w.storagePerHour, w.parkedAt, now);
        if (w.billingFrom != null) stats.closeSegment(w.pricePerHour, w.billingFrom, now);
        w.parkedAt = null;
        w.billingFrom = null;
      }
      all.addAll(pool);
      pool.clear();
    }
    for (Replica r : all) {
      replicas.release(id, r.slot, r.providerId, r.instanceId);
      synchronized (lock) {
        live.remove(r);
        stats.closeSegment(r.pricePerHour, r.billingFrom, scheduler.now());
      }
    }
  }

  /** Stop ticking without touching replicas (the application shuts down; replicas stay for the next run). */
  void detach() {
    synchronized (lock) {
      if (periodic != null) periodic.cancel();
      for (Waiter w : waiters) {
        if (w.timeout != null) w.timeout.cancel();
        w.future.completeExceptionally(new EndpointUnavailableException(id, "client closed"));
      }
      waiters.clear();
    }
  }

  // ---------------------------------------------------------------- views

  Endpoint view() {
    synchronized (lock) {
      Instant now = scheduler.now();
      int ready = readyCount();
      EndpointStatus status = deleted ? EndpointStatus.DELETED : ready > 0 ? EndpointStatus.RUNNING
          : (desired > 0 || !live.isEmpty() || !waiters.isEmpty()) ? EndpointStatus.DEPLOYING
          : EndpointStatus.SCALED_TO_ZERO;
      String gpu = spec.gpuName() != null ? spec.gpuName() : !live.isEmpty() ? live.get(0).gpu : quotedGpu;
      return new Endpoint(id, spec, status, createdAt, desired, live.stream().map(Replica::info).toList(),
          quotedPrice, gpu, statsLocked(now));
    }
  }

  EndpointStats stats() {
    synchronized (lock) {
      return statsLocked(scheduler.now());
    }
  }

  private EndpointStats statsLocked(Instant now) {
    List<StatsWindow.Segment> open = new ArrayList<>();
    List<StatsWindow.Segment> stored = new ArrayList<>();
    List<Replica> all = new ArrayList<>(live);
    all.addAll(pool);
    for (Replica r : all) {
      if (r.billingFrom != null && now.isAfter(r.billingFrom)) {
        open.add(new StatsWindow.Segment(r.pricePerHour, r.billingFrom.toEpochMilli(), now.toEpochMilli()));
      }
      if (r.parkedAt != null && now.isAfter(r.parkedAt)) {
        stored.add(new StatsWindow.Segment(r.storagePerHour, r.parkedAt.toEpochMilli(), now.toEpochMilli()));
      }
    }
    return stats.snapshot(id, now, open, stored, live.size(),
        poolCount(Replica.State.PARKING, Replica.State.PARKED));
  }

  /** Lost replicas replaced so far (this process). */
  long replaced() {
    synchronized (lock) {
      return replaced;
    }
  }

  /** Fresh rentals, resumes, resumes that fell back to a fresh rental, and pre-warming's launches (this process). */
  long[] starts() {
    synchronized (lock) {
      return new long[] {freshRentals, resumes, resumeFallbacks, prewarmLaunches};
    }
  }

  /** What replicas that pre-warming launched or resumed were billed before their first request (this process). */
  double prewarmCost() {
    synchronized (lock) {
      return prewarmCost;
    }
  }

  /** The warm pool now: members per state (warming, parking, parked). */
  List<ReplicaInfo> warmPool() {
    synchronized (lock) {
      return pool.stream().map(Replica::info).toList();
    }
  }

  int queued() {
    synchronized (lock) {
      return waiters.size();
    }
  }

  int desired() {
    synchronized (lock) {
      return desired;
    }
  }

  boolean panicking() {
    return autoscaler.panicking(scheduler.now());
  }

  Map<String, Object> toRecord() {
    synchronized (lock) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("created_at", createdAt.toString());
      m.put("spec", SpecJson.write(spec));
      m.put("quoted_price", quotedPrice == null ? null : quotedPrice.rounded(6));
      m.put("quoted_gpu", quotedGpu);
      m.put("quoted_storage_price", quotedStorage);
      m.put("last_activity", lastActivity == null ? null : lastActivity.toString());
      m.put("replicas", live.stream().map(r -> {
        Map<String, Object> rm = new LinkedHashMap<>();
        rm.put("slot", r.slot);
        rm.put("provider", r.providerId);
        rm.put("instance_id", r.instanceId);
        return rm;
      }).toList());
      m.put("warm_pool", pool.stream().map(r -> {
        Map<String, Object> rm = new LinkedHashMap<>();
        rm.put("slot", r.slot);
        rm.put("provider", r.providerId);
        rm.put("instance_id", r.instanceId);
        rm.put("state", r.state.name().toLowerCase(java.util.Locale.ROOT));
        return rm;
      }).toList());
      m.put("stats", stats.toJson());
      return m;
    }
  }

  /** Rebuild from a stored record (replicas are adopted separately, from the provider). */
  static EndpointRuntime fromRecord(Map<String, Object> m, Scheduler scheduler, ReplicaManager rm, HealthCheck hc,
      Consumer<EndpointRuntime> persist) {
    EndpointSpec spec = SpecJson.read(Json.obj(m.get("spec"), "spec"));
    EndpointRuntime rt = new EndpointRuntime(Json.str(m, "id"), spec, Instant.parse(Json.str(m, "created_at")),
        scheduler, rm, hc, persist, StatsWindow.fromJson(m.get("stats") == null ? null : Json.obj(m.get("stats"), "stats")));
    Double qp = Json.num(m, "quoted_price");
    rt.quotedPrice = qp == null ? null : Money.usd(qp);
    rt.quotedGpu = Json.str(m, "quoted_gpu");
    Double qs = Json.num(m, "quoted_storage_price");
    rt.quotedStorage = qs == null ? 0 : qs;
    String la = Json.str(m, "last_activity");
    rt.lastActivity = la == null ? null : Instant.parse(la);
    return rt;
  }

  /** Stored replica ids → slots. */
  static Map<String, String> storedSlots(Map<String, Object> m) {
    Map<String, String> out = new HashMap<>();
    for (String key : List.of("replicas", "warm_pool")) {
      if (m.get(key) instanceof List<?> l) {
        for (Object o : l) {
          Map<String, Object> r = Json.obj(o, "replica");
          out.put(Json.str(r, "instance_id"), Json.str(r, "slot"));
        }
      }
    }
    return out;
  }
}
