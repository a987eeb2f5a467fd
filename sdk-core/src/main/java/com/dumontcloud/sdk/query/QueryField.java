package com.dumontcloud.sdk.query;

import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.pricing.FxRates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A filterable field of the query language: its canonical name, value type, aliases and how to read it from an
 * {@link Offer}. Field names follow Vast ({@code vastai search offers}); aliases cover Vast's API names and the CLI's
 * short forms.
 */
record QueryField(String name, Type type, List<String> aliases, Function<Offer, Object> reader, String help) {

  /** Value type of a field, which decides the operators and literals it accepts. */
  enum Type {
    /** Compared numerically; = != > >= < <= in notin. */
    NUMBER,
    /** Compared as text (case-insensitive, GPU names canonically); = != in notin. */
    STRING,
    /** true/false; = != only. */
    BOOLEAN,
    /**
     * A provider-side scope control (Vast's {@code external}, {@code datacenter}): sent to the provider, never a
     * reason to drop an offer locally.
     */
    SCOPE
  }

  private static final Map<String, QueryField> BY_NAME = new LinkedHashMap<>();
  private static final Map<String, QueryField> CANONICAL = new LinkedHashMap<>();

  static {
    // numbers the Offer model carries
    num("num_gpus", o -> (double) o.gpuCount(), "GPUs in the offer", "gpu_count", "gpus");
    num("gpu_ram", QueryField::nominalGpuRam, "GiB per GPU", "gpu_memory", "vram", "gpu_ram_gib");
    num("gpu_total_ram", o -> nominalGpuRam(o) * o.gpuCount(), "GiB over all GPUs", "gpu_totalram");
    num("dph", o -> usd(o.pricePerHour()), "$/h for the whole offer", "dph_total", "price", "price_per_hour");
    num("min_bid", o -> o.minBid() == null ? null : usd(o.minBid()), "minimum spot bid $/h");
    num("reliability", Offer::reliability, "0..1", "reliability2");
    num("cpu_cores", Offer::vcpus, "vCPUs you get", "cpu_cores_effective", "vcpus", "cpus");
    num("cpu_ram", Offer::ramGib, "system RAM GiB", "ram");
    num("disk_space", Offer::diskGib, "disk GiB", "disk");
    num("inet_up", Offer::netUpMbps, "upload Mbit/s");
    num("inet_down", Offer::netDownMbps, "download Mbit/s");
    num("cuda_vers", Offer::cudaVersion, "max CUDA version", "cuda_max_good", "cuda");
    // numbers only some providers report: read from the offer's raw attributes (provider units)
    for (String attr : List.of("dlperf", "score", "total_flops", "compute_cap", "gpu_mem_bw", "pcie_bw", "pci_gen",
        "cpu_ghz", "disk_bw", "direct_port_count", "bw_nvlink", "gpu_frac", "inet_up_cost", "inet_down_cost",
        "storage_cost", "hosting_type", "gpu_max_power", "gpu_max_temp")) {
      num(attr, o -> attrNumber(o, attr), "provider attribute '" + attr + "'");
    }
    field("dlperf_per_dphtotal", Type.NUMBER, o -> attrNumber(o, "dlperf_per_dphtotal"), "DL perf per $/h",
        "dlperf_usd");
    field("flops_per_dphtotal", Type.NUMBER, o -> attrNumber(o, "flops_per_dphtotal"), "TFLOPS per $/h",
        "flops_usd");
    // text
    field("gpu_name", Type.STRING, o -> o.gpu().name(), "GPU model, any provider's spelling", "gpu", "gpu_model");
    field("geolocation", Type.STRING, o -> o.location().country(), "country code, or EU, EUROPE, ASIA, NORTH_AMERICA, LATAM, OCEANIA",
        "country");
    field("region", Type.STRING, o -> o.location().region(), "provider region");
    field("zone", Type.STRING, o -> o.location().zone(), "zone or city");
    field("provider", Type.STRING, Offer::providerId, "provider id", "provider_id");
    field("id", Type.STRING, Offer::id, "offer id", "ask_contract_id", "offer_id");
    field("host_id", Type.STRING, Offer::hostId, "physical host id");
    field("machine_id", Type.STRING, Offer::machineId, "machine id");
    field("cpu_arch", Type.STRING, o -> attrText(o, "cpu_arch"), "amd64 / arm64");
    field("gpu_arch", Type.STRING, o -> attrText(o, "gpu_arch"), "nvidia / amd");
    field("verification", Type.STRING, o -> attrText(o, "verification"), "verified / unverified / deverified");
    // booleans
    field("verified", Type.BOOLEAN, o -> o.verified(), "host verified by the provider");
    field("rentable", Type.BOOLEAN, o -> attrBoolean(o, "rentable", Boolean.TRUE), "offer can be rented now");
    field("static_ip", Type.BOOLEAN, o -> attrBoolean(o, "static_ip", null), "host has a static IP");
    field("vms_enabled", Type.BOOLEAN, o -> attrBoolean(o, "vms_enabled", null), "VM instances possible");
    field("gpu_display_active", Type.BOOLEAN, o -> attrBoolean(o, "gpu_display_active", null),
        "a display is attached", "display_active");
    field("interruptible", Type.BOOLEAN, o -> o.interruptible(), "spot / interruptible offer", "spot");
    // provider-side scope controls
    field("external", Type.SCOPE, o -> null, "Vast scope control (not checked locally)");
    field("datacenter", Type.SCOPE, o -> null, "Vast scope control (not checked locally)");
    field("rented", Type.SCOPE, o -> null, "Vast scope control: allow machines you already rent (not checked locally)");
  }

  private static void num(String name, Function<Offer, Object> reader, String help, String... aliases) {
    field(name, Type.NUMBER, reader, help, aliases);
  }

  private static void field(String name, Type type, Function<Offer, Object> reader, String help,
      String... aliases) {
    QueryField f = new QueryField(name, type, List.of(aliases), reader, help);
    CANONICAL.put(name, f);
    BY_NAME.put(name, f);
    for (String a : aliases) BY_NAME.put(a, f);
  }

  /** The field for a name or alias (case-insensitive), or null. */
  static QueryField lookup(String nameOrAlias) {
    return nameOrAlias == null ? null : BY_NAME.get(nameOrAlias.toLowerCase(Locale.ROOT));
  }

  /** Every name and alias the parser accepts, including the non-filter keys. */
  static List<String> acceptedNames() {
    List<String> all = new ArrayList<>(BY_NAME.keySet());
    all.addAll(QueryParser.CONTROL_KEYS);
    Collections.sort(all);
    return all;
  }

  /** Canonical fields in declaration order. */
  static List<QueryField> canonical() {
    return List.copyOf(CANONICAL.values());
  }

  /** The value of this field on an offer: Double, String or Boolean; null when the offer does not say. */
  Object read(Offer offer) {
    return reader.apply(offer);
  }

  /**
   * GPU memory as the catalog knows it when the reported figure is within 15 % of it: drivers report 23.99 GiB for a
   * 24 GB RTX 4090 and 15 GiB for a 16 GB T4, and {@code gpu_ram>=24} should still match. Otherwise the reported
   * figure (an 80 GB card resolved as "A100 40GB" keeps its 80).
   */
  static double nominalGpuRam(Offer o) {
    double reported = o.gpuRamGib();
    double nominal = o.gpu().known() ? o.gpu().vramGib() : 0;
    if (nominal <= 0) return reported;
    if (reported <= 0) return nominal;
    return Math.abs(reported - nominal) <= 0.15 * nominal ? Math.max(reported, nominal) : reported;
  }

  static Double usd(Money m) {
    if (m.currency().equals("USD")) return m.doubleValue();
    FxRates fx = FxRates.staticDefault();
    return fx.supports(m.currency()) ? fx.convert(m, "USD").doubleValue() : m.doubleValue();
  }

  private static Double attrNumber(Offer o, String key) {
    Object v = o.attributes().get(key);
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof String s) {
      try {
        return Double.valueOf(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static String attrText(Offer o, String key) {
    Object v = o.attributes().get(key);
    return v == null ? null : v.toString();
  }

  private static Boolean attrBoolean(Offer o, String key, Boolean absent) {
    Object v = o.attributes().get(key);
    if (v instanceof Boolean b) return b;
    if (v instanceof Number n) return n.doubleValue() != 0;
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.valueOf(s);
    }
    return absent;
  }
}
