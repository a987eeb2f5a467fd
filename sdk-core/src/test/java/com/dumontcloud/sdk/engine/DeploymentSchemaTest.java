package com.dumontcloud.sdk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.model.CpuFallback;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.spi.support.SpecSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The published JSON Schema ({@code docs/schema/deployment.schema.json}) is the parser's own table: the file equals
 * what {@link DeploymentSpec#jsonSchema()} generates, every key {@link DeploymentSpec#toMap()} writes is in it, every
 * key in it is written or is a documented input-only shorthand, and its enums are the Java enums.
 * Regenerate the file with {@code -Ddumont.schema.write=true}.
 */
class DeploymentSchemaTest {
  static final Path FILE = repoRoot().resolve("docs/schema/deployment.schema.json");

  /** Keys the reader accepts that {@code toMap} never writes (it writes the long form). */
  static final Set<String> INPUT_ONLY = Set.of("gpu_name", "min_gpu_ram", "max_price", "checkpoint.interval");

  static Path repoRoot() {
    Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    return dir.getParent();
  }

  @Test
  void committedSchema_equalsGenerated() throws IOException {
    String generated = DeploymentSpec.jsonSchema();
    if (Boolean.getBoolean("dumont.schema.write")) Files.writeString(FILE, generated, StandardCharsets.UTF_8);
    assertThat(FILE).exists();
    assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
        .as("docs/schema/deployment.schema.json is stale; run this test with -Ddumont.schema.write=true")
        .isEqualTo(generated);
  }

  @Test
  void schema_isDraft2020_12_withClosedObjects() {
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) MoshiJsonCodec.get().parse(DeploymentSpec.jsonSchema());
    assertThat(s).containsEntry("$schema", "https://json-schema.org/draft/2020-12/schema")
        .containsEntry("additionalProperties", false);
    assertThat(s.get("required")).isEqualTo(List.of("id", "template"));
    @SuppressWarnings("unchecked")
    Map<String, Object> replicas = (Map<String, Object>) ((Map<String, Object>) s.get("properties")).get("replicas");
    assertThat(replicas).containsEntry("type", "integer").containsEntry("minimum", 0.0).containsEntry("maximum", 100.0);
  }

  @Test
  void everyKeyToMapWrites_isInTheSchema_andEverySchemaKeyIsWrittenOrInputOnly() {
    Set<String> schemaKeys = new TreeSet<>();
    keys(DeploymentSpecSchema.SCHEMA.root(), "", schemaKeys);
    Set<String> written = new TreeSet<>();
    for (DeploymentSpec s : fullSpecs()) keysOf(s.toMap(), "", written);
    for (long seed = 0; seed < 200; seed++) keysOf(SpecSamples.random(seed).toMap(), "", written);

    assertThat(schemaKeys).containsAll(written);
    Set<String> notWritten = new TreeSet<>(schemaKeys);
    notWritten.removeAll(written);
    assertThat(notWritten).isEqualTo(new TreeSet<>(INPUT_ONLY));
  }

  @Test
  void enums_equalTheJavaEnums() {
    Map<String, SpecSchema.Node> f = DeploymentSpecSchema.SCHEMA.root().fields();
    assertThat(f.get("spot_policy").values()).isEqualTo(names(SpotPolicy.values()));
    assertThat(f.get("kind").values()).isEqualTo(names(DeploymentSpec.Kind.values()));
    assertThat(f.get("sort").values()).isEqualTo(names(OfferQuery.Sort.values()));
    assertThat(f.get("offer_pricing").values()).isEqualTo(names(PricingModel.values()));
    assertThat(f.get("failover").fields().get("strategies").items().values()).isEqualTo(names(FailoverStrategy.values()));
    assertThat(f.get("warm_pool").fields().get("mode").values()).isEqualTo(names(WarmPoolPolicy.Mode.values()));
    assertThat(f.get("hibernation").fields().get("action").values()).isEqualTo(names(HibernationPolicy.Action.values()));
  }

  @Test
  void ranges_equalTheBuilders() {
    Map<String, SpecSchema.Node> f = DeploymentSpecSchema.SCHEMA.root().fields();
    // the builder's own checks reject exactly what the schema rejects at the bounds
    Template t = DeploymentSpecTest.t();
    assertThat(f.get("replicas").max().intValue()).isEqualTo(100);
    DeploymentSpec.builder("svc", t).replicas(100).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeploymentSpec.builder("svc", t).replicas(101).build());
    assertThat(f.get("disk_gib").max().doubleValue()).isEqualTo(DeploymentSpec.MAX_DISK_GIB);
    assertThat(f.get("disk_gib").exclusiveMin()).isTrue();
    assertThat(f.get("bid").alternatives().get(1).fields().get("margin").max().doubleValue())
        .isEqualTo(BidStrategy.MAX_MARGIN);
    assertThat(f.get("checkpoint").fields().get("keep").max().intValue()).isEqualTo(1000);
  }

  private static List<String> names(Enum<?>[] values) {
    List<String> out = new ArrayList<>();
    for (Enum<?> e : values) out.add(e.name().toLowerCase(java.util.Locale.ROOT));
    return out;
  }

  private static List<DeploymentSpec> fullSpecs() {
    Template withFallback = TemplateCatalog.get("qwen2.5-0.5b").toBuilder().displayName("Q").description("d")
        .modelId("m").maxPricePerHour(Money.usd(1)).recommendedGpu("RTX 4090")
        .cpuFallback(CpuFallback.builder("llama").modelId("m").build()).build();
    List<DeploymentSpec> out = new ArrayList<>();
    for (BidStrategy b : SpecSamples.everyBidStrategy()) {
      DeploymentSpec s = SpecSamples.everyOption(withFallback, b);
      out.add(s.toBuilder().checkpoint(CheckpointSpec.of("s3://b/p", "state").endpoint("https://s3.example")
          .region("auto").profile("p").command("sync")).kind(DeploymentSpec.Kind.JOB).build());
    }
    return out;
  }

  private static void keys(SpecSchema.Node n, String path, Set<String> out) {
    switch (n.type()) {
      case OBJECT -> n.fields().forEach((k, f) -> {
        String p = path.isEmpty() ? k : path + "." + k;
        out.add(p);
        keys(f, p, out);
      });
      case ONE_OF -> n.alternatives().forEach(a -> keys(a, path, out));
      case LIST -> keys(n.items(), path, out);
      default -> { }
    }
  }

  private static void keysOf(Object v, String path, Set<String> out) {
    if (v instanceof Map<?, ?> m) {
      if (path.equals("labels") || path.endsWith("config") || path.endsWith("env")) return; // free keys
      m.forEach((k, x) -> {
        String p = path.isEmpty() ? String.valueOf(k) : path + "." + k;
        out.add(p);
        keysOf(x, p, out);
      });
    } else if (v instanceof List<?> l) {
      for (Object o : l) keysOf(o, path, out);
    }
  }
}
