package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.engine.Budget;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.StandbyPolicy;
import com.dumontcloud.sdk.engine.WarmPoolPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.FaultPlan;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Many seeds (40 in the default suite, a CI-time budget) × 48 simulated hours with random spot interruptions, stockouts, API faults (errors, 429s,
 * ambiguous launches) and engine crashes/restarts — between ticks on the in-memory store, and <i>inside</i> ticks
 * (between an intent and its outcome) on the file journal for every twentieth seed (12 h each: every write is fsynced) — checking invariants after
 * every simulated minute: no duplicate key, at most one live instance per slot (two while a slot migrates),
 * capacity, foreign instances untouched, spend within the cap in every budget period, every interruption
 * recovered within a bound or reported, RPO within the checkpoint interval plus detection; and at the end no
 * leak and nothing billable one tick after {@code delete()}. Replay one seed with {@code -Ddumont.sim.seed=N};
 * change the count with {@code -Ddumont.sim.seeds=N}.
 */
class RandomizedSimulationTest {
  static final Duration HOURS = Duration.ofHours(48);
  static final Duration STEP = Duration.ofMinutes(1);
  static final Duration TICK = Duration.ofSeconds(60);
  static final Duration PERIOD = Duration.ofHours(12);
  static final Duration CHECKPOINT = Duration.ofMinutes(5);
  /** Worst boot (105 s) + the longest launch backoff (120 s) + a few ticks of stockout retries. */
  static final Duration RECOVERY_BOUND = Duration.ofMinutes(20);

  record Result(long seed, List<String> violations, int interruptions, int failovers, int restarts) {}

  @Test
  void randomFaults_manySeeds_invariantsHold() {
    String one = System.getProperty("dumont.sim.seed");
    int n = Integer.getInteger("dumont.sim.seeds", 40);
    long t0 = System.nanoTime();
    LongStream seeds = one != null ? LongStream.of(Long.parseLong(one)) : LongStream.range(1, n + 1);
    List<Result> results = Collections.synchronizedList(new ArrayList<>());
    seeds.parallel().forEach(s -> results.add(run(s)));
    double wall = (System.nanoTime() - t0) / 1e9;
    List<Result> failed = results.stream().filter(r -> !r.violations().isEmpty()).toList();
    int interruptions = results.stream().mapToInt(Result::interruptions).sum();
    int failovers = results.stream().mapToInt(Result::failovers).sum();
    int restarts = results.stream().mapToInt(Result::restarts).sum();
    System.out.printf("randomized: %d seeds x %d h in %.1f s wall; %d interruptions, %d failovers completed, "
        + "%d engine restarts; %d failing seeds%n", results.size(), HOURS.toHours(), wall, interruptions, failovers,
        restarts, failed.size());
    for (Result r : failed) {
      System.out.println("FAILING SEED " + r.seed() + " (replay: -Ddumont.sim.seed=" + r.seed() + "): "
          + r.violations().subList(0, Math.min(5, r.violations().size())));
    }
    assertThat(failed).as("failing seeds (replay with -Ddumont.sim.seed=N)").isEmpty();
  }

  static Result run(long seed) {
    return run(seed, null, HOURS);
  }

  /**
   * One seed; on {@code shared} (another store kind, e.g. the JDBC store, reused by every engine restart like the
   * in-memory store) instead of the in-memory store or file journal when not null.
   */
  static Result run(long seed, StateStore shared, Duration hours) {
    Random rnd = new Random(seed);
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud cloud = SimulatedCloud.builder().scheduler(time).seed(seed).bootProfile(BootProfile.defaults())
        .interruptionsPerHour(0.05 + rnd.nextDouble() * 0.4).build();
    List<String> violations = new ArrayList<>();
    List<EngineEvent> events = Collections.synchronizedList(new ArrayList<>());
    int restarts = 0;
    double cap = 2 + rnd.nextDouble() * 10;
    try (Dumont dumont = Dumont.builder().provider("sim").scheduler(time).providerFactories(List.of(cloud.factory()))
        .auditSink(AuditSink.none()).build()) {
      boolean fileJournal = shared == null && seed % 20 == 0;
      java.nio.file.Path journal = fileJournal ? java.nio.file.Files.createTempDirectory("rnd-" + seed).resolve("j")
          : null;
      StateStore memory = shared != null ? shared : StateStore.inMemory();
      StateStore[] store = {fileJournal ? CrashingStateStore.over(StateStore.fileJournal(journal)) : memory};
      StateStore[] file = {null};
      SimDataSync data = SimDataSync.of(cloud);
      KillableScheduler[] engineTime = new KillableScheduler[1];
      java.util.function.Supplier<Orchestrator> boot = () -> {
        engineTime[0] = KillableScheduler.over(time);
        Orchestrator o = Orchestrator.builder(dumont).scheduler(engineTime[0]).stateStore(store[0]).engineId("rnd")
            .tick(TICK).healthProbe(SimHealthProbe.of(cloud)).dataSync(data).listener(events::add).build();
        o.start();
        return o;
      };
      // foreign instances on the same account: another owner, and no owner; stopped (billed for storage only)
      Set<String> foreign = new HashSet<>();
      var od = dumont.offers().search(com.dumontcloud.sdk.model.OfferQuery.builder()
          .pricingModel(com.dumontcloud.sdk.model.PricingModel.ON_DEMAND).build()).offers();
      for (int f = 0; f < 2; f++) {
        var spec = com.dumontcloud.sdk.model.LaunchSpec.fromTemplate(Rig.qwen()).offer(od.get(f));
        if (f == 0) spec.label(com.dumontcloud.sdk.model.Labels.OWNER, "someone-else")
            .label(com.dumontcloud.sdk.model.Labels.DEPLOYMENT, "svc");
        String id = dumont.instances().launch(spec.build()).id();
        dumont.provider("sim").stop(id);
        foreign.add(id);
      }
      // the engine's spend: everything the account accrues but the foreign instances (stopped, billed for storage)
      java.util.function.DoubleSupplier engineSpend = () -> cloud.accruedCost().doubleValue()
          - foreign.stream().mapToDouble(id -> cloud.accruedCost(id).doubleValue()).sum();
      double periodStartCost = engineSpend.getAsDouble();
      Instant periodStart = time.now();
      Orchestrator engine = boot.get();
      DeploymentSpec.Builder b = Rig.spec("svc").replicas(1 + rnd.nextInt(2))
          .spotPolicy(rnd.nextBoolean() ? SpotPolicy.SPOT : SpotPolicy.AUTO)
          .checkpointInterval(CHECKPOINT).budget(new Budget(null, Money.usd(cap), PERIOD, 0.8));
      if (rnd.nextBoolean()) b.warmPool(WarmPoolPolicy.of(1, WarmPoolPolicy.Mode.STOPPED));
      if (rnd.nextBoolean()) b.standby(StandbyPolicy.cpuSpot());
      engine.apply(b.build());
      String[] stockoutChoices = {"spot", "region:US", "region:EU", "gpu:RTX 3090", "gpu:RTX 4090", "host:sim-us-h1",
          "host:sim-eu-h1", "host:sim-asia-h1", "on-demand"};
      long steps = (fileJournal ? Duration.ofHours(12) : hours).dividedBy(STEP);
      for (long i = 0; i < steps; i++) {
        if (rnd.nextDouble() < 0.02) {
          Set<String> st = new HashSet<>();
          if (rnd.nextDouble() < 0.5) st.add(stockoutChoices[rnd.nextInt(stockoutChoices.length)]);
          cloud.faults(new FaultPlan(rnd.nextDouble() * 0.05, rnd.nextDouble() * 0.03, Duration.ZERO, st,
              rnd.nextDouble() < 0.3 ? 1 : 0, Duration.ZERO));
        }
        if (rnd.nextDouble() < 0.003) {
          engineTime[0].kill(); // crash between ticks: no close()
          engine = boot.get();
          restarts++;
        }
        if (fileJournal && rnd.nextDouble() < 0.003) {
          ((CrashingStateStore) store[0]).crashNow(); // the next journal write (inside a tick) dies
        }
        try {
          time.advanceBy(STEP);
        } catch (CrashingStateStore.SimulatedCrash crash) {
          engineTime[0].kill();
          store[0].close();
          store[0] = CrashingStateStore.over(StateStore.fileJournal(journal)); // a new process reads the journal
          engine = boot.get();
          restarts++;
          time.advanceBy(STEP);
        }
        List<DeploymentStatus> deps = engine.list();
        check(violations, time, "duplicates", Invariants.noDuplicates(cloud, "rnd"));
        check(violations, time, "capacity", Invariants.withinCapacity(cloud, "rnd", deps));
        check(violations, time, "slots", Invariants.atMostOnePerSlot(cloud, "rnd", deps, 2));
        if (!Invariants.untouched(cloud, foreign)) violations.add(time.now() + " foreign instance terminated");
        if (!time.now().isBefore(periodStart.plus(PERIOD))) {
          periodStart = periodStart.plus(PERIOD);
          periodStartCost = engineSpend.getAsDouble();
        }
        double spent = engineSpend.getAsDouble() - periodStartCost;
        if (spent > cap + 1e-6) {
          violations.add(time.now() + " budget: spent " + spent + " in the period from " + periodStart + " > cap " + cap);
        }
        if (violations.size() > 20) break;
      }
      cloud.faults(FaultPlan.none());
      cloud.interruptionsPerHour(0);
      time.advanceBy(Duration.ofMinutes(30));
      // instances already running keep their drawn interruption times: allow one more recovery to finish
      for (int i = 0; i < 30 && !List.of("healthy", "blocked").contains(engine.list().get(0).phase()); i++) {
        time.advanceBy(STEP);
      }
      List<DeploymentStatus> deps = engine.list();
      check(violations, time, "leaks", Invariants.noLeaks(cloud, "rnd", deps));
      check(violations, time, "interruptions", Invariants.interruptionsHandled(List.copyOf(events)));
      check(violations, time, "recovery", Invariants.recoveredWithin(List.copyOf(events), RECOVERY_BOUND));
      check(violations, time, "rpo", Invariants.rpoWithin(List.copyOf(events), CHECKPOINT.plus(TICK.multipliedBy(2))));
      DeploymentStatus d = deps.get(0);
      String dump = System.getProperty("dumont.sim.dump");
      if (dump != null) { // every event of a replayed seed, one JSON map a line
        try {
          java.nio.file.Files.write(java.nio.file.Path.of(dump),
              List.copyOf(events).stream().map(e -> e.toJson()).toList());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      if (System.getProperty("dumont.sim.seed") != null) {
        List<EngineEvent> ev = List.copyOf(events);
        ev.subList(Math.max(0, ev.size() - 25), ev.size()).forEach(e -> System.out.println("  " + e.toJson()));
        for (var sl : d.slots()) {
          if (sl.instanceId() != null) System.out.println("  " + sl.name() + " -> " + cloud.liveInstances().stream()
              .filter(x -> x.id().equals(sl.instanceId())).map(x -> x.state() + " healthy=" + cloud.workloadHealthy(x.id())).toList());
        }
      }
      if (!d.phase().equals("healthy") && !d.phase().equals("blocked")) {
        violations.add("end: deployment is " + d.phase() + " after a quiet half hour: " + d.slots());
      }
      engine.delete("svc");
      time.advanceBy(TICK);
      for (var i : cloud.liveInstances()) {
        if ("rnd".equals(i.label(com.dumontcloud.sdk.model.Labels.OWNER)) && i.state().isActive()) {
          violations.add("billable " + i.id() + " (" + i.state() + ") one tick after delete()");
        }
      }
      engine.close();
      store[0].close();
    } catch (RuntimeException | java.io.IOException e) {
      violations.add("exception: " + e);
    }
    int interruptions = (int) events.stream().filter(e -> e instanceof EngineEvent.Interrupted).count();
    int failovers = (int) events.stream().filter(e -> e instanceof EngineEvent.FailoverCompleted).count();
    return new Result(seed, violations, interruptions, failovers, restarts);
  }

  private static void check(List<String> out, VirtualScheduler time, String what, List<String> found) {
    for (String f : found) out.add(time.now() + " " + what + ": " + f);
  }
}
