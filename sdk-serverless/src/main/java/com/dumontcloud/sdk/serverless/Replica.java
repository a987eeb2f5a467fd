package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.PricingModel;
import java.time.Instant;

/** One replica as the endpoint runtime tracks it. Mutable; guarded by the runtime's lock. */
final class Replica {
  /** REPLACING: the slot's instance was lost and the replica manager (the engine's failover) is replacing it. */
  enum State {
    LAUNCHING, READY, UNHEALTHY, REPLACING, DRAINING,
    /** Warm pool: rented to become a warm worker (boots, passes a health check, is then stopped). */
    WARMING,
    /** Warm pool: stop requested. */
    PARKING,
    /** Warm pool: stopped, billed for storage only, ready to resume. */
    PARKED
  }

  final String slot;
  String providerId;
  String instanceId;
  PricingModel pricing;
  String hostId;
  String region;
  String gpu;
  double pricePerHour;
  Instant launchedAt;
  State state = State.LAUNCHING;
  String baseUrl;
  Instant readyAt;
  Instant billingFrom;
  int outstanding;
  int healthFailures;
  /** This run came from resuming a stopped warm worker (not a fresh rental). */
  boolean resumed;
  /** When the warm worker was stopped (its storage billing starts), or null. */
  Instant parkedAt;
  /** Launched (or resumed) because pre-warming raised the decision above the reactive one. */
  boolean prewarmed;
  /** Storage price per hour while stopped. */
  double storagePerHour;

  Replica(String slot, Instance i, Instant launchedAt) {
    this.slot = slot;
    bind(i);
    this.launchedAt = launchedAt;
  }

  /** Point the slot at an instance (at creation, and when a failover replaced the previous one). */
  void bind(Instance i) {
    this.providerId = i.providerId();
    this.instanceId = i.id();
    this.pricing = i.pricingModel();
    this.hostId = i.hostId();
    this.region = i.location().region();
    this.gpu = i.gpu().name();
    this.pricePerHour = i.pricePerHour().doubleValue();
    this.billingFrom = i.startedAt();
    this.baseUrl = null;
    this.readyAt = null;
    this.healthFailures = 0;
  }

  boolean routable() {
    return state == State.READY && baseUrl != null;
  }

  ReplicaInfo info() {
    return new ReplicaInfo(slot, providerId, instanceId, pricing, gpu, region, hostId, state.name().toLowerCase(
        java.util.Locale.ROOT), pricePerHour, outstanding, launchedAt, readyAt);
  }
}
