package com.dumontcloud.sdk.testkit.replay;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Replays a {@link SpotTraces} set through the real {@link Orchestrator} on virtual time, once per
 * {@link ReplayPolicy}, and measures cost and availability against the oracle.
 *
 * <p><b>The replay cloud.</b> A {@link SimulatedCloud} with exactly one host per trace zone (region = zone name), one
 * GPU type (V100 16 GB), on-demand at 1.0 per replica-hour and spot at {@code spotRatio} of it, plus one on-demand-only
 * CPU host (in the first zone, {@link Builder#cpuPricePerHour} per hour) for CPU standbys. Spot capacity per zone
 * follows the traces ({@link SpotTraces#capacity}): a spot instance in a zone whose capacity drops to 0 is preempted
 * at that moment and the engine sees it through the same {@code get}/{@code list} calls as any interruption; a spot
 * launch there fails with the capacity error while it is 0; on-demand is always available. Boot times follow
 * {@link BootProfile#defaults()} (35-105 s to RUNNING plus 10-30 s model load). The engine runs with its default tick
 * (5 s) and default options; it does not know it is replayed, and nothing it calls sees the future of the traces.
 *
 * <p><b>Measurements</b> come from the cloud's ground truth ({@link SimulatedCloud#runPeriods()}), not from the engine:
 * a GPU replica is healthy from its workload being loaded until it is preempted, stopped or terminated; cost is price ×
 * running time. The first boot counts as unavailable time. {@link SpotReplayReport} defines each metric.
 *
 * <p><b>The oracle</b>: at every trace tick, N replicas on spot if any zone has capacity, else on-demand, switching
 * instantly with no boot: 100 % availability at the lowest cost any policy could reach on these traces.
 */
public final class SpotReplay {
  /** Spot price as a fraction of on-demand when not set: 0.30, the typical discount. */
  public static final double DEFAULT_SPOT_RATIO = 0.30;

  /** Hourly price of the on-demand CPU standby machine when not set (GPU on-demand = 1.0). */
  public static final double DEFAULT_CPU_PRICE = 0.02;

  /** The GPU of the replay cloud. */
  static final String GPU = "V100";

  private final SpotTraces traces;
  private final int replicas;
  private final double spotRatio;
  private final double cpuPrice;
  private final List<ReplayPolicy> policies;
  private final long seed;
  private final int parallelism;
  private final Consumer<String> progress;

  private SpotReplay(Builder b) {
    traces = b.traces;
    replicas = b.replicas;
    spotRatio = b.spotRatio;
    cpuPrice = b.cpuPrice;
    policies = List.copyOf(b.policies.isEmpty() ? Arrays.asList(ReplayPolicy.values()) : b.policies);
    seed = b.seed;
    parallelism = b.parallelism;
    progress = b.progress;
  }

  public static Builder builder(SpotTraces traces) {
    Builder b = new Builder();
    b.traces = Objects.requireNonNull(traces, "traces");
    return b;
  }

  /** Runs every policy (in parallel, up to the builder's parallelism) and computes the report. */
  public SpotReplayReport run() {
    int threads = Math.max(1, Math.min(parallelism, policies.size()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "spot-replay");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<SpotReplayReport.PolicyResult>> futures = new ArrayList<>();
      for (ReplayPolicy p : policies) futures.add(pool.submit(() -> runPolicy(p)));
      List<SpotReplayReport.PolicyResult> results = new ArrayList<>();
      for (Future<SpotReplayReport.PolicyResult> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof RuntimeException re) throw re;
          throw new IllegalStateException("replay failed: " + c, c);
        }
      }
      return new SpotReplayReport(traces, spotRatio, replicas, cpuPrice, oracleCostPercent(traces, spotRatio),
          oracleSpend(traces, spotRatio, replicas, SpotReplayReport.BUCKETS), results);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("replay interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The oracle's cost in percent of on-demand: {@code 100 × mean over ticks of (spotRatio if any zone has capacity at
   * the tick, else 1)} (independent of the replica count: every replica does the same).
   */
  public static double oracleCostPercent(SpotTraces traces, double spotRatio) {
    double sum = 0;
    for (int i = 0; i < traces.ticks(); i++) sum += traces.anyAvailable(i) ? spotRatio : 1.0;
    return 100.0 * sum / traces.ticks();
  }

  /** Cumulative spend of the oracle at the end of each of {@code buckets} equal buckets. */
  static double[] oracleSpend(SpotTraces traces, double spotRatio, int replicas, int buckets) {
    int n = Math.min(buckets, traces.ticks());
    double[] out = new double[n];
    double gapH = traces.gapSeconds() / 3600.0;
    double total = 0;
    int tick = 0;
    for (int b = 0; b < n; b++) {
      int end = (int) ((long) traces.ticks() * (b + 1) / n);
      for (; tick < end; tick++) total += replicas * gapH * (traces.anyAvailable(tick) ? spotRatio : 1.0);
      out[b] = total;
    }
    return out;
  }

  private SpotReplayReport.PolicyResult runPolicy(ReplayPolicy policy) {
    List<String> zones = traces.zoneNames();
    DeploymentSpec spec = policy.spec(zones, replicas);
    VirtualScheduler time = VirtualScheduler.create();
    Instant origin = time.now();
    Instant end = origin.plus(traces.duration());
    SimulatedCloud cloud = SimulatedCloud.builder().scheduler(time).seed(seed).bootProfile(BootProfile.defaults())
        .standardCatalog(false).spotCapacity(traces.capacity(origin)).terminatedListed(Duration.ofMinutes(30)).build();
    int gpus = Math.max(8, 2 * replicas + 4);
    for (String z : zones) cloud.addHost(z, "US", GPU, 16, gpus, 1.0, spotRatio);
    cloud.addCpuHost(zones.get(0), "US", cpuPrice, cpuPrice, false);
    List<EngineEvent> events = Collections.synchronizedList(new ArrayList<>());
    Path home;
    try {
      home = Files.createTempDirectory("dumont-replay");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for the replay", e);
    }
    try (Dumont dumont = Dumont.builder().provider(SimulatedCloud.ID).scheduler(time)
        .providerFactories(List.of(cloud.factory())).home(home).auditSink(AuditSink.none()).build()) {
      Orchestrator engine = Orchestrator.builder(dumont).scheduler(time).stateStore(new LatestRecordStore())
          .engineId("replay").ioThreads(2).dataThreads(1).listener(e -> {
            if (e instanceof EngineEvent.FailoverStarted || e instanceof EngineEvent.Healthy) events.add(e);
          }).build();
      try {
        engine.start();
        engine.apply(spec);
        Duration step = Duration.ofHours(6);
        int lastPct = -1;
        while (time.now().isBefore(end)) {
          Instant next = time.now().plus(step);
          time.advanceTo(next.isAfter(end) ? end : next);
          int pct = (int) (100 * Duration.between(origin, time.now()).toSeconds() / Math.max(1, traces.duration().toSeconds()));
          if (progress != null && pct / 10 != lastPct / 10) {
            lastPct = pct;
            progress.accept(policy.name() + " " + pct + "%");
          }
        }
        List<SimulatedCloud.RunPeriod> periods = cloud.runPeriods();
        return SpotReplayReport.PolicyResult.compute(policy, spec, replicas, zones, origin, end, periods,
            List.copyOf(events));
      } finally {
        engine.close();
      }
    } finally {
      cloud.close();
      try {
        Files.deleteIfExists(home);
      } catch (IOException e) {
        // best effort: an empty temporary directory
      }
    }
  }

  /**
   * The replay's state store: it keeps the latest record of each deployment as given, without the JSON copy of
   * {@link StateStore#inMemory()} (the engine hands over a fresh map on every write, and a replay never restarts an
   * engine from its store, so nothing else reads it). Saves most of a replay's CPU time outside the engine's logic.
   */
  static final class LatestRecordStore implements StateStore {
    private final Map<String, Map<String, Object>> records = new java.util.LinkedHashMap<>();

    @Override
    public synchronized void put(String deploymentId, Map<String, Object> record) {
      records.put(deploymentId, record);
    }

    @Override
    public synchronized void remove(String deploymentId) {
      records.remove(deploymentId);
    }

    @Override
    public synchronized Map<String, Map<String, Object>> loadAll() {
      return new java.util.LinkedHashMap<>(records);
    }
  }

  /** Builder; {@link #build()} validates. */
  public static final class Builder {
    private SpotTraces traces;
    private int replicas = 1;
    private double spotRatio = DEFAULT_SPOT_RATIO;
    private double cpuPrice = DEFAULT_CPU_PRICE;
    private final List<ReplayPolicy> policies = new ArrayList<>();
    private long seed = 42;
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private Consumer<String> progress;

    private Builder() {}

    /** Replicas per policy (default 1), in 1..20. */
    public Builder replicas(int n) { replicas = n; return this; }

    /** Spot price as a fraction of on-demand, in (0, 1] (default {@value #DEFAULT_SPOT_RATIO}). */
    public Builder spotRatio(double r) { spotRatio = r; return this; }

    /** Hourly price of the on-demand CPU standby machine, in (0, 1] (default {@value #DEFAULT_CPU_PRICE}). */
    public Builder cpuPricePerHour(double p) { cpuPrice = p; return this; }

    /** The policies to run, in report order (default: all of {@link ReplayPolicy}); replaces. */
    public Builder policies(List<ReplayPolicy> ps) {
      policies.clear();
      for (ReplayPolicy p : ps) if (!policies.contains(p)) policies.add(p);
      return this;
    }

    /** Seed of the cloud's boot times (default 42). */
    public Builder seed(long s) { seed = s; return this; }

    /** Policies replayed at once (default: the processors available). */
    public Builder parallelism(int n) { parallelism = n; return this; }

    /** Receives a line per policy every 10 % of its replay (called from replay threads). */
    public Builder progress(Consumer<String> p) { progress = p; return this; }

    public SpotReplay build() {
      if (replicas < 1 || replicas > 20) {
        throw new IllegalArgumentException("replicas must be in 1..20, got " + replicas);
      }
      if (!(spotRatio > 0 && spotRatio <= 1)) {
        throw new IllegalArgumentException("spot ratio must be in (0, 1] (a fraction of the on-demand price), got "
            + spotRatio);
      }
      if (!(cpuPrice > 0 && cpuPrice <= 1)) {
        throw new IllegalArgumentException("CPU price must be in (0, 1] per hour, got " + cpuPrice);
      }
      if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
      return new SpotReplay(this);
    }
  }

  static boolean isGpu(SimulatedCloud.RunPeriod p) {
    return !p.cpu();
  }

  static boolean isSpot(SimulatedCloud.RunPeriod p) {
    return p.pricing() == PricingModel.SPOT;
  }

  static Map<String, Integer> index(List<String> zones) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < zones.size(); i++) m.put(zones.get(i), i);
    return m;
  }

  static final EnumSet<ReplayPolicy> ALL = EnumSet.allOf(ReplayPolicy.class);
}
