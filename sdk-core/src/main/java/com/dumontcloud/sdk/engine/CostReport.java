package com.dumontcloud.sdk.engine;

import java.util.Map;

/**
 * What the engine's deployments cost, from its ledger (price × running time of every instance it rented).
 *
 * @param byDeployment spend per deployment, USD
 * @param byLabel spend per user label "key=value", USD
 * @param totalUsd total spend
 * @param onDemandUsd what the same running time would have cost at on-demand prices
 */
public record CostReport(Map<String, Double> byDeployment, Map<String, Double> byLabel, double totalUsd,
    double onDemandUsd) {
  public CostReport {
    byDeployment = Map.copyOf(byDeployment);
    byLabel = Map.copyOf(byLabel);
  }

  /** Fraction saved against all-on-demand, in [0,1]. */
  public double savings() {
    return onDemandUsd <= 0 ? 0 : 1 - totalUsd / onDemandUsd;
  }
}
