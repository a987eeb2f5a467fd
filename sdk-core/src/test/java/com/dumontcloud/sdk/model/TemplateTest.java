package com.dumontcloud.sdk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TemplateTest {
  static final Template FULL = Template.builder("custom", "img:1").displayName("Custom").description("one line")
      .category(TemplateCategory.LLM).port(9000).healthPath("/ready").modelId("org/m").minGpuRamGib(12)
      .vramRequiredGib(6.5).maxPricePerHour(Money.usd("1.5")).recommendedGpu("RTX 4090")
      .config(Map.of("vllm_max_model_len", 4096.0)).env(Map.of("HF_TOKEN", "hf_planted_secret_value"))
      .args(List.of("--serve")).cpuFallback(CpuFallback.llamaCpp("org/m-GGUF", 4, 8)).build();

  @Test
  void builder_onlyRequiredFields_defaults() {
    Template t = Template.builder("t", "img").build();

    assertThat(t.name()).isEqualTo("t");
    assertThat(t.image()).isEqualTo("img");
    assertThat(t.displayName()).isNull();
    assertThat(t.description()).isNull();
    assertThat(t.category()).isEqualTo(TemplateCategory.GENERAL);
    assertThat(t.port()).isEqualTo(8000);
    assertThat(t.healthPath()).isEqualTo("/health");
    assertThat(t.modelId()).isNull();
    assertThat(t.minGpuRamGib()).isZero();
    assertThat(t.vramRequiredGib()).isZero();
    assertThat(t.maxPricePerHour()).isNull();
    assertThat(t.recommendedGpu()).isNull();
    assertThat(t.config()).isEmpty();
    assertThat(t.env()).isEmpty();
    assertThat(t.args()).isEmpty();
    assertThat(t.cpuFallback()).isNull();
    assertThat(t).isEqualTo(Templates.fromMap(Map.of("name", "t", "image", "img")));
  }

  @Test
  void builder_nulls_normalisedLikeTheRecordWas() {
    Template t = Template.builder("t", "img").category(null).healthPath(null).config(null).env(null).args(null)
        .build();

    assertThat(t.category()).isEqualTo(TemplateCategory.GENERAL);
    assertThat(t.healthPath()).isEqualTo("/health");
    assertThat(t.config()).isEmpty();
    assertThat(t.env()).isEmpty();
    assertThat(t.args()).isEmpty();
  }

  @Test
  void build_missingNameOrImage_throwsNamingTheField() {
    assertThatThrownBy(() -> Template.builder(null, "img").build()).isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> Template.builder("t", null).build()).isInstanceOf(NullPointerException.class)
        .hasMessage("image");
  }

  @Test
  void build_copiesCollections_andTheyAreUnmodifiable() {
    Map<String, String> env = new LinkedHashMap<>(Map.of("A", "1"));
    List<String> args = new ArrayList<>(List.of("--x"));
    Map<String, Object> config = new LinkedHashMap<>(Map.of("n", 2.0));
    Template.Builder b = Template.builder("t", "img").env(env).args(args).config(config);
    env.put("B", "2");
    args.add("--y");
    config.put("m", 3);
    Template t = b.build();

    assertThat(t.env()).containsOnlyKeys("A");
    assertThat(t.args()).containsExactly("--x");
    assertThat(t.config()).containsOnlyKeys("n").containsEntry("n", 2);
    assertThatThrownBy(() -> t.env().put("C", "3")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> t.args().add("--z")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> t.config().put("k", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void envOrder_kept() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("Z", "1");
    env.put("A", "2");

    assertThat(Template.builder("t", "img").env(env).build().env().keySet()).containsExactly("Z", "A");
  }

  @Test
  void toBuilder_build_equalsOriginal() {
    assertThat(FULL.toBuilder().build()).isEqualTo(FULL).hasSameHashCodeAs(FULL);
    for (Template t : TemplateCatalog.all()) {
      assertThat(t.toBuilder().build()).isEqualTo(t);
    }
  }

  @Test
  void toBuilder_changesOneField_leavesOriginal() {
    Template copy = FULL.toBuilder().port(9100).build();

    assertThat(copy.port()).isEqualTo(9100);
    assertThat(FULL.port()).isEqualTo(9000);
    assertThat(copy.toBuilder().port(9000).build()).isEqualTo(FULL);
  }

  @Test
  void withConfig_withCpuFallback_replaceOnlyThatField() {
    assertThat(FULL.withConfig(Map.of("x", 1))).isEqualTo(FULL.toBuilder().config(Map.of("x", 1)).build());
    assertThat(FULL.withConfig(null).config()).isEmpty();
    assertThat(FULL.withCpuFallback(null)).isEqualTo(FULL.toBuilder().cpuFallback(null).build());
    assertThat(FULL.withCpuFallback(null).cpuFallback()).isNull();
  }

  @Test
  void equals_eachFieldDiffers_notEqual() {
    List<UnaryOperator<Template.Builder>> changes = List.of(
        b -> b.name("other"),
        b -> b.displayName("Other"),
        b -> b.displayName(null),
        b -> b.description("two lines"),
        b -> b.category(TemplateCategory.IMAGE),
        b -> b.image("img:2"),
        b -> b.port(9001),
        b -> b.healthPath("/health"),
        b -> b.modelId("org/other"),
        b -> b.minGpuRamGib(12.5),
        b -> b.vramRequiredGib(6),
        b -> b.maxPricePerHour(Money.usd("1.6")),
        b -> b.maxPricePerHour(null),
        b -> b.recommendedGpu("RTX 3090"),
        b -> b.config(Map.of("vllm_max_model_len", 8192)),
        b -> b.env(Map.of("HF_TOKEN", "another")),
        b -> b.args(List.of("--serve", "--x")),
        b -> b.cpuFallback(null),
        b -> b.cpuFallback(CpuFallback.llamaCpp("org/m-GGUF", 8, 8)));
    for (UnaryOperator<Template.Builder> change : changes) {
      Template variant = change.apply(FULL.toBuilder()).build();
      assertThat(variant).isNotEqualTo(FULL);
      assertThat(FULL).isNotEqualTo(variant);
    }
    assertThat(FULL).isNotEqualTo(null).isNotEqualTo("custom").isEqualTo(FULL);
  }

  @Test
  void equals_configNumbersNormalised_equalAndSameHash() {
    Template a = Template.builder("t", "img").config(Map.of("n", 8192)).build();
    Template b = Template.builder("t", "img").config(Map.of("n", new BigDecimal("8192.0"))).build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
  }

  @Test
  void toString_namesEnvKeysButNotValues() {
    String s = FULL.toString();

    assertThat(s).startsWith("Template[custom").contains("HF_TOKEN").contains("img:1").contains("port 9000/ready")
        .contains("1.5 USD").contains("12 GiB").doesNotContain("hf_planted_secret_value").doesNotContain("E-")
        .doesNotContain("HF_TOKEN=");
  }

  @Test
  void template_isFinalClass_withoutPublicConstructor() {
    assertThat(Template.class.isRecord()).isFalse();
    assertThat(Modifier.isFinal(Template.class.getModifiers())).isTrue();
    assertThat(Template.class.getConstructors()).isEmpty();
    assertThat(Template.Builder.class.getConstructors()).isEmpty();
  }
}
