package com.dumontcloud.sdk.objectstore;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.engine.DataSync;
import com.dumontcloud.sdk.engine.DataSyncFactory;
import java.util.Set;

/**
 * ServiceLoader entry: deployments whose {@code checkpoint.store} is an {@code s3://} URL get an
 * {@link ObjectStoreDataSync} with the AWS default credential chain (or the spec's {@code profile}).
 */
public final class ObjectStoreDataSyncFactory implements DataSyncFactory {
  @Override
  public Set<String> schemes() {
    return Set.of("s3");
  }

  @Override
  public DataSync create(Dumont dumont) {
    return ObjectStoreDataSync.builder(dumont).build();
  }
}
