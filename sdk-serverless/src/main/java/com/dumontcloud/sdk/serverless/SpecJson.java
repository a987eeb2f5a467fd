package com.dumontcloud.sdk.serverless;

import static com.dumontcloud.sdk.spi.support.SpecSchema.bool;
import static com.dumontcloud.sdk.spi.support.SpecSchema.list;
import static com.dumontcloud.sdk.spi.support.SpecSchema.map;
import static com.dumontcloud.sdk.spi.support.SpecSchema.money;
import static com.dumontcloud.sdk.spi.support.SpecSchema.number;
import static com.dumontcloud.sdk.spi.support.SpecSchema.object;
import static com.dumontcloud.sdk.spi.support.SpecSchema.oneOf;
import static com.dumontcloud.sdk.spi.support.SpecSchema.oneOfValues;
import static com.dumontcloud.sdk.spi.support.SpecSchema.text;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.Templates;
import com.dumontcloud.sdk.spi.support.SpecSchema;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The map form of an {@link EndpointSpec} (the endpoint store's records and spec files), template included (so a
 * record never needs the catalog), and the one table of its keys, types and ranges: {@link #read} validates
 * against it before reading, and {@code docs/schema/endpoint.schema.json} is generated from it.
 */
final class SpecJson {
  private SpecJson() {}

  /** A year in milliseconds, the longest duration an endpoint spec takes. */
  static final long MAX_MS = 366L * 24 * 3600 * 1000;

  static final SpecSchema SCHEMA = SpecSchema.of(schema());

  private static SpecSchema.Node schema() {
    List<String> machineTypes = new ArrayList<>();
    for (MachineType t : MachineType.values()) machineTypes.add(t.wireName());
    return object("A Dumont serverless endpoint: a model server that scales 0..N replicas.")
        .required("template", oneOf("A catalog template name, or a template object.",
            text("A catalog template name (./dumont templates list)."), Templates.schemaNode()))
        .field("name", text("Endpoint name (default: the template's name)."))
        .field("gpu_name", text("GPU model every replica must have, e.g. RTX 4090.").nullable())
        .field("min_gpu_ram", number("Least GPU memory per GPU, GiB (default: what the template needs).", 0, 10_000))
        .field("max_price", money("Price cap per replica-hour, USD.", 100_000).nullable())
        .field("min_replicas", SpecSchema.integer("Fewest replicas (0 scales to zero).", 0, EndpointSpec.MAX_REPLICAS))
        .field("max_replicas", SpecSchema.integer("Most replicas.", 1, EndpointSpec.MAX_REPLICAS))
        .field("machine_type", oneOfValues("spot, on-demand, or auto (the cheapest of both).", machineTypes))
        .field("on_demand_fallback", bool("spot only: launch on-demand while spot replicas are not ready."))
        .field("spot_extra", SpecSchema.integer("spot only: extra spot replicas as a preemption buffer.", 0,
            EndpointSpec.MAX_REPLICAS))
        .field("base_on_demand", SpecSchema.integer("spot only: on-demand replicas always kept.", 0, EndpointSpec.MAX_REPLICAS))
        .field("fallback_grace_ms", SpecSchema.integer("spot only: how long a launching spot replica is awaited, ms.", 0, MAX_MS))
        .field("regions", list("Allowed regions (e.g. US, EU, ASIA); empty for any.", text("A region.")))
        .field("provider", text("Provider to use (e.g. vast, sim), or null for every configured one.").nullable())
        .field("idle_timeout_ms", SpecSchema.integer("Idle time before scaling to zero, ms.", 1, MAX_MS))
        .field("target_concurrency", number("Concurrent requests one replica should carry.", 0, 100_000).aboveMin())
        .field("target_queue_time_ms", SpecSchema.integer("Also scale up while the mean queue wait exceeds this, ms.", 1, MAX_MS)
            .nullable())
        .field("queue_capacity", SpecSchema.integer("Requests held while no replica is ready.", 1, 1_000_000))
        .field("cold_start_timeout_ms", SpecSchema.integer("How long a queued request waits for a replica, ms.", 1, MAX_MS))
        .field("request_timeout_ms", SpecSchema.integer("Timeout of one request, ms.", 1, MAX_MS))
        .field("tick_ms", SpecSchema.integer("Autoscaler decision interval, ms.", 1, MAX_MS))
        .field("stable_window_ms", SpecSchema.integer("Autoscaler stable window, ms.", 1, MAX_MS))
        .field("panic_window_ms", SpecSchema.integer("Autoscaler panic window (at most the stable window), ms.", 1, MAX_MS))
        .field("scale_down_delay_ms", SpecSchema.integer("Least time a replica serves before a scale-down removes it, ms"
            + " (null: derived from boot times).", 0, MAX_MS).nullable())
        .field("warm_workers", SpecSchema.integer("Stopped warm workers kept (booted once, model on disk, billed for"
            + " storage only); resumed before fresh rentals. At most max_replicas.", 0, EndpointSpec.MAX_REPLICAS))
        .field("prewarm", bool("Predictive pre-warming: add replicas ahead of demand from the arrival rate's trend."))
        .field("max_concurrency", SpecSchema.integer("Most requests one replica is given at once (0: no limit).", 0,
            1_000_000))
        .field("labels", map("Labels put on every replica (keys not starting with dumont-, except dumont-principal"
            + " and dumont-team, which name the owner).", SpecSchema.scalar("A value.")));
  }

  static String jsonSchema() {
    return SCHEMA.toJsonSchemaText("https://dumontcloud.com/schema/endpoint.schema.json", "Dumont endpoint spec");
  }

  static Map<String, Object> write(EndpointSpec s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("template", Templates.toMap(s.template())); // the one Template form, args/env/config included
    if (s.gpuName() != null) m.put("gpu_name", s.gpuName());
    m.put("min_gpu_ram", s.minGpuRamGib());
    if (s.maxPricePerHour() != null) m.put("max_price", Templates.moneyToValue(s.maxPricePerHour()));
    m.put("min_replicas", s.minReplicas());
    m.put("max_replicas", s.maxReplicas());
    m.put("machine_type", s.machineType().wireName());
    m.put("on_demand_fallback", s.onDemandFallback());
    m.put("spot_extra", s.spotExtra());
    m.put("base_on_demand", s.baseOnDemand());
    m.put("fallback_grace_ms", s.fallbackGrace().toMillis());
    m.put("regions", s.regions());
    if (s.providerId() != null) m.put("provider", s.providerId());
    m.put("idle_timeout_ms", s.idleTimeout().toMillis());
    m.put("target_concurrency", s.targetConcurrency());
    if (s.targetQueueTime() != null) m.put("target_queue_time_ms", s.targetQueueTime().toMillis());
    m.put("queue_capacity", s.queueCapacity());
    m.put("cold_start_timeout_ms", s.coldStartTimeout().toMillis());
    m.put("request_timeout_ms", s.requestTimeout().toMillis());
    m.put("tick_ms", s.tick().toMillis());
    m.put("stable_window_ms", s.stableWindow().toMillis());
    m.put("panic_window_ms", s.panicWindow().toMillis());
    if (s.scaleDownDelay() != null) m.put("scale_down_delay_ms", s.scaleDownDelay().toMillis());
    m.put("warm_workers", s.warmWorkers());
    m.put("prewarm", s.prewarm());
    m.put("max_concurrency", s.maxConcurrency());
    if (!s.labels().isEmpty()) m.put("labels", new LinkedHashMap<>(new java.util.TreeMap<>(s.labels())));
    return m;
  }

  /** Reads {@link #write}'s form or a spec file; only {@code template} is required, the rest has defaults. */
  static EndpointSpec read(Map<String, Object> in) {
    if (in == null) throw new InvalidSpecException("endpoint spec is empty; it needs at least 'template'");
    Map<String, Object> m = new LinkedHashMap<>(in);
    if (m.get("template") instanceof Map<?, ?> raw) m.put("template", withoutNulls(raw)); // records before 0.1
    SCHEMA.validate(m, "an endpoint spec");
    try {
      EndpointSpec.Builder b = EndpointSpec.builder(template(m.get("template")));
      if (m.get("name") != null) b.name((String) m.get("name"));
      if (m.get("min_gpu_ram") != null) b.minGpuRamGib(num(m, "min_gpu_ram").doubleValue());
      Integer min = integer(m, "min_replicas");
      Integer max = integer(m, "max_replicas");
      if (min != null) b.minReplicas(min);
      if (max != null) b.maxReplicas(max);
      if (m.get("machine_type") != null) b.machineType(MachineType.parse((String) m.get("machine_type")));
      if (m.get("on_demand_fallback") != null) b.onDemandFallback((Boolean) m.get("on_demand_fallback"));
      if (m.get("spot_extra") != null) b.spotExtra(integer(m, "spot_extra"));
      if (m.get("base_on_demand") != null) b.baseOnDemand(integer(m, "base_on_demand"));
      if (m.get("fallback_grace_ms") != null) b.fallbackGrace(ms(m, "fallback_grace_ms"));
      if (m.get("idle_timeout_ms") != null) b.idleTimeout(ms(m, "idle_timeout_ms"));
      if (m.get("target_concurrency") != null) b.targetConcurrency(num(m, "target_concurrency").doubleValue());
      if (m.get("queue_capacity") != null) b.queueCapacity(integer(m, "queue_capacity"));
      if (m.get("cold_start_timeout_ms") != null) b.coldStartTimeout(ms(m, "cold_start_timeout_ms"));
      if (m.get("request_timeout_ms") != null) b.requestTimeout(ms(m, "request_timeout_ms"));
      EndpointSpec d = EndpointSpec.builder(Template.builder("x", "x").build()).build();
      b.windows(m.get("tick_ms") == null ? d.tick() : ms(m, "tick_ms"),
          m.get("stable_window_ms") == null ? d.stableWindow() : ms(m, "stable_window_ms"),
          m.get("panic_window_ms") == null ? d.panicWindow() : ms(m, "panic_window_ms"));
      if (m.get("gpu_name") != null) b.gpuName((String) m.get("gpu_name"));
      if (m.get("max_price") != null) b.maxPricePerHour(Templates.moneyFromValue(m.get("max_price"), "max_price"));
      if (m.get("provider") != null) b.providerId((String) m.get("provider"));
      if (m.get("scale_down_delay_ms") != null) b.scaleDownDelay(ms(m, "scale_down_delay_ms")); // null: derived
      if (m.get("target_queue_time_ms") != null) b.targetQueueTime(ms(m, "target_queue_time_ms"));
      if (m.get("warm_workers") != null) b.warmWorkers(integer(m, "warm_workers"));
      if (m.get("prewarm") != null) b.prewarm((Boolean) m.get("prewarm"));
      if (m.get("max_concurrency") != null) b.maxConcurrency(integer(m, "max_concurrency"));
      if (m.get("regions") instanceof List<?> l) b.regions(l.stream().map(String::valueOf).toList());
      if (m.get("labels") instanceof Map<?, ?> ls) {
        Map<String, String> labels = new LinkedHashMap<>();
        ls.forEach((k, v) -> labels.put(String.valueOf(k), scalarText(v)));
        b.labels(labels);
      }
      return b.build();
    } catch (InvalidSpecException e) {
      throw e;
    } catch (IllegalArgumentException e) { // a builder check names its field
      throw new InvalidSpecException("invalid endpoint spec: " + e.getMessage());
    }
  }

  private static Template template(Object t) {
    if (t instanceof String name) {
      return TemplateCatalog.find(name).orElseThrow(() -> new InvalidSpecException("template: '" + name
          + "' is not in the catalog (known: " + String.join(", ", TemplateCatalog.names())
          + "); or give an object with name and image"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> tm = (Map<String, Object>) t;
    if (tm.get("image") == null && tm.get("name") instanceof String n && TemplateCatalog.find(n).isPresent()) {
      Map<String, Object> merged = Templates.toMap(TemplateCatalog.get(n));
      merged.putAll(tm);
      return Templates.fromMap(merged);
    }
    return Templates.fromMap(tm);
  }

  private static Map<String, Object> withoutNulls(Map<?, ?> raw) {
    Map<String, Object> out = new LinkedHashMap<>();
    raw.forEach((k, v) -> {
      if (v != null) out.put(String.valueOf(k), v);
    });
    return out;
  }

  /** A scalar the schema checked, as text; numbers as written ({@code 42}, not the parser's {@code 42.0}). */
  private static String scalarText(Object v) {
    return v instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString()
        : String.valueOf(v);
  }

  private static Number num(Map<String, Object> m, String k) {
    return (Number) m.get(k);
  }

  /** A whole number the schema checked (range included), so it fits an int or long. */
  private static Integer integer(Map<String, Object> m, String k) {
    Object v = m.get(k);
    return v == null ? null : new BigDecimal(v.toString()).intValueExact();
  }

  private static Duration ms(Map<String, Object> m, String k) {
    return Duration.ofMillis(new BigDecimal(m.get(k).toString()).longValueExact());
  }
}
