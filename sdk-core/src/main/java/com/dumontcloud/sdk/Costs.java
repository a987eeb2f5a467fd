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

  /**
   * Cost so far of an instance: rate × running time since it started (until it stopped). An instance the
   * providers no longer know (destroyed) is answered from the instance records when they remember it: its rate
   * from creation to destruction.
   */
  public CostAnalysis analyze(String instanceId) {
    try {
      return analyze(dumont.instances().get(instanceId));
    } catch (com.dumontcloud.sdk.exception.NotFoundException gone) {
      for (java.util.Map<String, Object> rec : dumont.instanceRecords().all()) {
        if (!instanceId.equals(rec.get("instance_id")) || !(rec.get("cost_per_hour") instanceof Number rate)
            || rec.get("created_at") == null) continue;
        java.util.Map<String, String> owner = new java.util.HashMap<>();
        if (rec.get("principal") != null) owner.put(com.dumontcloud.sdk.model.Labels.PRINCIPAL, String.valueOf(rec.get("principal")));
        if (rec.get("team") != null) owner.put(com.dumontcloud.sdk.model.Labels.TEAM, String.valueOf(rec.get("team")));
        dumont.require(com.dumontcloud.sdk.access.Permission.COST_VIEW, owner, "see the cost of instance " + instanceId);
        Instant from = Instant.parse(String.valueOf(rec.get("created_at")));
        Object end = rec.get("destroyed_at") != null ? rec.get("destroyed_at") : rec.get("updated_at");
        Instant to = end == null ? from : Instant.parse(String.valueOf(end));
        Duration up = Duration.between(from, to);
        return CostAnalysis.of(instanceId, com.dumontcloud.sdk.model.Money.usd(rate.doubleValue()),
            up.isNegative() ? Duration.ZERO : up);
      }
      throw gone;
    }
  }

  /** Cost of an instance value already fetched. */
  public CostAnalysis analyze(Instance i) {
    dumont.require(com.dumontcloud.sdk.access.Permission.COST_VIEW, i.labels(), "see the cost of instance " + i.id());
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
