package com.dumontcloud.examples.readme;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.engine.BidStrategy;
import com.dumontcloud.sdk.engine.Budget;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.HibernationPolicy;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.StandbyPolicy;
import com.dumontcloud.sdk.engine.WarmPoolPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** README "The engine": a spot service with a warm pool, a CPU standby, checkpoints, hibernation and a budget. */
public final class ReadmeEngine {
  private static final Logger log = LoggerFactory.getLogger(ReadmeEngine.class);

  private ReadmeEngine() {}

  /** Starts the engine on {@code dumont} and applies the README's deployment; the caller closes the engine. */
  public static Orchestrator start(Dumont dumont) {
    // README:begin
    Orchestrator engine = Orchestrator.builder(dumont)
        .stateStore(StateStore.fileJournal(Path.of("engine.jsonl")))   // crash-safe, replayed on start()
        .listener(event -> log.info("{}", event.toJson()))
        .build();
    engine.start();
    engine.apply(DeploymentSpec.builder("chat", TemplateCatalog.get("qwen2.5-0.5b"))
        .replicas(2).spotPolicy(SpotPolicy.AUTO)
        .warmPool(WarmPoolPolicy.of(1, WarmPoolPolicy.Mode.STOPPED))   // different host/region than the primary
        .standby(StandbyPolicy.cpuSpot())                               // degraded serving while no GPU
        .checkpointInterval(Duration.ofMinutes(2))                      // RPO
        .hibernation(HibernationPolicy.defaults())                      // < 5 % for 3 min -> stop
        .budget(Budget.perHour(1.50))
        .diskGib(80)                                                    // default: template's disk_gb, else 40
        .bidStrategy(BidStrategy.margin(0.1))                           // spot bids 10 % over the minimum
        .build());
    // README:end
    return engine;
  }
}
