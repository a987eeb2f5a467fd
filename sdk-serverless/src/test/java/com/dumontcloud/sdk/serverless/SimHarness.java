package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.modelserver.ModelServerWorkloads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Virtual time for the autoscaler and the simulated cloud, real loopback HTTP for requests: the test thread
 * advances the VirtualScheduler; requests run on their own threads and block until routed.
 */
final class SimHarness implements AutoCloseable {
  static final Template QWEN = Template.builder("qwen2.5-0.5b", "vllm/vllm-openai:latest")
      .displayName("Qwen 2.5 0.5B").description("test").category(TemplateCategory.LLM).port(8000)
      .healthPath("/health").modelId("Qwen/Qwen2.5-0.5B-Instruct").minGpuRamGib(1).vramRequiredGib(1)
      .recommendedGpu("RTX 3080").build();

  final VirtualScheduler vs = VirtualScheduler.create();
  final SimulatedCloud sim;
  final ModelServerWorkloads stubs;
  final Dumont dumont;
  final Endpoints eps;
  final List<EngineEvent> engineEvents = new CopyOnWriteArrayList<>();
  final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-request");
    t.setDaemon(true);
    return t;
  });

  SimHarness() {
    this(EndpointStore.inMemory());
  }

  SimHarness(EndpointStore store) {
    this(store, (b, d) -> b);
  }

  SimHarness(EndpointStore store, java.util.function.BiFunction<Endpoints.Builder, Dumont, Endpoints.Builder> custom) {
    this(store, custom, d -> d);
  }

  /** With the Dumont client customised (quotas, access policy). */
  SimHarness(java.util.function.UnaryOperator<Dumont.Builder> dumontCustom) {
    this(EndpointStore.inMemory(), (b, d) -> b, dumontCustom);
  }

  /** With the store, the endpoints and the Dumont client customised. */
  SimHarness(EndpointStore store,
      java.util.function.BiFunction<Endpoints.Builder, Dumont, Endpoints.Builder> custom,
      java.util.function.UnaryOperator<Dumont.Builder> dumontCustom) {
    // provisioning 10 s + container 10 s + model load 5 s: healthy 25 s after launch
    sim = SimulatedCloud.builder().scheduler(vs).seed(7)
        .bootProfile(BootProfile.fixed(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5))).build();
    stubs = ModelServerWorkloads.attach(sim);
    dumont = dumontCustom.apply(Dumont.builder().scheduler(vs).providerFactories(List.of(sim.factory()))
        .provider("sim")).build();
    eps = custom.apply(Endpoints.builder(dumont).store(store).engineListener(engineEvents::add), dumont).build();
  }

  static EndpointSpec.Builder spec() {
    return EndpointSpec.builder(QWEN).replicas(0, 5).idleTimeout(Duration.ofMinutes(5))
        .coldStartTimeout(Duration.ofMinutes(3)).requestTimeout(Duration.ofSeconds(20));
  }

  <T> Future<T> submit(java.util.concurrent.Callable<T> c) {
    return pool.submit(c);
  }

  /** Wait (real time, bounded) for a condition other threads make true; not a timing device. */
  static void await(BooleanSupplier cond, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
      LockSupport.parkNanos(1_000_000);
    }
  }

  /** Advance virtual time in 1 s steps until the future completes (or the virtual budget runs out). */
  <T> T advanceUntilDone(Future<T> f, Duration budget) throws Exception {
    long steps = budget.toSeconds();
    for (long i = 0; i < steps && !f.isDone(); i++) {
      vs.advanceBy(Duration.ofSeconds(1));
      if (f.isDone()) break;
      // give a request thread that was just handed a replica the chance to finish its real HTTP call
      long until = System.nanoTime() + 2_000_000;
      while (!f.isDone() && System.nanoTime() < until) LockSupport.parkNanos(200_000);
    }
    return f.get(10, TimeUnit.SECONDS);
  }

  void advance(Duration d) {
    for (long s = 0; s < d.toSeconds(); s++) vs.advanceBy(Duration.ofSeconds(1));
  }

  /** Live instances of the endpoint's replicas (labelled by the engine per slot, or directly). */
  List<Instance> liveReplicas(String endpointId) {
    return sim.liveInstances().stream().filter(i -> endpointId.equals(i.label(EngineReplicaManager.ENDPOINT_LABEL))
        || endpointId.equals(i.label(Labels.DEPLOYMENT))).toList();
  }

  @Override
  public void close() {
    eps.close();
    dumont.close();
    stubs.close();
    pool.shutdownNow();
  }
}
