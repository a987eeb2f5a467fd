package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's way of driving the engine: replay a journal, reconcile a few times without time passing. */
class ReconcileNowTest {
  @Test
  void reconcileNow_repeatedWithoutTimePassing_launchesOnceAndKeepsTheLedger(@TempDir Path dir) {
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(time).build();
    try (Dumont dumont = Dumont.builder().scheduler(time).providerFactories(List.of(sim.factory())).provider("sim")
        .build()) {
      Path journal = dir.resolve("journal.jsonl");
      try (Orchestrator o = Orchestrator.builder(dumont).scheduler(time).engineId("cli")
          .stateStore(StateStore.fileJournal(journal)).healthProbe(SimHealthProbe.of(sim)).build()) {
        o.start().join();
        o.apply(DeploymentSpec.builder("chat", TemplateCatalog.get("qwen2.5-0.5b")).replicas(1)
            .spotPolicy(SpotPolicy.ON_DEMAND).build());
        o.reconcileNow();
        o.reconcileNow();
        o.reconcileNow();
        assertThat(sim.liveInstances()).hasSize(1);
      }
      time.advanceBy(Duration.ofMinutes(3));
      try (Orchestrator again = Orchestrator.builder(dumont).scheduler(time).engineId("cli")
          .stateStore(StateStore.fileJournal(journal)).healthProbe(SimHealthProbe.of(sim)).build()) {
        again.start().join();
        again.reconcileNow();
        again.reconcileNow();
        assertThat(again.get("chat").orElseThrow().healthyReplicas()).isEqualTo(1);
        assertThat(again.get("chat").orElseThrow().spendUsd()).isPositive();
        assertThat(sim.liveInstances()).hasSize(1);
      }
    }
  }
}
