package com.dumontcloud.sdk.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.model.GpuModel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GpuCatalogTest {

  static Stream<Arguments> aliasFamilies() {
    return Stream.of(
        // Vast spellings (spaces) and the CLI/seed forms (underscores, glued)
        Arguments.of("RTX 4090", "RTX 4090"),
        Arguments.of("RTX_4090", "RTX 4090"),
        Arguments.of("rtx4090", "RTX 4090"),
        Arguments.of("RTX4090", "RTX 4090"),
        Arguments.of("4090", "RTX 4090"),
        Arguments.of("GTX1080Ti", "GTX 1080 Ti"),
        Arguments.of("H100 SXM", "H100 SXM"),
        Arguments.of("A100 SXM4", "A100 40GB"),
        Arguments.of("A100 PCIE", "A100 40GB"),
        Arguments.of("A100X", "A100 80GB"),
        Arguments.of("Tesla V100", "V100"),
        Arguments.of("RTX A5000", "RTX A5000"),
        Arguments.of("RTX 6000Ada", "RTX 6000 Ada"),
        Arguments.of("RTX PRO 6000 WS", "RTX PRO 6000"),
        Arguments.of("H200 NVL", "H200 NVL"),
        Arguments.of("Q RTX 8000", "Quadro RTX 8000"),
        Arguments.of("RTX 4070S Ti", "RTX 4070 Ti Super"),
        Arguments.of("RTX 4080S", "RTX 4080 Super"),
        Arguments.of("RTX 4070 Ti", "RTX 4070 Ti"),
        Arguments.of("RTX 5090", "RTX 5090"),
        Arguments.of("L40S", "L40S"),
        // TensorDock model ids (v0 specs keys, v2 v0Name) and display names
        Arguments.of("geforcertx4090-pcie-24gb", "RTX 4090"),
        Arguments.of("geforcertx3090-pcie-24gb", "RTX 3090"),
        Arguments.of("geforcertx3080ti-pcie-12gb", "RTX 3080 Ti"),
        Arguments.of("geforcertx3080-pcie-10gb", "RTX 3080"),
        Arguments.of("geforcertx3070ti-pcie-8gb", "RTX 3070 Ti"),
        Arguments.of("geforcertx3070-pcie-8gb", "RTX 3070"),
        Arguments.of("geforcertx3060ti-pcie-8gb", "RTX 3060 Ti"),
        Arguments.of("geforcertx3060tilhr-pcie-8gb", "RTX 3060 Ti"),
        Arguments.of("geforcertx3060-pcie-12gb", "RTX 3060"),
        Arguments.of("geforcegtx1070-pcie-8gb", "GTX 1070"),
        Arguments.of("rtxa4000-pcie-16gb", "RTX A4000"),
        Arguments.of("rtxa5000-pcie-24gb", "RTX A5000"),
        Arguments.of("rtxa6000-pcie-48gb", "RTX A6000"),
        Arguments.of("a40-pcie-48gb", "A40"),
        Arguments.of("l4-pcie-24gb", "L4"),
        Arguments.of("l40-pcie-48gb", "L40"),
        Arguments.of("l40s-pcie-48gb", "L40S"),
        Arguments.of("v100-pcie-16gb", "V100"),
        Arguments.of("a100-pcie-80gb", "A100 80GB"),
        Arguments.of("a100-sxm4-80gb", "A100 80GB"),
        Arguments.of("h100-sxm5-80gb", "H100 SXM"),
        Arguments.of("NVIDIA GeForce RTX 4090 PCIe 24GB", "RTX 4090"),
        Arguments.of("NVIDIA RTX A6000 PCIe 48GB", "RTX A6000"),
        Arguments.of("NVIDIA A100 SXM4 80GB", "A100 80GB"),
        Arguments.of("H100 SXM5 80GB", "H100 SXM"),
        Arguments.of("NVIDIA L40 PCIe 48GB", "L40"),
        // Google Cloud accelerator types and billing descriptions
        Arguments.of("nvidia-l4", "L4"),
        Arguments.of("nvidia-l4-vws", "L4"),
        Arguments.of("nvidia-tesla-t4", "T4"),
        Arguments.of("nvidia-tesla-t4-vws", "T4"),
        Arguments.of("nvidia-tesla-a100", "A100 40GB"),
        Arguments.of("nvidia-a100-80gb", "A100 80GB"),
        Arguments.of("nvidia-h100-80gb", "H100 SXM"),
        Arguments.of("nvidia-h100-mega-80gb", "H100 SXM"),
        Arguments.of("nvidia-tesla-v100", "V100"),
        Arguments.of("nvidia-tesla-p100", "P100"),
        Arguments.of("nvidia-tesla-p4", "P4"),
        Arguments.of("nvidia-tesla-k80", "K80"),
        Arguments.of("nvidia-h200-141gb", "H200"),
        Arguments.of("nvidia-b200", "B200"),
        Arguments.of("NVIDIA Tesla A100 80GB", "A100 80GB"),
        Arguments.of("NVIDIA L4 Virtual Workstation", "L4"),
        // NVIDIA's own names (nvidia-smi)
        Arguments.of("NVIDIA GeForce RTX 4090", "RTX 4090"),
        Arguments.of("NVIDIA A100-SXM4-80GB", "A100 80GB"),
        Arguments.of("NVIDIA A100-PCIE-40GB", "A100 40GB"),
        Arguments.of("NVIDIA H100 80GB HBM3", "H100 SXM"),
        Arguments.of("NVIDIA H100 PCIe", "H100 PCIe"),
        Arguments.of("NVIDIA H100 NVL", "H100 NVL"),
        Arguments.of("NVIDIA RTX 6000 Ada Generation", "RTX 6000 Ada"),
        Arguments.of("NVIDIA RTX PRO 6000 Blackwell Workstation Edition", "RTX PRO 6000"),
        Arguments.of("Tesla T4", "T4"),
        Arguments.of("Tesla V100-SXM2-16GB", "V100"),
        Arguments.of("Tesla V100-PCIE-32GB", "V100 32GB"),
        Arguments.of("Quadro P2000", "Quadro P2000"),
        Arguments.of("NVIDIA A10G", "A10G"),
        Arguments.of("NVIDIA GeForce GTX 1080 Ti", "GTX 1080 Ti"),
        // case, separators and spacing
        Arguments.of("  rtx-4090 ", "RTX 4090"),
        Arguments.of("Rtx_3090", "RTX 3090"),
        Arguments.of("a10", "A10"),
        Arguments.of("l4", "L4"),
        Arguments.of("l40", "L40"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("aliasFamilies")
  void resolve_providerSpelling_givesCanonicalModel(String name, String canonical) {
    GpuModel model = GpuCatalog.resolve(name);

    assertThat(model.known()).as("known: %s", name).isTrue();
    assertThat(model.name()).isEqualTo(canonical);
  }

  @Test
  void resolve_seedAndFixtureGpus_areAllKnown() {
    List<String> names = List.of(
        // seed 000 price table, seed 001 templates, origin 7.5 maps and test GPUs
        "RTX 3080", "RTX 3090", "RTX 4080", "RTX 4090", "A100 40GB", "A100 80GB", "H100 PCIe", "L40S",
        "RTX4070", "RTX 3070", "RTX 3060", "A100", "A100-80GB", "A10", "A10G", "V100", "T4", "L4", "H100",
        "Quadro P2000", "GTX 1080", "GTX 1080 Ti", "RTX 2080", "RTX 4060", "RTX 3060 Ti",
        "RTX A4000", "RTX A5000", "RTX A6000", "RTX 6000 Ada", "L40", "A40", "H100 SXM", "H200", "P100",
        // Vast fixtures
        "A100 SXM4", "H100 SXM", "L40S", "RTX 3090", "RTX 4070 Ti", "RTX 4090", "RTX 5090", "RTX 6000Ada",
        "RTX A5000", "RTX PRO 6000 WS", "Tesla V100");
    for (String n : names) {
      assertThat(GpuCatalog.resolve(n).known()).as(n).isTrue();
    }
  }

  @ParameterizedTest(name = "{0} with {1} GiB -> {2}")
  @CsvSource({
      "A100 SXM4, 79.6, A100 80GB",
      "A100 SXM4, 40, A100 40GB",
      "A100 PCIE, 80, A100 80GB",
      "H100, 93.0, H100 NVL",
      "H100 PCIE, 79.6, H100 PCIe",
      "Tesla V100, 31.7, V100 32GB",
      "Tesla V100, 15.8, V100",
      "RTX 4090, 23.99, RTX 4090",
      "RTX 4060 Ti, 8, RTX 4060 Ti 8GB",
      "a100-pcie-80gb, 40, A100 80GB"})
  void resolve_withVramHint_picksVariant(String name, double vram, String canonical) {
    assertThat(GpuCatalog.resolve(name, vram).name()).isEqualTo(canonical);
  }

  @ParameterizedTest
  @CsvSource({"RTX 9999 Ultra", "Radeon RX 7900 XTX", "MI300X", "some-new-gpu-64gb"})
  void resolve_unknownName_passesThroughFlaggedUnknown(String name) {
    GpuModel model = GpuCatalog.resolve(name);

    assertThat(model.known()).isFalse();
    assertThat(model.name()).isEqualTo(name);
    assertThat(model.vramGib()).isZero();
    assertThat(model.relativePerformance()).isZero();
  }

  @Test
  void resolve_nullBlankOrCpu_givesUnknownOrNone() {
    assertThat(GpuCatalog.resolve(null).known()).isFalse();
    assertThat(GpuCatalog.resolve("  ").known()).isFalse();
    assertThat(GpuCatalog.resolve("CPU")).isEqualTo(GpuModel.NONE);
  }

  @Test
  void resolve_everyNameAndAlias_resolvesToItsOwnEntry() {
    for (GpuCatalog.Spec spec : GpuCatalog.specs()) {
      assertThat(GpuCatalog.resolve(spec.name())).as(spec.name()).isEqualTo(spec.model());
      for (String alias : spec.aliases()) {
        assertThat(GpuCatalog.resolve(alias).name()).as("alias %s", alias).isEqualTo(spec.name());
      }
    }
  }

  @Test
  void all_canonicalNames_areUniqueAndKnownWithVram() {
    List<GpuModel> all = GpuCatalog.all();
    Set<String> names = new HashSet<>();

    assertThat(all).hasSizeGreaterThan(50);
    for (GpuModel m : all) {
      assertThat(names.add(m.name())).as("duplicate %s", m.name()).isTrue();
      assertThat(m.known()).isTrue();
      assertThat(m.vramGib()).isPositive();
      assertThat(m.relativePerformance()).isPositive();
    }
  }

  @Test
  void relativePerformance_rtx4090IsReferenceAndOrderIsSane() {
    double rtx4090 = perf("RTX 4090");

    assertThat(rtx4090).isEqualTo(1.0);
    assertThat(perf("H200")).isGreaterThan(perf("H100 SXM"));
    assertThat(perf("H100 SXM")).isGreaterThan(perf("H100 PCIe"));
    assertThat(perf("H100 PCIe")).isGreaterThan(perf("A100 80GB"));
    assertThat(perf("A100 80GB")).isGreaterThan(perf("A100 40GB"));
    assertThat(perf("A100 40GB")).isGreaterThan(rtx4090);
    assertThat(rtx4090).isGreaterThan(perf("RTX 3090"));
    assertThat(perf("RTX 3090")).isGreaterThan(perf("RTX 3080"));
    assertThat(perf("RTX 3080")).isGreaterThan(perf("T4"));
    assertThat(perf("T4")).isGreaterThan(perf("GTX 1080 Ti"));
    assertThat(perf("GTX 1080 Ti")).isGreaterThan(perf("Quadro P2000"));
    assertThat(perf("L40S")).isGreaterThan(perf("L40")).isGreaterThan(perf("L4"));
  }

  @Test
  void vram_matchesSeedAndOriginTables() {
    assertThat(GpuCatalog.resolve("RTX 4090").vramGib()).isEqualTo(24);
    assertThat(GpuCatalog.resolve("RTX 4080").vramGib()).isEqualTo(16);
    assertThat(GpuCatalog.resolve("RTX 3090").vramGib()).isEqualTo(24);
    assertThat(GpuCatalog.resolve("RTX 3080").vramGib()).isEqualTo(10);
    assertThat(GpuCatalog.resolve("RTX 4070").vramGib()).isEqualTo(12);
    assertThat(GpuCatalog.resolve("RTX 3070").vramGib()).isEqualTo(8);
    assertThat(GpuCatalog.resolve("A100 40GB").vramGib()).isEqualTo(40);
    assertThat(GpuCatalog.resolve("A100 80GB").vramGib()).isEqualTo(80);
    assertThat(GpuCatalog.resolve("H100 PCIe").vramGib()).isEqualTo(80);
    assertThat(GpuCatalog.resolve("L40S").vramGib()).isEqualTo(48);
    assertThat(GpuCatalog.resolve("A10").vramGib()).isEqualTo(24);
    assertThat(GpuCatalog.resolve("V100").vramGib()).isEqualTo(16);
    assertThat(GpuCatalog.resolve("T4").vramGib()).isEqualTo(16);
    assertThat(GpuCatalog.resolve("L4").vramGib()).isEqualTo(24);
  }

  @ParameterizedTest(name = "{0} covers {1}")
  @CsvSource(delimiter = '|', value = {
      "A100|A100 40GB;A100 80GB",
      "A100 SXM4|A100 40GB;A100 80GB",
      "A100 80GB|A100 80GB",
      "nvidia-a100-80gb|A100 80GB",
      "H100|H100 SXM;H100 PCIe;H100 NVL",
      "H100 PCIe|H100 PCIe",
      "RTX_4090|RTX 4090",
      "V100|V100;V100 32GB"})
  void candidates_ambiguousFamilyName_coversVariants(String name, String expected) {
    assertThat(GpuCatalog.candidates(name)).extracting(GpuModel::name)
        .containsExactlyInAnyOrder(expected.split(";"));
  }

  @Test
  void sameModel_comparesCanonicallyAndUnknownsBySpelling() {
    GpuModel rtx4090 = GpuCatalog.resolve("geforcertx4090-pcie-24gb");
    GpuModel unknown = GpuCatalog.resolve("RTX 9999");

    assertThat(GpuCatalog.sameModel("RTX_4090", rtx4090)).isTrue();
    assertThat(GpuCatalog.sameModel("NVIDIA GeForce RTX 4090", rtx4090)).isTrue();
    assertThat(GpuCatalog.sameModel("RTX 4080", rtx4090)).isFalse();
    assertThat(GpuCatalog.sameModel("rtx_9999", unknown)).isTrue();
    assertThat(GpuCatalog.sameModel("RTX 4090", unknown)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
      "NVIDIA A100-SXM4-80GB, a100/sxm/80",
      "RTX_4090, rtx4090",
      "geforcertx3060tilhr-pcie-8gb, rtx3060ti/pcie/8",
      "nvidia-l4-vws, l4"})
  void normalize_name_dropsVendorWordsAndKeepsHints(String name, String key) {
    assertThat(GpuCatalog.normalize(name)).isEqualTo(key);
  }

  @Test
  void spec_knownName_carriesArchitectureAndComputeCapability() {
    GpuCatalog.Spec spec = GpuCatalog.spec("nvidia-tesla-t4").orElseThrow();

    assertThat(spec.name()).isEqualTo("T4");
    assertThat(spec.architecture()).isEqualTo("Turing");
    assertThat(spec.computeCapability()).isEqualTo(7.5);
    assertThat(GpuCatalog.spec("RTX 9999")).isEmpty();
  }

  private static double perf(String name) {
    return GpuCatalog.resolve(name).relativePerformance();
  }
}
