package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.access.Quota;
import com.dumontcloud.sdk.model.Labels;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The engine's team quotas see an endpoint's replicas: each replica deployment carries the endpoint's labels. */
class EngineReplicaLabelsTest {

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
    }
  }

  @Test
  void aTeamQuotaOfOneInstanceCapsTheEndpointAtOneReplica() {
    try (SimHarness h = new SimHarness(d -> d.quota(Quota.builder("ml").maxConcurrentInstances(1).build()))) {
      Endpoint ep = h.eps.create(SimHarness.spec().replicas(2, 2).label(Labels.TEAM, "ml").build());
      h.advance(Duration.ofSeconds(40));
      Endpoint now = h.eps.get(ep.id());
      assertThat(now.readyReplicas()).isEqualTo(1);
      assertThat(h.sim.list(java.util.Map.of(Labels.TEAM, "ml"))).hasSize(1);
    }
  }
}
