package com.dumontcloud.sdk.testkit.replay;

import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.dumontcloud.sdk.testkit.SimulatedCloud.RunPeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a {@link SpotReplay}: the trace set, the oracle and one {@link PolicyResult} per policy. Metrics
 * (all over the replayed period, measured from the simulated cloud's ground truth):
 * <ul>
 *   <li>{@code cost_percent}: total cost ÷ cost of N on-demand replicas for the whole period × 100;
 *   <li>{@code availability}: fraction of time with at least one healthy GPU replica (the first boot counts as down);
 *   <li>{@code serving_availability}: fraction of time with a healthy GPU replica or a CPU standby serving degraded;
 *   <li>{@code availability_all_replicas}: fraction of time with at least N healthy GPU replicas;
 *   <li>{@code failovers}: failovers the engine started (one per lost replica);
 *   <li>{@code recovery_p50_s}, {@code recovery_p95_s}: per failover, seconds from the loss (the preemption) until the
 *       slot had a healthy replica again (failovers still open at the end are left out; null when there are none);
 *   <li>{@code gap_to_oracle_points}: {@code cost_percent} minus the oracle's, in percentage points.
 * </ul>
 */
public final class SpotReplayReport {
  /** Chart resolution: samples over the replayed period (fewer when the trace has fewer ticks). */
  static final int BUCKETS = 720;

  private final SpotTraces traces;
  private final double spotRatio;
  private final int replicas;
  private final double cpuPrice;
  private final double oracleCostPercent;
  private final double[] oracleSpend;
  private final List<PolicyResult> policies;

  SpotReplayReport(SpotTraces traces, double spotRatio, int replicas, double cpuPrice, double oracleCostPercent,
      double[] oracleSpend, List<PolicyResult> policies) {
    this.traces = traces;
    this.spotRatio = spotRatio;
    this.replicas = replicas;
    this.cpuPrice = cpuPrice;
    this.oracleCostPercent = oracleCostPercent;
    this.oracleSpend = oracleSpend;
    this.policies = List.copyOf(policies);
    for (PolicyResult p : this.policies) p.gapToOracle = p.costPercent - oracleCostPercent;
  }

  public SpotTraces traces() { return traces; }
  public double spotRatio() { return spotRatio; }
  public int replicas() { return replicas; }
  /** Hourly price of the CPU standby machine (GPU on-demand = 1.0). */
  public double cpuPricePerHour() { return cpuPrice; }
  /** The oracle's cost in percent of on-demand (its availability is 1.0 by construction). */
  public double oracleCostPercent() { return oracleCostPercent; }
  public List<PolicyResult> policies() { return policies; }

  double[] oracleSpend() { return oracleSpend; }

  /** The result of one policy. */
  public Optional<PolicyResult> policy(ReplayPolicy p) {
    return policies.stream().filter(r -> r.policy == p).findFirst();
  }

  /** The cheapest policy whose availability is at least {@code minAvailability}, if any. */
  public Optional<PolicyResult> bestAt(double minAvailability) {
    return policies.stream().filter(p -> p.availability >= minAvailability)
        .min(java.util.Comparator.comparingDouble(PolicyResult::costPercent));
  }

  /**
   * The JSON form: {@code {"traces": {...}, "spot_ratio": r, "replicas": n, "oracle": {"cost_percent": x,
   * "availability": 1.0}, "policies": [{"policy": "ON_DEMAND", ...metrics..., "spec": {...}}, ...]}}.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("traces", traces.toMap());
    m.put("spot_ratio", spotRatio);
    m.put("replicas", replicas);
    m.put("cpu_standby_price", cpuPrice);
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("cost_percent", SpotTraces.round(oracleCostPercent, 2));
    o.put("availability", 1.0);
    m.put("oracle", o);
    List<Object> ps = new ArrayList<>();
    for (PolicyResult p : policies) ps.add(p.toMap());
    m.put("policies", ps);
    return m;
  }

  /** {@link #toMap()} as indented JSON. */
  public String toJson() {
    return JsonCodec.standard().writePretty(toMap());
  }

  /** A self-contained HTML page (inline SVG charts, no scripts, no external assets). */
  public String toHtml() {
    return ReplayHtml.render(this);
  }

  /** One policy's measurements. */
  public static final class PolicyResult {
    final ReplayPolicy policy;
    final DeploymentSpec spec;
    final double costPercent;
    final double spend;
    final double availability;
    final double servingAvailability;
    final double allReplicasAvailability;
    final int failovers;
    final Double recoveryP50;
    final Double recoveryP95;
    double gapToOracle;
    /** Per chart bucket: mean healthy spot GPU replicas per zone. */
    final double[][] spotByZone;
    /** Per bucket: mean healthy on-demand GPU replicas. */
    final double[] onDemand;
    /** Per bucket: mean serving CPU standbys. */
    final double[] cpu;
    /** Per bucket: fraction of the bucket with no healthy GPU replica. */
    final double[] down;
    /** Per bucket: cumulative spend at its end. */
    final double[] spendAt;

    private PolicyResult(ReplayPolicy policy, DeploymentSpec spec, double costPercent, double spend, double availability,
        double servingAvailability, double allReplicasAvailability, int failovers, Double p50, Double p95,
        double[][] spotByZone, double[] onDemand, double[] cpu, double[] down, double[] spendAt) {
      this.policy = policy;
      this.spec = spec;
      this.costPercent = costPercent;
      this.spend = spend;
      this.availability = availability;
      this.servingAvailability = servingAvailability;
      this.allReplicasAvailability = allReplicasAvailability;
      this.failovers = failovers;
      this.recoveryP50 = p50;
      this.recoveryP95 = p95;
      this.spotByZone = spotByZone;
      this.onDemand = onDemand;
      this.cpu = cpu;
      this.down = down;
      this.spendAt = spendAt;
    }

    public ReplayPolicy policy() { return policy; }
    public DeploymentSpec spec() { return spec; }
    public double costPercent() { return costPercent; }
    /** Total cost (on-demand GPU = 1.0 per replica-hour). */
    public double spend() { return spend; }
    public double availability() { return availability; }
    public double servingAvailability() { return servingAvailability; }
    public double allReplicasAvailability() { return allReplicasAvailability; }
    public int failovers() { return failovers; }
    /** Median recovery in seconds, or empty when no failover completed. */
    public Optional<Double> recoveryP50Seconds() { return Optional.ofNullable(recoveryP50); }
    public Optional<Double> recoveryP95Seconds() { return Optional.ofNullable(recoveryP95); }
    public double gapToOraclePoints() { return gapToOracle; }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("policy", policy.name());
      m.put("description", policy.description());
      m.put("cost_percent", SpotTraces.round(costPercent, 2));
      m.put("availability", SpotTraces.round(availability, 6));
      m.put("serving_availability", SpotTraces.round(servingAvailability, 6));
      m.put("availability_all_replicas", SpotTraces.round(allReplicasAvailability, 6));
      m.put("failovers", failovers);
      m.put("recovery_p50_s", recoveryP50 == null ? null : SpotTraces.round(recoveryP50, 1));
      m.put("recovery_p95_s", recoveryP95 == null ? null : SpotTraces.round(recoveryP95, 1));
      m.put("gap_to_oracle_points", SpotTraces.round(gapToOracle, 2));
      m.put("spend", SpotTraces.round(spend, 2));
      m.put("spec", spec.toMap());
      return m;
    }

    /** Computes the metrics of one run from the cloud's run periods and the engine's failover events. */
    static PolicyResult compute(ReplayPolicy policy, DeploymentSpec spec, int replicas, List<String> zones,
        Instant origin, Instant end, List<RunPeriod> periods, List<EngineEvent> events) {
      long t1 = end.toEpochMilli() - origin.toEpochMilli();
      List<long[]> gpu = new ArrayList<>();
      List<long[]> serving = new ArrayList<>();
      double spend = 0;
      int buckets = (int) Math.min(BUCKETS, Math.max(1, t1 / 1000));
      Map<String, Integer> zi = SpotReplay.index(zones);
      double[][] spotByZone = new double[buckets][zones.size()];
      double[] onDemand = new double[buckets];
      double[] cpu = new double[buckets];
      double[] spendIn = new double[buckets];
      for (RunPeriod p : periods) {
        long run0 = clamp(p.runningFrom().toEpochMilli() - origin.toEpochMilli(), t1);
        long stop = clamp((p.until() == null ? end : p.until()).toEpochMilli() - origin.toEpochMilli(), t1);
        long h0 = clamp(p.healthyFrom().toEpochMilli() - origin.toEpochMilli(), t1);
        if (stop > run0) {
          spend += p.pricePerHour() * (stop - run0) / 3_600_000.0;
          spread(spendIn, run0, stop, t1, p.pricePerHour() / 3_600_000.0, false);
        }
        if (stop > h0) {
          long[] iv = {h0, stop};
          serving.add(iv);
          if (p.cpu()) {
            spread(cpu, h0, stop, t1, 1, true);
          } else {
            gpu.add(iv);
            if (SpotReplay.isSpot(p)) {
              Integer z = zi.get(p.region());
              if (z != null) spreadColumn(spotByZone, z, h0, stop, t1);
            } else {
              spread(onDemand, h0, stop, t1, 1, true);
            }
          }
        }
      }
      List<long[]> up = atLeast(gpu, 1);
      double[] down = new double[buckets];
      Arrays.fill(down, 1.0);
      for (long[] iv : up) spread(down, iv[0], iv[1], t1, -1, true);
      for (int b = 0; b < buckets; b++) down[b] = Math.max(0, Math.min(1, down[b]));
      double[] spendAt = new double[buckets];
      double acc = 0;
      for (int b = 0; b < buckets; b++) {
        acc += spendIn[b];
        spendAt[b] = acc;
      }
      double fullCost = replicas * t1 / 3_600_000.0;
      // recoveries: from the preemption of the failed instance to the slot's next healthy replica
      Map<String, Instant> lostAt = new LinkedHashMap<>();
      for (RunPeriod p : periods) if (p.until() != null) lostAt.put(p.instanceId(), p.until());
      List<Double> rec = new ArrayList<>();
      int failovers = 0;
      for (int i = 0; i < events.size(); i++) {
        if (!(events.get(i) instanceof EngineEvent.FailoverStarted f)) continue;
        failovers++;
        Instant lost = lostAt.getOrDefault(f.failedInstanceId(), f.at());
        if (lost.isAfter(f.at())) lost = f.at();
        for (int j = i + 1; j < events.size(); j++) {
          if (events.get(j) instanceof EngineEvent.Healthy h && h.slot().equals(f.slot())) {
            rec.add(Duration.between(lost, h.at()).toMillis() / 1000.0);
            break;
          }
          if (events.get(j) instanceof EngineEvent.FailoverStarted g && g.slot().equals(f.slot())) break;
        }
      }
      rec.sort(null);
      return new PolicyResult(policy, spec, 100.0 * spend / fullCost, spend, measure(up) / (double) t1,
          measure(atLeast(serving, 1)) / (double) t1, measure(atLeast(gpu, replicas)) / (double) t1, failovers,
          percentile(rec, 0.50), percentile(rec, 0.95), spotByZone, onDemand, cpu, down, spendAt);
    }

    private static long clamp(long v, long t1) {
      return Math.max(0, Math.min(t1, v));
    }

    /** Adds {@code weight} × overlap to each bucket ({@code mean}: overlap as a fraction of the bucket). */
    private static void spread(double[] into, long s, long e, long t1, double weight, boolean mean) {
      int n = into.length;
      int b0 = (int) Math.min(n - 1, s * n / t1);
      int b1 = (int) Math.min(n - 1, (e - 1) * n / t1);
      for (int b = b0; b <= b1; b++) {
        long bs = t1 * b / n;
        long be = t1 * (b + 1) / n;
        long ov = Math.min(e, be) - Math.max(s, bs);
        if (ov > 0) into[b] += weight * (mean ? (double) ov / (be - bs) : ov);
      }
    }

    private static void spreadColumn(double[][] into, int col, long s, long e, long t1) {
      int n = into.length;
      int b0 = (int) Math.min(n - 1, s * n / t1);
      int b1 = (int) Math.min(n - 1, (e - 1) * n / t1);
      for (int b = b0; b <= b1; b++) {
        long bs = t1 * b / n;
        long be = t1 * (b + 1) / n;
        long ov = Math.min(e, be) - Math.max(s, bs);
        if (ov > 0) into[b][col] += (double) ov / (be - bs);
      }
    }

    /** The union of the times covered by at least {@code k} of the intervals. */
    static List<long[]> atLeast(List<long[]> intervals, int k) {
      List<long[]> ev = new ArrayList<>();
      for (long[] iv : intervals) {
        ev.add(new long[] {iv[0], 1});
        ev.add(new long[] {iv[1], -1});
      }
      ev.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
      List<long[]> out = new ArrayList<>();
      int c = 0;
      long from = -1;
      for (long[] e : ev) {
        int before = c;
        c += (int) e[1];
        if (before < k && c >= k) from = e[0];
        else if (before >= k && c < k && e[0] > from) out.add(new long[] {from, e[0]});
      }
      return out;
    }

    static long measure(List<long[]> intervals) {
      long sum = 0;
      for (long[] iv : intervals) sum += iv[1] - iv[0];
      return sum;
    }

    static Double percentile(List<Double> sorted, double q) {
      if (sorted.isEmpty()) return null;
      int idx = (int) Math.ceil(q * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
    }
  }
}
