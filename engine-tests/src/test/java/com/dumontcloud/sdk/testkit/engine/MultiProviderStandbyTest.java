package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.FailoverPolicy;
import com.dumontcloud.sdk.engine.FailoverStrategy;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.StandbyPolicy;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.testkit.gcp.FakeGcpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU replicas on one provider (the simulated cloud) and the CPU standby on GCP (the GCP provider against
 * {@link FakeGcpServer}, on the same virtual time): a spot interruption of the GPU replica fails over to the GCP
 * standby at once (degraded), then a GPU comes back.
 */
class MultiProviderStandbyTest {
  @TempDir Path home;
  private FakeGcpServer gcp;

  @AfterEach
  void close() {
    if (gcp != null) gcp.close();
  }

  @Test
  void gpuOnSim_cpuStandbyOnGcp_interruptionFailsOverToTheGcpStandby() {
    gcp = FakeGcpServer.start();
    Rig rig = GcpRigs.rig(gcp, home, 42, "us-central1-a");
    rig.start();
    // a 4 vCPU / 16 GiB spot standby: the simulated cloud's CPU machines are 2/4, GCP's e2-standard-4 fits
    rig.engine.apply(Rig.spec("svc").providers(List.of("sim", "gcp")).spotPolicy(SpotPolicy.SPOT)
        .standby(StandbyPolicy.cpuSpot().withMinimums(4, 16))
        .failover(FailoverPolicy.defaults().withStrategies(FailoverStrategy.CPU_STANDBY, FailoverStrategy.COLD)).build());
    assertThat(rig.until(r -> r.healthy("svc") && "ready".equals(FailoverStrategiesTest.slot(r, "s0").phase()),
        Duration.ofMinutes(10))).isTrue();
    String replica = rig.instanceOf("svc", "r0");
    String standby = rig.instanceOf("svc", "s0");
    assertThat(rig.dumont.provider("sim").get(replica).gpu().isCpuOnly()).isFalse();
    Instance onGcp = rig.dumont.provider("gcp").get(standby);
    assertThat(onGcp.gpu().isCpuOnly()).isTrue();
    assertThat(onGcp.pricingModel()).isEqualTo(com.dumontcloud.sdk.model.PricingModel.SPOT);
    assertThat(onGcp.hostId()).isEqualTo("e2-standard-4");

    rig.cloud.interrupt(replica);
    assertThat(rig.until(r -> !r.events(EngineEvent.FailoverCompleted.class).isEmpty(), Duration.ofMinutes(10)))
        .isTrue();
    EngineEvent.DegradedServing deg = rig.events(EngineEvent.DegradedServing.class).get(0);
    EngineEvent.FailoverCompleted fc = rig.events(EngineEvent.FailoverCompleted.class).get(0);
    assertThat(deg.standbyInstanceId()).isEqualTo(standby);
    assertThat(deg.sinceInterruption()).isLessThanOrEqualTo(Duration.ofSeconds(5));
    assertThat(fc.strategy()).isEqualTo("CPU_STANDBY");
    assertThat(rig.dumont.provider("sim").get(fc.newInstanceId()).gpu().isCpuOnly()).isFalse();
    assertThat(rig.engine.get("svc").orElseThrow().phase()).isEqualTo("healthy");
    assertThat(gcp.instanceIds()).containsExactly(standby);
  }
}
