package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.access.Quota;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.exception.QuotaExceededException;
import com.dumontcloud.sdk.model.Labels;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's team quotas see an endpoint's replicas: each replica deployment carries the endpoint's labels. */
class EngineReplicaLabelsTest {
  private static SimHarness oneInstanceForMl() {
    return new SimHarness(d -> d.quota(Quota.builder("ml").maxConcurrentInstances(1).build()));
  }

  @Test
  void everyReplicaDeploymentCarriesTheEndpointsLabels() {
    try (SimHarness h = new SimHarness()) {
      Endpoint ep = h.eps.create(SimHarness.spec().replicas(2, 2).label(Labels.PRINCIPAL, "alice")
          .label(Labels.TEAM, "ml").label("cost-center", "42").build());
      h.advance(Duration.ofSeconds(40));
      EngineReplicaManager m = (EngineReplicaManager) h.eps.replicaManager();
      assertThat(h.eps.get(ep.id()).replicas()).hasSize(2).allSatisfy(r -> {
        var labels = m.engine().get(EngineReplicaManager.deploymentId(ep.id(), r.slot())).orElseThrow().spec()
            .labels();
        assertThat(labels).containsEntry(Labels.TEAM, "ml").containsEntry(Labels.PRINCIPAL, "alice")
            .containsEntry("cost-center", "42").containsEntry(EngineReplicaManager.ENDPOINT_LABEL, ep.id());
      });
      assertThat(h.liveReplicas(ep.id())).hasSize(2)
          .allSatisfy(i -> assertThat(i.labels()).containsEntry(Labels.TEAM, "ml").containsEntry("cost-center", "42"));
    }
  }

  @Test
  void aTeamQuotaOfOneInstanceCapsTheEndpointAtOneReplica_andSaysWhy() {
    try (SimHarness h = oneInstanceForMl()) {
      Endpoint ep = h.eps.create(SimHarness.spec().replicas(2, 2).label(Labels.TEAM, "ml").build());
      h.advance(Duration.ofSeconds(60));
      Endpoint now = h.eps.get(ep.id());
      assertThat(now.readyReplicas()).isEqualTo(1);
      assertThat(now.desiredReplicas()).isEqualTo(2);
      assertThat(h.sim.list(Map.of(Labels.TEAM, "ml"))).hasSize(1);
      // as for a deployment: the engine's BudgetBlocked event, for the refused replica's deployment
      var blocked = h.engineEvents.stream().filter(e -> e instanceof EngineEvent.BudgetBlocked)
          .map(e -> (EngineEvent.BudgetBlocked) e).toList();
      assertThat(blocked).isNotEmpty().allSatisfy(b -> {
        assertThat(b.deploymentId()).startsWith(ep.id() + "-");
        assertThat(b.reason()).contains("team ml").contains("max_concurrent_instances=1");
      });
      // backed off (15 s, 30 s, ...), not asked again on every 2 s tick
      assertThat(blocked).hasSizeLessThanOrEqualTo(4);
      assertThat(h.eps.launchRefusal(ep.id())).hasValueSatisfying(why -> assertThat(why)
          .startsWith("quota exceeded: endpoint " + ep.id() + ": replica r").contains("team ml")
          .contains("2 instances would exceed max_concurrent_instances=1"));
      // and the replica manager's own launch says so, naming the team (not "no capacity")
      EngineReplicaManager m = (EngineReplicaManager) h.eps.replicaManager();
      assertThatThrownBy(() -> m.launch(ep.id(), "r99", now.spec(), null, ReplicaManager.Placement.none()))
          .isInstanceOfSatisfying(QuotaExceededException.class, e -> assertThat(e.team()).isEqualTo("ml"))
          .hasMessageContaining("max_concurrent_instances=1");
      assertThat(m.engine().get(EngineReplicaManager.deploymentId(ep.id(), "r99"))).isEmpty();
    }
  }

  @Test
  void aRefusedEndpointLaunchesOnceTheTeamHasRoomAgain() {
    try (SimHarness h = oneInstanceForMl()) {
      Endpoint first = h.eps.create(SimHarness.spec().replicas(1, 1).label(Labels.TEAM, "ml").build());
      h.advance(Duration.ofSeconds(40));
      Endpoint second = h.eps.create(SimHarness.spec().replicas(1, 1).label(Labels.TEAM, "ml").build());
      h.advance(Duration.ofSeconds(10));
      assertThat(h.eps.get(second.id()).replicas()).isEmpty();
      assertThat(h.eps.launchRefusal(second.id())).isPresent();
      h.eps.delete(first.id());
      h.advance(Duration.ofMinutes(3)); // past the backoff, then boot
      assertThat(h.eps.get(second.id()).readyReplicas()).isEqualTo(1);
      assertThat(h.eps.launchRefusal(second.id())).isEmpty();
    }
  }

  @Test
  void otherTeamsAndUnlabelledEndpointsAreNotCounted() {
    try (SimHarness h = oneInstanceForMl()) {
      Endpoint ops = h.eps.create(SimHarness.spec().replicas(2, 2).label(Labels.TEAM, "ops").build());
      Endpoint plain = h.eps.create(SimHarness.spec().replicas(1, 1).build());
      h.advance(Duration.ofSeconds(40));
      assertThat(h.eps.get(ops.id()).readyReplicas()).isEqualTo(2);
      assertThat(h.eps.get(plain.id()).readyReplicas()).isEqualTo(1);
      assertThat(h.eps.launchRefusal(ops.id())).isEmpty();
    }
  }

  @Test
  void directReplicasCarryTheEndpointsLabels() {
    try (SimHarness h = new SimHarness(EndpointStore.inMemory(),
        (b, d) -> b.replicaManager(new DirectReplicaManager(d, "direct-test")), d -> d)) {
      Endpoint ep = h.eps.create(SimHarness.spec().replicas(1, 1).label(Labels.PRINCIPAL, "alice")
          .label(Labels.TEAM, "ml").label("cost-center", "42").build());
      h.advance(Duration.ofSeconds(40));
      assertThat(h.liveReplicas(ep.id())).hasSize(1).allSatisfy(i -> assertThat(i.labels())
          .containsEntry(Labels.PRINCIPAL, "alice").containsEntry(Labels.TEAM, "ml").containsEntry("cost-center", "42")
          .containsEntry(Labels.DEPLOYMENT, ep.id()).containsEntry(Labels.OWNER, "direct-test"));
    }
  }
}
