package com.dumontcloud.sdk.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.ConnectionException;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import com.dumontcloud.sdk.spi.support.Bodies;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.spi.support.HttpCall;
import com.dumontcloud.sdk.spi.support.HttpResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A planted secret never shows in exception messages, toString(), body excerpts or log lines. */
class TransportSecretRedactionTest {
  private static final String PLANTED = "sk-PLANTED-SECRET-123";

  private MockWebServer server;
  private OkHttpClient client;
  private OkHttpTransport transport;
  private PrintStream originalErr;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    client = new OkHttpClient.Builder().readTimeout(5, TimeUnit.SECONDS).build();
    TransportSettings s = new TransportSettings(3, Duration.ofMillis(500), Duration.ofSeconds(8),
        Duration.ofSeconds(60), Duration.ofSeconds(5), 50f, 100, Duration.ofSeconds(30));
    transport = new OkHttpTransport(client, new FakeScheduler(Instant.parse("2024-05-01T10:00:00Z")), s, () -> 0.5);
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() throws IOException {
    System.setErr(originalErr);
    server.shutdown();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Test
  void execute_errorBodiesEchoingTheKey_secretAbsentFromExceptionAndLogs() throws InterruptedException {
    server.enqueue(new MockResponse().setResponseCode(503).setBody("overloaded, request from " + PLANTED));
    server.enqueue(new MockResponse().setResponseCode(502)
        .setBody("{\"echo\":{\"headers\":{\"Authorization\":\"Bearer " + PLANTED + "\"}}}"));
    server.enqueue(new MockResponse().setResponseCode(401)
        .setBody("{\"api_key\":\"" + PLANTED + "\",\"msg\":\"invalid key " + PLANTED + "\"}"));
    HttpCall call = HttpCall.builder("vast", "list").get(server.url("/offers?api_key=" + PLANTED + "&q=1").toString())
        .bearer(Secret.of(PLANTED)).header("X-Api-Key", PLANTED).build();

    AuthenticationException e = catchThrowableOfType(() -> transport.execute(call), AuthenticationException.class);

    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.bodyExcerpt()).contains("invalid key ****").doesNotContain(PLANTED);
    assertNoSecret(e);
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("[provider=vast, op=list, attempt=1, delayMs=500]", "[provider=vast, op=list, attempt=2");
    assertThat(logs).doesNotContain(PLANTED);
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer " + PLANTED);
  }

  @Test
  void execute_unreachableUrlWithKeyInQuery_secretAbsentFromExceptionAndLogs() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    HttpCall call = HttpCall.builder("vast", "list").get("http://127.0.0.1:" + port + "/x?api_key=" + PLANTED)
        .bearer(Secret.of(PLANTED)).build();

    ConnectionException e = catchThrowableOfType(() -> transport.execute(call), ConnectionException.class);

    assertThat(e.getMessage()).contains("api_key=****");
    assertNoSecret(e);
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("retrying").doesNotContain(PLANTED);
  }

  @Test
  void execute_invalidUrlWithKey_secretAbsentFromConfigurationError() {
    HttpCall call = HttpCall.builder("vast", "list").get("not a url?api_key=" + PLANTED).build();

    Throwable e = catchThrowable(() -> transport.execute(call));

    assertNoSecret(e);
  }

  @Test
  void httpCall_toString_masksKeyQuery() {
    HttpCall call = HttpCall.builder("vast", "list").get("https://console.vast.ai/api/v0/bundles?api_key=" + PLANTED)
        .bearer(Secret.of(PLANTED)).header("Authorization", "Bearer " + PLANTED).build();

    assertThat(call.toString()).doesNotContain(PLANTED).contains("api_key=****");
  }

  @Test
  void bodiesRead_malformedBodyWithKey_secretAbsentFromProtocolException() {
    HttpResult r = new HttpResult(200, Map.of(), "{\"api_key\": \"" + PLANTED + "\", \"offers\": 3", 1);

    ProviderProtocolException e = catchThrowableOfType(
        () -> Bodies.read(MoshiJsonCodec.get(), "vast", "searchOffers", r, root -> root),
        ProviderProtocolException.class);

    assertNoSecret(e);
  }

  @Test
  void form_secretFields_sentEncoded_butAbsentFromToStringExceptionsAndLogs() throws InterruptedException {
    String odd = "tok&PLANTED=9";
    server.enqueue(new MockResponse().setResponseCode(400)
        .setBody("{\"error\":\"bad request\",\"echo\":\"token=" + odd + " pw " + PLANTED + "\"}"));
    HttpCall call = HttpCall.builder("tensordock", "deploy")
        .form(server.url("/api/v0/client/deploy/single").toString(),
            Map.of("hostnode", "h1", "password", PLANTED, "api_token", odd, "gpu_model", "rtx 4090"))
        .secretFields("password").kind(HttpCall.Kind.CREATE).build();
    assertThat(call.toString()).doesNotContain(PLANTED).doesNotContain(odd).contains("hostnode=h1");

    Throwable e = catchThrowable(() -> transport.execute(call));

    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(r.getBody().readUtf8()).contains("password=" + PLANTED).contains("gpu_model=rtx+4090")
        .contains("api_token=tok%26PLANTED%3D9");
    assertThat(e).isInstanceOf(com.dumontcloud.sdk.exception.InvalidRequestException.class);
    assertNoSecret(e);
    assertThat(e.toString()).doesNotContain(odd);
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(PLANTED).doesNotContain(odd);
  }

  private static void assertNoSecret(Throwable e) {
    assertThat(e).isNotNull();
    StringWriter trace = new StringWriter();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.dumontcloud.sdk.exception.DumontException) {
        assertThat(t.getMessage()).doesNotContain(PLANTED);
        assertThat(t.toString()).doesNotContain(PLANTED);
      }
    }
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(PLANTED);
  }
}
