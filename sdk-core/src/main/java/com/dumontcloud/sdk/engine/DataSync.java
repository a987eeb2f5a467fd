package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.model.Instance;

/**
 * Moves a deployment's data between instances and durable storage. The engine checkpoints a healthy
 * replica on a schedule (the interval is the RPO) and before planned stops; after a failover it restores the
 * last completed checkpoint onto the replacement and verifies it. <b>It never reads from a failed
 * instance</b>: a spot loss means the data on it is already gone.
 */
public interface DataSync {
  /** Take a checkpoint of a healthy instance; returns only once it is complete. */
  Checkpoint checkpoint(String deploymentId, Instance source);

  /** Restore a checkpoint onto a (new) instance. */
  void restore(Checkpoint checkpoint, Instance target);

  /** True when the target holds exactly the checkpoint's data. */
  boolean verify(Checkpoint checkpoint, Instance target);
}
