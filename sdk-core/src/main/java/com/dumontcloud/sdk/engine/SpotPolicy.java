package com.dumontcloud.sdk.engine;

/** Which capacity a deployment rents. */
public enum SpotPolicy {
  /** Spot/interruptible only; wait when none can be had. */
  SPOT,
  /** On-demand only. */
  ON_DEMAND,
  /** Spot when it can be had, on-demand while it cannot, and back to spot when it can again. */
  AUTO
}
