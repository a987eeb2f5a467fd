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

  /**
   * An instance the engine's state expects to exist, with the template to probe it with. The observer looks it up
   * once per tick and keeps what it found ({@link #found}): the engine reads the slot's instance from here instead
   * of hashing into the snapshot again for every use (at 10k instances each lookup misses the CPU caches).
   */
  static final class Target {
    private final String providerId;
    private final String instanceId;
    private final Template template;
    /** The snapshot that resolved this target, or null when its provider was not listed (then nothing is known). */
    private Snapshot resolvedIn;
    private Instance found;

    Target(String providerId, String instanceId, Template template) {
      this.providerId = providerId;
      this.instanceId = instanceId;
      this.template = template;
    }

    String providerId() {
      return providerId;
    }

    String instanceId() {
      return instanceId;
    }

    Template template() {
      return template;
    }

    /**
     * The instance {@code snap} holds for ({@code providerId}, {@code instanceId}), read from this target when it
     * was resolved by that snapshot for the same strings (compared by identity: a slot that changed its instance
     * since has new ones), else looked up.
     */
    Instance in(Snapshot snap, String providerId, String instanceId) {
      if (resolvedIn == snap && !snap.replaced && this.instanceId == instanceId && this.providerId == providerId) {
        return found;
      }
      return snap.get(providerId, instanceId);
    }
  }

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
    /** Per provider, how many of its instances here are not TERMINATED (counted as they come in). */
    private final Map<String, int[]> live = new HashMap<>();
    /** Expected instances the listing lacked (the only ones the miss bookkeeping has to look at), in order. */
    private final List<Target> absent = new ArrayList<>();
    /** An instance replaced another after targets were resolved: {@link Target#in} then looks up again. */
    private boolean replaced;

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
      return signals.isEmpty() ? null : signals.get(instanceId); // usually none: no hashing of the id then
    }

    /** Probe result of a running instance (blocking probes run here), or null when not probed. */
    Boolean health(String instanceId) {
      return health.isEmpty() ? null : health.get(instanceId); // empty unless the probe blocks: no hashing then
    }

    boolean notFound(String providerId, String id) {
      return !notFound.isEmpty() && notFound.contains(providerId + "|" + id);
    }

    /** The expected instances the listings lacked (fetched or not), in the order they were expected. */
    List<Target> absent() {
      return absent;
    }

    /** How many listed (or fetched) instances are not TERMINATED, over every provider listed. */
    int liveCount() {
      int n = 0;
      for (int[] c : live.values()) n += c[0];
      return n;
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

    private boolean add(String providerId, Instance i) {
      byKey.remove(providerId); // an index built before this instance came in is rebuilt on the next byKey
      return add(byProvider.computeIfAbsent(providerId, k -> new HashMap<>()),
          inOrder.computeIfAbsent(providerId, k -> new ArrayList<>()), live.computeIfAbsent(providerId, k -> new int[1]),
          i);
    }

    /**
     * Add to one provider's map, order and live count (the listing loop fetches those once, not per instance).
     * Returns false when the id was there already (listed twice, rare): the later one is kept, once.
     */
    private static boolean add(Map<String, Instance> m, List<Instance> order, int[] liveCount, Instance i) {
      Instance was = m.put(i.id(), i);
      if (i.state() != InstanceState.TERMINATED) liveCount[0]++;
      if (was == null) {
        order.add(i);
        return true;
      }
      order.set(order.indexOf(was), i);
      if (was.state() != InstanceState.TERMINATED) liveCount[0]--;
      return false;
    }

    /** Start a provider's listing, its maps sized for {@code n} instances (no rehashing while it fills). */
    private void listing(String providerId, int n) {
      int capacity = (int) Math.min(1 << 30, n / 0.75 + 1);
      byProvider.put(providerId, new HashMap<>(capacity));
      inOrder.put(providerId, new ArrayList<>(n));
      live.put(providerId, new int[1]);
      byKey.remove(providerId);
    }

    private void forget(String providerId) {
      byProvider.remove(providerId);
      byKey.remove(providerId);
      inOrder.remove(providerId);
      live.remove(providerId);
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
      Optional<SpotMarket> sm = cp.capability(SpotMarket.class);
      List<String> ids = null; // the live ids the interruption signals are asked for, collected while listing
      boolean twice = false;
      try {
        List<Instance> listed = cp.list(quotaTeams.isEmpty() ? Map.of(Labels.OWNER, engineId) : Map.of());
        snap.listing(p, listed.size());
        Map<String, Instance> m = snap.byProvider.get(p);
        List<Instance> order = snap.inOrder.get(p);
        int[] liveCount = snap.live.get(p);
        if (sm.isPresent()) ids = new ArrayList<>(listed.size());
        for (Instance i : listed) {
          if (!engineId.equals(i.label(Labels.OWNER))) { // never trust a provider's filter blindly
            String team = i.label(Labels.TEAM);
            if (team != null && quotaTeams.contains(team) && i.state().isActive()) snap.foreign.add(i);
            continue;
          }
          if (!Snapshot.add(m, order, liveCount, i)) twice = true;
          else if (ids != null && i.state() != InstanceState.TERMINATED) ids.add(i.id());
        }
      } catch (DumontException e) {
        snap.forget(p);
        log.debug("[engine={}, provider={}] list failed, skipping this tick: {}", engineId, p, e.toString());
        continue;
      }
      if (ids != null && twice) ids = liveIds(snap.inOrder.get(p)); // an id listed twice (rare): as the snapshot keeps it
      ids = resolve(snap, cp, p, expected, ids);
      if (ids != null) signals(snap, sm.get(), p, ids, signalsSince);
    }
    if (probe.blocking()) probeInParallel(snap, expected);
    return snap;
  }

  private static List<String> liveIds(List<Instance> listed) {
    List<String> ids = new ArrayList<>(listed.size());
    for (Instance i : listed) if (i.state() != InstanceState.TERMINATED) ids.add(i.id());
    return ids;
  }

  /**
   * Look up each expected instance of provider {@code p} once ({@link Target#found}); a listing can miss one
   * (eventual consistency, a mirror lagging): ask for it by id. Returns the ids to ask signals for, with the fetched
   * live ones appended after the listed ones (as the snapshot orders them).
   */
  private List<String> resolve(Snapshot snap, CloudProvider cp, String p, List<Target> expected, List<String> ids) {
    Map<String, Instance> m = snap.byProvider.get(p);
    for (Target t : expected) {
      if (!p.equals(t.providerId())) continue;
      Instance found = m.get(t.instanceId());
      if (found == null) {
        snap.absent.add(t);
        try {
          Instance i = cp.get(t.instanceId());
          if (i != null && engineId.equals(i.label(Labels.OWNER))) {
            if (!i.id().equals(t.instanceId())) snap.replaced = true; // under another id: resolved ones may be stale
            if (snap.add(p, i)) {
              if (ids != null && i.state() != InstanceState.TERMINATED) ids.add(i.id());
            } else { // fetched under an id the snapshot holds already (rare): what was resolved may be stale
              snap.replaced = true;
              if (ids != null) ids = liveIds(snap.inOrder.get(p));
            }
            found = m.get(t.instanceId());
          } else {
            snap.notFound.add(p + "|" + t.instanceId());
          }
        } catch (NotFoundException e) {
          snap.notFound.add(p + "|" + t.instanceId());
        } catch (DumontException e) {
          log.debug("[engine={}, instance={}] get failed; unknown this tick: {}", engineId, t.instanceId(), e.toString());
        }
      }
      t.found = found;
      t.resolvedIn = snap;
    }
    return ids;
  }

  private void signals(Snapshot snap, SpotMarket sm, String p, List<String> ids, Instant since) {
    if (ids.isEmpty()) return;
    try {
      for (SpotMarket.Interruption in : sm.interruptions(ids, since)) snap.signals.put(in.instanceId(), in);
    } catch (DumontException e) {
      log.debug("[engine={}, provider={}] interruption signals unavailable: {}", engineId, p, e.toString());
    }
  }

  /** Probe every running expected instance at once, each within the batch's deadline. */
  private void probeInParallel(Snapshot snap, List<Target> expected) {
    Map<String, Future<Boolean>> futures = new HashMap<>();
    for (Target t : expected) {
      Instance inst = t.in(snap, t.providerId(), t.instanceId());
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
