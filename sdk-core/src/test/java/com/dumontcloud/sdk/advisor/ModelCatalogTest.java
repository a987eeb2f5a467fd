package com.dumontcloud.sdk.advisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.model.Template;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
  @Test
  void everyTemplateModel_isInTheCatalog() {
    for (Template t : TemplateCatalog.all()) {
      if (t.modelId() == null || t.modelId().isBlank()) continue;
      assertThat(ModelCatalog.find(t.modelId())).as("template %s model %s", t.name(), t.modelId()).isPresent();
    }
  }

  @Test
  void families_coverTheRangesOfTheIssue() {
    List<String> ids = ModelCatalog.all().stream().map(ModelSpec::id).toList();
    assertThat(ids).contains("meta-llama/Llama-3.2-1B-Instruct", "meta-llama/Llama-3.1-405B-Instruct",
        "Qwen/Qwen2.5-0.5B-Instruct", "Qwen/Qwen2.5-72B-Instruct", "Qwen/Qwen3-0.6B", "Qwen/Qwen3-32B",
        "mistralai/Mistral-7B-Instruct-v0.3", "mistralai/Mixtral-8x7B-Instruct-v0.1",
        "mistralai/Mixtral-8x22B-Instruct-v0.1", "microsoft/Phi-3-mini-4k-instruct", "microsoft/phi-4",
        "google/gemma-2-9b-it", "google/gemma-3-27b-it", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
        "deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "openai/whisper-large-v3", "stabilityai/stable-diffusion-xl-base-1.0");
  }

  @Test
  void everyModel_hasASourceAndAConsistentShape() {
    for (ModelSpec m : ModelCatalog.all()) {
      assertThat(m.source()).as(m.id()).startsWith("https://huggingface.co/" + m.id());
      assertThat(m.known()).isTrue();
      if (m.kind() == ModelSpec.Kind.LLM) {
        assertThat(m.attentionHeads() % m.kvHeads()).as(m.id()).isZero();
        assertThat(m.maxContext()).as(m.id()).isGreaterThanOrEqualTo(4096);
        assertThat(m.kvElementsPerToken()).isEqualTo(2L * m.layers() * m.kvHeads() * m.headDim());
      }
      assertThat(ModelCatalog.fromMap(m.toMap())).as("round trip " + m.id()).isEqualTo(m);
    }
  }

  @Test
  void publishedShapes_ofWellKnownConfigs() {
    ModelSpec l8 = ModelCatalog.find("meta-llama/Llama-3.1-8B-Instruct").orElseThrow();
    assertThat(List.of(l8.layers(), l8.attentionHeads(), l8.kvHeads(), l8.headDim(), l8.maxContext()))
        .containsExactly(32, 32, 8, 128, 131072);
    ModelSpec l70 = ModelCatalog.find("meta-llama/Llama-3.3-70B-Instruct").orElseThrow();
    assertThat(List.of(l70.layers(), l70.kvHeads(), l70.headDim())).containsExactly(80, 8, 128);
    ModelSpec mixtral = ModelCatalog.find("mistralai/Mixtral-8x7B-Instruct-v0.1").orElseThrow();
    assertThat(mixtral.parameters()).isEqualTo(46_700_000_000L);
    assertThat(mixtral.activeParameters()).isEqualTo(12_900_000_000L);
  }

  @Test
  void find_ignoresCaseAndMatchesAliasesNamesAndQuantisedBuilds() {
    String id = "meta-llama/Llama-3.1-8B-Instruct";
    assertThat(ModelCatalog.find("META-LLAMA/llama-3.1-8b-instruct")).map(ModelSpec::id).contains(id);
    assertThat(ModelCatalog.find("meta-llama/Meta-Llama-3.1-8B-Instruct")).map(ModelSpec::id).contains(id);
    assertThat(ModelCatalog.find("Llama-3.1-8B-Instruct")).map(ModelSpec::id).contains(id);
    assertThat(ModelCatalog.find("neuralmagic/Meta-Llama-3.1-8B-Instruct-FP8")).map(ModelSpec::id).contains(id);
    assertThat(ModelCatalog.find("Qwen/Qwen2.5-Coder-32B-Instruct-AWQ")).map(ModelSpec::id)
        .contains("Qwen/Qwen2.5-Coder-32B-Instruct");
    assertThat(ModelCatalog.find("Systran/faster-whisper-small")).map(ModelSpec::id).contains("openai/whisper-small");
    assertThat(ModelCatalog.find("acme/unknown-13b")).isEmpty();
    assertThat(ModelCatalog.dtypeHint("Qwen/Qwen2.5-Coder-32B-Instruct-AWQ")).contains(Dtype.INT4);
    assertThat(ModelCatalog.dtypeHint("Qwen/Qwen2.5-7B-Instruct-GPTQ-Int8")).contains(Dtype.INT8);
    assertThat(ModelCatalog.dtypeHint("neuralmagic/Meta-Llama-3.1-8B-Instruct-FP8-dynamic")).contains(Dtype.FP8);
    assertThat(ModelCatalog.dtypeHint("meta-llama/Llama-3.1-8B-Instruct")).isEmpty();
  }

  @Test
  void assumed_unknownModel_takesTheNearestDenseGqaShape_andSaysSo() {
    ModelSpec m = ModelCatalog.assumed("acme/my-13b", 13_000_000_000L);
    assertThat(m.known()).isFalse();
    assertThat(m.parameters()).isEqualTo(13_000_000_000L);
    assertThat(m.kvHeads()).isLessThan(m.attentionHeads());
    ModelSpec ref = ModelCatalog.all().stream().filter(x -> m.assumption().contains("shape of " + x.id() + " "))
        .findFirst().orElseThrow();
    assertThat(ref.layers()).isEqualTo(m.layers());
    assertThat(ref.activeParameters()).isNull();
    assertThat(Math.abs(Math.log(13e9 / ref.parameters()))).isLessThan(0.2);
    assertThat(m.assumption()).startsWith("acme/my-13b is not in the catalog: assumed bf16 and the shape of ");
  }

  @Test
  void assumed_sevenBillion_isMistralShaped_asTheDocsSay() {
    assertThat(ModelCatalog.assumed("acme/house-7b", 7_000_000_000L).assumption()).isEqualTo("acme/house-7b is not in"
        + " the catalog: assumed bf16 and the shape of mistralai/Mistral-7B-Instruct-v0.3 (32 layers, 32 attention heads,"
        + " 8 KV heads, head dim 128), the catalog's dense model nearest in size");
  }

  @Test
  void parseParameters_acceptsSuffixes_andRejectsNonsenseNamingTheFlag() {
    assertThat(ModelCatalog.parseParameters("8b")).isEqualTo(8_000_000_000L);
    assertThat(ModelCatalog.parseParameters("0.5B")).isEqualTo(500_000_000L);
    assertThat(ModelCatalog.parseParameters("500m")).isEqualTo(500_000_000L);
    assertThat(ModelCatalog.parseParameters("1.5e9")).isEqualTo(1_500_000_000L);
    assertThat(ModelCatalog.parseParameters("8030261248")).isEqualTo(8_030_261_248L);
    assertThatThrownBy(() -> ModelCatalog.parseParameters("eight")).hasMessage("--params must be a parameter count "
        + "such as 8b, 0.5b, 500m or 8030261248, got 'eight'");
    assertThatThrownBy(() -> ModelCatalog.parseParameters("8")).hasMessageContaining("not a plausible model size");
  }
}
