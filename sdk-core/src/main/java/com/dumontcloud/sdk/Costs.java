package com.dumontcloud.sdk;

import com.dumontcloud.sdk.model.CostAnalysis;
import com.dumontcloud.sdk.model.Instance;
import java.time.Duration;
import java.time.Instant;

/** Cost analysis of instances (seed 001). */
public final class Costs {
  private final Dumont dumont;

  Costs(Dumont dumont) {
    this.dumont = dumont;
  }

  /** Cost so far of an instance: rate × running time since it started (until it stopped). */
  public CostAnalysis analyze(String instanceId) {
    return analyze(dumont.instances().get(instanceId));
  }

  /** Cost of an instance value already fetched. */
  public CostAnalysis analyze(Instance i) {
    return CostAnalysis.of(i.id(), i.pricePerHour(), uptime(i, dumont.scheduler().now()));
  }

  /** Billed running time of an instance as of {@code now}. */
  public static Duration uptime(Instance i, Instant now) {
    Instant from = i.startedAt();
    if (from == null) return Duration.ZERO;
    Instant to = i.stoppedAt() != null && !i.stoppedAt().isBefore(from) ? i.stoppedAt() : now;
    Duration d = Duration.between(from, to);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
