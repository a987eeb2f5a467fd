package com.dumontcloud.sdk.internal.http;

import com.dumontcloud.sdk.exception.AttemptTimeoutException;
import com.dumontcloud.sdk.exception.CircuitOpenException;
import com.dumontcloud.sdk.exception.ConnectionException;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.spi.support.HttpCall;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/**
 * Which failures are retried for which {@link HttpCall.Kind}, and which count against a provider's circuit
 * breaker. Together with {@link ErrorMapping} this is the whole error policy of the transport.
 *
 * <table>
 *   <caption>retried?</caption>
 *   <tr><th>failure</th><th>READ, IDEMPOTENT_WRITE</th><th>CREATE</th><th>counts against the breaker</th></tr>
 *   <tr><td>connection refused, DNS failure, no route (request provably not sent)</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>other connection failures (reset, truncated answer)</td><td>yes</td><td>no</td><td>yes</td></tr>
 *   <tr><td>attempt timeout</td><td>yes</td><td>no</td><td>yes</td></tr>
 *   <tr><td>{@link RateLimitedException} marked retryable (HTTP 429, or a classifier's verdict)</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>{@link ProviderServerException} marked retryable (502, 503, 504, or a classifier's verdict)</td><td>yes</td><td>no</td><td>yes</td></tr>
 *   <tr><td>other 5xx</td><td>no</td><td>no</td><td>yes</td></tr>
 *   <tr><td>circuit open, 4xx, protocol errors, anything else</td><td>no</td><td>no</td><td>no</td></tr>
 * </table>
 *
 * <p>A CREATE is never resent once it may have reached the server: only a failure that proves the request was
 * not processed (it never left, or the server answered 429) is retried. Ambiguous outcomes are thrown, and
 * the caller resolves them by listing resources by the launch's idempotency label.
 */
public final class Retryability {
  private Retryability() {}

  /** Whether {@code failure} of one attempt of a call of this kind is retried. */
  public static boolean shouldRetry(Throwable failure, HttpCall.Kind kind) {
    boolean create = kind == HttpCall.Kind.CREATE;
    if (failure instanceof CircuitOpenException) return false;
    if (failure instanceof RateLimitedException r) return r.retryable();
    if (failure instanceof ProviderServerException p) return p.retryable() && !create;
    if (failure instanceof ConnectionException c) return !create || provesNotSent(c.getCause());
    if (failure instanceof AttemptTimeoutException) return !create;
    return false;
  }

  /** True when an I/O failure happened before any byte of the request could reach the server. */
  public static boolean provesNotSent(Throwable ioFailure) {
    return ioFailure instanceof ConnectException
        || ioFailure instanceof UnknownHostException
        || ioFailure instanceof NoRouteToHostException;
  }

  /** Whether a failure says the provider is unhealthy (recorded by its circuit breaker). */
  public static boolean countsAgainstProvider(Throwable failure) {
    return failure instanceof ConnectionException
        || failure instanceof AttemptTimeoutException
        || failure instanceof ProviderServerException;
  }
}
