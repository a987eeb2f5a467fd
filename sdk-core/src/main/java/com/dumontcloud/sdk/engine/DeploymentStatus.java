package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.pricing.CurrencyView;
import java.util.List;

/**
 * A snapshot of a deployment as the engine sees it.
 *
 * @param id deployment id
 * @param spec desired state
 * @param phase healthy, degraded (only the CPU standby's fallback serves), failing_over, starting, hibernated, blocked, completed, deleting
 * @param slots every slot (replicas, warm pool, standby)
 * @param healthyReplicas replicas passing their health check
 * @param spendUsd spend so far (price × running time)
 * @param onDemandUsd what the same running time would have cost on-demand
 * @param interruptions interruptions seen
 * @param failovers failovers completed
 * @param checkpointVersion last completed checkpoint version, or null
 * @param servingEndpoints the serving endpoints last published (see {@link Orchestrator#servingEndpoints(String)})
 */
public record DeploymentStatus(String id, DeploymentSpec spec, String phase, List<SlotStatus> slots, int healthyReplicas,
    double spendUsd, double onDemandUsd, int interruptions, int failovers, Long checkpointVersion,
    List<ServingEndpoint> servingEndpoints) {

  public DeploymentStatus {
    slots = List.copyOf(slots);
    servingEndpoints = servingEndpoints == null ? List.of() : List.copyOf(servingEndpoints);
  }

  /** A status without serving endpoints (the form before they existed). */
  public DeploymentStatus(String id, DeploymentSpec spec, String phase, List<SlotStatus> slots, int healthyReplicas,
      double spendUsd, double onDemandUsd, int interruptions, int failovers, Long checkpointVersion) {
    this(id, spec, phase, slots, healthyReplicas, spendUsd, onDemandUsd, interruptions, failovers, checkpointVersion,
        List.of());
  }

  /**
   * One slot.
   *
   * @param name r0.., w0.. (warm pool), s0 (CPU standby)
   * @param role replica, warm, standby
   * @param phase empty, launching, booting, healthy, ready, hibernated, completed
   * @param generation launches so far in this slot
   * @param instanceId current instance, or null
   * @param hostId host, or null
   * @param region region, or null
   * @param pricing spot or on_demand, or null
   * @param pricePerHour price of the current instance
   */
  public record SlotStatus(String name, String role, String phase, int generation, String instanceId, String hostId,
      String region, String pricing, double pricePerHour) {}

  /**
   * The status as a JSON tree with snake_case names: what {@code dumont deployments show --json} prints and what
   * {@code GET /api/v1/deployments/{id}} answers (the spec in its {@link DeploymentSpec#toMap()} form).
   */
  public java.util.Map<String, Object> toMap() {
    return toMap(CurrencyView.usd());
  }

  /**
   * The same tree with every amount ({@code spend}, {@code on_demand_equivalent}, each slot's
   * {@code price_per_hour}) in the view's currency, converted and rounded half-even once to 4 decimals (a currency
   * with other minor units keeps as many more or fewer, see {@link CurrencyView#display}); the field names stay.
   * The tree says nothing about the conversion: the answer that holds it adds {@code currency} and {@code fx} once
   * ({@link CurrencyView#annotate}). Shown as is, it is exactly {@link #toMap()}.
   */
  public java.util.Map<String, Object> toMap(CurrencyView view) {
    java.util.Objects.requireNonNull(view, "view");
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("id", id);
    m.put("kind", spec.kind().name().toLowerCase(java.util.Locale.ROOT));
    m.put("template", spec.template().name());
    m.put("phase", phase);
    m.put("replicas", spec.replicas());
    m.put("healthy_replicas", healthyReplicas);
    m.put("spend", view.usdFigure(spendUsd(), 4));
    m.put("on_demand_equivalent", view.usdFigure(onDemandUsd(), 4));
    m.put("interruptions", interruptions());
    m.put("failovers", failovers());
    m.put("checkpoint_version", checkpointVersion());
    m.put("slots", slots.stream().map(x -> {
      java.util.Map<String, Object> sm = new java.util.LinkedHashMap<>();
      sm.put("slot", x.name());
      sm.put("role", x.role());
      sm.put("phase", x.phase());
      sm.put("generation", x.generation());
      sm.put("instance_id", x.instanceId());
      sm.put("host_id", x.hostId());
      sm.put("region", x.region());
      sm.put("pricing", x.pricing());
      sm.put("price_per_hour", view.usdFigure(x.pricePerHour(), 4));
      return sm;
    }).toList());
    m.put("spec", spec.toMap());
    return m;
  }
}
