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
    if (eps.isEmpty()) {
      out.println("no endpoints (create one with: dumont endpoints create --template qwen2.5-0.5b)");
      return;
    }
    out.printf("%-12s %-16s %-14s %-10s %-10s %-8s %-9s %s%n", "ID", "TEMPLATE", "STATUS", "MACHINE", "GPU",
        "$/H", "SCALING", "REPLICAS");
    for (Endpoint e : eps) {
      out.printf("%-12s %-16s %-14s %-10s %-10s %-8s %-9s %d (%d ready)%n", e.id(), e.spec().template().name(),
          e.status().wireName(), e.spec().machineType().wireName(), e.gpuName() == null ? "-" : e.gpuName(),
          e.pricePerHour() == null ? "-" : e.pricePerHour().rounded(2).toPlainString(),
          e.spec().minReplicas() + "-" + e.spec().maxReplicas(), e.replicas().size(), e.readyReplicas());
    }
  }

  public static void show(PrintStream out, Endpoint e) {
    out.println("id:            " + e.id());
    out.println("template:      " + e.spec().template().name() + " (" + e.spec().template().modelId() + ")");
    out.println("type:          " + e.spec().category().name().toLowerCase(java.util.Locale.ROOT));
    out.println("status:        " + e.status().wireName());
    out.println("machine type:  " + e.spec().machineType().wireName());
    out.println("auto-scaling:  " + e.spec().minReplicas() + "-" + e.spec().maxReplicas() + " (desired "
        + e.desiredReplicas() + ", idle timeout " + e.spec().idleTimeout().toSeconds() + " s)");
    out.println("price/hour:    " + (e.pricePerHour() == null ? "-" : "$" + e.pricePerHour().rounded(4).toPlainString())
        + (e.gpuName() == null ? "" : " (" + e.gpuName() + ")"));
    out.println("created:       " + e.createdAt());
    for (ReplicaInfo r : e.replicas()) {
      out.println("  replica " + r.slot() + ": " + r.instanceId() + " " + r.state() + " "
          + (r.pricing() == com.dumontcloud.sdk.model.PricingModel.SPOT ? "spot" : "on-demand") + " " + r.gpu() + " "
          + r.region() + " $" + r.pricePerHour() + "/h");
    }
    stats(out, e.stats());
  }

  public static void stats(PrintStream out, EndpointStats s) {
    out.println("requests 24h:  " + s.totalRequests24h() + " (" + s.errors24h() + " errors)");
    out.println("latency ms:    avg " + s.avgLatencyMs() + ", p50 " + s.p50LatencyMs() + ", p95 " + s.p95LatencyMs()
        + ", p99 " + s.p99LatencyMs());
    out.println("cold starts:   " + s.coldStarts24h() + " (p50 " + s.coldStartP50Ms() + " ms, p95 " + s.coldStartP95Ms()
        + " ms)");
    out.println("cost 24h:      $" + s.cost24h().rounded(4).toPlainString());
    out.println("active:        " + s.activeInstances());
  }

  public static void stats(PrintStream out, ServerlessStats s) {
    out.println("endpoints:     " + s.totalEndpoints());
    out.println("requests 24h:  " + s.totalRequests24h());
    out.println("avg latency:   " + s.avgLatencyMs() + " ms");
    out.println("cost 24h:      $" + s.totalCost24h().rounded(4).toPlainString());
    out.println("active:        " + s.activeInstances());
    out.println("cold starts:   " + s.coldStarts24h());
  }
}
