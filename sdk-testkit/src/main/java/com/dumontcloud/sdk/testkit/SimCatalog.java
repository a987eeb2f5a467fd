package com.dumontcloud.sdk.testkit;

import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.model.GpuModel;
import com.dumontcloud.sdk.model.Location;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.PricingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The simulated cloud's hosts and offers, generated deterministically from a seed. GPU prices follow
 * the seeds' table (seed 000: spot / on-demand $/h per GPU); regions US, EU and ASIA; several hosts per
 * region with realistic spread in price (±15 %), reliability (0.90–0.999) and network (100–2000 Mbit/s).
 */
final class SimCatalog {
  /** A GPU type of the table. */
  record GpuType(String name, double vramGib, double spot, double onDemand, int weight) {}

  /** A physical host. */
  record Host(String id, String region, String country, String city, GpuType gpu, int gpuCount, double reliability,
      double netUp, double netDown, double cpuPerGpu, double ramPerGpu, double priceFactor, double cuda) {}

  /** Seed 000 price table, plus a CPU type for standby machines (like GCP e2-medium spot). */
  static final List<GpuType> GPU_TYPES = List.of(
      new GpuType("RTX 3080", 10, 0.09, 0.15, 3),
      new GpuType("RTX 3090", 24, 0.12, 0.20, 4),
      new GpuType("RTX 4080", 16, 0.15, 0.25, 3),
      new GpuType("RTX 4090", 24, 0.18, 0.31, 5),
      new GpuType("A100 40GB", 40, 0.38, 0.64, 2),
      new GpuType("A100 80GB", 80, 0.54, 0.90, 2),
      new GpuType("H100 PCIe", 80, 0.72, 1.20, 1),
      new GpuType("L40S", 48, 0.51, 0.85, 2));
  static final GpuType CPU = new GpuType("CPU", 0, 0.01, 0.03, 0);

  private static final String[][] REGIONS = {
    {"US", "US", "Ashburn"}, {"US", "US", "Dallas"}, {"US", "CA", "Montreal"},
    {"EU", "DE", "Frankfurt"}, {"EU", "NL", "Amsterdam"}, {"EU", "FR", "Paris"},
    {"ASIA", "JP", "Tokyo"}, {"ASIA", "SG", "Singapore"}, {"ASIA", "KR", "Seoul"}};
  private static final Map<String, Double> REGION_FACTOR = Map.of("US", 1.0, "EU", 1.06, "ASIA", 0.94);

  private final List<Host> hosts;
  private final List<Host> extra = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Hosts that offer on-demand only (no spot offers). */
  private final java.util.Set<String> onDemandOnly = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The standard catalog ({@code standard}), or none but the hosts added later. */
  SimCatalog(long seed, int hostsPerRegion, boolean standard) {
    if (!standard) {
      this.hosts = List.of();
      return;
    }
    Random r = new Random(seed ^ 0x5eedL);
    List<Host> hs = new ArrayList<>();
    for (String region : List.of("US", "EU", "ASIA")) {
      List<String[]> places = java.util.Arrays.stream(REGIONS).filter(p -> p[0].equals(region)).toList();
      for (int h = 1; h <= hostsPerRegion; h++) {
        String[] place = places.get((h - 1) % places.size());
        GpuType gpu = pick(r, h);
        int count = new int[] {1, 2, 4, 8}[r.nextInt(4)];
        hs.add(new Host("sim-" + region.toLowerCase(Locale.ROOT) + "-h" + h, region, place[1], place[2], gpu, count,
            0.90 + r.nextDouble() * 0.099, 100 + r.nextInt(1900), 100 + r.nextInt(1900), 8 + r.nextInt(9),
            Math.max(16, Math.round(gpu.vramGib() * (1.5 + r.nextDouble()))),
            REGION_FACTOR.get(region) * (0.85 + r.nextDouble() * 0.30), new double[] {12.2, 12.4, 12.8}[r.nextInt(3)]));
      }
      for (int c = 1; c <= 2; c++) {
        String[] place = places.get(c % places.size());
        hs.add(new Host("sim-" + region.toLowerCase(Locale.ROOT) + "-cpu" + c, region, place[1], place[2], CPU, 16,
            0.99, 1000, 1000, 2, 4, REGION_FACTOR.get(region), 0));
      }
    }
    this.hosts = List.copyOf(hs);
  }

  /** Every GPU type appears at least once per region (first hosts), the rest by weight. */
  private static GpuType pick(Random r, int h) {
    if (h <= 3) {
      // the popular consumer cards first so every region has cheap 24 GB capacity
      return GPU_TYPES.get(new int[] {3, 1, 0}[h - 1]);
    }
    int total = GPU_TYPES.stream().mapToInt(GpuType::weight).sum();
    int x = r.nextInt(total);
    for (GpuType t : GPU_TYPES) {
      x -= t.weight();
      if (x < 0) return t;
    }
    return GPU_TYPES.get(0);
  }

  List<Host> hosts() {
    if (extra.isEmpty()) return hosts;
    List<Host> all = new ArrayList<>(hosts);
    all.addAll(extra);
    return all;
  }

  Host host(String id) {
    return hosts().stream().filter(h -> h.id().equals(id)).findFirst().orElse(null);
  }

  /** Add a host with exact prices (per GPU, on-demand and spot); its offers appear in every search. */
  Host addHost(String region, String country, String gpuName, double vramGib, int gpuCount, double onDemandPerGpu,
      double spotPerGpu) {
    GpuType type = new GpuType(gpuName, vramGib, spotPerGpu, onDemandPerGpu, 0);
    Host h = new Host("sim-" + region.toLowerCase(Locale.ROOT) + "-x" + (extra.size() + 1), region, country, "Custom",
        type, gpuCount, 0.99, 1000, 1000, 8, Math.max(16, vramGib * 2), 1.0, 12.4);
    extra.add(h);
    return h;
  }

  /** Add a CPU-only host (16 machines of 2 vCPU / 4 GiB) with an exact hourly price, optionally on-demand only. */
  Host addCpuHost(String region, String country, double onDemand, double spot, boolean spotOffered) {
    GpuType cpu = new GpuType(CPU.name(), 0, spot, onDemand, 0);
    Host h = new Host("sim-" + region.toLowerCase(Locale.ROOT) + "-x" + (extra.size() + 1), region, country, "Custom",
        cpu, 16, 0.99, 1000, 1000, 2, 4, 1.0, 0);
    extra.add(h);
    if (!spotOffered) onDemandOnly.add(h.id());
    return h;
  }

  /** Whether a host's GPU type is the CPU type (standby machines). */
  static boolean isCpu(Host h) {
    return h.gpu() == CPU || (h.gpu().vramGib() == 0 && CPU.name().equals(h.gpu().name()));
  }

  static String slug(GpuType g) {
    return g.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /** Offers of a host given how many GPUs are free. */
  List<Offer> offers(Host h, int freeGpus) {
    List<Offer> out = new ArrayList<>();
    int[] counts = isCpu(h) ? new int[] {1} : new int[] {1, 2, 4, 8};
    for (int n : counts) {
      if (n > h.gpuCount() || n > freeGpus) continue;
      for (PricingModel pm : PricingModel.values()) {
        if (pm == PricingModel.SPOT && onDemandOnly.contains(h.id())) continue;
        out.add(offer(h, n, pm));
      }
    }
    return out;
  }

  static String offerId(Host h, int n, PricingModel pm) {
    return h.id().substring(4) + "-" + slug(h.gpu()) + "x" + n + "-" + (pm == PricingModel.SPOT ? "spot" : "od");
  }

  Offer offer(Host h, int n, PricingModel pm) {
    boolean cpu = isCpu(h);
    double unit = pm == PricingModel.SPOT ? h.gpu().spot() : h.gpu().onDemand();
    double price = Math.round(unit * n * h.priceFactor() * 10_000) / 10_000.0;
    GpuModel model = cpu ? GpuModel.NONE : GpuCatalog.resolve(h.gpu().name());
    return Offer.builder()
        .providerId(SimulatedCloud.ID)
        .id(offerId(h, n, pm))
        .gpu(model)
        .gpuCount(cpu ? 0 : n)
        .gpuRamGib(h.gpu().vramGib())
        .vcpus(cpu ? 2.0 : h.cpuPerGpu() * n)
        .ramGib(cpu ? 4.0 : h.ramPerGpu() * n)
        .diskGib(cpu ? 50.0 : 200.0 * n)
        .location(Location.of(h.country(), h.region(), h.city()))
        .pricingModel(pm)
        .pricePerHour(Money.usd(price))
        .minBid(pm == PricingModel.SPOT ? Money.usd(price) : null)
        .reliability(h.reliability())
        .netUpMbps(h.netUp())
        .netDownMbps(h.netDown())
        .cudaVersion(cpu ? null : h.cuda())
        .hostId(h.id())
        .machineId(h.id())
        .verified(true)
        .attributes(Map.of("sim_host", h.id(), "machine_type", cpu ? "e2-medium" : "gpu"))
        .build();
  }

  /** Parse an offer id back to host, count and pricing model, or null. */
  Object[] parseOfferId(String id) {
    for (Host h : hosts()) {
      for (int n : new int[] {1, 2, 4, 8}) {
        for (PricingModel pm : PricingModel.values()) {
          if (pm == PricingModel.SPOT && onDemandOnly.contains(h.id())) continue;
          if (offerId(h, n, pm).equals(id)) return new Object[] {h, n, pm};
        }
      }
    }
    return null;
  }
}
