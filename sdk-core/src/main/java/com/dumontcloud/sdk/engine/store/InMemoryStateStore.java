package com.dumontcloud.sdk.engine.store;

import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keeps records as JSON text so that readers never share mutable state with the engine. */
final class InMemoryStateStore implements StateStore {
  private final Map<String, String> records = new LinkedHashMap<>();

  @Override
  public synchronized void put(String deploymentId, Map<String, Object> record) {
    records.put(deploymentId, MoshiJsonCodec.get().write(record));
  }

  @Override
  public synchronized void remove(String deploymentId) {
    records.remove(deploymentId);
  }

  @Override
  public synchronized Map<String, Map<String, Object>> loadAll() {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    records.forEach((k, v) -> out.put(k, Json.obj(MoshiJsonCodec.get().parse(v), "record " + k)));
    return out;
  }

  @Override
  public String toString() {
    return "InMemoryStateStore" + records.keySet();
  }
}
