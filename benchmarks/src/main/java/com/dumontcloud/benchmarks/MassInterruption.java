package com.dumontcloud.benchmarks;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.engine.Invariants;
import com.dumontcloud.sdk.testkit.engine.SimHealthProbe;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Mass interruption, a simulation benchmark on virtual time (not JMH): {@code n} one-replica spot deployments in one
 * region of the {@link SimulatedCloud}, all preempted at the same instant, while the cloud answers creates beyond a
 * Vast-like rate limit (one create per 4.5 s, Vast's documented threshold; burst 1) with 429. The real
 * {@link Orchestrator} detects the losses and fails every deployment over (COLD: a new spot instance in the same
 * region, the only one there is).
 *
 * <p>Measured on virtual time from the preemption: until every loss is detected, until every deployment is healthy
 * again; the provider calls made in that window by operation (and how many the rate limit refused); and, at the
 * end, no duplicate launch and no leaked instance ({@link Invariants}). The baseline is the bound the rate limit
 * and the boot time set: no engine can have the last of {@code n} creates accepted before {@code (n - burst) ×
 * interval} after the preemption, nor that instance healthy before a boot time later.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar com.dumontcloud.benchmarks.MassInterruption 100 4.5   # deployments, s per create
 * java -cp benchmarks/target/benchmarks.jar com.dumontcloud.benchmarks.MassInterruption 100 4.5 6 # and searches: 3, then 1 per 6 s
 * </pre>
 */
public final class MassInterruption {
  static final String ENGINE = "bench";
  static final Duration TICK = Duration.ofSeconds(5);
  /** The boot of every instance: the means of {@link BootProfile#defaults()} (30 + 20 + 20 s), fixed. */
  static final BootProfile BOOT = BootProfile.fixed(Duration.ofSeconds(30), Duration.ofSeconds(20),
      Duration.ofSeconds(20));
  static final int BURST = 1;
  /** Vast's search limit: a burst of 3, then one call every 6 s ("10 per minute"). */
  static final int SEARCH_BURST = 3;

  private MassInterruption() {}

  /** What one run measured. Times are virtual, from the preemption. */
  record Result(int deployments, Duration createInterval, Duration searchInterval, Duration allDetected, Duration allHealthy,
      Map<String, Long> calls, Map<String, Long> refused, Duration bound, int launchesAfter, int duplicateLaunches,
      List<String> violations, double wallSeconds) {

    double ratio() {
      return allHealthy.toMillis() / (double) bound.toMillis();
    }

    void print(PrintStream out) {
      out.printf("mass interruption: %d one-replica spot deployments in one region, all preempted at t=0%n",
          deployments);
      out.printf("rate limit on creates: burst %d, then one per %.1f s (429 beyond); boot %d s fixed; tick %d s%n",
          BURST, createInterval.toMillis() / 1000.0, bootTime().toSeconds(), TICK.toSeconds());
      if (searchInterval != null) {
        out.printf("rate limit on offer searches too: burst %d, then one per %.1f s (429 beyond)%n", SEARCH_BURST,
            searchInterval.toMillis() / 1000.0);
      }
      out.printf("all losses detected after      %8.1f s (virtual)%n", allDetected.toMillis() / 1000.0);
      out.printf("all healthy again after        %8.1f s (virtual)%n", allHealthy.toMillis() / 1000.0);
      out.printf("bound (rate limit + boot)      %8.1f s = (%d - %d) x %.1f s + %d s%n", bound.toMillis() / 1000.0,
          deployments, BURST, createInterval.toMillis() / 1000.0, bootTime().toSeconds());
      out.printf("healthy again / bound          %8.2f x%n", ratio());
      out.printf("provider calls from t=0 until all healthy, by operation (429 answers in brackets):%n");
      long total = 0;
      for (Map.Entry<String, Long> e : calls.entrySet()) {
        long r = refused.getOrDefault(e.getKey(), 0L);
        out.printf("  %-16s %7d%s%n", e.getKey(), e.getValue(), r > 0 ? "  (" + r + " refused with 429)" : "");
        total += e.getValue();
      }
      out.printf("  %-16s %7d (the minimum is %d creates)%n", "total", total, deployments);
      out.printf("launches after t=0: %d for %d lost replicas; duplicate launches (a slot launched twice): %d%n",
          launchesAfter, deployments, duplicateLaunches);
      out.printf("invariants at the end (no duplicates, no leaks, one instance per slot): %s%n",
          violations.isEmpty() ? "ok" : violations);
      out.printf("wall time %.1f s%n", wallSeconds);
    }
  }

  static Duration bootTime() {
    return BOOT.provisionMin().plus(BOOT.bootMin()).plus(BOOT.workloadMin());
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    double every = args.length > 1 ? Double.parseDouble(args[1]) : 4.5;
    Duration search = args.length > 2 ? Duration.ofMillis(Math.round(Double.parseDouble(args[2]) * 1000)) : null;
    Result r = run(n, Duration.ofMillis(Math.round(every * 1000)), search);
    r.print(System.out);
    if (!r.violations().isEmpty() || r.duplicateLaunches() > 0) System.exit(1);
  }

  static Result run(int n, Duration createInterval) {
    return run(n, createInterval, null);
  }

  /** With {@code searchInterval} non-null, offer searches are limited too (burst {@value #SEARCH_BURST}). */
  static Result run(int n, Duration createInterval, Duration searchInterval) {
    long wall = System.nanoTime();
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(time).seed(42).bootProfile(BOOT).build();
    // the region's capacity: the preempted instances' and their replacements', on four hosts (cheapest in US)
    int perHost = n / 2 + 2;
    for (int h = 0; h < 4; h++) sim.addHost("US", "US", "RTX 3090", 24, perHost, 0.05, 0.02);
    List<EngineEvent> events = new CopyOnWriteArrayList<>();
    try (Dumont dumont = Dumont.builder().provider("sim").scheduler(time).providerFactories(List.of(sim.factory()))
        .auditSink(AuditSink.none()).build();
        Orchestrator engine = Orchestrator.builder(dumont).scheduler(time).stateStore(StateStore.inMemory())
            .engineId(ENGINE).tick(TICK).healthProbe(SimHealthProbe.of(sim)).listener(events::add)
            .actionWait(Duration.ofMinutes(1)).build()) {
      engine.start().join();
      Template template = TemplateCatalog.get("qwen2.5-0.5b");
      for (int i = 0; i < n; i++) {
        engine.apply(DeploymentSpec.builder(String.format("m%04d", i), template).replicas(1)
            .spotPolicy(SpotPolicy.SPOT).regions(List.of("US")).build());
      }
      for (int t = 0; t < 200 && !allHealthy(engine, n); t++) time.advanceBy(TICK);
      if (!allHealthy(engine, n)) throw new IllegalStateException("the fleet never became healthy before the test");
      time.advanceBy(Duration.ofSeconds(2)); // preempt between two ticks, as a real preemption lands
      // the limit applies from now on (the initial fleet was launched without it)
      sim.rateLimit("launch", BURST, createInterval);
      if (searchInterval != null) sim.rateLimit("search_offers", SEARCH_BURST, searchInterval);
      Map<String, Long> callsBefore = sim.apiCallsByOperation();
      Map<String, Long> refusedBefore = sim.rateLimitedByOperation();
      events.clear();
      Instant t0 = time.now();
      List<String> lost = new ArrayList<>();
      for (Instance i : sim.list(Map.of(Labels.OWNER, ENGINE))) {
        if (i.state().isActive()) {
          sim.interrupt(i.id());
          lost.add(i.id());
        }
      }
      Duration limit = createInterval.multipliedBy(n).plus(Duration.ofHours(1))
          .plus(searchInterval == null ? Duration.ZERO : searchInterval.multipliedBy(40L * n));
      while (!(recoveredAfter(events, n) && allHealthy(engine, n))) {
        if (Duration.between(t0, time.now()).compareTo(limit) > 0) {
          long healthy = engine.list().stream().filter(d -> d.healthyReplicas() == 1).count();
          throw new IllegalStateException("not recovered within " + limit + " (virtual): " + healthy + " of " + n
              + " healthy; provider calls " + minus(sim.apiCallsByOperation(), callsBefore) + ", refused with 429 "
              + minus(sim.rateLimitedByOperation(), refusedBefore));
        }
        time.advanceBy(Duration.ofSeconds(1));
      }
      Instant detected = t0;
      Instant healthy = t0;
      Map<String, Integer> launches = new HashMap<>();
      int interrupted = 0;
      for (EngineEvent e : events) {
        if (e instanceof EngineEvent.Interrupted x) {
          interrupted++;
          if (x.at().isAfter(detected)) detected = x.at();
        } else if (e instanceof EngineEvent.Healthy x) {
          if (x.at().isAfter(healthy)) healthy = x.at();
        } else if (e instanceof EngineEvent.Launched x) {
          launches.merge(x.deploymentId() + "/" + x.slot(), 1, Integer::sum);
        }
      }
      if (interrupted != lost.size()) {
        throw new IllegalStateException(interrupted + " losses detected of " + lost.size() + " preempted");
      }
      Map<String, Long> calls = minus(sim.apiCallsByOperation(), callsBefore);
      Map<String, Long> refused = minus(sim.rateLimitedByOperation(), refusedBefore);
      // quiet period: every retired instance terminated, then the invariants
      for (int t = 0; t < 6; t++) time.advanceBy(TICK);
      List<DeploymentStatus> all = engine.list();
      List<String> violations = new ArrayList<>();
      violations.addAll(Invariants.noDuplicates(sim, ENGINE));
      violations.addAll(Invariants.noLeaks(sim, ENGINE, all));
      violations.addAll(Invariants.atMostOnePerSlot(sim, ENGINE, all, 1));
      int live = 0;
      for (Instance i : sim.liveInstances()) if (ENGINE.equals(i.label(Labels.OWNER))) live++;
      if (live != n) violations.add(live + " live instances for " + n + " one-replica deployments");
      int dup = (int) launches.values().stream().filter(c -> c > 1).count();
      int launchesAfter = launches.values().stream().mapToInt(Integer::intValue).sum();
      Duration bound = createInterval.multipliedBy(Math.max(0, n - BURST)).plus(bootTime());
      return new Result(n, createInterval, searchInterval, Duration.between(t0, detected), Duration.between(t0, healthy), calls,
          refused, bound, launchesAfter, dup, violations, (System.nanoTime() - wall) / 1e9);
    } finally {
      time.close();
    }
  }

  private static boolean recoveredAfter(List<EngineEvent> events, int n) {
    return events.stream().filter(e -> e instanceof EngineEvent.Healthy).count() >= n;
  }

  private static boolean allHealthy(Orchestrator engine, int n) {
    List<DeploymentStatus> all = engine.list();
    return all.size() == n && all.stream().allMatch(d -> d.healthyReplicas() == 1);
  }

  private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach((k, v) -> {
      long d = v - before.getOrDefault(k, 0L);
      if (d > 0) out.put(k, d);
    });
    return out;
  }
}
