package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.SpotMarket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observe phase: one listing per provider (by this engine's owner label), the providers' interruption
 * signals, a {@code get} for every instance the state expects but the listing lacks, and health probes of the
 * running ones in parallel with a deadline. Runs without the engine lock; its result is an immutable
 * {@link Snapshot}.
 */
final class Observer {
  private static final Logger log = LoggerFactory.getLogger(Observer.class);

  /** An instance the engine's state expects to exist, with the template to probe it with. */
  record Target(String providerId, String instanceId, Template template) {}

  private final Dumont dumont;
  private final String engineId;
  private final HealthProbe probe;
  private final ExecutorService probePool;
  private final Duration probeDeadline;
  /**
   * Teams with a quota: when there are any, each provider is listed whole (one call, as before) and the live
   * instances of these teams that another owner runs are kept in {@link Snapshot#foreign()}, so that the quota
   * counts them too. Without quotas the listing asks for this engine's owner label only.
   */
  private final Set<String> quotaTeams;

  Observer(Dumont dumont, String engineId, HealthProbe probe, ExecutorService probePool, Duration probeDeadline,
      Set<String> quotaTeams) {
    this.dumont = dumont;
    this.engineId = engineId;
    this.probe = probe;
    this.probePool = probePool;
    this.probeDeadline = probeDeadline;
    this.quotaTeams = Set.copyOf(quotaTeams);
  }

  /** What the providers reported in one tick. Built by {@link #observe}, read-only afterwards (but for the lazy key index). */
  static final class Snapshot {
    private final Map<String, Map<String, Instance>> byProvider = new HashMap<>();
    /**
     * The same instances per provider in the order the provider listed them (fetched ones last). Whole-fleet
     * passes iterate these, not the maps: a hash map's order is random in memory, and at 10k instances a pass in
     * that order misses the CPU caches on every instance (and on the deployment it looks up for it).
     */
    private final Map<String, List<Instance>> inOrder = new HashMap<>();
    /**
     * Per provider, the live instances by idempotency key (nested: no per-instance key string is built). Built on
     * the first {@link #byKey} for that provider: only a launching or draining slot asks, so a steady tick at 10k
     * instances does not index them twice.
     */
    private final Map<String, Map<String, Instance>> byKey = new HashMap<>();
    private final Map<String, SpotMarket.Interruption> signals = new HashMap<>();
    private final Map<String, Boolean> health = new HashMap<>();
    /** provider|id of expected instances that the listing lacked and {@code get} said do not exist. */
    private final Set<String> notFound = new HashSet<>();
    /** Live instances of a quota team that another owner runs (empty without quotas). */
    private final List<Instance> foreign = new ArrayList<>();

    /** Live instances of a team with a quota that are not this engine's (another engine's, direct launches). */
    List<Instance> foreign() {
      return foreign;
    }

    boolean known(String providerId) {
      return providerId != null && byProvider.containsKey(providerId);
    }

    Instance get(String providerId, String id) {
      Map<String, Instance> m = byProvider.get(providerId);
      return m == null || id == null ? null : m.get(id);
    }

    synchronized Instance byKey(String providerId, String key) {
      if (key == null) return null;
      Map<String, Instance> m = byKey.get(providerId);
      if (m == null) {
        List<Instance> listed = inOrder.get(providerId);
        if (listed == null) return null;
        m = new HashMap<>((int) Math.min(1 << 30, listed.size() / 0.75 + 1));
        for (Instance i : listed) {
          String k = i.label(Labels.KEY);
          if (k != null && i.state() != InstanceState.TERMINATED) m.put(k, i);
        }
        byKey.put(providerId, m);
      }
      return m.get(key);
    }

    SpotMarket.Interruption signal(String instanceId) {
      return signals.get(instanceId);
    }

    /** Probe result of a running instance (blocking probes run here), or null when not probed. */
    Boolean health(String instanceId) {
      return health.isEmpty() ? null : health.get(instanceId); // empty unless the probe blocks: no hashing then
    }

    boolean notFound(String providerId, String id) {
      return notFound.contains(providerId + "|" + id);
    }

    Map<String, Map<String, Instance>> byProvider() {
      return byProvider;
    }

    /** Each provider's instances in listing order (see {@link #inOrder}). */
    Map<String, List<Instance>> listed() {
      return inOrder;
    }

    Collection<Instance> all() {
      List<Instance> out = new ArrayList<>();
      inOrder.values().forEach(out::addAll);
      return out;
    }

    /** The instance with this id in any provider's listing, or null (a map lookup per provider, no scan). */
    Instance anyProvider(String id) {
      for (Map<String, Instance> m : byProvider.values()) {
        Instance i = m.get(id);
        if (i != null) return i;
      }
      return null;
    }

    private void add(String providerId, Instance i) {
      Instance was = byProvider.computeIfAbsent(providerId, k -> new HashMap<>()).put(i.id(), i);
      List<Instance> order = inOrder.computeIfAbsent(providerId, k -> new ArrayList<>());
      if (was == null) order.add(i);
      else order.set(order.indexOf(was), i); // listed twice (rare): the later one, once
      byKey.remove(providerId); // an index built before this instance came in is rebuilt on the next byKey
    }

    /** Start a provider's listing, its maps sized for {@code n} instances (no rehashing while it fills). */
    private void listing(String providerId, int n) {
      int capacity = (int) Math.min(1 << 30, n / 0.75 + 1);
      byProvider.put(providerId, new HashMap<>(capacity));
      inOrder.put(providerId, new ArrayList<>(n));
    }
  }

  Snapshot observe(Set<String> providers, List<Target> expected, Instant signalsSince) {
    Snapshot snap = new Snapshot();
    for (String p : providers) {
      CloudProvider cp;
      try {
        cp = dumont.provider(p);
      } catch (DumontException e) {
        continue;
      }
      try {
        List<Instance> listed = cp.list(quotaTeams.isEmpty() ? Map.of(Labels.OWNER, engineId) : Map.of());
        snap.listing(p, listed.size());
        for (Instance i : listed) {
          if (!engineId.equals(i.label(Labels.OWNER))) { // never trust a provider's filter blindly
            String team = i.label(Labels.TEAM);
            if (team != null && quotaTeams.contains(team) && i.state().isActive()) snap.foreign.add(i);
            continue;
          }
          snap.add(p, i);
        }
      } catch (DumontException e) {
        snap.byProvider.remove(p);
        snap.byKey.remove(p);
        snap.inOrder.remove(p);
        log.debug("[engine={}, provider={}] list failed, skipping this tick: {}", engineId, p, e.toString());
        continue;
      }
      confirmMissing(snap, cp, p, expected);
      signals(snap, cp, p, signalsSince);
    }
    if (probe.blocking()) probeInParallel(snap, expected);
    return snap;
  }

  /** A listing can miss an instance (eventual consistency, a mirror lagging): ask for it by id. */
  private void confirmMissing(Snapshot snap, CloudProvider cp, String p, List<Target> expected) {
    for (Target t : expected) {
      if (!p.equals(t.providerId()) || snap.get(p, t.instanceId()) != null) continue;
      try {
        Instance i = cp.get(t.instanceId());
        if (i != null && engineId.equals(i.label(Labels.OWNER))) snap.add(p, i);
        else snap.notFound.add(p + "|" + t.instanceId());
      } catch (NotFoundException e) {
        snap.notFound.add(p + "|" + t.instanceId());
      } catch (DumontException e) {
        log.debug("[engine={}, instance={}] get failed; unknown this tick: {}", engineId, t.instanceId(), e.toString());
      }
    }
  }

  private void signals(Snapshot snap, CloudProvider cp, String p, Instant since) {
    Optional<SpotMarket> sm = cp.capability(SpotMarket.class);
    if (sm.isEmpty()) return;
    List<String> ids = new ArrayList<>();
    for (Instance i : snap.inOrder.get(p)) {
      if (i.state() != InstanceState.TERMINATED) ids.add(i.id());
    }
    if (ids.isEmpty()) return;
    try {
      for (SpotMarket.Interruption in : sm.get().interruptions(ids, since)) snap.signals.put(in.instanceId(), in);
    } catch (DumontException e) {
      log.debug("[engine={}, provider={}] interruption signals unavailable: {}", engineId, p, e.toString());
    }
  }

  /** Probe every running expected instance at once, each within the batch's deadline. */
  private void probeInParallel(Snapshot snap, List<Target> expected) {
    Map<String, Future<Boolean>> futures = new HashMap<>();
    for (Target t : expected) {
      Instance inst = snap.get(t.providerId(), t.instanceId());
      if (inst == null || inst.state() != InstanceState.RUNNING || futures.containsKey(inst.id())) continue;
      futures.put(inst.id(), probePool.submit(() -> probe.healthy(inst, t.template())));
    }
    long deadline = System.nanoTime() + probeDeadline.toNanos();
    for (Map.Entry<String, Future<Boolean>> e : futures.entrySet()) {
      boolean ok;
      try {
        ok = Boolean.TRUE.equals(e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (ExecutionException | TimeoutException ex) {
        e.getValue().cancel(true);
        ok = false;
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        ok = false;
      }
      snap.health.put(e.getKey(), ok);
    }
  }
}
