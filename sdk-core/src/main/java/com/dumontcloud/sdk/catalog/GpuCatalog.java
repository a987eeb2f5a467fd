package com.dumontcloud.sdk.catalog;

import com.dumontcloud.sdk.model.GpuModel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical GPU models with memory and relative performance, and the names every provider uses for them.
 *
 * <p>{@link #resolve(String)} turns any provider's spelling into one {@link GpuModel}: Vast ({@code "RTX 4090"},
 * {@code "RTX_4090"}, {@code "H100 SXM"}, {@code "RTX 6000Ada"}), TensorDock ({@code "geforcertx4090-pcie-24gb"},
 * {@code "NVIDIA GeForce RTX 4090 PCIe 24GB"}), Google Cloud ({@code "nvidia-tesla-t4"},
 * {@code "nvidia-h100-mega-80gb"}, {@code "nvidia-l4-vws"}) and NVIDIA's own names as {@code nvidia-smi} prints
 * them ({@code "NVIDIA A100-SXM4-80GB"}, {@code "Tesla T4"}). Names unknown to the catalog pass through, flagged
 * {@link GpuModel#known() unknown}, so new hardware never breaks a search.
 *
 * <p><b>Normalisation.</b> Case is ignored; underscores, dashes, slashes and spaces are equivalent; vendor and
 * marketing words ({@code nvidia}, {@code geforce}, {@code tesla}, {@code quadro}, {@code generation},
 * {@code workstation edition}, {@code vws}, {@code lhr}, ...) are dropped; a memory suffix ({@code 80gb}) and a form
 * factor ({@code pcie}, {@code sxm4}, {@code hbm3}, {@code mega}, {@code nvl}) are read as hints that pick a variant
 * (A100 40GB vs 80GB, H100 SXM vs PCIe vs NVL). A name without hints picks the family's default variant (A100 40GB,
 * H100 SXM, V100 16GB), unless a memory hint is passed to {@link #resolve(String, double)}.
 *
 * <p><b>Relative performance</b> ({@link GpuModel#relativePerformance()}, RTX 4090 = 1.0) is the geometric mean of
 * two published spec-sheet ratios against the RTX 4090: peak dense FP16 tensor throughput (the fastest accumulate mode
 * the card offers; FP32 throughput for GPUs without usable FP16, such as Pascal GeForce and Kepler) and memory
 * bandwidth: {@code sqrt((tflops / 330.3) × (bandwidth / 1008 GB/s))}, rounded to 2 decimals. Compute bounds prefill
 * and training, bandwidth bounds token generation; the mean keeps either from dominating (an H100 SXM scores 3.16, not
 * the 3.0 of FLOPs alone nor the 3.3 of bandwidth alone). It is meant for ranking offers by value, not as a benchmark.
 *
 * <p>Thread-safe and immutable.
 */
public final class GpuCatalog {
  private GpuCatalog() {}

  /** RTX 4090 dense FP16 tensor TFLOPS (FP16 accumulate), the performance reference. */
  static final double REFERENCE_TFLOPS = 330.3;

  /** RTX 4090 memory bandwidth, GB/s. */
  static final double REFERENCE_BANDWIDTH = 1008;

  /** Relative tolerance when a memory hint is compared with a catalog VRAM (drivers report 23.99 GiB for 24). */
  static final double VRAM_TOLERANCE = 0.15;

  /**
   * Everything the catalog knows about one GPU model.
   *
   * @param model the canonical model (name, VRAM GiB, relative performance, known = true)
   * @param architecture NVIDIA architecture name, e.g. "Ada Lovelace"
   * @param computeCapability CUDA compute capability, e.g. 8.9
   * @param fp16Tflops peak dense FP16 tensor TFLOPS used for the performance figure
   * @param memoryBandwidthGbps memory bandwidth, GB/s
   * @param formFactor "sxm", "pcie", "nvl" where the family has variants, else null
   * @param aliases extra names recognised for this model (besides its canonical name)
   */
  public record Spec(
      GpuModel model,
      String architecture,
      double computeCapability,
      double fp16Tflops,
      double memoryBandwidthGbps,
      String formFactor,
      List<String> aliases) {
    public Spec {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(architecture, "architecture");
      aliases = List.copyOf(aliases);
    }

    /** Canonical name, shortcut for {@code model().name()}. */
    public String name() {
      return model.name();
    }
  }

  private static final List<Spec> SPECS = new ArrayList<>();
  private static final Map<String, List<Spec>> BY_BASE = new LinkedHashMap<>();

  static {
    // Order matters inside a family: the first entry is the default variant for a name without hints.
    // Blackwell
    add("RTX 5090", 32, "Blackwell", 12.0, 419.0, 1792, null);
    add("RTX 5080", 16, "Blackwell", 12.0, 225.1, 960, null);
    add("RTX 5070 Ti", 16, "Blackwell", 12.0, 175.8, 896, null);
    add("RTX PRO 6000", 96, "Blackwell", 12.0, 503.8, 1792, null,
        "RTX PRO 6000 WS", "RTX PRO 6000 S", "RTX PRO 6000 Blackwell Workstation Edition",
        "RTX PRO 6000 Blackwell Server Edition", "RTX PRO 6000 Blackwell Max-Q Workstation Edition",
        "nvidia-rtx-pro-6000");
    add("B200", 180, "Blackwell", 10.0, 2250, 8000, null, "nvidia-b200", "B200 SXM6");
    // Hopper
    add("H100 SXM", 80, "Hopper", 9.0, 989.4, 3350, "sxm",
        "H100", "H100 SXM5", "H100 80GB HBM3", "H100 Mega", "nvidia-h100-80gb", "nvidia-h100-mega-80gb");
    add("H100 PCIe", 80, "Hopper", 9.0, 756.0, 2000, "pcie");
    add("H100 NVL", 94, "Hopper", 9.0, 835.5, 3900, "nvl");
    // China-market Hopper parts: H100 silicon with reduced interconnect (H800) or compute (H20)
    add("H800 SXM", 80, "Hopper", 9.0, 989.4, 3350, "sxm", "H800", "H800 SXM5", "H800 80GB HBM3");
    add("H800 PCIe", 80, "Hopper", 9.0, 756.0, 2000, "pcie");
    add("H20", 96, "Hopper", 9.0, 148.0, 4000, null);
    add("H200", 141, "Hopper", 9.0, 989.4, 4800, "sxm", "H200 SXM", "nvidia-h200-141gb");
    add("H200 NVL", 141, "Hopper", 9.0, 835.5, 4800, "nvl");
    // Ada Lovelace
    add("RTX 4090", 24, "Ada Lovelace", 8.9, 330.3, 1008, null);
    add("RTX 4080 Super", 16, "Ada Lovelace", 8.9, 208.9, 736, null, "RTX 4080S");
    add("RTX 4080", 16, "Ada Lovelace", 8.9, 194.9, 716.8, null);
    add("RTX 4070 Ti Super", 16, "Ada Lovelace", 8.9, 176.4, 672, null, "RTX 4070S Ti", "RTX 4070 Ti S");
    add("RTX 4070 Ti", 12, "Ada Lovelace", 8.9, 160.4, 504, null);
    add("RTX 4070 Super", 12, "Ada Lovelace", 8.9, 141.9, 504, null, "RTX 4070S");
    add("RTX 4070", 12, "Ada Lovelace", 8.9, 116.8, 504, null);
    add("RTX 4060 Ti 8GB", 8, "Ada Lovelace", 8.9, 88.4, 288, null, "RTX 4060 Ti");
    add("RTX 4060 Ti 16GB", 16, "Ada Lovelace", 8.9, 88.4, 288, null);
    add("RTX 4060", 8, "Ada Lovelace", 8.9, 60.4, 272, null);
    add("RTX 6000 Ada", 48, "Ada Lovelace", 8.9, 364.2, 960, null, "RTX 6000Ada");
    add("RTX 5000 Ada", 32, "Ada Lovelace", 8.9, 261.0, 576, null, "RTX 5000Ada");
    add("RTX 4000 Ada", 20, "Ada Lovelace", 8.9, 106.9, 360, null, "RTX 4000Ada", "RTX 4000 SFF Ada");
    add("L40S", 48, "Ada Lovelace", 8.9, 362.0, 864, null, "nvidia-l40s");
    add("L40", 48, "Ada Lovelace", 8.9, 181.0, 864, null, "nvidia-l40");
    add("L4", 24, "Ada Lovelace", 8.9, 121.0, 300, null, "nvidia-l4", "nvidia-l4-vws");
    // Ampere
    add("RTX 3090 Ti", 24, "Ampere", 8.6, 160.0, 1008, null);
    add("RTX 3090", 24, "Ampere", 8.6, 142.0, 936, null);
    add("RTX 3080 Ti", 12, "Ampere", 8.6, 136.4, 912, null);
    add("RTX 3080", 10, "Ampere", 8.6, 119.0, 760, null, "RTX 3080 10GB");
    add("RTX 3080 12GB", 12, "Ampere", 8.6, 122.4, 912, null);
    add("RTX 3070 Ti", 8, "Ampere", 8.6, 87.0, 608, null);
    add("RTX 3070", 8, "Ampere", 8.6, 81.3, 448, null);
    add("RTX 3060 Ti", 8, "Ampere", 8.6, 64.8, 448, null);
    add("RTX 3060", 12, "Ampere", 8.6, 51.2, 360, null, "RTX 3060 12GB");
    add("RTX 3060 8GB", 8, "Ampere", 8.6, 51.2, 240, null);
    add("RTX A6000", 48, "Ampere", 8.6, 154.8, 768, null, "A6000");
    add("RTX A5000", 24, "Ampere", 8.6, 111.1, 768, null, "A5000");
    add("RTX A4500", 20, "Ampere", 8.6, 94.6, 640, null, "A4500");
    add("RTX A4000", 16, "Ampere", 8.6, 76.7, 448, null, "A4000");
    add("RTX A2000", 12, "Ampere", 8.6, 32.0, 288, null, "A2000");
    add("A40", 48, "Ampere", 8.6, 149.7, 696, null);
    add("A10", 24, "Ampere", 8.6, 125.0, 600, null);
    // AWS's variant of the A10 (same GA102 configuration); treated as an A10.
    add("A10G", 24, "Ampere", 8.6, 125.0, 600, null);
    add("A30", 24, "Ampere", 8.0, 165.0, 933, null);
    add("A100 40GB", 40, "Ampere", 8.0, 312.0, 1555, null,
        "A100", "A100 SXM4", "A100 PCIe", "nvidia-tesla-a100");
    add("A100 80GB", 80, "Ampere", 8.0, 312.0, 2039, null, "A100X", "nvidia-a100-80gb");
    // China-market A100 (reduced NVLink): same compute and memory
    add("A800 40GB", 40, "Ampere", 8.0, 312.0, 1555, null, "A800", "A800 PCIe", "A800 SXM4");
    add("A800 80GB", 80, "Ampere", 8.0, 312.0, 2039, null);
    // Turing
    add("RTX 2080 Ti", 11, "Turing", 7.5, 107.6, 616, null);
    add("RTX 2080 Super", 8, "Turing", 7.5, 89.2, 496, null, "RTX 2080S");
    add("RTX 2080", 8, "Turing", 7.5, 80.5, 448, null);
    add("RTX 2070 Super", 8, "Turing", 7.5, 72.5, 448, null, "RTX 2070S");
    add("RTX 2070", 8, "Turing", 7.5, 59.7, 448, null);
    add("RTX 2060 Super", 8, "Turing", 7.5, 57.4, 448, null, "RTX 2060S");
    add("RTX 2060", 6, "Turing", 7.5, 51.6, 336, null);
    add("Titan RTX", 24, "Turing", 7.5, 130.5, 672, null);
    add("Quadro RTX 8000", 48, "Turing", 7.5, 130.5, 672, null, "Q RTX 8000");
    add("Quadro RTX 6000", 24, "Turing", 7.5, 130.5, 672, null, "Q RTX 6000");
    add("T4", 16, "Turing", 7.5, 65.0, 320, null, "nvidia-tesla-t4", "nvidia-tesla-t4-vws");
    // Volta
    add("Titan V", 12, "Volta", 7.0, 110.0, 652.8, null);
    add("V100", 16, "Volta", 7.0, 125.0, 900, null, "nvidia-tesla-v100", "V100 16GB");
    add("V100 32GB", 32, "Volta", 7.0, 125.0, 900, null);
    // Pascal: no tensor cores and crippled FP16 on GeForce parts, so FP32 throughput is the compute figure.
    add("GTX 1080 Ti", 11, "Pascal", 6.1, 11.3, 484, null);
    add("GTX 1080", 8, "Pascal", 6.1, 8.9, 320, null);
    add("GTX 1070", 8, "Pascal", 6.1, 6.5, 256, null);
    add("P100", 16, "Pascal", 6.0, 18.7, 732, null, "nvidia-tesla-p100");
    add("P40", 24, "Pascal", 6.1, 11.8, 346, null);
    add("P4", 8, "Pascal", 6.1, 5.5, 192, null, "nvidia-tesla-p4");
    add("Quadro P4000", 8, "Pascal", 6.1, 5.3, 243, null);
    add("Quadro P2000", 5, "Pascal", 6.1, 3.0, 140, null);
    // Kepler (per GPU of the dual-GPU board, as GCP sells it)
    add("K80", 12, "Kepler", 3.7, 4.37, 240, null, "nvidia-tesla-k80");
    // Names several generations share, told apart by memory: a bare "RTX 6000" is the Turing Quadro (24 GB) unless
    // the provider reports 48 GB (the Ada card; the Ampere one is always called "A6000")
    alsoKnownAs("RTX 6000", "RTX 6000 Ada");
  }

  /** Puts {@code spec} into the family of {@code name} after its own members (they stay the default). */
  private static void alsoKnownAs(String name, String canonical) {
    Spec spec = SPECS.stream().filter(s -> s.name().equals(canonical)).findFirst().orElseThrow();
    index(name, spec);
  }

  private static void add(String name, double vramGib, String arch, double cc, double tflops, double bandwidth,
      String form, String... aliases) {
    double perf = Math.sqrt((tflops / REFERENCE_TFLOPS) * (bandwidth / REFERENCE_BANDWIDTH));
    double rounded = BigDecimal.valueOf(perf).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    List<String> all = new ArrayList<>(List.of(aliases));
    Matcher geforce = Pattern.compile("^(?:RTX|GTX) (\\d{4}.*)$").matcher(name);
    if (geforce.matches()) all.add(geforce.group(1)); // "4090", "3080 Ti"
    Spec spec = new Spec(new GpuModel(name, vramGib, rounded, true), arch, cc, tflops, bandwidth, form, all);
    SPECS.add(spec);
    index(name, spec);
    for (String alias : all) index(alias, spec);
  }

  private static void index(String alias, Spec spec) {
    String base = Parsed.of(alias).base;
    if (base.isEmpty()) throw new IllegalStateException("alias without a model name: " + alias);
    List<Spec> list = BY_BASE.computeIfAbsent(base, k -> new ArrayList<>());
    if (!list.contains(spec)) list.add(spec);
  }

  /** Every canonical model, newest architecture first. */
  public static List<GpuModel> all() {
    return SPECS.stream().map(Spec::model).toList();
  }

  /** Every catalog entry with its spec-sheet figures and aliases. */
  public static List<Spec> specs() {
    return Collections.unmodifiableList(SPECS);
  }

  /** The catalog entry for any known spelling, or empty for an unknown name. */
  public static Optional<Spec> spec(String name) {
    return Optional.ofNullable(lookup(name, 0));
  }

  /**
   * The canonical model for any provider's name. Unknown names pass through unchanged (trimmed), flagged unknown;
   * a null or blank name gives {@code GpuModel.unknown(null)}; {@code "CPU"} gives {@link GpuModel#NONE}.
   */
  public static GpuModel resolve(String name) {
    return resolve(name, 0);
  }

  /**
   * Like {@link #resolve(String)}, using the memory the provider reports per GPU to pick a variant the name leaves
   * open: Vast calls both A100 variants {@code "A100 SXM4"}; with {@code vramGibHint = 79.6} this returns
   * "A100 80GB". A memory suffix in the name wins over the hint. The hint never makes a known name unknown.
   *
   * @param vramGibHint memory per GPU in GiB as reported, or 0 for none
   */
  public static GpuModel resolve(String name, double vramGibHint) {
    if (name == null || name.isBlank()) return GpuModel.unknown(null);
    String trimmed = name.trim();
    if (trimmed.equalsIgnoreCase("cpu") || trimmed.equalsIgnoreCase("none")) return GpuModel.NONE;
    Spec spec = lookup(trimmed, vramGibHint);
    return spec == null ? GpuModel.unknown(trimmed) : spec.model();
  }

  /**
   * The models a (possibly ambiguous) name can denote, for matching a query against offers: {@code "A100"} and
   * Vast's {@code "A100 SXM4"} denote both A100 variants, {@code "H100"} all three H100 variants,
   * {@code "H100 PCIe"} and {@code "A100 80GB"} exactly one. Empty for unknown names.
   */
  public static List<GpuModel> candidates(String name) {
    if (name == null || name.isBlank()) return List.of();
    Parsed p = Parsed.of(name);
    List<Spec> family = BY_BASE.get(p.base);
    if (family == null) return List.of();
    List<GpuModel> out = family.stream().filter(s -> compatible(s, p.form, p.vram)).map(Spec::model).toList();
    return out.isEmpty() ? List.of(lookup(name, 0).model()) : out;
  }

  /**
   * True when a name typed by a user (or found in a query) denotes the given model. Known names compare through
   * {@link #candidates(String)}; an unknown offer GPU compares by normalised spelling, so {@code "RTX_9999"} still
   * matches an unknown {@code "RTX 9999"}.
   */
  public static boolean sameModel(String name, GpuModel gpu) {
    if (name == null || gpu == null) return false;
    if (gpu.known()) {
      if (gpu.isCpuOnly()) return name.trim().equalsIgnoreCase("cpu") || name.trim().equalsIgnoreCase("none");
      return candidates(name).stream().anyMatch(m -> m.name().equals(gpu.name()));
    }
    return !BY_BASE.containsKey(Parsed.of(name).base) && normalize(name).equals(normalize(gpu.name()));
  }

  /**
   * The normalised comparison key of a name: lower case, vendor words dropped, separators removed, with the form
   * factor and memory hints appended ({@code "NVIDIA A100-SXM4-80GB"} → {@code "a100/sxm/80"}).
   */
  public static String normalize(String name) {
    Parsed p = Parsed.of(name == null ? "" : name);
    return p.base + (p.form == null ? "" : "/" + p.form) + (p.vram == null ? "" : "/" + fmt(p.vram));
  }

  private static String fmt(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static Spec lookup(String name, double vramGibHint) {
    if (name == null || name.isBlank()) return null;
    Parsed p = Parsed.of(name);
    List<Spec> family = BY_BASE.get(p.base);
    if (family == null) return null;
    Double vram = p.vram != null ? p.vram : vramGibHint > 0 ? Double.valueOf(vramGibHint) : null;
    List<Spec> pool = family.stream().filter(s -> compatible(s, p.form, vram)).toList();
    if (pool.isEmpty()) pool = family.stream().filter(s -> compatible(s, p.form, null)).toList();
    if (pool.isEmpty()) pool = family;
    Spec best = null;
    int bestScore = -1;
    double bestGap = Double.MAX_VALUE;
    for (Spec s : pool) {
      int score = (p.form != null && p.form.equals(s.formFactor()) ? 2 : 0)
          + (vram != null && close(vram, s.model().vramGib()) ? 1 : 0);
      // among equals, the variant whose memory is nearest the reported one (11 GiB: the 10 GB, not the 12 GB card)
      double gap = vram == null ? 0 : Math.abs(vram - s.model().vramGib());
      if (score > bestScore || (score == bestScore && gap < bestGap)) {
        best = s;
        bestScore = score;
        bestGap = gap;
      }
    }
    return best;
  }

  private static boolean compatible(Spec s, String form, Double vram) {
    boolean formOk = form == null || s.formFactor() == null || form.equals(s.formFactor());
    boolean vramOk = vram == null || close(vram, s.model().vramGib());
    return formOk && vramOk;
  }

  private static boolean close(double actual, double nominal) {
    return Math.abs(actual - nominal) <= VRAM_TOLERANCE * nominal;
  }

  /** A name split into its model key and the hints read from it. */
  static final class Parsed {
    private static final Pattern VRAM = Pattern.compile("^(\\d+(?:\\.\\d+)?)(?:gb|gib|g)$");
    private static final Set<String> SXM = Set.of("sxm", "sxm2", "sxm3", "sxm4", "sxm5", "sxm6", "hbm3", "hbm3e",
        "mega");
    private static final Set<String> PCIE = Set.of("pcie", "pci");
    private static final Set<String> NVL = Set.of("nvl", "nvlink");
    private static final Set<String> NOISE = Set.of("nvidia", "geforce", "tesla", "quadro", "gpu", "vws", "lhr",
        "edition", "workstation", "ws", "generation", "gen", "blackwell", "server", "virtual", "graphics", "card",
        "hopper", "ampere", "lovelace", "turing", "volta", "pascal");
    private static final List<String> PREFIXES = List.of("nvidia", "geforce", "tesla", "quadro");

    final String base;
    final String form;
    final Double vram;

    private Parsed(String base, String form, Double vram) {
      this.base = base;
      this.form = form;
      this.vram = vram;
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, Parsed> CACHE =
        new java.util.concurrent.ConcurrentHashMap<>();

    /** Parses a name; results are cached (offer lists repeat the same few names thousands of times). */
    static Parsed of(String raw) {
      Parsed cached = CACHE.get(raw);
      if (cached != null) return cached;
      Parsed p = parse(raw);
      if (CACHE.size() > 10_000) CACHE.clear(); // bounded: provider names are few, arbitrary input is not
      CACHE.put(raw, p);
      return p;
    }

    private static Parsed parse(String raw) {
      String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", " ").trim();
      StringBuilder base = new StringBuilder();
      String form = null;
      Double vram = null;
      for (String t : s.isEmpty() ? new String[0] : s.split(" ")) {
        t = t.replaceAll("^\\.+|\\.+$", "");
        if (t.isEmpty()) continue;
        Matcher m = VRAM.matcher(t);
        if (m.matches()) {
          vram = Double.valueOf(m.group(1));
          continue;
        }
        if (SXM.contains(t)) {
          form = "sxm";
          continue;
        }
        if (PCIE.contains(t)) {
          form = "pcie";
          continue;
        }
        if (NVL.contains(t)) {
          form = "nvl";
          continue;
        }
        if (NOISE.contains(t)) continue;
        boolean stripped = true;
        while (stripped) {
          stripped = false;
          for (String prefix : PREFIXES) {
            if (t.startsWith(prefix) && t.length() > prefix.length()) {
              t = t.substring(prefix.length());
              stripped = true;
            }
          }
        }
        base.append(t.replace(".", ""));
      }
      String b = base.toString();
      if (b.endsWith("lhr") && b.length() > 3) b = b.substring(0, b.length() - 3); // rtx3060tilhr
      return new Parsed(b, form, vram);
    }
  }
}
