package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.model.Instance;
import java.util.List;

/**
 * Moves a deployment's data between instances and durable storage. The engine checkpoints a healthy
 * replica on a schedule (the interval is the RPO) and before planned stops; after a failover it restores the
 * last completed checkpoint onto the replacement and verifies it before the replica may become healthy.
 * <b>It never reads from a failed instance</b>: a spot loss means the data on it is already gone.
 *
 * <p>The engine calls the {@link DeploymentSpec} variants, which default to the id-only ones; an implementation
 * configured per deployment ({@code ObjectStoreDataSync} reads {@link DeploymentSpec#checkpoint()}) overrides
 * those.
 */
public interface DataSync {
  /** Take a checkpoint of a healthy instance; returns only once it is complete and verified in the store. */
  Checkpoint checkpoint(String deploymentId, Instance source);

  /**
   * Restore a checkpoint onto a (new) instance. An implementation with retention keeps the version it is restoring
   * for the whole restore (a concurrent checkpoint's pruning must not delete it).
   */
  void restore(Checkpoint checkpoint, Instance target);

  /** True when the target holds exactly the checkpoint's data. */
  boolean verify(Checkpoint checkpoint, Instance target);

  default Checkpoint checkpoint(DeploymentSpec spec, String slot, Instance source) {
    return checkpoint(spec.id(), source);
  }

  default void restore(DeploymentSpec spec, Checkpoint checkpoint, Instance target) {
    restore(checkpoint, target);
  }

  default boolean verify(DeploymentSpec spec, Checkpoint checkpoint, Instance target) {
    return verify(checkpoint, target);
  }

  /**
   * Whether this DataSync protects the deployment at all (default true). One configured per deployment
   * ({@code ObjectStoreDataSync}) answers false for a spec without a {@code checkpoint:} store, so the engine
   * treats that deployment as having no data to save instead of failing its checkpoints.
   */
  default boolean protects(DeploymentSpec spec) {
    return true;
  }

  /** The stored versions of a deployment, oldest first (empty when the store cannot list them). */
  default List<Checkpoint> checkpoints(DeploymentSpec spec) {
    return List.of();
  }
}
