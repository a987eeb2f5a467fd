package com.dumontcloud.sdk.gcp.internal;

import static com.dumontcloud.sdk.spi.support.Json.arr;
import static com.dumontcloud.sdk.spi.support.Json.num;
import static com.dumontcloud.sdk.spi.support.Json.obj;
import static com.dumontcloud.sdk.spi.support.Json.str;

import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.model.GpuModel;
import com.dumontcloud.sdk.model.Location;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.PricingModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Offers from the catalog: zones × machine types × accelerator types. Machine types with built-in GPUs (G2, A2,
 * A3, any type whose {@code accelerators[]} is set) are one offer each; attachable GPUs (T4, V100, P100 on N1) are
 * offered in counts 1, 2, 4, 8 up to {@code maximumCardsPerInstance} on an {@code n1-standard} host of 4 (8 for
 * V100) vCPUs per GPU; e2 types are CPU-only offers (CPU standby, degraded fallback). Each shape is offered on-demand
 * and spot (spot: {@code minBid} = the spot price; GCP has no bids), except the shapes Google sells only as spot
 * (a3-highgpu with fewer than 8 GPUs, a3-ultragpu, a4). Offer id: {@code zone/machineType[+accelerator*count]},
 * {@code :spot} appended for spot.
 */
final class GcpOffers {
  static final Set<String> ATTACHABLE = Set.of("nvidia-tesla-t4", "nvidia-tesla-v100", "nvidia-tesla-p100");

  /** A launchable shape in one zone. */
  record Shape(String zone, Map<String, Object> machineType, String accelerator, int count, GpuModel gpu) {
    String id() {
      return zone + "/" + str(machineType, "name") + (accelerator == null ? "" : "+" + accelerator + "*" + count);
    }

    String name() {
      return str(machineType, "name");
    }

    String series() {
      String n = name();
      return n.substring(0, n.indexOf('-') < 0 ? n.length() : n.indexOf('-'));
    }

    boolean localSsd() {
      String n = name();
      return n.startsWith("a2-ultragpu") || n.startsWith("a3-") || n.startsWith("a4") || n.endsWith("-lssd");
    }

    boolean spotOnly() {
      String n = name();
      return n.startsWith("a3-highgpu") && count < 8 || n.startsWith("a3-ultragpu") || n.startsWith("a4");
    }
  }

  private GcpOffers() {}

  /**
   * Every shape of the given zones.
   *
   * @param machineTypes machine types, each with its {@code zone} (a bare name)
   * @param accelerators accelerator types, each with its {@code zone} (a URL)
   */
  static List<Shape> shapes(Set<String> zones, List<Map<String, Object>> machineTypes,
      List<Map<String, Object>> accelerators) {
    Map<String, Map<String, Object>> byZoneAndName = new LinkedHashMap<>();
    List<Shape> out = new ArrayList<>();
    for (Map<String, Object> m : machineTypes) {
      String zone = GcpNames.last(str(m, "zone"));
      String name = str(m, "name");
      if (zone == null || name == null || !zones.contains(zone) || deprecated(m)) continue;
      byZoneAndName.put(zone + "/" + name, m);
      Object acc = m.get("accelerators");
      if (acc instanceof List<?> l && !l.isEmpty()) {
        Map<String, Object> a = obj(l.get(0), "accelerators[]");
        String type = str(a, "guestAcceleratorType");
        int count = num(a, "guestAcceleratorCount") == null ? 1 : num(a, "guestAcceleratorCount").intValue();
        out.add(new Shape(zone, m, null, count, GpuCatalog.resolve(type)));
      } else if (name.startsWith("e2-") && !name.equals("e2-micro") && !name.equals("e2-small")) {
        out.add(new Shape(zone, m, null, 0, GpuModel.NONE));
      }
    }
    for (Map<String, Object> a : accelerators) {
      String zone = GcpNames.last(str(a, "zone"));
      String type = str(a, "name");
      if (zone == null || !zones.contains(zone) || !ATTACHABLE.contains(type) || deprecated(a)) continue;
      int max = num(a, "maximumCardsPerInstance") == null ? 1 : num(a, "maximumCardsPerInstance").intValue();
      int perGpu = type.contains("v100") ? 8 : 4;
      for (int count = 1; count <= max && count <= 8; count *= 2) {
        Map<String, Object> host = byZoneAndName.get(zone + "/n1-standard-" + count * perGpu);
        if (host != null) out.add(new Shape(zone, host, type, count, GpuCatalog.resolve(type)));
      }
    }
    return out;
  }

  private static boolean deprecated(Map<String, Object> m) {
    return m.get("deprecated") instanceof Map<?, ?> d && d.get("state") != null
        && !"ACTIVE".equals(String.valueOf(d.get("state")));
  }

  /** The offer for a shape, or null when a price component is unknown (or spot-only shapes on demand). */
  static Offer offer(Shape s, GcpPrices prices, boolean spot) {
    if (!spot && s.spotOnly()) return null;
    String region = GcpNames.region(s.zone());
    double cpus = num(s.machineType(), "guestCpus") == null ? 0 : num(s.machineType(), "guestCpus");
    double ramGib = num(s.machineType(), "memoryMb") == null ? 0 : num(s.machineType(), "memoryMb") / 1024.0;
    GcpPrices.Price core = prices.host(s.series(), "core", region, spot);
    GcpPrices.Price ram = prices.host(s.series(), "ram", region, spot);
    GcpPrices.Price gpu = s.count() == 0 ? null : prices.gpu(s.gpu().name(), region, spot);
    if (core == null || ram == null || s.count() > 0 && gpu == null) return null;
    double total = cpus * core.perHour() + ramGib * ram.perHour() + (gpu == null ? 0 : s.count() * gpu.perHour());
    boolean allCatalog = GcpPrices.CATALOG.equals(core.source()) && GcpPrices.CATALOG.equals(ram.source())
        && (gpu == null || GcpPrices.CATALOG.equals(gpu.source()));
    GcpPrices.Price stamp = allCatalog ? core : List.of(core, ram, gpu == null ? core : gpu).stream()
        .filter(p -> GcpPrices.BUNDLED.equals(p.source())).findFirst().orElse(core);
    Map<String, Object> at = new LinkedHashMap<>();
    at.put("zone", s.zone());
    at.put("region", region);
    at.put("machine_type", s.name());
    if (s.accelerator() != null) at.put("accelerator_type", s.accelerator());
    at.put("gpu_bundled", s.accelerator() == null && s.count() > 0);
    at.put("local_ssd", s.localSsd());
    at.put("price_source", allCatalog ? GcpPrices.CATALOG : GcpPrices.BUNDLED);
    at.put("priced_at", stamp.pricedAt().toString());
    Money price = Money.usd(total);
    return Offer.builder().providerId(GcpApi.PROVIDER).id(s.id() + (spot ? ":spot" : "")).gpu(s.gpu())
        .gpuCount(s.count()).gpuRamGib(s.gpu().vramGib()).vcpus(cpus).ramGib(ramGib)
        .location(Location.of(null, region, s.zone())).pricingModel(spot ? PricingModel.SPOT : PricingModel.ON_DEMAND)
        .pricePerHour(price).minBid(spot ? price : null).machineId(s.name()).verified(true).attributes(at).build();
  }

  /** The shape id of an offer id ({@code :spot} removed). */
  static String shapeId(String offerId) {
    return offerId.endsWith(":spot") ? offerId.substring(0, offerId.length() - 5) : offerId;
  }

  static List<Object> list(Object v) {
    return v == null ? List.of() : arr(v, "list");
  }
}
