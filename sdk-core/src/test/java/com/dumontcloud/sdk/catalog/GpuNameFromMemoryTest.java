package com.dumontcloud.sdk.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.model.GpuModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 12: every model sold in several memory sizes is named from the provider's name and the memory it reports
 * (an "A100 SXM4" with 81,920 MB is an A100 80GB, not an A100 40GB).
 */
class GpuNameFromMemoryTest {

  @ParameterizedTest(name = "{0} with {1} MB -> {2}")
  @CsvSource({
      // Vast's names with Vast's gpu_ram (MB)
      "A100 SXM4, 81920, A100 80GB",
      "A100 SXM4, 40960, A100 40GB",
      "A100 PCIE, 81920, A100 80GB",
      "A100 PCIE, 40960, A100 40GB",
      "A100X, 81920, A100 80GB",
      "H100 SXM, 81559, H100 SXM",
      "H100 PCIE, 81559, H100 PCIe",
      "H100 NVL, 95830, H100 NVL",
      "H100, 95830, H100 NVL",
      "H100, 81559, H100 SXM",
      "H800 SXM, 81559, H800 SXM",
      "H800 PCIE, 81559, H800 PCIe",
      "A800 PCIE, 81920, A800 80GB",
      "A800 PCIE, 40960, A800 40GB",
      "Tesla V100, 16384, V100",
      "Tesla V100, 32768, V100 32GB",
      "V100 SXM2, 32768, V100 32GB",
      "RTX A6000, 49140, RTX A6000",
      "A6000, 49140, RTX A6000",
      "RTX 6000Ada, 49140, RTX 6000 Ada",
      "RTX 6000, 49140, RTX 6000 Ada",
      "RTX 6000, 24576, Quadro RTX 6000",
      "Q RTX 6000, 24576, Quadro RTX 6000",
      "L40, 46068, L40",
      "L40S, 46068, L40S",
      "RTX 4060 Ti, 8188, RTX 4060 Ti 8GB",
      "RTX 4060 Ti, 16380, RTX 4060 Ti 16GB",
      "RTX 3080, 10240, RTX 3080",
      "RTX 3080, 12288, RTX 3080 12GB",
      "RTX 3060, 12288, RTX 3060",
      "RTX 3060, 8192, RTX 3060 8GB",
      "H200, 143771, H200",
      "RTX 4090, 24564, RTX 4090",
      // names that carry their memory: the name wins over a missing or odd report
      "A100 80GB, 0, A100 80GB",
      "NVIDIA A100-SXM4-80GB, 0, A100 80GB",
      "NVIDIA A100-SXM4-40GB, 0, A100 40GB",
      "a100-pcie-80gb, 40960, A100 80GB",
      "nvidia-tesla-a100, 0, A100 40GB",
      "nvidia-a100-80gb, 0, A100 80GB",
      "nvidia-h100-80gb, 0, H100 SXM",
      "NVIDIA H100 NVL, 0, H100 NVL",
      "Tesla V100-PCIE-32GB, 0, V100 32GB",
      "NVIDIA GeForce RTX 4060 Ti 16GB, 0, RTX 4060 Ti 16GB",
      // no memory reported: the family's first variant
      "A100 SXM4, 0, A100 40GB",
      "H100, 0, H100 SXM",
      "V100, 0, V100",
      "RTX 4060 Ti, 0, RTX 4060 Ti 8GB"})
  void resolve_nameAndReportedMemory_picksTheVariant(String name, long mb, String canonical) {
    GpuModel m = GpuCatalog.resolve(name, mb / 1024.0);

    assertThat(m.name()).isEqualTo(canonical);
    assertThat(m.known()).isTrue();
  }

  @Test
  void everyVariantFamily_eachMemorySizeResolvesToItsOwnEntry() {
    // for every catalog name, reporting that entry's own memory gives that entry back
    for (GpuCatalog.Spec spec : GpuCatalog.specs()) {
      assertThat(GpuCatalog.resolve(spec.name(), spec.model().vramGib()).name()).as(spec.name())
          .isEqualTo(spec.name());
    }
  }

  // ------------------------------------------------------------------------------------------ shared fixtures

  private static final Pattern NAME_MEMORY = Pattern.compile("(\\d+)\\s*gb\\b", Pattern.CASE_INSENSITIVE);

  /**
   * Every GPU in {@code ../shared/fixtures} (Vast offers and instances with their {@code gpu_ram}, TensorDock GPU
   * names with their memory suffix, GCP accelerator types with their descriptions) is named with its memory size.
   */
  @Test
  void resolve_everyGpuInSharedFixtures_hasTheReportedMemory() throws IOException {
    Path fixtures = sharedDir().resolve("fixtures");
    assumeTrue(Files.isDirectory(fixtures), "shared fixtures not found at " + fixtures
        + " (set -Ddumont.shared.dir); skipping the fixture GPU names");
    List<String[]> cases = new ArrayList<>(); // name, reported GiB (or ""), source
    try (Stream<Path> files = Files.walk(fixtures)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        Object tree;
        try {
          tree = MoshiJsonCodec.get().parse(Files.readString(f));
        } catch (RuntimeException notJson) {
          continue;
        }
        collect(tree, f.getFileName().toString(), cases);
      }
    }
    assertThat(cases).as("GPU names found in the fixtures").hasSizeGreaterThan(20);
    for (String[] c : cases) {
      String name = c[0];
      double gib = c[1].isEmpty() ? memoryInName(name) : Double.parseDouble(c[1]);
      GpuModel m = GpuCatalog.resolve(name, gib);
      assertThat(m.known()).as("%s in %s", name, c[2]).isTrue();
      if (gib > 0) {
        assertThat(Math.abs(m.vramGib() - gib)).as("%s with %s GiB in %s resolved as %s", name, gib, c[2], m.name())
            .isLessThanOrEqualTo(GpuCatalog.VRAM_TOLERANCE * m.vramGib());
      }
    }
  }

  private static void collect(Object v, String file, List<String[]> out) {
    if (v instanceof Map<?, ?> m) {
      Object name = m.get("gpu_name");
      if (name instanceof String n && !n.isBlank() && m.get("gpu_ram") instanceof Number mb && mb.doubleValue() > 0) {
        out.add(new String[] {n, String.valueOf(mb.doubleValue() / 1024), file});
      }
      if (m.get("v0Name") instanceof String n) out.add(new String[] {n, "", file});
      if (m.get("name") instanceof String n && n.startsWith("nvidia-") && m.get("description") instanceof String d) {
        out.add(new String[] {n, "", file});
        // GCP's description names the same model ("NVIDIA A100 80GB" for nvidia-a100-80gb)
        assertThat(GpuCatalog.resolve(d).name()).as("%s described as '%s' in %s", n, d, file)
            .isEqualTo(GpuCatalog.resolve(n).name());
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = String.valueOf(e.getKey());
        if (k.matches("[a-z0-9]+-(?:pcie|sxm\\d?)-\\d+gb")) {
          Object vram = e.getValue() instanceof Map<?, ?> g ? g.get("vram") : null;
          out.add(new String[] {k, vram instanceof Number n ? String.valueOf(n.doubleValue()) : "", file});
        }
        collect(e.getValue(), file, out);
      }
    } else if (v instanceof List<?> l) {
      for (Object o : l) collect(o, file, out);
    }
  }

  private static double memoryInName(String name) {
    Matcher m = NAME_MEMORY.matcher(name.replace('-', ' '));
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static Path sharedDir() {
    String prop = System.getProperty("dumont.shared.dir");
    if (prop != null) return Paths.get(prop);
    return Paths.get("").toAbsolutePath().resolve("../../shared").normalize();
  }
}
