package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.Templates;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The map form of {@link DeploymentSpec} (see {@link DeploymentSpec#toMap()}): one writer, one reader, so that
 * {@code fromMap(toMap(s))} equals {@code s}. Enums are written in lower case and read in any case, with
 * {@code -} for {@code _}; durations are seconds (whole ones as integers); amounts as in
 * {@link Templates#moneyToValue}.
 */
final class DeploymentSpecCodec {
  private DeploymentSpecCodec() {}

  // ------------------------------------------------------------------------------------------ writing

  static Map<String, Object> toMap(DeploymentSpec s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("kind", wire(s.kind()));
    m.put("template", Templates.toMap(s.template()));
    m.put("replicas", s.replicas());
    OfferQuery q = s.query();
    List<Object> filters = new ArrayList<>();
    for (OfferQuery.Filter f : q.filters()) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("field", f.field());
      fm.put("op", f.op().name());
      fm.put("value", f.value());
      filters.add(fm);
    }
    m.put("filters", filters);
    if (q.sort() != OfferQuery.Sort.PRICE) m.put("sort", q.sort().wireName());
    if (q.descending()) m.put("sort_descending", true);
    if (q.limit() != null) m.put("limit", q.limit());
    if (q.pricingModel() != null) m.put("offer_pricing", wire(q.pricingModel()));
    m.put("providers", new ArrayList<>(s.providers()));
    m.put("regions", new ArrayList<>(s.regions()));
    m.put("spot_policy", wire(s.spotPolicy()));
    FailoverPolicy f = s.failover();
    Map<String, Object> fo = new LinkedHashMap<>();
    fo.put("strategies", f.strategies().stream().map(DeploymentSpecCodec::wire).toList());
    fo.put("probe_failure_threshold", f.probeFailureThreshold());
    fo.put("cool_down", seconds(f.coolDown()));
    fo.put("max_failovers_per_window", f.maxFailoversPerWindow());
    fo.put("window", seconds(f.window()));
    fo.put("min_gap", seconds(f.minGap()));
    fo.put("standby_start_timeout", seconds(f.standbyStartTimeout()));
    fo.put("boot_timeout", seconds(f.bootTimeout()));
    m.put("failover", fo);
    if (s.warmPool() != null) {
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("size", s.warmPool().size());
      w.put("mode", wire(s.warmPool().mode()));
      w.put("replenish", s.warmPool().replenish());
      m.put("warm_pool", w);
    }
    if (s.standby() != null) {
      StandbyPolicy sb = s.standby();
      Map<String, Object> st = new LinkedHashMap<>();
      st.put("pricing", wire(sb.pricingModel()));
      st.put("max_price", sb.maxPricePerHour());
      st.put("cpu_only", sb.cpuOnly());
      st.put("min_vcpus", sb.minVcpus());
      st.put("min_ram_gib", sb.minRamGib());
      m.put("standby", st);
    }
    if (s.checkpointInterval() != null) m.put("checkpoint_interval", seconds(s.checkpointInterval()));
    if (s.hibernation() != null) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("threshold", s.hibernation().threshold());
      h.put("period", seconds(s.hibernation().period()));
      h.put("action", wire(s.hibernation().action()));
      m.put("hibernation", h);
    }
    if (s.budget() != null) m.put("budget", budgetToMap(s.budget()));
    m.put("priority", s.priority());
    if (s.spotExtra() > 0) m.put("spot_extra", s.spotExtra());
    m.put("labels", new LinkedHashMap<>(new java.util.TreeMap<>(s.labels())));
    if (s.diskGibSet() != null) m.put("disk_gib", s.diskGibSet());
    m.put("bid", bidToMap(s.bidStrategy()));
    if (s.checkpointOnDelete()) m.put("checkpoint_on_delete", true);
    if (s.checkpoint() != null) {
      CheckpointSpec c = s.checkpoint();
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("store", c.store().toString());
      if (c.endpoint() != null) cm.put("endpoint", c.endpoint().toString());
      if (c.region() != null) cm.put("region", c.region());
      if (c.profile() != null) cm.put("profile", c.profile());
      cm.put("paths", c.paths());
      if (c.command() != null) cm.put("command", c.command());
      cm.put("keep", c.keep());
      m.put("checkpoint", cm);
    }
    return m;
  }

  static Map<String, Object> budgetToMap(Budget b) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (b.maxPricePerHour() != null) m.put("max_price_per_hour", Templates.moneyToValue(b.maxPricePerHour()));
    if (b.maxSpend() != null) m.put("max_spend", Templates.moneyToValue(b.maxSpend()));
    m.put("period", seconds(b.period()));
    m.put("warn_at", b.warnAt());
    return m;
  }

  static Map<String, Object> bidToMap(BidStrategy b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("strategy", b.kind().wireName());
    if (b.kind() == BidStrategy.Kind.MARGIN) m.put("margin", b.margin());
    if (b.kind() == BidStrategy.Kind.CAP) m.put("max_price", Templates.moneyToValue(b.maxPerHour()));
    return m;
  }

  /** Whole seconds as a Long (readable YAML), others as a Double with nanosecond digits. */
  static Object seconds(Duration d) {
    if (d.getNano() == 0) return d.getSeconds();
    return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9)).doubleValue();
  }

  // ------------------------------------------------------------------------------------------ reading

  static DeploymentSpec fromMap(Map<String, Object> m) {
    if (m == null) throw new InvalidSpecException("deployment spec is empty; it needs at least 'id' and 'template'");
    try {
      String id = m.get("id") instanceof String s ? s : null;
      if ((id == null || id.isBlank()) && m.get("template") == null) {
        throw new InvalidSpecException("deployment spec needs 'id' and 'template' (a catalog name or an object)");
      }
      if (m.get("id") == null) throw new InvalidSpecException("deployment spec needs 'id'");
      DeploymentSpecSchema.SCHEMA.validate(m, "a deployment spec");
      Template template = template(m.get("template"));
      DeploymentSpec.Builder b = DeploymentSpec.builder(requiredText(m, "id"), template);
      String kind = text(m, "kind");
      if (kind != null) b.kind(enumValue(DeploymentSpec.Kind.class, kind, "kind"));
      Integer replicas = integer(m, "replicas", "replicas");
      if (replicas != null) b.replicas(replicas);
      b.query(query(m));
      if (m.get("providers") != null) b.providers(texts(m.get("providers"), "providers"));
      if (m.get("regions") != null) b.regions(texts(m.get("regions"), "regions"));
      String sp = text(m, "spot_policy");
      if (sp != null) b.spotPolicy(enumValue(SpotPolicy.class, sp, "spot_policy"));
      Map<String, Object> fo = object(m, "failover", "failover");
      if (fo != null) b.failover(failover(fo));
      Map<String, Object> w = object(m, "warm_pool", "warm_pool");
      if (w != null) {
        String mode = text(w, "mode");
        Boolean replenish = bool(w, "replenish", "warm_pool.replenish");
        Integer size = integer(w, "size", "warm_pool.size");
        b.warmPool(new WarmPoolPolicy(size == null ? 1 : size,
            mode == null ? WarmPoolPolicy.Mode.STOPPED : enumValue(WarmPoolPolicy.Mode.class, mode, "warm_pool.mode"),
            replenish == null || replenish));
      }
      if (Boolean.TRUE.equals(m.get("standby"))) {
        b.standby(StandbyPolicy.cpuSpot());
      } else if (!Boolean.FALSE.equals(m.get("standby"))) {
        Map<String, Object> st = object(m, "standby", "standby (an object, or true)");
        if (st != null) b.standby(standby(st));
      }
      Duration cp = duration(m, "checkpoint_interval", "checkpoint_interval");
      if (cp != null) b.checkpointInterval(cp);
      Map<String, Object> h = object(m, "hibernation", "hibernation");
      if (h != null) {
        HibernationPolicy d = HibernationPolicy.defaults();
        Double th = number(h, "threshold", "hibernation.threshold");
        String a = text(h, "action");
        Duration period = duration(h, "period", "hibernation.period");
        b.hibernation(new HibernationPolicy(th == null ? d.threshold() : th, period == null ? d.period() : period,
            a == null ? d.action() : enumValue(HibernationPolicy.Action.class, a, "hibernation.action")));
      }
      Map<String, Object> bu = object(m, "budget", "budget");
      if (bu != null) b.budget(budgetFromMap(bu, "budget"));
      Integer priority = integer(m, "priority", "priority");
      b.priority(priority == null ? 0 : priority);
      Integer spotExtra = integer(m, "spot_extra", "spot_extra");
      if (spotExtra != null) b.spotExtra(spotExtra);
      Map<String, Object> labels = object(m, "labels", "labels");
      if (labels != null) {
        Map<String, String> ls = new LinkedHashMap<>();
        labels.forEach((k, v) -> ls.put(k, scalarText(v, "labels." + k)));
        b.labels(ls);
      }
      Double disk = number(m, "disk_gib", "disk_gib");
      if (disk != null) b.diskGib(disk);
      Boolean cod = bool(m, "checkpoint_on_delete", "checkpoint_on_delete");
      if (cod != null) b.checkpointOnDelete(cod);
      if (m.get("bid") != null) b.bidStrategy(bid(m.get("bid")));
      Map<String, Object> ck = object(m, "checkpoint", "checkpoint");
      if (ck != null) {
        String store = text(ck, "store");
        if (store == null) throw new InvalidSpecException("checkpoint.store is required (s3://bucket/prefix)");
        Object ps = ck.get("paths");
        List<String> paths = new ArrayList<>();
        if (ps instanceof String one) {
          paths.add(one);
        } else if (ps instanceof List<?> l) {
          for (Object o : l) paths.add(scalarText(o, "checkpoint.paths"));
        } else if (ps != null) {
          throw new InvalidSpecException("checkpoint.paths must be a list of paths");
        }
        Integer keep = integer(ck, "keep", "checkpoint.keep");
        CheckpointSpec c = new CheckpointSpec(CheckpointSpec.uri(store, "checkpoint.store"),
            text(ck, "endpoint") == null ? null : CheckpointSpec.uri(text(ck, "endpoint"), "checkpoint.endpoint"),
            text(ck, "region"), text(ck, "profile"), paths, text(ck, "command"),
            keep == null ? CheckpointSpec.DEFAULT_KEEP : keep);
        b.checkpoint(c);
        Duration iv = duration(ck, "interval", "checkpoint.interval");
        if (iv != null) b.checkpointInterval(iv);
      }
      return b.build();
    } catch (InvalidSpecException e) {
      throw e;
    } catch (RuntimeException e) { // a policy's own validation (IllegalArgumentException) names its field
      throw new InvalidSpecException("invalid deployment spec" + idOf(m) + ": " + e.getMessage());
    }
  }

  static Budget budgetFromMap(Map<String, Object> m, String field) {
    Money ph = Templates.moneyFromValue(m.get("max_price_per_hour"), field + ".max_price_per_hour");
    Money ms = Templates.moneyFromValue(m.get("max_spend"), field + ".max_spend");
    Duration per = duration(m, "period", field + ".period");
    Double warn = number(m, "warn_at", field + ".warn_at");
    if (ph == null && ms == null) {
      throw new InvalidSpecException(field + " needs max_price_per_hour or max_spend (or both)");
    }
    return new Budget(ph, ms, per == null ? Duration.ofDays(1) : per, warn == null ? 0.8 : warn);
  }

  private static Template template(Object t) {
    if (t instanceof String name) {
      return TemplateCatalog.find(name).orElseThrow(() -> new InvalidSpecException("template '" + name
          + "' is not in the catalog (known: " + String.join(", ", TemplateCatalog.names())
          + "); or give an object with name, image, port, health_path, args"));
    }
    if (!(t instanceof Map<?, ?> raw)) {
      throw new InvalidSpecException("deployment spec needs 'template' (a catalog name or an object)");
    }
    Map<String, Object> tm = stringKeys(raw);
    if (tm.get("image") != null) return Templates.fromMap(tm);
    Optional<Template> base = tm.get("name") instanceof String n ? TemplateCatalog.find(n) : Optional.empty();
    if (base.isEmpty()) return Templates.fromMap(tm); // names the missing template.image
    // a catalog template, with the keys given overriding it; config is validated custom_config (args follow)
    Template catalog = base.get();
    if (tm.get("config") != null) {
      Map<String, Object> overrides = object(tm, "config", "template.config");
      catalog = TemplateCatalog.applyOverrides(catalog, overrides);
    }
    Map<String, Object> merged = Templates.toMap(catalog);
    tm.forEach((k, v) -> {
      if (!k.equals("name") && !k.equals("config")) merged.put(k, v);
    });
    return Templates.fromMap(merged);
  }

  private static OfferQuery query(Map<String, Object> m) {
    OfferQuery.Builder q = OfferQuery.builder();
    Object fl = m.get("filters");
    if (fl != null) {
      if (!(fl instanceof List<?> list)) throw new InvalidSpecException("filters must be a list of {field, op, value}");
      for (int i = 0; i < list.size(); i++) {
        String at = "filters[" + i + "]";
        if (!(list.get(i) instanceof Map<?, ?> raw)) throw new InvalidSpecException(at + " must be {field, op, value}");
        Map<String, Object> f = stringKeys(raw);
        String field = text(f, "field");
        if (field == null || field.isBlank()) throw new InvalidSpecException(at + ".field is missing");
        String op = text(f, "op");
        if (op == null) throw new InvalidSpecException(at + ".op is missing");
        q.filter(field, op(op, at + ".op"), f.get("value"));
      }
    }
    if (m.get("gpu_name") != null) q.gpuName(text(m, "gpu_name"));
    Double minRam = number(m, "min_gpu_ram", "min_gpu_ram");
    if (minRam != null) q.minGpuRamGib(minRam);
    Double maxPrice = number(m, "max_price", "max_price");
    if (maxPrice != null) q.maxPricePerHour(maxPrice);
    String sort = text(m, "sort");
    if (sort != null) q.sort(enumValue(OfferQuery.Sort.class, sort, "sort"));
    Boolean desc = bool(m, "sort_descending", "sort_descending");
    if (desc != null) q.descending(desc);
    Integer limit = integer(m, "limit", "limit");
    if (limit != null) {
      if (limit <= 0) throw new InvalidSpecException("limit must be a positive number of offers, got " + limit);
      q.limit(limit);
    }
    String pricing = text(m, "offer_pricing");
    if (pricing != null) q.pricingModel(enumValue(PricingModel.class, pricing, "offer_pricing"));
    return q.build();
  }

  private static OfferQuery.Op op(String value, String field) {
    String v = value.trim();
    for (OfferQuery.Op o : OfferQuery.Op.values()) {
      if (o.name().equalsIgnoreCase(v.replace('-', '_')) || o.symbol().equals(v)) return o;
    }
    List<String> names = new ArrayList<>();
    for (OfferQuery.Op o : OfferQuery.Op.values()) names.add(o.name());
    throw new InvalidSpecException(field + " must be one of " + String.join(", ", names) + "; got '" + value + "'");
  }

  private static FailoverPolicy failover(Map<String, Object> fo) {
    FailoverPolicy d = FailoverPolicy.defaults();
    List<FailoverStrategy> st = d.strategies();
    if (fo.get("strategies") != null) {
      st = new ArrayList<>();
      for (String s : texts(fo.get("strategies"), "failover.strategies")) {
        st.add(enumValue(FailoverStrategy.class, s, "failover.strategies"));
      }
    }
    return new FailoverPolicy(st, intOr(fo, "probe_failure_threshold", d.probeFailureThreshold(), "failover"),
        durationOr(fo, "cool_down", d.coolDown(), "failover"),
        intOr(fo, "max_failovers_per_window", d.maxFailoversPerWindow(), "failover"),
        durationOr(fo, "window", d.window(), "failover"), durationOr(fo, "min_gap", d.minGap(), "failover"),
        durationOr(fo, "standby_start_timeout", d.standbyStartTimeout(), "failover"),
        durationOr(fo, "boot_timeout", d.bootTimeout(), "failover"));
  }

  private static StandbyPolicy standby(Map<String, Object> s) {
    StandbyPolicy d = StandbyPolicy.cpuSpot();
    String p = text(s, "pricing");
    Double max = number(s, "max_price", "standby.max_price");
    Boolean cpuOnly = bool(s, "cpu_only", "standby.cpu_only");
    Integer vcpus = integer(s, "min_vcpus", "standby.min_vcpus");
    Double ram = number(s, "min_ram_gib", "standby.min_ram_gib");
    return new StandbyPolicy(p == null ? d.pricingModel() : enumValue(PricingModel.class, p, "standby.pricing"),
        max == null ? d.maxPricePerHour() : max, cpuOnly == null ? d.cpuOnly() : cpuOnly,
        vcpus == null ? d.minVcpus() : vcpus, ram == null ? d.minRamGib() : ram);
  }

  private static BidStrategy bid(Object v) {
    Map<String, Object> b;
    if (v instanceof String s) {
      b = new LinkedHashMap<>();
      b.put("strategy", s);
    } else if (v instanceof Map<?, ?> raw) {
      b = stringKeys(raw);
    } else {
      throw new InvalidSpecException("bid must be {strategy: minimum|margin|cap, margin: 0.1, max_price: 0.5}, got "
          + show(v));
    }
    String strategy = text(b, "strategy");
    BidStrategy.Kind kind = strategy == null ? BidStrategy.Kind.MINIMUM
        : enumValue(BidStrategy.Kind.class, strategy, "bid.strategy");
    try {
      return switch (kind) {
        case MINIMUM -> BidStrategy.minimum();
        case MARGIN -> {
          Double margin = number(b, "margin", "bid.margin");
          if (margin == null) throw new InvalidSpecException("bid.margin is required with strategy margin (e.g. 0.1)");
          yield BidStrategy.margin(margin);
        }
        case CAP -> {
          Money cap = Templates.moneyFromValue(b.get("max_price"), "bid.max_price");
          if (cap == null) throw new InvalidSpecException("bid.max_price is required with strategy cap (e.g. 0.5)");
          yield BidStrategy.cap(cap);
        }
      };
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(e.getMessage());
    }
  }

  // ------------------------------------------------------------------------------------------ value helpers

  static <E extends Enum<E>> String wire(E e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
    String key = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(key)) return e;
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) names.add(wire(e));
    throw new InvalidSpecException(field + " must be one of " + String.join(", ", names) + "; got '" + value + "'");
  }

  private static String idOf(Map<String, Object> m) {
    return m.get("id") instanceof String id ? " '" + id + "'" : "";
  }

  private static Map<String, Object> stringKeys(Map<?, ?> raw) {
    Map<String, Object> out = new LinkedHashMap<>();
    raw.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static Map<String, Object> object(Map<String, Object> m, String key, String field) {
    Object v = m.get(key);
    if (v == null) return null;
    if (v instanceof Map<?, ?> raw) return stringKeys(raw);
    throw new InvalidSpecException(field + " must be an object, got " + show(v));
  }

  private static String requiredText(Map<String, Object> m, String key) {
    String v = text(m, key);
    if (v == null || v.isBlank()) throw new InvalidSpecException("deployment spec needs '" + key + "'");
    return v;
  }

  private static String text(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? null : scalarText(v, key);
  }

  private static String scalarText(Object v, String field) {
    if (v == null || v instanceof Map || v instanceof List) {
      throw new InvalidSpecException(field + " must be a text, got " + show(v));
    }
    if (v instanceof Number n) return show(n);
    return String.valueOf(v);
  }

  private static List<String> texts(Object v, String field) {
    if (!(v instanceof List<?> l)) throw new InvalidSpecException(field + " must be a list, got " + show(v));
    List<String> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) out.add(scalarText(l.get(i), field + "[" + i + "]"));
    return out;
  }

  private static Double number(Map<String, Object> m, String key, String field) {
    Object v = m.get(key);
    if (v == null) return null;
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof String s) {
      try {
        return new BigDecimal(s.trim()).doubleValue();
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new InvalidSpecException(field + " must be a number, got " + show(v));
  }

  private static Integer integer(Map<String, Object> m, String key, String field) {
    Double d = number(m, key, field);
    if (d == null) return null;
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new InvalidSpecException(field + " must be a whole number, got " + show(d));
    }
    return d.intValue();
  }

  private static int intOr(Map<String, Object> m, String key, int d, String prefix) {
    Integer v = integer(m, key, prefix + "." + key);
    return v == null ? d : v;
  }

  private static Boolean bool(Map<String, Object> m, String key, String field) {
    Object v = m.get(key);
    if (v == null) return null;
    if (v instanceof Boolean b) return b;
    if (v instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
      return Boolean.valueOf(s.trim());
    }
    throw new InvalidSpecException(field + " must be true or false, got " + show(v));
  }

  private static Duration duration(Map<String, Object> m, String key, String field) {
    Object v = m.get(key);
    if (v == null) return null;
    BigDecimal secs;
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new InvalidSpecException(field + " must be a number of seconds, got " + show(v));
      }
      secs = BigDecimal.valueOf(d);
    } else if (v instanceof Number n) {
      secs = n instanceof BigDecimal bd ? bd : new BigDecimal(n.toString());
    } else {
      try {
        secs = new BigDecimal(String.valueOf(v).trim());
      } catch (NumberFormatException e) {
        throw new InvalidSpecException(field + " must be a number of seconds, got " + show(v));
      }
    }
    BigDecimal nanos = secs.movePointRight(9).setScale(0, RoundingMode.HALF_EVEN);
    BigDecimal[] qr = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
    try {
      return Duration.ofSeconds(qr[0].longValueExact(), qr[1].longValueExact());
    } catch (ArithmeticException e) {
      throw new InvalidSpecException(field + " is too large a number of seconds: " + show(v));
    }
  }

  private static Duration durationOr(Map<String, Object> m, String key, Duration d, String prefix) {
    Duration v = duration(m, key, prefix + "." + key);
    return v == null ? d : v;
  }

  /** A value as a person reads it: 0.0003 not 3.0E-4, 8000 not 8000.0, texts quoted. */
  static String show(Object v) {
    if (v == null) return "nothing";
    if (v instanceof String s) return "'" + s + "'";
    if (v instanceof Double d) return show(d.doubleValue());
    if (v instanceof Float f) return show(f.doubleValue());
    if (v instanceof BigDecimal bd) return bd.stripTrailingZeros().toPlainString();
    if (v instanceof Map) return "an object";
    if (v instanceof List) return "a list";
    return String.valueOf(v);
  }

  static String show(double d) {
    return Double.isNaN(d) || Double.isInfinite(d) ? String.valueOf(d)
        : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
