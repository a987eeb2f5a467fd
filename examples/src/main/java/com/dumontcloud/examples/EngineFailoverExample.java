package com.dumontcloud.examples;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.StandbyPolicy;
import com.dumontcloud.sdk.engine.WarmPoolPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.List;

/**
 * A spot service with a warm pool and a CPU standby survives an interruption (virtual time). No health probe is
 * configured: the engine's default asks the simulated cloud, which knows when its workloads are ready.
 */
public final class EngineFailoverExample {
  private EngineFailoverExample() {}

  public static void main(String[] args) {
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(time).seed(1).build();
    try (Dumont dumont = Dumont.builder().scheduler(time).providerFactories(List.of(sim.factory())).provider("sim")
        .build();
        Orchestrator engine = Orchestrator.builder(dumont).scheduler(time).stateStore(StateStore.inMemory())
            .listener(e -> {
              if (e instanceof EngineEvent.FailoverCompleted || e instanceof EngineEvent.Interrupted) {
                System.out.println(e.toJson());
              }
            })
            .build()) {
      engine.start();
      engine.apply(DeploymentSpec.builder("chat", TemplateCatalog.get("qwen2.5-0.5b")).replicas(1)
          .spotPolicy(SpotPolicy.SPOT).warmPool(WarmPoolPolicy.of(1, WarmPoolPolicy.Mode.STOPPED))
          .standby(StandbyPolicy.cpuSpot()).build());
      time.advanceBy(Duration.ofMinutes(5));
      String primary = engine.get("chat").orElseThrow().slots().get(0).instanceId();
      sim.interrupt(primary);
      time.advanceBy(Duration.ofMinutes(5));
      System.out.println("healthy replicas after the interruption: " + engine.get("chat").orElseThrow().healthyReplicas());
      engine.delete("chat");
    }
  }
}
