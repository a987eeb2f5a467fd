package com.dumontcloud.sdk.testkit.replay;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.FailoverPolicy;
import com.dumontcloud.sdk.engine.FailoverStrategy;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.StandbyPolicy;
import com.dumontcloud.sdk.engine.WarmPoolPolicy;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The policies a {@link SpotReplay} compares, each an ordinary {@link DeploymentSpec} (what a user would apply; the
 * report prints each in the spec file form so a reader can reproduce it). All rent one 1-GPU replica per slot
 * ({@code num_gpus = 1}) of the template {@value #TEMPLATE} on the replay's simulated cloud.
 */
public enum ReplayPolicy {
  /** On-demand only: the cost baseline (100 %). */
  ON_DEMAND("on-demand only"),
  /** Spot in one zone (the first of the trace set), waiting for capacity there after a preemption. */
  SPOT("spot in one zone, wait for capacity"),
  /** Spot in every zone; cold failover to another zone, the interrupted one cooling down for 15 min. */
  SPOT_COLD("spot, cold failover across zones (15 min cool-down)"),
  /** As {@link #SPOT_COLD} with a stopped spot warm-pool member in another zone, started on failover. */
  SPOT_WARM_POOL("spot, stopped warm pool of 1 in another zone, then cold"),
  /** As {@link #SPOT_COLD} with an always-on on-demand CPU standby serving degraded while no GPU is healthy. */
  SPOT_CPU_STANDBY("spot, on-demand CPU standby (degraded serving), then cold"),
  /** Spot when it can be had, on-demand while it cannot, back to spot when it can (every 10 min). */
  AUTO("spot, on-demand while no spot, back to spot"),
  /**
   * SpotHedge-style: {@code replicas + 1} replicas spread over zones ({@code spot_extra: 1}); the extra one is spot
   * only, the base ones fall back to on-demand while no spot can be had (AUTO).
   */
  HEDGED("spot spread over zones + 1 extra spot, on-demand fallback");

  /** The catalog template every policy runs (it declares a CPU fallback for the standby). */
  public static final String TEMPLATE = "qwen2.5-0.5b";

  private final String description;

  ReplayPolicy(String description) {
    this.description = description;
  }

  /** One line saying what the policy does. */
  public String description() {
    return description;
  }

  /** The deployment id of the policy's spec, e.g. {@code spot-cold}. */
  public String deploymentId() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Reads a policy name as the CLI takes it ({@code SPOT_COLD}, {@code spot-cold}, case-insensitive).
   *
   * @throws IllegalArgumentException naming the value and the known policies
   */
  public static ReplayPolicy parse(String name) {
    String n = name == null ? "" : name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (ReplayPolicy p : values()) if (p.name().equals(n)) return p;
    throw new IllegalArgumentException("unknown policy '" + name + "'; use one of "
        + String.join(", ", Arrays.stream(values()).map(Enum::name).toList()));
  }

  /**
   * The policy's spec for {@code replicas} replicas over {@code zones} (sorted; {@link #SPOT} uses the first).
   */
  public DeploymentSpec spec(List<String> zones, int replicas) {
    Template t = TemplateCatalog.get(TEMPLATE);
    FailoverPolicy cold = FailoverPolicy.defaults().withStrategies(FailoverStrategy.COLD);
    DeploymentSpec.Builder b = DeploymentSpec.builder(deploymentId(), t).replicas(replicas)
        .query(OfferQuery.builder().filter("num_gpus", OfferQuery.Op.EQ, 1.0).build())
        .providers(List.of(com.dumontcloud.sdk.testkit.SimulatedCloud.ID))
        .failover(cold);
    switch (this) {
      case ON_DEMAND -> b.spotPolicy(SpotPolicy.ON_DEMAND);
      case SPOT -> b.spotPolicy(SpotPolicy.SPOT).regions(List.of(zones.get(0)));
      case SPOT_COLD -> b.spotPolicy(SpotPolicy.SPOT);
      case SPOT_WARM_POOL -> b.spotPolicy(SpotPolicy.SPOT)
          .warmPool(WarmPoolPolicy.of(1, WarmPoolPolicy.Mode.STOPPED))
          .failover(FailoverPolicy.defaults().withStrategies(FailoverStrategy.WARM_POOL, FailoverStrategy.COLD));
      case SPOT_CPU_STANDBY -> b.spotPolicy(SpotPolicy.SPOT)
          .standby(new StandbyPolicy(PricingModel.ON_DEMAND, 0.5))
          .failover(FailoverPolicy.defaults().withStrategies(FailoverStrategy.CPU_STANDBY, FailoverStrategy.COLD));
      case AUTO -> b.spotPolicy(SpotPolicy.AUTO);
      case HEDGED -> b.spotPolicy(SpotPolicy.AUTO).spotExtra(1);
    }
    return b.build();
  }
}
