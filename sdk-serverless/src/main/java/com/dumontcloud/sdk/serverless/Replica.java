package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.PricingModel;
import java.time.Instant;

/** One replica as the endpoint runtime tracks it. Mutable; guarded by the runtime's lock. */
final class Replica {
  enum State { LAUNCHING, READY, UNHEALTHY, DRAINING }

  final String slot;
  final String providerId;
  final String instanceId;
  final PricingModel pricing;
  final String hostId;
  final String region;
  final String gpu;
  final double pricePerHour;
  final Instant launchedAt;
  State state = State.LAUNCHING;
  String baseUrl;
  Instant readyAt;
  Instant billingFrom;
  int outstanding;
  int healthFailures;

  Replica(String slot, Instance i, Instant launchedAt) {
    this.slot = slot;
    this.providerId = i.providerId();
    this.instanceId = i.id();
    this.pricing = i.pricingModel();
    this.hostId = i.hostId();
    this.region = i.location().region();
    this.gpu = i.gpu().name();
    this.pricePerHour = i.pricePerHour().doubleValue();
    this.launchedAt = launchedAt;
    this.billingFrom = i.startedAt();
  }

  boolean routable() {
    return state == State.READY && baseUrl != null;
  }

  ReplicaInfo info() {
    return new ReplicaInfo(slot, providerId, instanceId, pricing, gpu, region, hostId, state.name().toLowerCase(
        java.util.Locale.ROOT), pricePerHour, outstanding, launchedAt, readyAt);
  }
}
