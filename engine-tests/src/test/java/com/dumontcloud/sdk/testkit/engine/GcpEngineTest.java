package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.FailoverPolicy;
import com.dumontcloud.sdk.engine.FailoverStrategy;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.testkit.gcp.FakeGcpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on GCP alone: a spot GPU replica preempted by Compute Engine is detected and replaced. */
class GcpEngineTest {
  @TempDir Path home;
  private FakeGcpServer gcp;

  @AfterEach
  void close() {
    if (gcp != null) gcp.close();
  }

  @Test
  void spotReplicaPreempted_isDetectedAsInterrupted_andReplacedColdOnGcp() {
    gcp = FakeGcpServer.start();
    Rig rig = GcpRigs.rig(gcp, home, 7, "us-central1");
    rig.start();
    rig.engine.apply(Rig.spec("svc").providers(List.of("gcp")).spotPolicy(SpotPolicy.SPOT)
        .failover(FailoverPolicy.defaults().withStrategies(FailoverStrategy.COLD)).build());
    assertThat(rig.until(r -> r.healthy("svc"), Duration.ofMinutes(10))).isTrue();
    String first = rig.instanceOf("svc", "r0");
    assertThat(first).matches("us-central1-[abc]/dumont-[0-9a-f]{24}");
    assertThat(rig.dumont.provider("gcp").get(first).pricingModel())
        .isEqualTo(com.dumontcloud.sdk.model.PricingModel.SPOT);

    gcp.preempt(first);
    assertThat(rig.until(r -> !r.events(EngineEvent.FailoverCompleted.class).isEmpty(), Duration.ofMinutes(10)))
        .isTrue();
    EngineEvent.Interrupted in = rig.events(EngineEvent.Interrupted.class).get(0);
    EngineEvent.FailoverCompleted fc = rig.events(EngineEvent.FailoverCompleted.class).get(0);
    assertThat(in.detect()).isLessThanOrEqualTo(Duration.ofSeconds(10));
    assertThat(fc.strategy()).isEqualTo("COLD");
    assertThat(fc.newInstanceId()).isNotEqualTo(first).startsWith("us-central1-");
    assertThat(rig.until(r -> r.healthy("svc"), Duration.ofMinutes(10))).isTrue();
  }
}
