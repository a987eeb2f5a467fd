package com.dumontcloud.sdk.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Hibernate a replica whose {@link IdlenessSignal} stays below {@code threshold} for {@code period}.
 *
 * @param threshold utilisation in [0,1] under which a replica is idle (origin: 0.05)
 * @param period how long it must stay idle (origin: 3 min)
 * @param action STOP (resume later, disk kept) or CHECKPOINT_AND_TERMINATE (nothing left billing)
 */
public record HibernationPolicy(double threshold, Duration period, Action action) {
  /** What hibernating does. */
  public enum Action { STOP, CHECKPOINT_AND_TERMINATE }

  public HibernationPolicy {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("hibernation threshold (hibernation.threshold) must be in 0..1, got "
          + threshold);
    }
    Objects.requireNonNull(period, "hibernation period (hibernation.period)");
    if (period.isNegative()) {
      throw new IllegalArgumentException("hibernation period (hibernation.period) must not be negative, got " + period);
    }
    Objects.requireNonNull(action, "action");
  }

  /** The origin's default: below 5 % for 3 minutes, then STOP. */
  public static HibernationPolicy defaults() {
    return new HibernationPolicy(0.05, Duration.ofMinutes(3), Action.STOP);
  }
}
