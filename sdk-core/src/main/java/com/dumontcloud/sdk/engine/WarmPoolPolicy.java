package com.dumontcloud.sdk.engine;

import java.util.Objects;

/**
 * Pre-provisioned GPU instances for fast failover, always on a different host than every replica and
 * preferably in a different region (a same-host pool dies with the host).
 *
 * @param size members (>= 1)
 * @param mode STOPPED (cheap, start on failover) or RUNNING (instant, billed)
 * @param replenish launch a new member after one was used
 */
public record WarmPoolPolicy(int size, Mode mode, boolean replenish) {
  /** Whether members wait stopped or running. */
  public enum Mode { STOPPED, RUNNING }

  public WarmPoolPolicy {
    if (size < 1 || size > 100) {
      throw new IllegalArgumentException("warm pool size (warm_pool.size) must be in 1..100, got " + size);
    }
    Objects.requireNonNull(mode, "mode");
  }

  public static WarmPoolPolicy of(int size, Mode mode) {
    return new WarmPoolPolicy(size, mode, true);
  }
}
