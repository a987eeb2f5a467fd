package com.dumontcloud.sdk.serverless;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps endpoint records in memory (the default). */
final class InMemoryEndpointStore implements EndpointStore {
  private final Map<String, Map<String, Object>> records = new LinkedHashMap<>();

  @Override
  public synchronized List<Map<String, Object>> loadAll() {
    return new ArrayList<>(records.values());
  }

  @Override
  public synchronized void save(String endpointId, Map<String, Object> record) {
    records.put(endpointId, record);
  }

  @Override
  public synchronized void delete(String endpointId) {
    records.remove(endpointId);
  }
}
