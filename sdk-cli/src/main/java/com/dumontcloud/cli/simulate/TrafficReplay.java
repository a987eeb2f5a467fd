package com.dumontcloud.cli.simulate;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.serverless.Endpoint;
import com.dumontcloud.sdk.serverless.EndpointSpec;
import com.dumontcloud.sdk.serverless.EndpointStats;
import com.dumontcloud.sdk.serverless.EndpointStore;
import com.dumontcloud.sdk.serverless.Endpoints;
import com.dumontcloud.sdk.serverless.ReplicaLease;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.replay.LlmReplay;
import com.dumontcloud.sdk.testkit.replay.LlmRequest;
import com.dumontcloud.sdk.testkit.replay.LlmServiceModel;
import com.dumontcloud.sdk.testkit.replay.LlmTrace;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code dumont simulate traffic}: replays an {@link LlmTrace} against a serverless endpoint and against an
 * always-on fleet sized for the trace's peak, each on its own {@link SimulatedCloud} with the realistic boot profile
 * (35–105 s from launch to healthy), on virtual time. Both runs use the real {@link Endpoints} code — the autoscaler,
 * the router's least-outstanding replica choice and its leases ({@link Endpoints#acquire}) — and the same
 * {@link LlmServiceModel} for the replicas; only the spec's replica range differs.
 *
 * <p><b>Endpoint</b>: {@link #endpointSpec} (0..max replicas, target concurrency 4, scale to zero after 5 min idle,
 * queue 1000, cold-start timeout 5 min, spot with on-demand fallback on a simulated cloud without interruptions). Its
 * run lasts from the first arrival until every request is answered or failed and the endpoint is back at zero
 * replicas; cost is the simulated cloud's accrued cost over that window (boot time included, as the sim bills it).
 *
 * <p><b>Always-on</b>: the same spec with min = max = {@link #alwaysOnReplicas}: the trace's {@link #peakLoad peak
 * load}, rounded up, within 1..max replicas. The peak load is the busiest whole minute (from the trace's start) in
 * replica-seconds ÷ 60 s, where a request needs its prefill alone (input tokens ÷ prefill rate: prefill uses the whole
 * replica) plus its share of a batch of the target concurrency for the rest ((overhead + decode time at that batch) ÷
 * batch). Its replicas are booted before the trace starts, and it is billed for the same window as the endpoint.
 */
public final class TrafficReplay {
  /** The model every run serves. */
  public static final String TEMPLATE = "qwen2.5-7b";
  private static final Duration STEP = Duration.ofSeconds(10);
  /** Chance that a stopped warm worker's host GPU was rented by someone else when it resumes (an assumption). */
  public static final double DEFAULT_GPU_TAKEN = 0.1;

  private final LlmTrace trace;
  private final String source;
  private final int maxReplicas;
  private final long seed;
  private final LlmServiceModel model;
  private final BootProfile boot;
  private final BootProfile resume;
  private final double gpuTakenChance;
  private final EndpointSpec spec;
  private final Duration sampleEvery;
  private final Consumer<String> progress;

  private TrafficReplay(Builder b) {
    this.trace = b.trace;
    this.source = b.source;
    this.maxReplicas = b.maxReplicas;
    this.seed = b.seed;
    this.model = b.model;
    this.boot = b.boot;
    this.resume = b.resume;
    this.gpuTakenChance = b.gpuTakenChance;
    this.sampleEvery = b.sampleEvery;
    this.progress = b.progress;
    this.spec = b.spec != null ? b.spec : endpointSpec(b.maxReplicas).toBuilder().warmWorkers(b.warmWorkers)
        .prewarm(b.prewarm).build();
  }

  public static Builder builder(LlmTrace trace) {
    return new Builder(Objects.requireNonNull(trace, "trace"));
  }

  /** The endpoint every replay uses unless the builder is given another: see the class comment. */
  public static EndpointSpec endpointSpec(int maxReplicas) {
    return EndpointSpec.builder(TemplateCatalog.get(TEMPLATE)).replicas(0, maxReplicas).targetConcurrency(4)
        .maxConcurrency(MAX_CONCURRENCY).idleTimeout(Duration.ofMinutes(5)).queueCapacity(1000)
        .coldStartTimeout(Duration.ofMinutes(5)).build();
  }

  /**
   * Requests one replica is given at once in the replays (4× the target concurrency): a burst's backlog waits in the
   * endpoint's queue and spreads over the replicas as they come up instead of piling onto the first one ready.
   */
  public static final int MAX_CONCURRENCY = 16;

  /**
   * Replica-seconds one request needs from a replica serving batches of {@code batch}: its prefill has the replica's
   * compute to itself (input tokens ÷ prefill rate), its overhead and decode share the replica with {@code batch − 1}
   * others ((overhead + (output − 1) ÷ decodeRate(batch)) ÷ batch).
   */
  public static double replicaSeconds(LlmServiceModel model, LlmRequest q, int batch) {
    double prefill = q.inputTokens() / model.prefillTokensPerSecond();
    double shared = model.overhead().toNanos() / 1e9 + Math.max(0, q.outputTokens() - 1) / model.decodeRate(batch);
    return prefill + shared / batch;
  }

  /**
   * The trace's peak load in replicas: the largest, over whole minutes from its start, of the minute's arrivals'
   * {@link #replicaSeconds} divided by 60 s — how many replicas the busiest minute keeps fully busy.
   */
  public static double peakLoad(LlmTrace trace, LlmServiceModel model, int batch) {
    double[] busy = new double[(int) (trace.duration().toMillis() / 60_000) + 1];
    for (LlmRequest q : trace.requests()) busy[(int) (q.atMs() / 60_000)] += replicaSeconds(model, q, batch);
    double peak = 0;
    for (double b : busy) peak = Math.max(peak, b / 60.0);
    return peak;
  }

  /** Replicas for the peak, unbounded: ceil({@link #peakLoad}) at a batch of the target concurrency, at least 1. */
  public static int replicasForPeak(LlmTrace trace, LlmServiceModel model, EndpointSpec spec) {
    return Math.max(1, (int) Math.ceil(peakLoad(trace, model, batch(spec)) - 1e-9));
  }

  private static int batch(EndpointSpec spec) {
    return (int) Math.max(1, Math.ceil(spec.targetConcurrency()));
  }

  /** The always-on fleet: {@link #replicasForPeak} within 1..the endpoint's max replicas. */
  public static int alwaysOnReplicas(LlmTrace trace, LlmServiceModel model, EndpointSpec spec) {
    return Math.min(spec.maxReplicas(), replicasForPeak(trace, model, spec));
  }

  public EndpointSpec spec() {
    return spec;
  }

  /** Both replays; throws IllegalStateException if the always-on fleet cannot boot. */
  public Report run() {
    if (trace.size() == 0) throw new IllegalArgumentException("trace " + trace.name() + " has no requests");
    Run endpoint = replay("endpoint", spec, 0, null);
    int n = alwaysOnReplicas(trace, model, spec);
    Run alwaysOn = replay("always-on", spec.toBuilder().replicas(n, n).warmWorkers(0).prewarm(false).build(), n,
        endpoint.window);
    return new Report(this, endpoint, alwaysOn, n);
  }

  /**
   * One replay on a fresh simulated cloud. With {@code warm > 0} the fleet is booted before the trace starts; with a
   * {@code window} it is billed for exactly that long from the first arrival, else until everything is answered and
   * the endpoint is back at zero replicas.
   */
  Run replay(String name, EndpointSpec s, int warm, Duration window) {
    long wall0 = System.nanoTime();
    progress.accept(String.format(java.util.Locale.ROOT, "replaying %s (%d requests over %.1f min) against the %s%s...",
        trace.name(), trace.size(), trace.duration().toMillis() / 60_000.0, name,
        warm > 0 ? " of " + warm + " replicas" : " (" + s.minReplicas() + ".." + s.maxReplicas() + " replicas)"));
    VirtualScheduler vs = VirtualScheduler.create();
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(vs).seed(seed).bootProfile(boot).resumeProfile(resume)
        .gpuTakenChance(gpuTakenChance).build();
    try (sim;
        Dumont dumont = Dumont.builder().scheduler(vs).providerFactories(List.of(sim.factory())).provider("sim")
            .auditSink(AuditSink.none()).build();
        Endpoints eps = Endpoints.builder(dumont).store(EndpointStore.inMemory())
            .healthCheck((i, sp) -> sim.workloadHealthy(i.id())).build()) {
      Endpoint ep = eps.create(s);
      String id = ep.id();
      if (warm > 0) {
        Instant giveUp = vs.now().plus(Duration.ofMinutes(30));
        while (eps.get(id).readyReplicas() < warm) {
          if (!vs.now().isBefore(giveUp)) {
            throw new IllegalStateException("the always-on fleet of " + warm + " replicas was not ready after 30 min ("
                + eps.get(id).readyReplicas() + " ready); try a smaller --max-replicas");
          }
          vs.advanceBy(Duration.ofSeconds(5));
        }
      }
      if (s.warmWorkers() > 0) { // the warm pool is rented, booted and stopped before the trace starts
        Instant giveUp = vs.now().plus(Duration.ofMinutes(30));
        while (eps.stats(id).warmWorkers() < s.warmWorkers()) {
          if (!vs.now().isBefore(giveUp)) {
            throw new IllegalStateException("the warm pool of " + s.warmWorkers() + " workers was not stopped after 30 "
                + "min (" + eps.stats(id).warmWorkers() + " ready)");
          }
          vs.advanceBy(Duration.ofSeconds(5));
        }
      }
      Instant t0 = vs.now();
      Money cost0 = sim.accruedCost();
      Money storage0 = sim.accruedStorageCost();
      Map<String, Long> starts0 = eps.starts(id);
      Map<String, String> coldKinds = new java.util.concurrent.ConcurrentHashMap<>();
      List<Sample> samples = new ArrayList<>();
      vs.scheduleAtFixedRate(() -> {
        Endpoint e = eps.get(id);
        samples.add(new Sample(Duration.between(t0, vs.now()).toMillis(), e.readyReplicas(), e.replicas().size(),
            eps.queued(id)));
      }, Duration.ZERO, sampleEvery);
      LlmReplay replay = LlmReplay.start(vs, trace, model, at -> eps.acquire(id, at, Set.of()).thenApply(l -> {
        if (l.coldStart() != null) {
          coldKinds.merge(leaseKey(l.arrivedAt(), l.acquiredAt(), l.replicaId()),
              l.scaleFromZero() ? "zero-" + l.coldStart() : l.coldStart(), (a, b) -> a.startsWith("zero-") ? a : b);
        }
        return new Leased(l);
      }));
      Instant end = t0.plus(trace.duration());
      Instant cap = end.plus(s.coldStartTimeout()).plus(s.idleTimeout()).plus(Duration.ofMinutes(10));
      vs.advanceTo(end);
      Money cost;
      Money storage;
      if (window != null) {
        vs.advanceTo(t0.plus(window));
        cost = sim.accruedCost().minus(cost0);
        storage = sim.accruedStorageCost().minus(storage0);
        while (!replay.finished() && vs.now().isBefore(cap)) vs.advanceBy(STEP);
      } else {
        while ((!replay.finished() || !eps.get(id).replicas().isEmpty()) && vs.now().isBefore(cap)) vs.advanceBy(STEP);
        cost = sim.accruedCost().minus(cost0);
        storage = sim.accruedStorageCost().minus(storage0);
      }
      Duration ran = window != null ? window : Duration.between(t0, vs.now());
      EndpointStats stats = eps.stats(id);
      Map<String, Long> starts1 = eps.starts(id);
      Map<String, Long> starts = new LinkedHashMap<>();
      starts1.forEach((k, v) -> starts.put(k, v - starts0.getOrDefault(k, 0L)));
      int rentals = starts.get("fresh_rentals").intValue();
      Map<String, List<Long>> ttftByKind = new LinkedHashMap<>();
      for (LlmReplay.Outcome o : replay.outcomes()) {
        if (o == null || !o.ok()) continue;
        String k = coldKinds.get(leaseKey(o.arrivedAt(), o.acquiredAt(), o.replicaId()));
        if (k == null) continue;
        if (k.startsWith("zero-")) {
          ttftByKind.computeIfAbsent(k, x -> new ArrayList<>()).add(o.timeToFirstToken().toMillis());
          k = k.substring(5);
        }
        ttftByKind.computeIfAbsent(k, x -> new ArrayList<>()).add(o.timeToFirstToken().toMillis());
      }
      double prewarmCost = eps.prewarmCost(id);
      int peakReady = samples.stream().mapToInt(Sample::ready).max().orElse(0);
      long wallMs = (System.nanoTime() - wall0) / 1_000_000;
      Run run = new Run(name, s, replay.summary(), replay.outcomes(), cost, rentals, warm, stats, samples, peakReady,
          ran, wallMs, storage, starts, ttftByKind, prewarmCost, sim.gpuTakenStarts());
      progress.accept(String.format(java.util.Locale.ROOT, "  %s: %d answered, %d errors, p99 %.1f s, cost $%.2f, "
          + "%d fresh rentals, %d resumes (%.1f s wall)", name, run.summary.answered(), run.summary.errors(),
          run.summary.p99Ms() / 1000.0, cost.amount().doubleValue(), rentals, starts.get("resumes"), wallMs / 1000.0));
      return run;
    }
  }

  private static String leaseKey(Instant arrived, Instant acquired, String replica) {
    return arrived.toEpochMilli() + "|" + acquired.toEpochMilli() + "|" + replica;
  }

  /** The router's lease as the replay driver sees it. */
  private record Leased(ReplicaLease lease) implements LlmReplay.Lease {
    public String replicaId() {
      return lease.replicaId();
    }

    public void complete(boolean ok, Duration serviceTime) {
      lease.complete(ok, serviceTime);
    }
  }

  /**
   * The endpoint at one time.
   *
   * @param tMs since the first arrival
   * @param ready replicas passing their health check
   * @param live replicas launching or serving
   * @param queued requests waiting for a replica
   */
  public record Sample(long tMs, int ready, int live, int queued) {}

  /** Cold starts of one kind: count and their durations (first waiting request to first healthy replica). */
  public record ColdStarts(long count, long p50Ms, long p95Ms, int requests, long ttftP50Ms, long ttftP95Ms) {
    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("count", count);
      m.put("p50_ms", p50Ms);
      m.put("p95_ms", p95Ms);
      m.put("requests", requests);
      m.put("ttft_p50_ms", ttftP50Ms);
      m.put("ttft_p95_ms", ttftP95Ms);
      return m;
    }
  }

  /** One replay's results. */
  public static final class Run {
    private final String name;
    private final EndpointSpec spec;
    private final LlmReplay.Summary summary;
    private final List<LlmReplay.Outcome> outcomes;
    private final Money cost;
    private final int freshRentals;
    private final int replicas;
    private final EndpointStats stats;
    private final List<Sample> samples;
    private final int peakReady;
    private final Duration window;
    private final long wallMs;
    private final Money storageCost;
    private final Map<String, Long> starts;
    private final Map<String, List<Long>> ttftByKind;
    private final double prewarmCost;
    private final long gpuTaken;

    Run(String name, EndpointSpec spec, LlmReplay.Summary summary, List<LlmReplay.Outcome> outcomes, Money cost,
        int freshRentals, int replicas, EndpointStats stats, List<Sample> samples, int peakReady, Duration window,
        long wallMs, Money storageCost, Map<String, Long> starts, Map<String, List<Long>> ttftByKind,
        double prewarmCost, long gpuTaken) {
      this.storageCost = storageCost;
      this.starts = Map.copyOf(starts);
      this.ttftByKind = Map.copyOf(ttftByKind);
      this.prewarmCost = prewarmCost;
      this.gpuTaken = gpuTaken;
      this.name = name;
      this.spec = spec;
      this.summary = summary;
      this.outcomes = List.copyOf(outcomes);
      this.cost = cost;
      this.freshRentals = freshRentals;
      this.replicas = replicas;
      this.stats = stats;
      this.samples = List.copyOf(samples);
      this.peakReady = peakReady;
      this.window = window;
      this.wallMs = wallMs;
    }

    public String name() { return name; }
    public EndpointSpec spec() { return spec; }
    /** Latency and time to first token over the answered requests; errors. */
    public LlmReplay.Summary summary() { return summary; }
    /** Every request's outcome, in trace order. */
    public List<LlmReplay.Outcome> outcomes() { return outcomes; }
    /** Accrued cost of the run's instances over its billing window. */
    public Money cost() { return cost; }
    /** Instances rented during the replay (the always-on fleet's boot and the warm pool's before it not counted). */
    public int freshRentals() { return freshRentals; }
    /** Stopped warm workers resumed during the replay. */
    public long resumes() { return starts.getOrDefault("resumes", 0L); }
    /** Resumes the provider queued (the host's GPU was taken), replaced at once by a fresh rental. */
    public long resumeFallbacks() { return starts.getOrDefault("resume_fallbacks", 0L); }
    /** The part of {@link #cost()} billed for stopped warm workers' disks. */
    public Money storageCost() { return storageCost; }
    /** The always-on fleet's size, 0 for the endpoint. */
    public int replicas() { return replicas; }
    /** The endpoint's own stats at the end (its latency and error counts, cold starts). */
    public EndpointStats stats() { return stats; }
    /** The endpoint every {@code sampleEvery}. */
    public List<Sample> samples() { return samples; }
    public int peakReadyReplicas() { return peakReady; }
    /** The billing window, from the first arrival. */
    public Duration window() { return window; }
    /** Wall-clock time of this replay. */
    public long wallMs() { return wallMs; }

    /**
     * Cold starts by kind: {@code fresh} (a new rental booted while requests waited with no ready replica) and
     * {@code resume} (a stopped warm worker started; endpoints keep none yet, so always 0).
     */
    public Map<String, ColdStarts> coldStarts() {
      Map<String, ColdStarts> m = new LinkedHashMap<>();
      m.put("resume", kind("resume", stats.coldStartsResume()));
      m.put("fresh", kind("fresh", stats.coldStartsFresh()));
      return m;
    }

    /**
     * Time to first token of the first request of each cold start that began with no replica ready (a scale from
     * zero), by the kind that ended it: {@code {"resume": {count, ttft_p50_ms, ttft_p95_ms}, "fresh": ...}}.
     */
    public Map<String, Object> scaleFromZero() {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String k : List.of("resume", "fresh")) {
        long[] t = ttftByKind.getOrDefault("zero-" + k, List.of()).stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("count", t.length);
        x.put("ttft_p50_ms", LlmReplay.percentile(t, 0.50));
        x.put("ttft_p95_ms", LlmReplay.percentile(t, 0.95));
        m.put(k, x);
      }
      return m;
    }

    private ColdStarts kind(String k, EndpointStats.ColdStarts c) {
      long[] t = ttftByKind.getOrDefault(k, List.of()).stream().mapToLong(Long::longValue).sorted().toArray();
      return new ColdStarts(c.count(), c.p50Ms(), c.p95Ms(), t.length, LlmReplay.percentile(t, 0.50),
          LlmReplay.percentile(t, 0.95));
    }

    /** Latency percentiles of the requests that arrived in each minute (index = minute from the start). */
    public List<LlmReplay.Summary> perMinute(int minutes) {
      List<List<LlmReplay.Outcome>> byMinute = new ArrayList<>();
      for (int i = 0; i < minutes; i++) byMinute.add(new ArrayList<>());
      for (LlmReplay.Outcome o : outcomes) {
        int m = (int) (o.request().atMs() / 60_000);
        if (m < minutes) byMinute.get(m).add(o);
      }
      return byMinute.stream().map(l -> LlmReplay.summarize(l.size(), l)).toList();
    }

    Map<String, Object> toJson(boolean endpoint) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (!endpoint) m.put("replicas", replicas);
      m.put("requests", summary.requests());
      m.put("answered", summary.answered());
      m.put("errors", summary.errors());
      m.put("p50_ms", summary.p50Ms());
      m.put("p95_ms", summary.p95Ms());
      m.put("p99_ms", summary.p99Ms());
      m.put("ttft_p50_ms", summary.ttftP50Ms());
      m.put("ttft_p95_ms", summary.ttftP95Ms());
      m.put("ttft_p99_ms", summary.ttftP99Ms());
      m.put("cost", round(cost, 4));
      m.put("fresh_rentals", freshRentals);
      m.put("resumes", resumes());
      m.put("resume_fallbacks", resumeFallbacks());
      m.put("gpu_taken_starts", gpuTaken);
      m.put("storage_cost", round(storageCost, 4));
      if (endpoint) {
        m.put("warm_workers", spec.warmWorkers());
        m.put("prewarm", spec.prewarm());
        m.put("prewarm_launches", starts.getOrDefault("prewarm_launches", 0L));
        m.put("prewarm_cost", Math.round(prewarmCost * 10_000) / 10_000.0);
      }
      m.put("peak_ready_replicas", peakReady);
      Map<String, Object> cs = new LinkedHashMap<>();
      coldStarts().forEach((k, v) -> cs.put(k, v.toJson()));
      m.put("cold_starts", cs);
      if (endpoint) m.put("scale_from_zero", scaleFromZero());
      m.put("billed_window_s", window.toMillis() / 1000.0);
      m.put("wall_ms", wallMs);
      Map<String, Object> sp = new LinkedHashMap<>(spec.toMap());
      sp.put("template", spec.template().name());
      m.put("spec", sp);
      return m;
    }
  }

  static double round(Money m, int decimals) {
    return m.amount().setScale(decimals, RoundingMode.HALF_UP).doubleValue();
  }

  static Double ratio(double a, double b) {
    return b == 0 ? null : Math.round(a / b * 1000) / 1000.0;
  }

  /** Both runs and how they compare. */
  public static final class Report {
    private final TrafficReplay replay;
    private final Run endpoint;
    private final Run alwaysOn;
    private final int alwaysOnReplicas;

    Report(TrafficReplay replay, Run endpoint, Run alwaysOn, int alwaysOnReplicas) {
      this.replay = replay;
      this.endpoint = endpoint;
      this.alwaysOn = alwaysOn;
      this.alwaysOnReplicas = alwaysOnReplicas;
    }

    public LlmTrace trace() { return replay.trace; }
    public LlmServiceModel model() { return replay.model; }
    public Run endpoint() { return endpoint; }
    public Run alwaysOn() { return alwaysOn; }

    /** Endpoint p99 ÷ always-on p99 (null when always-on answered nothing). */
    public Double p99Ratio() {
      return ratio(endpoint.summary.p99Ms(), alwaysOn.summary.p99Ms());
    }

    /** Endpoint cost ÷ always-on cost. */
    public Double costRatio() {
      return ratio(endpoint.cost.amount().doubleValue(), alwaysOn.cost.amount().doubleValue());
    }

    public Map<String, Object> toJson() {
      return toJson(com.dumontcloud.sdk.pricing.CurrencyView.usd());
    }

    /**
     * The report with the runs' {@code cost}, {@code storage_cost} and {@code prewarm_cost} in {@code view}'s
     * currency (converted from the simulated cloud's US-dollar prices and rounded half-even once) and, when
     * converted, {@code currency} and {@code fx} at the top; ratios are currency-free.
     */
    public Map<String, Object> toJson(com.dumontcloud.sdk.pricing.CurrencyView view) {
      Map<String, Object> root = toJsonUsd();
      for (String run : List.of("endpoint", "always_on")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) root.get(run);
        for (String k : List.of("cost", "storage_cost", "prewarm_cost")) {
          if (m.get(k) instanceof Number n) m.put(k, view.usdFigure(n.doubleValue(), 4));
        }
      }
      return view.annotate(root);
    }

    private Map<String, Object> toJsonUsd() {
      Map<String, Object> root = new LinkedHashMap<>();
      Map<String, Object> t = new LinkedHashMap<>(replay.trace.toJson());
      t.put("source", replay.source);
      root.put("trace", t);
      root.put("seed", replay.seed);
      root.put("service_model", replay.model.toJson());
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("name", "realistic");
      b.put("provision_s", List.of(replay.boot.provisionMin().toSeconds(), replay.boot.provisionMax().toSeconds()));
      b.put("container_start_s", List.of(replay.boot.bootMin().toSeconds(), replay.boot.bootMax().toSeconds()));
      b.put("model_load_s", List.of(replay.boot.workloadMin().toSeconds(), replay.boot.workloadMax().toSeconds()));
      root.put("boot_profile", b);
      Map<String, Object> rp = new LinkedHashMap<>();
      rp.put("container_start_s", List.of(replay.resume.bootMin().toSeconds(), replay.resume.bootMax().toSeconds()));
      rp.put("model_load_s", List.of(replay.resume.workloadMin().toSeconds(), replay.resume.workloadMax().toSeconds()));
      rp.put("gpu_taken_chance", replay.gpuTakenChance);
      root.put("resume_profile", rp);
      root.put("endpoint", endpoint.toJson(true));
      Map<String, Object> ao = alwaysOn.toJson(false);
      Map<String, Object> sizing = new LinkedHashMap<>();
      sizing.put("peak_load_replicas", Math.round(peakLoad(replay.trace, replay.model, batch(replay.spec)) * 100) / 100.0);
      sizing.put("batch", batch(replay.spec));
      sizing.put("replicas_for_peak", replicasForPeak(replay.trace, replay.model, replay.spec));
      sizing.put("max_replicas", replay.spec.maxReplicas());
      sizing.put("rule", "ceil(peak load) within 1..max replicas; peak load = the busiest whole minute's replica-seconds "
          + "/ 60 s, a request needing input/prefill rate alone plus (overhead + (output-1)/decode rate at the batch) "
          + "/ batch, batch = target concurrency");
      ao.put("sizing", sizing);
      root.put("always_on", ao);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("p99", p99Ratio());
      r.put("cost", costRatio());
      r.put("p95", ratio(endpoint.summary.p95Ms(), alwaysOn.summary.p95Ms()));
      r.put("p50", ratio(endpoint.summary.p50Ms(), alwaysOn.summary.p50Ms()));
      r.put("ttft_p50", ratio(endpoint.summary.ttftP50Ms(), alwaysOn.summary.ttftP50Ms()));
      root.put("ratios", r);
      return root;
    }

    /** The self-contained HTML report (inline SVG charts, no external assets). */
    public String html() {
      return TrafficHtml.render(this);
    }

    int alwaysOnReplicas() {
      return alwaysOnReplicas;
    }

    Duration sampleEvery() {
      return replay.sampleEvery;
    }
  }

  /** Builder. */
  public static final class Builder {
    private final LlmTrace trace;
    private String source = "synthetic";
    private int maxReplicas = 20;
    private long seed = 42;
    private LlmServiceModel model = LlmServiceModel.defaults();
    private BootProfile boot = BootProfile.defaults();
    private BootProfile resume = BootProfile.resumeDefaults();
    private double gpuTakenChance = DEFAULT_GPU_TAKEN;
    private int warmWorkers;
    private boolean prewarm;
    private EndpointSpec spec;
    private Duration sampleEvery = Duration.ofSeconds(10);
    private Consumer<String> progress = m -> {};

    private Builder(LlmTrace trace) {
      this.trace = trace;
    }

    /** Where the trace came from (a file path, or "synthetic"), for the report. */
    public Builder source(String s) { source = Objects.requireNonNull(s); return this; }

    /** Most replicas of the endpoint, and of the always-on fleet (default 20). */
    public Builder maxReplicas(int n) {
      if (n < 1 || n > EndpointSpec.MAX_REPLICAS) {
        throw new IllegalArgumentException("--max-replicas must be 1.." + EndpointSpec.MAX_REPLICAS + ", got " + n);
      }
      maxReplicas = n;
      return this;
    }

    /** Seed of the simulated cloud (boot times, hosts). */
    public Builder seed(long s) { seed = s; return this; }
    public Builder model(LlmServiceModel m) { model = Objects.requireNonNull(m); return this; }
    /** Boot profile of the simulated cloud (default the realistic 35–105 s). */
    public Builder bootProfile(BootProfile b) { boot = Objects.requireNonNull(b); return this; }
    /** Stopped warm workers of the endpoint (default 0), rented and stopped before the trace starts. */
    public Builder warmWorkers(int n) {
      if (n < 0 || n > maxReplicas) {
        throw new IllegalArgumentException("--warm-workers must be 0..--max-replicas (" + maxReplicas + "), got " + n);
      }
      warmWorkers = n;
      return this;
    }
    /** Predictive pre-warming on the endpoint (default off). */
    public Builder prewarm(boolean on) { prewarm = on; return this; }
    /** How stopped instances restart (default {@link BootProfile#resumeDefaults()}: 7–20 s). */
    public Builder resumeProfile(BootProfile b) { resume = Objects.requireNonNull(b); return this; }
    /** The chance that a stopped worker's host GPU was taken when it resumes (default {@value #DEFAULT_GPU_TAKEN}). */
    public Builder gpuTakenChance(double p) {
      if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("--gpu-taken must be in 0..1, got " + p);
      gpuTakenChance = p;
      return this;
    }
    /** The endpoint's spec instead of {@link #endpointSpec}{@code (maxReplicas)}; always-on uses it with min = max. */
    public Builder spec(EndpointSpec s) { spec = s; return this; }
    /** How often the endpoint's replicas are sampled for the charts (default 10 s). */
    public Builder sampleEvery(Duration d) { sampleEvery = Objects.requireNonNull(d); return this; }
    /** Progress lines (the CLI prints them on stderr). */
    public Builder progress(Consumer<String> p) { progress = Objects.requireNonNull(p); return this; }

    public TrafficReplay build() {
      return new TrafficReplay(this);
    }
  }
}
