package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.advisor.ModelCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code dumont advisor recommend|models} on the simulated cloud, no credentials. */
class CliAdvisorTest extends CliTestBase {
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }

  @Test
  @SuppressWarnings("unchecked")
  void recommend_json_hasTheDocumentedShape_andTheCheapestFitIsTheMinimum() {
    assertThat(run("advisor", "recommend", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--provider", "sim",
        "-o", "json")).as(stderr()).isZero();
    Map<String, Object> m = json();
    assertThat(m).containsOnlyKeys("model", "dtype", "context", "concurrency", "estimate", "tiers");
    assertThat(m).containsEntry("model", "meta-llama/Llama-3.1-8B-Instruct").containsEntry("dtype", "bf16")
        .containsEntry("context", 8192.0).containsEntry("concurrency", 1.0);
    assertThat((Map<String, Object>) m.get("estimate")).containsExactly(Map.entry("weights_gb", 14.96),
        Map.entry("kv_cache_gb", 1.0), Map.entry("overhead_gb", 3.44), Map.entry("total_gb", 19.4));
    List<Map<String, Object>> tiers = list(m.get("tiers"));
    assertThat(tiers).isNotEmpty();
    assertThat(tiers.get(0)).containsEntry("tier", "minimum");
    assertThat(tiers.get(tiers.size() - 1)).containsEntry("tier", "maximum");
    for (Map<String, Object> t : tiers) {
      assertThat(t).containsOnlyKeys("tier", "gpu", "num_gpus", "vram_gb", "price_per_hour", "offer_id", "provider",
          "reason", "price_per_million_output_tokens", "output_tokens_per_second", "throughput_kind",
          "throughput_source");
      assertThat(t).containsEntry("throughput_kind", "estimate");
      assertThat((String) t.get("throughput_source")).startsWith("estimate: memory-bandwidth roofline, ")
          .endsWith(" GB/s datasheet, efficiency 0.6");
      assertThat(t).containsEntry("provider", "sim");
      assertThat((Double) t.get("vram_gb") * (Double) t.get("num_gpus")).isGreaterThanOrEqualTo(19.4 * 0.5);
    }
    double minimum = (Double) tiers.get(0).get("price_per_hour");
    assertThat(tiers).allSatisfy(t -> assertThat((Double) t.get("price_per_hour")).isGreaterThanOrEqualTo(minimum));

    // independently: the cheapest single-GPU sim offer with the 19.4 GiB one GPU needs costs no less
    assertThat(run("offers", "search", "--provider", "sim", "gpu_ram>=19.4 num_gpus=1", "--sort", "price", "--limit",
        "1", "--json")).as(stderr()).isZero();
    Map<String, Object> cheapest = list(json().get("offers")).get(0);
    assertThat(minimum).isLessThanOrEqualTo(((Number) cheapest.get("dph_total")).doubleValue());
  }

  @Test
  void recommend_table_showsTheTermsTiersAndReasons() {
    assertThat(run("advisor", "recommend", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--concurrency", "8",
        "--provider", "sim")).as(stderr()).isZero();
    assertThat(stdout()).contains("meta-llama/Llama-3.1-8B-Instruct in bf16, 8192 tokens × 8 sequences")
        .contains("memory: weights 14.96 + KV cache 8.00 + overhead").contains("TIER").contains("minimum: the cheapest")
        .contains("maximum: the most GPU performance").contains("TOKENS/S")
        .contains("~ estimate: memory-bandwidth roofline").contains("  throughput: estimate: memory-bandwidth roofline");
    assertThat(stdout().lines().filter(l -> l.startsWith("minimum ")).findFirst().orElseThrow()).contains(" ~");
  }

  @Test
  void recommend_budget_capsEveryTier_andTooLowANamedError() {
    assertThat(run("advisor", "recommend", "--model", "Qwen/Qwen2.5-7B-Instruct", "--budget", "0.5", "--provider",
        "sim", "--json")).as(stderr()).isZero();
    assertThat(list(json().get("tiers"))).allSatisfy(t -> assertThat((Double) t.get("price_per_hour"))
        .isLessThanOrEqualTo(0.5));
    assertThat(run("advisor", "recommend", "--model", "Qwen/Qwen2.5-7B-Instruct", "--budget", "0.01", "--provider",
        "sim")).isEqualTo(1);
    assertThat(stderr()).startsWith("error: --budget 0.01 USD/h is below the cheapest offer that holds "
        + "Qwen/Qwen2.5-7B-Instruct").contains("raise --budget to ").hasLineCount(1);
  }

  @Test
  void recommend_unknownModel_needsParams_thenAssumesAShape() {
    assertThat(run("advisor", "recommend", "--model", "acme/house-13b", "--provider", "sim")).isEqualTo(1);
    assertThat(stderr()).startsWith("error: --model 'acme/house-13b' is not in the advisor's catalog").contains("--params")
        .hasLineCount(1);
    assertThat(run("advisor", "recommend", "--model", "acme/house-13b", "--params", "13b", "--provider", "sim",
        "-o", "json")).as(stderr()).isZero();
    assertThat(json()).containsEntry("model", "acme/house-13b");
    assertThat(run("advisor", "recommend", "--model", "acme/house-13b", "--params", "13b", "--provider", "sim"))
        .isZero();
    assertThat(stdout()).contains("note: acme/house-13b is not in the catalog: assumed bf16 and the shape of ");
  }

  @Test
  void recommend_badInputs_areOneLineErrorsNamingTheFlag() {
    String[][] cases = {
        {"--params", "eight", "--params must be a parameter count"},
        {"--dtype", "fp4", "--dtype must be bf16, fp16, fp8, int8 or int4, got 'fp4'"},
        {"--context", "999999", "--context 999999 is more than meta-llama/Llama-3.1-8B-Instruct can take"},
        {"--concurrency", "0", "--concurrency must be 1..100000"},
        {"--budget", "-1", "--budget must be a positive price"},
        {"--throughput", "RTX_4090=fast", "--throughput must be GPU=TOKENS_PER_SECOND"},
    };
    for (String[] c : cases) {
      assertThat(run("advisor", "recommend", "--model", "meta-llama/Llama-3.1-8B-Instruct", c[0], c[1], "--provider",
          "sim")).as(c[0]).isEqualTo(1);
      assertThat(stderr()).as(c[0]).startsWith("error: " + c[2]).hasLineCount(1).doesNotContain("Exception");
    }
    assertThat(run("advisor", "recommend", "--model", "meta-llama/Llama-3.1-405B-Instruct", "--provider", "sim"))
        .isEqualTo(1);
    assertThat(stderr()).startsWith("error: no offer on sim holds meta-llama/Llama-3.1-405B-Instruct in bf16")
        .contains("try --dtype fp8 or int4").hasLineCount(1);
  }

  @Test
  void recommend_throughput_addsPricePerMillionTokensWithItsSource() {
    assertThat(run("advisor", "recommend", "--model", "Qwen/Qwen2.5-0.5B-Instruct", "--throughput", "RTX_3080=2000",
        "--throughput", "RTX_3090=2000", "--throughput", "RTX_4090=2000", "--provider", "sim", "--json"))
        .as(stderr()).isZero();
    Map<String, Object> min = list(json().get("tiers")).get(0);
    assertThat(min).containsKey("price_per_million_output_tokens");
    double perHour = (Double) min.get("price_per_hour");
    assertThat((Double) min.get("price_per_million_output_tokens"))
        .isCloseTo(perHour / (2000 * 3600.0) * 1e6, org.assertj.core.api.Assertions.within(0.0001));
    assertThat((String) min.get("throughput_source")).startsWith("given with --throughput ");
    assertThat(min).containsEntry("throughput_kind", "measured").containsEntry("output_tokens_per_second", 2000.0);
  }

  @Test
  @SuppressWarnings("unchecked")
  void recommend_explain_attachesTheLlmText_sendsTheEnvKeyAsBearer_neverPrintsIt() throws Exception {
    String key = "sk-cli-test-77e1";
    List<String> auth = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer llm = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 4);
    llm.createContext("/endpoints/ep-1/v1/chat/completions", x -> {
      auth.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
      x.getRequestBody().readAllBytes();
      byte[] b = "{\"choices\":[{\"message\":{\"content\":\"The spot RTX 3090 is cheapest.\"}}]}"
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, b.length);
      x.getResponseBody().write(b);
      x.close();
    });
    llm.start();
    System.setProperty("dumont.advisor.llm.key", key);
    try {
      String url = "http://127.0.0.1:" + llm.getAddress().getPort() + "/endpoints/ep-1";
      assertThat(run("advisor", "recommend", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--provider", "sim",
          "-o", "json")).as(stderr()).isZero();
      Map<String, Object> plain = json();
      assertThat(run("advisor", "recommend", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--provider", "sim",
          "--explain", "--llm-url", url, "--llm-model", "qwen-7b", "-o", "json")).as(stderr()).isZero();
      Map<String, Object> m = json();
      assertThat((Map<String, Object>) m.get("explanation")).containsEntry("text", "The spot RTX 3090 is cheapest.")
          .containsEntry("model", "qwen-7b").containsEntry("source", "llm");
      assertThat(m.get("tiers")).isEqualTo(plain.get("tiers"));
      assertThat(auth).containsExactly("Bearer " + key);
      assertThat(stdout() + stderr()).doesNotContain(key);

      assertThat(run("advisor", "recommend", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--provider", "sim",
          "--explain", "--llm-url", url, "--llm-model", "qwen-7b")).as(stderr()).isZero();
      assertThat(stdout()).contains("explanation (written by qwen-7b at " + url).contains("The spot RTX 3090 is cheapest.")
          .doesNotContain(key);

      llm.stop(0); // endpoint down: the recommendation still prints, the explanation is an error beside it
      assertThat(run("advisor", "recommend", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--provider", "sim",
          "--explain", "--llm-url", url, "--llm-model", "qwen-7b", "-o", "json")).as(stderr()).isZero();
      assertThat((Map<String, Object>) json().get("explanation")).containsOnlyKeys("error");
      assertThat(json().get("tiers")).isEqualTo(plain.get("tiers"));
      assertThat(stderr()).startsWith("warning: the explanation from ").doesNotContain(key);
    } finally {
      System.clearProperty("dumont.advisor.llm.key");
      llm.stop(0);
    }
  }

  @Test
  void recommend_explainFlags_badUse_areOneLineErrors_andAKeyFlagIsRefused() {
    String[][] cases = {
        {"--llm-key", "sk-secret-on-argv", "--llm-key is not accepted: a key on the command line ends up in shell "
            + "history and process lists; set the environment variable DUMONT_ADVISOR_LLM_KEY instead"},
        {"--explain", null, "--explain needs --llm-url URL"},
        {"--llm-url", "http://127.0.0.1:9", "--llm-url is only used with --explain"},
    };
    for (String[] c : cases) {
      List<String> args = new java.util.ArrayList<>(List.of("advisor", "recommend", "--model",
          "meta-llama/Llama-3.1-8B-Instruct", "--provider", "sim", c[0]));
      if (c[1] != null) args.add(c[1]);
      assertThat(run(args.toArray(String[]::new))).as(c[0]).isEqualTo(1);
      assertThat(stderr()).as(c[0]).startsWith("error: " + c[2]).hasLineCount(1).doesNotContain("sk-secret-on-argv");
    }
    assertThat(run("advisor", "recommend", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--provider", "sim",
        "--explain", "--llm-url", "ftp://x", "--llm-model", "m")).isEqualTo(1);
    assertThat(stderr()).startsWith("error: --llm-url must be the http(s) URL").hasLineCount(1);
  }

  @Test
  void models_listsTheCatalog() {
    assertThat(run("advisor", "models", "-o", "json")).isZero();
    assertThat(list(json().get("models"))).hasSize(ModelCatalog.all().size());
    assertThat(run("advisor", "models", "--family", "llama")).isZero();
    assertThat(stdout()).contains("meta-llama/Llama-3.1-405B-Instruct").doesNotContain("Qwen/");
    assertThat(run("advisor", "models", "--family", "nope")).isEqualTo(1);
    assertThat(stderr()).startsWith("error: --family: no model of family 'nope'; families: Llama, ");
  }
}
