package com.dumontcloud.sdk.engine.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the engine keeps its state: one JSON-compatible record per deployment (spec, slots, generations,
 * pending intents, checkpoints, ledger). The engine writes a record <b>before</b> each side-effecting provider
 * call, so {@link #put} must be durable when it returns. Implementations must be thread-safe.
 */
public interface StateStore extends AutoCloseable {
  /** Replace the record of a deployment, durably. */
  void put(String deploymentId, Map<String, Object> record);

  /** Forget a deployment, durably. */
  void remove(String deploymentId);

  /** Every stored record, by deployment id (deep copies). */
  Map<String, Map<String, Object>> loadAll();

  @Override
  default void close() {}

  /** Process-local store (state survives a new Orchestrator on the same store object, not a JVM restart). */
  static StateStore inMemory() {
    return new InMemoryStateStore();
  }

  /** Append-only JSON-lines journal with fsync and compaction; survives process restarts. */
  static StateStore fileJournal(Path file) {
    return FileJournalStateStore.open(file, 2_000);
  }
}
