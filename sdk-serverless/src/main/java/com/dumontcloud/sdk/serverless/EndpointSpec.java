package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an endpoint serves and how it scales. Build with {@link #builder(Template)}.
 *
 * <pre>{@code
 * EndpointSpec spec = EndpointSpec.builder(TemplateCatalog.get("qwen2.5-0.5b"))
 *     .replicas(0, 5).machineType(MachineType.SPOT).spotExtra(1)
 *     .idleTimeout(Duration.ofMinutes(5)).targetConcurrency(4).build();
 * }</pre>
 */
public final class EndpointSpec {
  /** {@link #scaleDownDelay()} when derived, until a boot time was observed: 3 min. */
  public static final Duration DEFAULT_SCALE_DOWN_DELAY = Duration.ofMinutes(3);
  /** Most replicas an endpoint scales to. */
  public static final int MAX_REPLICAS = 1000;
  private final String name;
  private final Template template;
  private final String gpuName;
  private final double minGpuRamGib;
  private final Money maxPricePerHour;
  private final int minReplicas;
  private final int maxReplicas;
  private final MachineType machineType;
  private final boolean onDemandFallback;
  private final int spotExtra;
  private final int baseOnDemand;
  private final Duration fallbackGrace;
  private final List<String> regions;
  private final String providerId;
  private final Duration idleTimeout;
  private final double targetConcurrency;
  private final Duration targetQueueTime;
  private final int queueCapacity;
  private final Duration coldStartTimeout;
  private final Duration requestTimeout;
  private final Duration tick;
  private final Duration stableWindow;
  private final Duration panicWindow;
  private final Duration scaleDownDelay;
  private final int warmWorkers;
  private final boolean prewarm;
  private final int maxConcurrency;
  private final Map<String, String> labels;

  private EndpointSpec(Builder b) {
    this.name = b.name != null ? b.name : b.template.name();
    this.template = b.template;
    this.gpuName = b.gpuName;
    this.minGpuRamGib = b.minGpuRamGib != null ? b.minGpuRamGib
        : Math.max(b.template.minGpuRamGib(), b.template.vramRequiredGib());
    this.maxPricePerHour = b.maxPricePerHour;
    this.minReplicas = b.minReplicas;
    this.maxReplicas = b.maxReplicas;
    this.machineType = b.machineType;
    this.onDemandFallback = b.onDemandFallback;
    this.spotExtra = b.spotExtra;
    this.baseOnDemand = b.baseOnDemand;
    this.fallbackGrace = b.fallbackGrace;
    this.regions = List.copyOf(b.regions);
    this.providerId = b.providerId;
    this.idleTimeout = b.idleTimeout;
    this.targetConcurrency = b.targetConcurrency;
    this.targetQueueTime = b.targetQueueTime;
    this.queueCapacity = b.queueCapacity;
    this.coldStartTimeout = b.coldStartTimeout;
    this.requestTimeout = b.requestTimeout;
    this.tick = b.tick;
    this.stableWindow = b.stableWindow;
    this.panicWindow = b.panicWindow;
    this.scaleDownDelay = b.scaleDownDelay;
    this.warmWorkers = b.warmWorkers;
    this.prewarm = b.prewarm;
    this.maxConcurrency = b.maxConcurrency;
    this.labels = Map.copyOf(b.labels);
  }

  public static Builder builder(Template template) {
    return new Builder(Objects.requireNonNull(template, "template"));
  }

  public Builder toBuilder() {
    Builder b = new Builder(template);
    b.name = name; b.gpuName = gpuName; b.minGpuRamGib = minGpuRamGib; b.maxPricePerHour = maxPricePerHour;
    b.minReplicas = minReplicas; b.maxReplicas = maxReplicas; b.machineType = machineType;
    b.onDemandFallback = onDemandFallback; b.spotExtra = spotExtra; b.baseOnDemand = baseOnDemand;
    b.fallbackGrace = fallbackGrace;
    b.regions.addAll(regions); b.providerId = providerId; b.idleTimeout = idleTimeout;
    b.targetConcurrency = targetConcurrency; b.targetQueueTime = targetQueueTime; b.queueCapacity = queueCapacity;
    b.coldStartTimeout = coldStartTimeout; b.requestTimeout = requestTimeout; b.tick = tick;
    b.stableWindow = stableWindow; b.panicWindow = panicWindow; b.scaleDownDelay = scaleDownDelay;
    b.warmWorkers = warmWorkers; b.prewarm = prewarm; b.maxConcurrency = maxConcurrency;
    b.labels.putAll(labels);
    return b;
  }

  public String name() { return name; }
  public Template template() { return template; }
  public TemplateCategory category() { return template.category(); }
  /** Required GPU model name (canonical, e.g. "RTX 3080"), or null for any GPU with enough memory. */
  public String gpuName() { return gpuName; }
  public double minGpuRamGib() { return minGpuRamGib; }
  /** Price cap per replica-hour, or null. */
  public Money maxPricePerHour() { return maxPricePerHour; }
  public int minReplicas() { return minReplicas; }
  public int maxReplicas() { return maxReplicas; }
  public MachineType machineType() { return machineType; }
  /** SPOT only: launch on-demand replicas while ready spot replicas fall short of the target. */
  public boolean onDemandFallback() { return onDemandFallback; }
  /** SPOT only: spot replicas launched beyond the target as a preemption buffer. */
  public int spotExtra() { return spotExtra; }
  /** SPOT only: on-demand replicas kept whenever the target is above zero. */
  public int baseOnDemand() { return baseOnDemand; }
  /**
   * SPOT only: how long a launching spot replica counts as "about to be ready" before on-demand is launched
   * to cover it (default 2 min; zero is SkyServe's pure rule: cover every not-yet-ready spot replica).
   */
  public Duration fallbackGrace() { return fallbackGrace; }
  /** Allowed regions (e.g. US, EU, ASIA); empty for any. */
  public List<String> regions() { return regions; }
  /** Provider to use, or null for every configured provider. */
  public String providerId() { return providerId; }
  public Duration idleTimeout() { return idleTimeout; }
  /** Concurrent requests (in flight plus queued) one replica should carry. */
  public double targetConcurrency() { return targetConcurrency; }
  /** When set, also add a replica while the mean queue wait over the panic window exceeds it. */
  public Duration targetQueueTime() { return targetQueueTime; }
  public int queueCapacity() { return queueCapacity; }
  /** How long a request waits in the queue for a healthy replica before {@link EndpointUnavailableException}. */
  public Duration coldStartTimeout() { return coldStartTimeout; }
  public Duration requestTimeout() { return requestTimeout; }
  public Duration tick() { return tick; }
  public Duration stableWindow() { return stableWindow; }
  public Duration panicWindow() { return panicWindow; }
  /**
   * Minimum time a replica serves before a scale-down may remove it: a replica still launching, or one that
   * became ready less than this ago, is never drained by a scale-down, so a replica is not killed sooner than it
   * would take to get it back (SkyServe likewise uses a longer downscale than upscale delay). Null (the
   * default) derives it from the endpoint's observed boot times: the longest launch-to-healthy time of the last
   * 10 replicas, at least the stable window ({@link #DEFAULT_SCALE_DOWN_DELAY} until a replica was ready); see
   * {@link Autoscaler#scaleDownDelay}. It is a per-replica floor on top of the stable window, which keeps its
   * meaning (a lower decision still has to hold for the whole stable window). It does not delay scale-to-zero
   * after the idle timeout, nor shedding on-demand fallback replicas once spot is ready. Zero disables it.
   */
  public Duration scaleDownDelay() { return scaleDownDelay; }
  /**
   * Stopped warm workers kept for this endpoint (default 0): replicas that booted once, loaded the model onto their
   * own disk, passed a health check and were then stopped, billed for storage only. A scale-out resumes them first
   * (seconds instead of a fresh rental's minutes) and rents fresh capacity only for the rest; a scale-in stops a
   * replica instead of destroying it while fewer than this many are stopped. At most {@link #maxReplicas()}.
   */
  public int warmWorkers() { return warmWorkers; }
  /**
   * Predictive pre-warming (default off): from the arrival rate over the stable window and its trend, add replicas
   * ahead of the reactive decision when the demand expected one boot time ahead exceeds the ready capacity; never
   * beyond {@link #maxReplicas()}. See {@link Autoscaler#prewarm}.
   */
  public boolean prewarm() { return prewarm; }
  /**
   * Most requests one replica is given at once (default 0: no limit). With a limit, a request waits in the
   * endpoint's queue rather than pile onto a busy replica, and the queue is dispatched to the least-loaded replica as
   * each becomes ready or frees a place, so a burst's backlog spreads over the replicas that come up.
   */
  public int maxConcurrency() { return maxConcurrency; }
  /**
   * Labels put on every replica (its engine deployment's labels, so its instances', or the instances' directly
   * with {@link DirectReplicaManager}): {@code dumont-principal} and {@code dumont-team} say who owns the endpoint
   * (access control; the team's quota and budgets count its replicas), the rest are yours (e.g.
   * {@code cost-center=42}). Keys starting with {@code dumont-} other than those two are reserved, as are
   * {@value EngineReplicaManager#ENDPOINT_LABEL} and {@value EngineReplicaManager#SLOT_LABEL}. Empty by default;
   * {@link Endpoints#create(EndpointSpec, com.dumontcloud.sdk.access.Principal)} sets the owner's two.
   */
  public Map<String, String> labels() { return labels; }

  /**
   * The map form (YAML/JSON-compatible; durations in milliseconds, the template in full), the one the endpoint
   * store keeps; {@link #fromMap} reads it back into an equal spec.
   */
  public Map<String, Object> toMap() {
    return SpecJson.write(this);
  }

  /**
   * Reads the map form (from {@link #toMap()} or a YAML/JSON file). Only {@code template} is required (a catalog
   * name or a template object); every other key has the builder's default. The map is checked first against
   * {@link #jsonSchema()}'s table: unknown keys (with a "did you mean"), wrong types and out-of-range values are
   * rejected with their path.
   *
   * @throws com.dumontcloud.sdk.exception.InvalidSpecException with a one-line message naming the field and the fix
   */
  public static EndpointSpec fromMap(Map<String, Object> m) {
    return SpecJson.read(m);
  }

  /** The JSON Schema (draft 2020-12) of the map form, published as {@code docs/schema/endpoint.schema.json}. */
  public static String jsonSchema() {
    return SpecJson.jsonSchema();
  }

  @Override
  public String toString() {
    return "EndpointSpec[" + name + ", template=" + template.name() + ", replicas=" + minReplicas + "-" + maxReplicas
        + ", " + machineType.wireName() + "]";
  }

  /** Builder with the defaults: 0..5 replicas, spot with fallback, idle 5 min, 4 concurrent per replica. */
  public static final class Builder {
    private final Template template;
    private String name;
    private String gpuName;
    private Double minGpuRamGib;
    private Money maxPricePerHour;
    private int minReplicas = 0;
    private int maxReplicas = 5;
    private MachineType machineType = MachineType.SPOT;
    private boolean onDemandFallback = true;
    private int spotExtra = 0;
    private int baseOnDemand = 0;
    private Duration fallbackGrace = Duration.ofMinutes(2);
    private final List<String> regions = new ArrayList<>();
    private String providerId;
    private Duration idleTimeout = Duration.ofMinutes(5);
    private double targetConcurrency = 4;
    private Duration targetQueueTime;
    private int queueCapacity = 100;
    private Duration coldStartTimeout = Duration.ofMinutes(5);
    private Duration requestTimeout = Duration.ofMinutes(2);
    private Duration tick = Duration.ofSeconds(2);
    private Duration stableWindow = Duration.ofSeconds(60);
    private Duration panicWindow = Duration.ofSeconds(6);
    private Duration scaleDownDelay;
    private int warmWorkers;
    private boolean prewarm;
    private int maxConcurrency;
    private final Map<String, String> labels = new java.util.LinkedHashMap<>();

    private Builder(Template template) {
      this.template = template;
    }

    public Builder name(String v) { name = v; return this; }
    public Builder gpuName(String v) { gpuName = v; return this; }
    public Builder minGpuRamGib(double v) { minGpuRamGib = v; return this; }
    public Builder maxPricePerHour(Money v) { maxPricePerHour = v; return this; }
    public Builder replicas(int min, int max) { minReplicas = min; maxReplicas = max; return this; }
    public Builder minReplicas(int v) { minReplicas = v; return this; }
    public Builder maxReplicas(int v) { maxReplicas = v; return this; }
    public Builder machineType(MachineType v) { machineType = Objects.requireNonNull(v); return this; }
    public Builder onDemandFallback(boolean v) { onDemandFallback = v; return this; }
    public Builder spotExtra(int v) { spotExtra = v; return this; }
    public Builder baseOnDemand(int v) { baseOnDemand = v; return this; }
    public Builder fallbackGrace(Duration v) { fallbackGrace = java.util.Objects.requireNonNull(v); return this; }
    public Builder regions(List<String> v) { regions.clear(); regions.addAll(v); return this; }
    public Builder region(String v) { regions.add(v); return this; }
    public Builder providerId(String v) { providerId = v; return this; }
    public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
    public Builder targetConcurrency(double v) { targetConcurrency = v; return this; }
    public Builder targetQueueTime(Duration v) { targetQueueTime = v; return this; }
    public Builder queueCapacity(int v) { queueCapacity = v; return this; }
    public Builder coldStartTimeout(Duration v) { coldStartTimeout = v; return this; }
    public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
    /** See {@link EndpointSpec#scaleDownDelay()}; null derives it from boot times, zero disables. */
    public Builder scaleDownDelay(Duration v) { scaleDownDelay = v; return this; }
    /** See {@link EndpointSpec#warmWorkers()}. */
    public Builder warmWorkers(int n) { warmWorkers = n; return this; }
    /** See {@link EndpointSpec#prewarm()}. */
    public Builder prewarm(boolean on) { prewarm = on; return this; }
    /** See {@link EndpointSpec#maxConcurrency()}; 0 for no limit. */
    public Builder maxConcurrency(int n) { maxConcurrency = n; return this; }
    /** Adds one label; see {@link EndpointSpec#labels()}. */
    public Builder label(String k, String v) { labels.put(k, v); return this; }
    /** Replaces the labels; see {@link EndpointSpec#labels()}. */
    public Builder labels(Map<String, String> m) {
      Objects.requireNonNull(m, "labels");
      labels.clear();
      labels.putAll(m);
      return this;
    }
    /** Autoscaler windows (defaults 2 s tick, 60 s stable, 6 s panic, as Knative's KPA). */
    public Builder windows(Duration tick, Duration stable, Duration panic) {
      this.tick = tick; this.stableWindow = stable; this.panicWindow = panic; return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid field (a label whose key starts with
     *     {@code dumont-}, other than {@code dumont-principal} and {@code dumont-team}, is one)
     */
    public EndpointSpec build() {
      if (minReplicas < 0 || minReplicas > MAX_REPLICAS) {
        throw new IllegalArgumentException("minReplicas (min_replicas) must be a whole number in 0.." + MAX_REPLICAS
            + ", got " + minReplicas);
      }
      if (maxReplicas < 1 || maxReplicas > MAX_REPLICAS || maxReplicas < minReplicas) {
        throw new IllegalArgumentException("maxReplicas (max_replicas) must be in max(1, minReplicas).." + MAX_REPLICAS
            + ", got " + minReplicas + ".." + maxReplicas);
      }
      if (maxPricePerHour != null && maxPricePerHour.amount().signum() < 0) {
        throw new IllegalArgumentException("maxPricePerHour (max_price) must be 0 or more, got "
            + maxPricePerHour.amount().stripTrailingZeros().toPlainString() + " " + maxPricePerHour.currency());
      }
      if (minGpuRamGib != null && !(minGpuRamGib >= 0 && minGpuRamGib <= 10_000)) {
        throw new IllegalArgumentException("minGpuRamGib (min_gpu_ram) must be in 0..10000 GiB, got " + minGpuRamGib);
      }
      if (fallbackGrace.isNegative()) {
        throw new IllegalArgumentException("fallbackGrace (fallback_grace_ms) must be 0 or more, got " + fallbackGrace);
      }
      if (spotExtra < 0 || spotExtra > MAX_REPLICAS) {
        throw new IllegalArgumentException("spotExtra (spot_extra) must be in 0.." + MAX_REPLICAS + ", got " + spotExtra);
      }
      if (baseOnDemand < 0 || baseOnDemand > MAX_REPLICAS) {
        throw new IllegalArgumentException("baseOnDemand (base_on_demand) must be in 0.." + MAX_REPLICAS + ", got "
            + baseOnDemand);
      }
      if (warmWorkers < 0 || warmWorkers > maxReplicas) {
        throw new IllegalArgumentException("warmWorkers (warm_workers) must be in 0..maxReplicas (" + maxReplicas
            + "), got " + warmWorkers + "; raise max_replicas or keep fewer warm workers");
      }
      if (maxConcurrency < 0 || maxConcurrency > 1_000_000) {
        throw new IllegalArgumentException("maxConcurrency (max_concurrency) must be in 0..1000000 (0: no limit), got "
            + maxConcurrency);
      }
      if (!(targetConcurrency > 0) || Double.isInfinite(targetConcurrency)) {
        throw new IllegalArgumentException("targetConcurrency (target_concurrency) must be above 0, got "
            + targetConcurrency);
      }
      if (queueCapacity < 1) {
        throw new IllegalArgumentException("queueCapacity (queue_capacity) must be 1 or more, got " + queueCapacity);
      }
      positive(idleTimeout, "idleTimeout (idle_timeout_ms)");
      positive(coldStartTimeout, "coldStartTimeout (cold_start_timeout_ms)");
      positive(requestTimeout, "requestTimeout (request_timeout_ms)");
      positive(tick, "tick (tick_ms)");
      positive(stableWindow, "stableWindow (stable_window_ms)");
      positive(panicWindow, "panicWindow (panic_window_ms)");
      if (targetQueueTime != null) positive(targetQueueTime, "targetQueueTime (target_queue_time_ms)");
      if (scaleDownDelay != null && scaleDownDelay.isNegative()) {
        throw new IllegalArgumentException("scaleDownDelay (scale_down_delay_ms) must be 0 or more, got "
            + scaleDownDelay);
      }
      if (panicWindow.compareTo(stableWindow) > 0) {
        throw new IllegalArgumentException("panicWindow (panic_window_ms) must not be longer than stableWindow"
            + " (stable_window_ms), got " + panicWindow.toMillis() + " > " + stableWindow.toMillis() + " ms");
      }
      if (template.port() <= 0) {
        throw new IllegalArgumentException("template '" + template.name() + "' publishes no HTTP port to route to");
      }
      checkLabels(labels);
      return new EndpointSpec(this);
    }

    /**
     * The same rule as a deployment's labels (they become the replica deployments' labels): keys starting with
     * {@code dumont-} are the engine's, except the owner's two; the endpoint's own replica labels are its too.
     */
    private static void checkLabels(Map<String, String> labels) {
      for (Map.Entry<String, String> e : labels.entrySet()) {
        String k = e.getKey();
        if (k == null || k.isBlank()) {
          throw new IllegalArgumentException("labels: a label key must not be blank; give each label a name");
        }
        if (e.getValue() == null) {
          throw new IllegalArgumentException("labels: label '" + k + "' has no value; give it a text");
        }
        // dumont-principal and dumont-team say who an endpoint belongs to (access control, team quotas)
        if (k.startsWith("dumont-") && !k.equals(Labels.PRINCIPAL) && !k.equals(Labels.TEAM)) {
          throw new IllegalArgumentException("labels: label '" + k + "' is reserved for the engine; use a key not"
              + " starting with dumont- (" + Labels.PRINCIPAL + " and " + Labels.TEAM + " name the owner)");
        }
        if (k.equals(EngineReplicaManager.ENDPOINT_LABEL) || k.equals(EngineReplicaManager.SLOT_LABEL)) {
          throw new IllegalArgumentException("labels: label '" + k + "' is reserved: the endpoint sets it on every"
              + " replica; use another key");
        }
      }
    }

    private static void positive(Duration d, String field) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(field + " must be a positive duration, got " + d);
      }
    }
  }
}
