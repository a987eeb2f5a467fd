package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.Dumont;

/**
 * ServiceLoader entry that builds a {@link DataSync} for the deployments whose {@link CheckpointSpec#store()}
 * has one of its URL schemes ({@code s3} for {@code dumont-sdk-objectstore}), so a spec's {@code checkpoint:}
 * block works without code.
 */
public interface DataSyncFactory {
  /** URL schemes served ({@code s3}). */
  java.util.Set<String> schemes();

  DataSync create(Dumont dumont);
}
