package com.dumontcloud.sdk.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateCatalogTest {

  @Test
  void highPerformance_configIsExactlySeed001() {
    Template t = TemplateCatalog.get("high_performance");

    assertThat(t.config()).containsExactly(
        Map.entry("vllm_model_name", "Qwen/Qwen2.5-Coder-32B-Instruct"),
        Map.entry("vllm_max_model_len", 8192),
        Map.entry("min_gpu_ram", 24),
        Map.entry("max_price", 2)); // the seed's 2.0: whole numbers in a config are Integers (Templates)
    assertThat(t.category()).isEqualTo(TemplateCategory.GENERAL);
    assertThat(t.minGpuRamGib()).isEqualTo(24);
    assertThat(t.maxPricePerHour()).isEqualTo(Money.usd(2.0));
    assertThat(t.image()).startsWith("vllm/vllm-openai:");
    assertThat(t.args()).containsSequence("--model", "Qwen/Qwen2.5-Coder-32B-Instruct")
        .containsSequence("--max-model-len", "8192");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "budget, Qwen/Qwen2.5-Coder-7B-Instruct, 8, 0.5",
      "research, Qwen/Qwen2.5-Coder-14B-Instruct, 16, 1.0"})
  void generalTemplates_matchSeed001(String name, String model, int minGpuRam, double maxPrice) {
    Template t = TemplateCatalog.get(name);

    assertThat(t.config()).containsExactly(
        Map.entry("vllm_model_name", model),
        Map.entry("min_gpu_ram", minGpuRam),
        Map.entry("max_price", maxPrice == Math.rint(maxPrice) ? (Object) (int) maxPrice : (Object) maxPrice));
    assertThat(t.modelId()).isEqualTo(model);
    assertThat(t.port()).isEqualTo(8000);
    assertThat(t.healthPath()).isEqualTo("/health");
    assertThat(t.args()).containsSequence("--model", model).doesNotContain("--max-model-len");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "qwen3-0.6b, Qwen/Qwen3-0.6B, 2, 8, RTX 3080",
      "qwen2.5-0.5b, Qwen/Qwen2.5-0.5B-Instruct, 1, 8, RTX 3080",
      "phi-3-mini, microsoft/Phi-3-mini-4k-instruct, 8, 10, RTX 3080",
      "qwen2.5-7b, Qwen/Qwen2.5-7B-Instruct, 14, 20, RTX 4090",
      "mistral-7b, mistralai/Mistral-7B-Instruct-v0.3, 14, 20, RTX 4090",
      "llama-3.1-8b, meta-llama/Llama-3.1-8B-Instruct, 16, 20, RTX 4090"})
  void llmTemplates_matchSeed000AndServeOnVllm(String slug, String model, double vram, double minGpuRam,
      String gpu) {
    Template t = TemplateCatalog.get(slug);

    assertThat(t.category()).isEqualTo(TemplateCategory.LLM);
    assertThat(t.modelId()).isEqualTo(model);
    assertThat(t.vramRequiredGib()).isEqualTo(vram);
    assertThat(t.minGpuRamGib()).isEqualTo(minGpuRam).isGreaterThanOrEqualTo(vram);
    assertThat(t.recommendedGpu()).isEqualTo(gpu);
    assertThat(GpuCatalog.resolve(gpu).vramGib()).isGreaterThanOrEqualTo(minGpuRam);
    assertThat(t.image()).startsWith("vllm/vllm-openai:");
    assertThat(t.port()).isEqualTo(8000);
    assertThat(t.healthPath()).isEqualTo("/health");
    assertThat(t.args()).containsSequence("--model", model).containsSequence("--gpu-memory-utilization", "0.9");
    assertThat(t.config()).containsEntry("vllm_model_name", model);
  }

  @Test
  void whisperSmall_usesARealOpenAiWhisperServerNotTgi() {
    Template t = TemplateCatalog.get("whisper-small");

    assertThat(t.category()).isEqualTo(TemplateCategory.SPEECH);
    assertThat(t.image()).isEqualTo("fedirz/faster-whisper-server:latest-cuda").doesNotContain("text-generation");
    assertThat(t.port()).isEqualTo(8000);
    assertThat(t.healthPath()).isEqualTo("/health");
    assertThat(t.env()).containsEntry("WHISPER__MODEL", "Systran/faster-whisper-small");
    assertThat(t.vramRequiredGib()).isEqualTo(2);
    assertThat(t.minGpuRamGib()).isEqualTo(4);
    assertThat(t.recommendedGpu()).isEqualTo("RTX 3080");
    assertThat(t.description()).contains("openai/whisper-small", "/v1/audio/transcriptions");
  }

  @Test
  void sdxlTurbo_usesAServingImage() {
    Template t = TemplateCatalog.get("sdxl-turbo");

    assertThat(t.category()).isEqualTo(TemplateCategory.IMAGE);
    assertThat(t.image()).contains("huggingface-pytorch-inference").doesNotContain("diffusers:latest");
    assertThat(t.env()).containsEntry("HF_MODEL_ID", "stabilityai/sdxl-turbo").containsEntry("HF_TASK",
        "text-to-image");
    assertThat(t.port()).isEqualTo(5000);
    assertThat(t.healthPath()).isEqualTo("/health");
    assertThat(t.vramRequiredGib()).isEqualTo(12);
    assertThat(t.minGpuRamGib()).isEqualTo(16);
    assertThat(t.recommendedGpu()).isEqualTo("RTX 4090");
  }

  @Test
  void embeddingsTemplate_servesBgeOnTei() {
    List<Template> embeddings = TemplateCatalog.byCategory(TemplateCategory.EMBEDDINGS);

    assertThat(embeddings).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("bge-large-en-v1.5");
      assertThat(t.image()).startsWith("ghcr.io/huggingface/text-embeddings-inference:");
      assertThat(t.args()).containsSequence("--model-id", "BAAI/bge-large-en-v1.5");
      assertThat(t.port()).isEqualTo(80);
      assertThat(t.healthPath()).isEqualTo("/health");
    });
  }

  @ParameterizedTest
  @CsvSource({
      "RTX 3080, ghcr.io/huggingface/text-embeddings-inference:86-1.5",
      "RTX 4090, ghcr.io/huggingface/text-embeddings-inference:89-1.5",
      "A100 80GB, ghcr.io/huggingface/text-embeddings-inference:1.5",
      "H100 SXM, ghcr.io/huggingface/text-embeddings-inference:hopper-1.5",
      "T4, ghcr.io/huggingface/text-embeddings-inference:turing-1.5"})
  void embeddingsImageFor_gpu_picksArchitectureBuild(String gpu, String image) {
    assertThat(TemplateCatalog.embeddingsImageFor(GpuCatalog.resolve(gpu))).contains(image);
  }

  @Test
  void embeddingsImageFor_unsupportedGpu_isEmpty() {
    assertThat(TemplateCatalog.embeddingsImageFor(GpuCatalog.resolve("V100"))).isEmpty();
    assertThat(TemplateCatalog.embeddingsImageFor(GpuCatalog.resolve("Mystery X1"))).isEmpty();
  }

  @Test
  void all_namesAreUniqueAndEveryTemplateHasImagePortHealthAndRecommendedKnownGpu() {
    List<Template> all = TemplateCatalog.all();

    assertThat(TemplateCatalog.names()).doesNotHaveDuplicates()
        .startsWith("high_performance", "budget", "research")
        .contains("qwen3-0.6b", "qwen2.5-0.5b", "phi-3-mini", "qwen2.5-7b", "mistral-7b", "llama-3.1-8b",
            "whisper-small", "sdxl-turbo", "bge-large-en-v1.5");
    for (Template t : all) {
      assertThat(t.image()).as(t.name()).isNotBlank().doesNotEndWith(":latest");
      assertThat(t.port()).as(t.name()).isPositive();
      assertThat(t.healthPath()).as(t.name()).startsWith("/");
      assertThat(t.minGpuRamGib()).as(t.name()).isPositive();
      assertThat(GpuCatalog.resolve(t.recommendedGpu()).known()).as(t.name()).isTrue();
      assertThat(t.description()).as(t.name()).isNotBlank();
    }
  }

  @ParameterizedTest
  @CsvSource({"high_performance", "HIGH-PERFORMANCE", " budget ", "Qwen2.5_7B"})
  void find_nameIgnoresCaseAndDashUnderscore(String name) {
    assertThat(TemplateCatalog.find(name)).isPresent();
  }

  @Test
  void get_unknownName_listsKnownTemplates() {
    assertThatThrownBy(() -> TemplateCatalog.get("invalid_template"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("unknown template 'invalid_template'")
        .hasMessageContaining("high_performance, budget, research");
  }

  @Test
  void applyOverrides_seedCustomConfig_mergesAndUpdatesArgs() {
    Template base = TemplateCatalog.get("high_performance");

    Template t = TemplateCatalog.applyOverrides(base, Map.of("vllm_max_model_len", 4096));

    assertThat(t.config()).containsEntry("vllm_max_model_len", 4096)
        .containsEntry("vllm_model_name", "Qwen/Qwen2.5-Coder-32B-Instruct");
    assertThat(t.args()).containsSequence("--max-model-len", "4096").doesNotContain("8192");
    assertThat(base.config()).containsEntry("vllm_max_model_len", 8192);
  }

  @Test
  void applyOverrides_seedExample_lengthAndMemoryUtilization() {
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("vllm_max_model_len", 16384);
    custom.put("vllm_gpu_memory_utilization", 0.9);

    Template t = TemplateCatalog.applyOverrides(TemplateCatalog.get("high_performance"), custom);

    assertThat(t.args()).containsSequence("--max-model-len", "16384")
        .containsSequence("--gpu-memory-utilization", "0.9");
  }

  @Test
  void applyOverrides_numericAndBooleanStrings_areAccepted() {
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("vllm_max_model_len", "4096");
    custom.put("vllm_gpu_memory_utilization", "0.85");
    custom.put("vllm_tensor_parallel_size", "2");
    custom.put("auto_destroy", "true");
    custom.put("min_gpu_ram", "48");
    custom.put("max_price", "3");

    Template t = TemplateCatalog.applyOverrides(TemplateCatalog.get("budget"), custom);

    assertThat(t.config()).containsEntry("vllm_max_model_len", 4096)
        .containsEntry("vllm_gpu_memory_utilization", 0.85)
        .containsEntry("auto_destroy", true)
        .containsEntry("min_gpu_ram", 48)
        .containsEntry("max_price", 3);
    assertThat(t.args()).containsSequence("--tensor-parallel-size", "2")
        .containsSequence("--gpu-memory-utilization", "0.85");
    assertThat(t.minGpuRamGib()).isEqualTo(48);
    assertThat(t.maxPricePerHour()).isEqualTo(Money.usd(3));
  }

  @Test
  void applyOverrides_newModel_updatesModelIdAndArgs() {
    Template t = TemplateCatalog.applyOverrides(TemplateCatalog.get("budget"),
        Map.of("vllm_model_name", "Qwen/Qwen2.5-Coder-7B-Instruct-AWQ", "vllm_enforce_eager", true));

    assertThat(t.modelId()).isEqualTo("Qwen/Qwen2.5-Coder-7B-Instruct-AWQ");
    assertThat(t.args()).containsSequence("--model", "Qwen/Qwen2.5-Coder-7B-Instruct-AWQ")
        .contains("--enforce-eager");
    assertThat(t.vramRequiredGib()).isZero();
  }

  @Test
  void applyOverrides_nullOrEmpty_returnsSameTemplate() {
    Template base = TemplateCatalog.get("budget");

    assertThat(TemplateCatalog.applyOverrides(base, null)).isSameAs(base);
    assertThat(TemplateCatalog.applyOverrides(base, Map.of())).isSameAs(base);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "vllm_max_model_len|0|vllm_max_model_len must be a positive integer, got '0'",
      "vllm_max_model_len|-4096|vllm_max_model_len must be a positive integer, got '-4096'",
      "vllm_max_model_len|4096.5|vllm_max_model_len must be a positive integer",
      "vllm_max_model_len|lots|vllm_max_model_len must be a number, got 'lots'",
      "vllm_gpu_memory_utilization|0|vllm_gpu_memory_utilization must be in (0, 1]",
      "vllm_gpu_memory_utilization|1.5|vllm_gpu_memory_utilization must be in (0, 1]",
      "vllm_gpu_memory_utilization|-0.2|vllm_gpu_memory_utilization must be in (0, 1]",
      "vllm_tensor_parallel_size|0|vllm_tensor_parallel_size must be a positive integer",
      "vllm_dtype|int4|vllm_dtype must be one of",
      "max_price|0|max_price must be a positive price",
      "min_gpu_ram|-8|min_gpu_ram must be positive",
      "auto_destroy|yes|auto_destroy must be true or false",
      "vllm_model_name|' '|vllm_model_name must be a non-blank string"})
  void applyOverrides_invalidValue_throwsClearError(String key, String value, String message) {
    Template base = TemplateCatalog.get("high_performance");

    assertThatThrownBy(() -> TemplateCatalog.applyOverrides(base, Map.of(key, value)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("template 'high_performance'")
        .hasMessageContaining(message);
  }

  @Test
  void applyOverrides_numericUtilizationOne_isAllowed() {
    Template t = TemplateCatalog.applyOverrides(TemplateCatalog.get("qwen2.5-7b"),
        Map.of("vllm_gpu_memory_utilization", 1));

    assertThat(t.args()).containsSequence("--gpu-memory-utilization", "1");
  }

  @Test
  void applyOverrides_unknownKey_namesKeyAndListsAllowedKeys() {
    assertThatThrownBy(() -> TemplateCatalog.applyOverrides(TemplateCatalog.get("budget"),
        Map.of("vllm_max_len", 4096)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("unknown key 'vllm_max_len'")
        .hasMessageContaining("allowed keys: auto_destroy, disk_gb, max_price, min_gpu_ram,")
        .hasMessageContaining("vllm_max_model_len");
  }

  @Test
  void applyOverrides_vllmKeyOnNonVllmTemplate_isRejected() {
    assertThatThrownBy(() -> TemplateCatalog.applyOverrides(TemplateCatalog.get("whisper-small"),
        Map.of("vllm_max_model_len", 4096)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("'vllm_max_model_len' applies only to vLLM templates")
        .hasMessageContaining("allowed keys: auto_destroy, disk_gb, max_price, min_gpu_ram)");
  }

  @Test
  void applyOverrides_severalProblems_reportsAll() {
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("vllm_max_model_len", -1);
    custom.put("colour", "red");

    assertThatThrownBy(() -> TemplateCatalog.applyOverrides(TemplateCatalog.get("budget"), custom))
        .hasMessageContaining("vllm_max_model_len must be a positive integer")
        .hasMessageContaining("unknown key 'colour'");
  }

  @Test
  void allowedOverrideKeys_dependOnRuntime() {
    assertThat(TemplateCatalog.allowedOverrideKeys(TemplateCatalog.get("budget")))
        .contains("vllm_model_name", "vllm_max_model_len", "vllm_gpu_memory_utilization", "auto_destroy");
    assertThat(TemplateCatalog.allowedOverrideKeys(TemplateCatalog.get("sdxl-turbo")))
        .containsExactly("auto_destroy", "disk_gb", "max_price", "min_gpu_ram");
  }

  @ParameterizedTest
  @CsvSource({"1, 8, 8", "2, 4, 4", "8, 8, 10", "12, 12, 16", "14, 8, 20", "16, 8, 20", "65, 8, 80", "200, 8, 240"})
  void minGpuRam_roundsUpToCommonSizeWithHeadroomAndFloor(double vram, double floor, double expected) {
    assertThat(TemplateCatalog.minGpuRam(vram, floor)).isEqualTo(expected);
  }
}
