package com.dumontcloud.sdk.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every GPU name in the shared provider fixtures resolves to a known model. Reads {@code ../shared/fixtures} (or the
 * directory in system property {@code dumont.shared.dir}) and skips when it is absent, as on a fresh clone.
 */
class GpuCatalogFixtureCoverageTest {
  private static final List<Pattern> GPU_NAME_PATTERNS = List.of(
      Pattern.compile("\"gpu_name\"\\s*:\\s*\"([^\"]+)\""),
      Pattern.compile("\"v0Name\"\\s*:\\s*\"([^\"]+)\""),
      Pattern.compile("\"gpu_model\"\\s*:\\s*\"([^\"]+)\""),
      Pattern.compile("\"([a-z0-9]+-(?:pcie|sxm\\d?)-\\d+gb)\""),
      Pattern.compile("acceleratorTypes/(nvidia-[a-z0-9-]+)"),
      Pattern.compile("\"name\"\\s*:\\s*\"(nvidia-[a-z0-9-]+)\""));
  private static final Pattern DISPLAY_NAME = Pattern.compile("\"displayName\"\\s*:\\s*\"([^\"]*\\d+GB)\"");

  @Test
  void resolve_everyGpuNameInSharedFixtures_isKnown() throws IOException {
    Path fixtures = sharedDir().resolve("fixtures");
    assumeTrue(Files.isDirectory(fixtures), "shared fixtures not found at " + fixtures + "; skipping");
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(fixtures)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        String text = Files.readString(f);
        for (Pattern p : GPU_NAME_PATTERNS) collect(p, text, names);
        if (f.toString().contains("tensordock")) collect(DISPLAY_NAME, text, names);
      }
    }

    assertThat(names).hasSizeGreaterThan(20);
    for (String name : names) {
      assertThat(GpuCatalog.resolve(name).known()).as("fixture GPU name '%s'", name).isTrue();
    }
  }

  private static void collect(Pattern p, String text, Set<String> out) {
    Matcher m = p.matcher(text);
    while (m.find()) out.add(m.group(1));
  }

  private static Path sharedDir() {
    String prop = System.getProperty("dumont.shared.dir");
    if (prop != null) return Paths.get(prop);
    // the module runs from <root>/sdk-core; shared/ sits beside the project root
    return Paths.get("").toAbsolutePath().resolve("../../shared").normalize();
  }
}
