package com.dumontcloud.sdk.advisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.pricing.CurrencyView;
import com.dumontcloud.sdk.pricing.FxRates;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The optional LLM explanation against a loopback OpenAI-compatible stub. */
class LlmExplainerTest {
  private static final String KEY = "sk-test-4f9a2c";
  private static final String ANSWER = "{\"id\":\"c1\",\"model\":\"qwen-served\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"  The RTX 4090 spot offer is the cheapest fit.  \"}}]}";

  private MockWebServer server;
  private final AdvisorTest.Fixed fixed = new AdvisorTest.Fixed(AdvisorTest.OFFERS, new ArrayList<>());
  private final Dumont dumont = Dumont.builder().providerFactories(List.of(fixed)).provider("fixed")
      .offerCacheTtl(Duration.ZERO).build();
  private Recommendation rec;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    rec = dumont.advisor().recommend("meta-llama/Llama-3.1-8B-Instruct", Workload.defaults());
  }

  @AfterEach
  void stop() throws IOException {
    System.clearProperty(LlmExplainer.KEY_PROPERTY);
    server.shutdown();
    dumont.close();
  }

  private LlmExplainer explainer(String path) {
    return LlmExplainer.builder().url(server.url(path).toString()).model("Qwen/Qwen2.5-7B-Instruct")
        .timeout(Duration.ofSeconds(5)).build();
  }

  @Test
  @SuppressWarnings("unchecked")
  void explain_postsTheComputedFiguresAsChatCompletion_withTheKeyAsBearer_andLeavesTheNumbersAlone() throws Exception {
    System.setProperty(LlmExplainer.KEY_PROPERTY, KEY);
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody(ANSWER));
    Map<String, Object> before = rec.toMap();

    LlmExplainer.Explanation e = explainer("/endpoints/ep-1/v1/").explain(rec, CurrencyView.usd());

    assertThat(e.toMap()).containsExactly(Map.entry("text", "The RTX 4090 spot offer is the cheapest fit."),
        Map.entry("model", "qwen-served"), Map.entry("source", "llm"));
    RecordedRequest req = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(req.getMethod()).isEqualTo("POST");
    assertThat(req.getPath()).isEqualTo("/endpoints/ep-1/v1/chat/completions");
    assertThat(req.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    Map<String, Object> body = (Map<String, Object>) JsonCodec.standard().parse(req.getBody().readUtf8());
    assertThat(body).containsEntry("model", "Qwen/Qwen2.5-7B-Instruct").containsKey("messages");
    List<Map<String, Object>> messages = (List<Map<String, Object>>) body.get("messages");
    assertThat(messages).extracting(m -> m.get("role")).containsExactly("system", "user");
    assertThat((String) messages.get(0).get("content")).contains("never compute, estimate or invent");
    String user = (String) messages.get(1).get("content");
    assertThat(user).contains("meta-llama/Llama-3.1-8B-Instruct").contains("\"price_per_hour\":0.18")
        .contains("\"offer_id\":\"4090-spot\"").contains("\"throughput_kind\":\"estimate\"");
    assertThat(rec.toMap()).isEqualTo(before);
  }

  @Test
  void explain_serverError_isAnErrorField_withoutTheKey_evenWhenTheServerEchoesIt() {
    System.setProperty(LlmExplainer.KEY_PROPERTY, KEY);
    server.enqueue(new MockResponse().setResponseCode(500).setBody("{\"error\":\"upstream exploded for key " + KEY
        + "\"}"));
    LlmExplainer llm = explainer("/");

    LlmExplainer.Explanation e = llm.explain(rec, CurrencyView.usd());

    assertThat(e.text()).isNull();
    assertThat(e.toMap()).containsOnlyKeys("error");
    assertThat(e.error()).startsWith("the explanation from http://").endsWith("; the figures above are unaffected")
        .doesNotContain(KEY).doesNotContain("\n");
    assertThat(llm.toString()).doesNotContain(KEY).contains(LlmExplainer.KEY_ENV);
    assertThat(llm.hasKey()).isTrue();
  }

  @Test
  void explain_timeout_isAnErrorField() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    LlmExplainer llm = LlmExplainer.builder().url(server.url("/").toString()).model("m")
        .timeout(Duration.ofMillis(300)).build();

    LlmExplainer.Explanation e = llm.explain(rec, CurrencyView.usd());

    assertThat(e.error()).startsWith("the explanation from ").doesNotContain("\n");
    assertThat(rec.tiers()).isNotEmpty();
  }

  @Test
  void explain_answerWithoutContent_orNotJson_isAnErrorField() {
    server.enqueue(new MockResponse().setBody("{\"choices\":[]}"));
    server.enqueue(new MockResponse().setBody("<html>gateway</html>"));
    LlmExplainer llm = explainer("/");
    assertThat(llm.explain(rec, CurrencyView.usd()).error()).contains("has no choices[0].message.content");
    assertThat(llm.explain(rec, CurrencyView.usd()).error()).contains("is not JSON");
  }

  @Test
  @SuppressWarnings("unchecked")
  void explain_withoutAKey_sendsNoAuthorization_andTheFiguresInTheViewsCurrency() throws Exception {
    server.enqueue(new MockResponse().setBody(ANSWER));
    CurrencyView eur = CurrencyView.of(FxRates.staticDefault(), "EUR");
    LlmExplainer llm = explainer("/");
    assertThat(llm.hasKey()).isFalse();
    assertThat(llm.explain(rec, eur).text()).isNotBlank();
    RecordedRequest req = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(req.getHeader("Authorization")).isNull();
    Map<String, Object> body = (Map<String, Object>) JsonCodec.standard().parse(req.getBody().readUtf8());
    String user = (String) ((List<Map<String, Object>>) body.get("messages")).get(1).get("content");
    assertThat(user).contains("\"currency\":\"EUR\"");
  }

  @Test
  void builder_badUrlOrNoModel_areOneLineErrorsNamingTheFlag() {
    assertThatThrownBy(() -> LlmExplainer.builder().url("ftp://x").model("m").build())
        .hasMessage("--llm-url must be the http(s) URL of an OpenAI-compatible endpoint, got 'ftp://x'");
    assertThatThrownBy(() -> LlmExplainer.builder().url("http://127.0.0.1:1").build())
        .hasMessageStartingWith("--llm-model is required with an explanation");
  }
}
