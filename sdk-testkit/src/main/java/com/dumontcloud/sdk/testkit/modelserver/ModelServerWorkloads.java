package com.dumontcloud.sdk.testkit.modelserver;

import com.dumontcloud.sdk.model.CpuFallback;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * {@link SimulatedCloud.Workloads} that starts a real {@link ModelServerStub} on loopback for every
 * simulated instance that reaches RUNNING and stops it when the instance stops, is interrupted or
 * terminated (a CPU standby running a template's {@link CpuFallback} included: see
 * {@link #attach(SimulatedCloud, Template)}). The stub's health path answers 503 until the simulated cloud says the workload finished
 * loading ({@link SimulatedCloud#workloadHealthy}), so readiness is honest.
 *
 * <pre>{@code
 * SimulatedCloud sim = SimulatedCloud.builder().scheduler(vs).build();
 * ModelServerWorkloads stubs = ModelServerWorkloads.attach(sim, i -> ModelServerStub.Options.fast("qwen"));
 * }</pre>
 */
public final class ModelServerWorkloads implements SimulatedCloud.Workloads, AutoCloseable {
  private final SimulatedCloud sim;
  private final Function<Instance, ModelServerStub.Options> options;
  private final Map<String, ModelServerStub> stubs = new ConcurrentHashMap<>();

  private ModelServerWorkloads(SimulatedCloud sim, Function<Instance, ModelServerStub.Options> options) {
    this.sim = sim;
    this.options = options;
  }

  /** Create and attach to {@code sim} (replacing any previous workloads hook). */
  public static ModelServerWorkloads attach(SimulatedCloud sim, Function<Instance, ModelServerStub.Options> options) {
    ModelServerWorkloads w = new ModelServerWorkloads(sim, options);
    sim.workloads(w);
    return w;
  }

  /** Fast stubs named after the instance's template. */
  public static ModelServerWorkloads attach(SimulatedCloud sim) {
    return attach(sim, i -> ModelServerStub.Options.fast(i.templateName() == null ? "stub-model" : i.templateName()));
  }

  /**
   * Stubs for the instances of one template: a fast GPU server for its replicas, and for an instance running the
   * template's {@link CpuFallback} image (the CPU standby) a slower CPU server answering the fallback's health path
   * and serving the fallback's model, so requests that the router sends to the standby really reach it.
   */
  public static ModelServerWorkloads attach(SimulatedCloud sim, Template template) {
    CpuFallback fb = template.cpuFallback();
    String gpuModel = template.modelId() != null ? template.modelId() : template.name();
    return attach(sim, i -> {
      if (fb != null && fb.image().equals(i.image())) {
        return ModelServerStub.Options.cpu(fb.modelId() != null ? fb.modelId() : gpuModel, fb.healthPath());
      }
      return ModelServerStub.Options.fast(gpuModel).withHealthPath(template.healthPath());
    });
  }

  @Override
  public Optional<Integer> start(Instance instance) {
    String id = instance.id();
    BooleanSupplier ready = () -> sim.workloadHealthy(id);
    ModelServerStub stub = ModelServerStub.start(options.apply(instance), ready);
    ModelServerStub old = stubs.put(id, stub);
    if (old != null) old.close();
    return Optional.of(stub.port());
  }

  @Override
  public void stop(String instanceId) {
    ModelServerStub s = stubs.remove(instanceId);
    if (s != null) s.close();
  }

  /** The stub serving an instance, if running. */
  public Optional<ModelServerStub> stub(String instanceId) {
    return Optional.ofNullable(stubs.get(instanceId));
  }

  /** Stubs currently running. */
  public int running() {
    return stubs.size();
  }

  @Override
  public void close() {
    stubs.keySet().forEach(this::stop);
  }
}
