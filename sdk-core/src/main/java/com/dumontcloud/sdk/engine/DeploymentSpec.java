package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.Template;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Desired state of one deployment: a SERVICE of N health-checked replicas of a template, or a JOB that
 * runs to completion from checkpoints. Immutable; build with {@link #builder(String, Template)}.
 */
public final class DeploymentSpec {
  /** Deployment kinds. */
  public enum Kind { SERVICE, JOB }

  /** Disk of a launch when neither the spec nor the template says, GiB. */
  public static final double DEFAULT_DISK_GIB = 40;

  /** Largest {@code disk_gib} accepted. */
  public static final double MAX_DISK_GIB = 10_000;

  private final String id;
  private final Kind kind;
  private final Template template;
  private final int replicas;
  private final OfferQuery query;
  private final List<String> providers;
  private final List<String> regions;
  private final SpotPolicy spotPolicy;
  private final FailoverPolicy failover;
  private final WarmPoolPolicy warmPool;
  private final StandbyPolicy standby;
  private final Duration checkpointInterval;
  private final HibernationPolicy hibernation;
  private final Budget budget;
  private final int priority;
  private final Map<String, String> labels;
  private final Double diskGib;
  private final BidStrategy bidStrategy;
  private final boolean checkpointOnDelete;
  /** Checkpoint interval when a {@link CheckpointSpec} is given without one. */
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(120);
  private final CheckpointSpec checkpoint;
  private final int spotExtra;

  private DeploymentSpec(Builder b) {
    id = b.id;
    kind = b.kind;
    template = b.template;
    replicas = b.kind == Kind.JOB ? 1 : b.replicas;
    query = b.query == null ? OfferQuery.all() : b.query;
    providers = List.copyOf(b.providers);
    regions = List.copyOf(b.regions);
    spotPolicy = b.spotPolicy;
    failover = b.failover;
    warmPool = b.warmPool;
    standby = b.standby;
    checkpointInterval = b.checkpointInterval;
    hibernation = b.hibernation;
    budget = b.budget;
    priority = b.priority;
    labels = Map.copyOf(b.labels);
    diskGib = b.diskGib;
    bidStrategy = b.bidStrategy;
    checkpointOnDelete = b.checkpointOnDelete;
    checkpoint = b.checkpoint;
    spotExtra = b.spotExtra;
  }

  public static Builder builder(String id, Template template) {
    Builder b = new Builder();
    b.id = id;
    b.template = template;
    return b;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id; b.kind = kind; b.template = template; b.replicas = replicas; b.query = query;
    b.providers.addAll(providers); b.regions.addAll(regions); b.spotPolicy = spotPolicy; b.failover = failover;
    b.warmPool = warmPool; b.standby = standby; b.checkpointInterval = checkpointInterval;
    b.hibernation = hibernation; b.budget = budget; b.priority = priority; b.labels.putAll(labels);
    b.diskGib = diskGib; b.bidStrategy = bidStrategy; b.checkpointOnDelete = checkpointOnDelete;
    b.checkpoint = checkpoint;
    b.spotExtra = spotExtra;
    return b;
  }

  public String id() { return id; }
  public Kind kind() { return kind; }
  public Template template() { return template; }
  /** Desired replicas (1 for a JOB; 0 allowed for a SERVICE). */
  public int replicas() { return replicas; }
  /** Offer constraints (GPU, memory, price, ...); the engine adds pricing, region and placement. */
  public OfferQuery query() { return query; }
  /** Providers allowed (empty: every configured provider). */
  public List<String> providers() { return providers; }
  /** Regions allowed (empty: any). */
  public List<String> regions() { return regions; }
  public SpotPolicy spotPolicy() { return spotPolicy; }
  public FailoverPolicy failover() { return failover; }
  /** The warm pool, or null for none. */
  public WarmPoolPolicy warmPool() { return warmPool; }
  /** The CPU standby, or null for none. */
  public StandbyPolicy standby() { return standby; }
  /** Checkpoint interval (= RPO) when a DataSync is configured, or null for none. */
  public Duration checkpointInterval() { return checkpointInterval; }
  /** Hibernation, or null for never. */
  public HibernationPolicy hibernation() { return hibernation; }
  /** Budget of this deployment, or null. */
  public Budget budget() { return budget; }
  /** Higher is more important; budgets hibernate lower priorities first. */
  public int priority() { return priority; }
  /** User labels put on every instance (e.g. team=ml, which team budgets use). */
  public Map<String, String> labels() { return labels; }

  /**
   * Disk per instance in GiB: the value set with {@link Builder#diskGib(double)}, else the template's
   * {@code config.disk_gb} (the catalog's {@code custom_config} key) when it is a positive number, else
   * {@value #DEFAULT_DISK_GIB}. Raise it for large models (weights, caches and checkpoints live on it).
   */
  public double diskGib() {
    return diskGib != null ? diskGib : templateDiskGib(template);
  }

  /** The disk set on the spec ({@code disk_gib}), or null when it follows the template. */
  Double diskGibSet() {
    return diskGib;
  }

  /** How SPOT launches on bid markets bid; {@link BidStrategy#minimum()} by default. */
  public BidStrategy bidStrategy() { return bidStrategy; }

  /**
   * Whether {@code Orchestrator.delete} takes a final checkpoint of each serving replica before terminating it
   * (default false: a deletion discards the deployment's running state; its earlier checkpoints stay where the
   * DataSync stored them). Set it when the deployment's data must outlive the deployment.
   */
  public boolean checkpointOnDelete() { return checkpointOnDelete; }

  /** Where and what to checkpoint ({@code ObjectStoreDataSync}), or null when the engine's DataSync decides. */
  public CheckpointSpec checkpoint() { return checkpoint; }

  /**
   * Spot replicas run beyond {@link #replicas()} (SpotHedge-style over-provisioning, default 0): the engine keeps
   * {@code replicas + spotExtra} replica slots spread over hosts and regions; the extra ones rent spot only and wait
   * for capacity, while the first {@code replicas} follow {@link #spotPolicy()} (with {@link SpotPolicy#AUTO}: on-demand
   * while no spot can be had, back to spot when it can). So while spot is plentiful a preemption leaves spare replicas
   * serving, and while it is scarce no more than {@code replicas} on-demand replicas run. A JOB ignores it.
   */
  public int spotExtra() { return spotExtra; }

  /** Replica slots the engine keeps: {@code replicas + spotExtra} (0 without replicas; a JOB has no extras). */
  int replicaSlots() {
    return replicas == 0 || kind == Kind.JOB ? replicas : replicas + spotExtra;
  }

  /** The capacity replica slot {@code index} rents: the spec's policy, SPOT for the over-provisioned extras. */
  SpotPolicy spotPolicyOfReplica(int index) {
    return index >= replicas ? SpotPolicy.SPOT : spotPolicy;
  }

  static double templateDiskGib(Template t) {
    Object v = t.config().get("disk_gb");
    if (v instanceof Number n && n.doubleValue() > 0 && n.doubleValue() <= MAX_DISK_GIB) return n.doubleValue();
    return DEFAULT_DISK_GIB;
  }

  /** Equal when every field is equal: the template by value (args, env and config included), filters, policies. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DeploymentSpec s && id.equals(s.id) && kind == s.kind && template.equals(s.template)
        && replicas == s.replicas && query.equals(s.query) && providers.equals(s.providers)
        && regions.equals(s.regions) && spotPolicy == s.spotPolicy && failover.equals(s.failover)
        && Objects.equals(warmPool, s.warmPool) && Objects.equals(standby, s.standby)
        && Objects.equals(checkpointInterval, s.checkpointInterval) && Objects.equals(hibernation, s.hibernation)
        && Objects.equals(budget, s.budget) && priority == s.priority && labels.equals(s.labels)
        && Objects.equals(diskGib, s.diskGib) && bidStrategy.equals(s.bidStrategy)
        && checkpointOnDelete == s.checkpointOnDelete && Objects.equals(checkpoint, s.checkpoint)
        && spotExtra == s.spotExtra;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, kind, template, replicas, query, providers, regions, spotPolicy, failover, warmPool,
        standby, checkpointInterval, hibernation, budget, priority, labels, diskGib, bidStrategy, checkpointOnDelete,
        checkpoint, spotExtra);
  }

  @Override
  public String toString() {
    return "DeploymentSpec[" + id + ", " + kind + ", template=" + template.name() + ", replicas=" + replicas + "]";
  }

  // ------------------------------------------------------------------ map form (journal, YAML/JSON files)

  /**
   * JSON/YAML-compatible map form, the one the journal and spec files use; {@link #fromMap(Map)} reads it back
   * into an equal spec, also after the map went through JSON or YAML text. The template is written in full
   * ({@link com.dumontcloud.sdk.model.Templates#toMap}); durations are in seconds, prices in USD per hour. Keys:
   * {@code id, kind, template, replicas, filters, sort, sort_descending, limit, offer_pricing, providers, regions,
   * spot_policy, failover, warm_pool, standby, checkpoint_interval, hibernation, budget, priority, labels,
   * disk_gib, bid}; absent optional values are left out.
   */
  public Map<String, Object> toMap() {
    return DeploymentSpecCodec.toMap(this);
  }

  /**
   * The JSON Schema (draft 2020-12) of the map form, the text published as {@code docs/schema/deployment.schema.json};
   * {@link #fromMap} checks the same table (unknown keys, types, ranges) before reading.
   */
  public static String jsonSchema() {
    return DeploymentSpecSchema.SCHEMA.toJsonSchemaText(
        "https://dumontcloud.com/schema/deployment.schema.json", "Dumont deployment spec");
  }

  static Map<String, Object> budgetToMap(Budget b) {
    return DeploymentSpecCodec.budgetToMap(b);
  }

  static Budget budgetFromMap(Map<String, Object> m) {
    return DeploymentSpecCodec.budgetFromMap(m, "budget");
  }

  /**
   * Reads the map form (from {@link #toMap()}, or a YAML/JSON file). Only {@code id} and {@code template} are
   * required. {@code template} is a catalog name ({@code qwen2.5-0.5b}), an object naming a catalog template
   * without {@code image} (the catalog template; other keys given override it, {@code config} as validated
   * {@code custom_config} overrides), or a full template object. Shorthands {@code gpu_name}, {@code min_gpu_ram}
   * and {@code max_price} add offer filters; {@code standby: true} is {@link StandbyPolicy#cpuSpot()}.
   *
   * <p>The map is checked first against {@link #jsonSchema()}'s table: an unknown key at any level is rejected
   * with its path and the nearest known key, a wrong type or an out-of-range value with its path, the value
   * and what is expected.
   *
   * @throws InvalidSpecException when a field is unknown, missing or malformed (a one-line message naming it)
   */
  public static DeploymentSpec fromMap(Map<String, Object> m) {
    return DeploymentSpecCodec.fromMap(m);
  }

  /** Builder; {@link #build()} validates. */
  public static final class Builder {
    private String id;
    private Kind kind = Kind.SERVICE;
    private Template template;
    private int replicas = 1;
    private OfferQuery query;
    private final List<String> providers = new ArrayList<>();
    private final List<String> regions = new ArrayList<>();
    private SpotPolicy spotPolicy = SpotPolicy.AUTO;
    private FailoverPolicy failover = FailoverPolicy.defaults();
    private WarmPoolPolicy warmPool;
    private StandbyPolicy standby;
    private Duration checkpointInterval;
    private HibernationPolicy hibernation;
    private Budget budget;
    private int priority;
    private boolean checkpointOnDelete;
    private CheckpointSpec checkpoint;
    private int spotExtra;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Double diskGib;
    private BidStrategy bidStrategy = BidStrategy.minimum();

    private Builder() {}

    public Builder kind(Kind k) { kind = Objects.requireNonNull(k, "kind"); return this; }
    public Builder template(Template t) { template = t; return this; }
    public Builder replicas(int n) { replicas = n; return this; }
    public Builder query(OfferQuery q) { query = q; return this; }
    public Builder providers(List<String> p) { providers.clear(); providers.addAll(p); return this; }
    public Builder regions(List<String> r) { regions.clear(); regions.addAll(r); return this; }
    public Builder spotPolicy(SpotPolicy p) { spotPolicy = Objects.requireNonNull(p, "spotPolicy"); return this; }
    public Builder failover(FailoverPolicy f) { failover = Objects.requireNonNull(f, "failover"); return this; }
    public Builder warmPool(WarmPoolPolicy w) { warmPool = w; return this; }
    public Builder standby(StandbyPolicy s) { standby = s; return this; }
    public Builder checkpointInterval(Duration d) { checkpointInterval = d; return this; }
    public Builder hibernation(HibernationPolicy h) { hibernation = h; return this; }
    public Builder budget(Budget b) { budget = b; return this; }
    public Builder priority(int p) { priority = p; return this; }
    /** Take a final checkpoint of each serving replica before a deletion terminates it (default false). */
    public Builder checkpointOnDelete(boolean b) { checkpointOnDelete = b; return this; }
    /**
     * Checkpoint to the user's own object store ({@code ObjectStoreDataSync}); set an interval with
     * {@link #checkpointInterval(Duration)} (default 120 s when a store is given).
     */
    public Builder checkpoint(CheckpointSpec c) { checkpoint = c; return this; }
    /**
     * Spot replicas beyond {@code replicas} (SpotHedge over-provisioning), in 0..{@value DeploymentSpecSchema#MAX_SPOT_EXTRA};
     * needs spot policy SPOT or AUTO. See {@link DeploymentSpec#spotExtra()}.
     */
    public Builder spotExtra(int n) { spotExtra = n; return this; }
    public Builder label(String k, String v) { labels.put(k, v); return this; }
    public Builder labels(Map<String, String> m) { labels.clear(); labels.putAll(m); return this; }

    /**
     * Disk per instance in GiB, in (0, 10000]; default: the template's {@code config.disk_gb}, else 40.
     * Validated by {@link #build()}.
     */
    public Builder diskGib(double gib) { diskGib = gib; return this; }

    /** How SPOT launches bid (default {@link BidStrategy#minimum()}). */
    public Builder bidStrategy(BidStrategy s) { bidStrategy = Objects.requireNonNull(s, "bidStrategy"); return this; }

    public DeploymentSpec build() {
      if (id == null || !id.matches("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?")) {
        throw new InvalidSpecException("deployment id must be 1-40 chars of a-z, 0-9 and '-', got '" + id + "'");
      }
      if (template == null) throw new InvalidSpecException("deployment '" + id + "' needs a template");
      if (replicas < 0 || replicas > DeploymentSpecSchema.MAX_REPLICAS) {
        throw new InvalidSpecException("replicas must be a whole number in 0.." + DeploymentSpecSchema.MAX_REPLICAS
            + ", got " + replicas);
      }
      if (priority < -DeploymentSpecSchema.MAX_PRIORITY || priority > DeploymentSpecSchema.MAX_PRIORITY) {
        throw new InvalidSpecException("priority must be a whole number in -" + DeploymentSpecSchema.MAX_PRIORITY
            + ".." + DeploymentSpecSchema.MAX_PRIORITY + ", got " + priority);
      }
      if (checkpointInterval != null && (checkpointInterval.isZero() || checkpointInterval.isNegative())) {
        throw new InvalidSpecException("checkpointInterval must be positive, got " + checkpointInterval);
      }
      if (checkpoint != null && checkpointInterval == null) checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
      if (diskGib != null && !(diskGib > 0 && diskGib <= MAX_DISK_GIB)) {
        throw new InvalidSpecException("disk_gib must be in (0, 10000] GiB, got "
            + DeploymentSpecCodec.show(diskGib));
      }
      if (spotExtra < 0 || spotExtra > DeploymentSpecSchema.MAX_SPOT_EXTRA) {
        throw new InvalidSpecException("spot_extra must be a whole number in 0.." + DeploymentSpecSchema.MAX_SPOT_EXTRA
            + ", got " + spotExtra);
      }
      if (spotExtra > 0 && spotPolicy == SpotPolicy.ON_DEMAND) {
        throw new InvalidSpecException("spot_extra " + spotExtra + " needs spot_policy spot or auto, got spot_policy "
            + "on_demand; remove spot_extra or change the policy");
      }
      for (String k : labels.keySet()) {
        // dumont-principal and dumont-team say who a deployment belongs to (access control, team quotas)
        if (k.startsWith("dumont-") && !k.equals(com.dumontcloud.sdk.model.Labels.PRINCIPAL)
            && !k.equals(com.dumontcloud.sdk.model.Labels.TEAM)) {
          throw new InvalidSpecException("label '" + k + "' is reserved for the engine");
        }
      }
      return new DeploymentSpec(this);
    }
  }
}
