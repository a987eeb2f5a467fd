package com.dumontcloud.sdk.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One slot of a deployment (replica, warm-pool member or CPU standby) and its journalled state. */
final class Slot {
  private static final Logger log = LoggerFactory.getLogger(Slot.class);

  enum Role { REPLICA, WARM, STANDBY }

  enum Phase {
    /** No instance; one will be launched (or a failover chain is running). */
    EMPTY,
    /** Intent journalled with {@link #key}; the instance may or may not exist yet. */
    LAUNCHING,
    /** Instance exists, not yet healthy (or a warm member not yet parked). */
    BOOTING,
    /** Replica serving. */
    HEALTHY,
    /** Warm member or standby ready. */
    READY,
    /** Replica hibernated (stopped or checkpointed and terminated). */
    HIBERNATED,
    /** Job finished. */
    COMPLETED
  }

  /** A failover in progress for a replica slot. */
  static final class Failover {
    String failedInstance;
    String failedHost;
    String failedRegion;
    Instant occurredAt;
    Instant detectedAt;
    int strategyIdx;
    String strategy;
    Instant rentCallAt;
    Instant rentDoneAt;
    Instant runningAt;
    Instant restoredAt;
    Instant degradedAt;
    Instant promoteStartedAt;
    Long restoredVersion;
    String restoredSha256;
    Duration rpo;
    boolean deferredReported;

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("failed_instance", failedInstance);
      m.put("failed_host", failedHost);
      m.put("failed_region", failedRegion);
      m.put("occurred_at", S.t(occurredAt));
      m.put("detected_at", S.t(detectedAt));
      m.put("strategy_idx", strategyIdx);
      m.put("strategy", strategy);
      m.put("rent_call_at", S.t(rentCallAt));
      m.put("rent_done_at", S.t(rentDoneAt));
      m.put("running_at", S.t(runningAt));
      m.put("restored_at", S.t(restoredAt));
      m.put("degraded_at", S.t(degradedAt));
      m.put("promote_started_at", S.t(promoteStartedAt));
      m.put("restored_version", restoredVersion);
      m.put("restored_sha256", restoredSha256);
      m.put("rpo_ms", rpo == null ? null : rpo.toMillis());
      m.put("deferred_reported", deferredReported);
      return m;
    }

    static Failover fromMap(Map<String, Object> m) {
      Failover f = new Failover();
      f.failedInstance = S.s(m, "failed_instance");
      f.failedHost = S.s(m, "failed_host");
      f.failedRegion = S.s(m, "failed_region");
      f.occurredAt = S.i(m, "occurred_at");
      f.detectedAt = S.i(m, "detected_at");
      f.strategyIdx = S.n(m, "strategy_idx");
      f.strategy = S.s(m, "strategy");
      f.rentCallAt = S.i(m, "rent_call_at");
      f.rentDoneAt = S.i(m, "rent_done_at");
      f.runningAt = S.i(m, "running_at");
      f.restoredAt = S.i(m, "restored_at");
      f.degradedAt = S.i(m, "degraded_at");
      f.promoteStartedAt = S.i(m, "promote_started_at");
      f.restoredVersion = S.l(m, "restored_version");
      f.restoredSha256 = S.s(m, "restored_sha256");
      Long rpo = S.l(m, "rpo_ms");
      f.rpo = rpo == null ? null : Duration.ofMillis(rpo);
      f.deferredReported = Boolean.TRUE.equals(m.get("deferred_reported"));
      return f;
    }
  }

  final String name;
  final Role role;
  int generation;
  Phase phase = Phase.EMPTY;
  String key;
  String instanceId;
  String providerId;
  String hostId;
  String region;
  String pricing;
  double price;
  double onDemandPrice;
  /** What the provider bills per hour while the instance is stopped. */
  double storagePrice;
  Instant launchedAt;
  Instant healthyAt;
  Instant lastHealthyAt;
  int probeFailures;
  Failover failover;
  /**
   * A migration (AUTO back to spot, rolling update) in progress: the old instance serves until the new one is
   * running, then it is drained, checkpointed, and retired once the new one is healthy.
   */
  String keepUntilHealthy;
  /** Provider of {@link #keepUntilHealthy}. */
  String keepProvider;
  /** Why the slot is migrating ("spot", "update"), or null. */
  String migration;
  /** The migration's final checkpoint of the old instance completed (the new one restores from it). */
  boolean migrationCheckpointed;
  /** A planned terminate of this slot's instance waits for a checkpoint requested at this time. */
  Instant checkpointRequestedAt;
  /** When the last checkpoint taken from this slot's current instance completed. */
  Instant checkpointedAt;
  /** Fingerprint of the template the slot's instance was launched with (rolling updates compare it). */
  String templateFingerprint;
  boolean needsRestore;
  Long restoredVersion;
  Instant idleSince;
  String hibernateAction;
  Instant hibernatedAt;
  boolean resumeRequested;
  /** {@link Orchestrator#hibernate} asked to hibernate this replica once healthy (not journalled: acted on at once). */
  boolean hibernateNow;
  Instant resumeStartedAt;
  boolean parking;
  Instant nextAttemptAt;
  int attempts;
  Instant lastSpotCheckAt;
  /** Base URL of the instance's workload once it served (journalled, so a restart publishes it at once). */
  String servingUrl;
  /** The host and port {@link #servingUrl} was built from (process memory only: the URL is rebuilt on a change). */
  String servingHost;
  int servingPort;
  /** The action key of this slot's launches (process memory; the deployment id and slot name never change). */
  String launchKey;
  /**
   * This tick's observation target of the slot's instance (process memory only): the observer resolves it once and
   * the reconcile reads the instance from it ({@link Observer.Target#in}) instead of looking it up per use.
   */
  Observer.Target target;
  /**
   * What this slot contributed to the serving list {@link DeploymentState#endpointsMemo} describes (process memory
   * only): its position there ({@code -1}: none) and that endpoint's URL, role and instance. The steady tick compares
   * a slot's endpoint with these instead of reading the published list: at 10k deployments each list and endpoint
   * read is a cache miss.
   */
  int publishedAt = -1;
  String publishedUrl;
  ServingEndpoint.Role publishedRole;
  String publishedInstanceId;

  /** The slot's number within its role ("r2" → 2), parsed once: scale-down compares it on every tick. */
  final int index;

  Slot(String name, Role role) {
    this.name = name;
    this.role = role;
    this.index = Integer.parseInt(name.substring(1));
  }

  boolean hasInstance() {
    return instanceId != null;
  }

  void clearInstance() {
    instanceId = null;
    key = null;
    hostId = null;
    region = null;
    providerId = null;
    probeFailures = 0;
    healthyAt = null;
    idleSince = null;
    parking = false;
    checkpointRequestedAt = null;
    checkpointedAt = null;
    templateFingerprint = null;
    servingUrl = null;
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("role", role.name());
    m.put("generation", generation);
    m.put("phase", phase.name());
    m.put("key", key);
    m.put("instance", instanceId);
    m.put("provider", providerId);
    m.put("host", hostId);
    m.put("region", region);
    m.put("pricing", pricing);
    m.put("price", price);
    m.put("od_price", onDemandPrice);
    m.put("storage_price", storagePrice);
    m.put("launched_at", S.t(launchedAt));
    m.put("healthy_at", S.t(healthyAt));
    m.put("last_healthy_at", S.t(lastHealthyAt));
    m.put("probe_failures", probeFailures);
    m.put("failover", failover == null ? null : failover.toMap());
    m.put("keep_until_healthy", keepUntilHealthy);
    m.put("keep_provider", keepProvider);
    m.put("migration", migration);
    m.put("migration_checkpointed", migrationCheckpointed);
    m.put("checkpoint_requested_at", S.t(checkpointRequestedAt));
    m.put("checkpointed_at", S.t(checkpointedAt));
    m.put("template_fp", templateFingerprint);
    m.put("needs_restore", needsRestore);
    m.put("restored_version", restoredVersion);
    m.put("idle_since", S.t(idleSince));
    m.put("hibernate_action", hibernateAction);
    m.put("hibernated_at", S.t(hibernatedAt));
    m.put("resume_requested", resumeRequested);
    m.put("resume_started_at", S.t(resumeStartedAt));
    m.put("parking", parking);
    m.put("next_attempt_at", S.t(nextAttemptAt));
    m.put("attempts", attempts);
    m.put("last_spot_check_at", S.t(lastSpotCheckAt));
    m.put("serving_url", servingUrl);
    return m;
  }

  @SuppressWarnings("unchecked")
  static Slot fromMap(Map<String, Object> m) {
    String name = S.s(m, "name");
    Slot s = new Slot(name, Role.valueOf(S.s(m, "role")));
    s.generation = S.n(m, "generation");
    s.phase = phase(name, S.s(m, "phase"));
    s.key = S.s(m, "key");
    s.instanceId = S.s(m, "instance");
    s.providerId = S.s(m, "provider");
    s.hostId = S.s(m, "host");
    s.region = S.s(m, "region");
    s.pricing = S.s(m, "pricing");
    s.price = S.d(m, "price");
    s.onDemandPrice = S.d(m, "od_price");
    s.storagePrice = S.d(m, "storage_price");
    s.launchedAt = S.i(m, "launched_at");
    s.healthyAt = S.i(m, "healthy_at");
    s.lastHealthyAt = S.i(m, "last_healthy_at");
    s.probeFailures = S.n(m, "probe_failures");
    s.failover = m.get("failover") instanceof Map<?, ?> f ? Failover.fromMap((Map<String, Object>) f) : null;
    s.keepUntilHealthy = S.s(m, "keep_until_healthy");
    s.keepProvider = S.s(m, "keep_provider");
    s.migration = S.s(m, "migration");
    s.migrationCheckpointed = Boolean.TRUE.equals(m.get("migration_checkpointed"));
    s.checkpointRequestedAt = S.i(m, "checkpoint_requested_at");
    s.checkpointedAt = S.i(m, "checkpointed_at");
    s.templateFingerprint = S.s(m, "template_fp");
    s.needsRestore = Boolean.TRUE.equals(m.get("needs_restore"));
    s.restoredVersion = S.l(m, "restored_version");
    s.idleSince = S.i(m, "idle_since");
    s.hibernateAction = S.s(m, "hibernate_action");
    s.hibernatedAt = S.i(m, "hibernated_at");
    s.resumeRequested = Boolean.TRUE.equals(m.get("resume_requested"));
    s.resumeStartedAt = S.i(m, "resume_started_at");
    s.parking = Boolean.TRUE.equals(m.get("parking"));
    s.nextAttemptAt = S.i(m, "next_attempt_at");
    s.attempts = S.n(m, "attempts");
    s.lastSpotCheckAt = S.i(m, "last_spot_check_at");
    s.servingUrl = S.s(m, "serving_url");
    if (s.phase == null) s.phase = s.instanceId != null ? Phase.BOOTING : s.key != null ? Phase.LAUNCHING : Phase.EMPTY;
    return s;
  }

  /**
   * A phase written by a newer version is read as the nearest one this version knows: with an instance the
   * slot is re-checked from BOOTING (the next probe decides), without one it is EMPTY (the journalled key still
   * adopts a launched instance). Never a crash on start.
   */
  private static Phase phase(String slot, String raw) {
    if (raw == null) return Phase.EMPTY;
    try {
      return Phase.valueOf(raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      log.warn("[slot={}] unknown phase '{}' in the journal (written by a newer version?); re-checking it", slot, raw);
      return null;
    }
  }

  /** Tiny map readers for the journal form. */
  static final class S {
    private S() {}

    static String t(Instant i) {
      return i == null ? null : i.toString();
    }

    static String s(Map<String, Object> m, String k) {
      Object v = m.get(k);
      return v == null ? null : String.valueOf(v);
    }

    static Instant i(Map<String, Object> m, String k) {
      Object v = m.get(k);
      return v == null ? null : Instant.parse(String.valueOf(v));
    }

    static int n(Map<String, Object> m, String k) {
      Object v = m.get(k);
      return v instanceof Number x ? x.intValue() : 0;
    }

    static Long l(Map<String, Object> m, String k) {
      Object v = m.get(k);
      return v instanceof Number x ? x.longValue() : null;
    }

    static double d(Map<String, Object> m, String k) {
      Object v = m.get(k);
      return v instanceof Number x ? x.doubleValue() : 0;
    }
  }
}
