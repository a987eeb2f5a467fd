package com.dumontcloud.sdk.internal.http;

import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.ConflictException;
import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.PermissionDeniedException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderException;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The status → exception table, in one place. */
public final class ErrorMapping {
  private ErrorMapping() {}

  public static String describe(int status) {
    return switch (status) {
      case 400, 422 -> "invalid request";
      case 401 -> "authentication failed: check the API key";
      case 403 -> "permission denied";
      case 404 -> "not found";
      case 409 -> "conflict with the resource's state";
      case 429 -> "rate limited";
      default -> status >= 500 ? "provider server error" : "unexpected HTTP status " + status;
    };
  }

  public static ProviderException map(ProviderErrorDetails d, String retryAfterHeader, Scheduler scheduler) {
    int s = d.statusCode();
    return switch (s) {
      case 400, 422 -> new InvalidRequestException(d);
      case 401 -> new AuthenticationException(d);
      case 403 -> new PermissionDeniedException(d);
      case 404 -> new NotFoundException(d);
      case 409 -> new ConflictException(d);
      case 429 -> new RateLimitedException(d.withRetryable(true, parseRetryAfter(retryAfterHeader, scheduler.now())));
      default -> s >= 500
          ? new ProviderServerException(d.withRetryable(s == 502 || s == 503 || s == 504, null))
          : new InvalidRequestException(d);
    };
  }

  /** Retry-After as seconds or an HTTP date; null when absent or unparsable. */
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
