package com.dumontcloud.sdk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.model.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * spec → toMap → JSON text (the journal's codec) → parse → fromMap gives an equal spec whose template kept its
 * args, env and config: the path the engine restores deployments through after a restart.
 */
class DeploymentSpecRoundTripTest {

  @SuppressWarnings("unchecked")
  static DeploymentSpec throughJson(DeploymentSpec s) {
    String json = MoshiJsonCodec.get().write(s.toMap());
    return DeploymentSpec.fromMap((Map<String, Object>) MoshiJsonCodec.get().parse(json));
  }

  static Stream<Arguments> everyTemplateWithEveryBidStrategy() {
    List<Arguments> out = new ArrayList<>();
    for (Template t : TemplateCatalog.all()) {
      for (BidStrategy b : SpecSamples.everyBidStrategy()) out.add(Arguments.of(t.name(), b));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyTemplateWithEveryBidStrategy")
  void toMap_json_fromMap_everyCatalogTemplateAndEveryOption_equalsOriginal(String name, BidStrategy bid) {
    DeploymentSpec original = SpecSamples.everyOption(TemplateCatalog.get(name), bid);

    DeploymentSpec restored = throughJson(original);

    assertThat(restored).isEqualTo(original).hasSameHashCodeAs(original);
    assertThat(restored.template()).isEqualTo(original.template());
    assertThat(restored.template().args()).isEqualTo(original.template().args());
    assertThat(restored.template().env()).isEqualTo(original.template().env());
    assertThat(restored.template().config()).isEqualTo(original.template().config());
    assertThat(restored.template().description()).isEqualTo(original.template().description());
    assertThat(restored.template().vramRequiredGib()).isEqualTo(original.template().vramRequiredGib());
    assertThat(restored.template().recommendedGpu()).isEqualTo(original.template().recommendedGpu());
    assertThat(restored.bidStrategy()).isEqualTo(bid);
    assertThat(restored.diskGib()).isEqualTo(123.5);
    assertThat(restored.standby()).isEqualTo(original.standby());
    assertThat(restored.failover()).isEqualTo(original.failover());
    assertThat(restored.query()).isEqualTo(original.query());
    assertThat(restored.toMap()).isEqualTo(original.toMap());
  }

  @Test
  void toMap_json_fromMap_qwen05b_keepsAllTenArgs() {
    Template qwen = TemplateCatalog.get("qwen2.5-0.5b");
    DeploymentSpec original = DeploymentSpec.builder("qwen", qwen).build();

    DeploymentSpec restored = throughJson(original);

    assertThat(qwen.args()).hasSize(10);
    assertThat(restored.template().args()).containsExactlyElementsOf(qwen.args())
        .containsSequence("--max-model-len", "8192");
    assertThat(restored.template().config()).containsEntry("vllm_max_model_len", 8192)
        .containsEntry("vllm_model_name", "Qwen/Qwen2.5-0.5B-Instruct");
    assertThat(restored).isEqualTo(original);
  }

  @Test
  void toMap_json_fromMap_defaults_equalsOriginal() {
    for (Template t : TemplateCatalog.all()) {
      DeploymentSpec original = DeploymentSpec.builder("defaults", t).build();

      DeploymentSpec restored = throughJson(original);

      assertThat(restored).isEqualTo(original);
      assertThat(restored.template()).isEqualTo(t);
      assertThat(restored.bidStrategy()).isEqualTo(BidStrategy.minimum());
      assertThat(restored.diskGib()).isEqualTo(DeploymentSpec.DEFAULT_DISK_GIB);
    }
  }

  static LongStream seeds() {
    return LongStream.range(0, 200).map(i -> 0x5eed0000L + i * 7919);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void toMap_json_fromMap_randomSpec_equalsOriginal(long seed) {
    DeploymentSpec original = SpecSamples.random(seed);

    DeploymentSpec restored = throughJson(original);

    assertThat(restored).isEqualTo(original).hasSameHashCodeAs(original);
    assertThat(restored.template().config()).isEqualTo(original.template().config());
    assertThat(restored.template().args()).isEqualTo(original.template().args());
    assertThat(restored.template().env()).isEqualTo(original.template().env());
    assertThat(throughJson(restored).toMap()).isEqualTo(restored.toMap());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void toMap_fromMap_randomSpec_equalsOriginal(long seed) {
    DeploymentSpec original = SpecSamples.random(seed);

    assertThat(DeploymentSpec.fromMap(original.toMap())).isEqualTo(original);
  }

  @Test
  void equals_templateArgsDiffer_notEqual() {
    Template qwen = TemplateCatalog.get("qwen2.5-0.5b");
    List<String> args = new ArrayList<>(qwen.args());
    args.set(args.size() - 1, "4096");
    Template other = qwen.toBuilder().args(args).build();

    DeploymentSpec a = DeploymentSpec.builder("svc", qwen).build();
    DeploymentSpec b = DeploymentSpec.builder("svc", other).build();

    assertThat(a).isNotEqualTo(b);
    assertThat(a).isNotEqualTo(DeploymentSpec.builder("svc", qwen.withConfig(Map.of("x", 1))).build());
    assertThat(a).isEqualTo(DeploymentSpec.builder("svc", TemplateCatalog.get("qwen2.5-0.5b")).build());
  }

  @Test
  void equals_eachFieldDiffers_notEqual() {
    DeploymentSpec base = SpecSamples.everyOption(TemplateCatalog.get("budget"), BidStrategy.minimum());
    List<DeploymentSpec> variants = List.of(
        base.toBuilder().kind(DeploymentSpec.Kind.JOB).build(),
        base.toBuilder().replicas(4).build(),
        base.toBuilder().query(base.query().toBuilder().limit(51).build()).build(),
        base.toBuilder().providers(List.of("vast")).build(),
        base.toBuilder().regions(List.of("US")).build(),
        base.toBuilder().spotPolicy(SpotPolicy.AUTO).build(),
        base.toBuilder().failover(base.failover().withProbeFailureThreshold(5)).build(),
        base.toBuilder().warmPool(null).build(),
        base.toBuilder().standby(base.standby().withMinimums(4, 8)).build(),
        base.toBuilder().checkpointInterval(null).build(),
        base.toBuilder().hibernation(HibernationPolicy.defaults()).build(),
        base.toBuilder().budget(null).build(),
        base.toBuilder().priority(0).build(),
        base.toBuilder().label("extra", "1").build(),
        base.toBuilder().diskGib(124).build(),
        base.toBuilder().bidStrategy(BidStrategy.margin(0.01)).build(),
        base.toBuilder().checkpointOnDelete(false).build());

    for (DeploymentSpec v : variants) assertThat(v).isNotEqualTo(base);
    assertThat(base.toBuilder().build()).isEqualTo(base).hasSameHashCodeAs(base);
  }
}
