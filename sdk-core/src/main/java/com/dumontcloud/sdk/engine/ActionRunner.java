package com.dumontcloud.sdk.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The act phase's executor: provider calls and data operations run here, never under the engine lock.
 *
 * <p>Each action has a key (at most one action per key is queued or running: the planner cannot plan the same
 * thing twice while it is in flight) and a queue: actions of one queue run one after another in submission
 * order (one queue per provider, so a provider sees calls in the order the planner decided them and its own rate
 * limiter paces them; one per deployment for data operations), different queues in parallel on two bounded
 * pools, so a slow upload never delays a provider call. An action returns its outcome, a {@link Runnable} that
 * the engine applies under its lock at the end of the tick (or of a later tick, if the action outlived the
 * tick's bounded wait).
 */
final class ActionRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ActionRunner.class);

  /** The off-lock part of an action; returns the outcome to apply under the engine lock (or null). */
  interface Work {
    Runnable run();
  }

  private record Done(long seq, String key, Runnable outcome) {}

  private final ExecutorService providerPool;
  private final ExecutorService dataPool;
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();
  private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
  private final List<CompletableFuture<Void>> thisTick = new ArrayList<>();
  private long seq;

  ActionRunner(int providerThreads, int dataThreads) {
    this.providerPool = pool(providerThreads, "sdk-engine-io-");
    this.dataPool = pool(dataThreads, "sdk-engine-data-");
  }

  /**
   * A bounded pool whose idle threads end after a few seconds: an engine that is dropped without
   * {@code close()} (or a process that builds many) does not keep threads forever.
   */
  static ExecutorService pool(int threads, String prefix) {
    java.util.concurrent.ThreadPoolExecutor p = new java.util.concurrent.ThreadPoolExecutor(threads, threads, 5,
        TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), named(prefix));
    p.allowCoreThreadTimeOut(true);
    return p;
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** True while an action with this key is queued, running, or has an outcome not yet applied. */
  boolean busy(String key) {
    // asked for every slot several times a tick: with nothing in flight, no lookup in a table sized for a burst
    return !busy.isEmpty() && busy.contains(key);
  }

  /** Queue a provider action; false when one with the same key is already in flight. */
  synchronized boolean provider(String key, String providerId, Work work) {
    return submit(key, "p:" + providerId, work, providerPool);
  }

  /** Queue a data operation (checkpoint, restore) of a deployment; false when the key is in flight. */
  synchronized boolean data(String key, String deploymentId, Work work) {
    return submit(key, "d:" + deploymentId, work, dataPool);
  }

  private boolean submit(String key, String queue, Work work, ExecutorService pool) {
    if (!busy.add(key)) return false;
    long n = ++seq;
    CompletableFuture<Void> prev = tails.getOrDefault(queue, CompletableFuture.completedFuture(null));
    CompletableFuture<Void> f = prev.handle((v, e) -> null).thenRunAsync(() -> {
      Runnable outcome;
      try {
        outcome = work.run();
      } catch (RuntimeException e) {
        log.debug("[action={}] failed: {}", key, e.toString());
        outcome = null;
      } catch (Error e) {
        outcome = () -> {
          throw e; // surfaces on the engine's thread (a crash there ends the engine, as in a real process)
        };
      }
      done.add(new Done(n, key, outcome));
    }, pool);
    tails.put(queue, f);
    thisTick.add(f);
    return true;
  }

  /** Wait (real time, at most {@code max}) for the actions queued since the last call; the rest run on. */
  void awaitTick(Duration max) {
    List<CompletableFuture<Void>> wait;
    synchronized (this) {
      wait = new ArrayList<>(thisTick);
      thisTick.clear();
      tails.values().removeIf(CompletableFuture::isDone);
    }
    if (wait.isEmpty()) return;
    try {
      CompletableFuture.allOf(wait.toArray(CompletableFuture[]::new)).get(max.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      log.debug("[engine] {} actions still running after {} ms; their outcomes apply on a later tick",
          wait.stream().filter(f -> !f.isDone()).count(), max.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      log.debug("[engine] action failed: {}", e.toString());
    }
  }

  /**
   * Outcomes of finished actions in submission order (deterministic whatever order they finished in); their
   * keys are free again once drained.
   */
  List<Runnable> drain() {
    List<Done> ds = new ArrayList<>();
    for (Done d; (d = done.poll()) != null; ) ds.add(d);
    ds.sort(java.util.Comparator.comparingLong(Done::seq));
    List<Runnable> out = new ArrayList<>();
    for (Done d : ds) {
      if (d.outcome() != null) out.add(d.outcome());
      busy.remove(d.key());
    }
    return out;
  }

  @Override
  public void close() {
    providerPool.shutdownNow();
    dataPool.shutdownNow();
  }
}
