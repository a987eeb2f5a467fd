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

  @ParameterizedTest(name = "concurrency {0}, long-running {1}, arrivals in 6 s {2}, service {3} ms -> {4}")
  @CsvSource({
      "4, 0, 4, 1000, 0.6667", // steady: Little's law
      "63, 0, 6, 1000, 1.0", // backlog waiting for launching replicas: the arrival rate decides, not the queue
      "63, 0, 6, 1000, 1.0", // the same backlog dispatched at once to the first ready replica
      "63, 0, 63, 1000, 10.5", // a real burst still counts
      "4, 4, 0, 10000, 4.0", // long requests keep counting after their arrival left the panic window
      "2, 0, 60, 1000, 2.0", // never more than observed
      "7, 0, 7, NaN, 7.0", // no service time observed yet: one panic window assumed
      "30, 0, 12, NaN, 12.0",
      "0, 0, 0, 1000, 0.0",
  })
  void demandIsCappedByLittlesLaw(double concurrency, int longRunning, int arrivals, double serviceMs, double expected) {
    assertThat(Autoscaler.demand(concurrency, longRunning, arrivals, Duration.ofSeconds(6), serviceMs))
        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-3));
  }

  @ParameterizedTest(name = "{0}, ready {1} s ago, delay {2} s -> protected {3}")
  @CsvSource({
      "LAUNCHING, -1, 180, true", // still booting: removing it throws the boot away
      "READY, 10, 180, true",
      "READY, 179, 180, true",
      "READY, 180, 180, false",
      "READY, 600, 180, false",
      "UNHEALTHY, 10, 180, false",
      "REPLACING, -1, 180, false",
      "DRAINING, 10, 180, false",
      "LAUNCHING, -1, 0, false", // zero disables
      "READY, 10, 0, false",
  })
  void scaleDownSparesReplicasYoungerThanTheScaleDownDelay(Replica.State state, long readySecondsAgo, long delay,
      boolean expected) {
    Instant now = T0.plusSeconds(3600);
    Instant readyAt = readySecondsAgo < 0 ? null : now.minusSeconds(readySecondsAgo);
    assertThat(Autoscaler.young(state, readyAt, now, Duration.ofSeconds(delay))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "spec delay {0} s, recent boots {1} -> {2} s")
  @CsvSource({
      "'', '', 180", // derived, nothing observed yet: 3 min
      "'', '35 105 64', 105", // derived: the longest recent boot
      "'', '25 20', 60", // derived: never shorter than the stable window
      "300, '35 105', 300", // explicit
      "0, '35 105', 0", // explicit off
  })
  void scaleDownDelayIsDerivedFromObservedBootTimes(String specDelay, String boots, long expected) {
    EndpointSpec.Builder b = SimHarness.spec();
    if (!specDelay.isEmpty()) b.scaleDownDelay(Duration.ofSeconds(Long.parseLong(specDelay)));
    java.util.List<Duration> recent = boots.isEmpty() ? java.util.List.of()
        : java.util.Arrays.stream(boots.split(" ")).map(x -> Duration.ofSeconds(Long.parseLong(x))).toList();
    assertThat(Autoscaler.scaleDownDelay(b.build(), recent)).isEqualTo(Duration.ofSeconds(expected));
  }

  @Test
  void scaleDownDelayIsDerivedByDefaultAndRoundTrips() {
    EndpointSpec s = SimHarness.spec().build();
    assertThat(s.scaleDownDelay()).isNull();
    assertThat(s.stableWindow()).isEqualTo(Duration.ofSeconds(60)); // the windows are unchanged
    assertThat(s.panicWindow()).isEqualTo(Duration.ofSeconds(6));
    assertThat(s.tick()).isEqualTo(Duration.ofSeconds(2));
    EndpointSpec custom = s.toBuilder().scaleDownDelay(Duration.ofMinutes(5)).build();
    assertThat(SpecJson.read(SpecJson.write(custom)).scaleDownDelay()).isEqualTo(Duration.ofMinutes(5));
    var old = new java.util.LinkedHashMap<>(SpecJson.write(custom));
    old.remove("scale_down_delay_ms"); // a record written before the option existed
    assertThat(SpecJson.read(old).scaleDownDelay()).isNull();
    assertThat(SpecJson.read(SpecJson.write(s)).scaleDownDelay()).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.toBuilder().scaleDownDelay(Duration.ofSeconds(-1))
        .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scaleDownDelay");
  }

  @Test
  void baseOnDemandIsAlwaysKept() {
    EndpointSpec s = SimHarness.spec().baseOnDemand(1).build();
    assertThat(SpotHedge.plan(s, 3, 3, 0)).isEqualTo(new SpotHedge(3, 1, 1, 0));
    assertThat(SpotHedge.plan(s.toBuilder().machineType(MachineType.ON_DEMAND).build(), 3, 0, 0))
        .isEqualTo(new SpotHedge(0, 3, 3, 0));
  }
}
