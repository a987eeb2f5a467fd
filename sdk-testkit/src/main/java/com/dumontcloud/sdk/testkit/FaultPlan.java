package com.dumontcloud.sdk.testkit;

import java.time.Duration;
import java.util.Set;

/**
 * Faults the {@link SimulatedCloud} injects into its API: random errors and rate limits, latency,
 * stockouts, ambiguous launches (the instance is created but the caller sees a timeout), and queued
 * starts (a stopped instance cannot get its GPU back for a while, like Vast's {@code resources_unavailable}).
 *
 * @param errorRate probability that a call fails with a retryable 503
 * @param rateLimitRate probability that a call fails with a 429 (no Retry-After, as on Vast)
 * @param latency virtual latency added to each call
 * @param stockouts capacity that cannot be had: "*", "spot", "on-demand", "gpu:RTX 4090", "region:US", "host:sim-us-h1"
 * @param ambiguousLaunches how many of the next launches create the instance but report a timeout
 * @param startQueueDelay how long a start of a stopped instance stays queued (zero: starts at once)
 */
public record FaultPlan(
    double errorRate, double rateLimitRate, Duration latency, Set<String> stockouts, int ambiguousLaunches,
    Duration startQueueDelay) {
  public FaultPlan {
    if (errorRate < 0 || errorRate > 1) throw new IllegalArgumentException("errorRate must be in [0,1]: " + errorRate);
    if (rateLimitRate < 0 || rateLimitRate > 1) throw new IllegalArgumentException("rateLimitRate must be in [0,1]");
    latency = latency == null ? Duration.ZERO : latency;
    stockouts = stockouts == null ? Set.of() : Set.copyOf(stockouts);
    startQueueDelay = startQueueDelay == null ? Duration.ZERO : startQueueDelay;
  }

  /** No faults. */
  public static FaultPlan none() {
    return new FaultPlan(0, 0, Duration.ZERO, Set.of(), 0, Duration.ZERO);
  }

  public FaultPlan withErrorRate(double r) {
    return new FaultPlan(r, rateLimitRate, latency, stockouts, ambiguousLaunches, startQueueDelay);
  }

  public FaultPlan withRateLimitRate(double r) {
    return new FaultPlan(errorRate, r, latency, stockouts, ambiguousLaunches, startQueueDelay);
  }

  public FaultPlan withLatency(Duration d) {
    return new FaultPlan(errorRate, rateLimitRate, d, stockouts, ambiguousLaunches, startQueueDelay);
  }

  public FaultPlan withStockouts(Set<String> s) {
    return new FaultPlan(errorRate, rateLimitRate, latency, s, ambiguousLaunches, startQueueDelay);
  }

  public FaultPlan withAmbiguousLaunches(int n) {
    return new FaultPlan(errorRate, rateLimitRate, latency, stockouts, n, startQueueDelay);
  }

  public FaultPlan withStartQueueDelay(Duration d) {
    return new FaultPlan(errorRate, rateLimitRate, latency, stockouts, ambiguousLaunches, d);
  }
}
