package com.dumontcloud.sdk.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request.Builder;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeProviderServerTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false)
      .readTimeout(5, TimeUnit.SECONDS).build();
  private final FakeProviderServer api = FakeProviderServer.start();

  @AfterEach
  void close() {
    api.close();
    client.connectionPool().evictAll();
  }

  private record Answer(int status, String body, okhttp3.Headers headers) {}

  private Answer call(String method, String pathAndQuery, String body, String auth) throws IOException {
    Builder b = new Builder().url(api.baseUrl() + pathAndQuery)
        .method(method, body == null ? null : RequestBody.create(body, JSON));
    if (auth != null) b.header("Authorization", auth);
    try (okhttp3.Response r = client.newCall(b.build()).execute()) {
      return new Answer(r.code(), r.body().string(), r.headers());
    }
  }

  private Answer get(String pathAndQuery) throws IOException {
    return call("GET", pathAndQuery, null, null);
  }

  @Test
  void baseUrl_isLoopback() {
    assertThat(api.baseUrl()).isEqualTo("http://127.0.0.1:" + api.port());
  }

  @Test
  void route_namedSegments_reachHandlerDecoded() throws IOException {
    api.route("GET", "/v1/machines/{id}/disks/{disk}", r -> Response.json(200,
        Map.of("id", r.pathParamLong("id"), "disk", r.pathParam("disk"))));

    Answer a = get("/v1/machines/42/disks/boot%20disk");

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(JsonTrees.parse(a.body())).isEqualTo(Map.of("id", 42L, "disk", "boot disk"));
  }

  @Test
  void route_severalMatch_firstAddedWins() throws IOException {
    api.route("GET", "/v1/machines/special", r -> Response.text(200, "special"))
        .route("GET", "/v1/machines/{id}", r -> Response.text(200, "generic " + r.pathParam("id")));

    assertThat(get("/v1/machines/special").body()).isEqualTo("special");
    assertThat(get("/v1/machines/7").body()).isEqualTo("generic 7");
  }

  @Test
  void route_trailingSlashAndSegmentCount_matchExactly() throws IOException {
    api.route("GET", "/v1/machines/{id}/", r -> Response.empty(204));

    assertThat(get("/v1/machines/1/").status()).isEqualTo(204);
    assertThat(get("/v1/machines/1").status()).isEqualTo(404);
    assertThat(get("/v1/machines/1/x/").status()).isEqualTo(404);
    assertThat(get("/v1/machines//").status()).isEqualTo(404);
  }

  @Test
  void route_wildcardRest_matchesDeeperPaths() throws IOException {
    api.route("*", "/files/**", r -> Response.text(200, r.method() + " " + r.path()));

    assertThat(get("/files/a/b/c.txt").body()).isEqualTo("GET /files/a/b/c.txt");
    assertThat(call("DELETE", "/files/x", null, null).body()).isEqualTo("DELETE /files/x");
  }

  @Test
  void unknownPath_answers404Json() throws IOException {
    Answer a = get("/nope");

    assertThat(a.status()).isEqualTo(404);
    assertThat(JsonTrees.parse(a.body())).isEqualTo(Map.of("error", "not_found", "msg", "no route for GET /nope"));
  }

  @Test
  void knownPathOtherMethod_answers405WithAllow() throws IOException {
    api.route("GET", "/v1/machines/", r -> Response.empty(200))
        .route("POST", "/v1/machines/", r -> Response.empty(201));

    Answer a = call("DELETE", "/v1/machines/", null, null);

    assertThat(a.status()).isEqualTo(405);
    assertThat(a.headers().get("Allow")).isEqualTo("GET, POST");
    assertThat(a.body()).contains("DELETE is not allowed on /v1/machines/");
  }

  @Test
  void notFoundAndMethodNotAllowed_answersConfigurable() throws IOException {
    api.route("GET", "/a", r -> Response.empty(200))
        .notFound(r -> Response.text(404, "nothing at " + r.path()))
        .methodNotAllowed((r, allowed) -> Response.text(404, "only " + allowed));

    assertThat(get("/b").body()).isEqualTo("nothing at /b");
    assertThat(call("PUT", "/a", "{}", null).body()).isEqualTo("only [GET]");
  }

  @Test
  void request_exposesQueryHeadersAndJsonBody() throws IOException {
    api.route("POST", "/v1/echo", r -> Response.json(200, Map.of(
        "q", r.queryParams(), "tags", r.queryParamValues("tag"), "missing", r.queryParam("nope").isPresent(),
        "header", String.valueOf(r.header("x-trace-id")), "body", r.jsonObject(), "text", r.bodyText())));

    Answer a = call("POST", "/v1/echo?limit=5&tag=a&tag=b%20c&flag", "{\"n\": 3, \"x\": 1.5}", null);

    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) JsonTrees.parse(a.body());
    assertThat(out.get("q")).isEqualTo(Map.of("limit", "5", "tag", "a", "flag", ""));
    assertThat(out.get("tags")).isEqualTo(List.of("a", "b c"));
    assertThat(out.get("missing")).isEqualTo(false);
    assertThat(out.get("body")).isEqualTo(Map.of("n", 3L, "x", 1.5));
    assertThat(out.get("text")).isEqualTo("{\"n\": 3, \"x\": 1.5}");
    assertThat(out).containsEntry("header", "null");
  }

  @Test
  void request_headerNamesAreCaseInsensitive() throws IOException {
    api.route("GET", "/h", r -> Response.text(200, r.header("X-TRACE-ID") + "/" + r.header("x-trace-id")));
    Builder b = new Builder().url(api.baseUrl() + "/h").header("X-Trace-Id", "t1");
    try (okhttp3.Response r = client.newCall(b.build()).execute()) {
      assertThat(r.body().string()).isEqualTo("t1/t1");
    }
  }

  @Test
  void response_headersAndEmptyBody() throws IOException {
    api.route("GET", "/r", r -> Response.text(503, "later").withHeader("Retry-After", "5"))
        .route("GET", "/e", r -> Response.empty(204));

    Answer a = get("/r");
    assertThat(a.status()).isEqualTo(503);
    assertThat(a.body()).isEqualTo("later");
    assertThat(a.headers().get("Retry-After")).isEqualTo("5");
    assertThat(a.headers().get("Content-Type")).isEqualTo("text/plain");
    Answer e = get("/e");
    assertThat(e.status()).isEqualTo(204);
    assertThat(e.body()).isEmpty();
  }

  @Test
  void handlerThrows_answers500_orConfiguredError() throws IOException {
    api.route("GET", "/boom/{n}", r -> Response.text(200, "n=" + r.pathParamLong("n")));

    Answer a = get("/boom/abc");
    assertThat(a.status()).isEqualTo(500);
    assertThat(a.body()).contains("path segment {n} is 'abc', not a whole number");

    api.onError((r, e) -> Response.json(400, Map.of("msg", e.getMessage())));
    assertThat(get("/boom/abc").status()).isEqualTo(400);
  }

  @Test
  void requireBearer_wrongOrMissingToken_401_rightToken_routed() throws IOException {
    api.requireBearer("k1").route("GET", "/me", r -> Response.text(200, "me"));

    assertThat(call("GET", "/me", null, null).status()).isEqualTo(401);
    Answer wrong = call("GET", "/me", null, "Bearer k2");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(JsonTrees.parse(wrong.body())).isEqualTo(Map.of("error", "unauthorized",
        "msg", "missing or wrong credentials"));
    assertThat(call("GET", "/me", null, "Bearer k1").body()).isEqualTo("me");

    api.requireBearer(null);
    assertThat(call("GET", "/me", null, null).status()).isEqualTo(200);
  }

  @Test
  void authCheck_customPredicateAndRefusal() throws IOException {
    api.route("GET", "/me", r -> Response.text(200, "me"))
        .authCheck(r -> "secret".equals(r.header("X-Api-Key")) || r.path().startsWith("/public"))
        .unauthorized(r -> Response.json(404, Map.of("msg", "Invalid user key")));

    Answer refused = get("/me");
    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.body()).isEqualTo("{\"msg\":\"Invalid user key\"}");
    assertThat(get("/public/x").status()).isEqualTo(404); // accepted, but no such route
  }

  @Test
  void guard_answersBeforeAuthAndRouting() throws IOException {
    AtomicInteger handled = new AtomicInteger();
    api.requireBearer("k").route("GET", "/x", r -> Response.text(200, "x" + handled.incrementAndGet()))
        .guard(r -> r.query() != null && r.query().contains("api_key=") ? Response.text(400, "no keys in URLs") : null);

    assertThat(get("/x?api_key=k").body()).isEqualTo("no keys in URLs");
    assertThat(handled).hasValue(0);
  }

  @Test
  void fault_timesN_appliesNTimesToMatchingRequestsOnly() throws IOException {
    AtomicInteger handled = new AtomicInteger();
    api.route("*", "/v1/machines/{id}", r -> Response.text(200, "ok " + handled.incrementAndGet()))
        .fail("GET", "/v1/machines/{id}", 2, Fault.status(502, "<h1>502</h1>"));

    assertThat(call("DELETE", "/v1/machines/1", null, null).status()).isEqualTo(200); // other method
    Answer first = get("/v1/machines/1");
    assertThat(first.status()).isEqualTo(502);
    assertThat(first.body()).isEqualTo("<h1>502</h1>");
    assertThat(first.headers().get("Content-Type")).isNull();
    assertThat(get("/v1/machines/2").status()).isEqualTo(502);
    assertThat(get("/v1/machines/3").status()).isEqualTo(200);
    assertThat(handled).hasValue(2); // the two faulted GETs were not processed
  }

  @Test
  void fault_rulesInOrder_prefixPatternAndAnyMethod() throws IOException {
    api.route("*", "/**", r -> Response.text(200, "ok"))
        .failNext("*", "/api/v0/inst**", Fault.json(429, Map.of("detail", "slow down")))
        .failNext("GET", "/api/**", Fault.status(503, "second"));

    Answer a = call("PUT", "/api/v0/instances/1/", "{}", null);
    assertThat(a.status()).isEqualTo(429);
    assertThat(a.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(get("/api/v0/instances/1/").body()).isEqualTo("second");
    assertThat(get("/api/v0/instances/1/").body()).isEqualTo("ok");
  }

  @Test
  void fault_afterAuthByDefault_beforeAuthWhenAsked() throws IOException {
    api.requireBearer("k").route("GET", "/x", r -> Response.text(200, "x"))
        .failNext("GET", "/x", Fault.status(502, "gw"));
    assertThat(get("/x").status()).isEqualTo(401); // the refused request used up the rule
    assertThat(call("GET", "/x", null, "Bearer k").status()).isEqualTo(200);

    api.failNext("GET", "/x", Fault.json(404, Map.of("msg", "Invalid user key")).beforeAuth());
    assertThat(call("GET", "/x", null, "Bearer k").status()).isEqualTo(404);
  }

  @Test
  void fault_dropConnection_notProcessed() {
    AtomicInteger handled = new AtomicInteger();
    api.route("POST", "/v1/machines/", r -> Response.text(201, "n" + handled.incrementAndGet()))
        .failNext("POST", "/v1/machines/", Fault.dropConnection());

    assertThatThrownBy(() -> call("POST", "/v1/machines/", "{}", null)).isInstanceOf(IOException.class);
    assertThat(handled).hasValue(0);
  }

  @Test
  void fault_dropAfterProcessing_processedButNoAnswer() throws IOException {
    AtomicInteger handled = new AtomicInteger();
    api.route("POST", "/v1/machines/", r -> Response.text(201, "n" + handled.incrementAndGet()))
        .failNext("POST", "/v1/machines/", Fault.dropAfterProcessing());

    assertThatThrownBy(() -> call("POST", "/v1/machines/", "{}", null)).isInstanceOf(IOException.class);
    assertThat(handled).hasValue(1);
    assertThat(call("POST", "/v1/machines/", "{}", null).body()).isEqualTo("n2");
  }

  @Test
  void fault_replaceAnswer_processedWithOtherBody() throws IOException {
    AtomicInteger handled = new AtomicInteger();
    api.route("GET", "/x", r -> Response.json(200, Map.of("n", handled.incrementAndGet())))
        .failNext("GET", "/x", Fault.replaceAnswer(Response.of(200, "{\"n\": ").withHeader("Content-Type",
            "application/json")));

    assertThat(get("/x").body()).isEqualTo("{\"n\": ");
    assertThat(handled).hasValue(1);
  }

  @Test
  void fault_latency_delaysAnswerAtLeastThatLong() throws IOException {
    api.route("GET", "/x", r -> Response.text(200, "x")).failNext("GET", "/x", Fault.latency(Duration.ofMillis(300)));

    long t0 = System.nanoTime();
    assertThat(get("/x").body()).isEqualTo("x");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void fault_latencyBeyondReadTimeout_clientTimesOut_requestProcessed() {
    AtomicInteger handled = new AtomicInteger();
    OkHttpClient impatient = client.newBuilder().readTimeout(100, TimeUnit.MILLISECONDS).build();
    api.route("GET", "/x", r -> Response.text(200, "x" + handled.incrementAndGet()))
        .failNext("GET", "/x", Fault.latency(Duration.ofSeconds(2)));

    assertThatThrownBy(() -> impatient.newCall(new Builder().url(api.baseUrl() + "/x").build()).execute())
        .isInstanceOf(IOException.class);
    assertThat(handled).hasValue(1);
  }

  @Test
  void latency_serverWide_delaysEveryAnswer() throws IOException {
    api.route("GET", "/x", r -> Response.text(200, "x")).latency(Duration.ofMillis(200));

    for (int i = 0; i < 2; i++) {
      long t0 = System.nanoTime();
      get("/x");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
    api.latency(Duration.ZERO);
    long t0 = System.nanoTime();
    get("/x");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(200));
  }

  @Test
  void callLog_recordsEveryRequestWithAuthQueryAndBody() throws IOException {
    api.requireBearer("k").route("*", "/v1/**", r -> Response.empty(200));

    call("POST", "/v1/machines/?dry_run=true", "{\"a\":1}", "Bearer k");
    call("GET", "/v1/machines/1", null, null);
    call("GET", "/other", null, "Bearer k");

    assertThat(api.calls()).containsExactly(
        new FakeProviderServer.Call("POST", "/v1/machines/", "dry_run=true", "Bearer k", "{\"a\":1}"),
        new FakeProviderServer.Call("GET", "/v1/machines/1", null, null, ""),
        new FakeProviderServer.Call("GET", "/other", null, "Bearer k", ""));
    assertThat(api.calls("GET", "/v1/")).extracting(FakeProviderServer.Call::path).containsExactly("/v1/machines/1");
    api.clearCalls();
    assertThat(api.calls()).isEmpty();
  }

  @Test
  void invalidArguments_areRefusedWithTheFix() {
    assertThatThrownBy(() -> api.route("GET", "v1/x", r -> null)).hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> api.route("GET", "/v1/{id/x", r -> null)).hasMessageContaining("{name}");
    assertThatThrownBy(() -> api.route("GET", "/v1/**/x", r -> null)).hasMessageContaining("'**' may only end");
    assertThatThrownBy(() -> api.fail("GET", "/x", 0, Fault.status(500, ""))).hasMessageContaining("times is 0");
    assertThatThrownBy(() -> Fault.latency(Duration.ofSeconds(1)).beforeAuth()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Response.empty(99)).hasMessageContaining("99");
  }

  @Test
  void handlerAnsweringNull_isAServerError() throws IOException {
    api.route("GET", "/null", r -> null);

    Answer a = get("/null");
    assertThat(a.status()).isEqualTo(500);
    assertThat(a.body()).contains("answered null");
  }
}
