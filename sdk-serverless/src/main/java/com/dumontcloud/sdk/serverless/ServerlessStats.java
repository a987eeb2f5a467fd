package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.pricing.CurrencyView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statistics over every endpoint, exactly the keys of seed 000's {@code GET /serverless/stats}.
 *
 * @param totalEndpoints endpoints that exist
 * @param totalRequests24h requests in the last 24 h
 * @param avgLatencyMs mean latency of successful requests in the last 24 h (request-weighted)
 * @param totalCost24h replica cost in the last 24 h
 * @param activeInstances live replicas now
 * @param coldStarts24h cold starts in the last 24 h
 * @param endpoints the per-endpoint figures these sum up
 */
public record ServerlessStats(
    int totalEndpoints, long totalRequests24h, double avgLatencyMs, Money totalCost24h, int activeInstances,
    long coldStarts24h, List<EndpointStats> endpoints) {

  static ServerlessStats of(List<EndpointStats> all) {
    long req = 0;
    long cold = 0;
    int active = 0;
    double latSum = 0;
    long ok = 0;
    Money cost = Money.ZERO_USD;
    for (EndpointStats s : all) {
      req += s.totalRequests24h();
      cold += s.coldStarts24h();
      active += s.activeInstances();
      long good = s.totalRequests24h() - s.errors24h();
      latSum += s.avgLatencyMs() * good;
      ok += good;
      cost = cost.plus(s.cost24h());
    }
    return new ServerlessStats(all.size(), req, ok == 0 ? 0 : StatsWindow.round(latSum / ok, 1), cost, active, cold,
        List.copyOf(all));
  }

  /** The seed-000 shape (six keys). */
  public Map<String, Object> toJson() {
    return toJson(CurrencyView.usd());
  }

  /**
   * The same six keys with {@code total_cost_24h} in the view's currency (converted, rounded half-even once); the
   * caller adds {@code currency} and {@code fx} ({@link CurrencyView#annotate}).
   */
  public Map<String, Object> toJson(CurrencyView view) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total_endpoints", totalEndpoints);
    m.put("total_requests_24h", totalRequests24h);
    m.put("avg_latency_ms", avgLatencyMs);
    m.put("total_cost_24h", view.display(totalCost24h, 4));
    m.put("active_instances", activeInstances);
    m.put("cold_starts_24h", coldStarts24h);
    return m;
  }
}
