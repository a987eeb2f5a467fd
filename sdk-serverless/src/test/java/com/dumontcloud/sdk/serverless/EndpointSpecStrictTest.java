package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 for the endpoint spec: strict keys, typed range errors, and the published schema
 * ({@code docs/schema/endpoint.schema.json}, regenerate with {@code -Ddumont.schema.write=true}) equal to the
 * reader's table.
 */
class EndpointSpecStrictTest {
  static final Path FILE = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath()
      .getParent().resolve("docs/schema/endpoint.schema.json");

  static Map<String, Object> spec(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("template", "qwen2.5-0.5b");
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  static AbstractThrowableAssert<?, ? extends Throwable> rejected(Map<String, Object> m) {
    return assertThatThrownBy(() -> EndpointSpec.fromMap(m)).isInstanceOf(InvalidSpecException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "java.", "Exception", "For input string",
            "No enum constant"));
  }

  @Test
  void fromMap_minimal_usesTheBuilderDefaults() {
    EndpointSpec s = EndpointSpec.fromMap(spec());
    EndpointSpec d = EndpointSpec.builder(TemplateCatalog.get("qwen2.5-0.5b")).build();
    assertThat(s.toMap()).isEqualTo(d.toMap());
  }

  @Test
  void fromMap_typos_rejectedWithPathAndSuggestion() {
    rejected(spec("max_replcas", 2)).hasMessage("unknown key 'max_replcas'; did you mean 'max_replicas'?");
    rejected(spec("template", Map.of("name", "qwen2.5-0.5b", "prot", 9000)))
        .hasMessage("unknown key 'template.prot'; did you mean 'port'?");
  }

  @Test
  void fromMap_badValues_nameFieldTypeAndValue() {
    rejected(spec("max_price", -5)).hasMessageStartingWith("max_price must be an amount").hasMessageContaining("got -5");
    rejected(spec("min_replicas", "two")).hasMessage("min_replicas must be a whole number in 0..1000, got 'two'");
    rejected(spec("machine_type", "SOMETIMES"))
        .hasMessage("machine_type must be one of spot, on-demand, auto; got 'SOMETIMES'");
    rejected(spec("max_replicas", 2147483648L)).hasMessage("max_replicas must be a whole number in 1..1000, got 2147483648");
    rejected(spec("idle_timeout_ms", 0)).hasMessageContaining("idle_timeout_ms must be a whole number in 1..");
    rejected(spec("min_replicas", 3, "max_replicas", 2)).hasMessageContaining("max_replicas");
  }

  @Test
  void fromMap_machineTypeInAnyCase_accepted() {
    assertThat(EndpointSpec.fromMap(spec("machine_type", "ON_DEMAND")).machineType()).isEqualTo(MachineType.ON_DEMAND);
  }

  @Test
  void javaApi_negativePrice_throwsNamingTheField() {
    assertThatThrownBy(() -> EndpointSpec.builder(TemplateCatalog.get("qwen2.5-0.5b"))
        .maxPricePerHour(Money.usd(-1.5)).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max_price").hasMessageContaining("-1.5");
  }

  @Test
  void committedSchema_equalsGenerated() throws IOException {
    String generated = EndpointSpec.jsonSchema();
    if (Boolean.getBoolean("dumont.schema.write")) Files.writeString(FILE, generated, StandardCharsets.UTF_8);
    assertThat(FILE).exists();
    assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
        .as("docs/schema/endpoint.schema.json is stale; run this test with -Ddumont.schema.write=true")
        .isEqualTo(generated);
    assertThat(MoshiJsonCodec.get().parse(generated)).isInstanceOf(Map.class);
  }

  @Test
  void schemaKeys_equalTheKeysToMapWrites() {
    Template t = TemplateCatalog.get("qwen2.5-0.5b");
    EndpointSpec full = EndpointSpec.builder(t).name("full").gpuName("RTX 4090").minGpuRamGib(24)
        .maxPricePerHour(Money.usd("0.75")).replicas(1, 7).machineType(MachineType.AUTO).onDemandFallback(false)
        .spotExtra(1).baseOnDemand(1).fallbackGrace(Duration.ofSeconds(30)).regions(List.of("US", "EU"))
        .providerId("sim").idleTimeout(Duration.ofMinutes(9)).targetConcurrency(3).targetQueueTime(Duration.ofSeconds(2))
        .queueCapacity(50).coldStartTimeout(Duration.ofMinutes(4)).requestTimeout(Duration.ofSeconds(90))
        .windows(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(3))
        .scaleDownDelay(Duration.ofMinutes(2)).label("team", "ml").build();
    Set<String> written = new TreeSet<>(full.toMap().keySet());
    Set<String> schema = new TreeSet<>(SpecJson.SCHEMA.root().fields().keySet());
    assertThat(schema).isEqualTo(written);
    assertThat(EndpointSpec.fromMap(full.toMap()).toMap()).isEqualTo(full.toMap());
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) MoshiJsonCodec.get().parse(MoshiJsonCodec.get().write(full.toMap()));
    assertThat(EndpointSpec.fromMap(json).toMap()).isEqualTo(EndpointSpec.fromMap(full.toMap()).toMap());
  }

  @Test
  void machineTypes_equalTheJavaEnum() {
    List<String> wire = new ArrayList<>();
    for (MachineType m : MachineType.values()) wire.add(m.wireName());
    assertThat(SpecJson.SCHEMA.root().fields().get("machine_type").values()).isEqualTo(wire);
  }
}
