package com.dumontcloud.sdk.serverless;

import java.util.List;
import java.util.Map;

/**
 * Where endpoints (spec, replicas, 24 h stats) are kept as JSON trees, so they survive a restart of the
 * application, or separate CLI invocations. Implementations must be thread-safe.
 */
public interface EndpointStore {
  List<Map<String, Object>> loadAll();

  void save(String endpointId, Map<String, Object> record);

  void delete(String endpointId);

  static EndpointStore inMemory() {
    return new InMemoryEndpointStore();
  }

  /** One JSON file per endpoint under {@code dir}, written atomically. */
  static EndpointStore files(java.nio.file.Path dir) {
    return new FileEndpointStore(dir);
  }
}
