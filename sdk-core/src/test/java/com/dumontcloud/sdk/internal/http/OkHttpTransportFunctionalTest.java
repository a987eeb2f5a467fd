package com.dumontcloud.sdk.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dumontcloud.sdk.exception.AttemptTimeoutException;
import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.CallTimeoutException;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.CircuitOpenException;
import com.dumontcloud.sdk.exception.ConflictException;
import com.dumontcloud.sdk.exception.ConnectionException;
import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.PermissionDeniedException;
import com.dumontcloud.sdk.exception.ProviderException;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.spi.support.ErrorClassifier;
import com.dumontcloud.sdk.spi.support.ErrorRefiner;
import com.dumontcloud.sdk.spi.support.ProviderError;
import com.dumontcloud.sdk.spi.support.HttpCall;
import com.dumontcloud.sdk.spi.support.HttpResult;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OkHttpTransportFunctionalTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final Duration MS_500 = Duration.ofMillis(500);

  private MockWebServer server;
  private OkHttpClient client;
  private FakeScheduler scheduler;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    client = new OkHttpClient.Builder().connectTimeout(2, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS).build();
    scheduler = new FakeScheduler(T0);
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  // ---- retries and backoff on virtual time -------------------------------------------------------------

  @Test
  void execute_503Then200_retriesWithExponentialBackoff() {
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setBody("{\"ok\":true}"));

    HttpResult r = transport(settings(4, Duration.ofSeconds(8))).execute(get("/offers"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"ok\":true}");
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(scheduler.sleeps()).containsExactly(MS_500, Duration.ofSeconds(1));
  }

  @Test
  void execute_always503_stopsAtMaxAttemptsWithBackoffGrowingThenCapped() {
    for (int i = 0; i < 6; i++) server.enqueue(new MockResponse().setResponseCode(503).setBody("busy"));

    ProviderServerException e = catchThrowableOfType(
        () -> transport(settings(6, Duration.ofSeconds(2))).execute(get("/offers")), ProviderServerException.class);

    assertThat(e.attempts()).isEqualTo(6);
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("attempts=6", "status=503", "body: busy");
    assertThat(server.getRequestCount()).isEqualTo(6);
    assertThat(scheduler.sleeps()).containsExactly(
        MS_500, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  @Test
  void execute_withJitter_everyWaitBetweenFloorAndCap() {
    for (int i = 0; i < 8; i++) server.enqueue(new MockResponse().setResponseCode(502));
    OkHttpTransport t = new OkHttpTransport(client, scheduler, settings(8, Duration.ofSeconds(4)));

    assertThatThrownBy(() -> t.execute(get("/x"))).isInstanceOf(ProviderServerException.class);

    assertThat(scheduler.sleeps()).hasSize(7)
        .allSatisfy(d -> assertThat(d).isBetween(MS_500, Duration.ofSeconds(4)));
  }

  @Test
  void execute_sameRequestOnEveryAttempt_keepsIdempotencyKeyAndBody() throws InterruptedException {
    server.enqueue(new MockResponse().setResponseCode(504));
    server.enqueue(new MockResponse().setBody("{}"));
    HttpCall call = HttpCall.builder("p", "stop").put(url("/instances/1"), "{\"state\":\"stopped\"}")
        .header("Idempotency-Key", "k-123").build();

    transport(settings(4, Duration.ofSeconds(8))).execute(call);

    RecordedRequest first = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertThat(first.getHeader("Idempotency-Key")).isEqualTo("k-123");
    assertThat(second.getHeader("Idempotency-Key")).isEqualTo("k-123");
    assertThat(second.getBody().readUtf8()).isEqualTo("{\"state\":\"stopped\"}");
    assertThat(second.getMethod()).isEqualTo("PUT");
  }

  @Test
  void execute_connectionRefusedOnRead_retriesThenConnectionException() throws IOException {
    String dead = refusedUrl("/offers");

    ConnectionException e = catchThrowableOfType(
        () -> transport(settings(3, Duration.ofSeconds(8))).execute(HttpCall.builder("p", "list").get(dead).build()),
        ConnectionException.class);

    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.getCause()).isInstanceOf(ConnectException.class);
    assertThat(scheduler.sleeps()).containsExactly(MS_500, Duration.ofSeconds(1));
  }

  @Test
  void execute_resetAfterRequestOnRead_isRetried() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(new MockResponse().setBody("{}"));
    server.enqueue(new MockResponse().setBody("{}"));

    HttpResult r = transport(settings(4, Duration.ofSeconds(8))).execute(get("/offers"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void execute_readAttemptTimesOut_retriesAndSucceeds() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(new MockResponse().setBody("{}"));

    HttpResult r = transport(settings(4, Duration.ofSeconds(8), Duration.ofSeconds(60), Duration.ofMillis(300)))
        .execute(get("/offers"));

    assertThat(r.attempts()).isEqualTo(2);
    assertThat(scheduler.sleeps()).containsExactly(MS_500);
  }

  // ---- deadline -----------------------------------------------------------------------------------------

  @Test
  void execute_nextWaitWouldPassCallDeadline_throwsLastErrorWithoutWaiting() {
    for (int i = 0; i < 6; i++) server.enqueue(new MockResponse().setResponseCode(503));
    HttpCall call = HttpCall.builder("p", "list").get(url("/offers")).deadline(Duration.ofSeconds(2)).build();

    ProviderServerException e = catchThrowableOfType(
        () -> transport(settings(6, Duration.ofSeconds(8))).execute(call), ProviderServerException.class);

    // waits 0.5 s + 1 s; the next 2 s wait would end past the 2 s deadline
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(scheduler.sleeps()).containsExactly(MS_500, Duration.ofSeconds(1));
  }

  @Test
  void execute_attemptsTimeOutUntilDeadline_throwsCallTimeout() {
    for (int i = 0; i < 3; i++) server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));

    CallTimeoutException e = catchThrowableOfType(
        () -> transport(settings(6, Duration.ofSeconds(8), Duration.ofSeconds(1), Duration.ofMillis(200)))
            .execute(get("/offers")),
        CallTimeoutException.class);

    assertThat(e.attempts()).isEqualTo(2);
    assertThat(e.getCause()).isInstanceOf(AttemptTimeoutException.class);
    assertThat(e.getMessage()).contains("provider=p", "op=list", "deadline");
    assertThat(scheduler.sleeps()).containsExactly(MS_500);
  }

  // ---- Retry-After -----------------------------------------------------------------------------------------

  @Test
  void execute_429WithRetryAfterSeconds_waitsExactlyThatLong() {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "7"));
    server.enqueue(new MockResponse().setBody("{}"));

    HttpResult r = transport(settings(4, Duration.ofSeconds(2))).execute(get("/offers"));

    assertThat(r.attempts()).isEqualTo(2);
    assertThat(scheduler.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void execute_429WithRetryAfterHttpDate_waitsUntilThatDate() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.plusSeconds(12).atOffset(ZoneOffset.UTC));
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", date));
    server.enqueue(new MockResponse().setBody("{}"));

    transport(settings(4, Duration.ofSeconds(2))).execute(get("/offers"));

    assertThat(scheduler.sleeps()).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void execute_429WithoutRetryAfter_usesBackoff() {
    server.enqueue(new MockResponse().setResponseCode(429));
    server.enqueue(new MockResponse().setBody("{}"));

    transport(settings(4, Duration.ofSeconds(2))).execute(get("/offers"));

    assertThat(scheduler.sleeps()).containsExactly(MS_500);
  }

  @Test
  void execute_retryAfterBeyondDeadline_throwsRateLimitedWithoutWaiting() {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "120"));
    server.enqueue(new MockResponse().setBody("{}"));

    RateLimitedException e = catchThrowableOfType(
        () -> transport(settings(4, Duration.ofSeconds(2))).execute(get("/offers")), RateLimitedException.class);

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(scheduler.sleeps()).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // ---- CREATE is never blindly resent ------------------------------------------------------------------

  @Test
  void execute_createAttemptTimesOut_throwsAttemptTimeoutWithoutResending() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(new MockResponse().setBody("{\"id\":\"second\"}"));

    AttemptTimeoutException e = catchThrowableOfType(
        () -> transport(settings(4, Duration.ofSeconds(8), Duration.ofSeconds(60), Duration.ofMillis(300)))
            .execute(launch()),
        AttemptTimeoutException.class);

    assertThat(e.attempts()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(scheduler.sleeps()).isEmpty();
  }

  @Test
  void execute_create503_throwsWithoutResending() {
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setBody("{}"));

    ProviderServerException e = catchThrowableOfType(
        () -> transport(settings(4, Duration.ofSeconds(8))).execute(launch()), ProviderServerException.class);

    assertThat(e.attempts()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void execute_create503WithRetryAfterZero_okHttpDoesNotResendEither() {
    server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "0"));
    server.enqueue(new MockResponse().setBody("{}"));

    assertThatThrownBy(() -> transport(settings(4, Duration.ofSeconds(8))).execute(launch()))
        .isInstanceOf(ProviderServerException.class);

    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void execute_create500_throwsWithoutResending() {
    server.enqueue(new MockResponse().setResponseCode(500));
    server.enqueue(new MockResponse().setBody("{}"));

    assertThatThrownBy(() -> transport(settings(4, Duration.ofSeconds(8))).execute(launch()))
        .isInstanceOf(ProviderServerException.class);

    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void execute_createConnectionResetAfterSend_throwsWithoutResending() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(new MockResponse().setBody("{}"));

    ConnectionException e = catchThrowableOfType(
        () -> transport(settings(4, Duration.ofSeconds(8))).execute(launch()), ConnectionException.class);

    assertThat(e.attempts()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void execute_create429_isRetriedWithTheSameIdempotencyKey() throws InterruptedException {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "2"));
    server.enqueue(new MockResponse().setBody("{\"id\":\"i-1\"}"));

    HttpResult r = transport(settings(4, Duration.ofSeconds(8))).execute(launch());

    assertThat(r.attempts()).isEqualTo(2);
    assertThat(scheduler.sleeps()).containsExactly(Duration.ofSeconds(2));
    RecordedRequest first = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertThat(first.getHeader("Idempotency-Key")).isEqualTo("launch-key-1");
    assertThat(second.getHeader("Idempotency-Key")).isEqualTo("launch-key-1");
    assertThat(second.getBody().readUtf8()).isEqualTo("{\"offer\":42}");
  }

  @Test
  void execute_createConnectionRefused_isRetried() throws IOException {
    HttpCall call = HttpCall.builder("p", "launch").post(refusedUrl("/launch"), "{}")
        .kind(HttpCall.Kind.CREATE).build();

    ConnectionException e = catchThrowableOfType(
        () -> transport(settings(3, Duration.ofSeconds(8))).execute(call), ConnectionException.class);

    assertThat(e.attempts()).isEqualTo(3);
    assertThat(scheduler.sleeps()).hasSize(2);
  }

  // ---- circuit breaker ------------------------------------------------------------------------------------

  @Test
  void execute_failuresOpenCircuit_thenProbeAfterOpenDurationClosesIt() {
    OkHttpTransport t = transport(breakerSettings(1, 4));
    for (int i = 0; i < 4; i++) server.enqueue(new MockResponse().setResponseCode(500));
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> t.execute(get("/x"))).isInstanceOf(ProviderServerException.class);
    }
    assertThat(t.breaker("p").getState()).isEqualTo(CircuitBreaker.State.OPEN);

    CircuitOpenException open = catchThrowableOfType(() -> t.execute(get("/x")), CircuitOpenException.class);
    assertThat(open.getCause()).isInstanceOf(CallNotPermittedException.class);
    assertThat(open.providerId()).isEqualTo("p");
    assertThat(server.getRequestCount()).isEqualTo(4);

    scheduler.advance(Duration.ofSeconds(29));
    assertThatThrownBy(() -> t.execute(get("/x"))).isInstanceOf(CircuitOpenException.class);

    scheduler.advance(Duration.ofSeconds(2));
    server.enqueue(new MockResponse().setBody("{}"));
    assertThat(t.execute(get("/x")).status()).isEqualTo(200);
    assertThat(t.breaker("p").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void execute_failedProbe_reopensCircuit() {
    OkHttpTransport t = transport(breakerSettings(1, 2));
    for (int i = 0; i < 3; i++) server.enqueue(new MockResponse().setResponseCode(502));
    for (int i = 0; i < 2; i++) assertThatThrownBy(() -> t.execute(get("/x"))).isInstanceOf(ProviderException.class);
    scheduler.advance(Duration.ofSeconds(31));

    assertThatThrownBy(() -> t.execute(get("/x"))).isInstanceOf(ProviderServerException.class);

    assertThat(t.breaker("p").getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void execute_circuitOpensDuringRetries_stopsRetryingWithCircuitOpen() {
    OkHttpTransport t = transport(breakerSettings(5, 2));
    for (int i = 0; i < 5; i++) server.enqueue(new MockResponse().setResponseCode(503));

    CircuitOpenException e = catchThrowableOfType(() -> t.execute(get("/x")), CircuitOpenException.class);

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(scheduler.sleeps()).hasSize(2);
    assertThat(e.getSuppressed()).singleElement().isInstanceOf(ProviderServerException.class);
  }

  @Test
  void execute_clientErrors_doNotOpenCircuit() {
    OkHttpTransport t = transport(breakerSettings(1, 2));
    for (int i = 0; i < 4; i++) server.enqueue(new MockResponse().setResponseCode(404));

    for (int i = 0; i < 4; i++) assertThatThrownBy(() -> t.execute(get("/x"))).isInstanceOf(NotFoundException.class);

    assertThat(t.breaker("p").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void execute_openCircuitOfOneProvider_doesNotBlockAnother() {
    OkHttpTransport t = transport(breakerSettings(1, 2));
    for (int i = 0; i < 2; i++) server.enqueue(new MockResponse().setResponseCode(500));
    for (int i = 0; i < 2; i++) assertThatThrownBy(() -> t.execute(get("/x"))).isInstanceOf(ProviderException.class);
    server.enqueue(new MockResponse().setBody("{}"));

    HttpResult r = t.execute(HttpCall.builder("q", "list").get(url("/x")).build());

    assertThat(r.status()).isEqualTo(200);
    assertThat(t.breaker("p").getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(t.breaker("q").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  // ---- the error table, end to end -------------------------------------------------------------------

  static Stream<Arguments> errorTable() {
    return Stream.of(
        Arguments.of(400, InvalidRequestException.class, false),
        Arguments.of(401, AuthenticationException.class, false),
        Arguments.of(403, PermissionDeniedException.class, false),
        Arguments.of(404, NotFoundException.class, false),
        Arguments.of(405, InvalidRequestException.class, false),
        Arguments.of(409, ConflictException.class, false),
        Arguments.of(410, NotFoundException.class, false),
        Arguments.of(422, InvalidRequestException.class, false),
        Arguments.of(429, RateLimitedException.class, true),
        Arguments.of(500, ProviderServerException.class, false),
        Arguments.of(501, ProviderServerException.class, false),
        Arguments.of(502, ProviderServerException.class, true),
        Arguments.of(503, ProviderServerException.class, true),
        Arguments.of(504, ProviderServerException.class, true),
        Arguments.of(302, ProviderProtocolException.class, false));
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @MethodSource("errorTable")
  void execute_errorStatus_mapsToTableException(
      int status, Class<? extends ProviderException> type, boolean retryable) {
    server.enqueue(new MockResponse().setResponseCode(status).setHeader("X-Request-Id", "req-9")
        .setBody("{\"error\":\"nope\"}"));

    ProviderException e = catchThrowableOfType(
        () -> transport(settings(1, Duration.ofSeconds(8))).execute(get("/x")), ProviderException.class);

    assertThat(e).isExactlyInstanceOf(type);
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.retryable()).isEqualTo(retryable);
    assertThat(e.providerId()).isEqualTo("p");
    assertThat(e.operation()).isEqualTo("list");
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.requestId()).isEqualTo("req-9");
    assertThat(e.bodyExcerpt()).isEqualTo("{\"error\":\"nope\"}");
    assertThat(e.getMessage()).contains("provider=p", "op=list", "status=" + status, "requestId=req-9", "attempts=1");
  }

  // ---- provider classifiers ------------------------------------------------------------------------------

  @Test
  void execute_classifierFindsRetryableErrorIn200Body_isRetried() {
    server.enqueue(new MockResponse().setBody("{\"success\":false,\"msg\":\"slow down\"}"));
    server.enqueue(new MockResponse().setBody("{\"success\":true}"));
    ErrorClassifier c = (status, body, d) -> body.contains("slow down")
        ? new RateLimitedException(d.withErrorCode("slow_down").withRetryable(true, Duration.ofSeconds(3))) : null;

    HttpResult r = transport(settings(4, Duration.ofSeconds(8))).execute(get("/x"), c);

    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.body()).contains("true");
    assertThat(scheduler.sleeps()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void execute_classifierFindsServerErrorIn200Body_isRetriedForReads() {
    server.enqueue(new MockResponse().setBody("{\"error\":\"internal\"}"));
    server.enqueue(new MockResponse().setBody("{}"));
    ErrorClassifier c = (status, body, d) -> body.contains("internal")
        ? new ProviderServerException(d.withRetryable(true, null)) : null;

    HttpResult r = transport(settings(4, Duration.ofSeconds(8))).execute(get("/x"), c);

    assertThat(r.attempts()).isEqualTo(2);
  }

  @Test
  void execute_classifierFindsStockoutIn200Body_throwsWithoutRetry() {
    server.enqueue(new MockResponse().setBody("{\"success\":false,\"error\":\"No available nodes\"}"));
    ErrorClassifier c = (status, body, d) -> body.contains("No available nodes")
        ? new CapacityUnavailableException(d.withErrorCode("no_nodes")) : null;

    CapacityUnavailableException e = catchThrowableOfType(
        () -> transport(settings(4, Duration.ofSeconds(8))).execute(launch(), c), CapacityUnavailableException.class);

    assertThat(e.statusCode()).isEqualTo(200);
    assertThat(e.errorCode()).isEqualTo("no_nodes");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void execute_classifierOverridesStatus_winsOverTable() {
    server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"msg\":\"invalid user key\"}"));
    ErrorClassifier vast = (status, body, d) -> status == 404 && body.contains("invalid user key")
        ? new AuthenticationException(d) : null;

    assertThatThrownBy(() -> transport(settings(4, Duration.ofSeconds(8))).execute(get("/x"), vast))
        .isExactlyInstanceOf(AuthenticationException.class);
  }

  @Test
  void execute_classifierChokesOnMalformedBody_throwsProviderProtocolNotNpe() {
    server.enqueue(new MockResponse().setBody("<html>gateway</html>"));
    ErrorClassifier naive = (status, body, d) -> {
      Object missing = null;
      return missing.toString().isEmpty() ? null : null;
    };

    ProviderProtocolException e = catchThrowableOfType(
        () -> transport(settings(4, Duration.ofSeconds(8))).execute(get("/x"), naive), ProviderProtocolException.class);

    assertThat(e.getCause()).isInstanceOf(NullPointerException.class);
    assertThat(e.bodyExcerpt()).isEqualTo("<html>gateway</html>");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // ---- provider refiners: the provider says what the body means, the core's table builds the exception ----

  @Test
  void execute_refinerSaysAuthOn404_coreBuildsAuthenticationWithCodeMessageAndHint() {
    server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"error\":\"auth_error\",\"msg\":\"bad key\"}"));
    ErrorRefiner r = (status, body) -> Optional.of(ProviderError.builder(ProviderError.Kind.AUTH).code("auth_error")
        .message("bad key").hint("set P_KEY").build());

    AuthenticationException e = catchThrowableOfType(
        () -> transport(settings(4, Duration.ofSeconds(8))).execute(get("/x"), r), AuthenticationException.class);

    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.errorCode()).isEqualTo("auth_error");
    assertThat(e.getMessage()).contains("authentication failed: bad key (set P_KEY)");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void execute_refinerFindsRateLimitIn200_isRetriedAfterTheBodysHint() {
    server.enqueue(new MockResponse().setBody("{\"success\":false,\"msg\":\"slow down\"}"));
    server.enqueue(new MockResponse().setBody("{\"success\":true}"));
    ErrorRefiner r = new ErrorRefiner() {
      @Override public Optional<ProviderError> refine(int status, String body) { return Optional.empty(); }
      @Override public Optional<ProviderError> refineSuccess(int status, String body) {
        return body.contains("slow down") ? Optional.of(ProviderError.builder(ProviderError.Kind.RATE_LIMITED)
            .message("slow down").retryAfter(Duration.ofSeconds(3)).build()) : Optional.empty();
      }
    };

    HttpResult res = transport(settings(4, Duration.ofSeconds(8))).execute(get("/x"), r);

    assertThat(res.attempts()).isEqualTo(2);
    assertThat(scheduler.sleeps()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void execute_refinerUnknownKind_statusTableDecidesAndTheCodeIsKept() {
    server.enqueue(new MockResponse().setResponseCode(409).setBody("{\"error\":\"busy\"}"));
    ErrorRefiner r = (status, body) -> Optional.of(ProviderError.of(ProviderError.Kind.UNKNOWN, "busy", null));

    ConflictException e = catchThrowableOfType(
        () -> transport(settings(4, Duration.ofSeconds(8))).execute(get("/x"), r), ConflictException.class);

    assertThat(e.errorCode()).isEqualTo("busy");
  }

  @Test
  void execute_refinerMessageQuotingTheKey_isScrubbed() {
    server.enqueue(new MockResponse().setResponseCode(400).setBody("{}"));
    ErrorRefiner r = (status, body) -> Optional.of(ProviderError.of(ProviderError.Kind.INVALID, null,
        "key sk-planted-1234 is not allowed"));
    HttpCall call = HttpCall.builder("p", "list").get(server.url("/x").toString())
        .bearer(com.dumontcloud.sdk.Secret.of("sk-planted-1234")).build();

    assertThatThrownBy(() -> transport(settings(4, Duration.ofSeconds(8))).execute(call, r))
        .isInstanceOf(InvalidRequestException.class).hasMessageNotContaining("sk-planted-1234")
        .hasMessageContaining("is not allowed");
  }

  @Test
  void execute_refinerReturnsAnswer_non2xxComesBackToTheCaller() {
    server.enqueue(new MockResponse().setResponseCode(400).setBody("{\"new_contract\":7}"));
    ErrorRefiner r = new ErrorRefiner() {
      @Override public Optional<ProviderError> refine(int status, String body) { return Optional.empty(); }
      @Override public boolean returnsAnswer(int status, String body) { return body.contains("new_contract"); }
    };

    HttpResult res = transport(settings(4, Duration.ofSeconds(8))).execute(launch(), r);

    assertThat(res.status()).isEqualTo(400);
    assertThat(res.body()).contains("new_contract");
  }

  @Test
  void execute_refinerThrows_isProtocolExceptionNotACrash() {
    server.enqueue(new MockResponse().setResponseCode(500).setBody("<html/>"));
    ErrorRefiner r = (status, body) -> { throw new IllegalStateException("boom"); };

    assertThatThrownBy(() -> transport(settings(1, Duration.ofSeconds(8))).execute(get("/x"), r))
        .isInstanceOf(ProviderProtocolException.class).hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void execute_defaultClassifier_returns2xxBodyUntouched() {
    server.enqueue(new MockResponse().setResponseCode(201).setHeader("Location", "/i/1").setBody("created"));

    HttpResult r = transport(settings(4, Duration.ofSeconds(8))).execute(get("/x"));

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("location")).isEqualTo("/i/1");
    assertThat(r.body()).isEqualTo("created");
  }

  // ---- helpers ----------------------------------------------------------------------------------------

  private OkHttpTransport transport(TransportSettings s) {
    return new OkHttpTransport(client, scheduler, s, () -> 0.5);
  }

  private static TransportSettings settings(int attempts, Duration maxBackoff) {
    return settings(attempts, maxBackoff, Duration.ofSeconds(60), Duration.ofSeconds(5));
  }

  private static TransportSettings settings(int attempts, Duration maxBackoff, Duration call, Duration attempt) {
    return new TransportSettings(attempts, MS_500, maxBackoff, call, attempt, 50f, 1000, Duration.ofSeconds(30));
  }

  private static TransportSettings breakerSettings(int attempts, int minimumCalls) {
    return new TransportSettings(attempts, MS_500, Duration.ofSeconds(8), Duration.ofSeconds(60),
        Duration.ofSeconds(5), 50f, minimumCalls, Duration.ofSeconds(30));
  }

  private String url(String path) {
    return server.url(path).toString();
  }

  private HttpCall get(String path) {
    return HttpCall.builder("p", "list").get(url(path)).build();
  }

  private HttpCall launch() {
    return HttpCall.builder("p", "launch").post(url("/launch"), "{\"offer\":42}")
        .header("Idempotency-Key", "launch-key-1").kind(HttpCall.Kind.CREATE).build();
  }

  private static String refusedUrl(String path) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return "http://127.0.0.1:" + port + path;
  }
}
