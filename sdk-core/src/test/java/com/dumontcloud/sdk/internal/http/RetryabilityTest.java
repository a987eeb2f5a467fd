package com.dumontcloud.sdk.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.exception.AttemptTimeoutException;
import com.dumontcloud.sdk.exception.CircuitOpenException;
import com.dumontcloud.sdk.exception.ConnectionException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.spi.support.HttpCall.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryabilityTest {
  private static final ProviderErrorDetails D = ProviderErrorDetails.of("p", "op", "x");

  static Stream<Arguments> table() {
    return Stream.of(
        // failure, READ, IDEMPOTENT_WRITE, CREATE, counts against breaker
        Arguments.of("refused", conn(new ConnectException("refused")), true, true, true, true),
        Arguments.of("dns", conn(new UnknownHostException("x")), true, true, true, true),
        Arguments.of("reset", conn(new SocketException("Connection reset")), true, true, false, true),
        Arguments.of("truncated", conn(new IOException("unexpected end of stream")), true, true, false, true),
        Arguments.of("attempt timeout", new AttemptTimeoutException("t", null, "p", 1), true, true, false, true),
        Arguments.of("429", new RateLimitedException(D.withStatus(429).withRetryable(true, null)), true, true, true,
            false),
        Arguments.of("rate limit not retryable", new RateLimitedException(D), false, false, false, false),
        Arguments.of("503", new ProviderServerException(D.withStatus(503).withRetryable(true, null)), true, true,
            false, true),
        Arguments.of("500", new ProviderServerException(D.withStatus(500)), false, false, false, true),
        Arguments.of("404", new NotFoundException(D.withStatus(404)), false, false, false, false),
        Arguments.of("protocol", new ProviderProtocolException(D), false, false, false, false),
        Arguments.of("circuit open", new CircuitOpenException("p", "op", null), false, false, false, false),
        Arguments.of("bug", new IllegalStateException("bug"), false, false, false, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void shouldRetry_failureAndKind_followsTable(
      String name, Throwable failure, boolean read, boolean write, boolean create, boolean counts) {
    assertThat(Retryability.shouldRetry(failure, Kind.READ)).as("READ").isEqualTo(read);
    assertThat(Retryability.shouldRetry(failure, Kind.IDEMPOTENT_WRITE)).as("IDEMPOTENT_WRITE").isEqualTo(write);
    assertThat(Retryability.shouldRetry(failure, Kind.CREATE)).as("CREATE").isEqualTo(create);
    assertThat(Retryability.countsAgainstProvider(failure)).as("breaker").isEqualTo(counts);
  }

  private static ConnectionException conn(IOException cause) {
    return new ConnectionException("c", cause, "p", 1);
  }
}
