package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.pricing.CurrencyView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One endpoint's statistics over the last 24 h (scheduler time). Latency percentiles are nearest-rank over
 * successful requests, from arrival (including any queue wait) to the last response byte. Build with
 * {@link #builder(String)}; accessors are named after the fields.
 *
 * <p>A <b>cold start</b> is an episode in which requests waited in the endpoint's queue because no ready replica
 * could take them (none was ready, or each was at {@link EndpointSpec#maxConcurrency()}), ended by a replica that
 * was launched or resumed becoming ready: its duration is from the first waiting request to that replica's first
 * passed health check, and its kind is that replica's: {@code resume} (a stopped warm worker started) or
 * {@code fresh} (a new rental). A wait ended by a replica that was already serving is no cold start.
 */
public final class EndpointStats {
  /** Cold starts of one kind: how many, and their p50/p95 durations (0 without any). */
  public record ColdStarts(long count, long p50Ms, long p95Ms) {
    public static final ColdStarts NONE = new ColdStarts(0, 0, 0);

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("count", count);
      m.put("p50_ms", p50Ms);
      m.put("p95_ms", p95Ms);
      return m;
    }
  }

  private final String endpointId;
  private final long totalRequests24h;
  private final long errors24h;
  private final double avgLatencyMs;
  private final long p50LatencyMs;
  private final long p95LatencyMs;
  private final long p99LatencyMs;
  private final long coldStarts24h;
  private final long coldStartP50Ms;
  private final long coldStartP95Ms;
  private final ColdStarts coldStartsResume;
  private final ColdStarts coldStartsFresh;
  private final Money cost24h;
  private final Money storageCost24h;
  private final int activeInstances;
  private final int warmWorkers;
  private final long freshRentals24h;
  private final long resumes24h;

  private EndpointStats(Builder b) {
    this.endpointId = b.endpointId;
    this.totalRequests24h = b.totalRequests24h;
    this.errors24h = b.errors24h;
    this.avgLatencyMs = b.avgLatencyMs;
    this.p50LatencyMs = b.p50LatencyMs;
    this.p95LatencyMs = b.p95LatencyMs;
    this.p99LatencyMs = b.p99LatencyMs;
    this.coldStarts24h = b.coldStarts24h;
    this.coldStartP50Ms = b.coldStartP50Ms;
    this.coldStartP95Ms = b.coldStartP95Ms;
    this.coldStartsResume = b.coldStartsResume;
    this.coldStartsFresh = b.coldStartsFresh;
    this.cost24h = b.cost24h;
    this.storageCost24h = b.storageCost24h;
    this.activeInstances = b.activeInstances;
    this.warmWorkers = b.warmWorkers;
    this.freshRentals24h = b.freshRentals24h;
    this.resumes24h = b.resumes24h;
  }

  public static Builder builder(String endpointId) {
    return new Builder(endpointId);
  }

  /** Endpoint id. */
  public String endpointId() { return endpointId; }
  /** Requests answered or failed in the window. */
  public long totalRequests24h() { return totalRequests24h; }
  /** Requests that failed (rejected, timed out, replica or server errors). */
  public long errors24h() { return errors24h; }
  /** Mean latency of successful requests. */
  public double avgLatencyMs() { return avgLatencyMs; }
  public long p50LatencyMs() { return p50LatencyMs; }
  public long p95LatencyMs() { return p95LatencyMs; }
  public long p99LatencyMs() { return p99LatencyMs; }
  /** Cold starts of both kinds (see the class comment). */
  public long coldStarts24h() { return coldStarts24h; }
  /** Median cold start of both kinds. */
  public long coldStartP50Ms() { return coldStartP50Ms; }
  /** 95th percentile cold start of both kinds. */
  public long coldStartP95Ms() { return coldStartP95Ms; }
  /** Cold starts ended by a resumed warm worker. */
  public ColdStarts coldStartsResume() { return coldStartsResume; }
  /** Cold starts ended by a fresh rental. */
  public ColdStarts coldStartsFresh() { return coldStartsFresh; }
  /** Cost in the window: replicas' price × billed time, plus the storage of stopped warm workers. */
  public Money cost24h() { return cost24h; }
  /** The part of {@link #cost24h()} billed for stopped warm workers' disks (storage price × stopped time). */
  public Money storageCost24h() { return storageCost24h; }
  /** Live replicas now (launching or serving). */
  public int activeInstances() { return activeInstances; }
  /** Stopped warm workers now (the warm pool). */
  public int warmWorkers() { return warmWorkers; }
  /** Replicas rented fresh in the window (warm-pool members included). */
  public long freshRentals24h() { return freshRentals24h; }
  /** Warm workers resumed in the window. */
  public long resumes24h() { return resumes24h; }

  /** The JSON form, amounts in US dollars as billed. */
  public Map<String, Object> toJson() {
    return toJson(CurrencyView.usd());
  }

  /**
   * The same form with {@code total_cost_24h} and {@code storage_cost_24h} in the view's currency (converted,
   * rounded half-even once); the caller adds {@code currency} and {@code fx} ({@link CurrencyView#annotate}).
   */
  public Map<String, Object> toJson(CurrencyView view) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("endpoint_id", endpointId);
    m.put("total_requests_24h", totalRequests24h);
    m.put("errors_24h", errors24h);
    m.put("avg_latency_ms", avgLatencyMs);
    m.put("p50_latency_ms", p50LatencyMs);
    m.put("p95_latency_ms", p95LatencyMs);
    m.put("p99_latency_ms", p99LatencyMs);
    m.put("cold_starts_24h", coldStarts24h);
    m.put("cold_start_p50_ms", coldStartP50Ms);
    m.put("cold_start_p95_ms", coldStartP95Ms);
    Map<String, Object> kinds = new LinkedHashMap<>();
    kinds.put("resume", coldStartsResume.toJson());
    kinds.put("fresh", coldStartsFresh.toJson());
    m.put("cold_starts", kinds);
    m.put("total_cost_24h", view.display(cost24h, 4));
    m.put("storage_cost_24h", view.display(storageCost24h, 4));
    m.put("active_instances", activeInstances);
    m.put("warm_workers", warmWorkers);
    m.put("fresh_rentals_24h", freshRentals24h);
    m.put("resumes_24h", resumes24h);
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EndpointStats s && toJson().equals(s.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "EndpointStats" + toJson();
  }

  /** Builder; every figure defaults to zero. */
  public static final class Builder {
    private final String endpointId;
    private long totalRequests24h;
    private long errors24h;
    private double avgLatencyMs;
    private long p50LatencyMs;
    private long p95LatencyMs;
    private long p99LatencyMs;
    private long coldStarts24h;
    private long coldStartP50Ms;
    private long coldStartP95Ms;
    private ColdStarts coldStartsResume = ColdStarts.NONE;
    private ColdStarts coldStartsFresh = ColdStarts.NONE;
    private Money cost24h = Money.ZERO_USD;
    private Money storageCost24h = Money.ZERO_USD;
    private int activeInstances;
    private int warmWorkers;
    private long freshRentals24h;
    private long resumes24h;

    private Builder(String endpointId) {
      this.endpointId = Objects.requireNonNull(endpointId, "endpointId");
    }

    public Builder requests(long total, long errors) { totalRequests24h = total; errors24h = errors; return this; }
    public Builder latency(double avgMs, long p50Ms, long p95Ms, long p99Ms) {
      avgLatencyMs = avgMs; p50LatencyMs = p50Ms; p95LatencyMs = p95Ms; p99LatencyMs = p99Ms; return this;
    }
    /** Cold starts of both kinds. */
    public Builder coldStarts(long count, long p50Ms, long p95Ms) {
      coldStarts24h = count; coldStartP50Ms = p50Ms; coldStartP95Ms = p95Ms; return this;
    }
    public Builder coldStartsResume(ColdStarts c) { coldStartsResume = Objects.requireNonNull(c); return this; }
    public Builder coldStartsFresh(ColdStarts c) { coldStartsFresh = Objects.requireNonNull(c); return this; }
    /** Total cost (storage included) and its storage part. */
    public Builder cost(Money total, Money storage) {
      cost24h = Objects.requireNonNull(total); storageCost24h = Objects.requireNonNull(storage); return this;
    }
    public Builder activeInstances(int n) { activeInstances = n; return this; }
    public Builder warmWorkers(int n) { warmWorkers = n; return this; }
    public Builder starts(long freshRentals, long resumes) { freshRentals24h = freshRentals; resumes24h = resumes; return this; }

    public EndpointStats build() {
      return new EndpointStats(this);
    }
  }
}
