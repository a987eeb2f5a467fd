package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.EngineListener;
import com.dumontcloud.sdk.engine.FailoverPolicy;
import com.dumontcloud.sdk.engine.FailoverStrategy;
import com.dumontcloud.sdk.engine.HealthProbe;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.exception.BudgetExceededException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.QuotaExceededException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replicas as engine deployments: each replica slot of an endpoint is a one-replica SERVICE deployment
 * {@code <endpointId>-<slot>} of the engine's {@link Orchestrator}, so the engine labels, health-probes and
 * watches it, and replaces it through its failover (COLD, avoiding the interrupted host for the policy's
 * cool-down) when the provider interrupts it. The endpoint runtime then sees the slot's instance change and
 * follows it ({@link ReplicaManager.Observation#managedReplacement()}), routing to the other ready replicas
 * meanwhile; it never launches a replacement of its own.
 *
 * <p>Spot policy per slot comes from the pricing the runtime asks for (SPOT → {@link SpotPolicy#SPOT},
 * ON_DEMAND → {@link SpotPolicy#ON_DEMAND}, either → {@link SpotPolicy#AUTO}); the runtime's spot hedge still
 * decides how many spot and on-demand slots exist (on-demand fallback while a spot slot is being replaced past
 * the endpoint's fallback grace). The first placement of a slot spreads replicas like
 * {@link DirectReplicaManager} (unused hosts, least-loaded regions, recently preempted hosts last): the launch
 * is pinned to the best-ranked hosts, and the pin is dropped once the instance exists so a failover may go
 * anywhere the engine's own placement allows. Scale-down and deletion delete the slot's deployment.
 *
 * <p>Every slot's deployment carries the endpoint's {@link EndpointSpec#labels()} (its owner's
 * {@code dumont-principal} and {@code dumont-team} among them), so the engine's budget guard counts endpoint
 * replicas in the team's quota ({@code Dumont.Builder.quota}) exactly as it counts deployments, and refuses a
 * launch the same way: a {@code BudgetBlocked} event for the slot's deployment, and {@link #launch} throws
 * {@link QuotaExceededException} (naming the team) or {@link BudgetExceededException} with the guard's reason.
 * Instances carry those labels, the engine's ({@code dumont-deployment} = the slot's deployment id,
 * {@code dumont-replica}, {@code dumont-key}, {@code dumont-owner} = the engine id) and
 * {@value #ENDPOINT_LABEL} and {@value #SLOT_LABEL}. With a durable {@link StateStore} (a file journal), a later
 * process adopts the slots from the journal; with the in-memory store the next process's engine treats the
 * previous process's replicas as orphans and terminates them.
 */
public final class EngineReplicaManager implements ReplicaManager {
  /** Label with the endpoint id on every replica instance. */
  public static final String ENDPOINT_LABEL = "serverless-endpoint";
  /** Label with the endpoint's replica slot on every replica instance. */
  public static final String SLOT_LABEL = "serverless-replica";

  private final Dumont dumont;
  private final Orchestrator engine;
  private final DirectReplicaManager offers;
  private final StateStore store;
  private final boolean ownsStore;
  private final FailoverPolicy failover;
  private final Map<String, EndpointSpec> specs = new ConcurrentHashMap<>();
  private final Map<Template, EndpointSpec> probeSpecs = new ConcurrentHashMap<>();
  private final Map<String, String> refusals = new ConcurrentHashMap<>(); // slot deployment -> why it was blocked
  private volatile boolean closed;

  private EngineReplicaManager(Builder b) {
    this.dumont = b.dumont;
    this.store = b.store != null ? b.store : StateStore.inMemory();
    this.ownsStore = b.store == null || b.ownsStore;
    this.failover = b.failover;
    HealthProbe http = HealthProbe.http(Duration.ofSeconds(3));
    HealthCheck health = b.health != null ? b.health : (i, s) -> http.healthy(i, s.template());
    HealthProbe probe = (inst, template) -> {
      EndpointSpec s = specs.get(inst.label(Labels.DEPLOYMENT));
      if (s == null) s = probeSpecs.computeIfAbsent(template, t -> EndpointSpec.builder(t).build());
      return health.healthy(inst, s);
    };
    Scheduler scheduler = b.periodic ? dumont.scheduler() : new OnDemandOnly(dumont.scheduler());
    Orchestrator.Builder ob = Orchestrator.builder(dumont).scheduler(scheduler).stateStore(store).engineId(b.owner)
        .healthProbe(probe).tick(b.tick);
    b.listeners.forEach(ob::listener);
    ob.listener(e -> { // a launch the budget guard refuses: tryLaunch reports why (emitted within its reconcile)
      if (e instanceof EngineEvent.BudgetBlocked bb) refusals.put(bb.deploymentId(), bb.reason());
    });
    this.engine = ob.build();
    this.offers = new DirectReplicaManager(dumont, engine.engineId());
    engine.start();
  }

  public static Builder builder(Dumont dumont) {
    return new Builder(dumont);
  }

  /** The engine that runs the replicas (for its events, statuses and cost report). */
  public Orchestrator engine() {
    return engine;
  }

  /** The engine deployment of an endpoint's replica slot: {@code <endpointId>-<slot>}, lower case. */
  public static String deploymentId(String endpointId, String slot) {
    return (endpointId + "-" + slot).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
  }

  @Override
  public Instance launch(String endpointId, String slot, EndpointSpec spec, PricingModel pricing, Placement placement) {
    String dep = deploymentId(endpointId, slot);
    List<Offer> ranked = offers.ranked(spec, pricing, placement);
    if (ranked.isEmpty()) throw offers.noCapacity(endpointId, spec, pricing);
    specs.put(dep, spec);
    DeploymentSpec free = deployment(dep, endpointId, slot, spec, pricing);
    Instance i = null;
    List<String> pin = bestHosts(ranked, placement);
    try {
      if (!pin.isEmpty()) i = tryLaunch(free.toBuilder().query(pinned(free.query(), pin)).build(), endpointId, slot);
      if (i == null) i = tryLaunch(free, endpointId, slot);
    } catch (QuotaExceededException | BudgetExceededException refused) {
      specs.remove(dep);
      throw refused; // a quota or budget refuses any host: no unpinned retry
    }
    if (i == null) {
      specs.remove(dep);
      throw offers.noCapacity(endpointId, spec, pricing);
    }
    if (!pin.isEmpty()) engine.apply(free); // unpinned: the failover chooses among every fitting offer
    return i;
  }

  /** Hosts of the offers that rank as well as the best one on placement (not price). */
  private static List<String> bestHosts(List<Offer> ranked, Placement placement) {
    Offer top = ranked.get(0);
    Set<String> hosts = new LinkedHashSet<>();
    for (Offer o : ranked) {
      if (o.hostId() == null) return List.of();
      if (placement.usedHosts().contains(o.hostId()) != placement.usedHosts().contains(top.hostId())) continue;
      if (!Objects.equals(placement.regionLoad().getOrDefault(o.location().region(), 0),
          placement.regionLoad().getOrDefault(top.location().region(), 0))) continue;
      hosts.add(o.hostId());
    }
    return new ArrayList<>(hosts);
  }

  private static OfferQuery pinned(OfferQuery q, List<String> hosts) {
    return q.toBuilder().filter("host_id", OfferQuery.Op.IN, hosts).build();
  }

  /**
   * Apply and reconcile at once; the slot's instance, or null (the deployment is then deleted again).
   *
   * @throws QuotaExceededException when the engine's budget guard refused the launch by the team's quota
   * @throws BudgetExceededException when it refused it by a budget
   */
  private Instance tryLaunch(DeploymentSpec ds, String endpointId, String slot) {
    refusals.remove(ds.id());
    engine.apply(ds);
    engine.reconcileNow();
    DeploymentStatus.SlotStatus s = replicaSlot(ds.id());
    if (s != null && s.instanceId() != null) {
      Instance i = find(ds.providers(), null, s.instanceId());
      if (i != null) return i;
    }
    engine.delete(ds.id());
    String why = refusals.remove(ds.id());
    if (why == null) return null;
    String message = "endpoint " + endpointId + ": replica " + slot + " refused: " + why;
    // the budget guard words a team quota's refusal "quota team T: ..." (its other refusals name a budget scope)
    if (why.startsWith("quota ")) {
      throw new QuotaExceededException(ds.labels().get(Labels.TEAM), "launch", "quota exceeded: " + message);
    }
    throw new BudgetExceededException(message);
  }

  private DeploymentSpec deployment(String dep, String endpointId, String slot, EndpointSpec spec,
      PricingModel pricing) {
    OfferQuery.Builder q = OfferQuery.builder().filter("num_gpus", OfferQuery.Op.EQ, 1);
    if (spec.gpuName() != null) q.gpuName(GpuCatalog.resolve(spec.gpuName()).name());
    if (spec.minGpuRamGib() > 0) q.minGpuRamGib(spec.minGpuRamGib());
    if (spec.maxPricePerHour() != null) q.maxPricePerHour(spec.maxPricePerHour().doubleValue());
    SpotPolicy sp = pricing == null ? SpotPolicy.AUTO : pricing == PricingModel.SPOT ? SpotPolicy.SPOT
        : SpotPolicy.ON_DEMAND;
    return DeploymentSpec.builder(dep, spec.template()).replicas(1).query(q.build()).labels(spec.labels())
        .providers(offers.providers(spec)).regions(spec.regions()).spotPolicy(sp).failover(failover)
        .label(ENDPOINT_LABEL, endpointId).label(SLOT_LABEL, slot).build();
  }

  private DeploymentStatus.SlotStatus replicaSlot(String dep) {
    return engine.get(dep).flatMap(EngineReplicaManager::replicaSlot).orElse(null);
  }

  private static Optional<DeploymentStatus.SlotStatus> replicaSlot(DeploymentStatus st) {
    return st.slots().stream().filter(s -> "replica".equals(s.role())).findFirst();
  }

  /** The instance from the hinted provider first, then the others; null when none knows it. */
  private Instance find(List<String> providers, String hint, String instanceId) {
    List<String> order = new ArrayList<>();
    if (hint != null) order.add(hint);
    for (String p : providers.isEmpty() ? dumont.providerIds() : providers) if (!order.contains(p)) order.add(p);
    for (String p : order) {
      try {
        return dumont.provider(p).get(instanceId);
      } catch (NotFoundException e) {
        // not this provider's
      }
    }
    return null;
  }

  @Override
  public Observation observe(String endpointId, String slot, String providerId, String instanceId) {
    Optional<DeploymentStatus> st = engine.get(deploymentId(endpointId, slot));
    if (st.isEmpty() || "deleting".equals(st.get().phase())) {
      return new Observation(observe(providerId, instanceId).orElse(null), false);
    }
    DeploymentStatus.SlotStatus s = replicaSlot(st.get()).orElse(null);
    if (s == null || s.instanceId() == null) return new Observation(null, true); // the failover is renting
    return new Observation(find(st.get().spec().providers(), providerId, s.instanceId()), true);
  }

  @Override
  public Optional<Instance> observe(String providerId, String instanceId) {
    return offers.observe(providerId, instanceId);
  }

  @Override
  public void release(String endpointId, String slot, String providerId, String instanceId) {
    String dep = deploymentId(endpointId, slot);
    specs.remove(dep);
    refusals.remove(dep); // a failover's launch the guard refused: nothing asks any more
    if (engine.get(dep).isPresent()) {
      engine.delete(dep); // reconciles at once: the engine terminates the slot's instance
    } else {
      terminate(providerId, instanceId);
    }
  }

  /**
   * Hibernates the slot's engine deployment with STOP ({@link Orchestrator#hibernate}): the engine stops the
   * instance and keeps the slot HIBERNATED in its state store, billing the offer's storage price in its ledger and
   * budgets; a later process's engine finds it there.
   */
  @Override
  public boolean park(String endpointId, String slot, String providerId, String instanceId) {
    String dep = deploymentId(endpointId, slot);
    if (engine.get(dep).isEmpty()) {
      offers.park(endpointId, slot, providerId, instanceId);
      return true;
    }
    engine.hibernate(dep);
    return true;
  }

  /** {@link Orchestrator#resume} of the slot's deployment: the engine starts the instance and health-probes it. */
  @Override
  public void resume(String endpointId, String slot, String providerId, String instanceId) {
    String dep = deploymentId(endpointId, slot);
    if (engine.get(dep).isEmpty()) {
      offers.resume(endpointId, slot, providerId, instanceId);
      return;
    }
    engine.resume(dep);
  }

  @Override
  public void terminate(String providerId, String instanceId) {
    offers.terminate(providerId, instanceId);
  }

  /**
   * The current instances of the endpoint's slots in the engine's state. A slot without an instance now (its
   * failover still renting) is given up: its deployment is deleted and the runtime launches what it needs.
   */
  @Override
  public List<Instance> adopt(String endpointId) {
    List<Instance> out = new ArrayList<>();
    for (DeploymentStatus st : engine.list()) {
      if (!endpointId.equals(st.spec().labels().get(ENDPOINT_LABEL)) || "deleting".equals(st.phase())) continue;
      DeploymentStatus.SlotStatus s = replicaSlot(st).orElse(null);
      Instance i = s == null || s.instanceId() == null ? null : find(st.spec().providers(), null, s.instanceId());
      if (i == null || i.state() == InstanceState.TERMINATED) {
        engine.delete(st.id());
        continue;
      }
      out.add(i);
    }
    return out;
  }

  @Override
  public Optional<Offer> quote(EndpointSpec spec, PricingModel pricing) {
    return offers.quote(spec, pricing);
  }

  /** Reconcile the engine once, now (for callers without periodic ticks). */
  public void reconcileNow() {
    engine.reconcileNow();
  }

  /** Stop the engine (replicas keep running) and close the state store it owns. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    engine.close();
    if (ownsStore) store.close();
  }

  /** The client's scheduler without periodic tasks: the engine then reconciles only when asked. */
  private static final class OnDemandOnly implements Scheduler {
    private final Scheduler base;

    OnDemandOnly(Scheduler base) {
      this.base = base;
    }

    @Override public Clock clock() { return base.clock(); }
    @Override public Cancellable schedule(Runnable task, Duration delay) { return base.schedule(task, delay); }
    @Override public Cancellable scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
      return () -> { };
    }
    @Override public void sleep(Duration d) throws InterruptedException { base.sleep(d); }
    @Override public boolean isVirtual() { return base.isVirtual(); }
  }

  /** Builder for {@link EngineReplicaManager}. */
  public static final class Builder {
    private final Dumont dumont;
    private String owner;
    private StateStore store;
    private boolean ownsStore;
    private HealthCheck health;
    private Duration tick = Duration.ofSeconds(2);
    private boolean periodic = true;
    private FailoverPolicy failover = FailoverPolicy.defaults().withStrategies(FailoverStrategy.COLD);
    private final List<EngineListener> listeners = new ArrayList<>();

    private Builder(Dumont dumont) {
      this.dumont = Objects.requireNonNull(dumont, "dumont");
    }

    /**
     * Engine id, the {@code dumont-owner} label of every replica (default: generated once and kept in the engine's
     * state store, so two applications on one account never share it).
     */
    public Builder owner(String o) { owner = Objects.requireNonNull(o); return this; }
    /** Engine state (default in memory, owned); {@code owned}: closed with this manager. */
    public Builder stateStore(StateStore s, boolean owned) { store = s; ownsStore = owned; return this; }
    /** Readiness check the engine probes replicas with (default HTTP GET of the template's health path). */
    public Builder healthCheck(HealthCheck h) { health = h; return this; }
    /** Engine tick: poll and probe interval (default 2 s, the autoscaler's tick). */
    public Builder tick(Duration d) { tick = Objects.requireNonNull(d); return this; }
    /** Reconcile on the scheduler every tick (default true); false: only on launch, release and reconcileNow(). */
    public Builder periodic(boolean on) { periodic = on; return this; }
    /** Failover of each slot (default COLD only, K = 2 probes, 15 min cool-down of the interrupted host). */
    public Builder failover(FailoverPolicy f) { failover = Objects.requireNonNull(f); return this; }
    public Builder listener(EngineListener l) { listeners.add(Objects.requireNonNull(l)); return this; }

    public EngineReplicaManager build() {
      return new EngineReplicaManager(this);
    }
  }
}
