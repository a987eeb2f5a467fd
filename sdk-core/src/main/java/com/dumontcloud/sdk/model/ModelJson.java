package com.dumontcloud.sdk.model;

import com.dumontcloud.sdk.audit.AuditRecord;
import com.dumontcloud.sdk.pricing.CurrencyView;
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

  /** An amount in the view's currency, converted then rounded once ({@link CurrencyView#display}). */
  public static double money(Money m, int decimals, CurrencyView view) {
    return m == null ? 0 : view.display(m, decimals).doubleValue();
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
    return offer(o, CurrencyView.usd());
  }

  /** The same form with every amount in the view's currency, plus {@code currency} when converted. */
  public static Map<String, Object> offer(Offer o, CurrencyView view) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", o.id());
    m.put("provider", o.providerId());
    m.put("gpu_name", o.gpu().name());
    m.put("gpu_known", o.gpu().known());
    m.put("num_gpus", o.gpuCount());
    m.put("gpu_ram", round(o.gpuRamGib(), 1));
    m.put("gpu_total_ram", round(o.totalGpuRamGib(), 1));
    m.put("dph_total", money(o.pricePerHour(), 4, view));
    m.put("type", machineType(o.pricingModel()));
    m.put("min_bid", o.minBid() == null ? null : money(o.minBid(), 4, view));
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
    if (!view.asIs()) m.put("currency", view.currency("USD"));
    return m;
  }

  public static Map<String, Object> offerPage(OfferPage p) {
    return offerPage(p, CurrencyView.usd());
  }

  /** The same form with every amount in the view's currency, plus {@code currency} when converted. */
  public static Map<String, Object> offerPage(OfferPage p, CurrencyView view) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("offers", p.offers().stream().map(o -> offer(o, view)).toList());
    m.put("total", p.total());
    m.put("filtered_count", p.filteredCount());
    m.put("sort_info", Map.of("sort_by", p.sortBy(), "order", p.order()));
    if (!p.errors().isEmpty()) {
      m.put("errors", p.errors().stream().map(e -> Map.of("provider", e.providerId(), "error", e.errorType(),
          "message", e.message())).toList());
    }
    m.putAll(view.describe());
    return m;
  }

  public static Map<String, Object> instance(Instance i) {
    return instance(i, CurrencyView.usd());
  }

  /** The same form with every amount in the view's currency, plus {@code currency} when converted. */
  public static Map<String, Object> instance(Instance i, CurrencyView view) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("instance_id", i.id());
    m.put("provider", i.providerId());
    m.put("status", i.state().wireName());
    m.put("actual_status", i.rawStatus());
    m.put("status_msg", i.statusMessage());
    m.put("gpu_name", i.gpu().name());
    m.put("gpu_info", Map.of("gpu_name", i.gpu().name(), "num_gpus", i.gpuCount(), "gpu_ram", round(i.gpuRamGib(), 1)));
    m.put("cost_per_hour", money(i.pricePerHour(), 4, view));
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
    if (!view.asIs()) m.put("currency", view.currency("USD"));
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
    return costAnalysis(c, CurrencyView.usd());
  }

  /** The same form with every amount in the view's currency, plus {@code currency} when converted. */
  public static Map<String, Object> costAnalysis(CostAnalysis c, CurrencyView view) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("instance_id", c.instanceId());
    m.put("cost_per_hour", money(c.costPerHour(), 4, view));
    m.put("total_cost", money(c.totalCost(), 4, view));
    m.put("uptime_hours", round(c.uptimeHours(), 4));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("hourly_rate", money(c.costPerHour(), 4, view));
    b.put("uptime_days", round(c.uptimeDays(), 1));
    b.put("estimated_daily_cost", money(c.estimatedDailyCost(), 2, view));
    b.put("estimated_monthly_cost", money(c.estimatedMonthlyCost(), 2, view));
    m.put("cost_breakdown", b);
    if (!view.asIs()) m.put("currency", view.currency("USD"));
    return m;
  }

  public static Map<String, Object> statistics(FleetStatistics s) {
    return statistics(s, CurrencyView.usd());
  }

  /** The same form with every amount in the view's currency, plus {@code currency} when converted. */
  public static Map<String, Object> statistics(FleetStatistics s, CurrencyView view) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total_instances", s.totalInstances());
    m.put("active_instances", s.activeInstances());
    m.put("destroyed_instances", s.destroyedInstances());
    m.put("total_cost", money(s.totalCost(), 2, view));
    m.put("average_cost_per_hour", money(s.averageCostPerHour(), 2, view));
    m.put("gpu_distribution", s.gpuDistribution());
    m.put("status_distribution", s.statusDistribution());
    if (!view.asIs()) m.put("currency", view.currency("USD"));
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
    return instances(list, CurrencyView.usd());
  }

  public static List<Map<String, Object>> instances(List<Instance> list, CurrencyView view) {
    return list.stream().map(i -> instance(i, view)).toList();
  }

  // ------------------------------------------------------------------------------------------ reading the forms back

  /** An offer from its {@link #offer} form (the remote client reads the server's answers with it). */
  public static Offer offerFromJson(Map<String, ?> m) {
    String gpu = text(m, "gpu_name");
    double ram = num(m, "gpu_ram", 0);
    return Offer.builder().id(text(m, "id")).providerId(text(m, "provider"))
        .gpu(gpu == null ? GpuModel.NONE : com.dumontcloud.sdk.catalog.GpuCatalog.resolve(gpu, ram))
        .gpuCount((int) num(m, "num_gpus", 0)).gpuRamGib(ram)
        .pricePerHour(Money.usd(num(m, "dph_total", 0)))
        .pricingModel("spot".equals(text(m, "type")) ? PricingModel.SPOT : PricingModel.ON_DEMAND)
        .minBid(m.get("min_bid") instanceof Number n ? Money.usd(n.doubleValue()) : null)
        .vcpus(boxed(m, "cpu_cores")).ramGib(boxed(m, "cpu_ram")).diskGib(boxed(m, "disk_space"))
        .location(Location.of(text(m, "geolocation"), text(m, "region"), text(m, "zone")))
        .reliability(boxed(m, "reliability")).netUpMbps(boxed(m, "inet_up")).netDownMbps(boxed(m, "inet_down"))
        .cudaVersion(boxed(m, "cuda_max_good")).hostId(text(m, "host_id")).machineId(text(m, "machine_id"))
        .verified(Boolean.TRUE.equals(m.get("verified")))
        .build();
  }

  /** An instance from its {@link #instance} form. */
  @SuppressWarnings("unchecked")
  public static Instance instanceFromJson(Map<String, ?> m) {
    String gpu = text(m, "gpu_name");
    Map<String, ?> gi = m.get("gpu_info") instanceof Map<?, ?> g ? (Map<String, ?>) g : Map.of();
    double ram = num(gi, "gpu_ram", 0);
    Map<String, String> labels = new LinkedHashMap<>();
    if (m.get("labels") instanceof Map<?, ?> l) l.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
    List<PortMapping> ports = new java.util.ArrayList<>();
    if (m.get("port_mappings") instanceof List<?> pl) {
      for (Object o : pl) {
        if (o instanceof Map<?, ?> pm) {
          Map<String, ?> p = (Map<String, ?>) pm;
          ports.add(new PortMapping((int) num(p, "container_port", 0), text(p, "protocol"), text(p, "host_ip"),
              (int) num(p, "host_port", 0)));
        }
      }
    }
    Instance.Builder b = Instance.builder().id(text(m, "instance_id")).providerId(text(m, "provider"))
        .state(InstanceState.fromWire(text(m, "status"))).rawStatus(text(m, "actual_status"))
        .statusMessage(text(m, "status_msg"))
        .gpu(gpu == null ? GpuModel.NONE : com.dumontcloud.sdk.catalog.GpuCatalog.resolve(gpu, ram))
        .gpuCount((int) num(gi, "num_gpus", 0)).gpuRamGib(ram)
        .pricePerHour(Money.usd(num(m, "cost_per_hour", 0)))
        .pricingModel("spot".equals(text(m, "machine_type")) ? PricingModel.SPOT : PricingModel.ON_DEMAND)
        .location(Location.of(text(m, "geolocation"), text(m, "region"), null)).hostId(text(m, "host_id"))
        .publicIp(text(m, "public_ip")).sshHost(text(m, "ssh_host")).sshPort((int) num(m, "ssh_port", 0))
        .ports(ports).image(text(m, "image_name")).templateName(text(m, "template_name"))
        .offerId(text(m, "offer_id")).labels(labels)
        .createdAt(instant(m, "created_at")).startedAt(instant(m, "started_at")).stoppedAt(instant(m, "stopped_at"));
    return b.build();
  }

  private static String text(Map<String, ?> m, String k) {
    Object v = m.get(k);
    return v == null ? null : String.valueOf(v);
  }

  private static double num(Map<String, ?> m, String k, double dflt) {
    return m.get(k) instanceof Number n ? n.doubleValue() : dflt;
  }

  private static Double boxed(Map<String, ?> m, String k) {
    return m.get(k) instanceof Number n ? n.doubleValue() : null;
  }

  private static Instant instant(Map<String, ?> m, String k) {
    String t = text(m, k);
    return t == null ? null : Instant.parse(t);
  }
}
