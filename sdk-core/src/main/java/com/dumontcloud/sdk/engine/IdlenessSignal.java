package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.model.Instance;

/**
 * How busy a replica is, in [0,1]: GPU utilisation, request rate over capacity, or anything custom.
 * The engine hibernates a replica that stays below its {@link HibernationPolicy#threshold()}.
 */
@FunctionalInterface
public interface IdlenessSignal {
  /** Utilisation in [0,1], or a negative value when unknown (never counted as idle). */
  double utilisation(String deploymentId, Instance instance);

  /** Never idle (hibernation disabled in effect). */
  static IdlenessSignal alwaysBusy() {
    return (d, i) -> 1.0;
  }
}
