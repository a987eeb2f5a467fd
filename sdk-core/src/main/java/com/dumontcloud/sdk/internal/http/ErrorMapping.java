package com.dumontcloud.sdk.internal.http;

import com.dumontcloud.sdk.exception.AttemptTimeoutException;
import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
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
import com.dumontcloud.sdk.exception.QuotaExceededException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.spi.support.ProviderError;
import com.dumontcloud.sdk.spi.support.ProviderError.Kind;
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
 * <p>Providers refine the table, they do not replace it: an {@link com.dumontcloud.sdk.spi.support.ErrorRefiner}
 * returns a {@link ProviderError} (code, message, kind, retry hint) and {@link #map(ProviderErrorDetails,
 * ProviderError, String, Instant)} picks the exception from the kind, or from the status when the kind is
 * {@link Kind#UNKNOWN}:
 *
 * <table>
 *   <caption>refinement kind → exception</caption>
 *   <tr><th>kind</th><th>exception</th><th>retryable</th></tr>
 *   <tr><td>CAPACITY</td><td>{@link CapacityUnavailableException}</td><td>no</td></tr>
 *   <tr><td>QUOTA</td><td>{@link QuotaExceededException}</td><td>no</td></tr>
 *   <tr><td>AUTH</td><td>{@link AuthenticationException}</td><td>no</td></tr>
 *   <tr><td>PERMISSION</td><td>{@link PermissionDeniedException}</td><td>no</td></tr>
 *   <tr><td>NOT_FOUND</td><td>{@link NotFoundException}</td><td>no</td></tr>
 *   <tr><td>CONFLICT</td><td>{@link ConflictException}</td><td>no</td></tr>
 *   <tr><td>INVALID</td><td>{@link InvalidRequestException}</td><td>no</td></tr>
 *   <tr><td>RATE_LIMITED</td><td>{@link RateLimitedException}, hint from the body, else {@code Retry-After}</td><td>yes</td></tr>
 *   <tr><td>SERVER</td><td>{@link ProviderServerException}</td><td>for 502, 503, 504</td></tr>
 *   <tr><td>UNAVAILABLE</td><td>{@link ProviderServerException}</td><td>yes</td></tr>
 *   <tr><td>UNKNOWN</td><td>the status table above</td><td>as above</td></tr>
 * </table>
 *
 * <p>The description is the kind's (or status') text, then the provider's message (redacted, whitespace folded,
 * truncated), then its hint in parentheses. The legacy {@link com.dumontcloud.sdk.spi.support.ErrorClassifier}
 * still works (its exception wins). Whether an exception is retried for a given kind of call is decided in
 * {@link Retryability}.
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
    return map(d, null, retryAfterHeader, now);
  }

  /**
   * The one table: status + refinement → exception (both tables are in the class comment).
   *
   * @param refinement the provider's reading of the body, or null for the status alone
   * @param retryAfterHeader the {@code Retry-After} header, or null
   * @param now the clock's time for {@code Retry-After} dates; may be null when there is no header
   */
  public static ProviderException map(
      ProviderErrorDetails d, ProviderError refinement, String retryAfterHeader, Instant now) {
    ProviderError e = refinement == null ? ProviderError.none() : refinement;
    int s = d.statusCode();
    Kind kind = e.kind() == Kind.UNKNOWN ? kindOf(s) : e.kind();
    if (e.code() != null) d = d.withErrorCode(e.code());
    if (e.kind() != Kind.UNKNOWN || e.message() != null || e.hint() != null) {
      d = new ProviderErrorDetails(d.providerId(), d.operation(), s, d.errorCode(), describe(kind, s, e), d.bodyExcerpt(),
          d.requestId(), d.attempts(), d.retryable(), d.retryAfter());
    }
    if (kind == null) return new ProviderProtocolException(d.withRetryable(false, null));
    return switch (kind) {
      case CAPACITY -> new CapacityUnavailableException(d.withRetryable(false, null));
      case QUOTA -> new QuotaExceededException(d.withRetryable(false, null));
      case AUTH -> new AuthenticationException(d.withRetryable(false, null));
      case PERMISSION -> new PermissionDeniedException(d.withRetryable(false, null));
      case NOT_FOUND -> new NotFoundException(d.withRetryable(false, null));
      case CONFLICT -> new ConflictException(d.withRetryable(false, null));
      case INVALID -> new InvalidRequestException(d.withRetryable(false, null));
      case RATE_LIMITED -> new RateLimitedException(d.withRetryable(true, e.retryAfter()
          .orElseGet(() -> now == null ? null : parseRetryAfter(retryAfterHeader, now))));
      case SERVER -> new ProviderServerException(d.withRetryable(isRetryableStatus(s), null));
      case UNAVAILABLE -> new ProviderServerException(d.withRetryable(true, e.retryAfter().orElse(null)));
      case UNKNOWN -> throw new AssertionError("kindOf never answers UNKNOWN");
    };
  }

  /** The kind a status stands for; null for statuses that are no error answer we understand (1xx, 2xx, 3xx). */
  static Kind kindOf(int status) {
    return switch (status) {
      case 400, 422 -> Kind.INVALID;
      case 401 -> Kind.AUTH;
      case 403 -> Kind.PERMISSION;
      case 404, 410 -> Kind.NOT_FOUND;
      case 409 -> Kind.CONFLICT;
      case 429 -> Kind.RATE_LIMITED;
      default -> {
        if (status >= 500 && status <= 599) yield Kind.SERVER;
        if (status >= 400 && status <= 499) yield Kind.INVALID;
        yield null;
      }
    };
  }

  /** Longest provider message kept in a description (the body excerpt carries the rest). */
  static final int MAX_MESSAGE = 240;

  private static String describe(Kind kind, int status, ProviderError e) {
    String base = e.kind() == Kind.UNKNOWN ? describe(status) : switch (kind) {
      case CAPACITY -> "capacity unavailable";
      case QUOTA -> "quota exceeded";
      case AUTH -> "authentication failed";
      case PERMISSION -> "permission denied";
      case NOT_FOUND -> "not found";
      case CONFLICT -> "conflict with the resource's state";
      case INVALID -> status >= 200 && status <= 299 ? "request refused" : "invalid request";
      case RATE_LIMITED -> "rate limited";
      case SERVER -> "provider server error";
      case UNAVAILABLE -> "provider temporarily unavailable";
      case UNKNOWN -> describe(status);
    };
    StringBuilder sb = new StringBuilder(base);
    if (e.message() != null) {
      String m = Redaction.redact(e.message()).replaceAll("\\s+", " ").strip();
      sb.append(": ").append(m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "…" : m);
    }
    if (e.hint() != null) sb.append(" (").append(e.hint()).append(')');
    return sb.toString();
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
