package com.dumontcloud.sdk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TemplatesTest {

  @SuppressWarnings("unchecked")
  private static Template throughJson(Template t) {
    String json = MoshiJsonCodec.get().write(Templates.toMap(t));
    return Templates.fromMap((Map<String, Object>) MoshiJsonCodec.get().parse(json));
  }

  static List<String> catalogNames() {
    return TemplateCatalog.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogNames")
  void toMap_json_fromMap_catalogTemplate_keepsEveryComponent(String name) {
    Template t = TemplateCatalog.get(name);

    Template back = throughJson(t);

    assertThat(back).isEqualTo(t);
    assertThat(back.args()).isEqualTo(t.args());
    assertThat(back.env()).isEqualTo(t.env());
    assertThat(back.config()).isEqualTo(t.config());
    assertThat(back.description()).isEqualTo(t.description());
    assertThat(back.vramRequiredGib()).isEqualTo(t.vramRequiredGib());
    assertThat(back.recommendedGpu()).isEqualTo(t.recommendedGpu());
    assertThat(back.maxPricePerHour()).isEqualTo(t.maxPricePerHour());
  }

  @Test
  void toMap_writesEveryKey() {
    Template t = TemplateCatalog.get("sdxl-turbo");

    assertThat(Templates.toMap(t)).containsOnlyKeys("name", "display_name", "description", "category", "image",
        "port", "health_path", "model_id", "min_gpu_ram", "vram_required", "recommended_gpu", "config", "env", "args");
    assertThat(Templates.toMap(TemplateCatalog.get("budget"))).containsEntry("max_price", 0.5);
  }

  @Test
  void config_nestedValuesAndNumbers_survivePlainAndJsonRoundTrip() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("ports", List.of(8000, 8001.0, 0.5));
    nested.put("deep", Map.of("big", 5_000_000_000L, "flag", true));
    nested.put("none", null);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("vllm_max_model_len", 8192);
    config.put("max_price", 2.0);
    config.put("ratio", new BigDecimal("0.250"));
    config.put("nested", nested);
    Template t = Template.builder("custom", "img").port(80).config(config).args(List.of("--x")).build();

    assertThat(t.config()).containsEntry("max_price", 2).containsEntry("vllm_max_model_len", 8192)
        .containsEntry("ratio", 0.25);
    assertThat(((Map<?, ?>) t.config().get("nested")).get("ports")).isEqualTo(List.of(8000, 8001, 0.5));
    assertThat(throughJson(t)).isEqualTo(t);
    assertThat(throughJson(t).config()).isEqualTo(t.config());
    assertThat(Templates.fromMap(Templates.toMap(t))).isEqualTo(t);
  }

  @Test
  void config_isDeeplyUnmodifiable() {
    Template t = Template.builder("c", "img").port(80).config(Map.of("n", new java.util.ArrayList<>(List.of(1))))
        .build();

    assertThatThrownBy(() -> ((List<Object>) t.config().get("n")).add(2))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void fromMap_yamlStyleScalars_areTexts() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "c");
    m.put("image", "img");
    m.put("env", Map.of("PORT", 8080, "RATIO", 0.5));
    m.put("args", List.of("--port", 8000.0, 0.9, true));

    Template t = Templates.fromMap(m);

    assertThat(t.env()).containsEntry("PORT", "8080").containsEntry("RATIO", "0.5");
    assertThat(t.args()).containsExactly("--port", "8000", "0.9", "true");
    assertThat(t.port()).isEqualTo(8000);
    assertThat(t.healthPath()).isEqualTo("/health");
    assertThat(t.category()).isEqualTo(TemplateCategory.GENERAL);
  }

  @Test
  void maxPrice_nonUsd_roundTripsAsText() {
    Template t = Template.builder("c", "img").port(80).maxPricePerHour(Money.of(new BigDecimal("0.42"), "EUR"))
        .build();

    assertThat(Templates.toMap(t)).containsEntry("max_price", "0.42 EUR");
    assertThat(throughJson(t)).isEqualTo(t);
  }

  @Test
  void fromMap_missingOrMalformed_namesTheKey() {
    assertThatThrownBy(() -> Templates.fromMap(Map.of("name", "x"))).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("template.image");
    assertThatThrownBy(() -> Templates.fromMap(Map.of("image", "x"))).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("template.name");
    assertThatThrownBy(() -> Templates.fromMap(Map.of("name", "x", "image", "i", "port", 70000)))
        .isInstanceOf(InvalidSpecException.class).hasMessage("template.port must be a whole number in 1..65535, got 70000");
    assertThatThrownBy(() -> Templates.fromMap(Map.of("name", "x", "image", "i", "category", "video")))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("template.category must be one of")
        .hasMessageContaining("got 'video'");
    assertThatThrownBy(() -> Templates.fromMap(Map.of("name", "x", "image", "i", "args", "--port 80")))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("template.args must be a list");
    assertThatThrownBy(() -> Templates.fromMap(Map.of("name", "x", "image", "i", "min_gpu_ram", "lots")))
        .isInstanceOf(InvalidSpecException.class).hasMessage("template.min_gpu_ram must be a number in 0..10000, got 'lots'");
    assertThatThrownBy(() -> Templates.fromMap(Map.of("name", "x", "image", "i", "max_price", "cheap")))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("template.max_price must be an amount");
  }

  @Test
  void fromMap_unknownKey_rejectedWithSuggestion() {
    assertThatThrownBy(() -> Templates.fromMap(Map.of("name", "x", "image", "i", "helth_path", "/h")))
        .isInstanceOf(InvalidSpecException.class).hasMessage("unknown key 'template.helth_path'; did you mean 'health_path'?");
  }
}
