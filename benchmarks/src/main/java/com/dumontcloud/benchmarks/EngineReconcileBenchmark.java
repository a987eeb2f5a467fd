package com.dumontcloud.benchmarks;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.engine.SimHealthProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One engine reconcile tick ({@link Orchestrator#reconcileNow()}) over a steady fleet of healthy 1-replica
 * on-demand deployments on the {@link SimulatedCloud}, on virtual time (time does not pass between ticks, so the
 * tick observes, probes every replica, finds nothing to do, and accrues nothing):
 *
 * <ul>
 *   <li>{@link #listFleet} (baseline): one {@link SimulatedCloud#list} by the engine's owner label over the same
 *       fleet, the observation every tick starts with;
 *   <li>{@link #reconcileTick}: the whole tick (list, interruption signals, per-deployment reconcile with a health
 *       probe per replica, orphan sweep, cost accrual, budgets, ledger bookkeeping).
 * </ul>
 *
 * <p>Read as "reconcile tick = X × one listing". Setup launches the fleet through the engine itself (one big
 * RTX 3090 host per region gives the capacity) and advances virtual time until every replica is healthy.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EngineReconcileBenchmark {
  static final String ENGINE = "bench";
  static final Duration TICK = Duration.ofSeconds(5);

  @Param({"1000", "10000"})
  public int deployments;

  private VirtualScheduler time;
  private SimulatedCloud sim;
  private Dumont dumont;
  private Orchestrator engine;
  private Map<String, String> ownerLabel;
  private SimHealthProbe probe;
  private Template template;

  @Setup(Level.Trial)
  public void setUp() {
    long started = System.nanoTime();
    time = VirtualScheduler.create();
    sim = threeRegionCloud(time, deployments);
    dumont = Dumont.builder().provider("sim").scheduler(time).providerFactories(List.of(sim.factory()))
        .auditSink(AuditSink.none()).build();
    engine = Orchestrator.builder(dumont).scheduler(time).stateStore(StateStore.inMemory()).engineId(ENGINE)
        .tick(TICK).healthProbe(probe = SimHealthProbe.of(sim))
        // setup only: let the launch tick wait for all 10k launches (the engine spreads a burst over ticks)
        .actionWait(Duration.ofMinutes(10)).build();
    engine.start().join();
    template = TemplateCatalog.get("qwen2.5-0.5b");
    for (int i = 0; i < deployments; i++) {
      engine.apply(DeploymentSpec.builder(String.format("d%05d", i), template).replicas(1)
          .spotPolicy(SpotPolicy.ON_DEMAND).build());
    }
    ownerLabel = Map.of(Labels.OWNER, ENGINE);
    for (int t = 0; t < 120 && !allHealthy(); t++) time.advanceBy(TICK);
    check();
    System.out.printf("%n[setup] %d deployments healthy after %s virtual, %.1f s wall%n", deployments,
        Duration.between(VirtualScheduler.DEFAULT_START, time.now()), (System.nanoTime() - started) / 1e9);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    check(); // still the same steady fleet: nothing was relaunched or lost while measuring
    engine.close();
    dumont.close();
    time.close();
  }

  @Benchmark
  public List<Instance> listFleet() {
    return sim.list(ownerLabel);
  }

  /**
   * The tick of a running engine: virtual time moves on by one tick interval and the engine's own scheduled tick
   * runs, so cost accrual adds the elapsed 5 s to every ledger and each deployment's ledger is saved once a minute
   * (every 12th tick), as in production. {@link #reconcileTick} repeats a tick at the same instant (nothing accrues).
   */
  @Benchmark
  public Orchestrator runningTick() {
    time.advanceBy(TICK);
    return engine;
  }

  /**
   * The provider's share of a steady tick, without the engine: the same listing, the interruption signals for the
   * listed live ids, and one health probe per running instance, as the tick asks for them. {@code tick − this} is
   * the engine's own work (its bookkeeping, the SDK's audit wrapper, reconcile, accrual).
   */
  @Benchmark
  public int providerCalls() {
    List<Instance> listed = sim.list(ownerLabel);
    List<String> ids = new ArrayList<>(listed.size());
    for (Instance i : listed) if (i.state() != InstanceState.TERMINATED) ids.add(i.id());
    int n = sim.interruptions(ids, time.now().minus(TICK)).size();
    for (Instance i : listed) {
      if (i.state() == InstanceState.RUNNING && probe.healthy(i, template)) n++;
    }
    return n;
  }

  @Benchmark
  public Orchestrator reconcileTick() {
    engine.reconcileNow();
    return engine;
  }

  /** The simulated cloud's API calls so far by operation (a steady tick must not launch or terminate anything). */
  java.util.Map<String, Long> apiCalls() {
    return sim.apiCallsByOperation();
  }

  private boolean allHealthy() {
    List<DeploymentStatus> all = engine.list();
    return all.size() == deployments && all.stream().allMatch(d -> d.healthyReplicas() == 1);
  }

  private void check() {
    if (!allHealthy()) throw new IllegalStateException("not every deployment is healthy");
    int live = sim.liveInstances().size();
    if (live != deployments) throw new IllegalStateException(live + " live instances for " + deployments + " deployments");
  }

  /** The benchmarks' cloud: fixed boots, three regions with room for {@code deployments} single-GPU replicas. */
  static SimulatedCloud threeRegionCloud(VirtualScheduler time, int deployments) {
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(time).seed(42)
        .bootProfile(BootProfile.fixed(Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(10)))
        .build();
    int perRegion = deployments / 3 + 8;
    sim.addHost("US", "US", "RTX 3090", 24, perRegion, 0.10, 0.05);
    sim.addHost("EU", "DE", "RTX 3090", 24, perRegion, 0.10, 0.05);
    sim.addHost("ASIA", "JP", "RTX 3090", 24, perRegion, 0.10, 0.05);
    return sim;
  }
}
