package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.model.Money;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One endpoint's statistics over the last 24 h (scheduler time). Latency percentiles are nearest-rank over
 * successful requests, from arrival (including any queue wait) to the last response byte.
 *
 * @param endpointId endpoint id
 * @param totalRequests24h requests answered or failed in the window
 * @param errors24h requests that failed (rejected, timed out, replica or server errors)
 * @param avgLatencyMs mean latency of successful requests
 * @param p50LatencyMs median latency
 * @param p95LatencyMs 95th percentile latency
 * @param p99LatencyMs 99th percentile latency
 * @param coldStarts24h scale-from-zero episodes (a request waited while no replica was ready)
 * @param coldStartP50Ms median cold start, from the first waiting request to the first healthy replica
 * @param coldStartP95Ms 95th percentile cold start
 * @param cost24h replica cost in the window (price × billed time inside the window)
 * @param activeInstances live replicas now (launching or serving)
 */
public record EndpointStats(
    String endpointId,
    long totalRequests24h,
    long errors24h,
    double avgLatencyMs,
    long p50LatencyMs,
    long p95LatencyMs,
    long p99LatencyMs,
    long coldStarts24h,
    long coldStartP50Ms,
    long coldStartP95Ms,
    Money cost24h,
    int activeInstances) {

  public Map<String, Object> toJson() {
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
    m.put("total_cost_24h", cost24h.rounded(4));
    m.put("active_instances", activeInstances);
    return m;
  }
}
