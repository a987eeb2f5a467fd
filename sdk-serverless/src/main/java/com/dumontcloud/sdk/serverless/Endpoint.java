package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.pricing.CurrencyView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An endpoint as seen now: its spec, derived status, replicas and 24 h figures.
 *
 * @param id "ep-" + 8 hex digits
 * @param spec what it serves and how it scales
 * @param status deploying / running / scaled_to_zero
 * @param createdAt creation time
 * @param desiredReplicas the autoscaler's current decision
 * @param replicas live replicas
 * @param pricePerHour price of one replica-hour quoted at creation (cheapest fitting offer), or null
 * @param gpuName GPU of the quote or of the replicas, or null
 * @param stats 24 h statistics
 */
public record Endpoint(String id, EndpointSpec spec, EndpointStatus status, Instant createdAt, int desiredReplicas,
    List<ReplicaInfo> replicas, Money pricePerHour, String gpuName, EndpointStats stats) {

  public int readyReplicas() {
    return (int) replicas.stream().filter(r -> r.state().equals("ready")).count();
  }

  /**
   * The seed-shaped JSON form (origin API's Endpoint object, without its invented fields), plus the replicas'
   * {@code labels}.
   */
  public Map<String, Object> toJson() {
    return toJson(CurrencyView.usd());
  }

  /**
   * The same form with every amount in the view's currency ({@code price_per_hour}, the metrics' costs, each
   * replica's {@code price_per_hour}), converted and rounded half-even once; field names stay. Nothing about the
   * conversion is added: the answer that holds the form adds {@code currency} and {@code fx} once
   * ({@link CurrencyView#annotate}). Shown as is, it is exactly {@link #toJson()}.
   */
  public Map<String, Object> toJson(CurrencyView view) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", spec.name());
    m.put("template", spec.template().name());
    m.put("model_id", spec.template().modelId());
    m.put("type", spec.category().name().toLowerCase(Locale.ROOT));
    m.put("docker_image", spec.template().image());
    m.put("gpu_name", gpuName);
    m.put("price_per_hour", pricePerHour == null ? null : view.display(pricePerHour, 4));
    m.put("status", status.wireName());
    m.put("machine_type", spec.machineType().wireName());
    m.put("region", spec.regions().isEmpty() ? "any" : String.join(",", spec.regions()));
    m.put("labels", new java.util.TreeMap<>(spec.labels())); // the replicas' labels, the owner's among them
    m.put("created_at", createdAt.toString());
    Map<String, Object> as = new LinkedHashMap<>();
    as.put("enabled", true);
    as.put("min_instances", spec.minReplicas());
    as.put("max_instances", spec.maxReplicas());
    as.put("current_instances", replicas.size());
    as.put("ready_instances", readyReplicas());
    as.put("desired_instances", desiredReplicas);
    as.put("idle_timeout_seconds", spec.idleTimeout().toSeconds());
    as.put("target_concurrency", spec.targetConcurrency());
    m.put("auto_scaling", as);
    Map<String, Object> metrics = new LinkedHashMap<>(stats.toJson(view));
    metrics.remove("endpoint_id");
    m.put("metrics", metrics);
    m.put("replicas", replicas.stream().map(r -> r.toJson(view)).toList());
    return m;
  }
}
