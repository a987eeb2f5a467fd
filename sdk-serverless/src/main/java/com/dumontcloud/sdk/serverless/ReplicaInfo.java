package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.pricing.CurrencyView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A replica of an endpoint, as seen now.
 *
 * @param slot replica slot label ({@code dumont-replica})
 * @param providerId provider
 * @param instanceId instance id
 * @param pricing spot or on-demand
 * @param gpu GPU model name
 * @param region region
 * @param hostId host
 * @param state launching, ready, unhealthy or draining
 * @param pricePerHour USD per hour
 * @param outstanding requests in flight on it
 * @param launchedAt launch time
 * @param readyAt first passed health check, or null
 */
public record ReplicaInfo(String slot, String providerId, String instanceId, PricingModel pricing, String gpu,
    String region, String hostId, String state, double pricePerHour, int outstanding, Instant launchedAt,
    Instant readyAt) {

  /** The JSON form, amounts in US dollars as billed. */
  public Map<String, Object> toJson() {
    return toJson(CurrencyView.usd());
  }

  /**
   * The same form with {@code price_per_hour} in the view's currency (converted, rounded half-even once to 4
   * decimals); nothing about the conversion is added (the answer that holds it says so once).
   */
  public Map<String, Object> toJson(CurrencyView view) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("replica", slot);
    m.put("provider", providerId);
    m.put("instance_id", instanceId);
    m.put("machine_type", pricing == PricingModel.SPOT ? "spot" : "on-demand");
    m.put("gpu_name", gpu);
    m.put("region", region);
    m.put("host", hostId);
    m.put("state", state);
    m.put("price_per_hour", view.usdFigure(pricePerHour, 4));
    m.put("outstanding_requests", outstanding);
    m.put("launched_at", launchedAt == null ? null : launchedAt.toString());
    m.put("ready_at", readyAt == null ? null : readyAt.toString());
    return m;
  }
}
