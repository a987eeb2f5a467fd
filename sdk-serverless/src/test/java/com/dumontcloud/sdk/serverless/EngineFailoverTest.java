package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.serverless.openai.ChatRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replica replacement goes through the engine's failover; the endpoint follows the slot's new instance. */
class EngineFailoverTest {

  private static ReplicaInfo slot(Endpoint e, String slot) {
    return e.replicas().stream().filter(r -> r.slot().equals(slot)).findFirst().orElseThrow();
  }

  private static List<Instance> everLaunched(SimHarness h, String endpointId) {
    return h.sim.list(Map.of()).stream().filter(i -> endpointId.equals(i.label(EngineReplicaManager.ENDPOINT_LABEL)))
        .toList();
  }

  @Test
  void interruptedReplicaIsReplacedByTheEnginesFailoverInItsSlot() throws Exception {
    try (SimHarness h = new SimHarness()) {
      Endpoint ep = h.eps.create(SimHarness.spec().replicas(2, 2).build());
      h.advance(Duration.ofSeconds(40));
      assertThat(h.eps.get(ep.id()).readyReplicas()).isEqualTo(2);
      assertThat(h.eps.replicaManager()).isInstanceOf(EngineReplicaManager.class);
      EngineReplicaManager m = (EngineReplicaManager) h.eps.replicaManager();
      ReplicaInfo victim = h.eps.get(ep.id()).replicas().get(0);
      String dep = EngineReplicaManager.deploymentId(ep.id(), victim.slot());
      assertThat(m.engine().get(dep)).isPresent();

      h.sim.interrupt(victim.instanceId());
      h.advance(Duration.ofSeconds(4));
      // the engine detected it and is replacing; the slot stays, without traffic; the other replica serves
      assertThat(h.engineEvents).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(EngineEvent.Interrupted.class,
          i -> assertThat(i.instanceId()).isEqualTo(victim.instanceId())));
      Endpoint during = h.eps.get(ep.id());
      assertThat(slot(during, victim.slot()).state()).isIn("replacing", "launching");
      assertThat(during.status()).isEqualTo(EndpointStatus.RUNNING);
      assertThat(during.readyReplicas()).isEqualTo(1);
      EndpointClient client = h.eps.client(ep.id());
      for (int i = 0; i < 4; i++) {
        int n = i;
        assertThat(h.submit(() -> client.chat(ChatRequest.of("m", "while replacing " + n))).get().text()).isNotBlank();
      }

      h.advance(Duration.ofSeconds(40));
      Endpoint healed = h.eps.get(ep.id());
      assertThat(healed.readyReplicas()).isEqualTo(2);
      ReplicaInfo replaced = slot(healed, victim.slot());
      assertThat(replaced.instanceId()).isNotEqualTo(victim.instanceId());
      assertThat(replaced.state()).isEqualTo("ready");
      EngineEvent.FailoverCompleted fc = h.engineEvents.stream()
          .filter(EngineEvent.FailoverCompleted.class::isInstance).map(EngineEvent.FailoverCompleted.class::cast)
          .filter(e -> e.deploymentId().equals(dep)).findFirst().orElseThrow();
      assertThat(fc.strategy()).isEqualTo("COLD");
      assertThat(fc.failedInstanceId()).isEqualTo(victim.instanceId());
      assertThat(fc.newInstanceId()).isEqualTo(replaced.instanceId());
      DeploymentStatus st = m.engine().get(dep).orElseThrow();
      assertThat(st.failovers()).isEqualTo(1);
      assertThat(st.interruptions()).isEqualTo(1);
      assertThat(replaced.hostId()).isNotEqualTo(victim.hostId()); // the cool-down avoids the interrupted host
      // the runtime launched nothing of its own: two replicas plus the engine's one replacement
      assertThat(everLaunched(h, ep.id())).hasSize(3);
      assertThat(h.eps.replacements(ep.id())).isEqualTo(1);
      EndpointStats s = h.eps.stats(ep.id());
      assertThat(s.errors24h()).isZero();
      assertThat(s.totalRequests24h()).isEqualTo(4);
      assertThat(s.coldStarts24h()).isZero(); // another replica was ready: a replacement is no cold start
    }
  }

  @Test
  void scaleToZeroAndDeleteRemoveTheSlotsDeployments() throws Exception {
    try (SimHarness h = new SimHarness()) {
      EngineReplicaManager m = (EngineReplicaManager) h.eps.replicaManager();
      Endpoint ep = h.eps.create(SimHarness.spec().idleTimeout(Duration.ofMinutes(2)).build());
      EndpointClient client = h.eps.client(ep.id());
      h.advanceUntilDone(h.submit(() -> client.chat(ChatRequest.of("m", "hi"))), Duration.ofSeconds(60));
      assertThat(m.engine().list()).hasSize(1);
      h.advance(Duration.ofSeconds(140));
      assertThat(h.eps.get(ep.id()).status()).isEqualTo(EndpointStatus.SCALED_TO_ZERO);
      assertThat(m.engine().list()).isEmpty();
      assertThat(h.liveReplicas(ep.id())).isEmpty();

      Endpoint two = h.eps.create(SimHarness.spec().replicas(2, 2).build());
      h.advance(Duration.ofSeconds(5));
      assertThat(m.engine().list()).hasSize(2);
      h.eps.delete(two.id());
      assertThat(m.engine().list()).isEmpty();
      assertThat(h.liveReplicas(two.id())).isEmpty();
    }
  }

  @Test
  void directReplicaManagerStillReplacesLostReplicasItself() throws Exception {
    try (SimHarness h = new SimHarness(EndpointStore.inMemory(),
        (b, dumont) -> b.replicaManager(new DirectReplicaManager(dumont, "direct-test")))) {
      Endpoint ep = h.eps.create(SimHarness.spec().replicas(2, 2).build());
      h.advance(Duration.ofSeconds(40));
      String victim = h.eps.get(ep.id()).replicas().get(0).instanceId();
      h.sim.interrupt(victim);
      h.advance(Duration.ofSeconds(40));
      Endpoint healed = h.eps.get(ep.id());
      assertThat(healed.readyReplicas()).isEqualTo(2);
      assertThat(healed.replicas()).extracting(ReplicaInfo::instanceId).doesNotContain(victim);
      assertThat(h.eps.replacements(ep.id())).isEqualTo(1);
      assertThat(h.engineEvents).isEmpty();
    }
  }
}
