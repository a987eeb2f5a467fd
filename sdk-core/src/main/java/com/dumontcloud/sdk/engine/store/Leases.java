package com.dumontcloud.sdk.engine.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which deployments of a shared {@link StateStore} this process may act on. A store that several engine replicas
 * share (the JDBC store) holds one lease per deployment (owner, epoch, expiry); the engine calls {@link #refresh}
 * at the start of every tick and acts only on the deployments it returns, checks {@link #holds} again right before
 * each provider call, and every {@link StateStore#put} of a deployment record is fenced by the lease epoch (a
 * replica whose lease was taken gets a {@link FencedWriteException} and its intent is never written).
 *
 * <p>The default, {@link #exclusive()}, is one process owning every deployment: what the in-memory and file
 * stores use, so the engine behaves exactly as without leases.
 */
public interface Leases {
  /** True when several processes share the store (the engine then reconciles only what {@link #refresh} returns). */
  boolean shared();

  /**
   * Heartbeat: renew the leases held, give up those beyond a fair share of the live replicas, take free or expired
   * ones up to it ({@code SELECT ... FOR UPDATE SKIP LOCKED} in the JDBC store).
   *
   * @param now the engine's clock
   * @return the deployment ids this process holds now (every id when {@link #shared()} is false: an empty set
   *     then means nothing, the engine ignores it)
   */
  Set<String> refresh(Instant now);

  /** True when this process holds the deployment's lease and, by its own clock, the lease has not expired. */
  boolean holds(String deploymentId, Instant now);

  /**
   * Take the lease of one deployment when it is free, expired or new (a deployment applied on this replica).
   *
   * @return true when this process holds it afterwards
   */
  boolean tryAcquire(String deploymentId, Instant now);

  /** Give every lease back (a clean shutdown): other replicas take over without waiting for the TTL. */
  void releaseAll();

  /**
   * Shared store: leave a request (an apply or a delete received by this replica) for the replica that holds the
   * deployment's lease. Durable: the holder reads it with {@link #pending} at its next tick, acts on it and then
   * calls {@link #done}; when the holder dies first, its successor finds it.
   *
   * @param request the request as JSON-shaped data ({@code op} plus its arguments)
   * @throws UnsupportedOperationException on a store that is not shared (nothing is ever held elsewhere there)
   */
  default void post(String deploymentId, Map<String, Object> request) {
    throw new UnsupportedOperationException("this state store is not shared: apply the deployment here");
  }

  /** Requests {@link #post posted} for these deployments (the ones this replica holds), oldest first. */
  default List<Posted> pending(Set<String> deploymentIds) {
    return List.of();
  }

  /** Forget requests this replica has acted on. */
  default void done(List<Long> ids) {}

  /** A request posted for the holder of a deployment's lease. */
  record Posted(long id, String deploymentId, Map<String, Object> request) {
    public Posted {
      request = Collections.unmodifiableMap(new LinkedHashMap<>(request));
    }
  }

  /** One process owns everything; nothing is ever fenced. */
  static Leases exclusive() {
    return Exclusive.INSTANCE;
  }

  /** The single-process default. */
  enum Exclusive implements Leases {
    INSTANCE;

    @Override
    public boolean shared() {
      return false;
    }

    @Override
    public Set<String> refresh(Instant now) {
      return Set.of();
    }

    @Override
    public boolean holds(String deploymentId, Instant now) {
      return true;
    }

    @Override
    public boolean tryAcquire(String deploymentId, Instant now) {
      return true;
    }

    @Override
    public void releaseAll() {}
  }
}
