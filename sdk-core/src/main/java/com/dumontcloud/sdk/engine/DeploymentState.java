package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.engine.Slot.S;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The journalled state of one deployment. */
final class DeploymentState {
  /** A location to avoid until {@code until}. */
  record CoolDown(String host, String region, Instant until) {}

  /** Cost tracking of one instance. */
  static final class Billing {
    double price;
    double onDemandPrice;
    Instant lastAt;
    boolean active;
    /** What the provider bills per hour while the instance is stopped (its disk), 0 where nothing. */
    double storagePrice;
    /** GPUs of the instance, as last observed (0 until then). */
    int gpus;
  }

  DeploymentSpec spec;
  boolean deleted;
  boolean completed;
  final List<Slot> slots = new ArrayList<>();
  /** Instances to terminate: id → provider id. */
  final Map<String, String> retire = new LinkedHashMap<>();
  Checkpoint checkpoint;
  Instant lastCheckpointAt;
  /** When hibernated replicas resume on their own (a schedule), or null. */
  Instant resumeAt;
  final List<CoolDown> coolDowns = new ArrayList<>();
  final List<Instant> failoverStarts = new ArrayList<>();
  final Map<String, Billing> billing = new LinkedHashMap<>();
  /** Spend per epoch hour, USD. */
  final TreeMap<Long, Double> spendByHour = new TreeMap<>();
  /** GPU hours per epoch hour (team quotas). */
  final TreeMap<Long, Double> gpuHoursByHour = new TreeMap<>();
  /**
   * The hour accrual adds to now, and what it added since the hourly maps last took it (process memory only): a tick
   * adds two doubles here instead of a boxed merge into each tree map (at 10k deployments and a month of hours that
   * was about ten cache misses per deployment per tick). Every reader of the maps takes it in first ({@link
   * #foldOpenHour}), so the maps, their sums and the journal are what they were.
   */
  long openHour = Long.MIN_VALUE;
  double openHourSpend;
  double openHourGpuHours;
  /** The epoch hour up to which the hourly maps were last pruned (process memory only: pruned once per hour). */
  long prunedAtHour = Long.MIN_VALUE;
  double spendTotal;
  double onDemandTotal;
  Instant blockedUntil;
  final Map<String, String> warned = new LinkedHashMap<>();
  int interruptions;
  int failoversCompleted;
  /** When the ledger was last saved, in epoch nanoseconds ({@code Long.MIN_VALUE}: not yet); process memory only. */
  long lastLedgerSaveNanos = Long.MIN_VALUE;
  boolean dirty;
  /** Serving endpoints last published (journalled: a restart neither loses them nor re-announces them). */
  List<ServingEndpoint> servingEndpoints = List.of();
  /**
   * The serving list (by identity) whose endpoints the slots' {@code published*} fields describe, and its size; null
   * when they describe none (process memory only: see {@link Slot#publishedAt}).
   */
  List<ServingEndpoint> endpointsMemo;
  int endpointsMemoSize;
  /** Cache of the standby's launch template for {@link #standbyTemplateOf} (process memory only). */
  com.dumontcloud.sdk.model.Template standbyTemplate;
  String standbyFingerprint;
  DeploymentSpec standbyTemplateOf;
  /** Cache of the template fingerprint of {@link #fingerprintOf} (process memory only). */
  String fingerprint;
  DeploymentSpec fingerprintOf;

  Slot slot(String name) {
    for (Slot s : slots) if (s.name.equals(name)) return s;
    return null;
  }

  /** Add spend (USD) and GPU hours to epoch hour {@code hour}; the hourly maps take them in on their next read. */
  void accrueHour(long hour, double spend, double gpuHours) {
    if (hour != openHour) {
      foldOpenHour();
      openHour = hour;
    }
    openHourSpend += spend;
    openHourGpuHours += gpuHours;
  }

  /** Move what the open hour gathered into the hourly maps (before any read of them). */
  void foldOpenHour() {
    if (openHourSpend > 0) spendByHour.merge(openHour, openHourSpend, Double::sum);
    if (openHourGpuHours > 0) gpuHoursByHour.merge(openHour, openHourGpuHours, Double::sum);
    openHourSpend = 0;
    openHourGpuHours = 0;
  }

  double spendSince(Instant from) {
    foldOpenHour();
    long h = Math.floorDiv(from.getEpochSecond(), 3600);
    double sum = 0;
    for (double v : spendByHour.tailMap(h, true).values()) sum += v;
    return sum;
  }

  double gpuHoursSince(Instant from) {
    foldOpenHour();
    long h = Math.floorDiv(from.getEpochSecond(), 3600);
    double sum = 0;
    for (double v : gpuHoursByHour.tailMap(h, true).values()) sum += v;
    return sum;
  }

  Map<String, Object> toMap() {
    foldOpenHour();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spec", spec.toMap());
    m.put("deleted", deleted);
    m.put("completed", completed);
    m.put("slots", slots.stream().map(Slot::toMap).toList());
    m.put("retire", new LinkedHashMap<>(retire));
    if (checkpoint != null) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("version", checkpoint.version());
      c.put("completed_at", checkpoint.completedAt().toString());
      c.put("bytes", checkpoint.bytes());
      c.put("location", checkpoint.location());
      c.put("sha256", checkpoint.sha256());
      m.put("checkpoint", c);
    }
    m.put("last_checkpoint_at", S.t(lastCheckpointAt));
    m.put("resume_at", S.t(resumeAt));
    List<Object> cds = new ArrayList<>();
    for (CoolDown c : coolDowns) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("host", c.host());
      x.put("region", c.region());
      x.put("until", c.until().toString());
      cds.add(x);
    }
    m.put("cool_downs", cds);
    m.put("failover_starts", failoverStarts.stream().map(Instant::toString).toList());
    Map<String, Object> bill = new LinkedHashMap<>();
    billing.forEach((id, b) -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("price", b.price);
      x.put("od_price", b.onDemandPrice);
      x.put("last_at", S.t(b.lastAt));
      x.put("active", b.active);
      x.put("storage_price", b.storagePrice);
      if (b.gpus > 0) x.put("gpus", b.gpus);
      bill.put(id, x);
    });
    m.put("billing", bill);
    Map<String, Object> hours = new LinkedHashMap<>();
    spendByHour.forEach((h, v) -> hours.put(String.valueOf(h), v));
    m.put("spend_by_hour", hours);
    if (!gpuHoursByHour.isEmpty()) {
      Map<String, Object> gh = new LinkedHashMap<>();
      gpuHoursByHour.forEach((h, v) -> gh.put(String.valueOf(h), v));
      m.put("gpu_hours_by_hour", gh);
    }
    m.put("spend_total", spendTotal);
    m.put("on_demand_total", onDemandTotal);
    m.put("blocked_until", S.t(blockedUntil));
    m.put("warned", new LinkedHashMap<>(warned));
    m.put("interruptions", interruptions);
    m.put("failovers_completed", failoversCompleted);
    m.put("serving_endpoints", servingEndpoints.stream().map(ServingEndpoint::toMap).toList());
    return m;
  }

  @SuppressWarnings("unchecked")
  static DeploymentState fromMap(Map<String, Object> m) {
    DeploymentState d = new DeploymentState();
    d.spec = DeploymentSpec.fromMap((Map<String, Object>) m.get("spec"));
    d.deleted = Boolean.TRUE.equals(m.get("deleted"));
    d.completed = Boolean.TRUE.equals(m.get("completed"));
    for (Object o : (List<Object>) m.getOrDefault("slots", List.of())) d.slots.add(Slot.fromMap((Map<String, Object>) o));
    ((Map<String, Object>) m.getOrDefault("retire", Map.of())).forEach((k, v) -> d.retire.put(k, String.valueOf(v)));
    if (m.get("checkpoint") instanceof Map<?, ?> c0) {
      Map<String, Object> c = (Map<String, Object>) c0;
      d.checkpoint = new Checkpoint(d.spec.id(), S.l(c, "version"), S.i(c, "completed_at"),
          S.l(c, "bytes") == null ? 0 : S.l(c, "bytes"), S.s(c, "location"), S.s(c, "sha256"));
    }
    d.lastCheckpointAt = S.i(m, "last_checkpoint_at");
    d.resumeAt = S.i(m, "resume_at");
    for (Object o : (List<Object>) m.getOrDefault("cool_downs", List.of())) {
      Map<String, Object> c = (Map<String, Object>) o;
      d.coolDowns.add(new CoolDown(S.s(c, "host"), S.s(c, "region"), S.i(c, "until")));
    }
    for (Object o : (List<Object>) m.getOrDefault("failover_starts", List.of())) d.failoverStarts.add(Instant.parse((String) o));
    ((Map<String, Object>) m.getOrDefault("billing", Map.of())).forEach((id, v) -> {
      Map<String, Object> x = (Map<String, Object>) v;
      Billing b = new Billing();
      b.price = S.d(x, "price");
      b.onDemandPrice = S.d(x, "od_price");
      b.lastAt = S.i(x, "last_at");
      b.active = Boolean.TRUE.equals(x.get("active"));
      b.storagePrice = S.d(x, "storage_price");
      b.gpus = x.get("gpus") instanceof Number g ? g.intValue() : 0;
      d.billing.put(id, b);
    });
    ((Map<String, Object>) m.getOrDefault("spend_by_hour", Map.of()))
        .forEach((h, v) -> d.spendByHour.put(Long.parseLong(h), ((Number) v).doubleValue()));
    ((Map<String, Object>) m.getOrDefault("gpu_hours_by_hour", Map.of()))
        .forEach((h, v) -> d.gpuHoursByHour.put(Long.parseLong(h), ((Number) v).doubleValue()));
    d.spendTotal = S.d(m, "spend_total");
    d.onDemandTotal = S.d(m, "on_demand_total");
    d.blockedUntil = S.i(m, "blocked_until");
    ((Map<String, Object>) m.getOrDefault("warned", Map.of())).forEach((k, v) -> d.warned.put(k, String.valueOf(v)));
    d.interruptions = S.n(m, "interruptions");
    d.failoversCompleted = S.n(m, "failovers_completed");
    List<ServingEndpoint> eps = new ArrayList<>();
    for (Object o : (List<Object>) m.getOrDefault("serving_endpoints", List.of())) {
      eps.add(ServingEndpoint.fromMap((Map<String, Object>) o));
    }
    d.servingEndpoints = List.copyOf(eps);
    return d;
  }
}
