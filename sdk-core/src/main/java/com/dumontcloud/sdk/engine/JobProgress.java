package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.model.Instance;

/** Tells the engine when a JOB deployment's work is finished. */
@FunctionalInterface
public interface JobProgress {
  boolean completed(String deploymentId, Instance instance);

  /** Never completes (the job runs until deleted). */
  static JobProgress never() {
    return (d, i) -> false;
  }
}
