package com.dumontcloud.sdk.exception;

/**
 * Root of every exception the SDK throws. All are unchecked.
 *
 * <p>Carries the provider id (nullable for provider-independent errors), the provider's request id when
 * known, the number of attempts made and whether retrying later may succeed.
 */
public class DumontException extends RuntimeException {
  private final String providerId;
  private final String requestId;
  private final int attempts;
  private final boolean retryable;

  public DumontException(String message) {
    this(message, null, null, null, 1, false);
  }

  public DumontException(String message, Throwable cause) {
    this(message, cause, null, null, 1, false);
  }

  public DumontException(
      String message, Throwable cause, String providerId, String requestId, int attempts, boolean retryable) {
    super(message, cause);
    this.providerId = providerId;
    this.requestId = requestId;
    this.attempts = attempts;
    this.retryable = retryable;
  }

  /** The provider id ("vast", "sim", ...) or {@code null}. */
  public String providerId() {
    return providerId;
  }

  /** The provider's request id if it sent one, else {@code null}. */
  public String requestId() {
    return requestId;
  }

  /** How many attempts were made before this exception was thrown. */
  public int attempts() {
    return attempts;
  }

  /** True when the same call may succeed later (rate limits, 5xx, connection failures). */
  public boolean retryable() {
    return retryable;
  }
}
