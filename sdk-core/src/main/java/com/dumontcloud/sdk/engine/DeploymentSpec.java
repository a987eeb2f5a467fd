package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Desired state of one deployment: a SERVICE of N health-checked replicas of a template, or a JOB that
 * runs to completion from checkpoints. Immutable; build with {@link #builder(String, Template)}.
 */
public final class DeploymentSpec {
  /** Deployment kinds. */
  public enum Kind { SERVICE, JOB }

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

  @Override
  public boolean equals(Object o) {
    return o instanceof DeploymentSpec s && toMap().equals(s.toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  @Override
  public String toString() {
    return "DeploymentSpec[" + id + ", " + kind + ", template=" + template.name() + ", replicas=" + replicas + "]";
  }

  // ------------------------------------------------------------------ map form (journal, YAML/JSON files)

  /** JSON/YAML-compatible map form; {@link #fromMap(Map)} reads it back. Durations are in seconds. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("kind", kind.name().toLowerCase(Locale.ROOT));
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", template.name());
    if (template.displayName() != null) t.put("display_name", template.displayName());
    t.put("image", template.image());
    t.put("port", template.port());
    t.put("health_path", template.healthPath());
    if (template.modelId() != null) t.put("model_id", template.modelId());
    t.put("min_gpu_ram", template.minGpuRamGib());
    if (template.maxPricePerHour() != null) t.put("max_price", template.maxPricePerHour().doubleValue());
    t.put("category", template.category().name());
    m.put("template", t);
    m.put("replicas", replicas);
    List<Object> filters = new ArrayList<>();
    for (OfferQuery.Filter f : query.filters()) {
      filters.add(Map.of("field", f.field(), "op", f.op().name(), "value", f.value()));
    }
    m.put("filters", filters);
    m.put("providers", providers);
    m.put("regions", regions);
    m.put("spot_policy", spotPolicy.name().toLowerCase(Locale.ROOT));
    Map<String, Object> fo = new LinkedHashMap<>();
    fo.put("strategies", failover.strategies().stream().map(Enum::name).toList());
    fo.put("probe_failure_threshold", failover.probeFailureThreshold());
    fo.put("cool_down", (double) failover.coolDown().toSeconds());
    fo.put("max_failovers_per_window", failover.maxFailoversPerWindow());
    fo.put("window", (double) failover.window().toSeconds());
    fo.put("min_gap", (double) failover.minGap().toSeconds());
    fo.put("standby_start_timeout", (double) failover.standbyStartTimeout().toSeconds());
    fo.put("boot_timeout", (double) failover.bootTimeout().toSeconds());
    m.put("failover", fo);
    if (warmPool != null) {
      m.put("warm_pool", Map.of("size", warmPool.size(), "mode", warmPool.mode().name(), "replenish", warmPool.replenish()));
    }
    if (standby != null) {
      m.put("standby", Map.of("pricing", standby.pricingModel().name(), "max_price", standby.maxPricePerHour()));
    }
    if (checkpointInterval != null) m.put("checkpoint_interval", (double) checkpointInterval.toSeconds());
    if (hibernation != null) {
      m.put("hibernation", Map.of("threshold", hibernation.threshold(), "period", (double) hibernation.period().toSeconds(),
          "action", hibernation.action().name()));
    }
    if (budget != null) m.put("budget", budgetToMap(budget));
    m.put("priority", priority);
    m.put("labels", new LinkedHashMap<>(labels));
    return m;
  }

  static Map<String, Object> budgetToMap(Budget b) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (b.maxPricePerHour() != null) m.put("max_price_per_hour", b.maxPricePerHour().doubleValue());
    if (b.maxSpend() != null) m.put("max_spend", b.maxSpend().doubleValue());
    m.put("period", (double) b.period().toSeconds());
    m.put("warn_at", b.warnAt());
    return m;
  }

  static Budget budgetFromMap(Map<String, Object> m) {
    Double ph = num(m, "max_price_per_hour");
    Double ms = num(m, "max_spend");
    Double per = num(m, "period");
    Double warn = num(m, "warn_at");
    return new Budget(ph == null ? null : Money.usd(ph), ms == null ? null : Money.usd(ms),
        per == null ? Duration.ofDays(1) : secs(per), warn == null ? 0.8 : warn);
  }

  /**
   * Read the map form (from {@link #toMap()}, or a YAML/JSON file). Only {@code id} and {@code template} are
   * required; {@code template} is a catalog name or an object with at least {@code name} and {@code image}.
   *
   * @throws InvalidSpecException when a field is missing or malformed (the message names it)
   */
  @SuppressWarnings("unchecked")
  public static DeploymentSpec fromMap(Map<String, Object> m) {
    try {
      Object t = m.get("template");
      Template template;
      if (t instanceof String name) {
        template = TemplateCatalog.find(name).orElseThrow(() -> new InvalidSpecException(
            "template '" + name + "' is not in the catalog; give an object with name, image, port, health_path"));
      } else if (t instanceof Map<?, ?> tm0) {
        Map<String, Object> tm = (Map<String, Object>) tm0;
        String name = str(tm, "name");
        Template base = name == null ? null : TemplateCatalog.find(name).orElse(null);
        if (tm.get("image") == null && base != null) {
          template = base;
        } else {
          Double port = num(tm, "port");
          Double ram = num(tm, "min_gpu_ram");
          Double max = num(tm, "max_price");
          String cat = str(tm, "category");
          template = new Template(req(name, "template.name"), str(tm, "display_name"), null,
              cat == null ? TemplateCategory.GENERAL : TemplateCategory.valueOf(cat.toUpperCase(Locale.ROOT)),
              req(str(tm, "image"), "template.image"), port == null ? 8000 : port.intValue(), str(tm, "health_path"),
              str(tm, "model_id"), ram == null ? 0 : ram, 0, max == null ? null : Money.usd(max), null, null, null,
              null);
        }
      } else {
        throw new InvalidSpecException("deployment spec needs 'template' (a catalog name or an object)");
      }
      Builder b = builder(req(str(m, "id"), "id"), template);
      String kind = str(m, "kind");
      if (kind != null) b.kind(Kind.valueOf(kind.toUpperCase(Locale.ROOT)));
      Double replicas = num(m, "replicas");
      if (replicas != null) b.replicas(replicas.intValue());
      OfferQuery.Builder q = OfferQuery.builder();
      if (m.get("filters") instanceof List<?> fl) {
        for (Object o : fl) {
          Map<String, Object> f = (Map<String, Object>) o;
          q.filter(str(f, "field"), OfferQuery.Op.valueOf(str(f, "op")), f.get("value"));
        }
      }
      if (m.get("gpu_name") != null) q.gpuName(str(m, "gpu_name"));
      if (num(m, "min_gpu_ram") != null) q.minGpuRamGib(num(m, "min_gpu_ram"));
      if (num(m, "max_price") != null) q.maxPricePerHour(num(m, "max_price"));
      b.query(q.build());
      if (m.get("providers") instanceof List<?> l) b.providers((List<String>) l);
      if (m.get("regions") instanceof List<?> l) b.regions((List<String>) l);
      String sp = str(m, "spot_policy");
      if (sp != null) b.spotPolicy(SpotPolicy.valueOf(sp.toUpperCase(Locale.ROOT).replace('-', '_')));
      if (m.get("failover") instanceof Map<?, ?> fo0) {
        Map<String, Object> fo = (Map<String, Object>) fo0;
        FailoverPolicy d = FailoverPolicy.defaults();
        List<FailoverStrategy> st = fo.get("strategies") instanceof List<?> sl
            ? sl.stream().map(s -> FailoverStrategy.valueOf(String.valueOf(s).toUpperCase(Locale.ROOT).replace('-', '_'))).toList()
            : d.strategies();
        b.failover(new FailoverPolicy(st, intOr(fo, "probe_failure_threshold", d.probeFailureThreshold()),
            durOr(fo, "cool_down", d.coolDown()), intOr(fo, "max_failovers_per_window", d.maxFailoversPerWindow()),
            durOr(fo, "window", d.window()), durOr(fo, "min_gap", d.minGap()),
            durOr(fo, "standby_start_timeout", d.standbyStartTimeout()), durOr(fo, "boot_timeout", d.bootTimeout())));
      }
      if (m.get("warm_pool") instanceof Map<?, ?> w0) {
        Map<String, Object> w = (Map<String, Object>) w0;
        String mode = str(w, "mode");
        Boolean rep = w.get("replenish") instanceof Boolean bb ? bb : null;
        b.warmPool(new WarmPoolPolicy(intOr(w, "size", 1),
            mode == null ? WarmPoolPolicy.Mode.STOPPED : WarmPoolPolicy.Mode.valueOf(mode.toUpperCase(Locale.ROOT)),
            rep == null || rep));
      }
      if (m.get("standby") instanceof Map<?, ?> s0) {
        Map<String, Object> s = (Map<String, Object>) s0;
        String p = str(s, "pricing");
        Double max = num(s, "max_price");
        b.standby(new StandbyPolicy(p == null ? PricingModel.SPOT : PricingModel.valueOf(p.toUpperCase(Locale.ROOT)
            .replace('-', '_')), max == null ? 0.05 : max));
      } else if (Boolean.TRUE.equals(m.get("standby"))) {
        b.standby(StandbyPolicy.cpuSpot());
      }
      if (num(m, "checkpoint_interval") != null) b.checkpointInterval(secs(num(m, "checkpoint_interval")));
      if (m.get("hibernation") instanceof Map<?, ?> h0) {
        Map<String, Object> h = (Map<String, Object>) h0;
        HibernationPolicy d = HibernationPolicy.defaults();
        Double th = num(h, "threshold");
        String a = str(h, "action");
        b.hibernation(new HibernationPolicy(th == null ? d.threshold() : th, durOr(h, "period", d.period()),
            a == null ? d.action() : HibernationPolicy.Action.valueOf(a.toUpperCase(Locale.ROOT).replace('-', '_'))));
      }
      if (m.get("budget") instanceof Map<?, ?> bu) b.budget(budgetFromMap((Map<String, Object>) bu));
      b.priority(intOr(m, "priority", 0));
      if (m.get("labels") instanceof Map<?, ?> l) {
        Map<String, String> ls = new LinkedHashMap<>();
        l.forEach((k, v) -> ls.put(String.valueOf(k), String.valueOf(v)));
        b.labels(ls);
      }
      return b.build();
    } catch (InvalidSpecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidSpecException("invalid deployment spec: " + e.getMessage());
    }
  }

  private static String req(String v, String field) {
    if (v == null || v.isBlank()) throw new InvalidSpecException("deployment spec needs '" + field + "'");
    return v;
  }

  private static String str(Map<String, Object> m, String k) {
    Object v = m.get(k);
    if (v == null) return null;
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return String.valueOf(n.longValue());
    return String.valueOf(v);
  }

  private static Double num(Map<String, Object> m, String k) {
    Object v = m.get(k);
    if (v == null) return null;
    if (v instanceof Number n) return n.doubleValue();
    return Double.parseDouble(String.valueOf(v).trim());
  }

  private static int intOr(Map<String, Object> m, String k, int d) {
    Double v = num(m, k);
    return v == null ? d : v.intValue();
  }

  private static Duration durOr(Map<String, Object> m, String k, Duration d) {
    Double v = num(m, k);
    return v == null ? d : secs(v);
  }

  private static Duration secs(double s) {
    return Duration.ofMillis(Math.round(s * 1000));
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
    private final Map<String, String> labels = new LinkedHashMap<>();

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
    public Builder label(String k, String v) { labels.put(k, v); return this; }
    public Builder labels(Map<String, String> m) { labels.clear(); labels.putAll(m); return this; }

    public DeploymentSpec build() {
      if (id == null || !id.matches("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?")) {
        throw new InvalidSpecException("deployment id must be 1-40 chars of a-z, 0-9 and '-', got '" + id + "'");
      }
      if (template == null) throw new InvalidSpecException("deployment '" + id + "' needs a template");
      if (replicas < 0 || replicas > 100) {
        throw new InvalidSpecException("replicas must be in 0..100, got " + replicas);
      }
      if (checkpointInterval != null && (checkpointInterval.isZero() || checkpointInterval.isNegative())) {
        throw new InvalidSpecException("checkpointInterval must be positive, got " + checkpointInterval);
      }
      for (String k : labels.keySet()) {
        if (k.startsWith("dumont-")) throw new InvalidSpecException("label '" + k + "' is reserved for the engine");
      }
      return new DeploymentSpec(this);
    }
  }
}
