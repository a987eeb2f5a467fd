package com.dumontcloud.sdk.testkit.engine;

import com.dumontcloud.sdk.engine.store.StateStore;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Wraps a store and simulates a crash: when a write matches the armed predicate, the write is persisted (or not,
 * by choice) and a {@link SimulatedCrash} is thrown; every later call throws too (the process is dead).
 */
public final class CrashingStateStore implements StateStore {
  /** Thrown at the crash point; an {@link Error} so that the engine does not swallow it. */
  public static final class SimulatedCrash extends Error {
    public SimulatedCrash(String message) {
      super(message, null, false, false);
    }
  }

  private final StateStore delegate;
  private volatile Predicate<Map<String, Object>> trigger;
  private volatile boolean persistBeforeCrash;
  private volatile boolean dead;
  private int writes;

  private CrashingStateStore(StateStore delegate) {
    this.delegate = delegate;
  }

  public static CrashingStateStore over(StateStore delegate) {
    return new CrashingStateStore(delegate);
  }

  /** Crash on the first write whose record matches, after persisting it when {@code persistFirst}. */
  public CrashingStateStore crashOn(Predicate<Map<String, Object>> when, boolean persistFirst) {
    this.trigger = when;
    this.persistBeforeCrash = persistFirst;
    return this;
  }

  /** Crash on the next call of any kind. */
  public void crashNow() {
    dead = true;
  }

  public boolean dead() {
    return dead;
  }

  public synchronized int writes() {
    return writes;
  }

  @Override
  public synchronized void put(String deploymentId, Map<String, Object> record) {
    if (dead) throw new SimulatedCrash("store is dead");
    Predicate<Map<String, Object>> t = trigger;
    if (t != null && t.test(record)) {
      dead = true;
      if (persistBeforeCrash) delegate.put(deploymentId, record);
      throw new SimulatedCrash("crash while writing " + deploymentId);
    }
    writes++;
    delegate.put(deploymentId, record);
  }

  @Override
  public synchronized void remove(String deploymentId) {
    if (dead) throw new SimulatedCrash("store is dead");
    delegate.remove(deploymentId);
  }

  @Override
  public Map<String, Map<String, Object>> loadAll() {
    if (dead) throw new SimulatedCrash("store is dead");
    return delegate.loadAll();
  }

  @Override
  public Map<String, Object> load(String deploymentId) {
    if (dead) throw new SimulatedCrash("store is dead");
    return delegate.load(deploymentId);
  }

  /** The wrapped store's leases (a dead process's leases simply stop being renewed). */
  @Override
  public com.dumontcloud.sdk.engine.store.Leases leases() {
    return delegate.leases();
  }
}
