package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoscalerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static EndpointSpec spec(int min, int max) {
    return SimHarness.spec().replicas(min, max).targetConcurrency(2).idleTimeout(Duration.ofMinutes(5)).build();
  }

  @Test
  void burstPanicsUpAtOnceAndScalesDownOnlyAfterTheStableWindow() {
    Autoscaler a = new Autoscaler(spec(0, 10));
    Instant t = T0;
    assertThat(a.decide(t, 12, 1, 0, 0, t, true)).isEqualTo(6);
    assertThat(a.panicking(t)).isTrue();
    // load drops: no scale-down during panic nor before a full stable window of lower demand
    int d = 0;
    for (int s = 2; s <= 58; s += 2) d = a.decide(t.plusSeconds(s), 2, 6, 0, 0, t.plusSeconds(s), true);
    assertThat(d).isEqualTo(6);
    for (int s = 60; s <= 200; s += 2) d = a.decide(t.plusSeconds(s), 2, 6, 0, 0, t.plusSeconds(s), true);
    assertThat(d).isEqualTo(1);
  }

  @Test
  void scalesToZeroOnlyAfterTheIdleTimeoutAndNeverBelowMin() {
    Autoscaler zero = new Autoscaler(spec(0, 3));
    assertThat(zero.decide(T0.plusSeconds(299), 0, 1, 0, 0, T0, false)).isEqualTo(1);
    assertThat(zero.decide(T0.plusSeconds(300), 0, 1, 0, 0, T0, false)).isZero();
    Autoscaler one = new Autoscaler(spec(1, 3));
    assertThat(one.decide(T0.plusSeconds(900), 0, 1, 0, 0, T0, false)).isEqualTo(1);
  }

  @Test
  void queuedRequestAtZeroAsksForAReplica() {
    Autoscaler a = new Autoscaler(spec(0, 3));
    assertThat(a.decide(T0, 1, 0, 1, 0, T0, true)).isEqualTo(1);
  }

  @ParameterizedTest(name = "desired {0}, ready spot {1}, grace {2} -> spot {3}, od launch {4}, od keep {5}")
  @CsvSource({
      "0, 0, 0, 0, 0, 0",
      "2, 0, 0, 3, 2, 2", // stockout: on-demand covers all
      "2, 1, 0, 3, 1, 1", // one spot ready: one on-demand
      "2, 2, 0, 3, 0, 0", // spot back: on-demand shed
      "2, 0, 2, 3, 0, 2", // spot launching within grace: do not launch on-demand, keep what serves
  })
  void spotHedgeFollowsTheSkyServeRule(int desired, int readySpot, int grace, int spot, int odLaunch, int odKeep) {
    EndpointSpec s = SimHarness.spec().spotExtra(1).build();
    assertThat(SpotHedge.plan(s, desired, readySpot, grace)).isEqualTo(new SpotHedge(spot, odLaunch, odKeep, 0));
  }

  @Test
  void baseOnDemandIsAlwaysKept() {
    EndpointSpec s = SimHarness.spec().baseOnDemand(1).build();
    assertThat(SpotHedge.plan(s, 3, 3, 0)).isEqualTo(new SpotHedge(3, 1, 1, 0));
    assertThat(SpotHedge.plan(s.toBuilder().machineType(MachineType.ON_DEMAND).build(), 3, 0, 0))
        .isEqualTo(new SpotHedge(0, 3, 3, 0));
  }
}
