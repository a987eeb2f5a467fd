package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.engine.Checkpoint;
import com.dumontcloud.sdk.engine.DataSync;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.HibernationPolicy;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine on a real account's terms: isolation, listing gaps, failing and slow data, launch bursts. */
class EngineSafetyTest {
  static final Duration TICK = Duration.ofSeconds(5);

  @Test
  void twoEngines_defaultBuildersOnOneAccount_eachLaunchesOneAndNeitherTerminatesAnything() {
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud cloud = SimulatedCloud.builder().scheduler(time).seed(3)
        .bootProfile(BootProfile.fixed(Rig.PROVISION, Rig.BOOT, Rig.LOAD)).build();
    try (Dumont dumont = Dumont.builder().provider("sim").scheduler(time).providerFactories(List.of(cloud.factory()))
        .auditSink(AuditSink.none()).build()) {
      List<EngineEvent> a = Collections.synchronizedList(new ArrayList<>());
      List<EngineEvent> b = Collections.synchronizedList(new ArrayList<>());
      Orchestrator one = Orchestrator.builder(dumont).scheduler(time).healthProbe(SimHealthProbe.of(cloud))
          .listener(a::add).build();
      Orchestrator two = Orchestrator.builder(dumont).scheduler(time).healthProbe(SimHealthProbe.of(cloud))
          .listener(b::add).build();
      assertThat(one.engineId()).isNotEqualTo(two.engineId()).startsWith("dumont-");
      one.start();
      two.start();
      one.apply(Rig.spec("svc").spotPolicy(SpotPolicy.ON_DEMAND).build());
      two.apply(Rig.spec("svc").spotPolicy(SpotPolicy.ON_DEMAND).build()); // the same deployment name, too
      time.advanceBy(Duration.ofMinutes(20));
      for (List<EngineEvent> ev : List.of(a, b)) {
        assertThat(ev.stream().filter(e -> e instanceof EngineEvent.Launched)).hasSize(1);
        assertThat(ev.stream().filter(e -> e instanceof EngineEvent.Terminated)).isEmpty();
      }
      assertThat(one.get("svc").orElseThrow().phase()).isEqualTo("healthy");
      assertThat(two.get("svc").orElseThrow().phase()).isEqualTo("healthy");
      assertThat(cloud.liveInstances()).hasSize(2).allMatch(i -> i.state() == InstanceState.RUNNING);
      one.close();
      two.close();
    }
  }

  @Test
  void engineId_restartOnTheSameStore_isTheSameEngine() {
    Rig rig = new Rig();
    StateStore store = StateStore.inMemory();
    Orchestrator first = Orchestrator.builder(rig.dumont).scheduler(rig.time).stateStore(store).build();
    Orchestrator again = Orchestrator.builder(rig.dumont).scheduler(rig.time).stateStore(store).build();
    Orchestrator other = Orchestrator.builder(rig.dumont).scheduler(rig.time).build();
    assertThat(again.engineId()).isEqualTo(first.engineId());
    assertThat(other.engineId()).isNotEqualTo(first.engineId());
    first.close();
    again.close();
    other.close();
  }

  /** A sim behind a {@link ListingGapProvider}, one healthy on-demand deployment "svc" on a default engine. */
  static final class GapRig implements AutoCloseable {
    final VirtualScheduler time = VirtualScheduler.create();
    final SimulatedCloud cloud = SimulatedCloud.builder().scheduler(time).seed(5)
        .bootProfile(BootProfile.fixed(Rig.PROVISION, Rig.BOOT, Rig.LOAD)).build();
    final ListingGapProvider[] gap = new ListingGapProvider[1];
    final Dumont dumont = Dumont.builder().provider("sim").scheduler(time)
        .providerFactories(List.of(ListingGapProvider.factory(cloud.factory(), gap))).auditSink(AuditSink.none())
        .build();
    final List<EngineEvent> events = Collections.synchronizedList(new ArrayList<>());
    final Orchestrator o = Orchestrator.builder(dumont).scheduler(time).healthProbe(SimHealthProbe.of(cloud))
        .listener(events::add).build();

    GapRig() {
      o.start();
      o.apply(Rig.spec("svc").spotPolicy(SpotPolicy.ON_DEMAND).build());
      time.advanceBy(Duration.ofMinutes(2));
      assertThat(o.get("svc").orElseThrow().phase()).isEqualTo("healthy");
    }

    String instance() {
      return o.get("svc").orElseThrow().slots().get(0).instanceId();
    }

    @Override
    public void close() {
      o.close();
      dumont.close();
    }
  }

  @Test
  void listingMissesAHealthyInstanceOnce_noFailoverAndNoTermination() {
    try (GapRig r = new GapRig()) {
      String id = r.instance();
      r.gap[0].omitFromListings(id, 1);
      r.time.advanceBy(Duration.ofMinutes(2));
      assertThat(r.events).noneMatch(e -> e instanceof EngineEvent.Interrupted || e instanceof EngineEvent.Terminated
          || e instanceof EngineEvent.FailoverStarted);
      assertThat(r.instance()).isEqualTo(id);
      assertThat(r.cloud.liveInstances()).extracting(Instance::id).containsExactly(id);
    }
  }

  @Test
  void listingMissesAnInstanceThatIsReallyGone_lostAfterTheSecondListingAndGet() {
    try (GapRig r = new GapRig()) {
      String id = r.instance();
      r.cloud.terminate(id); // gone behind the engine's back (the sim still lists it as terminated)
      r.gap[0].omitFromListings(id, 1_000);
      r.time.advanceBy(Duration.ofMinutes(3));
      assertThat(r.events).anySatisfy(e -> assertThat(e).isInstanceOf(EngineEvent.Interrupted.class));
      assertThat(r.o.get("svc").orElseThrow().phase()).isEqualTo("healthy");
      assertThat(r.instance()).isNotEqualTo(id);
    }
  }

  /** SimDataSync whose checkpoints fail while {@code failing} is set. */
  static DataSync failing(DataSync inner, AtomicBoolean failing) {
    return new DataSync() {
      @Override
      public Checkpoint checkpoint(String deploymentId, Instance source) {
        if (failing.get()) throw new IllegalStateException("bucket unreachable (simulated)");
        return inner.checkpoint(deploymentId, source);
      }

      @Override
      public void restore(Checkpoint checkpoint, Instance target) {
        inner.restore(checkpoint, target);
      }

      @Override
      public boolean verify(Checkpoint checkpoint, Instance target) {
        return inner.verify(checkpoint, target);
      }
    };
  }

  @Test
  void failingDataSync_hibernationTerminateWaitsAndSaysWhy_thenProceedsOnceACheckpointCompletes() {
    Rig rig = new Rig();
    AtomicBoolean fail = new AtomicBoolean(true);
    rig.customizer = b -> b.dataSync(failing(rig.data, fail));
    rig.start();
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT).hibernation(new HibernationPolicy(0.05,
        Duration.ofMinutes(3), HibernationPolicy.Action.CHECKPOINT_AND_TERMINATE)).build());
    assertThat(rig.until(r -> r.healthy("svc"), Duration.ofMinutes(5))).isTrue();
    String id = rig.instanceOf("svc", "r0");
    rig.idle.instance(id, 0.0);
    rig.advance(Duration.ofMinutes(10));
    assertThat(rig.events(EngineEvent.Hibernated.class)).isEmpty();
    assertThat(rig.events(EngineEvent.Terminated.class)).isEmpty();
    assertThat(rig.dumont.provider("sim").get(id).state()).isEqualTo(InstanceState.RUNNING);
    assertThat(rig.events(EngineEvent.CheckpointFailed.class)).isNotEmpty().allSatisfy(f -> {
      assertThat(f.instanceId()).isEqualTo(id);
      assertThat(f.reason()).contains("bucket unreachable");
      assertThat(f.waiting()).isEqualTo("hibernation");
    });
    fail.set(false);
    rig.advance(Duration.ofMinutes(1));
    assertThat(rig.events(EngineEvent.CheckpointCompleted.class)).isNotEmpty();
    assertThat(rig.events(EngineEvent.Hibernated.class)).hasSize(1);
    rig.advance(Duration.ofSeconds(10));
    assertThat(rig.dumont.provider("sim").get(id).state()).isEqualTo(InstanceState.TERMINATED);
  }

  @Test
  void failingDataSync_scaleDownKeepsTheServingReplicaUntilACheckpointCompletes() {
    Rig rig = new Rig();
    AtomicBoolean fail = new AtomicBoolean(false);
    rig.customizer = b -> b.dataSync(failing(rig.data, fail));
    rig.start();
    rig.engine.apply(Rig.spec("svc").replicas(2).spotPolicy(SpotPolicy.SPOT).build());
    assertThat(rig.until(r -> r.healthy("svc"), Duration.ofMinutes(5))).isTrue();
    String second = rig.instanceOf("svc", "r1");
    fail.set(true);
    rig.engine.apply(Rig.spec("svc").replicas(1).spotPolicy(SpotPolicy.SPOT).build());
    rig.advance(Duration.ofMinutes(2));
    assertThat(rig.dumont.provider("sim").get(second).state()).isEqualTo(InstanceState.RUNNING);
    assertThat(rig.events(EngineEvent.CheckpointFailed.class)).anySatisfy(f -> assertThat(f.waiting()).isEqualTo("scale-down"));
    fail.set(false);
    rig.advance(Duration.ofMinutes(1));
    rig.advance(Duration.ofSeconds(10));
    assertThat(rig.dumont.provider("sim").get(second).state()).isEqualTo(InstanceState.TERMINATED);
  }

  @Test
  void slowCheckpointAndALaunchBurst_anotherDeploymentsInterruptionIsStillDetectedWithinATickAndAProbe() throws Exception {
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud cloud = SimulatedCloud.builder().scheduler(time).seed(11)
        .bootProfile(BootProfile.fixed(Rig.PROVISION, Rig.BOOT, Rig.LOAD)).build();
    ListingGapProvider[] gap = new ListingGapProvider[1];
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger held = new AtomicInteger();
    try (Dumont dumont = Dumont.builder().provider("sim").scheduler(time)
        .providerFactories(List.of(ListingGapProvider.factory(cloud.factory(), gap))).auditSink(AuditSink.none())
        .build()) {
      SimDataSync sim = SimDataSync.of(cloud);
      DataSync slow = new DataSync() {
        @Override
        public Checkpoint checkpoint(String deploymentId, Instance source) {
          if (deploymentId.equals("big")) await(release); // an upload that takes minutes of (virtual) time
          return sim.checkpoint(deploymentId, source);
        }

        @Override
        public void restore(Checkpoint checkpoint, Instance target) {
          sim.restore(checkpoint, target);
        }

        @Override
        public boolean verify(Checkpoint checkpoint, Instance target) {
          return sim.verify(checkpoint, target);
        }
      };
      List<EngineEvent> events = Collections.synchronizedList(new ArrayList<>());
      Orchestrator o = Orchestrator.builder(dumont).scheduler(time).healthProbe(SimHealthProbe.of(cloud))
          .dataSync(slow).actionWait(Duration.ofMillis(200)).listener(events::add).build();
      try {
        o.start();
        o.apply(Rig.spec("victim").spotPolicy(SpotPolicy.SPOT).build());
        o.apply(Rig.spec("big").spotPolicy(SpotPolicy.SPOT).checkpointInterval(Duration.ofMinutes(1)).build());
        for (int i = 0; i < 60 && !(o.get("victim").orElseThrow().phase().equals("healthy")
            && o.get("big").orElseThrow().phase().equals("healthy")); i++) {
          time.advanceBy(TICK);
        }
        assertThat(o.get("victim").orElseThrow().phase()).as("%s %s", o.list(), events).isEqualTo("healthy");
        assertThat(o.get("big").orElseThrow().phase()).as("%s %s", o.list(), events).isEqualTo("healthy");
        // a 20-replica burst whose launches are each held (a slow, paced API) until released
        gap[0].beforeLaunch(r -> {
          if ("burst".equals(r.labels().get(Labels.DEPLOYMENT))) {
            held.incrementAndGet();
            await(release);
          }
          return r;
        });
        o.apply(Rig.spec("burst").replicas(20).spotPolicy(SpotPolicy.SPOT).build());
        time.advanceBy(Duration.ofMinutes(1).plus(TICK)); // big's scheduled checkpoint is now stuck uploading
        String victim = o.get("victim").orElseThrow().slots().get(0).instanceId();
        Instant at = time.now();
        cloud.interrupt(victim);
        for (int i = 0; i < 4; i++) time.advanceBy(TICK);
        List<EngineEvent.Interrupted> seen = events.stream().filter(e -> e instanceof EngineEvent.Interrupted in
            && in.deploymentId().equals("victim")).map(EngineEvent.Interrupted.class::cast).toList();
        assertThat(held.get()).as("a burst launch is held").isPositive();
        assertThat(events).noneMatch(e -> e instanceof EngineEvent.CheckpointCompleted c && c.deploymentId().equals("big")
            && c.at().isAfter(at.minus(TICK)));
        assertThat(seen).hasSize(1);
        assertThat(Duration.between(at, seen.get(0).at())).isLessThanOrEqualTo(TICK.multipliedBy(2));
        assertThat(o.get("big").orElseThrow().phase()).isEqualTo("healthy"); // reads never wait for I/O
      } finally {
        release.countDown();
        o.close();
      }
    }
  }

  private static void await(CountDownLatch l) {
    try {
      if (!l.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void deletedDeployment_nothingBillableAfterOneTick() {
    Rig rig = new Rig();
    rig.start();
    rig.engine.apply(Rig.spec("svc").replicas(2).spotPolicy(SpotPolicy.SPOT)
        .warmPool(com.dumontcloud.sdk.engine.WarmPoolPolicy.of(1, com.dumontcloud.sdk.engine.WarmPoolPolicy.Mode.STOPPED))
        .build());
    assertThat(rig.until(r -> r.healthy("svc"), Duration.ofMinutes(5))).isTrue();
    rig.engine.delete("svc");
    rig.advance(TICK);
    assertThat(rig.cloud.liveInstances()).noneMatch(i -> i.state() != InstanceState.TERMINATED);
    List<DeploymentStatus> left = rig.engine.list();
    assertThat(left).isEmpty();
  }

  @Test
  void checkpointOnDelete_deletionWaitsForTheFinalCheckpoint() {
    Rig rig = new Rig();
    AtomicBoolean fail = new AtomicBoolean(true);
    rig.customizer = b -> b.dataSync(failing(rig.data, fail));
    rig.start();
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT).checkpointOnDelete(true).build());
    assertThat(rig.until(r -> r.healthy("svc"), Duration.ofMinutes(5))).isTrue();
    String id = rig.instanceOf("svc", "r0");
    rig.engine.delete("svc");
    rig.advance(Duration.ofMinutes(1));
    assertThat(rig.dumont.provider("sim").get(id).state()).isEqualTo(InstanceState.RUNNING);
    assertThat(rig.events(EngineEvent.CheckpointFailed.class)).anySatisfy(f -> assertThat(f.waiting()).isEqualTo("deletion"));
    fail.set(false);
    rig.advance(Duration.ofMinutes(1));
    assertThat(rig.events(EngineEvent.CheckpointCompleted.class)).anySatisfy(c -> assertThat(c.reason()).isEqualTo("before deletion"));
    assertThat(rig.dumont.provider("sim").get(id).state()).isEqualTo(InstanceState.TERMINATED);
    assertThat(rig.engine.list()).isEmpty();
  }
}
