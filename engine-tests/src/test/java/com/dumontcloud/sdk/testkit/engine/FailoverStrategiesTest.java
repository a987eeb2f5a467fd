package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.FailoverPolicy;
import com.dumontcloud.sdk.engine.FailoverStrategy;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.StandbyPolicy;
import com.dumontcloud.sdk.engine.WarmPoolPolicy;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.testkit.FaultPlan;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailoverStrategiesTest {
  static final Duration TICK = Duration.ofSeconds(5);
  static final Duration TO_HEALTHY_FRESH = Rig.PROVISION.plus(Rig.BOOT).plus(Rig.LOAD);
  static final Duration TO_HEALTHY_START = Rig.BOOT.plus(Rig.LOAD);

  @Test
  void cold_spotInterruption_detectedWithinOneTickAndHealthyWithinProvisioningPlusOneTick() {
    Rig rig = new Rig();
    rig.start();
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT)
        .failover(FailoverPolicy.defaults().withStrategies(FailoverStrategy.COLD)).build());
    assertThat(rig.until(r -> r.healthy("svc"), Duration.ofMinutes(5))).isTrue();
    Instance before = rig.dumont.provider("sim").get(rig.instanceOf("svc", "r0"));
    rig.advance(Duration.ofSeconds(2));
    rig.cloud.interrupt(before.id());
    assertThat(rig.until(r -> !r.events(EngineEvent.FailoverCompleted.class).isEmpty(), Duration.ofMinutes(5))).isTrue();

    EngineEvent.Interrupted in = rig.events(EngineEvent.Interrupted.class).get(0);
    EngineEvent.FailoverCompleted fc = rig.events(EngineEvent.FailoverCompleted.class).get(0);
    System.out.printf("COLD: detect=%s total=%s timings=%s%n", in.detect(), fc.total(), fc.timings());
    assertThat(in.detect()).isLessThanOrEqualTo(TICK);
    assertThat(fc.strategy()).isEqualTo("COLD");
    assertThat(fc.timings()).containsKeys("detect", "select", "rent", "boot", "restore", "healthy");
    assertThat(fc.total()).isLessThanOrEqualTo(TO_HEALTHY_FRESH.plus(TICK));
    Instance after = rig.dumont.provider("sim").get(fc.newInstanceId());
    assertThat(after.hostId()).isNotEqualTo(before.hostId());
    assertThat(after.location().region()).isNotEqualTo(before.location().region());
    assertThat(rig.dumont.provider("sim").get(before.id()).state().isTerminal()).isTrue();
    assertThat(Invariants.noDuplicates(rig.cloud, "test")).isEmpty();
  }

  @Test
  void cold_interruptedLocationAvoidedDuringCoolDown_regressionSkyPilot10021() {
    Rig rig = new Rig();
    rig.start();
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT).regions(java.util.List.of("US"))
        .failover(FailoverPolicy.defaults().withStrategies(FailoverStrategy.COLD)).build());
    rig.until(r -> r.healthy("svc"), Duration.ofMinutes(5));
    String host = rig.dumont.provider("sim").get(rig.instanceOf("svc", "r0")).hostId();
    // the interrupted host is the cheapest and still offers capacity: a naive relaunch goes straight back
    rig.cloud.interrupt(rig.instanceOf("svc", "r0"));
    rig.until(r -> !r.events(EngineEvent.FailoverCompleted.class).isEmpty(), Duration.ofMinutes(5));
    String second = rig.events(EngineEvent.FailoverCompleted.class).get(0).newInstanceId();
    Instance i2 = rig.dumont.provider("sim").get(second);
    assertThat(i2.hostId()).isNotEqualTo(host);
    assertThat(i2.location().region()).isEqualTo("US"); // only region allowed: region exclusion relaxes, host does not
  }

  @Test
  void cold_onlyLocationLeft_isUsedEvenDuringCoolDown() {
    Rig rig = new Rig();
    rig.start();
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT)
        .failover(FailoverPolicy.defaults().withStrategies(FailoverStrategy.COLD)).build());
    rig.until(r -> r.healthy("svc"), Duration.ofMinutes(5));
    Instance first = rig.dumont.provider("sim").get(rig.instanceOf("svc", "r0"));
    java.util.Set<String> stock = new java.util.HashSet<>();
    for (String region : new String[] {"us", "eu", "asia"}) {
      for (int h = 1; h <= 6; h++) {
        String id = "sim-" + region + "-h" + h;
        if (!id.equals(first.hostId())) stock.add("host:" + id);
      }
    }
    rig.cloud.faults(FaultPlan.none().withStockouts(stock));
    rig.cloud.interrupt(first.id());
    rig.until(r -> !r.events(EngineEvent.FailoverCompleted.class).isEmpty(), Duration.ofMinutes(5));
    Instance second = rig.dumont.provider("sim").get(rig.events(EngineEvent.FailoverCompleted.class).get(0).newInstanceId());
    assertThat(second.hostId()).isEqualTo(first.hostId());
  }

  @Test
  void warmPool_promotesStoppedMemberOnAnotherHostAndRegion_withinStartTimePlusOneTick() {
    Rig rig = new Rig();
    rig.start();
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT).warmPool(WarmPoolPolicy.of(1, WarmPoolPolicy.Mode.STOPPED))
        .build());
    assertThat(rig.until(r -> r.healthy("svc") && "ready".equals(slot(r, "w0").phase()), Duration.ofMinutes(5))).isTrue();
    Instance primary = rig.dumont.provider("sim").get(rig.instanceOf("svc", "r0"));
    Instance warm = rig.dumont.provider("sim").get(rig.instanceOf("svc", "w0"));
    assertThat(warm.hostId()).isNotEqualTo(primary.hostId());
    assertThat(warm.location().region()).isNotEqualTo(primary.location().region());
    assertThat(warm.state()).isEqualTo(com.dumontcloud.sdk.model.InstanceState.STOPPED);

    rig.advance(Duration.ofSeconds(3));
    rig.cloud.interrupt(primary.id());
    assertThat(rig.until(r -> !r.events(EngineEvent.FailoverCompleted.class).isEmpty(), Duration.ofMinutes(3))).isTrue();
    EngineEvent.FailoverCompleted fc = rig.events(EngineEvent.FailoverCompleted.class).get(0);
    System.out.printf("WARM_POOL: detect=%s total=%s timings=%s%n", fc.detect(), fc.total(), fc.timings());
    assertThat(fc.strategy()).isEqualTo("WARM_POOL");
    assertThat(fc.newInstanceId()).isEqualTo(warm.id());
    assertThat(fc.detect()).isLessThanOrEqualTo(TICK);
    assertThat(fc.total().minus(fc.detect())).isLessThanOrEqualTo(TO_HEALTHY_START.plus(TICK));
    // replenished on yet another host
    assertThat(rig.until(r -> "ready".equals(slot(r, "w0").phase()), Duration.ofMinutes(5))).isTrue();
    Instance replenished = rig.dumont.provider("sim").get(rig.instanceOf("svc", "w0"));
    assertThat(replenished.hostId()).isNotEqualTo(warm.hostId());
    assertThat(Invariants.noDuplicates(rig.cloud, "test")).isEmpty();
  }

  @Test
  void warmPool_startQueuedPastTimeout_fallsThroughToCold() {
    Rig rig = new Rig();
    rig.start();
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT).warmPool(WarmPoolPolicy.of(1, WarmPoolPolicy.Mode.STOPPED))
        .failover(FailoverPolicy.defaults().withStandbyStartTimeout(Duration.ofSeconds(30))).build());
    rig.until(r -> r.healthy("svc") && "ready".equals(slot(r, "w0").phase()), Duration.ofMinutes(5));
    rig.cloud.faults(FaultPlan.none().withStartQueueDelay(Duration.ofMinutes(30)));
    rig.cloud.interrupt(rig.instanceOf("svc", "r0"));
    assertThat(rig.until(r -> !r.events(EngineEvent.FailoverCompleted.class).isEmpty(), Duration.ofMinutes(5))).isTrue();
    assertThat(rig.events(EngineEvent.FailoverFailed.class)).anySatisfy(f -> {
      assertThat(f.strategy()).isEqualTo("WARM_POOL");
      assertThat(f.reason()).contains("queued");
    });
    assertThat(rig.events(EngineEvent.FailoverCompleted.class).get(0).strategy()).isEqualTo("COLD");
  }

  @Test
  void cpuStandby_servesDegradedAtOnceThenHandsBackToGpu() {
    Rig rig = new Rig();
    rig.start();
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT).standby(StandbyPolicy.cpuSpot())
        .failover(FailoverPolicy.defaults().withStrategies(FailoverStrategy.CPU_STANDBY, FailoverStrategy.COLD)).build());
    assertThat(rig.until(r -> r.healthy("svc") && "ready".equals(slot(r, "s0").phase()), Duration.ofMinutes(5))).isTrue();
    Instance standby = rig.dumont.provider("sim").get(rig.instanceOf("svc", "s0"));
    assertThat(standby.gpu().isCpuOnly()).isTrue();
    rig.cloud.interrupt(rig.instanceOf("svc", "r0"));
    assertThat(rig.until(r -> !r.events(EngineEvent.FailoverCompleted.class).isEmpty(), Duration.ofMinutes(5))).isTrue();
    EngineEvent.DegradedServing deg = rig.events(EngineEvent.DegradedServing.class).get(0);
    EngineEvent.FailoverCompleted fc = rig.events(EngineEvent.FailoverCompleted.class).get(0);
    System.out.printf("CPU_STANDBY: degraded after %s, GPU back after %s, timings=%s%n", deg.sinceInterruption(),
        fc.total(), fc.timings());
    assertThat(deg.standbyInstanceId()).isEqualTo(standby.id());
    assertThat(deg.sinceInterruption()).isLessThanOrEqualTo(TICK);
    assertThat(fc.strategy()).isEqualTo("CPU_STANDBY");
    assertThat(fc.timings()).containsKey("degraded");
    assertThat(fc.total()).isLessThanOrEqualTo(TO_HEALTHY_FRESH.plus(TICK));
    assertThat(rig.engine.get("svc").orElseThrow().phase()).isEqualTo("healthy");
    assertThat(rig.instanceOf("svc", "s0")).isEqualTo(standby.id());
  }

  @Test
  void probe_brokenWorkload_detectedAfterKFailuresWithinTwoTicks() {
    Rig rig = new Rig();
    rig.start();
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT)
        .failover(FailoverPolicy.defaults().withStrategies(FailoverStrategy.COLD)).build());
    rig.until(r -> r.healthy("svc"), Duration.ofMinutes(5));
    rig.advance(Duration.ofSeconds(1));
    rig.cloud.breakWorkload(rig.instanceOf("svc", "r0"), true);
    rig.until(r -> !r.events(EngineEvent.Interrupted.class).isEmpty(), Duration.ofMinutes(1));
    EngineEvent.Interrupted in = rig.events(EngineEvent.Interrupted.class).get(0);
    System.out.printf("probe: detect=%s%n", in.detect());
    assertThat(in.reason()).contains("health check failed 2 times");
    assertThat(in.detect()).isLessThanOrEqualTo(Duration.ofSeconds(10));
  }

  static com.dumontcloud.sdk.engine.DeploymentStatus.SlotStatus slot(Rig r, String name) {
    return r.engine.get("svc").orElseThrow().slots().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
