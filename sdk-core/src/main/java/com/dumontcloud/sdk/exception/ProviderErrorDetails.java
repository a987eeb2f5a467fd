package com.dumontcloud.sdk.exception;

import java.time.Duration;

/**
 * Everything a {@link ProviderException} reports. The message is composed once here so every subclass
 * reads the same way: {@code [provider=vast op=launch status=429 code=rate_limited attempts=3] text: body}.
 *
 * @param providerId provider id
 * @param operation SDK operation name
 * @param statusCode HTTP status or 0
 * @param errorCode provider error code or null
 * @param description human-readable description
 * @param bodyExcerpt redacted and truncated body, or null
 * @param requestId provider request id or null
 * @param attempts attempts made
 * @param retryable whether a later retry may succeed
 * @param retryAfter server-requested wait, or null
 */
public record ProviderErrorDetails(
    String providerId,
    String operation,
    int statusCode,
    String errorCode,
    String description,
    String bodyExcerpt,
    String requestId,
    int attempts,
    boolean retryable,
    Duration retryAfter) {

  public static ProviderErrorDetails of(String providerId, String operation, String description) {
    return new ProviderErrorDetails(providerId, operation, 0, null, description, null, null, 1, false, null);
  }

  public ProviderErrorDetails withAttempts(int n) {
    return new ProviderErrorDetails(
        providerId, operation, statusCode, errorCode, description, bodyExcerpt, requestId, n, retryable, retryAfter);
  }

  public ProviderErrorDetails withBody(String excerpt) {
    return new ProviderErrorDetails(
        providerId, operation, statusCode, errorCode, description, excerpt, requestId, attempts, retryable, retryAfter);
  }

  public ProviderErrorDetails withStatus(int status) {
    return new ProviderErrorDetails(
        providerId, operation, status, errorCode, description, bodyExcerpt, requestId, attempts, retryable, retryAfter);
  }

  public ProviderErrorDetails withErrorCode(String code) {
    return new ProviderErrorDetails(
        providerId, operation, statusCode, code, description, bodyExcerpt, requestId, attempts, retryable, retryAfter);
  }

  public ProviderErrorDetails withRetryable(boolean r, Duration after) {
    return new ProviderErrorDetails(
        providerId, operation, statusCode, errorCode, description, bodyExcerpt, requestId, attempts, r, after);
  }

  /** The composed exception message. */
  public String message() {
    StringBuilder sb = new StringBuilder();
    sb.append('[').append("provider=").append(providerId).append(" op=").append(operation);
    if (statusCode > 0) sb.append(" status=").append(statusCode);
    if (errorCode != null) sb.append(" code=").append(errorCode);
    if (requestId != null) sb.append(" requestId=").append(requestId);
    sb.append(" attempts=").append(attempts).append("] ").append(description);
    if (bodyExcerpt != null && !bodyExcerpt.isEmpty()) sb.append(" | body: ").append(bodyExcerpt);
    return sb.toString();
  }
}
