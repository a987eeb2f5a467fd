package com.dumontcloud.sdk.testkit;

import java.time.Duration;
import java.util.Random;

/**
 * Boot-time distribution of simulated instances: each phase is drawn uniformly between its bounds from
 * the cloud's seeded random source. Defaults follow what GPU marketplaces show for small images:
 * provisioning 15–45 s, container start 10–30 s, model load 10–30 s; CPU machines provision in 5–15 s.
 *
 * @param provisionMin provisioning lower bound
 * @param provisionMax provisioning upper bound
 * @param bootMin container start lower bound
 * @param bootMax container start upper bound
 * @param workloadMin workload (model load) lower bound, until the health check passes
 * @param workloadMax workload upper bound
 */
public record BootProfile(
    Duration provisionMin, Duration provisionMax, Duration bootMin, Duration bootMax, Duration workloadMin,
    Duration workloadMax) {

  public static BootProfile defaults() {
    return new BootProfile(Duration.ofSeconds(15), Duration.ofSeconds(45), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  /**
   * Restart of a stopped instance whose image and model weights are on its own disk: no provisioning, container
   * start 3–8 s, model load from the local disk 4–12 s (a 7B model's ~15 GB of 16-bit weights at NVMe speed, plus
   * server start-up), so 7–20 s to healthy. Assumed, not measured.
   */
  public static BootProfile resumeDefaults() {
    return new BootProfile(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(8),
        Duration.ofSeconds(4), Duration.ofSeconds(12));
  }

  /** Fixed durations (min = max), for tests that assert exact timings. */
  public static BootProfile fixed(Duration provision, Duration boot, Duration workload) {
    return new BootProfile(provision, provision, boot, boot, workload, workload);
  }

  static Duration draw(Random r, Duration min, Duration max) {
    long span = max.toMillis() - min.toMillis();
    return span <= 0 ? min : min.plusMillis((long) (r.nextDouble() * span));
  }
}
