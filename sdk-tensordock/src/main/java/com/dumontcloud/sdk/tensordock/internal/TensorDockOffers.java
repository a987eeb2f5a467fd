package com.dumontcloud.sdk.tensordock.internal;

import static com.dumontcloud.sdk.tensordock.internal.TensorDockApi.field;
import static com.dumontcloud.sdk.tensordock.internal.TensorDockApi.list;
import static com.dumontcloud.sdk.tensordock.internal.TensorDockApi.num;
import static com.dumontcloud.sdk.tensordock.internal.TensorDockApi.obj;
import static com.dumontcloud.sdk.tensordock.internal.TensorDockApi.str;

import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.model.GpuModel;
import com.dumontcloud.sdk.catalog.Countries;
import com.dumontcloud.sdk.model.Location;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.PricingModel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostnodes ({@code GET /hostnodes}, and v0's listing translated by {@code TensorDockV0}) and locations
 * ({@link #fromLocations}) to offers. Hostnodes: one per (hostnode, GPU model, GPU count) the host can serve, in a
 * default configuration (reference section 6): RAM = 2 × total VRAM, vCPUs = RAM / 6 (even, at least one per GPU),
 * disk = max(100, RAM, total VRAM), each capped by the host's per-GPU limits (or 75 % of what is free when the
 * offer leaves GPUs idle). Price = GPUs × per-GPU + vCPUs × per-vCPU + RAM × per-GB + disk × per-GB, per hour.
 * Hosts without free ports, offline hosts and GPU models with no free count are skipped.
 */
final class TensorDockOffers {
  static final int MIN_DISK_GB = 100;
  /** Offer ids of location offers start with this; hostnode offer ids with the hostnode id. */
  static final String LOCATION_PREFIX = "location-";
  private static final Pattern VRAM = Pattern.compile("-(\\d+)gb$");

  private TensorDockOffers() {}

  /** The offer id: {@code <hostnode>:<v0Name>:<count>}. */
  static String offerId(String hostnode, String v0Name, int count) {
    return hostnode + ":" + v0Name + ":" + count;
  }

  static List<Offer> fromHostnodes(Object tree) {
    List<Offer> out = new ArrayList<>();
    for (Object h : hostnodes(tree)) out.addAll(fromHostnode(TensorDockApi.flatten(h)));
    return out;
  }

  private static List<?> hostnodes(Object tree) {
    Object data = obj(tree).containsKey("data") ? obj(tree).get("data") : tree;
    return list(data instanceof List<?> ? data : obj(data).get("hostnodes"));
  }

  /**
   * {@code <location id>|<v0Name>} of every GPU model any listed hostnode has, usable or not: the hostnodes
   * decide for those (a location must not resurrect a host skipped for having no free port).
   */
  static Set<String> covered(Object tree) {
    Set<String> out = new java.util.HashSet<>();
    for (Object h0 : hostnodes(tree)) {
      Map<String, Object> h = TensorDockApi.flatten(h0);
      for (Object g : list(obj(field(h, "available_resources", "availableResources")).get("gpus"))) {
        out.add(str(h, "location_id", "locationId") + "|" + str(obj(g), "v0Name", "v0_name", "name"));
      }
    }
    return out;
  }

  static List<Offer> fromHostnode(Map<String, Object> h) {
    String id = str(h, "id", "uuid");
    Map<String, Object> res = obj(field(h, "available_resources", "availableResources"));
    List<Integer> ports = list(field(res, "available_ports", "availablePorts")).stream()
        .map(p -> (int) num(p, -1)).filter(p -> p > 0).toList();
    boolean dedicatedIp = Boolean.TRUE.equals(field(res, "has_public_ip_available"));
    if (id == null || (ports.isEmpty() && !dedicatedIp)) return List.of();
    Map<String, Object> pricing = obj(h.get("pricing"));
    double perCpu = num(field(pricing, "per_vcpu_hr", "perVcpuHr"), 0);
    double perRam = num(field(pricing, "per_gb_ram_hr", "perGbRamHr"), 0);
    double perDisk = num(field(pricing, "per_gb_storage_hr", "perGbStorageHr"), 0);
    double cpuFree = num(field(res, "vcpu_count", "vcpuCount"), 0);
    double ramFree = num(field(res, "ram_gb", "ramGb"), 0);
    double diskFree = num(field(res, "storage_gb", "storageGb"), 0);
    double cpuPerGpu = num(field(res, "max_vcpus_per_gpu"), 0);
    double ramPerGpu = num(field(res, "max_ram_per_gpu"), 0);
    Map<String, Object> loc = obj(h.get("location"));
    Location location = place(loc);
    double uptime = num(field(h, "uptime_percentage", "uptimePercentage"), -1);
    int totalGpus = list(res.get("gpus")).stream().mapToInt(g -> (int) num(field(obj(g), "availableCount",
        "available_count", "count"), 0)).sum();
    double reliability = uptime >= 0 ? Math.min(1.0, uptime / 100.0) : -1;
    Prices prices = new Prices(perCpu, perRam, perDisk);
    List<Offer> out = new ArrayList<>();
    for (Object g0 : list(res.get("gpus"))) {
      Map<String, Object> g = obj(g0);
      String v0 = str(g, "v0Name", "v0_name", "name");
      int free = (int) num(field(g, "availableCount", "available_count", "count"), 0);
      double gpuPrice = num(field(g, "price_per_hr", "pricePerHr"), -1);
      if (v0 == null || free <= 0 || gpuPrice < 0) continue;
      double vram = vramGb(v0);
      GpuModel model = GpuCatalog.resolve(displayName(g, v0), vram);
      for (int n = 1; n <= free; n++) {
        double share = n == totalGpus ? 1.0 : 0.75;
        double cpuCap = cpuPerGpu > 0 ? Math.min(cpuPerGpu * n, cpuFree) : Math.floor(cpuFree * share);
        double ramCap = ramPerGpu > 0 ? Math.min(ramPerGpu * n, ramFree) : Math.floor(ramFree * share);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("hostnode", id);
        attrs.put("gpu_v0_name", v0);
        attrs.put("location_id", str(h, "location_id", "locationId"));
        attrs.put("available_ports", ports);
        attrs.put("per_gb_storage_hr", perDisk);
        Offer.Builder b = configure(model, v0, n, gpuPrice, prices, cpuCap, ramCap, Math.floor(diskFree * share));
        if (b == null) continue;
        out.add(b.id(offerId(id, v0, n)).location(location).reliability(reliability >= 0 ? reliability : null)
            .netDownMbps(num(loc.get("network_speed_gbps"), 0) * 1000)
            .netUpMbps(num(loc.get("network_speed_upload_gbps"), 0) * 1000)
            .hostId(id).machineId(id).verified(num(loc.get("tier"), 0) >= 1).attributes(attrs).build());
      }
    }
    return out;
  }

  /** Per-resource prices, USD per vCPU, GB RAM and GB disk per hour. */
  private record Prices(double perCpu, double perRam, double perDisk) {}

  /**
   * {@code GET /locations} (v2) to offers for automatic placement ({@code location_id} at create), one per
   * (location, GPU model, count 1..max_count) that no hostnode offer already covers ({@code covered} holds
   * {@code <location id>|<v0Name>}): the hostnode offer is the better one (it knows the free ports). Entries with no
   * count and locations with neither port forwarding nor a dedicated IP are skipped. {@code max_count} is often
   * overstated (reference 3.3): a create then answers "No available nodes found", a capacity error.
   */
  static List<Offer> fromLocations(Object tree, Set<String> covered) {
    Object data = obj(tree).containsKey("data") ? obj(tree).get("data") : tree;
    Object locs = data instanceof List<?> ? data : obj(data).get("locations");
    List<Offer> out = new ArrayList<>();
    for (Object l0 : list(locs)) {
      Map<String, Object> l = TensorDockApi.flatten(l0);
      String locId = str(l, "id", "uuid");
      Location location = place(l);
      for (Object g0 : list(l.get("gpus"))) {
        Map<String, Object> g = obj(g0);
        String v0 = str(g, "v0Name", "v0_name");
        int max = (int) num(field(g, "max_count", "maxCount"), 0);
        double gpuPrice = num(field(g, "price_per_hr", "pricePerHr"), -1);
        Map<String, Object> net = obj(g.get("network_features"));
        boolean dedicated = Boolean.TRUE.equals(net.get("dedicated_ip_available"));
        boolean forwarding = !Boolean.FALSE.equals(net.get("port_forwarding_available"));
        if (locId == null || v0 == null || max <= 0 || gpuPrice < 0 || !(dedicated || forwarding)
            || covered.contains(locId + "|" + v0)) {
          continue;
        }
        Map<String, Object> res = obj(g.get("resources"));
        Map<String, Object> pricing = obj(g.get("pricing"));
        Prices prices = new Prices(num(pricing.get("per_vcpu_hr"), 0), num(pricing.get("per_gb_ram_hr"), 0),
            num(pricing.get("per_gb_storage_hr"), 0));
        double vram = vramGb(v0);
        GpuModel model = GpuCatalog.resolve(displayName(g, v0), vram);
        for (int n = 1; n <= max; n++) {
          Map<String, Object> attrs = new LinkedHashMap<>();
          attrs.put("location_id", locId);
          attrs.put("gpu_v0_name", v0);
          attrs.put("dedicated_ip", dedicated);
          attrs.put("per_gb_storage_hr", prices.perDisk());
          Offer.Builder b = configure(model, v0, n, gpuPrice, prices, num(res.get("max_vcpus"), 0),
              num(res.get("max_ram_gb"), 0), num(res.get("max_storage_gb"), 0));
          if (b == null) continue;
          out.add(b.id(LOCATION_PREFIX + offerId(locId, v0, n)).location(location).hostId(locId)
              .verified(num(l.get("tier"), 0) >= 1).attributes(attrs).build());
        }
      }
    }
    return out;
  }

  /** The default configuration of {@code n} GPUs under the caps, priced per resource; null when it does not fit. */
  private static Offer.Builder configure(GpuModel model, String v0, int n, double gpuPrice, Prices p, double cpuCap,
      double ramCap, double diskCap) {
    double vram = vramGb(v0);
    double ram = Math.min(even(Math.ceil(2 * vram * n)), evenDown(ramCap));
    double cpus = Math.min(Math.max(even(Math.ceil(ram / 6)), even(n)), evenDown(cpuCap));
    double disk = Math.min(Math.max(MIN_DISK_GB, Math.max(ram, vram * n)), diskCap);
    if (ram <= 0 || cpus <= 0 || disk < MIN_DISK_GB) return null;
    BigDecimal price = BigDecimal.valueOf(gpuPrice).multiply(BigDecimal.valueOf(n))
        .add(BigDecimal.valueOf(p.perCpu()).multiply(BigDecimal.valueOf(cpus)))
        .add(BigDecimal.valueOf(p.perRam()).multiply(BigDecimal.valueOf(ram)))
        .add(BigDecimal.valueOf(p.perDisk()).multiply(BigDecimal.valueOf(disk)));
    return Offer.builder().providerId(TensorDockApi.PROVIDER).gpu(model).gpuCount(n)
        .gpuRamGib(vram > 0 ? vram : model.vramGib()).vcpus(cpus).ramGib(ram).diskGib(disk)
        .pricingModel(PricingModel.ON_DEMAND).pricePerHour(Money.of(price, "USD"));
  }

  /** A name {@link GpuCatalog} understands: the display name, or the v0 id without bus and memory suffixes. */
  static String displayName(Map<String, Object> g, String v0) {
    String d = str(g, "displayName", "display_name");
    if (d != null) return d;
    String base = v0.replaceFirst("^geforce", "").replaceFirst("-.*$", "");
    String spaced = base.replaceAll("([a-z])(\\d)", "$1 $2").toUpperCase(java.util.Locale.ROOT)
        .replaceAll("TI\\b", "Ti");
    double vram = vramGb(v0);
    return vram > 0 ? spaced + " " + (long) vram + "GB" : spaced;
  }

  static double vramGb(String v0) {
    Matcher m = VRAM.matcher(v0);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static double even(double d) {
    long l = (long) Math.ceil(d);
    return l % 2 == 0 ? l : l + 1;
  }

  private static double evenDown(double d) {
    long l = (long) Math.floor(d);
    return l % 2 == 0 ? l : l - 1;
  }

  /** Country as an ISO code with its coarse region ({@code US}, {@code EU}, ...); the city, else the state, as zone. */
  static Location place(Map<String, Object> loc) {
    String city = str(loc, "city");
    return Countries.location(str(loc, "country"), city != null ? city : str(loc, "stateprovince", "state"));
  }
}
