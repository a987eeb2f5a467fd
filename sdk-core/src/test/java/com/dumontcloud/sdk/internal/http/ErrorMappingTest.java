package com.dumontcloud.sdk.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.exception.AttemptTimeoutException;
import com.dumontcloud.sdk.exception.ConnectionException;
import com.dumontcloud.sdk.exception.DumontClientException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderException;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.spi.support.ProviderError;
import com.dumontcloud.sdk.spi.support.ProviderError.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMappingTest {
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

  @ParameterizedTest(name = "HTTP {0} -> {1}, retryable={2}")
  @CsvSource({
      "400, InvalidRequestException, false",
      "401, AuthenticationException, false",
      "403, PermissionDeniedException, false",
      "404, NotFoundException, false",
      "405, InvalidRequestException, false",
      "409, ConflictException, false",
      "410, NotFoundException, false",
      "418, InvalidRequestException, false",
      "422, InvalidRequestException, false",
      "429, RateLimitedException, true",
      "500, ProviderServerException, false",
      "501, ProviderServerException, false",
      "502, ProviderServerException, true",
      "503, ProviderServerException, true",
      "504, ProviderServerException, true",
      "599, ProviderServerException, false",
      "101, ProviderProtocolException, false",
      "200, ProviderProtocolException, false",
      "304, ProviderProtocolException, false",
      "600, ProviderProtocolException, false",
  })
  void map_status_givesTableRow(int status, String type, boolean retryable) {
    ProviderException e = ErrorMapping.map(details(status), null, NOW);

    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
    assertThat(e.retryable()).isEqualTo(retryable);
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(ErrorMapping.isRetryableStatus(status)).isEqualTo(retryable);
  }

  @ParameterizedTest(name = "{0} at HTTP {1} -> {2}, retryable={3}")
  @CsvSource({
      "CAPACITY, 404, CapacityUnavailableException, false",
      "CAPACITY, 200, CapacityUnavailableException, false",
      "QUOTA, 403, QuotaExceededException, false",
      "AUTH, 404, AuthenticationException, false",
      "PERMISSION, 400, PermissionDeniedException, false",
      "NOT_FOUND, 400, NotFoundException, false",
      "CONFLICT, 400, ConflictException, false",
      "INVALID, 200, InvalidRequestException, false",
      "RATE_LIMITED, 200, RateLimitedException, true",
      "SERVER, 500, ProviderServerException, false",
      "SERVER, 503, ProviderServerException, true",
      "UNAVAILABLE, 200, ProviderServerException, true",
      "UNKNOWN, 404, NotFoundException, false",
      "UNKNOWN, 429, RateLimitedException, true",
      "UNKNOWN, 200, ProviderProtocolException, false",
  })
  void map_refinement_kindDecidesThenStatus(Kind kind, int status, String type, boolean retryable) {
    ProviderException e = ErrorMapping.map(details(status), ProviderError.of(kind, "c1", "the message"), null, NOW);

    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
    assertThat(e.retryable()).isEqualTo(retryable);
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.errorCode()).isEqualTo("c1");
    assertThat(e.getMessage()).contains(": the message");
  }

  @Test
  void map_rateLimitRefinement_bodyHintWinsOverRetryAfterHeader() {
    ProviderError hinted = ProviderError.builder(Kind.RATE_LIMITED).retryAfter(Duration.ofMillis(4500)).build();
    RateLimitedException e = (RateLimitedException) ErrorMapping.map(details(429), hinted, "30", NOW);
    RateLimitedException plain = (RateLimitedException) ErrorMapping.map(details(429), ProviderError.none(), "30", NOW);

    assertThat(e.retryAfter()).contains(Duration.ofMillis(4500));
    assertThat(plain.retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void map_refinement_describesKindMessageAndHint_foldedAndTruncated() {
    ProviderError e = ProviderError.builder(Kind.AUTH).message("Invalid\n  user key " + "x".repeat(300))
        .hint("set P_KEY").build();

    String msg = ErrorMapping.map(details(404), e, null, NOW).getMessage();

    assertThat(msg).startsWith("[provider=vast op=stop status=404 attempts=1] authentication failed: Invalid user key x")
        .contains("… (set P_KEY)");
  }

  @Test
  void toException_appliesTheSameTable() {
    ProviderException e = ProviderError.of(Kind.CAPACITY, "no_such_ask", "gone").toException(details(410));

    assertThat(e).isInstanceOf(com.dumontcloud.sdk.exception.CapacityUnavailableException.class);
    assertThat(e.getMessage()).contains("code=no_such_ask").contains("capacity unavailable: gone");
  }

  @Test
  void map_429WithRetryAfterSeconds_carriesRetryAfter() {
    RateLimitedException e = (RateLimitedException) ErrorMapping.map(details(429), "30", NOW);

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void map_keepsDetails_inMessage() {
    ProviderException e = ErrorMapping.map(details(409).withAttempts(3).withErrorCode("busy"), null, NOW);

    assertThat(e.getMessage()).isEqualTo("[provider=vast op=stop status=409 code=busy attempts=3] conflict | body: {}");
    assertThat(e.attempts()).isEqualTo(3);
  }

  @Test
  void parseRetryAfter_seconds_givesDuration() {
    assertThat(ErrorMapping.parseRetryAfter(" 12 ", NOW)).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void parseRetryAfter_httpDate_givesTimeUntilThen() {
    assertThat(ErrorMapping.parseRetryAfter("Wed, 01 May 2024 10:01:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void parseRetryAfter_pastDate_givesZero() {
    assertThat(ErrorMapping.parseRetryAfter("Wed, 01 May 2024 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void parseRetryAfter_absentNegativeOrGarbage_givesNull() {
    assertThat(ErrorMapping.parseRetryAfter(null, NOW)).isNull();
    assertThat(ErrorMapping.parseRetryAfter(" ", NOW)).isNull();
    assertThat(ErrorMapping.parseRetryAfter("-5", NOW)).isNull();
    assertThat(ErrorMapping.parseRetryAfter("soon", NOW)).isNull();
  }

  @Test
  void ioFailure_timeout_isAttemptTimeout() {
    DumontException e = io(new SocketTimeoutException("Read timed out"));

    assertThat(e).isInstanceOf(AttemptTimeoutException.class);
    assertThat(e.attempts()).isEqualTo(2);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void ioFailure_refusedDnsOrReset_isConnectionExceptionKeepingCause() {
    assertThat(io(new ConnectException("refused"))).isInstanceOf(ConnectionException.class)
        .hasCauseInstanceOf(ConnectException.class);
    assertThat(io(new UnknownHostException("nope.invalid"))).isInstanceOf(ConnectionException.class);
    assertThat(io(new EOFException("unexpected end of stream"))).isInstanceOf(ConnectionException.class);
  }

  @Test
  void ioFailure_malformedHttp_isProviderProtocol() {
    assertThat(io(new ProtocolException("Unexpected status line: garbage")))
        .isInstanceOf(ProviderProtocolException.class);
  }

  @Test
  void ioFailure_interruptedThread_isNonRetryableClientExceptionAndKeepsFlag() {
    Thread.currentThread().interrupt();
    try {
      DumontException e = io(new java.io.InterruptedIOException("interrupted"));

      assertThat(e).isExactlyInstanceOf(DumontClientException.class);
      assertThat(e.retryable()).isFalse();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void ioFailure_messageWithSecret_isScrubbed() {
    DumontException e = io(new IOException("proxy said: token sk-PLANTED-SECRET-123 rejected"));

    assertThat(e.getMessage()).doesNotContain("sk-PLANTED-SECRET-123").contains("provider=vast", "op=stop",
        "https://api.example/x?api_key=****");
  }

  private static DumontException io(IOException e) {
    return ErrorMapping.ioFailure("vast", "stop", "https://api.example/x?api_key=****", e, 2,
        List.of("sk-PLANTED-SECRET-123"));
  }

  private static ProviderErrorDetails details(int status) {
    return new ProviderErrorDetails("vast", "stop", status, null, status == 409 ? "conflict" : "x", "{}", null, 1,
        false, null);
  }
}
