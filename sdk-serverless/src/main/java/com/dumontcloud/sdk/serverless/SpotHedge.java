package com.dumontcloud.sdk.serverless;

/**
 * How many spot and on-demand replicas to run for a desired count (SkyServe's SpotHedge rule): spot
 * target = desired + spare spot replicas; on-demand = base + (desired − ready spot), so spot that is
 * still provisioning or cannot be had is covered by on-demand, which is shed again once spot is ready.
 * ON_DEMAND endpoints run only on-demand; AUTO endpoints run {@code any} replicas on the cheapest offer.
 *
 * @param spot spot replicas to run
 * @param onDemand on-demand replicas to run
 * @param any replicas on whichever offer is cheapest (AUTO)
 */
public record SpotHedge(int spot, int onDemand, int any) {
  public static SpotHedge plan(EndpointSpec spec, int desired, int readySpot) {
    if (desired <= 0) return new SpotHedge(0, 0, 0);
    return switch (spec.machineType()) {
      case ON_DEMAND -> new SpotHedge(0, desired, 0);
      case AUTO -> new SpotHedge(0, 0, desired);
      case SPOT -> {
        int od = spec.onDemandFallback()
            ? Math.min(desired + spec.baseOnDemand(), spec.baseOnDemand() + Math.max(0, desired - readySpot))
            : 0;
        yield new SpotHedge(desired + spec.spotExtra(), od, 0);
      }
    };
  }
}
