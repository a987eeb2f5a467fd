package com.dumontcloud.sdk.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine did or saw. Every event has a stable JSON form ({@link #toJson()}, one line of JSON text;
 * {@link #toMap()} is the same as an ordered map): {@code type} (snake case), {@code at} (ISO-8601),
 * {@code deployment}, and its fields; durations are in seconds.
 */
public sealed interface EngineEvent {
  Instant at();

  String deploymentId();

  /** Stable snake-case type name, e.g. "failover_completed". */
  String type();

  /** Event-specific fields (without type/at/deployment), JSON-ready. */
  Map<String, Object> fields();

  /** The stable JSON form as an ordered map of JSON-compatible values. */
  default Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type());
    m.put("at", at().toString());
    m.put("deployment", deploymentId());
    m.putAll(fields());
    return m;
  }

  /** The stable JSON form as one line of JSON text, e.g. {@code {"type":"failover_completed","at":...}}. */
  default String toJson() {
    return com.dumontcloud.sdk.spi.support.JsonCodec.standard().write(toMap());
  }

  /** Seconds with millisecond precision, as JSON numbers. */
  static Double seconds(Duration d) {
    return d == null ? null : d.toMillis() / 1000.0;
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1] instanceof Duration d ? seconds(d) : kv[i + 1]);
    }
    return m;
  }

  /** A deployment was declared or changed. */
  record Applied(Instant at, String deploymentId, int replicas, String kind) implements EngineEvent {
    public String type() { return "applied"; }
    public Map<String, Object> fields() { return map("replicas", replicas, "kind", kind); }
  }

  /** An instance was rented for a slot. */
  record Launched(Instant at, String deploymentId, String slot, String role, String instanceId, String hostId,
      String region, String pricingModel, double pricePerHour, String idempotencyKey) implements EngineEvent {
    public String type() { return "launched"; }
    public Map<String, Object> fields() {
      return map("slot", slot, "role", role, "instance", instanceId, "host", hostId, "region", region,
          "pricing", pricingModel, "price_per_hour", pricePerHour, "key", idempotencyKey);
    }
  }

  /** A replica's workload passed its health check. */
  record Healthy(Instant at, String deploymentId, String slot, String instanceId, Duration sinceLaunch)
      implements EngineEvent {
    public String type() { return "healthy"; }
    public Map<String, Object> fields() { return map("slot", slot, "instance", instanceId, "since_launch", sinceLaunch); }
  }

  /** A replica was lost: provider signal, a state the engine did not ask for, or K failed probes. */
  record Interrupted(Instant at, String deploymentId, String slot, String instanceId, String hostId, String region,
      String reason, Instant occurredAt, Duration detect) implements EngineEvent {
    public String type() { return "interrupted"; }
    public Map<String, Object> fields() {
      return map("slot", slot, "instance", instanceId, "host", hostId, "region", region, "reason", reason,
          "occurred_at", occurredAt == null ? null : occurredAt.toString(), "detect", detect);
    }
  }

  /** Replacement of a lost replica began. */
  record FailoverStarted(Instant at, String deploymentId, String slot, String failedInstanceId) implements EngineEvent {
    public String type() { return "failover_started"; }
    public Map<String, Object> fields() { return map("slot", slot, "failed_instance", failedInstanceId); }
  }

  /**
   * The CPU standby took over while a GPU is found: the last checkpoint is restored onto it. {@code serves} is true
   * when the template declares a CPU fallback, which the standby runs and which the router now sends requests to
   * (see {@link ServingEndpointsChanged}); false when it has none: the standby then only holds the data and nothing
   * answers requests until a GPU replica is healthy again.
   */
  record DegradedServing(Instant at, String deploymentId, String slot, String standbyInstanceId,
      Duration sinceInterruption, boolean serves) implements EngineEvent {
    /** A standby that serves (the form before {@code serves} existed). */
    public DegradedServing(Instant at, String deploymentId, String slot, String standbyInstanceId,
        Duration sinceInterruption) {
      this(at, deploymentId, slot, standbyInstanceId, sinceInterruption, true);
    }
    public String type() { return "degraded_serving"; }
    public Map<String, Object> fields() {
      return map("slot", slot, "standby_instance", standbyInstanceId, "since_interruption", sinceInterruption,
          "serves", serves);
    }
  }

  /**
   * The deployment's serving endpoints changed (a replica became healthy or was lost, the standby became ready or
   * went away). Emitted only on a change, not on every tick; {@code endpoints} is the whole new list.
   * {@code degraded} is true when only the CPU standby serves.
   */
  record ServingEndpointsChanged(Instant at, String deploymentId, List<ServingEndpoint> endpoints)
      implements EngineEvent {
    public ServingEndpointsChanged {
      endpoints = List.copyOf(endpoints);
    }
    public String type() { return "serving_endpoints_changed"; }
    public boolean degraded() {
      return endpoints.stream().noneMatch(e -> e.role() == ServingEndpoint.Role.PRIMARY)
          && endpoints.stream().anyMatch(ServingEndpoint::degraded);
    }
    public Map<String, Object> fields() {
      return map("endpoints", endpoints.stream().map(ServingEndpoint::toMap).toList(), "degraded", degraded());
    }
  }

  /**
   * A replacement is healthy. {@code timings} holds the phases detect, select, rent, boot, restore, healthy
   * (and degraded for CPU_STANDBY); {@code total} is interruption to healthy; {@code rpo} is the age of the
   * restored checkpoint at the interruption (null without data sync).
   */
  record FailoverCompleted(Instant at, String deploymentId, String slot, String strategy, String failedInstanceId,
      String newInstanceId, Map<String, Duration> timings, Duration detect, Duration total, Duration rpo,
      Long restoredVersion, String restoredSha256, boolean verified) implements EngineEvent {
    public FailoverCompleted {
      timings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timings));
    }

    public FailoverCompleted(Instant at, String deploymentId, String slot, String strategy, String failedInstanceId,
        String newInstanceId, Map<String, Duration> timings, Duration detect, Duration total, Duration rpo,
        Long restoredVersion) {
      this(at, deploymentId, slot, strategy, failedInstanceId, newInstanceId, timings, detect, total, rpo,
          restoredVersion, null, restoredVersion != null);
    }
    public String type() { return "failover_completed"; }
    public Map<String, Object> fields() {
      Map<String, Object> t = new LinkedHashMap<>();
      timings.forEach((k, v) -> t.put(k, seconds(v)));
      return map("slot", slot, "strategy", strategy, "failed_instance", failedInstanceId, "new_instance",
          newInstanceId, "timings", t, "detect", detect, "total", total, "rpo", rpo, "restored_version", restoredVersion,
          "restored_sha256", restoredSha256, "verified", restoredVersion == null ? null : verified);
    }
  }

  /** A strategy could not be used; the next one is tried (or the slot waits when none is left). */
  record FailoverFailed(Instant at, String deploymentId, String slot, String strategy, String reason)
      implements EngineEvent {
    public String type() { return "failover_failed"; }
    public Map<String, Object> fields() { return map("slot", slot, "strategy", strategy, "reason", reason); }
  }

  /** The flapping guard delayed a failover. */
  record FailoverDeferred(Instant at, String deploymentId, String slot, String reason) implements EngineEvent {
    public String type() { return "failover_deferred"; }
    public Map<String, Object> fields() { return map("slot", slot, "reason", reason); }
  }

  /** An idle replica was hibernated. */
  record Hibernated(Instant at, String deploymentId, String slot, String instanceId, String action, Duration idleFor)
      implements EngineEvent {
    public String type() { return "hibernated"; }
    public Map<String, Object> fields() {
      return map("slot", slot, "instance", instanceId, "action", action, "idle_for", idleFor);
    }
  }

  /** A hibernated replica is serving again. */
  record Resumed(Instant at, String deploymentId, String slot, String instanceId, Duration took) implements EngineEvent {
    public String type() { return "resumed"; }
    public Map<String, Object> fields() { return map("slot", slot, "instance", instanceId, "took", took); }
  }

  /** Spend or burn crossed a warn threshold. */
  record BudgetWarned(Instant at, String deploymentId, String scope, String limit, double used, double cap)
      implements EngineEvent {
    public String type() { return "budget_warned"; }
    public Map<String, Object> fields() { return map("scope", scope, "limit", limit, "used", used, "cap", cap); }
  }

  /** A launch was refused, or running work hibernated, to keep a budget. */
  record BudgetBlocked(Instant at, String deploymentId, String scope, String reason) implements EngineEvent {
    public String type() { return "budget_blocked"; }
    public Map<String, Object> fields() { return map("scope", scope, "reason", reason); }
  }

  /** A checkpoint completed. */
  record CheckpointCompleted(Instant at, String deploymentId, String instanceId, long version, long bytes,
      String reason, String sha256, String url) implements EngineEvent {
    public CheckpointCompleted(Instant at, String deploymentId, String instanceId, long version, long bytes,
        String reason) {
      this(at, deploymentId, instanceId, version, bytes, reason, null, null);
    }
    public String type() { return "checkpoint_completed"; }
    public Map<String, Object> fields() {
      return map("instance", instanceId, "version", version, "bytes", bytes, "reason", reason, "sha256", sha256,
          "url", url);
    }
  }

  /** An instance the engine owns was terminated (replaced, orphaned, extra, deleted). */
  record Terminated(Instant at, String deploymentId, String instanceId, String reason) implements EngineEvent {
    public String type() { return "terminated"; }
    public Map<String, Object> fields() { return map("instance", instanceId, "reason", reason); }
  }

  /** AUTO spot policy switched a slot between spot and on-demand. */
  record CapacitySwitched(Instant at, String deploymentId, String slot, String toPricing, String reason)
      implements EngineEvent {
    public String type() { return "capacity_switched"; }
    public Map<String, Object> fields() { return map("slot", slot, "to", toPricing, "reason", reason); }
  }

  /** A JOB finished. */
  record JobCompleted(Instant at, String deploymentId, String instanceId, int interruptions) implements EngineEvent {
    public String type() { return "job_completed"; }
    public Map<String, Object> fields() { return map("instance", instanceId, "interruptions", interruptions); }
  }

  /**
   * A checkpoint failed (or did not verify). When a planned terminate waits for it ({@code waiting}: hibernation,
   * budget, scale-down, deletion, migration), the instance is kept and the checkpoint retried: nothing written
   * since the last good checkpoint is destroyed.
   */
  record CheckpointFailed(Instant at, String deploymentId, String instanceId, String reason, String waiting)
      implements EngineEvent {
    public String type() { return "checkpoint_failed"; }
    public Map<String, Object> fields() {
      return map("instance", instanceId, "reason", reason, "waiting", waiting);
    }
  }

  /** A rolling update replaced a replica with one of the new template (surge 1: the new one was healthy first). */
  record ReplicaUpdated(Instant at, String deploymentId, String slot, String oldInstanceId, String newInstanceId)
      implements EngineEvent {
    public String type() { return "replica_updated"; }
    public Map<String, Object> fields() {
      return map("slot", slot, "old_instance", oldInstanceId, "new_instance", newInstanceId);
    }
  }
}
