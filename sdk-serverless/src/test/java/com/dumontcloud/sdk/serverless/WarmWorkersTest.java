package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopped warm workers on the simulated cloud, in virtual time, with the default engine-backed replicas: a fresh boot
 * takes 25 s, a resume 5 s. Requests go through the runtime with a fixed service time (no HTTP).
 */
class WarmWorkersTest {
  private static final BootProfile BOOT = BootProfile.fixed(Duration.ofSeconds(10), Duration.ofSeconds(10),
      Duration.ofSeconds(5));
  private static final BootProfile RESUME = BootProfile.fixed(Duration.ZERO, Duration.ofSeconds(3),
      Duration.ofSeconds(2));
  private final VirtualScheduler vs = VirtualScheduler.create();
  private final SimulatedCloud sim = SimulatedCloud.builder().scheduler(vs).seed(7).bootProfile(BOOT)
      .resumeProfile(RESUME).storagePricePerHour(0.02).build();
  private final Dumont dumont = Dumont.builder().scheduler(vs).providerFactories(List.of(sim.factory()))
      .provider("sim").build();
  private final List<AutoCloseable> open = new ArrayList<>();
  private Endpoints eps = endpoints(EndpointStore.inMemory());

  @TempDir Path dir;

  private Endpoints endpoints(EndpointStore store) {
    Endpoints e = Endpoints.builder(dumont).store(store).healthCheck((i, s) -> sim.workloadHealthy(i.id())).build();
    open.add(e);
    return e;
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    dumont.close();
  }

  /** One request arriving now, served for {@code service} once it has a replica. */
  private CompletableFuture<ReplicaLease> request(String id, Duration service) {
    CompletableFuture<ReplicaLease> f = eps.acquire(id, vs.now(), Set.of());
    f.whenComplete((lease, err) -> {
      if (lease != null) vs.schedule(() -> lease.complete(true, service), service);
    });
    return f;
  }

  private List<Instance> instances(InstanceState state) {
    return sim.list(Map.of()).stream().filter(i -> i.state() == state).toList();
  }

  private Endpoint primed(int warm) {
    Endpoint ep = eps.create(SimHarness.spec().replicas(0, 5).targetConcurrency(1).warmWorkers(warm).build());
    vs.advanceBy(Duration.ofSeconds(60));
    assertThat(eps.stats(ep.id()).warmWorkers()).isEqualTo(warm);
    assertThat(eps.get(ep.id()).replicas()).isEmpty();
    assertThat(instances(InstanceState.STOPPED)).hasSize(warm);
    return ep;
  }

  @Test
  void warmWorkers_areRentedBootedHealthCheckedAndStopped_billedForStorageOnly() {
    Endpoint ep = primed(2);
    assertThat(eps.warmPool(ep.id())).extracting(ReplicaInfo::state).containsOnly("parked");
    assertThat(eps.warmPool(ep.id())).extracting(ReplicaInfo::hostId).doesNotHaveDuplicates(); // spread over hosts
    double before = sim.accruedCost().amount().doubleValue();
    vs.advanceBy(Duration.ofHours(1));
    double hour = sim.accruedCost().amount().doubleValue() - before;
    assertThat(hour).isCloseTo(2 * 0.02, org.assertj.core.data.Offset.offset(1e-4)); // two disks, nothing running
    EndpointStats s = eps.stats(ep.id());
    assertThat(s.storageCost24h().amount().doubleValue()).isCloseTo(2 * 0.02 * (1 + 35 / 3600.0),
        org.assertj.core.data.Offset.offset(2e-3));
    assertThat(s.cost24h().amount().doubleValue()).isGreaterThan(s.storageCost24h().amount().doubleValue());
    assertThat(eps.starts(ep.id())).containsEntry("fresh_rentals", 2L).containsEntry("resumes", 0L);
  }

  @Test
  void scaleFromZero_resumesAWarmWorkerInTheSameTick_andCountsAResumeColdStart() {
    Endpoint ep = primed(1);
    int rented = sim.list(Map.of()).size();
    CompletableFuture<ReplicaLease> f = request(ep.id(), Duration.ofSeconds(1));
    vs.runDue();
    assertThat(instances(InstanceState.STOPPED)).isEmpty(); // started at once, not on the next tick
    assertThat(sim.list(Map.of())).hasSize(rented); // nothing rented
    vs.advanceBy(Duration.ofSeconds(10));
    assertThat(f).isCompleted();
    ReplicaLease lease = f.join();
    assertThat(lease.coldStart()).isEqualTo("resume");
    assertThat(lease.scaleFromZero()).isTrue();
    long waited = Duration.between(lease.arrivedAt(), lease.acquiredAt()).toMillis();
    assertThat(waited).isBetween(5_000L, 8_000L); // 5 s resume, seen by the next tick
    EndpointStats s = eps.stats(ep.id());
    assertThat(s.coldStartsResume().count()).isEqualTo(1);
    assertThat(s.coldStartsResume().p50Ms()).isEqualTo(waited);
    assertThat(s.coldStartsFresh().count()).isZero();
    assertThat(s.warmWorkers()).isZero(); // it serves now
    assertThat(eps.starts(ep.id())).containsEntry("resumes", 1L).containsEntry("fresh_rentals", 1L);
  }

  @Test
  void scaleIn_stopsTheReplicaIntoThePool_insteadOfDestroyingIt() {
    Endpoint ep = primed(1);
    request(ep.id(), Duration.ofSeconds(1));
    vs.advanceBy(Duration.ofSeconds(20));
    String worker = eps.get(ep.id()).replicas().get(0).instanceId();
    vs.advanceBy(Duration.ofMinutes(8)); // idle timeout (5 min): scale to zero
    assertThat(eps.get(ep.id()).replicas()).isEmpty();
    assertThat(eps.stats(ep.id()).warmWorkers()).isEqualTo(1);
    assertThat(sim.get(worker).state()).isEqualTo(InstanceState.STOPPED); // stopped again, not terminated
    assertThat(instances(InstanceState.TERMINATED)).isEmpty();
    assertThat(eps.starts(ep.id())).containsEntry("fresh_rentals", 1L);
  }

  @Test
  void scaleOut_resumesTheWarmWorkersFirst_andRentsOnlyTheRest_inTheSameTick() {
    Endpoint ep = primed(2);
    int rented = sim.list(Map.of()).size();
    List<CompletableFuture<ReplicaLease>> fs = new ArrayList<>();
    for (int i = 0; i < 4; i++) fs.add(request(ep.id(), Duration.ofSeconds(60))); // 4 at once, 1 per replica
    vs.runDue();
    int live = eps.get(ep.id()).replicas().size();
    assertThat(live).isGreaterThan(2);
    assertThat(instances(InstanceState.STOPPED)).isEmpty(); // both resumed at once
    assertThat(eps.starts(ep.id())).containsEntry("resumes", 2L);
    assertThat(sim.list(Map.of()).size() - rented).isEqualTo(live - 2); // fresh rentals only for the rest
    vs.advanceBy(Duration.ofSeconds(10));
    assertThat(fs).allMatch(CompletableFuture::isDone); // the resumed two took the queue (no per-replica limit)
    assertThat(fs.stream().map(f -> f.join().coldStart()).toList()).containsOnly("resume");
    vs.advanceBy(Duration.ofSeconds(30));
    assertThat(eps.stats(ep.id()).coldStartsResume().count()).isEqualTo(1);
    assertThat(eps.stats(ep.id()).coldStartsFresh().count()).isZero(); // nobody waited for the fresh ones
  }

  @Test
  void queuedResume_fallsBackToAFreshRentalAtOnce_andTheWorkerIsReplacedInThePool() {
    Endpoint ep = primed(1);
    String worker = instances(InstanceState.STOPPED).get(0).id();
    sim.gpuTakenChance(1.0, Duration.ofMinutes(30)); // the host's GPU was rented by someone else meanwhile
    CompletableFuture<ReplicaLease> f = request(ep.id(), Duration.ofSeconds(1));
    vs.advanceBy(Duration.ofSeconds(3));
    assertThat(sim.gpuTakenStarts()).isEqualTo(1);
    assertThat(sim.get(worker).state()).isEqualTo(InstanceState.TERMINATED); // given up
    assertThat(eps.starts(ep.id())).containsEntry("resume_fallbacks", 1L).containsEntry("fresh_rentals", 2L);
    vs.advanceBy(Duration.ofSeconds(30));
    assertThat(f).isCompleted();
    assertThat(f.join().coldStart()).isEqualTo("fresh");
    assertThat(eps.stats(ep.id()).coldStartsFresh().count()).isEqualTo(1);
    sim.gpuTakenChance(0, Duration.ofMinutes(30));
    vs.advanceBy(Duration.ofMinutes(8)); // idle: the fresh replica is stopped into the pool in the worker's place
    assertThat(eps.stats(ep.id()).warmWorkers()).isEqualTo(1);
    assertThat(eps.starts(ep.id())).containsEntry("fresh_rentals", 2L);
  }

  @Test
  void restart_aNewProcessFindsItsStoppedWarmWorkersInTheEngineState_andResumesThem() {
    eps.close();
    EndpointStore store = EndpointStore.files(dir);
    eps = endpoints(store);
    Endpoint ep = primed(1);
    String worker = instances(InstanceState.STOPPED).get(0).id();
    eps.close();

    eps = endpoints(EndpointStore.files(dir)); // nothing shared in memory but the cloud
    assertThat(eps.stats(ep.id()).warmWorkers()).isEqualTo(1);
    vs.advanceBy(Duration.ofSeconds(10));
    assertThat(sim.get(worker).state()).isEqualTo(InstanceState.STOPPED); // kept, not terminated as an orphan
    int rented = sim.list(Map.of()).size();
    CompletableFuture<ReplicaLease> f = request(ep.id(), Duration.ofSeconds(1));
    vs.advanceBy(Duration.ofSeconds(10));
    assertThat(f).isCompleted();
    assertThat(f.join().replicaId()).isEqualTo(worker);
    assertThat(f.join().coldStart()).isEqualTo("resume");
    assertThat(sim.list(Map.of())).hasSize(rented);
  }

  @Test
  void withoutWarmWorkers_scaleInDestroys_andNothingIsStopped() {
    Endpoint ep = eps.create(SimHarness.spec().replicas(0, 5).build());
    request(ep.id(), Duration.ofSeconds(1));
    vs.advanceBy(Duration.ofSeconds(40));
    vs.advanceBy(Duration.ofMinutes(8));
    assertThat(instances(InstanceState.STOPPED)).isEmpty();
    assertThat(instances(InstanceState.TERMINATED)).hasSize(1);
    assertThat(eps.stats(ep.id()).warmWorkers()).isZero();
    assertThat(eps.stats(ep.id()).coldStartsFresh().count()).isEqualTo(1);
  }
}
