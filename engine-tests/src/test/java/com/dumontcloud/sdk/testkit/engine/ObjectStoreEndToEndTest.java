package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.engine.Checkpoint;
import com.dumontcloud.sdk.engine.CheckpointSpec;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.FailoverPolicy;
import com.dumontcloud.sdk.engine.FailoverStrategy;
import com.dumontcloud.sdk.engine.HibernationPolicy;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.objectstore.ObjectStoreDataSync;
import com.dumontcloud.sdk.remote.RemoteException;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.s3.InProcessS3;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real data path end to end on the simulated cloud: the engine checkpoints through {@link ObjectStoreDataSync}
 * over real SSH into the sim's instances (a real shell, tar, sha256sum, curl) to a real S3 API (S3Proxy in process)
 * with presigned URLs only; a failover restores onto the replacement, verified before it serves; data loss is
 * measured from the records the restored content holds, not asserted from the engine's bookkeeping.
 */
class ObjectStoreEndToEndTest {
  static final String BUCKET = "ckpt";
  static final Duration INTERVAL = Duration.ofSeconds(60);

  @TempDir Path dir;
  final VirtualScheduler time = VirtualScheduler.create();
  final List<EngineEvent> events = new ArrayList<>();
  SimulatedCloud cloud;
  InProcessS3 s3;
  Dumont dumont;
  ObjectStoreDataSync data;
  KillableScheduler engineTime;
  Orchestrator engine;
  StateStore store;

  @BeforeEach
  void setUp() {
    cloud = SimulatedCloud.builder().scheduler(time).seed(7)
        .bootProfile(BootProfile.fixed(Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(10)))
        .hostsDirectory(dir.resolve("hosts")).build();
    s3 = InProcessS3.builder().directory(dir.resolve("bucket")).build().createBucket(BUCKET);
    store = StateStore.fileJournal(dir.resolve("engine.jsonl"));
    openProcess();
  }

  /** A "process": client, data sync and engine; a restart opens new ones on the same state, bucket and sim. */
  private void openProcess() {
    dumont = Dumont.builder().provider("sim").scheduler(time).providerFactories(List.of(cloud.factory()))
        .home(dir.resolve("home")).auditSink(AuditSink.none()).build();
    data = ObjectStoreDataSync.builder(dumont).credentials(s3.accessKey(), s3.secretKey()).build();
    engineTime = KillableScheduler.over(time);
    engine = Orchestrator.builder(dumont).scheduler(engineTime).stateStore(store).engineId("e2e")
        .healthProbe(SimHealthProbe.of(cloud)).dataSync(data).listener(events::add)
        .actionWait(Duration.ofSeconds(60)) // real SSH and S3 I/O under virtual time: each tick waits for it
        .build(); // default idleness signal: the provider's utilisation
    engine.start();
  }

  @AfterEach
  void tearDown() {
    if (engine != null) engine.close();
    if (data != null) data.close();
    if (dumont != null) dumont.close();
    if (s3 != null) s3.close();
    cloud.close();
  }

  private DeploymentSpec.Builder spec() {
    return Rig.spec("svc").spotPolicy(SpotPolicy.SPOT)
        .checkpoint(CheckpointSpec.of("s3://" + BUCKET + "/team-a", "state").endpoint(s3.endpoint().toString())
            .region(s3.region()).keep(3))
        .checkpointInterval(INTERVAL)
        .failover(FailoverPolicy.defaults().withStrategies(FailoverStrategy.COLD));
  }

  private boolean until(BooleanSupplier p, Duration max) {
    for (Duration t = Duration.ZERO; t.compareTo(max) <= 0; t = t.plusSeconds(1)) {
      if (p.getAsBoolean()) return true;
      time.advanceBy(Duration.ofSeconds(1));
    }
    return p.getAsBoolean();
  }

  private <T extends EngineEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private String instance() {
    return engine.get("svc").orElseThrow().slots().stream().filter(s -> s.name().equals("r0")).findFirst()
        .orElseThrow().instanceId();
  }

  private boolean healthy() {
    return engine.get("svc").map(s -> s.phase().equals("healthy")).orElse(false);
  }

  /** The newest record in the restored state written by an instance other than {@code self}, epoch seconds. */
  private long newestRestoredRecord(String self) {
    String out = dumont.instances().exec(self, "cat " + SimulatedCloud.RECORDS_FILE, Duration.ofSeconds(30)).stdout();
    return SimulatedCloud.newestRecordNotBy(out, self);
  }

  @Test
  void checkpointsAreVerifiedObjects_failoverRestoresBeforeServing_andTheLossIsMeasuredFromRestoredContent() {
    engine.apply(spec().build());
    assertThat(until(this::healthy, Duration.ofMinutes(3))).as("%s", events).isTrue();
    assertThat(until(() -> events(EngineEvent.CheckpointCompleted.class).size() >= 2, Duration.ofMinutes(3))).as("%s", events).isTrue();
    for (EngineEvent.CheckpointCompleted c : events(EngineEvent.CheckpointCompleted.class)) {
      assertThat(c.bytes()).isPositive();
      assertThat(c.sha256()).matches("[0-9a-f]{64}");
      assertThat(c.url()).startsWith("s3://" + BUCKET + "/team-a/svc/r0/v" + c.version() + ".tar.");
    }
    List<Checkpoint> stored = engine.checkpoints("svc");
    EngineEvent.CheckpointCompleted lastCp = events(EngineEvent.CheckpointCompleted.class)
        .get(events(EngineEvent.CheckpointCompleted.class).size() - 1);
    assertThat(stored).last().satisfies(c -> {
      assertThat(c.version()).isEqualTo(lastCp.version());
      assertThat(c.sha256()).isEqualTo(lastCp.sha256());
      assertThat(c.bytes()).isEqualTo(lastCp.bytes());
    });

    time.advanceBy(Duration.ofSeconds(25)); // work after the last checkpoint: this much will be lost
    String failed = instance();
    Instant lostAt = time.now();
    cloud.interrupt(failed);
    assertThat(until(() -> !events(EngineEvent.FailoverCompleted.class).isEmpty(), Duration.ofMinutes(5))).isTrue();
    // a failed instance is unreachable: the failover cannot have read from it
    assertThatThrownBy(() -> dumont.instances().exec(failed, "true", Duration.ofSeconds(10)))
        .isInstanceOf(RemoteException.class);

    EngineEvent.FailoverCompleted f = events(EngineEvent.FailoverCompleted.class).get(0);
    EngineEvent.CheckpointCompleted restored = events(EngineEvent.CheckpointCompleted.class).stream()
        .filter(c -> c.version() == f.restoredVersion()).findFirst().orElseThrow();
    assertThat(f.verified()).isTrue();
    assertThat(f.restoredSha256()).isEqualTo(restored.sha256());
    assertThat(f.toMap()).containsEntry("verified", true).containsEntry("restored_sha256", restored.sha256());
    long newest = newestRestoredRecord(f.newInstanceId());
    double loss = lostAt.getEpochSecond() - newest;
    // the restored content ends where its checkpoint was taken: loss = work since then, within interval + detection
    assertThat(newest).isBetween(restored.at().getEpochSecond() - 2, restored.at().getEpochSecond());
    assertThat(loss).isGreaterThanOrEqualTo(25).isLessThanOrEqualTo(INTERVAL.toSeconds() + 10);
    // and the replacement keeps working on top of the restored state
    assertThat(until(() -> events(EngineEvent.CheckpointCompleted.class).stream()
        .anyMatch(c -> c.instanceId().equals(f.newInstanceId())), Duration.ofMinutes(2))).isTrue();
  }

  @Test
  void aRestartedProcessContinuesTheVersionsAndRestoresFromTheSameStore() {
    engine.apply(spec().build());
    assertThat(until(() -> events(EngineEvent.CheckpointCompleted.class).size() >= 1, Duration.ofMinutes(4))).isTrue();
    long before = events(EngineEvent.CheckpointCompleted.class).get(0).version();
    engineTime.kill(); // crash: no close()
    data.close();
    dumont.close();
    events.clear();
    openProcess();
    assertThat(until(() -> !events(EngineEvent.CheckpointCompleted.class).isEmpty(), Duration.ofMinutes(2))).isTrue();
    assertThat(events(EngineEvent.CheckpointCompleted.class).get(0).version()).isEqualTo(before + 1);
    cloud.interrupt(instance());
    assertThat(until(() -> !events(EngineEvent.FailoverCompleted.class).isEmpty(), Duration.ofMinutes(5))).isTrue();
    EngineEvent.FailoverCompleted f = events(EngineEvent.FailoverCompleted.class).get(0);
    assertThat(f.restoredVersion()).isEqualTo(before + 1);
    assertThat(f.verified()).isTrue();
    assertThat(newestRestoredRecord(f.newInstanceId())).isPositive();
  }

  @Test
  void hibernationComesFromTheProvidersUtilisationSignal_afterAFinalCheckpoint() {
    engine.apply(spec().hibernation(new HibernationPolicy(0.05, Duration.ofMinutes(2), HibernationPolicy.Action.STOP))
        .build());
    assertThat(until(this::healthy, Duration.ofMinutes(3))).as("%s", events).isTrue();
    time.advanceBy(Duration.ofMinutes(5));
    assertThat(events(EngineEvent.Hibernated.class)).isEmpty(); // unknown utilisation is never idle
    String id = instance();
    cloud.gpuUtilisation(id, 0.02);
    assertThat(until(() -> !events(EngineEvent.Hibernated.class).isEmpty(), Duration.ofMinutes(4))).isTrue();
    EngineEvent.Hibernated h = events(EngineEvent.Hibernated.class).get(0);
    assertThat(h.instanceId()).isEqualTo(id);
    assertThat(events(EngineEvent.CheckpointCompleted.class)).anySatisfy(c -> {
      assertThat(c.instanceId()).isEqualTo(id);
      assertThat(c.reason()).contains("hibernat");
      assertThat(c.at()).isBeforeOrEqualTo(h.at());
    });
  }

  @Test
  void aDeploymentWithoutACheckpointStore_isNotBlockedByTheConfiguredObjectStore() {
    engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT)
        .hibernation(new HibernationPolicy(0.05, Duration.ofMinutes(1), HibernationPolicy.Action.STOP)).build());
    assertThat(until(this::healthy, Duration.ofMinutes(3))).isTrue();
    cloud.gpuUtilisation(instance(), 0.0);
    assertThat(until(() -> !events(EngineEvent.Hibernated.class).isEmpty(), Duration.ofMinutes(3))).as("%s", events)
        .isTrue();
    assertThat(events).noneMatch(e -> e instanceof EngineEvent.CheckpointFailed
        || e instanceof EngineEvent.CheckpointCompleted);
  }
}
