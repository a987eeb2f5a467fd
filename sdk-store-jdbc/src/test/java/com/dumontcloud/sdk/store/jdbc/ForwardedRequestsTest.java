package com.dumontcloud.sdk.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.engine.SimHealthProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * An apply or delete received by a replica that does not hold the deployment's lease (e.g. the second of two
 * {@code dumont serve} processes behind one load balancer) is posted through the database to the holder, which acts
 * on it at its next tick: nothing is refused, nothing is launched by the non-holder, nothing is lost.
 */
class ForwardedRequestsTest {
  static final Duration TICK = Duration.ofSeconds(5);

  @Test
  void applyAndDeleteOnTheNonHolderAreCarriedOutByTheHolder() {
    DataSource db = EmbeddedPostgresSupport.freshDatabase();
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud cloud = SimulatedCloud.builder().scheduler(time).seed(7).bootProfile(BootProfile.fixed(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3))).build();
    try (JdbcStateStore sa = JdbcStateStore.builder(db).owner("a").clock(time.clock()).build();
        JdbcStateStore sb = JdbcStateStore.builder(db).owner("b").clock(time.clock()).build();
        Dumont da = client(time, cloud);
        Dumont dbb = client(time, cloud);
        Orchestrator a = engine(da, time, sa, cloud);
        Orchestrator b = engine(dbb, time, sb, cloud)) {
      a.start().join();
      a.apply(spec(1));
      time.advanceBy(Duration.ofSeconds(30));
      assertThat(a.get("web").orElseThrow().healthyReplicas()).isEqualTo(1);
      b.start().join();
      time.advanceBy(TICK);

      // b does not hold "web": it sees it (from the store) and forwards the change instead of refusing it
      assertThat(b.list()).extracting(DeploymentStatus::id).containsExactly("web");
      DeploymentStatus answered = b.apply(spec(2));
      assertThat(answered.spec().replicas()).isEqualTo(2);
      assertThat(cloud.liveInstances()).hasSize(1); // nothing launched by b

      time.advanceBy(Duration.ofSeconds(30));
      assertThat(a.get("web").orElseThrow().healthyReplicas()).as("a applied the forwarded spec").isEqualTo(2);
      assertThat(cloud.liveInstances()).hasSize(2);
      assertThat(b.get("web").orElseThrow().spec().replicas()).as("b reads a's record").isEqualTo(2);

      b.delete("web");
      time.advanceBy(Duration.ofSeconds(30));
      assertThat(cloud.liveInstances()).as("a carried out the forwarded delete").isEmpty();
      assertThat(a.get("web")).isEmpty();
      assertThat(b.list()).isEmpty();
      assertThat(sa.leases().pending(java.util.Set.of("web"))).as("served requests are removed").isEmpty();
    }
  }

  private static DeploymentSpec spec(int replicas) {
    return DeploymentSpec.builder("web", MultiReplicaSimulationTest.template()).replicas(replicas)
        .spotPolicy(SpotPolicy.ON_DEMAND).build();
  }

  private static Dumont client(VirtualScheduler time, SimulatedCloud cloud) {
    return Dumont.builder().provider("sim").scheduler(time).providerFactories(List.of(cloud.factory()))
        .auditSink(AuditSink.none()).build();
  }

  private static Orchestrator engine(Dumont d, VirtualScheduler time, JdbcStateStore s, SimulatedCloud cloud) {
    return Orchestrator.builder(d).scheduler(time).stateStore(s).engineId("fleet").tick(TICK)
        .healthProbe(SimHealthProbe.of(cloud)).build();
  }
}
