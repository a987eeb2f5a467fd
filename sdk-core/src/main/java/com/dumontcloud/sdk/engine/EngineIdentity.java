package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.engine.store.StateStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who an engine is, persisted in its state store under the reserved record {@value #RECORD} (deployment ids
 * cannot start with '_'): the engine id — the {@code dumont-owner} label of everything it launches — generated
 * once ({@code dumont-} + 12 random hex digits) unless the builder names one, and the tombstones of deleted
 * deployments (their last generation per slot, kept for {@link #TOMBSTONE_TTL}) so that an instance whose
 * launch outcome arrives after the deletion is still recognised as this engine's and cleaned up.
 */
final class EngineIdentity {
  private static final Logger log = LoggerFactory.getLogger(EngineIdentity.class);
  static final String RECORD = "_engine";
  static final Duration TOMBSTONE_TTL = Duration.ofDays(7);
  private static final SecureRandom RANDOM = new SecureRandom();

  final String engineId;
  /** Deleted deployment → (slot → last generation), with the deletion time. */
  final Map<String, Map<String, Integer>> tombstones = new LinkedHashMap<>();
  final Map<String, Instant> deletedAt = new HashMap<>();
  private final StateStore store;

  private EngineIdentity(StateStore store, String engineId) {
    this.store = store;
    this.engineId = engineId;
  }

  /** Load the identity from the store, or create and persist one. */
  @SuppressWarnings("unchecked")
  static EngineIdentity load(StateStore store, String requested) {
    Map<String, Object> rec = store.loadAll().get(RECORD);
    String stored = rec == null ? null : (String) rec.get("engine_id");
    String id = requested != null ? requested : stored != null ? stored : generate();
    if (requested != null && stored != null && !stored.equals(requested)) {
      log.warn("[engine={}] the state store belonged to engine '{}'; instances labelled with the old id are no "
          + "longer managed by this engine", requested, stored);
    }
    EngineIdentity e = new EngineIdentity(store, id);
    if (rec != null && rec.get("tombstones") instanceof Map<?, ?> t) {
      ((Map<String, Object>) t).forEach((dep, v) -> {
        Map<String, Object> x = (Map<String, Object>) v;
        Map<String, Integer> gens = new LinkedHashMap<>();
        if (x.get("slots") instanceof Map<?, ?> sl) {
          ((Map<String, Object>) sl).forEach((k, g) -> gens.put(k, ((Number) g).intValue()));
        }
        e.tombstones.put(dep, gens);
        Object at = x.get("deleted_at");
        e.deletedAt.put(dep, at == null ? Instant.EPOCH : Instant.parse(String.valueOf(at)));
      });
    }
    if (!id.equals(stored)) e.save();
    return e;
  }

  static String generate() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    StringBuilder sb = new StringBuilder("dumont-");
    for (byte x : b) sb.append(String.format("%02x", x));
    return sb.toString();
  }

  /** Remember a deleted deployment's generations. */
  void tombstone(DeploymentState d, Instant now) {
    Map<String, Integer> gens = new LinkedHashMap<>();
    for (Slot s : d.slots) gens.put(s.name, s.generation);
    tombstones.put(d.spec.id(), gens);
    deletedAt.put(d.spec.id(), now);
    prune(now);
    save();
  }

  /** A deployment applied again under a deleted id starts its generations after the tombstone's. */
  Map<String, Integer> revive(String deploymentId) {
    Map<String, Integer> g = tombstones.remove(deploymentId);
    deletedAt.remove(deploymentId);
    if (g != null) save();
    return g;
  }

  private void prune(Instant now) {
    deletedAt.entrySet().removeIf(e -> {
      boolean old = e.getValue().plus(TOMBSTONE_TTL).isBefore(now);
      if (old) tombstones.remove(e.getKey());
      return old;
    });
  }

  private void save() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("engine_id", engineId);
    Map<String, Object> t = new LinkedHashMap<>();
    tombstones.forEach((dep, gens) -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("slots", new LinkedHashMap<>(gens));
      x.put("deleted_at", deletedAt.getOrDefault(dep, Instant.EPOCH).toString());
      t.put(dep, x);
    });
    m.put("tombstones", t);
    store.put(RECORD, m);
  }
}
