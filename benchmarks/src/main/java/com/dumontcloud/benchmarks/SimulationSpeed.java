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
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.engine.SimHealthProbe;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulation speed, a simulation benchmark (not JMH): simulated hours per wall-clock second with {@code n}
 * instances. The measured run is the real {@link Orchestrator} keeping {@code n} one-replica spot deployments alive
 * on the {@link SimulatedCloud} on virtual time, with the realistic boot profile ({@link BootProfile#defaults()})
 * and spot interruptions at a given rate per instance-hour (each one detected, failed over and booted again), the
 * clock advanced one engine tick (5 s) at a time. The baseline, in the same run on an identical cloud (same seed,
 * hosts, boot profile and rate), is the least any controller must do: one listing per tick, and for every instance
 * found interrupted a terminate and a launch of a replacement on the cheapest spot offer that has room — no engine,
 * no probes, no journal, no failover policy. The fleet is up before either clock starts.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar com.dumontcloud.benchmarks.SimulationSpeed 1000 6 0.1   # instances, hours, interruptions/h
 * </pre>
 */
public final class SimulationSpeed {
  static final String ENGINE = "bench";
  static final Duration TICK = Duration.ofSeconds(5);

  private SimulationSpeed() {}

  /** One side of the comparison. */
  record Side(String name, double simulatedHours, double wallSeconds, int interruptions, int replacements) {
    double hoursPerSecond() {
      return simulatedHours / wallSeconds;
    }
  }

  record Result(int instances, double ratePerHour, Side engine, Side baseline) {
    void print(PrintStream out) {
      out.printf(Locale.ROOT, "%d instances on virtual time, realistic boot profile, %.2f spot interruptions per "
          + "instance-hour, %d s steps%n", instances, ratePerHour, TICK.toSeconds());
      out.printf(Locale.ROOT, "%-48s %10s %8s %14s %13s %13s%n", "run", "simulated", "wall", "sim h / wall s",
          "interruptions", "replacements");
      for (Side s : List.of(baseline, engine)) {
        out.printf(Locale.ROOT, "%-48s %9.1fh %7.1fs %14.2f %13d %13d%n", s.name(), s.simulatedHours(),
            s.wallSeconds(), s.hoursPerSecond(), s.interruptions(), s.replacements());
      }
      out.printf(Locale.ROOT, "engine speed / baseline speed: %.2f (the engine costs %.1f x the minimal loop)%n",
          engine.hoursPerSecond() / baseline.hoursPerSecond(), baseline.hoursPerSecond() / engine.hoursPerSecond());
    }
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    double hours = args.length > 1 ? Double.parseDouble(args[1]) : 6;
    double rate = args.length > 2 ? Double.parseDouble(args[2]) : 0.1;
    run(n, hours, rate).print(System.out);
  }

  static Result run(int n, double hours, double ratePerHour) {
    Side baseline = baseline(n, hours, ratePerHour);
    Side engine = engine(n, hours, ratePerHour);
    return new Result(n, ratePerHour, engine, baseline);
  }

  /** Three regions with room for the fleet and its replacements (interrupted instances hold no GPU once gone). */
  static SimulatedCloud cloud(VirtualScheduler time, int n, double ratePerHour) {
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(time).seed(42).bootProfile(BootProfile.defaults())
        .interruptionsPerHour(ratePerHour).build();
    int perRegion = n / 3 + n / 5 + 8;
    sim.addHost("US", "US", "RTX 3090", 24, perRegion, 0.10, 0.04);
    sim.addHost("EU", "DE", "RTX 3090", 24, perRegion, 0.10, 0.04);
    sim.addHost("ASIA", "JP", "RTX 3090", 24, perRegion, 0.10, 0.04);
    return sim;
  }

  static Side engine(int n, double hours, double ratePerHour) {
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud sim = cloud(time, n, ratePerHour);
    AtomicInteger interrupted = new AtomicInteger();
    AtomicInteger replaced = new AtomicInteger();
    try (Dumont dumont = Dumont.builder().provider("sim").scheduler(time).providerFactories(List.of(sim.factory()))
        .auditSink(AuditSink.none()).build();
        Orchestrator engine = Orchestrator.builder(dumont).scheduler(time).stateStore(StateStore.inMemory())
            .engineId(ENGINE).tick(TICK).healthProbe(SimHealthProbe.of(sim)).actionWait(Duration.ofMinutes(1))
            .listener(e -> {
              if (e instanceof EngineEvent.Interrupted) interrupted.incrementAndGet();
              if (e instanceof EngineEvent.FailoverCompleted) replaced.incrementAndGet();
            }).build()) {
      engine.start().join();
      Template template = TemplateCatalog.get("qwen2.5-0.5b");
      for (int i = 0; i < n; i++) {
        engine.apply(DeploymentSpec.builder(String.format("s%05d", i), template).replicas(1)
            .spotPolicy(SpotPolicy.SPOT).build());
      }
      for (int t = 0; t < 240 && !allHealthy(engine, n); t++) time.advanceBy(TICK);
      if (!allHealthy(engine, n)) throw new IllegalStateException("the fleet did not become healthy");
      interrupted.set(0);
      replaced.set(0);
      long steps = Math.round(hours * 3600 / TICK.toSeconds());
      long t0 = System.nanoTime();
      for (long s = 0; s < steps; s++) time.advanceBy(TICK);
      double wall = (System.nanoTime() - t0) / 1e9;
      return new Side("engine (Orchestrator, " + n + " deployments)", steps * TICK.toSeconds() / 3600.0, wall,
          interrupted.get(), replaced.get());
    } finally {
      time.close();
    }
  }

  static Side baseline(int n, double hours, double ratePerHour) {
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud sim = cloud(time, n, ratePerHour);
    try {
      Template template = TemplateCatalog.get("qwen2.5-0.5b");
      AtomicInteger seq = new AtomicInteger();
      for (int i = 0; i < n; i++) launch(sim, template, seq);
      int interrupted = 0;
      int replaced = 0;
      Map<String, String> owner = Map.of(Labels.OWNER, ENGINE);
      // boot the fleet before the clock starts, like the engine side
      for (int t = 0; t < 240 && sim.list(owner).stream().anyMatch(i -> i.state() != InstanceState.RUNNING); t++) {
        time.advanceBy(TICK);
      }
      long steps = Math.round(hours * 3600 / TICK.toSeconds());
      long t0 = System.nanoTime();
      for (long s = 0; s < steps; s++) {
        time.advanceBy(TICK);
        for (Instance i : sim.list(owner)) {
          if (i.state() == InstanceState.INTERRUPTED || i.state() == InstanceState.FAILED) {
            interrupted++;
            sim.terminate(i.id());
            if (launch(sim, template, seq)) replaced++;
          }
        }
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      return new Side("baseline (list per tick, relaunch what is lost)", steps * TICK.toSeconds() / 3600.0, wall,
          interrupted, replaced);
    } finally {
      time.close();
    }
  }

  private static boolean launch(SimulatedCloud sim, Template template, AtomicInteger seq) {
    List<Offer> offers = sim.searchOffers(OfferQuery.builder().pricingModel(PricingModel.SPOT).build()).stream()
        .filter(o -> !o.gpu().isCpuOnly() && o.gpuRamGib() >= template.minGpuRamGib())
        .sorted(java.util.Comparator.comparing(Offer::pricePerHour)).toList();
    String key = "base/" + seq.incrementAndGet();
    for (Offer o : offers) {
      try {
        sim.launch(new ProviderLaunchRequest(o, template, Map.of(Labels.OWNER, ENGINE, Labels.KEY, key), key,
            PricingModel.SPOT, null, 20));
        return true;
      } catch (DumontException full) {
        // that host filled up: the next offer
      }
    }
    return false;
  }

  private static boolean allHealthy(Orchestrator engine, int n) {
    List<DeploymentStatus> all = engine.list();
    return all.size() == n && all.stream().allMatch(d -> d.healthyReplicas() == 1);
  }
}
