package com.dumontcloud.sdk.internal.http;

import com.dumontcloud.sdk.exception.AttemptTimeoutException;
import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.ConflictException;
import com.dumontcloud.sdk.exception.ConnectionException;
import com.dumontcloud.sdk.exception.DumontClientException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.PermissionDeniedException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderException;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.spi.support.Redaction;
import com.dumontcloud.sdk.time.Scheduler;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The status → exception table, in one place, and the mapping of I/O failures.
 *
 * <table>
 *   <caption>HTTP status → exception</caption>
 *   <tr><th>status</th><th>exception</th><th>retryable</th></tr>
 *   <tr><td>400, 422</td><td>{@link InvalidRequestException}</td><td>no</td></tr>
 *   <tr><td>401</td><td>{@link AuthenticationException}</td><td>no</td></tr>
 *   <tr><td>403</td><td>{@link PermissionDeniedException}</td><td>no</td></tr>
 *   <tr><td>404, 410</td><td>{@link NotFoundException}</td><td>no</td></tr>
 *   <tr><td>409</td><td>{@link ConflictException}</td><td>no</td></tr>
 *   <tr><td>429</td><td>{@link RateLimitedException} with {@code Retry-After}</td><td>yes</td></tr>
 *   <tr><td>502, 503, 504</td><td>{@link ProviderServerException}</td><td>yes</td></tr>
 *   <tr><td>other 5xx</td><td>{@link ProviderServerException}</td><td>no</td></tr>
 *   <tr><td>other 4xx</td><td>{@link InvalidRequestException}</td><td>no</td></tr>
 *   <tr><td>1xx, 2xx, 3xx, other</td><td>{@link ProviderProtocolException} (not an error answer we understand)</td><td>no</td></tr>
 * </table>
 *
 * <p>Providers refine the table with an {@link com.dumontcloud.sdk.spi.support.ErrorClassifier}; whether an
 * exception is retried for a given kind of call is decided in {@link Retryability}.
 */
public final class ErrorMapping {
  private ErrorMapping() {}

  /** Human-readable description of a status, used as the default exception text. */
  public static String describe(int status) {
    return switch (status) {
      case 400, 422 -> "invalid request";
      case 401 -> "authentication failed: check the API key";
      case 403 -> "permission denied";
      case 404, 410 -> "not found";
      case 409 -> "conflict with the resource's state";
      case 429 -> "rate limited";
      default -> {
        if (status >= 500 && status <= 599) yield "provider server error";
        if (status >= 200 && status <= 299) yield "error reported in a successful response";
        if (status >= 300 && status <= 399) yield "unexpected redirect (HTTP " + status + ")";
        yield "unexpected HTTP status " + status;
      }
    };
  }

  /** True for the statuses that are retried (429, 502, 503, 504). */
  public static boolean isRetryableStatus(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /** Map a non-2xx answer; {@code Retry-After} dates are resolved against the scheduler's clock. */
  public static ProviderException map(ProviderErrorDetails d, String retryAfterHeader, Scheduler scheduler) {
    return map(d, retryAfterHeader, scheduler.now());
  }

  /** Map a non-2xx answer; the table is in the class comment. */
  public static ProviderException map(ProviderErrorDetails d, String retryAfterHeader, Instant now) {
    int s = d.statusCode();
    return switch (s) {
      case 400, 422 -> new InvalidRequestException(d);
      case 401 -> new AuthenticationException(d);
      case 403 -> new PermissionDeniedException(d);
      case 404, 410 -> new NotFoundException(d);
      case 409 -> new ConflictException(d);
      case 429 -> new RateLimitedException(d.withRetryable(true, parseRetryAfter(retryAfterHeader, now)));
      default -> {
        if (s >= 500 && s <= 599) yield new ProviderServerException(d.withRetryable(isRetryableStatus(s), null));
        if (s >= 400 && s <= 499) yield new InvalidRequestException(d);
        yield new ProviderProtocolException(d);
      }
    };
  }

  /**
   * Map an I/O failure of one attempt. Timeouts become {@link AttemptTimeoutException}; a malformed HTTP answer a
   * {@link ProviderProtocolException}; an interrupted thread a non-retryable {@link DumontClientException} (the
   * interrupt flag stays set); everything else (refused, DNS, reset, truncated) a {@link ConnectionException} whose
   * cause tells {@link Retryability} whether the request can have reached the server.
   *
   * @param redactedUrl the URL with its secrets already masked
   * @param secrets raw secret values to scrub from the I/O message
   */
  public static DumontException ioFailure(
      String providerId, String operation, String redactedUrl, IOException e, int attempt, Iterable<String> secrets) {
    String ctx = "[provider=" + providerId + " op=" + operation + " attempts=" + attempt + "] ";
    String detail = Redaction.redact(String.valueOf(e.getMessage()), secrets);
    if (Thread.currentThread().isInterrupted()) {
      return new DumontClientException(ctx + "interrupted while calling " + redactedUrl, e, providerId, attempt, false);
    }
    if (e instanceof InterruptedIOException) {
      return new AttemptTimeoutException(ctx + "attempt timed out calling " + redactedUrl + ": " + detail, e,
          providerId, attempt);
    }
    if (e instanceof ProtocolException) {
      return new ProviderProtocolException(new ProviderErrorDetails(providerId, operation, 0, null,
          "malformed HTTP answer from " + redactedUrl + ": " + detail, null, null, attempt, false, null), e);
    }
    return new ConnectionException(ctx + "cannot reach " + redactedUrl + ": " + e.getClass().getSimpleName() + ": "
        + detail, e, providerId, attempt);
  }

  /** Retry-After as seconds or an HTTP date; null when absent or unparsable; a past date is zero. */
  public static Duration parseRetryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) return null;
    String h = header.trim();
    try {
      long secs = Long.parseLong(h);
      return secs < 0 ? null : Duration.ofSeconds(secs);
    } catch (NumberFormatException ignored) {
      // not seconds; try an HTTP date
    }
    try {
      Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
