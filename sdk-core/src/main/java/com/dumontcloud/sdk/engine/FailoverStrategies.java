package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.engine.Slot.Phase;
import com.dumontcloud.sdk.engine.Slot.Role;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The failover chain's strategies (DESIGN 4.2), one class each. The planner runs them in the order the
 * deployment's {@link FailoverPolicy} lists them, under the engine lock; a strategy decides and journals, and
 * leaves every provider call or data operation to the {@link Engine} (which queues it off the lock).
 */
final class FailoverStrategies {
  /** What a strategy did for a slot that lost its instance. */
  enum Outcome {
    /** Capacity is on its way (a warm member starting, a launch queued): the chain stops here. */
    REPLACING,
    /** Serving degraded (CPU standby) meanwhile: the chain goes on to find a GPU. */
    DEGRADED,
    /** Nothing to offer now: the chain goes on; {@link Strategy#unavailable()} says why. */
    UNAVAILABLE,
    /** Nothing new to report (already degraded): the chain goes on silently. */
    SKIPPED
  }

  /** The engine operations the strategies use. Implemented by the orchestrator; called under its lock. */
  interface Engine {
    /** Null when starting a stopped instance adding {@code extraPerHour} fits every budget, else why not. */
    String budgetDenial(DeploymentState d, double extraPerHour, Instant now);

    void budgetBlocked(DeploymentState d, Slot s, String denied, Instant now);

    /** Start a promoted warm member (when stopped) and relabel it for the slot, off the lock. */
    void promote(DeploymentState d, Slot s, Instance member, boolean start);

    /** Restore the deployment's last checkpoint onto a standby, off the lock (best effort). */
    void restoreOntoStandby(DeploymentState d, Slot standby, Instance target);

    /** Queue a fresh launch for the slot. */
    void launchReplacement(DeploymentState d, Slot s, Instant now);

    void billingStart(DeploymentState d, String instanceId, double price, double onDemand, double storage);

    void persist(DeploymentState d);

    void emit(EngineEvent e);
  }

  /** One strategy of the chain. */
  interface Strategy {
    Outcome attempt(DeploymentState d, Slot s, Observer.Snapshot obs, Instant now);

    /** Why the last {@link Outcome#UNAVAILABLE} (for the {@code failover_failed} event). */
    String unavailable();
  }

  private FailoverStrategies() {}

  /** One instance of each strategy, bound to an engine. */
  static Map<FailoverStrategy, Strategy> all(Engine engine) {
    Map<FailoverStrategy, Strategy> m = new EnumMap<>(FailoverStrategy.class);
    m.put(FailoverStrategy.WARM_POOL, new WarmPool(engine));
    m.put(FailoverStrategy.CPU_STANDBY, new CpuStandby(engine));
    m.put(FailoverStrategy.COLD, new Cold(engine));
    return m;
  }

  static Duration between(Instant a, Instant b) {
    if (a == null || b == null || b.isBefore(a)) return Duration.ZERO;
    return Duration.between(a, b);
  }

  /**
   * Promote a ready warm-pool member: never one on the failed host (it dies with the host), preferably one in
   * another region than the failed one. A stopped member's start is vetted by the budget first.
   */
  static final class WarmPool implements Strategy {
    private final Engine engine;

    WarmPool(Engine engine) {
      this.engine = engine;
    }

    @Override
    public String unavailable() {
      return "no ready warm-pool member";
    }

    @Override
    public Outcome attempt(DeploymentState d, Slot s, Observer.Snapshot obs, Instant now) {
      Slot.Failover f = s.failover;
      Slot best = null;
      Instance bestInst = null;
      for (Slot w : d.slots) {
        if (w.role != Role.WARM || w.phase != Phase.READY || !w.hasInstance()) continue;
        Instance wi = obs.get(w.providerId, w.instanceId);
        if (wi == null || Classifier.lostState(wi.state())) continue;
        if (f.failedHost != null && f.failedHost.equals(wi.hostId())) continue; // dies with the host
        if (best == null || (f.failedRegion != null && f.failedRegion.equals(best.region)
            && !f.failedRegion.equals(w.region))) {
          best = w;
          bestInst = wi;
        }
      }
      if (best == null) return Outcome.UNAVAILABLE;
      if (bestInst.state() != InstanceState.RUNNING) {
        String denied = engine.budgetDenial(d, Math.max(0, best.price - best.storagePrice), now);
        if (denied != null) {
          engine.budgetBlocked(d, s, denied, now);
          return Outcome.UNAVAILABLE;
        }
      }
      // journal the swap before touching the instance
      s.generation++;
      s.instanceId = best.instanceId;
      s.key = best.key;
      s.providerId = best.providerId;
      s.hostId = best.hostId;
      s.region = best.region;
      s.pricing = best.pricing;
      s.price = best.price;
      s.storagePrice = best.storagePrice;
      s.onDemandPrice = best.onDemandPrice;
      s.templateFingerprint = best.templateFingerprint;
      s.phase = Phase.BOOTING;
      s.launchedAt = now;
      f.strategy = FailoverStrategy.WARM_POOL.name();
      f.promoteStartedAt = now;
      f.rentCallAt = now;
      d.failoverStarts.add(now);
      best.clearInstance();
      best.phase = Phase.EMPTY;
      d.dirty = true;
      engine.persist(d);
      boolean start = bestInst.state() == InstanceState.STOPPED || bestInst.state() == InstanceState.STOPPING;
      engine.promote(d, s, bestInst, start);
      engine.billingStart(d, bestInst.id(), s.price, s.onDemandPrice, s.storagePrice);
      return Outcome.REPLACING;
    }
  }

  /**
   * Serve degraded from a ready CPU standby while a GPU is found: the last checkpoint is restored onto it and, when
   * the template declares a CPU fallback (which the standby runs, health-probed), the deployment reports
   * {@code degraded} and the router sends requests to it until a GPU replica is healthy again. Without a fallback
   * the standby only holds the data: {@link EngineEvent.DegradedServing#serves()} is false and the deployment
   * reports {@code failing_over}.
   */
  static final class CpuStandby implements Strategy {
    private final Engine engine;

    CpuStandby(Engine engine) {
      this.engine = engine;
    }

    @Override
    public String unavailable() {
      return "no running CPU standby";
    }

    @Override
    public Outcome attempt(DeploymentState d, Slot s, Observer.Snapshot obs, Instant now) {
      if (s.failover.degradedAt != null) return Outcome.SKIPPED;
      for (Slot sb : d.slots) {
        if (sb.role != Role.STANDBY || sb.phase != Phase.READY || !sb.hasInstance()) continue;
        Instance si = obs.get(sb.providerId, sb.instanceId);
        if (si == null || si.state() != InstanceState.RUNNING) continue;
        engine.restoreOntoStandby(d, sb, si);
        s.failover.degradedAt = now;
        d.dirty = true;
        // with a CPU fallback the standby (probed ready) now takes the traffic; without one it only holds the data
        boolean serves = d.spec.template().cpuFallback() != null;
        engine.emit(new EngineEvent.DegradedServing(now, d.spec.id(), s.name, si.id(),
            between(s.failover.occurredAt, now), serves));
        return Outcome.DEGRADED;
      }
      return Outcome.UNAVAILABLE;
    }
  }

  /** Rent fresh capacity: the cheapest offer that fits, placed away from the cooling-down host and region. */
  static final class Cold implements Strategy {
    private final Engine engine;

    Cold(Engine engine) {
      this.engine = engine;
    }

    @Override
    public String unavailable() {
      return "no capacity";
    }

    @Override
    public Outcome attempt(DeploymentState d, Slot s, Observer.Snapshot obs, Instant now) {
      if (s.failover.strategy == null) s.failover.strategy = FailoverStrategy.COLD.name();
      engine.launchReplacement(d, s, now);
      return Outcome.REPLACING;
    }
  }
}
