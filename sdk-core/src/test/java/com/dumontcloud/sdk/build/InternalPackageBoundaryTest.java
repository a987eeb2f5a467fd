package com.dumontcloud.sdk.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * "Internal means internal" (STYLE 0, 2): no module's main code names another module's {@code internal} package;
 * what modules share goes to {@code spi.support}. Scans the sibling modules' {@code src/main/java} trees from
 * sdk-core's base directory, for imports and fully qualified names alike. The allow-list below is today's debt,
 * visible: a new violation fails the build, and so does an entry that is no longer needed (delete it).
 */
class InternalPackageBoundaryTest {
  /** A reference to an internal package: {@code com.dumontcloud.sdk[.module].internal.pkg.Type}. */
  private static final Pattern INTERNAL_REF = Pattern.compile(
      "\\bcom\\.dumontcloud\\.sdk\\.(?:([a-z][a-z0-9]*)\\.)?internal\\.([a-z][a-z0-9]*\\.)*([A-Z][A-Za-z0-9_]*)");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([a-z0-9_.]+)\\s*;");

  /**
   * Existing cross-module uses of internal types, "module -> type". Each is debt: move what is shared to
   * {@code spi.support} (e.g. {@code JsonCodec} and {@code Bodies} instead of {@code internal.json.Json}) and delete
   * the entry.
   */
  private static final Set<String> ALLOWED = Set.of(
      // benchmarks measure internals on purpose (not shipped); still listed so the list is complete
      "benchmarks -> com.dumontcloud.sdk.internal.http.OkHttpTransport",
      "benchmarks -> com.dumontcloud.sdk.internal.http.TransportSettings",
      "benchmarks -> com.dumontcloud.sdk.vast.internal.VastParsers");

  @Test
  void mainCode_namesNoOtherModulesInternalPackage_beyondTheAllowList() throws IOException {
    Path core = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
    Path root = core.getParent();
    List<Path> modules = modules(root);
    assumeTrue(modules.size() > 1, "sibling modules not found next to " + core + "; boundary check skipped");

    Map<String, String> ownerOfPackage = new TreeMap<>(); // internal package -> module declaring it
    Map<Path, String> sources = new TreeMap<>();
    for (Path m : modules) {
      for (Path f : javaFiles(m.resolve("src/main/java"))) {
        String text = Files.readString(f);
        sources.put(f, text);
        Matcher p = PACKAGE.matcher(text);
        if (p.find() && p.group(1).contains(".internal")) ownerOfPackage.put(p.group(1), name(m));
      }
    }

    Set<String> found = new TreeSet<>();
    List<String> violations = new ArrayList<>();
    for (Map.Entry<Path, String> e : sources.entrySet()) {
      String module = name(root.relativize(e.getKey()).getName(0));
      String code = withoutComments(e.getValue());
      Matcher m = INTERNAL_REF.matcher(code);
      while (m.find()) {
        String type = m.group();
        String pkg = type.substring(0, type.lastIndexOf('.'));
        String owner = ownerOfPackage.getOrDefault(pkg, m.group(1) == null ? "sdk-core" : "sdk-" + m.group(1));
        if (owner.equals(module)) continue;
        String entry = module + " -> " + type;
        found.add(entry);
        if (!ALLOWED.contains(entry)) violations.add(entry + "   (in " + root.relativize(e.getKey()) + ")");
      }
    }

    assertThat(violations)
        .as("main code of one module names another module's internal package; share it through spi.support "
            + "(or, if it really is unavoidable, add a commented entry to ALLOWED)")
        .isEmpty();
    Set<String> stale = new TreeSet<>(ALLOWED);
    stale.removeAll(found);
    if (modules.stream().map(InternalPackageBoundaryTest::name).toList().containsAll(List.of("sdk-vast", "sdk-cli",
        "sdk-testkit", "sdk-serverless", "sdk-objectstore", "benchmarks"))) {
      assertThat(stale).as("allow-list entries no longer needed: delete them").isEmpty();
    }
  }

  private static List<Path> modules(Path root) throws IOException {
    if (root == null || !Files.isDirectory(root)) return List.of();
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(d -> Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("src/main/java")))
          .sorted().toList();
    }
  }

  private static List<Path> javaFiles(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String name(Path module) {
    return module.getFileName().toString();
  }

  /** Drops block and line comments (Javadoc {@code @link}s to internal types are not uses). */
  private static String withoutComments(String java) {
    return java.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", "");
  }
}
