package com.dumontcloud.cli.endpoints;

import com.dumontcloud.sdk.serverless.Endpoint;
import com.dumontcloud.sdk.serverless.EndpointStats;
import com.dumontcloud.sdk.serverless.ReplicaInfo;
import com.dumontcloud.sdk.serverless.ServerlessStats;
import java.io.PrintStream;
import java.util.List;

/** Human-readable tables for the endpoints commands. */
public final class EndpointTables {
  private EndpointTables() {}

  public static void list(PrintStream out, List<Endpoint> eps) {
    list(out, eps, m -> money(m.amount().doubleValue()));
  }

  /** The table with amounts formatted by {@code fmt} (the CLI's currency). */
  public static void list(PrintStream out, List<Endpoint> eps, java.util.function.Function<com.dumontcloud.sdk.model.Money, String> fmt) {
    if (eps.isEmpty()) {
      out.println("no endpoints (create one with: dumont endpoints create --template qwen2.5-0.5b)");
      return;
    }
    out.printf("%-12s %-16s %-15s %-10s %-10s %-8s %-9s %s%n", "ID", "TEMPLATE", "STATUS", "MACHINE", "GPU",
        "PRICE/H", "SCALING", "REPLICAS");
    for (Endpoint e : eps) {
      out.printf("%-12s %-16s %-15s %-10s %-10s %-8s %-9s %d (%d ready)%n", e.id(), e.spec().template().name(),
          e.status().wireName(), e.spec().machineType().wireName(), e.gpuName() == null ? "-" : e.gpuName(),
          e.pricePerHour() == null ? "-" : fmt.apply(e.pricePerHour()),
          e.spec().minReplicas() + "-" + e.spec().maxReplicas(), e.replicas().size(), e.readyReplicas());
    }
  }

  public static void show(PrintStream out, Endpoint e) {
    show(out, e, m -> money(m.amount().doubleValue()));
  }

  public static void show(PrintStream out, Endpoint e, java.util.function.Function<com.dumontcloud.sdk.model.Money, String> fmt) {
    out.println("id:            " + e.id());
    out.println("template:      " + e.spec().template().name()
        + (e.spec().template().modelId() == null ? "" : " (" + e.spec().template().modelId() + ")"));
    out.println("type:          " + e.spec().category().name().toLowerCase(java.util.Locale.ROOT));
    out.println("status:        " + e.status().wireName());
    out.println("machine type:  " + e.spec().machineType().wireName());
    out.println("auto-scaling:  " + e.spec().minReplicas() + "-" + e.spec().maxReplicas() + " (desired "
        + e.desiredReplicas() + ", idle timeout " + e.spec().idleTimeout().toSeconds() + " s)");
    out.println("price/hour:    " + (e.pricePerHour() == null ? "-" : fmt.apply(e.pricePerHour()))
        + (e.gpuName() == null ? "" : " (" + e.gpuName() + ")"));
    out.println("created:       " + (e.createdAt() == null ? "-"
        : e.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace('T', ' ')));
    for (ReplicaInfo r : e.replicas()) {
      out.println("  replica " + r.slot() + ": " + dash(r.instanceId()) + " " + dash(r.state()) + " "
          + (r.pricing() == com.dumontcloud.sdk.model.PricingModel.SPOT ? "spot" : "on-demand") + " " + dash(r.gpu()) + " "
          + dash(r.region()) + " " + fmt.apply(com.dumontcloud.sdk.model.Money.usd(r.pricePerHour())) + "/h");
    }
    stats(out, e.stats(), fmt);
  }

  public static void stats(PrintStream out, EndpointStats s) {
    stats(out, s, m -> money(m.amount().doubleValue()));
  }

  public static void stats(PrintStream out, EndpointStats s, java.util.function.Function<com.dumontcloud.sdk.model.Money, String> fmt) {
    out.println("requests 24h:  " + s.totalRequests24h() + " (" + s.errors24h() + " errors)");
    out.println("latency ms:    avg " + num(s.avgLatencyMs()) + ", p50 " + num(s.p50LatencyMs()) + ", p95 "
        + num(s.p95LatencyMs()) + ", p99 " + num(s.p99LatencyMs()));
    out.println("cold starts:   " + s.coldStarts24h() + " (p50 " + num(s.coldStartP50Ms()) + " ms, p95 "
        + num(s.coldStartP95Ms()) + " ms)");
    out.println("  resume:      " + s.coldStartsResume().count() + " (p50 " + num(s.coldStartsResume().p50Ms())
        + " ms, p95 " + num(s.coldStartsResume().p95Ms()) + " ms)");
    out.println("  fresh:       " + s.coldStartsFresh().count() + " (p50 " + num(s.coldStartsFresh().p50Ms())
        + " ms, p95 " + num(s.coldStartsFresh().p95Ms()) + " ms)");
    out.println("cost 24h:      " + fmt.apply(s.cost24h()) + " (storage of stopped warm workers "
        + fmt.apply(s.storageCost24h()) + ")");
    out.println("active:        " + s.activeInstances());
    out.println("warm workers:  " + s.warmWorkers() + " stopped (" + s.freshRentals24h() + " fresh rentals, "
        + s.resumes24h() + " resumes in 24 h)");
  }

  public static void stats(PrintStream out, ServerlessStats s) {
    stats(out, s, m -> money(m.amount().doubleValue()));
  }

  public static void stats(PrintStream out, ServerlessStats s, java.util.function.Function<com.dumontcloud.sdk.model.Money, String> fmt) {
    out.println("endpoints:     " + s.totalEndpoints());
    out.println("requests 24h:  " + s.totalRequests24h());
    out.println("avg latency:   " + num(s.avgLatencyMs()) + " ms");
    out.println("cost 24h:      " + fmt.apply(s.totalCost24h()));
    out.println("active:        " + s.activeInstances());
    out.println("cold starts:   " + s.coldStarts24h());
  }

  private static String dash(Object o) {
    return o == null ? "-" : String.valueOf(o);
  }

  /** {@code $0.1497}; amounts that would round to zero keep two significant digits. */
  static String money(double usd) {
    java.math.BigDecimal a = java.math.BigDecimal.valueOf(usd);
    if (a.signum() == 0) return "$0.00";
    java.math.BigDecimal r = a.setScale(a.abs().compareTo(java.math.BigDecimal.ONE) >= 0 ? 2 : 4,
        java.math.RoundingMode.HALF_EVEN);
    if (r.signum() == 0) r = a.round(new java.math.MathContext(2)).stripTrailingZeros();
    return "$" + r.toPlainString();
  }

  private static String num(Object v) {
    if (v instanceof Double d) {
      if (d == Math.rint(d)) return String.valueOf(d.longValue());
      return java.math.BigDecimal.valueOf(d).setScale(1, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }
    return String.valueOf(v);
  }
}
