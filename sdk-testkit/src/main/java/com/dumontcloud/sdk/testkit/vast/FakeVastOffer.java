package com.dumontcloud.sdk.testkit.vast;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds a Vast offer object with the full field set of {@code POST /api/v0/bundles/} answers and internally
 * consistent numbers ({@code dph_total = dph_base + allocated_storage × storage_cost / 720}, with the CLI's 5 GB
 * allocated storage). Units are Vast's: memory in MB, disk in GB, prices in $/h, network in Mbit/s.
 *
 * <pre>{@code
 * fake.addOffer(FakeVastOffer.builder().gpuName("RTX 4090").dphTotal(0.35).minBid(0.2).geolocation("Texas, US"));
 * }</pre>
 */
public final class FakeVastOffer {
  private static final AtomicLong IDS = new AtomicLong(26_000_000);
  private static final double ALLOCATED_STORAGE_GB = 5.0;

  private long id = IDS.incrementAndGet();
  private String gpuName = "RTX 4090";
  private int numGpus = 1;
  private int gpuRamMb = 24564;
  private double dphTotal = 0.35;
  private double minBid = 0.2;
  private double storageCost = 0.1;
  private double diskSpaceGb = 500;
  private String geolocation = "Texas, US";
  private long machineId = 50_000 + id % 10_000;
  private long hostId = 200_000 + id % 10_000;
  private double reliability = 0.995;
  private boolean verified = true;
  private Integer cpuCores = 32;
  private double cpuCoresEffective = 32;
  private int cpuRamMb = 128_000;
  private double inetUp = 900;
  private double inetDown = 1500;
  private double cudaMaxGood = 12.8;
  private String publicIp = FakeVastServer.LOOPBACK;
  private final Map<String, Object> extra = new LinkedHashMap<>();

  private FakeVastOffer() {}

  public static FakeVastOffer builder() {
    return new FakeVastOffer();
  }

  public FakeVastOffer id(long v) { id = v; return this; }
  /** The GPU model; null for a CPU-only offer (see {@link #cpuOnly()}). */
  public FakeVastOffer gpuName(String v) { gpuName = v; return this; }
  /** A CPU-only offer: {@code num_gpus} 0, {@code gpu_name} null, no GPU memory. */
  public FakeVastOffer cpuOnly() { gpuName = null; numGpus = 0; gpuRamMb = 0; return this; }
  public FakeVastOffer numGpus(int v) { numGpus = v; return this; }
  /** Per-GPU memory in MB as Vast reports it (24564 for an RTX 4090). */
  public FakeVastOffer gpuRamMb(int v) { gpuRamMb = v; return this; }
  /** Total price per hour, storage included (what {@code dph_total} shows). */
  public FakeVastOffer dphTotal(double v) { dphTotal = v; return this; }
  /** Minimum interruptible bid, $/h. */
  public FakeVastOffer minBid(double v) { minBid = v; return this; }
  /** $/GB/month. */
  public FakeVastOffer storageCost(double v) { storageCost = v; return this; }
  public FakeVastOffer diskSpaceGb(double v) { diskSpaceGb = v; return this; }
  /** {@code "Region, CC"}, or null. */
  public FakeVastOffer geolocation(String v) { geolocation = v; return this; }
  public FakeVastOffer machineId(long v) { machineId = v; return this; }
  public FakeVastOffer hostId(long v) { hostId = v; return this; }
  public FakeVastOffer reliability(double v) { reliability = v; return this; }
  public FakeVastOffer verified(boolean v) { verified = v; return this; }
  /** Whole machine's vCPUs, or null (Vast sometimes sends null). */
  public FakeVastOffer cpuCores(Integer v) { cpuCores = v; return this; }
  public FakeVastOffer cpuCoresEffective(double v) { cpuCoresEffective = v; return this; }
  /** Whole machine's RAM in MB. */
  public FakeVastOffer cpuRamMb(int v) { cpuRamMb = v; return this; }
  public FakeVastOffer inet(double upMbps, double downMbps) { inetUp = upMbps; inetDown = downMbps; return this; }
  public FakeVastOffer cudaMaxGood(double v) { cudaMaxGood = v; return this; }
  /**
   * The host address instances on this offer report as {@code public_ipaddr}; {@code 127.0.0.1} by default. Keep it
   * a loopback address: code under test (health probes, SSH) connects to it.
   */
  public FakeVastOffer publicIp(String v) { publicIp = v; return this; }
  /** Any other raw field. */
  public FakeVastOffer set(String field, Object value) { extra.put(field, value); return this; }

  public long id() {
    return id;
  }

  /** The raw offer object. */
  public Map<String, Object> toMap() {
    double storageTotal = ALLOCATED_STORAGE_GB * storageCost / 720.0;
    double dphBase = Math.max(0, dphTotal - storageTotal);
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", id);
    o.put("ask_contract_id", id);
    o.put("bundle_id", 1_900_000_000L + id % 100_000_000L);
    o.put("bundled_results", null);
    o.put("bw_nvlink", numGpus > 1 ? 100.0 : 0.0);
    o.put("compute_cap", 890L);
    o.put("cpu_arch", "amd64");
    o.put("cpu_cores", cpuCores == null ? null : (Object) (long) cpuCores);
    o.put("cpu_cores_effective", cpuCoresEffective);
    o.put("cpu_ghz", 4.2);
    o.put("cpu_name", "AMD EPYC 7B13");
    o.put("cpu_ram", (long) cpuRamMb);
    o.put("cuda_max_good", cudaMaxGood);
    o.put("direct_port_count", 100L);
    o.put("discount_rate", null);
    o.put("disk_bw", 3000.0);
    o.put("disk_name", "NVMe");
    o.put("disk_space", diskSpaceGb);
    o.put("dlperf", 100.0 * numGpus);
    o.put("dlperf_per_dphtotal", 100.0 * numGpus / Math.max(dphTotal, 1e-6));
    o.put("dph_base", dphBase);
    o.put("dph_total", dphTotal);
    o.put("driver_version", "570.124.04");
    o.put("driver_vers", 570124004L);
    o.put("duration", 2_592_000.0);
    o.put("external", null);
    o.put("flops_per_dphtotal", 80.0 * numGpus / Math.max(dphTotal, 1e-6));
    o.put("geolocation", geolocation);
    o.put("gpu_arch", "nvidia");
    o.put("gpu_display_active", false);
    o.put("gpu_frac", 1.0);
    o.put("gpu_max_power", 450L);
    o.put("gpu_mem_bw", 1000.0);
    o.put("gpu_name", gpuName);
    o.put("gpu_ram", (long) gpuRamMb);
    o.put("gpu_total_ram", (long) gpuRamMb * numGpus);
    o.put("has_avx", 1L);
    o.put("host_id", hostId);
    o.put("hosting_type", 0L);
    o.put("inet_down", inetDown);
    o.put("inet_up", inetUp);
    o.put("instance", Map.of("gpuCostPerHour", 0L, "diskHour", storageTotal, "totalHour", storageTotal,
        "discountTotalHour", 0L, "discountedTotalPerHour", storageTotal));
    o.put("is_bid", false);
    o.put("machine_id", machineId);
    o.put("min_bid", minBid);
    o.put("num_gpus", (long) numGpus);
    o.put("os_version", "22.04");
    o.put("pci_gen", 4.0);
    o.put("public_ipaddr", publicIp);
    o.put("reliability", reliability);
    o.put("reliability2", reliability);
    o.put("rentable", true);
    o.put("rented", false);
    o.put("resource_type", numGpus == 0 ? "cpu" : "gpu");
    o.put("score", 100.0 * numGpus * reliability);
    o.put("search", Map.of("gpuCostPerHour", dphBase, "diskHour", storageTotal, "totalHour", dphTotal,
        "discountTotalHour", 0L, "discountedTotalPerHour", dphTotal));
    o.put("static_ip", false);
    o.put("storage_cost", storageCost);
    o.put("storage_total_cost", storageTotal);
    o.put("total_flops", 80.0 * numGpus);
    o.put("verification", verified ? "verified" : "unverified");
    o.put("verified", verified);
    o.put("vms_enabled", false);
    o.put("gpu_ids", List.of());
    o.putAll(extra);
    return o;
  }
}
