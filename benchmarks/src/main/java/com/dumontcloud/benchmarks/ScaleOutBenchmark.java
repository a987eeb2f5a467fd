package com.dumontcloud.benchmarks;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.store.jdbc.JdbcStateStore;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.engine.SimHealthProbe;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Scale-out on the JDBC store, one run: deployments reconciled per second by one engine replica, then by three
 * replicas sharing the same PostgreSQL (embedded, in-process) and the same steady fleet on the simulated cloud.
 * Each replica loops {@link Orchestrator#reconcileNow()} on its own thread for the measured wall time (virtual
 * time stands still, so each tick finds nothing to do: the steady-state cost of watching the fleet, lease
 * renewal included); a replica reconciles only the deployments it holds, so the rate is the sum over replicas of
 * (deployments held × ticks) / seconds. Not JMH: the point is the ratio of the two phases of the same run.
 *
 * <pre>
 * mvn -B -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar com.dumontcloud.benchmarks.ScaleOutBenchmark [deployments] [seconds]
 * </pre>
 */
public final class ScaleOutBenchmark {
  static final String ENGINE = "bench";
  static final Duration TICK = Duration.ofSeconds(5);

  private ScaleOutBenchmark() {}

  public static void main(String[] args) throws Exception {
    int deployments = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start()) {
      DataSource db = pg.getPostgresDatabase();
      VirtualScheduler time = VirtualScheduler.create();
      SimulatedCloud sim = EngineReconcileBenchmark.threeRegionCloud(time, deployments);
      List<Orchestrator> replicas = new ArrayList<>();
      replicas.add(replica(db, time, sim, "replica-0"));
      Template template = TemplateCatalog.get("qwen2.5-0.5b");
      for (int i = 0; i < deployments; i++) {
        replicas.get(0).apply(DeploymentSpec.builder(String.format("d%05d", i), template).replicas(1)
            .spotPolicy(SpotPolicy.ON_DEMAND).build());
      }
      for (int t = 0; t < 120 && healthy(replicas) < deployments; t++) time.advanceBy(TICK);
      System.out.printf("setup: %d deployments, %d healthy%n", deployments, healthy(replicas));

      double one = measure(replicas, seconds);
      replicas.add(replica(db, time, sim, "replica-1"));
      replicas.add(replica(db, time, sim, "replica-2"));
      for (int i = 0; i < 3; i++) replicas.forEach(Orchestrator::reconcileNow); // rebalance: each takes its share
      List<Integer> shares = replicas.stream().map(o -> o.list().size()).toList();
      double three = measure(replicas, seconds);
      System.out.printf("1 replica : %,.0f deployments reconciled/s%n", one);
      System.out.printf("3 replicas: %,.0f deployments reconciled/s (shares %s), ratio %.2f%n", three, shares,
          three / one);
      System.out.printf("cores: %d (other processes share them)%n", Runtime.getRuntime().availableProcessors());
      replicas.forEach(Orchestrator::close);
    }
  }

  private static Orchestrator replica(DataSource db, VirtualScheduler time, SimulatedCloud sim, String owner) {
    Dumont dumont = Dumont.builder().provider("sim").scheduler(time).providerFactories(List.of(sim.factory()))
        .auditSink(AuditSink.none()).build();
    JdbcStateStore store = JdbcStateStore.builder(db).owner(owner).clock(time.clock()).build();
    Orchestrator o = Orchestrator.builder(dumont).scheduler(time).stateStore(store).engineId(ENGINE).tick(TICK)
        .healthProbe(SimHealthProbe.of(sim)).actionWait(Duration.ofMinutes(5)).build();
    o.start().join();
    return o;
  }

  private static int healthy(List<Orchestrator> replicas) {
    int n = 0;
    for (Orchestrator o : replicas) for (DeploymentStatus d : o.list()) if (d.phase().equals("healthy")) n++;
    return n;
  }

  /** Deployments reconciled per second, all replicas looping reconcileNow on their own threads. */
  private static double measure(List<Orchestrator> replicas, double seconds) throws InterruptedException {
    AtomicLong reconciled = new AtomicLong();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    long t0 = System.nanoTime();
    for (Orchestrator o : replicas) {
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end) {
          o.reconcileNow();
          reconciled.addAndGet(o.list().size());
        }
      }, "bench-" + o.engineId());
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) t.join();
    return reconciled.get() / ((System.nanoTime() - t0) / 1e9);
  }
}
