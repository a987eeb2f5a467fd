package com.dumontcloud.sdk.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.store.Leases;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.FaultPlan;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.engine.Invariants;
import com.dumontcloud.sdk.testkit.engine.KillableScheduler;
import com.dumontcloud.sdk.testkit.engine.SimHealthProbe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Three engine replicas on one PostgreSQL and one simulated cloud, on virtual time: random kills (no close), pauses
 * (a replica frozen past its lease, then resumed), stuck heartbeats (the engine ticks on but its lease renewals do
 * not reach the database) and random provider faults. Checked after every tick:
 * <ul>
 *   <li>every mutating provider call (launch, start, stop, terminate, relabel) is made by the replica that holds
 *       the deployment's lease in the database at that instant, and never by a paused, dead or fenced one;
 *   <li>each deployment is in the view of at most one running replica;
 *   <li>no duplicate key, at most one active instance per slot (two while migrating), capacity;
 *   <li>every lease of a killed or frozen replica is held by a running one within lease TTL + one tick;
 * </ul>
 * and at the end, after a quiet period: every deployment held by exactly one replica, healthy, nothing leaked.
 * Replay one seed with {@code -Ddumont.replicas.seed=N}; the default suite runs seeds 1 and 2 (a CI-time budget),
 * {@code -Ddumont.replicas.seeds=N} runs 1..N.
 */
class MultiReplicaSimulationTest {
  static final Duration TICK = Duration.ofSeconds(10);
  static final Duration TTL = Duration.ofSeconds(30);
  static final Duration RUN = Duration.ofMinutes(60);
  static final String ENGINE = "fleet";
  static final int DEPLOYMENTS = 6;

  @Test
  void threeReplicas_randomKillsPausesAndFaults_invariantsHold() throws Exception {
    String one = System.getProperty("dumont.replicas.seed");
    List<Long> seeds = one != null ? List.of(Long.parseLong(one))
        : java.util.stream.LongStream.rangeClosed(1, Integer.getInteger("dumont.replicas.seeds", 2)).boxed().toList();
    Map<Long, List<String>> failed = new LinkedHashMap<>();
    // the seeds are independent runs (each its own virtual clock, cloud and database): two at a time
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      Map<Long, java.util.concurrent.Future<Run>> runs = new LinkedHashMap<>();
      for (long seed : seeds) {
        runs.put(seed, pool.submit(() -> {
          Run r = new Run(seed);
          r.run();
          return r;
        }));
      }
      for (Map.Entry<Long, java.util.concurrent.Future<Run>> e : runs.entrySet()) {
        Run r = e.getValue().get();
        List<String> v = r.violations;
        System.out.printf("replicas seed %d: %d kills, %d pauses, %d stuck heartbeats, %d takeovers, %d fenced "
            + "writes, %d launches, %d interruptions while a holder was stuck; %d violations%n", e.getKey(), r.kills,
            r.pauses, r.stuck, r.takeovers, r.fenced, r.launches, r.strikes, v.size());
        if (!v.isEmpty()) failed.put(e.getKey(), v.subList(0, Math.min(8, v.size())));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(failed).as("failing seeds (replay with -Ddumont.replicas.seed=N)").isEmpty();
  }

  static Template template() {
    return Template.builder("qwen2.5-0.5b", "vllm/vllm-openai:latest").displayName("Qwen 2.5 0.5B")
        .description("vLLM serving Qwen2.5-0.5B-Instruct").category(TemplateCategory.LLM).port(8000)
        .healthPath("/health").modelId("Qwen/Qwen2.5-0.5B-Instruct").minGpuRamGib(8).vramRequiredGib(2)
        .recommendedGpu("RTX 3090").build();
  }

  /** Leases whose renewals can get stuck: refresh returns the last answer without reaching the database. */
  static final class StuckLeases implements Leases {
    final Leases delegate;
    volatile boolean stuck;
    private volatile Set<String> last = Set.of();

    StuckLeases(Leases delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean shared() {
      return true;
    }

    @Override
    public Set<String> refresh(Instant now) {
      if (stuck) return last;
      return last = delegate.refresh(now);
    }

    @Override
    public boolean holds(String deploymentId, Instant now) {
      return delegate.holds(deploymentId, now);
    }

    @Override
    public boolean tryAcquire(String deploymentId, Instant now) {
      return delegate.tryAcquire(deploymentId, now);
    }

    @Override
    public void releaseAll() {
      delegate.releaseAll();
    }

    @Override
    public void post(String deploymentId, Map<String, Object> request) {
      delegate.post(deploymentId, request);
    }

    @Override
    public List<Posted> pending(Set<String> deploymentIds) {
      return delegate.pending(deploymentIds);
    }

    @Override
    public void done(List<Long> ids) {
      delegate.done(ids);
    }
  }

  /** The replica's store: the JDBC store with {@link StuckLeases}, counting fenced writes. */
  final class ReplicaStore implements StateStore {
    final JdbcStateStore delegate;
    final StuckLeases leases;
    final Run run;

    ReplicaStore(JdbcStateStore delegate, Run run) {
      this.delegate = delegate;
      this.leases = new StuckLeases(delegate.leases());
      this.run = run;
    }

    @Override
    public void put(String id, Map<String, Object> record) {
      try {
        delegate.put(id, record);
      } catch (com.dumontcloud.sdk.engine.store.FencedWriteException e) {
        run.fenced++;
        throw e;
      }
    }

    @Override
    public void remove(String id) {
      delegate.remove(id);
    }

    @Override
    public Map<String, Map<String, Object>> loadAll() {
      return delegate.loadAll();
    }

    @Override
    public Map<String, Object> load(String id) {
      return delegate.load(id);
    }

    @Override
    public Leases leases() {
      return leases;
    }
  }

  final class Replica {
    final String owner;
    final KillableScheduler sched;
    final ReplicaStore store;
    final Dumont dumont;
    final Orchestrator engine;
    boolean dead;

    Replica(Run run, String owner) {
      this.owner = owner;
      this.sched = KillableScheduler.over(run.time);
      this.store = new ReplicaStore(JdbcStateStore.builder(run.db).owner(owner).leaseTtl(TTL)
          .clock(run.time.clock()).build(), run);
      this.dumont = Dumont.builder().provider("sim").scheduler(run.time)
          .providerFactories(List.of(run.guarded(this))).auditSink(AuditSink.none()).build();
      this.engine = Orchestrator.builder(dumont).scheduler(sched).stateStore(store).engineId(ENGINE).tick(TICK)
          .healthProbe(SimHealthProbe.of(run.cloud)).listener(run.events::add).build();
    }

    boolean running() {
      return !dead && !sched.paused() && !store.leases.stuck;
    }
  }

  /** The cloud as one replica sees it: every mutating call is checked against the lease table first. */
  final class GuardedCloud implements CloudProvider {
    final Run run;
    final Replica replica;

    GuardedCloud(Run run, Replica replica) {
      this.run = run;
      this.replica = replica;
    }

    @Override
    public ProviderMetadata metadata() {
      return run.cloud.metadata();
    }

    @Override
    public List<Offer> searchOffers(OfferQuery query) {
      return run.cloud.searchOffers(query);
    }

    @Override
    public Instance launch(ProviderLaunchRequest request) {
      run.check(replica, request.labels().get(Labels.DEPLOYMENT), "launch " + request.idempotencyKey());
      Instance i = run.cloud.launch(request);
      run.launches++;
      return i;
    }

    @Override
    public Instance get(String instanceId) {
      return run.cloud.get(instanceId);
    }

    @Override
    public List<Instance> list(Map<String, String> labels) {
      return run.cloud.list(labels);
    }

    @Override
    public void start(String instanceId) {
      run.check(replica, run.deploymentOf(instanceId), "start " + instanceId);
      run.cloud.start(instanceId);
    }

    @Override
    public void stop(String instanceId) {
      run.check(replica, run.deploymentOf(instanceId), "stop " + instanceId);
      run.cloud.stop(instanceId);
    }

    @Override
    public void terminate(String instanceId) {
      run.check(replica, run.deploymentOf(instanceId), "terminate " + instanceId);
      run.cloud.terminate(instanceId);
    }

    @Override
    public void setLabels(String instanceId, Map<String, String> labels) {
      run.check(replica, run.deploymentOf(instanceId), "relabel " + instanceId);
      run.cloud.setLabels(instanceId, labels);
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
      return run.cloud.capability(type);
    }
  }

  final class Run {
    final long seed;
    final Random rnd;
    final VirtualScheduler time = VirtualScheduler.create();
    final SimulatedCloud cloud;
    final DataSource db = EmbeddedPostgresSupport.freshDatabase();
    final List<EngineEvent> events = Collections.synchronizedList(new ArrayList<>());
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    final List<Replica> replicas = new ArrayList<>();
    /** deployment → deadline by which a running replica must hold it (after its holder died or froze). */
    final Map<String, Instant> takeoverBy = new HashMap<>();
    int generation;
    int kills;
    int pauses;
    int stuck;
    int takeovers;
    int fenced;
    int launches;
    int strikes;

    Run(long seed) {
      this.seed = seed;
      this.rnd = new Random(seed);
      this.cloud = SimulatedCloud.builder().scheduler(time).seed(seed).bootProfile(BootProfile.defaults())
          .interruptionsPerHour(0.2).build();
    }

    CloudProviderFactory guarded(Replica r) {
      GuardedCloud g = new GuardedCloud(this, r);
      return new CloudProviderFactory() {
        @Override
        public ProviderMetadata metadata() {
          return cloud.metadata();
        }

        @Override
        public int priority() {
          return 100;
        }

        @Override
        public CloudProvider create(ProviderContext context) {
          return g;
        }
      };
    }

    String deploymentOf(String instanceId) {
      for (Instance i : cloud.liveInstances()) if (i.id().equals(instanceId)) return i.label(Labels.DEPLOYMENT);
      return null;
    }

    /** The lease row of a deployment right now: owner and expiry (ms), or null. */
    Object[] lease(String dep) {
      try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
          "select owner, expires_at_ms from dumont_leases where deployment_id = ?")) {
        ps.setString(1, dep);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? new Object[] {rs.getString(1), rs.getLong(2)} : null;
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    Set<String> heldBy(String owner) {
      Set<String> out = new HashSet<>();
      try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
          "select deployment_id from dumont_leases where owner = ?")) {
        ps.setString(1, owner);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(rs.getString(1));
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      return out;
    }

    void check(Replica r, String dep, String what) {
      Instant now = time.now();
      if (dep == null) {
        violations.add(now + " " + r.owner + " " + what + ": an instance of no deployment");
        return;
      }
      if (r.dead || r.sched.paused()) violations.add(now + " " + r.owner + " (dead or paused) " + what + " of " + dep);
      Object[] l = lease(dep);
      if (l == null && what.startsWith("terminate")) return; // deleted deployments' leftovers: none in this test
      if (l == null || !r.owner.equals(l[0]) || (Long) l[1] <= now.toEpochMilli()) {
        violations.add(now + " fenced action: " + r.owner + " " + what + " of " + dep + " while the lease is "
            + (l == null ? "absent" : l[0] + " until " + Instant.ofEpochMilli((Long) l[1])));
      }
    }

    Replica boot() {
      Replica r = new Replica(this, "r" + (generation++));
      r.engine.start();
      replicas.add(r);
      return r;
    }

    List<Replica> running() {
      return replicas.stream().filter(Replica::running).toList();
    }

    List<DeploymentStatus> statuses() {
      Map<String, DeploymentStatus> out = new LinkedHashMap<>();
      for (Replica r : running()) {
        for (String id : r.engine.reconciling()) r.engine.get(id).ifPresent(d -> out.putIfAbsent(id, d));
      }
      return List.copyOf(out.values());
    }

    void victim(Replica r, Instant now) {
      for (String dep : heldBy(r.owner)) takeoverBy.putIfAbsent(dep, now.plus(TTL).plus(TICK));
    }

    List<String> run() {
      for (int i = 0; i < 3; i++) boot();
      for (int d = 0; d < DEPLOYMENTS; d++) {
        replicas.get(d % 3).engine.apply(DeploymentSpec.builder("svc-" + d, template()).replicas(1 + d % 2)
            .spotPolicy(d % 3 == 0 ? SpotPolicy.SPOT : SpotPolicy.AUTO).build());
      }
      Replica victim = null;
      Instant recoverAt = null;
      String mode = null;
      Instant strikeAt = null;
      Set<String> strike = Set.of();
      long steps = RUN.dividedBy(TICK);
      for (long i = 0; i < steps && violations.size() < 20; i++) {
        Instant now = time.now();
        if (rnd.nextDouble() < 0.02) {
          cloud.faults(new FaultPlan(rnd.nextDouble() * 0.08, rnd.nextDouble() * 0.03, Duration.ZERO, Set.of(),
              rnd.nextDouble() < 0.3 ? 1 : 0, Duration.ZERO));
        }
        if (victim == null && i > 30 && rnd.nextDouble() < 0.03) {
          List<Replica> live = running();
          victim = live.get(rnd.nextInt(live.size()));
          recoverAt = now.plusSeconds(40 + rnd.nextInt(90));
          victim(victim, now);
          double p = rnd.nextDouble();
          if (p < 0.4) {
            mode = "kill";
            kills++;
            victim.sched.kill();
            victim.dead = true;
          } else if (p < 0.75) {
            mode = "pause";
            pauses++;
            victim.sched.pause();
          } else {
            mode = "stuck";
            stuck++;
            victim.store.leases.stuck = true;
            // once others own its deployments, interrupt them: the stuck replica still sees them as its own and
            // will try to fail them over (its intents must be fenced, its provider calls never made)
            strike = heldBy(victim.owner);
            strikeAt = now.plus(TTL).plus(TICK.multipliedBy(2));
            recoverAt = recoverAt.isBefore(strikeAt.plus(TICK.multipliedBy(3)))
                ? strikeAt.plus(TICK.multipliedBy(3)) : recoverAt;
          }
        } else if (victim != null && !now.isBefore(recoverAt)) {
          switch (mode) {
            case "kill" -> boot(); // a new process, a new owner id
            case "pause" -> victim.sched.resume();
            default -> victim.store.leases.stuck = false;
          }
          victim = null;
        }
        if (strikeAt != null && !now.isBefore(strikeAt)) {
          for (String dep : strike) {
            cloud.liveInstances().stream().filter(x -> dep.equals(x.label(Labels.DEPLOYMENT)) && x.state().isActive())
                .findFirst().ifPresent(x -> {
                  cloud.interrupt(x.id());
                  strikes++;
                });
          }
          strikeAt = null;
        }
        time.advanceBy(TICK);
        invariants();
      }
      if (victim != null) {
        victim.sched.resume();
        victim.store.leases.stuck = false;
      }
      cloud.faults(FaultPlan.none());
      cloud.interruptionsPerHour(0);
      time.advanceBy(Duration.ofMinutes(15));
      List<DeploymentStatus> deps = statuses();
      check("leaks", Invariants.noLeaks(cloud, ENGINE, deps));
      Map<String, Integer> views = new HashMap<>();
      for (Replica r : running()) for (String d : r.engine.reconciling()) views.merge(d, 1, Integer::sum);
      for (int d = 0; d < DEPLOYMENTS; d++) {
        String id = "svc-" + d;
        if (views.getOrDefault(id, 0) != 1) violations.add("end: " + id + " is held by " + views.get(id) + " replicas");
      }
      for (DeploymentStatus d : deps) {
        if (!d.phase().equals("healthy")) violations.add("end: " + d.id() + " is " + d.phase() + " " + d.slots());
      }
      for (Replica r : replicas) r.dumont.close();
      return violations;
    }

    void invariants() {
      Instant now = time.now();
      List<DeploymentStatus> deps = statuses();
      check("duplicates", Invariants.noDuplicates(cloud, ENGINE));
      check("slots", Invariants.atMostOnePerSlot(cloud, ENGINE, deps, 2));
      Set<String> viewed = new HashSet<>();
      deps.forEach(d -> viewed.add(d.id()));
      // a deployment between owners (its holder just died or froze) is in no running view: its capacity is
      // checked again once it is taken over
      check("capacity", Invariants.withinCapacity(cloud, ENGINE, deps).stream()
          .filter(f -> viewed.stream().anyMatch(id -> f.startsWith("deployment " + id + " "))).toList());
      Map<String, List<String>> views = new HashMap<>();
      for (Replica r : running()) {
        for (String d : r.engine.reconciling()) views.computeIfAbsent(d, k -> new ArrayList<>()).add(r.owner);
      }
      views.forEach((dep, owners) -> {
        if (owners.size() > 1) violations.add(now + " " + dep + " is in the view of " + owners);
      });
      Set<String> runningOwners = new HashSet<>();
      running().forEach(r -> runningOwners.add(r.owner));
      for (var it = takeoverBy.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        Object[] l = lease(e.getKey());
        if (l != null && runningOwners.contains((String) l[0]) && (Long) l[1] > now.toEpochMilli()) {
          takeovers++;
          it.remove();
        } else if (now.isAfter(e.getValue())) {
          violations.add(now + " " + e.getKey() + " not taken over by " + e.getValue() + " (lease: "
              + (l == null ? "absent" : l[0]) + ")");
          it.remove();
        }
      }
    }

    void check(String what, List<String> found) {
      for (String f : found) violations.add(time.now() + " " + what + ": " + f);
    }
  }
}
