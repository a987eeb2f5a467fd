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

  /**
   * The record of one deployment (a deep copy), or null. The default reads {@link #loadAll()}; a store shared by
   * several replicas reads one row.
   */
  default Map<String, Object> load(String deploymentId) {
    return loadAll().get(deploymentId);
  }

  /**
   * Who may act on which deployment. The default is {@link Leases#exclusive()}: this process owns every record
   * (in-memory and file stores). A store several engine replicas share returns its leases, and then fences every
   * {@link #put} of a deployment record by the lease epoch ({@link FencedWriteException}). Records whose id
   * starts with {@code _} (the engine's identity) are not leased.
   */
  default Leases leases() {
    return Leases.exclusive();
  }

  @Override
  default void close() {}

  /** Process-local store (state survives a new Orchestrator on the same store object, not a JVM restart). */
  static StateStore inMemory() {
    return new InMemoryStateStore();
  }

  /**
   * Append-only JSON-lines journal with fsync and compaction; survives process restarts and crashes.
   *
   * <p>Durability rules:
   * <ul>
   *   <li>Each {@link #put} and {@link #remove} appends one line and forces it to the device
   *       ({@code FileChannel.force(false)}) before it returns, so an intent the engine records is durable
   *       before the engine makes the provider call it describes. A call that throws has left nothing behind: a partly
   *       written line is cut off again, and if even that fails the store refuses further writes until reopened.
   *       Creating the journal also forces its directory, so the file itself survives a crash.
   *   <li>A crash (process kill, power loss) can leave at most one torn record: the last line, cut at any byte.
   *       It belongs to a call that never returned, and the next open drops it (truncating the file to the end
   *       of the last complete record) and logs one WARN with the file and the number of bytes dropped. Every
   *       record whose call returned is replayed. A complete last record that only lacks its newline is kept.
   *   <li>A damaged line followed by further records is not a crash artefact; opening fails with an
   *       {@link IllegalStateException} naming the file and the line.
   *   <li>Compaction (when the file holds many more entries than live records) writes the live records to
   *       {@code <file>.compact}, forces it, atomically moves it over the journal and forces the directory
   *       (where the platform can open a directory; Windows cannot). A crash leaves the old or the new journal,
   *       never a mix; a leftover {@code <file>.compact} is deleted on the next open. A compaction that fails
   *       during a put is logged as a WARN and tried again later; the put itself has already succeeded.
   *   <li>Entries written by a newer version with an unknown {@code op} are skipped and unknown fields ignored,
   *       with a WARN, rather than failing the open.
   *   <li>One process per journal file: nothing locks it, and two processes appending to it would interleave
   *       and corrupt it. Open it once per process and share the store, which is thread-safe.
   * </ul>
   *
   * @param file the journal; missing parent directories are created
   * @throws java.io.UncheckedIOException if the journal cannot be read, created or repaired
   * @throws IllegalStateException if the journal is corrupt other than at its last line
   */
  static StateStore fileJournal(Path file) {
    return FileJournalStateStore.open(file, 2_000);
  }
}
