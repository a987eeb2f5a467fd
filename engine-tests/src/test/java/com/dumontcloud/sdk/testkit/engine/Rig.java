package com.dumontcloud.sdk.testkit.engine;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A simulated cloud, a client and an orchestrator on virtual time, recording events. */
final class Rig {
  static final Duration PROVISION = Duration.ofSeconds(20);
  static final Duration BOOT = Duration.ofSeconds(10);
  static final Duration LOAD = Duration.ofSeconds(10);

  final VirtualScheduler time = VirtualScheduler.create();
  final SimulatedCloud cloud;
  final Dumont dumont;
  final SimDataSync data;
  final SimIdleness idle = SimIdleness.busy();
  final List<EngineEvent> events = new ArrayList<>();
  StateStore store;
  KillableScheduler engineTime;
  Orchestrator engine;
  Consumer<Orchestrator.Builder> customizer = b -> {};

  Rig() {
    this(42, StateStore.inMemory());
  }

  Rig(long seed, StateStore store) {
    this(seed, store, List.of(), b -> b);
  }

  /** A rig whose client also has {@code more} provider factories, configured by {@code extra} (multi-provider). */
  Rig(long seed, StateStore store, List<com.dumontcloud.sdk.spi.CloudProviderFactory> more,
      java.util.function.UnaryOperator<Dumont.Builder> extra) {
    this.cloud = SimulatedCloud.builder().scheduler(time).seed(seed).bootProfile(BootProfile.fixed(PROVISION, BOOT, LOAD))
        .build();
    List<com.dumontcloud.sdk.spi.CloudProviderFactory> factories = new ArrayList<>(List.of(cloud.factory()));
    factories.addAll(more);
    this.dumont = extra.apply(Dumont.builder().provider("sim").scheduler(time).providerFactories(factories)
        .auditSink(AuditSink.none())).build();
    this.data = SimDataSync.of(cloud);
    this.store = store;
  }

  static Template qwen() {
    return Template.builder("qwen2.5-0.5b", "vllm/vllm-openai:latest").displayName("Qwen 2.5 0.5B")
        .description("vLLM serving Qwen2.5-0.5B-Instruct").category(TemplateCategory.LLM).port(8000)
        .healthPath("/health").modelId("Qwen/Qwen2.5-0.5B-Instruct").minGpuRamGib(8).vramRequiredGib(2)
        .recommendedGpu("RTX 3090").build();
  }

  Orchestrator start() {
    engineTime = KillableScheduler.over(time);
    Orchestrator.Builder b = Orchestrator.builder(dumont).scheduler(engineTime).stateStore(store).engineId("test")
        .healthProbe(SimHealthProbe.of(cloud)).dataSync(data).jobProgress(data).idlenessSignal(idle)
        .listener(events::add);
    customizer.accept(b);
    engine = b.build();
    engine.start();
    return engine;
  }

  /** Simulate a process crash: no more ticks, no close(). */
  void crash() {
    engineTime.kill();
  }

  void advance(Duration d) {
    time.advanceBy(d);
  }

  /** Advance in ticks until the predicate holds, at most {@code max}. */
  boolean until(Predicate<Rig> p, Duration max) {
    Duration step = Duration.ofSeconds(1);
    for (Duration t = Duration.ZERO; t.compareTo(max) <= 0; t = t.plus(step)) {
      if (p.test(this)) return true;
      time.advanceBy(step);
    }
    return p.test(this);
  }

  <T extends EngineEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  boolean healthy(String dep) {
    return engine.get(dep).map(s -> s.phase().equals("healthy")).orElse(false);
  }

  String instanceOf(String dep, String slot) {
    return engine.get(dep).orElseThrow().slots().stream().filter(s -> s.name().equals(slot)).findFirst().orElseThrow()
        .instanceId();
  }

  static DeploymentSpec.Builder spec(String id) {
    return DeploymentSpec.builder(id, qwen());
  }
}
