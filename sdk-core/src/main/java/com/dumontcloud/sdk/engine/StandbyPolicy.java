package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.model.PricingModel;

/**
 * A cheap CPU instance (like GCP e2-medium spot) that holds the synced data and serves a degraded
 * fallback while no GPU replica is healthy; the deployment is "available-degraded" until a GPU is back.
 *
 * @param pricingModel SPOT (default) or ON_DEMAND for the CPU machine
 * @param maxPricePerHour price cap in USD per hour for the CPU machine
 */
public record StandbyPolicy(PricingModel pricingModel, double maxPricePerHour) {
  public StandbyPolicy {
    pricingModel = pricingModel == null ? PricingModel.SPOT : pricingModel;
    if (maxPricePerHour <= 0) throw new IllegalArgumentException("maxPricePerHour must be > 0");
  }

  /** Spot CPU machine up to $0.05/h. */
  public static StandbyPolicy cpuSpot() {
    return new StandbyPolicy(PricingModel.SPOT, 0.05);
  }
}
