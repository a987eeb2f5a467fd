package com.dumontcloud.sdk.model;

import com.dumontcloud.sdk.audit.AuditRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stable JSON forms of the model types, as {@code Map}/{@code List} trees with snake_case field names
 * ({@code gpu_name}, {@code dph_total}, {@code cost_per_hour}, ...). Model types carry no JSON annotations; this
 * mapper is the one place the wire names live. The CLI's {@code --json} and the REST API print exactly these
 * shapes; serialise a tree with {@link com.dumontcloud.sdk.spi.support.JsonCodec#standard()}. Fields are only
 * ever added, never renamed or removed.
 */
public final class ModelJson {
  private ModelJson() {}

  public static double money(Money m, int decimals) {
    return m == null ? 0 : m.rounded(decimals).doubleValue();
  }

  public static double round(double v, int decimals) {
    return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
  }

  private static String time(Instant i) {
    return i == null ? null : i.toString();
  }

  public static String machineType(PricingModel p) {
    return p == PricingModel.SPOT ? "spot" : "on-demand";
  }

  public static Map<String, Object> offer(Offer o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", o.id());
    m.put("provider", o.providerId());
    m.put("gpu_name", o.gpu().name());
    m.put("gpu_known", o.gpu().known());
    m.put("num_gpus", o.gpuCount());
    m.put("gpu_ram", round(o.gpuRamGib(), 1));
    m.put("gpu_total_ram", round(o.totalGpuRamGib(), 1));
    m.put("dph_total", money(o.pricePerHour(), 4));
    m.put("type", machineType(o.pricingModel()));
    m.put("min_bid", o.minBid() == null ? null : money(o.minBid(), 4));
    m.put("cpu_cores", o.vcpus());
    m.put("cpu_ram", o.ramGib() == null ? null : round(o.ramGib(), 1));
    m.put("disk_space", o.diskGib() == null ? null : round(o.diskGib(), 1));
    m.put("geolocation", o.location().country());
    m.put("region", o.location().region());
    m.put("zone", o.location().zone());
    m.put("reliability", o.reliability() == null ? null : round(o.reliability(), 4));
    m.put("inet_up", o.netUpMbps());
    m.put("inet_down", o.netDownMbps());
    m.put("cuda_max_good", o.cudaVersion());
    m.put("host_id", o.hostId());
    m.put("machine_id", o.machineId());
    m.put("verified", o.verified());
    m.put("rentable", true);
    Double ppp = o.pricePerPerformance();
    m.put("price_per_performance", ppp == null ? null : round(ppp, 4));
    return m;
  }

  public static Map<String, Object> offerPage(OfferPage p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("offers", p.offers().stream().map(ModelJson::offer).toList());
    m.put("total", p.total());
    m.put("filtered_count", p.filteredCount());
    m.put("sort_info", Map.of("sort_by", p.sortBy(), "order", p.order()));
    if (!p.errors().isEmpty()) {
      m.put("errors", p.errors().stream().map(e -> Map.of("provider", e.providerId(), "error", e.errorType(),
          "message", e.message())).toList());
    }
    return m;
  }

  public static Map<String, Object> instance(Instance i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("instance_id", i.id());
    m.put("provider", i.providerId());
    m.put("status", i.state().wireName());
    m.put("actual_status", i.rawStatus());
    m.put("status_msg", i.statusMessage());
    m.put("gpu_name", i.gpu().name());
    m.put("gpu_info", Map.of("gpu_name", i.gpu().name(), "num_gpus", i.gpuCount(), "gpu_ram", round(i.gpuRamGib(), 1)));
    m.put("cost_per_hour", money(i.pricePerHour(), 4));
    m.put("machine_type", machineType(i.pricingModel()));
    m.put("region", i.location().region());
    m.put("geolocation", i.location().country());
    m.put("host_id", i.hostId());
    m.put("public_ip", i.publicIp());
    m.put("ssh_host", i.sshHost());
    m.put("ssh_port", i.sshPort() == 0 ? null : i.sshPort());
    m.put("port_mappings", i.ports().stream().map(ModelJson::port).toList());
    m.put("image_name", i.image());
    m.put("template_name", i.templateName());
    m.put("offer_id", i.offerId());
    m.put("labels", new java.util.TreeMap<>(i.labels()));
    m.put("created_at", time(i.createdAt()));
    m.put("started_at", time(i.startedAt()));
    m.put("stopped_at", time(i.stoppedAt()));
    return m;
  }

  private static Map<String, Object> port(PortMapping p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("container_port", p.containerPort());
    m.put("protocol", p.protocol());
    m.put("host_ip", p.hostIp());
    m.put("host_port", p.hostPort());
    return m;
  }

  /** Seed 001 cost analysis: uptime_days with 1 decimal. */
  public static Map<String, Object> costAnalysis(CostAnalysis c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("instance_id", c.instanceId());
    m.put("cost_per_hour", money(c.costPerHour(), 4));
    m.put("total_cost", money(c.totalCost(), 4));
    m.put("uptime_hours", round(c.uptimeHours(), 4));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("hourly_rate", money(c.costPerHour(), 4));
    b.put("uptime_days", round(c.uptimeDays(), 1));
    b.put("estimated_daily_cost", money(c.estimatedDailyCost(), 2));
    b.put("estimated_monthly_cost", money(c.estimatedMonthlyCost(), 2));
    m.put("cost_breakdown", b);
    return m;
  }

  public static Map<String, Object> statistics(FleetStatistics s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total_instances", s.totalInstances());
    m.put("active_instances", s.activeInstances());
    m.put("destroyed_instances", s.destroyedInstances());
    m.put("total_cost", money(s.totalCost(), 2));
    m.put("average_cost_per_hour", money(s.averageCostPerHour(), 2));
    m.put("gpu_distribution", s.gpuDistribution());
    m.put("status_distribution", s.statusDistribution());
    return m;
  }

  /** The one map form of a template ({@link com.dumontcloud.sdk.model.Templates#toMap}), which spec files accept. */
  public static Map<String, Object> template(Template t) {
    return com.dumontcloud.sdk.model.Templates.toMap(t);
  }

  public static Map<String, Object> audit(AuditRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("timestamp", time(r.timestamp()));
    m.put("provider", r.providerId());
    m.put("operation", r.operation());
    m.put("command", r.command());
    m.put("result", r.result());
    m.put("execution_time", r.executionTime().toMillis() / 1000.0);
    m.put("success", r.success());
    m.put("metadata", r.metadata());
    return m;
  }

  public static List<Map<String, Object>> instances(List<Instance> list) {
    return list.stream().map(ModelJson::instance).toList();
  }
}
