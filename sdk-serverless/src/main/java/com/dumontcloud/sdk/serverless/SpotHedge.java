package com.dumontcloud.sdk.serverless;

/**
 * How many spot and on-demand replicas to run for a desired count (SkyServe's SpotHedge rule): spot
 * target = desired + spare spot replicas; on-demand = base + (desired − ready spot), so spot that cannot
 * be had, or is stuck provisioning, is covered by on-demand, which is shed again once spot is ready.
 *
 * <p>One refinement: spot replicas still within their launch grace ({@link EndpointSpec#fallbackGrace()})
 * count as ready when deciding to <em>launch</em> on-demand (so an ordinary cold start does not rent an
 * on-demand machine each time), but not when deciding to <em>shed</em> it (so on-demand keeps serving
 * until spot is really ready). With a zero grace this is exactly the SkyServe rule.
 *
 * @param spot spot replicas to run
 * @param onDemandLaunch launch on-demand replicas up to this many
 * @param onDemandKeep keep at most this many on-demand replicas (≥ onDemandLaunch)
 * @param any replicas on whichever offer is cheapest (AUTO)
 */
public record SpotHedge(int spot, int onDemandLaunch, int onDemandKeep, int any) {
  /**
   * @param readySpot spot replicas that passed their health check
   * @param graceSpot spot replicas still launching within the grace period
   */
  public static SpotHedge plan(EndpointSpec spec, int desired, int readySpot, int graceSpot) {
    if (desired <= 0) return new SpotHedge(0, 0, 0, 0);
    return switch (spec.machineType()) {
      case ON_DEMAND -> new SpotHedge(0, desired, desired, 0);
      case AUTO -> new SpotHedge(0, 0, 0, desired);
      case SPOT -> {
        if (!spec.onDemandFallback()) yield new SpotHedge(desired + spec.spotExtra(), 0, 0, 0);
        int cap = desired + spec.baseOnDemand();
        int keep = Math.min(cap, spec.baseOnDemand() + Math.max(0, desired - readySpot));
        int launch = Math.min(keep, spec.baseOnDemand() + Math.max(0, desired - readySpot - graceSpot));
        yield new SpotHedge(desired + spec.spotExtra(), launch, keep, 0);
      }
    };
  }
}
