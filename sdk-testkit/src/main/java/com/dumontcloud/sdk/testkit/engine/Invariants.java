package com.dumontcloud.sdk.testkit.engine;

import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Invariant checks of an engine run on the simulated cloud; each returns the violations found (empty = ok). */
public final class Invariants {
  private Invariants() {}

  /** No two live instances carry the same idempotency key (nothing was created twice). */
  public static List<String> noDuplicates(SimulatedCloud cloud, String engineId) {
    List<String> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Instance i : cloud.liveInstances()) {
      if (!engineId.equals(i.label(Labels.OWNER))) continue;
      String k = i.label(Labels.KEY);
      String prev = seen.put(k, i.id());
      if (prev != null) out.add("duplicate key " + k + ": " + prev + " and " + i.id());
    }
    return out;
  }

  /**
   * Active (billing-capable) instances per deployment never exceed its slots (replicas + warm pool + standby)
   * plus one per replica (a back-to-spot migration keeps the old instance until the new one is healthy).
   */
  public static List<String> withinCapacity(SimulatedCloud cloud, String engineId, List<DeploymentStatus> deployments) {
    List<String> out = new ArrayList<>();
    Map<String, Integer> active = new HashMap<>();
    for (Instance i : cloud.liveInstances()) {
      if (!engineId.equals(i.label(Labels.OWNER)) || !i.state().isActive()) continue;
      active.merge(i.label(Labels.DEPLOYMENT), 1, Integer::sum);
    }
    Map<String, DeploymentStatus> byId = new HashMap<>();
    deployments.forEach(d -> byId.put(d.id(), d));
    for (Map.Entry<String, Integer> e : active.entrySet()) {
      DeploymentStatus d = byId.get(e.getKey());
      int max = d == null ? 0 : d.slots().size() + d.spec().replicas();
      if (e.getValue() > max) out.add("deployment " + e.getKey() + " has " + e.getValue() + " active instances > " + max);
    }
    return out;
  }

  /**
   * After a quiet period: every live instance with this engine's owner label is held by a slot (nothing leaked),
   * and nothing without the label was terminated by the engine.
   */
  public static List<String> noLeaks(SimulatedCloud cloud, String engineId, List<DeploymentStatus> deployments) {
    List<String> out = new ArrayList<>();
    Set<String> held = new HashSet<>();
    for (DeploymentStatus d : deployments) {
      for (DeploymentStatus.SlotStatus s : d.slots()) if (s.instanceId() != null) held.add(s.instanceId());
    }
    for (Instance i : cloud.liveInstances()) {
      if (!engineId.equals(i.label(Labels.OWNER))) continue;
      if (!held.contains(i.id())) out.add("leaked " + i.id() + " (" + i.state().wireName() + ", key " + i.label(Labels.KEY) + ")");
    }
    return out;
  }

  /** Every interruption was followed by a completed failover of its slot or a reported failure/deferral/block. */
  public static List<String> interruptionsHandled(List<EngineEvent> events) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (!(events.get(i) instanceof EngineEvent.Interrupted in)) continue;
      boolean handled = false;
      for (int j = i + 1; j < events.size() && !handled; j++) {
        EngineEvent e = events.get(j);
        if (!e.deploymentId().equals(in.deploymentId())) continue;
        handled = (e instanceof EngineEvent.FailoverCompleted fc && fc.slot().equals(in.slot()))
            || (e instanceof EngineEvent.FailoverFailed ff && ff.slot().equals(in.slot()))
            || (e instanceof EngineEvent.FailoverDeferred fd && fd.slot().equals(in.slot()))
            || e instanceof EngineEvent.BudgetBlocked || e instanceof EngineEvent.JobCompleted;
      }
      if (!handled) out.add("interruption of " + in.deploymentId() + "/" + in.slot() + " at " + in.at() + " neither recovered nor reported");
    }
    return out;
  }

  /** Instances without the owner label that are no longer live (the engine must never touch them). */
  public static boolean untouched(SimulatedCloud cloud, Set<String> foreignIds) {
    Set<String> live = new HashSet<>();
    for (Instance i : cloud.liveInstances()) if (i.state() != InstanceState.TERMINATED) live.add(i.id());
    return live.containsAll(foreignIds);
  }

  /**
   * At most {@code max} active instances of this engine per deployment slot: one, plus the old one while a
   * migration (back to spot, rolling update) drains it. An instance belongs to the slot whose status holds it
   * (a promoted warm member is the replica's even before its {@code dumont-replica} label is rewritten), else to
   * the slot its label names.
   */
  public static List<String> atMostOnePerSlot(SimulatedCloud cloud, String engineId, List<DeploymentStatus> deployments,
      int max) {
    Map<String, String> holder = new HashMap<>();
    for (DeploymentStatus d : deployments) {
      for (DeploymentStatus.SlotStatus s : d.slots()) {
        if (s.instanceId() != null) holder.put(s.instanceId(), d.id() + "/" + s.name());
      }
    }
    List<String> out = new ArrayList<>();
    Map<String, List<String>> bySlot = new HashMap<>();
    for (Instance i : cloud.liveInstances()) {
      if (!engineId.equals(i.label(Labels.OWNER)) || !i.state().isActive()) continue;
      String slot = holder.getOrDefault(i.id(), i.label(Labels.DEPLOYMENT) + "/" + i.label(Labels.REPLICA));
      bySlot.computeIfAbsent(slot, k -> new ArrayList<>()).add(i.id());
    }
    bySlot.forEach((slot, ids) -> {
      if (ids.size() > max) out.add("slot " + slot + " has " + ids.size() + " active instances " + ids);
    });
    return out;
  }

  /**
   * Every interruption is followed, within {@code bound}, by a completed failover of its slot, or by a reported
   * reason (a failed strategy, a deferral, a budget block) that the capacity or the budget explains.
   */
  public static List<String> recoveredWithin(List<EngineEvent> events, java.time.Duration bound) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (!(events.get(i) instanceof EngineEvent.Interrupted in)) continue;
      java.time.Instant until = in.at().plus(bound);
      boolean ok = false;
      boolean any = false;
      for (int j = i + 1; j < events.size() && !ok; j++) {
        EngineEvent e = events.get(j);
        if (e.at().isAfter(until)) break;
        if (!e.deploymentId().equals(in.deploymentId())) continue;
        any = true;
        ok = (e instanceof EngineEvent.FailoverCompleted fc && fc.slot().equals(in.slot()))
            || (e instanceof EngineEvent.FailoverFailed ff && ff.slot().equals(in.slot()))
            || (e instanceof EngineEvent.FailoverDeferred fd && fd.slot().equals(in.slot()))
            || e instanceof EngineEvent.BudgetBlocked || e instanceof EngineEvent.JobCompleted;
      }
      boolean endOfRun = events.get(events.size() - 1).at().isBefore(until);
      if (!ok && !(endOfRun && !any)) {
        out.add("interruption of " + in.deploymentId() + "/" + in.slot() + " at " + in.at() + " neither recovered nor "
            + "explained within " + bound.toMinutes() + " min");
      }
    }
    return out;
  }

  /** The RPO of every failover that restored a checkpoint is at most {@code bound}. */
  public static List<String> rpoWithin(List<EngineEvent> events, java.time.Duration bound) {
    List<String> out = new ArrayList<>();
    for (EngineEvent e : events) {
      if (e instanceof EngineEvent.FailoverCompleted fc && fc.rpo() != null
          && fc.rpo().compareTo(bound.plus(fc.detect())) > 0) {
        out.add("failover of " + fc.deploymentId() + "/" + fc.slot() + " at " + fc.at() + " lost " + fc.rpo().toSeconds()
            + " s of work > " + bound.plus(fc.detect()).toSeconds() + " s");
      }
    }
    return out;
  }
}
