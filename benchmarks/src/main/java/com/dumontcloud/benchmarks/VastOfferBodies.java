package com.dumontcloud.benchmarks;

import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Vast {@code POST /api/v0/bundles/} answers of any size, generated from a seed in the shape of the constructed
 * fixture {@code offers_search_response.json} (same 96 keys per offer, same types, the same internal consistency:
 * {@code dph_total = dph_base + storage_total_cost}, {@code search.totalHour = dph_total}, derived per-dollar
 * figures) and its edge cases in realistic proportions: fractional offers ({@code gpu_frac} &lt; 1), {@code null}
 * {@code cpu_cores} and {@code geolocation}, two-part driver versions, datacenter hosts.
 */
final class VastOfferBodies {
  /** GPU name, VRAM in MB, $/h per GPU, DLPerf per GPU, TFLOPS per GPU, compute capability. */
  private record Gpu(String name, int vramMb, double dphPerGpu, double dlperf, double tflops, int computeCap) {}

  private static final List<Gpu> GPUS = List.of(
      new Gpu("RTX 3090", 24576, 0.16, 45.4, 35.6, 860),
      new Gpu("RTX 4090", 24564, 0.31, 106.6, 82.97, 890),
      new Gpu("RTX 5090", 32607, 0.38, 141.8, 107.6, 1200),
      new Gpu("RTX 4070 Ti", 12282, 0.09, 48.2, 40.1, 890),
      new Gpu("RTX A5000", 24564, 0.19, 22.2, 27.5, 860),
      new Gpu("RTX 6000Ada", 49140, 0.74, 127.9, 91.1, 890),
      new Gpu("RTX PRO 6000 WS", 97887, 0.86, 167.3, 125.0, 1200),
      new Gpu("L40S", 46068, 0.82, 131.2, 91.6, 890),
      new Gpu("A100 SXM4", 81920, 1.10, 163.4, 19.5, 800),
      new Gpu("H100 SXM", 81559, 2.20, 236.1, 53.5, 900),
      new Gpu("Tesla V100", 16384, 0.11, 19.8, 14.1, 700));
  private static final String[] PLACES = {
    "Virginia, US", "Texas, US", "California, US", "Oregon, US", "Washington, US", "Quebec, CA", "Ontario, CA",
    "North Holland, NL", "Czechia, CZ", "Stockholm County, SE", "Masovian Voivodeship, PL", "Bulgaria, BG",
    "Guangxi, CN", "Tokyo, JP", "Germany", "France"};
  private static final String[] DRIVERS = {"535.183.01", "550.120", "550.127.05", "570.124.04", "570.133.20",
    "575.64.03", "580.65.06"};
  private static final double[] CUDA = {12.2, 12.4, 12.6, 12.8, 12.9};
  private static final int[] GPU_COUNTS = {1, 1, 1, 1, 2, 2, 4, 8};
  private static final double[] FRACTIONS = {1.0, 1.0, 1.0, 0.5, 0.25, 0.125};
  private static final double NOW = 1787227200.0;

  private VastOfferBodies() {}

  /** A search answer {@code {"offers": [...]}} with {@code n} offers, the same for the same seed. */
  static String body(int n, long seed) {
    Random r = new Random(seed);
    List<Object> offers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) offers.add(offer(r, i));
    return JsonCodec.standard().write(Map.of("offers", offers));
  }

  private static Map<String, Object> offer(Random r, int rn) {
    Gpu g = GPUS.get(r.nextInt(GPUS.size()));
    int gpus = GPU_COUNTS[r.nextInt(GPU_COUNTS.length)];
    long id = 20_000_000L + rn * 7L + r.nextInt(7);
    long machine = 10_000 + r.nextInt(60_000);
    boolean datacenter = r.nextInt(5) == 0;
    double frac = FRACTIONS[r.nextInt(FRACTIONS.length)];
    int cores = 16 * (1 + r.nextInt(12));
    double storageCost = round(0.05 + r.nextDouble() * 0.25, 4);
    double dphBase = round(g.dphPerGpu() * gpus * (0.7 + r.nextDouble() * 0.6), 4);
    double storageTotal = 5 * storageCost / 720;
    double dph = dphBase + storageTotal;
    double dlperf = round(g.dlperf() * gpus * (0.9 + r.nextDouble() * 0.2), 1);
    double flops = round(g.tflops() * gpus, 2);
    double reliability = round(0.90 + r.nextDouble() * 0.0999, 7);
    String driver = DRIVERS[r.nextInt(DRIVERS.length)];
    boolean sparse = r.nextInt(50) == 0; // like the RTX 4070 Ti fixture: no cpu_cores, no geolocation
    List<Object> gpuIds = new ArrayList<>(gpus);
    for (int k = 0; k < gpus; k++) gpuIds.add(machine * 8 + k);
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", id);
    o.put("ask_contract_id", id);
    o.put("bundle_id", 1_900_000_000L + id);
    o.put("bundled_results", null);
    o.put("bw_nvlink", gpus > 1 && g.vramMb() > 40_000 ? round(r.nextDouble() * 400, 1) : 0.0);
    o.put("compute_cap", g.computeCap());
    o.put("cpu_arch", "amd64");
    o.put("cpu_cores", sparse ? null : cores);
    o.put("cpu_cores_effective", round(cores * frac, 1));
    o.put("cpu_ghz", round(2.0 + r.nextDouble() * 2.0, 1));
    o.put("cpu_name", r.nextBoolean() ? "AMD EPYC 7543 32-Core Processor" : "Intel Xeon Gold 6338");
    o.put("cpu_ram", 32_000L * (1 + r.nextInt(64)));
    o.put("credit_discount_max", 0.2);
    o.put("cuda_max_good", CUDA[r.nextInt(CUDA.length)]);
    o.put("direct_port_count", r.nextInt(1000));
    o.put("discount_rate", null);
    o.put("discounted_dph_total", dph);
    o.put("discounted_hourly", 0.0);
    o.put("disk_bw", round(500 + r.nextDouble() * 9000, 1));
    o.put("disk_name", "SAMSUNG MZQL27T6HBLA-00A07");
    o.put("disk_space", round(100 + r.nextDouble() * 5000, 1));
    o.put("dlperf", dlperf);
    o.put("dlperf_per_dphtotal", dlperf / dph);
    o.put("dph_base", dphBase);
    o.put("dph_total", dph);
    o.put("dph_total_adj", dph);
    o.put("driver_vers", Long.parseLong(String.join("", driverParts(driver))));
    o.put("driver_version", driver);
    o.put("duration", 86_400.0 * (1 + r.nextInt(180)) + r.nextDouble());
    o.put("end_date", NOW + 86_400.0 * (1 + r.nextInt(180)));
    o.put("expected_reliability", 0.0);
    o.put("external", null);
    o.put("flops_per_dphtotal", flops / dph);
    o.put("geolocation", sparse ? null : PLACES[r.nextInt(PLACES.length)]);
    o.put("geolocode", sparse ? null : 1_000_000 + r.nextInt(1_000_000));
    o.put("gpu_arch", "nvidia");
    o.put("gpu_display_active", false);
    o.put("gpu_frac", frac);
    o.put("gpu_ids", gpuIds);
    o.put("gpu_lanes", 16);
    o.put("gpu_max_power", 300 + 50 * r.nextInt(9));
    o.put("gpu_max_temp", 83);
    o.put("gpu_mem_bw", round(700 + r.nextDouble() * 2200, 1));
    o.put("gpu_name", g.name());
    o.put("gpu_ram", g.vramMb());
    o.put("gpu_total_ram", (long) g.vramMb() * gpus);
    o.put("has_avx", 1);
    o.put("host_id", 100_000 + r.nextInt(200_000));
    o.put("hosting_type", datacenter ? 1 : 0);
    o.put("hostname", null);
    o.put("inet_down", round(100 + r.nextDouble() * 9900, 1));
    o.put("inet_down_cost", 0.00390625);
    o.put("inet_up", round(100 + r.nextDouble() * 9900, 1));
    o.put("inet_up_cost", 0.00390625);
    o.put("instance", price(0, storageTotal, storageTotal));
    o.put("internet_down_cost_per_tb", 4.0);
    o.put("internet_up_cost_per_tb", 4.0);
    o.put("is_bid", false);
    o.put("is_vm_deverified", false);
    o.put("logo", "/static/logos/vastai_small2.png");
    o.put("machine_id", machine);
    o.put("min_bid", round(dphBase * 0.7, 4));
    o.put("mobo_name", "Supermicro H12SSL-i");
    o.put("num_gpus", gpus);
    o.put("os_version", "22.04");
    o.put("pci_gen", 4.0);
    o.put("pcie_bw", round(10 + r.nextDouble() * 40, 1));
    r.nextInt(256); // drawn as before (it chose the host address), so the rest of the generated bodies stay the same
    o.put("public_ipaddr", "127.0.0.1"); // loopback: nothing may ever send traffic off the machine
    o.put("reliability", reliability);
    o.put("reliability2", reliability);
    o.put("reliability_mult", round(reliability * 0.99, 7));
    o.put("rentable", true);
    o.put("rented", false);
    o.put("resource_type", "gpu");
    o.put("rn", rn + 1);
    o.put("score", round(dlperf * reliability * 2, 6));
    o.put("search", price(dphBase, storageTotal, dph));
    o.put("start_date", NOW - 86_400.0 * r.nextInt(60) + r.nextDouble());
    o.put("static_ip", datacenter || r.nextBoolean());
    o.put("storage_cost", storageCost);
    o.put("storage_total_cost", storageTotal);
    o.put("time_remaining", "");
    o.put("time_remaining_isbid", "");
    o.put("total_flops", flops);
    o.put("vericode", 1);
    o.put("verification", "verified");
    o.put("vms_enabled", false);
    o.put("vram_costperhour", dph / ((double) g.vramMb() * gpus / 1024));
    o.put("webpage", null);
    o.put("cluster_id", null);
    o.put("avail_vol_ask_id", r.nextInt(4) == 0 ? null : id + 1);
    o.put("avail_vol_dph", r.nextInt(4) == 0 ? null : 0.000347222);
    o.put("avail_vol_size", r.nextInt(4) == 0 ? null : 1000 + r.nextInt(8000));
    o.put("nw_disk_min_bw", null);
    o.put("nw_disk_max_bw", null);
    o.put("nw_disk_avg_bw", null);
    return o;
  }

  private static Map<String, Object> price(double gpuCost, double disk, double total) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("discountTotalHour", 0);
    m.put("discountedTotalPerHour", total);
    m.put("diskHour", disk);
    m.put("gpuCostPerHour", gpuCost);
    m.put("totalHour", total);
    return m;
  }

  private static String[] driverParts(String driver) {
    String[] p = driver.split("\\.");
    return new String[] {p[0], p.length > 1 ? p[1] : "00", p.length > 2 ? p[2] : "00"};
  }

  private static double round(double v, int places) {
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }
}
