package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Template;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** An endpoint record keeps its whole template: write → JSON text → parse → read. */
class SpecJsonTest {

  @SuppressWarnings("unchecked")
  private static EndpointSpec throughJson(EndpointSpec s) {
    String json = MoshiJsonCodec.get().write(SpecJson.write(s));
    return SpecJson.read((Map<String, Object>) MoshiJsonCodec.get().parse(json));
  }

  static List<String> catalogNames() {
    return TemplateCatalog.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogNames")
  void writeRead_catalogTemplate_keepsArgsEnvAndConfig(String name) {
    Template t = TemplateCatalog.get(name);
    EndpointSpec spec = EndpointSpec.builder(t).name("ep-" + name.replace('.', '-').replace('_', '-'))
        .replicas(0, 3).maxPricePerHour(Money.usd("0.75")).build();

    Template back = throughJson(spec).template();

    assertThat(back).isEqualTo(t);
    assertThat(back.args()).isEqualTo(t.args());
    assertThat(back.env()).isEqualTo(t.env());
    assertThat(back.config()).isEqualTo(t.config());
    assertThat(back.description()).isEqualTo(t.description());
    assertThat(back.maxPricePerHour()).isEqualTo(t.maxPricePerHour());
  }

  @Test
  void writeRead_qwen05b_keepsItsTenArgs() {
    EndpointSpec spec = EndpointSpec.builder(TemplateCatalog.get("qwen2.5-0.5b")).name("chat").build();

    assertThat(throughJson(spec).template().args()).hasSize(10).containsSequence("--max-model-len", "8192");
  }

  @Test
  void writeRead_customTemplateWithNestedConfig_isEqual() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("ports", List.of(8000, 9000));
    config.put("limits", Map.of("max_len", 4096, "ratio", 0.9));
    Template t = Template.builder("custom", "img:1").displayName("Custom").description("d").port(9000)
        .healthPath("/ready").modelId("m").minGpuRamGib(12).vramRequiredGib(6).maxPricePerHour(Money.usd("1.5"))
        .recommendedGpu("RTX 4090").config(config).env(Map.of("MODE", "fast"))
        .args(List.of("--serve", "--port", "9000")).build();
    EndpointSpec spec = EndpointSpec.builder(t).name("custom").build();

    assertThat(throughJson(spec).template()).isEqualTo(t);
  }

  @Test
  void read_recordWrittenBeforeTheSharedCodec_stillReads() {
    Map<String, Object> m = new LinkedHashMap<>(SpecJson.write(SimHarness.spec().name("old").build()));
    Map<String, Object> old = new LinkedHashMap<>();
    old.put("name", "qwen2.5-0.5b");
    old.put("display_name", null);
    old.put("category", "LLM");
    old.put("image", "vllm/vllm-openai:latest");
    old.put("port", 8000.0);
    old.put("health_path", "/health");
    old.put("model_id", null);
    old.put("min_gpu_ram", 1.0);
    old.put("vram_required", 1.0);
    old.put("recommended_gpu", null);
    m.put("template", old);

    Template t = SpecJson.read(m).template();

    assertThat(t.name()).isEqualTo("qwen2.5-0.5b");
    assertThat(t.port()).isEqualTo(8000);
    assertThat(t.args()).isEmpty();
  }
}
