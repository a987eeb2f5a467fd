package com.dumontcloud.sdk.testkit.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replays whose answer is known by construction, through the real engine on virtual time. */
class SpotReplayTest {
  /** Generous bound on the first boot: provisioning 45 s + boot 30 s + model load 30 s + a few ticks of detection. */
  private static final double FIRST_BOOT_S = 45 + 30 + 30 + 15;

  private static int[] fill(int n, int v) {
    int[] a = new int[n];
    Arrays.fill(a, v);
    return a;
  }

  private static SpotReplayReport run(SpotTraces t, int replicas, ReplayPolicy... ps) {
    return SpotReplay.builder(t).replicas(replicas).policies(List.of(ps)).build().run();
  }

  @Test
  void alwaysOnZone_spotCostsTheSpotRatioAndIsAvailableApartFromTheFirstBoot() {
    // 12 h at 300 s per tick, capacity at every tick
    SpotTraces t = SpotTraces.of(List.of(SpotTrace.of("zone-a", 300, fill(144, 1))));
    SpotReplayReport r = run(t, 1, ReplayPolicy.SPOT, ReplayPolicy.ON_DEMAND);
    double seconds = t.duration().toSeconds();
    SpotReplayReport.PolicyResult spot = r.policy(ReplayPolicy.SPOT).orElseThrow();
    assertThat(spot.failovers()).isZero();
    assertThat(spot.availability()).isGreaterThanOrEqualTo(1 - FIRST_BOOT_S / seconds).isLessThan(1.0);
    // billed from RUNNING: the spot cost is the ratio less the provisioning and boot before billing starts
    assertThat(spot.costPercent()).isBetween(30.0 * (1 - 75 / seconds), 30.0);
    assertThat(r.oracleCostPercent()).isCloseTo(30.0, within(1e-9));
    SpotReplayReport.PolicyResult od = r.policy(ReplayPolicy.ON_DEMAND).orElseThrow();
    assertThat(od.costPercent()).isBetween(100.0 * (1 - 75 / seconds), 100.0);
    assertThat(od.availability()).isGreaterThanOrEqualTo(1 - FIRST_BOOT_S / seconds);
  }

  @Test
  void noSpotEver_autoEqualsOnDemand() {
    SpotTraces t = SpotTraces.of(List.of(SpotTrace.of("zone-a", 300, fill(72, 0)),
        SpotTrace.of("zone-b", 300, fill(72, 0))));
    SpotReplayReport r = run(t, 1, ReplayPolicy.AUTO, ReplayPolicy.ON_DEMAND, ReplayPolicy.SPOT_COLD);
    SpotReplayReport.PolicyResult auto = r.policy(ReplayPolicy.AUTO).orElseThrow();
    SpotReplayReport.PolicyResult od = r.policy(ReplayPolicy.ON_DEMAND).orElseThrow();
    assertThat(auto.costPercent()).isCloseTo(od.costPercent(), within(1.0));
    assertThat(auto.availability()).isCloseTo(od.availability(), within(0.01));
    assertThat(r.oracleCostPercent()).isEqualTo(100.0);
    // all-zero traces mean no spot capacity: a spot-only policy never gets a replica
    SpotReplayReport.PolicyResult cold = r.policy(ReplayPolicy.SPOT_COLD).orElseThrow();
    assertThat(cold.availability()).isZero();
    assertThat(cold.costPercent()).isZero();
  }

  @Test
  void twoZonesAlternating_coldFailoverStaysNearTheOracle() {
    // zone a has capacity in the first 3 h of every 6 h, zone b in the other 3 h: some zone always has capacity
    int ticks = 4 * 72; // 24 h at 300 s
    int[] a = new int[ticks];
    int[] b = new int[ticks];
    for (int i = 0; i < ticks; i++) {
      boolean first = (i / 36) % 2 == 0;
      a[i] = first ? 1 : 0;
      b[i] = first ? 0 : 1;
    }
    SpotTraces t = SpotTraces.of(List.of(SpotTrace.of("zone-a", 300, a), SpotTrace.of("zone-b", 300, b)));
    SpotReplayReport r = run(t, 1, ReplayPolicy.SPOT_COLD, ReplayPolicy.SPOT);
    assertThat(r.oracleCostPercent()).isCloseTo(30.0, within(1e-9));
    SpotReplayReport.PolicyResult cold = r.policy(ReplayPolicy.SPOT_COLD).orElseThrow();
    // 7 switches, each a preemption followed by a cold boot in the other zone (at most ~2 min each)
    assertThat(cold.failovers()).isBetween(6, 8);
    assertThat(cold.availability()).isGreaterThan(1 - 8 * FIRST_BOOT_S / t.duration().toSeconds());
    assertThat(cold.gapToOraclePoints()).isBetween(-1.0, 1.0);
    assertThat(cold.recoveryP95Seconds()).hasValueSatisfying(v -> assertThat(v).isLessThan(FIRST_BOOT_S + 10));
    // waiting in one zone is down half of the time
    SpotReplayReport.PolicyResult spot = r.policy(ReplayPolicy.SPOT).orElseThrow();
    assertThat(spot.availability()).isBetween(0.45, 0.51);
  }

  @Test
  void hedged_runsAnExtraSpotReplicaInAnotherZoneAndOnlyTheTargetOnDemandWithoutSpot() {
    SpotTraces plenty = SpotTraces.of(List.of(SpotTrace.of("zone-a", 300, fill(72, 1)),
        SpotTrace.of("zone-b", 300, fill(72, 1))));
    SpotReplayReport r = run(plenty, 1, ReplayPolicy.HEDGED);
    SpotReplayReport.PolicyResult h = r.policy(ReplayPolicy.HEDGED).orElseThrow();
    // two spot replicas (1 + spot_extra 1), one per zone: about 2 x 30 %
    assertThat(h.costPercent()).isBetween(55.0, 60.0);
    int last = h.spotByZone.length - 1;
    assertThat(h.spotByZone[last][0]).isCloseTo(1.0, within(1e-9));
    assertThat(h.spotByZone[last][1]).isCloseTo(1.0, within(1e-9));
    assertThat(h.spec().spotExtra()).isEqualTo(1);

    SpotTraces none = SpotTraces.of(List.of(SpotTrace.of("zone-a", 300, fill(72, 0)),
        SpotTrace.of("zone-b", 300, fill(72, 0))));
    SpotReplayReport n = run(none, 1, ReplayPolicy.HEDGED, ReplayPolicy.ON_DEMAND);
    // no spot: the extra replica waits for spot; only the target runs on-demand (not 2 x 100 %)
    assertThat(n.policy(ReplayPolicy.HEDGED).orElseThrow().costPercent())
        .isCloseTo(n.policy(ReplayPolicy.ON_DEMAND).orElseThrow().costPercent(), within(1.0));
  }

  @Test
  void cpuStandby_servesWhileSpotIsGoneAndCostsItsPrice() {
    // spot for the first 6 h, none for the next 6 h
    int[] a = new int[144];
    for (int i = 0; i < 72; i++) a[i] = 1;
    SpotTraces t = SpotTraces.of(List.of(SpotTrace.of("zone-a", 300, a)));
    SpotReplayReport r = run(t, 1, ReplayPolicy.SPOT_CPU_STANDBY);
    SpotReplayReport.PolicyResult p = r.policy(ReplayPolicy.SPOT_CPU_STANDBY).orElseThrow();
    assertThat(p.availability()).isBetween(0.48, 0.5);
    assertThat(p.servingAvailability()).isGreaterThan(0.99);
    // half the time spot (0.30) plus the CPU standby (0.02) all the time, per on-demand hour
    assertThat(p.costPercent()).isBetween(15.0 + 2.0 - 1.0, 15.0 + 2.0);
  }
}
