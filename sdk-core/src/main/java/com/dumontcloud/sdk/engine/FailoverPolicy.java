package com.dumontcloud.sdk.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How interruptions are detected and replicas replaced.
 *
 * @param strategies strategies in order (default WARM_POOL, CPU_STANDBY, COLD)
 * @param probeFailureThreshold consecutive failed health probes that make a replica failed (default 2)
 * @param coolDown how long an interrupted location (host, and region when others exist) is avoided (default 15 min)
 * @param maxFailoversPerWindow failovers allowed per {@code window} per deployment before deferring (default 20)
 * @param window the flapping window (default 1 h)
 * @param minGap minimum time between two failovers of one deployment (default zero)
 * @param standbyStartTimeout how long a queued warm-pool start may take before falling through (default 2 min)
 * @param bootTimeout how long a replacement may take to become healthy before it is replaced (default 15 min)
 */
public record FailoverPolicy(
    List<FailoverStrategy> strategies, int probeFailureThreshold, Duration coolDown, int maxFailoversPerWindow,
    Duration window, Duration minGap, Duration standbyStartTimeout, Duration bootTimeout) {

  public FailoverPolicy {
    strategies = List.copyOf(Objects.requireNonNull(strategies, "strategies"));
    if (strategies.isEmpty()) throw new IllegalArgumentException("strategies must not be empty; use at least COLD");
    if (probeFailureThreshold < 1 || probeFailureThreshold > 100) {
      throw new IllegalArgumentException("probeFailureThreshold (failover.probe_failure_threshold) must be in 1..100,"
          + " got " + probeFailureThreshold);
    }
    if (maxFailoversPerWindow < 1 || maxFailoversPerWindow > 10_000) {
      throw new IllegalArgumentException("maxFailoversPerWindow (failover.max_failovers_per_window) must be in"
          + " 1..10000, got " + maxFailoversPerWindow);
    }
    notNegative(coolDown, "coolDown (failover.cool_down)");
    notNegative(window, "window (failover.window)");
    notNegative(minGap, "minGap (failover.min_gap)");
    notNegative(standbyStartTimeout, "standbyStartTimeout (failover.standby_start_timeout)");
    notNegative(bootTimeout, "bootTimeout (failover.boot_timeout)");
  }

  /** WARM_POOL, CPU_STANDBY, COLD; K = 2; cool-down 15 min; 20 failovers per hour; standby timeout 2 min. */
  public static FailoverPolicy defaults() {
    return new FailoverPolicy(List.of(FailoverStrategy.WARM_POOL, FailoverStrategy.CPU_STANDBY, FailoverStrategy.COLD),
        2, Duration.ofMinutes(15), 20, Duration.ofHours(1), Duration.ZERO, Duration.ofMinutes(2), Duration.ofMinutes(15));
  }

  public FailoverPolicy withStrategies(FailoverStrategy... s) {
    return new FailoverPolicy(List.of(s), probeFailureThreshold, coolDown, maxFailoversPerWindow, window, minGap,
        standbyStartTimeout, bootTimeout);
  }

  public FailoverPolicy withCoolDown(Duration d) {
    return new FailoverPolicy(strategies, probeFailureThreshold, d, maxFailoversPerWindow, window, minGap,
        standbyStartTimeout, bootTimeout);
  }

  public FailoverPolicy withFlapGuard(int maxPerWindow, Duration window, Duration minGap) {
    return new FailoverPolicy(strategies, probeFailureThreshold, coolDown, maxPerWindow, window, minGap,
        standbyStartTimeout, bootTimeout);
  }

  public FailoverPolicy withStandbyStartTimeout(Duration d) {
    return new FailoverPolicy(strategies, probeFailureThreshold, coolDown, maxFailoversPerWindow, window, minGap, d,
        bootTimeout);
  }

  public FailoverPolicy withProbeFailureThreshold(int k) {
    return new FailoverPolicy(strategies, k, coolDown, maxFailoversPerWindow, window, minGap, standbyStartTimeout,
        bootTimeout);
  }

  private static void notNegative(Duration d, String field) {
    Objects.requireNonNull(d, field);
    if (d.isNegative()) throw new IllegalArgumentException(field + " must not be negative, got " + d);
  }
}
