package com.dumontcloud.sdk.testkit.engine;

import com.dumontcloud.sdk.engine.Checkpoint;
import com.dumontcloud.sdk.engine.DataSync;
import com.dumontcloud.sdk.engine.JobProgress;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Simulated data: each deployment's workload makes progress ("work", in seconds) while a replica is healthy;
 * a checkpoint stores the progress reached as a new version (with a size in bytes), a restore sets a new
 * instance's progress to the checkpoint's. Checkpointing an instance whose workload is not healthy fails, so a
 * test proves the engine never reads from a failed instance. Also a {@link JobProgress}: a job with
 * {@link #job(String, Duration)} total work completes when an instance reaches it.
 */
public final class SimDataSync implements DataSync, JobProgress {
  /** One stored version. */
  public record Version(String deploymentId, long version, Instant completedAt, double workSeconds, long bytes,
      String fromInstance) {}

  private final SimulatedCloud cloud;
  private final Map<String, List<Version>> versions = new HashMap<>();
  private final Map<String, Double> base = new HashMap<>();
  private final Map<String, Instant> startedAt = new HashMap<>();
  private final Map<String, Long> restored = new HashMap<>();
  private final Map<String, Instant> lastSeenHealthy = new HashMap<>();
  private final Map<String, String> deploymentOf = new HashMap<>();
  private final Map<String, Duration> jobs = new HashMap<>();
  private long checkpointRefusals;

  private SimDataSync(SimulatedCloud cloud) {
    this.cloud = cloud;
  }

  public static SimDataSync of(SimulatedCloud cloud) {
    return new SimDataSync(cloud);
  }

  /** Declare a job deployment's total work. */
  public synchronized SimDataSync job(String deploymentId, Duration totalWork) {
    jobs.put(deploymentId, totalWork);
    return this;
  }

  private Instant now() {
    return cloud.scheduler().now();
  }

  private Instant start(String instanceId) {
    Instant ready = cloud.workloadReadyAt(instanceId);
    Instant r = startedAt.get(instanceId);
    if (ready == null) return r;
    return r == null || ready.isAfter(r) ? ready : r;
  }

  /** Work reached by an instance now (seconds), when healthy. */
  public synchronized double work(String instanceId) {
    Instant s = start(instanceId);
    double b = base.getOrDefault(instanceId, 0.0);
    if (s == null) return b;
    return b + Math.max(0, Duration.between(s, now()).toMillis() / 1000.0);
  }

  @Override
  public synchronized Checkpoint checkpoint(String deploymentId, Instance source) {
    if (!cloud.workloadHealthy(source.id())) {
      checkpointRefusals++;
      throw new IllegalStateException("cannot checkpoint " + source.id() + ": its workload is not healthy (the data"
          + " on a failed instance is gone)");
    }
    deploymentOf.put(source.id(), deploymentId);
    List<Version> vs = versions.computeIfAbsent(deploymentId, k -> new ArrayList<>());
    long v = vs.size() + 1;
    double w = work(source.id());
    long bytes = 1_000_000_000L + (long) (w * 1_000_000);
    Version ver = new Version(deploymentId, v, now(), w, bytes, source.id());
    vs.add(ver);
    return new Checkpoint(deploymentId, v, ver.completedAt(), bytes, "sim://checkpoints/" + deploymentId + "/v" + v);
  }

  @Override
  public synchronized void restore(Checkpoint checkpoint, Instance target) {
    Version v = version(checkpoint.deploymentId(), checkpoint.version());
    if (v == null) throw new IllegalStateException("no checkpoint v" + checkpoint.version());
    base.put(target.id(), v.workSeconds());
    startedAt.put(target.id(), now());
    restored.put(target.id(), v.version());
    deploymentOf.put(target.id(), checkpoint.deploymentId());
  }

  @Override
  public synchronized boolean verify(Checkpoint checkpoint, Instance target) {
    Long v = restored.get(target.id());
    return v != null && v == checkpoint.version();
  }

  @Override
  public synchronized boolean completed(String deploymentId, Instance instance) {
    deploymentOf.put(instance.id(), deploymentId);
    lastSeenHealthy.put(instance.id(), now());
    Duration total = jobs.get(deploymentId);
    return total != null && work(instance.id()) >= total.toMillis() / 1000.0;
  }

  public synchronized Version version(String deploymentId, long version) {
    List<Version> vs = versions.getOrDefault(deploymentId, List.of());
    return version >= 1 && version <= vs.size() ? vs.get((int) version - 1) : null;
  }

  public synchronized List<Version> versions(String deploymentId) {
    return List.copyOf(versions.getOrDefault(deploymentId, List.of()));
  }

  /** The version restored onto an instance, or null. */
  public synchronized Long restoredVersion(String instanceId) {
    return restored.get(instanceId);
  }

  /** Checkpoints refused because the source was not healthy. */
  public synchronized long checkpointRefusals() {
    return checkpointRefusals;
  }

  /**
   * Work computed for a job deployment by all its instances (seconds, as last seen healthy by the engine):
   * minus the job's total, this is the work redone after interruptions.
   */
  public synchronized double computedWork(String deploymentId) {
    double sum = 0;
    for (Map.Entry<String, Instant> e : lastSeenHealthy.entrySet()) {
      if (!deploymentId.equals(deploymentOf.get(e.getKey()))) continue;
      Instant s = start(e.getKey());
      if (s != null) sum += Math.max(0, Duration.between(s, e.getValue()).toMillis() / 1000.0);
    }
    return sum;
  }
}
