package com.dumontcloud.sdk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuFallbackTest {
  static final CpuFallback FULL = CpuFallback.builder("ghcr.io/ggml-org/llama.cpp:server")
      .args(List.of("-hf", "Qwen/Qwen2.5-0.5B-Instruct-GGUF", "--host", "0.0.0.0", "--port", "8081"))
      .port(8081).healthPath("/ready").env(Map.of("LLAMA_ARG_THREADS", "4")).minVcpus(4).minRamGib(6.5)
      .modelId("Qwen/Qwen2.5-0.5B-Instruct-GGUF").build();

  @SuppressWarnings("unchecked")
  private static Template throughJson(Template t) {
    String json = MoshiJsonCodec.get().write(Templates.toMap(t));
    return Templates.fromMap((Map<String, Object>) MoshiJsonCodec.get().parse(json));
  }

  @Test
  void template_withFallback_roundTripsThroughMapAndJson() {
    Template t = TemplateCatalog.get("sdxl-turbo").withCpuFallback(FULL);

    assertThat(Templates.fromMap(Templates.toMap(t))).isEqualTo(t);
    Template back = throughJson(t);
    assertThat(back).isEqualTo(t);
    assertThat(back.cpuFallback()).isEqualTo(FULL);
    assertThat(back.cpuFallback().args()).isEqualTo(FULL.args());
    assertThat(back.cpuFallback().env()).isEqualTo(FULL.env());
    assertThat(back.cpuFallback().minRamGib()).isEqualTo(6.5);
    assertThat(Templates.toMap(t).get("cpu_fallback")).isEqualTo(Map.of("image", FULL.image(), "args", FULL.args(),
        "port", 8081, "health_path", "/ready", "env", Map.of("LLAMA_ARG_THREADS", "4"), "min_vcpus", 4,
        "min_ram_gib", 6.5, "model", "Qwen/Qwen2.5-0.5B-Instruct-GGUF"));
  }

  @Test
  void template_withoutFallback_writesNoKey_andRoundTrips() {
    Template t = Template.builder("c", "img").port(80).build();
    assertThat(t.cpuFallback()).isNull();
    assertThat(Templates.toMap(t)).doesNotContainKey("cpu_fallback");
    assertThat(throughJson(t)).isEqualTo(t);
  }

  @Test
  void fromMap_onlyImage_takesTheDefaults() {
    CpuFallback f = Templates.fallbackFromMap(Map.of("image", "llama"));
    assertThat(f.port()).isEqualTo(8080);
    assertThat(f.healthPath()).isEqualTo("/health");
    assertThat(f.minVcpus()).isEqualTo(2);
    assertThat(f.minRamGib()).isEqualTo(4);
    assertThat(f.args()).isEmpty();
    assertThat(f.modelId()).isNull();
  }

  @Test
  void badValues_nameTheFieldAndTheValue() {
    Map<String, Object> m = new LinkedHashMap<>(Templates.toMap(TemplateCatalog.get("qwen2.5-0.5b")));
    m.put("cpu_fallback", Map.of("image", "llama", "port", 70000));
    assertThatThrownBy(() -> Templates.fromMap(m)).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("template.cpu_fallback.port").hasMessageContaining("70000");
    m.put("cpu_fallback", Map.of("port", 8080));
    assertThatThrownBy(() -> Templates.fromMap(m)).hasMessageContaining("template.cpu_fallback.image is required");
    m.put("cpu_fallback", Map.of("image", "llama", "health_path", "health"));
    assertThatThrownBy(() -> Templates.fromMap(m)).hasMessageContaining("template.cpu_fallback.health_path")
        .hasMessageContaining("'health'");
    m.put("cpu_fallback", Map.of("image", "llama", "min_ram_gib", -1));
    assertThatThrownBy(() -> Templates.fromMap(m)).hasMessageContaining("cpu_fallback.min_ram_gib");
    m.put("cpu_fallback", Map.of("image", "llama", "args", List.of(Map.of())));
    assertThatThrownBy(() -> Templates.fromMap(m)).hasMessageContaining("template.cpu_fallback.args[0]");
    m.put("cpu_fallback", "llama");
    assertThatThrownBy(() -> Templates.fromMap(m)).hasMessageContaining("template.cpu_fallback must be an object");
    assertThatThrownBy(() -> CpuFallback.builder(" ").build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cpu_fallback.image");
    assertThatThrownBy(() -> CpuFallback.builder("x").minVcpus(-1).build())
        .hasMessageContaining("cpu_fallback.min_vcpus").hasMessageContaining("-1");
  }

  @Test
  void catalog_llmTemplatesHaveALlamaCppFallback_othersNone() {
    for (Template t : TemplateCatalog.all()) {
      boolean llm = t.category() == TemplateCategory.LLM || t.category() == TemplateCategory.GENERAL;
      if (!llm) {
        assertThat(t.cpuFallback()).as(t.name()).isNull();
        continue;
      }
      CpuFallback f = t.cpuFallback();
      assertThat(f).as(t.name()).isNotNull();
      assertThat(f.image()).isEqualTo(CpuFallback.LLAMA_CPP_IMAGE);
      assertThat(f.port()).isEqualTo(8080);
      assertThat(f.healthPath()).isEqualTo("/health");
      assertThat(f.args()).startsWith("-hf").contains("--port", "8080");
      assertThat(f.modelId()).containsIgnoringCase("gguf");
    }
    assertThat(TemplateCatalog.get("qwen2.5-0.5b").cpuFallback().args())
        .containsExactly("-hf", "Qwen/Qwen2.5-0.5B-Instruct-GGUF", "--host", "0.0.0.0", "--port", "8080");
    // overrides keep the fallback
    assertThat(TemplateCatalog.applyOverrides(TemplateCatalog.get("qwen2.5-0.5b"), Map.of("vllm_max_model_len", 2048))
        .cpuFallback()).isEqualTo(TemplateCatalog.get("qwen2.5-0.5b").cpuFallback());
  }

  @Test
  void launchTemplate_runsTheFallbackWithoutGpuNeeds() {
    Template gpu = TemplateCatalog.get("qwen2.5-0.5b");
    Template cpu = gpu.cpuFallback().launchTemplate(gpu);
    assertThat(cpu.image()).isEqualTo(CpuFallback.LLAMA_CPP_IMAGE);
    assertThat(cpu.port()).isEqualTo(8080);
    assertThat(cpu.healthPath()).isEqualTo("/health");
    assertThat(cpu.args()).isEqualTo(gpu.cpuFallback().args());
    assertThat(cpu.minGpuRamGib()).isZero();
    assertThat(cpu.modelId()).isEqualTo("Qwen/Qwen2.5-0.5B-Instruct-GGUF");
  }
}
