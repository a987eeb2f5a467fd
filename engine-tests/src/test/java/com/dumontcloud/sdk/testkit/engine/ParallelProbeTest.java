package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.HealthProbe;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Blocking (HTTP-like) probes of one tick run at once, so a slow workload never delays the others. */
class ParallelProbeTest {
  @Test
  void blockingProbes_ofOneTick_runConcurrently() {
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(time)
        .bootProfile(BootProfile.fixed(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO)).build();
    int replicas = 3;
    CountDownLatch all = new CountDownLatch(replicas);
    // each probe answers healthy only if every replica's probe is in flight at the same time
    HealthProbe meetAtBarrier = new HealthProbe() {
      @Override
      public boolean healthy(Instance instance, Template template) {
        all.countDown();
        try {
          return all.await(4, TimeUnit.SECONDS) && sim.workloadHealthy(instance.id());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    };
    try (Dumont dumont = Dumont.builder().scheduler(time).providerFactories(List.of(sim.factory())).provider("sim")
        .build();
        Orchestrator o = Orchestrator.builder(dumont).scheduler(time).stateStore(StateStore.inMemory())
            .healthProbe(meetAtBarrier).build()) {
      o.start().join();
      o.apply(DeploymentSpec.builder("svc", TemplateCatalog.get("qwen2.5-0.5b")).replicas(replicas)
          .spotPolicy(SpotPolicy.ON_DEMAND).build());
      o.reconcileNow();
      time.advanceBy(Duration.ofSeconds(11));
      o.reconcileNow();
      assertThat(o.get("svc").orElseThrow().healthyReplicas()).isEqualTo(replicas);
    }
  }
}
