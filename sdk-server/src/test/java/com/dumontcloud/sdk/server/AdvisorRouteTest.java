package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.advisor.ModelCatalog;
import com.dumontcloud.sdk.advisor.Recommendation;
import com.dumontcloud.sdk.advisor.Workload;
import com.dumontcloud.sdk.server.ServerHarness.Answer;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/advisor/recommend} and {@code /models} on the simulated cloud. */
class AdvisorRouteTest {
  @TempDir Path dir;
  ServerHarness h;

  @BeforeEach
  void start() {
    h = new ServerHarness(dir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static Object viaJson(Object tree) {
    return JsonCodec.standard().parse(JsonCodec.standard().write(tree));
  }

  @Test
  void recommend_answersTheCliJson_forTheServersProviders() {
    Answer a = h.call("GET", "/api/v1/advisor/recommend?model=meta-llama/Llama-3.1-8B-Instruct&context=8192"
        + "&concurrency=8", null);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    Recommendation embedded = h.dumont.advisor().recommend("meta-llama/Llama-3.1-8B-Instruct",
        Workload.builder().context(8192).concurrency(8).build());
    assertThat(a.json()).isEqualTo(viaJson(embedded.toMap()));
    assertThat(a.json()).containsOnlyKeys("model", "dtype", "context", "concurrency", "estimate", "tiers");
    assertThat((List<?>) a.json().get("tiers")).isNotEmpty();

    Answer encoded = h.call("GET", "/api/v1/advisor/recommend?model=Qwen%2FQwen2.5-7B-Instruct&dtype=int4&budget=0.3"
        + "&type=spot&provider=sim", null);
    assertThat(encoded.status()).as(encoded.body()).isEqualTo(200);
    assertThat(encoded.json()).containsEntry("dtype", "int4");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tiers = (List<Map<String, Object>>) encoded.json().get("tiers");
    assertThat(tiers).allSatisfy(t -> assertThat((Double) t.get("price_per_hour")).isLessThanOrEqualTo(0.3));
    assertThat(tiers).allSatisfy(t -> assertThat((String) t.get("offer_id")).endsWith("-spot"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void recommend_currencyEur_convertsEveryPrice_andStatesTheRates_badCodeIs400() {
    String q = "/api/v1/advisor/recommend?model=meta-llama/Llama-3.1-8B-Instruct";
    Answer usd = h.call("GET", q, null);
    assertThat(usd.status()).as(usd.body()).isEqualTo(200);
    assertThat(usd.json()).doesNotContainKeys("currency", "fx");
    assertThat(h.call("GET", q + "&currency=USD", null).json()).isEqualTo(usd.json());

    Answer eur = h.call("GET", q + "&currency=eur", null);
    assertThat(eur.status()).as(eur.body()).isEqualTo(200);
    assertThat(eur.json()).containsEntry("currency", "EUR");
    assertThat((Map<String, Object>) eur.json().get("fx")).containsEntry("as_of", "2025-06-30");
    List<Map<String, Object>> inUsd = (List<Map<String, Object>>) usd.json().get("tiers");
    List<Map<String, Object>> inEur = (List<Map<String, Object>>) eur.json().get("tiers");
    assertThat(inEur).hasSameSizeAs(inUsd);
    for (int i = 0; i < inUsd.size(); i++) {
      Map<String, Object> u = inUsd.get(i);
      Map<String, Object> e = inEur.get(i);
      assertThat(e.get("offer_id")).isEqualTo(u.get("offer_id"));
      assertThat((Double) e.get("price_per_hour")).isCloseTo((Double) u.get("price_per_hour") * 0.853,
          org.assertj.core.api.Assertions.within(1e-4));
      assertThat((Double) e.get("price_per_million_output_tokens"))
          .isCloseTo((Double) u.get("price_per_million_output_tokens") * 0.853, org.assertj.core.api.Assertions.within(1e-4));
      assertThat(e.get("output_tokens_per_second")).isEqualTo(u.get("output_tokens_per_second"));
    }

    Answer bad = h.call("GET", q + "&currency=XYZ", null);
    assertThat(bad.status()).as(bad.body()).isEqualTo(400);
    assertThat((String) bad.json().get("detail")).startsWith("currency:").contains("ISO 4217").doesNotContain("\n");
  }

  @Test
  @SuppressWarnings("unchecked")
  void recommend_explainTrue_attachesTheLlmText_numbersUnchanged_notConfiguredIs400() throws Exception {
    String q = "/api/v1/advisor/recommend?model=meta-llama/Llama-3.1-8B-Instruct";
    Answer unconfigured = h.call("GET", q + "&explain=true", null);
    assertThat(unconfigured.status()).isEqualTo(400);
    assertThat((String) unconfigured.json().get("detail")).contains("DUMONT_ADVISOR_LLM_URL")
        .contains("DUMONT_ADVISOR_LLM_MODEL");
    Map<String, Object> plain = h.call("GET", q, null).json();

    java.util.List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer llm = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 4);
    llm.createContext("/v1/chat/completions", x -> {
      bodies.add(new String(x.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      byte[] b = ("{\"model\":\"stub-7b\",\"choices\":[{\"message\":{\"role\":\"assistant\","
          + "\"content\":\"Take the recommended tier for steady traffic.\"}}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(200, b.length);
      x.getResponseBody().write(b);
      x.close();
    });
    llm.start();
    boolean stopped = false;
    h.close();
    h = new ServerHarness(dir.resolve("explained"), b -> b.advisorExplainer(com.dumontcloud.sdk.advisor.LlmExplainer
        .builder().url("http://127.0.0.1:" + llm.getAddress().getPort()).model("stub-7b").build()));
    try {
      Answer a = h.call("GET", q + "&explain=true", null);
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      assertThat((Map<String, Object>) a.json().get("explanation")).containsEntry("text",
          "Take the recommended tier for steady traffic.").containsEntry("model", "stub-7b").containsEntry("source", "llm");
      Map<String, Object> withoutIt = new java.util.LinkedHashMap<>(a.json());
      withoutIt.remove("explanation");
      assertThat(withoutIt).isEqualTo(plain);
      assertThat(bodies).singleElement().satisfies(b -> assertThat(b).contains("\\\"price_per_hour\\\""));
      assertThat(h.call("GET", q, null).json()).doesNotContainKey("explanation");
      assertThat(h.call("GET", q + "&explain=maybe", null).status()).isEqualTo(400);

      llm.stop(0); // the model's endpoint is gone: the recommendation still answers, with the error beside it
      stopped = true;
      Answer down = h.call("GET", q + "&explain=true", null);
      assertThat(down.status()).as(down.body()).isEqualTo(200);
      assertThat((Map<String, Object>) down.json().get("explanation")).containsOnlyKeys("error");
      assertThat(down.json().get("tiers")).isEqualTo(plain.get("tiers"));
    } finally {
      if (!stopped) llm.stop(0);
    }
  }

  @Test
  void recommend_errors_areOneLineDetailsNamingTheQueryParameter() {
    Object[][] cases = {
        {"", 400, "model is required"},
        {"model=acme/house-13b", 400, "give its size with params (e.g. params 7b)"},
        {"model=meta-llama/Llama-3.1-8B-Instruct&context=lots", 400, "context must be a whole number, got 'lots'"},
        {"model=meta-llama/Llama-3.1-8B-Instruct&context=999999", 400, "context 999999 is more than"},
        {"model=meta-llama/Llama-3.1-8B-Instruct&dtype=fp4", 400, "dtype must be bf16, fp16, fp8, int8 or int4"},
        {"model=meta-llama/Llama-3.1-8B-Instruct&colour=red", 400, "unknown query parameter 'colour'"},
        {"model=meta-llama/Llama-3.1-8B-Instruct&provider=vast", 400, "provider 'vast' is not configured"},
        {"model=meta-llama/Llama-3.1-8B-Instruct&budget=0.01", 409, "budget 0.01 USD/h is below the cheapest offer"},
        {"model=meta-llama/Llama-3.1-405B-Instruct", 409, "no offer on sim holds meta-llama/Llama-3.1-405B-Instruct"},
    };
    for (Object[] c : cases) {
      Answer a = h.call("GET", "/api/v1/advisor/recommend?" + c[0], null);
      assertThat(a.status()).as(c[0] + ": " + a.body()).isEqualTo(c[1]);
      String detail = String.valueOf(a.json().get("detail"));
      assertThat(detail).as(String.valueOf(c[0])).contains((String) c[2]).doesNotContain("--").doesNotContain("\n")
          .doesNotContain("Exception");
    }
    assertThat(h.call("GET", "/api/v1/advisor/recommend?model=acme/x", null).json().get("detail").toString())
        .contains("GET /api/v1/advisor/models");
  }

  @Test
  void models_listTheCatalog_andTheOpenApiDocumentDescribesTheRoute() {
    Answer m = h.call("GET", "/api/v1/advisor/models", null);
    assertThat(m.status()).isEqualTo(200);
    assertThat((List<?>) m.json().get("models")).hasSize(ModelCatalog.all().size());
    Map<String, Object> doc = h.call("GET", "/openapi.json", null).json();
    @SuppressWarnings("unchecked")
    Map<String, Object> get = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) doc.get("paths"))
        .get("/api/v1/advisor/recommend")).get("get");
    assertThat((String) get.get("summary")).startsWith("GPU advisor");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> params = (List<Map<String, Object>>) get.get("parameters");
    assertThat(params).anySatisfy(p -> assertThat(p)
        .containsEntry("name", "model").containsEntry("in", "query").containsEntry("required", true));
    @SuppressWarnings("unchecked")
    Map<String, Object> responses = (Map<String, Object>) get.get("responses");
    assertThat(responses).containsKey("409");
  }

  @Test
  void remoteClient_recommendsFromTheServersOffers() {
    try (Dumont remote = Dumont.remote(h.server.uri(), h.key)) {
      Recommendation viaServer = remote.advisor().recommend("Qwen/Qwen2.5-7B-Instruct", Workload.defaults());
      Recommendation embedded = h.dumont.advisor().recommend("Qwen/Qwen2.5-7B-Instruct", Workload.defaults());
      assertThat(viaServer.toMap()).isEqualTo(embedded.toMap());
    }
  }
}
