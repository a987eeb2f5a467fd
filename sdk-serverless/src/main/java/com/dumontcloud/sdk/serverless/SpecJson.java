package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.Templates;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Persistent JSON form of an {@link EndpointSpec}, template included (so a record never needs the catalog). */
final class SpecJson {
  private SpecJson() {}

  static Map<String, Object> write(EndpointSpec s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("template", Templates.toMap(s.template())); // the one Template form, args/env/config included
    m.put("gpu_name", s.gpuName());
    m.put("min_gpu_ram", s.minGpuRamGib());
    m.put("max_price", s.maxPricePerHour() == null ? null : s.maxPricePerHour().rounded(6));
    m.put("min_replicas", s.minReplicas());
    m.put("max_replicas", s.maxReplicas());
    m.put("machine_type", s.machineType().wireName());
    m.put("on_demand_fallback", s.onDemandFallback());
    m.put("spot_extra", s.spotExtra());
    m.put("base_on_demand", s.baseOnDemand());
    m.put("fallback_grace_ms", s.fallbackGrace().toMillis());
    m.put("regions", s.regions());
    m.put("provider", s.providerId());
    m.put("idle_timeout_ms", s.idleTimeout().toMillis());
    m.put("target_concurrency", s.targetConcurrency());
    m.put("target_queue_time_ms", s.targetQueueTime() == null ? null : s.targetQueueTime().toMillis());
    m.put("queue_capacity", s.queueCapacity());
    m.put("cold_start_timeout_ms", s.coldStartTimeout().toMillis());
    m.put("request_timeout_ms", s.requestTimeout().toMillis());
    m.put("tick_ms", s.tick().toMillis());
    m.put("stable_window_ms", s.stableWindow().toMillis());
    m.put("panic_window_ms", s.panicWindow().toMillis());
    m.put("scale_down_delay_ms", s.scaleDownDelay() == null ? null : s.scaleDownDelay().toMillis());
    return m;
  }

  static EndpointSpec read(Map<String, Object> m) {
    Template t = Templates.fromMap(Json.obj(m.get("template"), "template"));
    EndpointSpec.Builder b = EndpointSpec.builder(t)
        .name(Json.str(m, "name"))
        .minGpuRamGib(Json.num(m, "min_gpu_ram"))
        .replicas(Json.num(m, "min_replicas").intValue(), Json.num(m, "max_replicas").intValue())
        .machineType(MachineType.parse(Json.str(m, "machine_type")))
        .onDemandFallback(Boolean.TRUE.equals(Json.bool(m, "on_demand_fallback")))
        .spotExtra(Json.num(m, "spot_extra").intValue())
        .baseOnDemand(Json.num(m, "base_on_demand").intValue())
        .fallbackGrace(ms(m, "fallback_grace_ms"))
        .idleTimeout(ms(m, "idle_timeout_ms"))
        .targetConcurrency(Json.num(m, "target_concurrency"))
        .queueCapacity(Json.num(m, "queue_capacity").intValue())
        .coldStartTimeout(ms(m, "cold_start_timeout_ms"))
        .requestTimeout(ms(m, "request_timeout_ms"))
        .windows(ms(m, "tick_ms"), ms(m, "stable_window_ms"), ms(m, "panic_window_ms"));
    if (m.get("gpu_name") != null) b.gpuName(Json.str(m, "gpu_name"));
    if (m.get("max_price") != null) b.maxPricePerHour(Money.usd(Json.num(m, "max_price")));
    if (m.get("provider") != null) b.providerId(Json.str(m, "provider"));
    if (m.get("scale_down_delay_ms") != null) b.scaleDownDelay(ms(m, "scale_down_delay_ms")); // null or older records: derived
    if (m.get("target_queue_time_ms") != null) b.targetQueueTime(ms(m, "target_queue_time_ms"));
    if (m.get("regions") instanceof List<?> l) b.regions(l.stream().map(String::valueOf).toList());
    return b.build();
  }

  private static Duration ms(Map<String, Object> m, String k) {
    return Duration.ofMillis(Json.num(m, k).longValue());
  }
}
