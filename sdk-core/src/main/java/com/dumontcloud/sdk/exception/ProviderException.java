package com.dumontcloud.sdk.exception;

/**
 * A provider answered with an error. Names the provider, the operation, the HTTP status, the provider's
 * error code, the attempts made and a redacted, truncated excerpt of the body.
 */
public class ProviderException extends DumontException {
  private final String operation;
  private final int statusCode;
  private final String errorCode;
  private final String bodyExcerpt;

  public ProviderException(ProviderErrorDetails d) {
    this(d, null);
  }

  public ProviderException(ProviderErrorDetails d, Throwable cause) {
    super(d.message(), cause, d.providerId(), d.requestId(), d.attempts(), d.retryable());
    this.operation = d.operation();
    this.statusCode = d.statusCode();
    this.errorCode = d.errorCode();
    this.bodyExcerpt = d.bodyExcerpt();
  }

  /**
   * An error raised by the SDK itself on the provider's behalf (a team quota), with a message written for people and
   * no HTTP exchange behind it.
   */
  protected ProviderException(String message, String operation) {
    super(message);
    this.operation = operation;
    this.statusCode = 0;
    this.errorCode = null;
    this.bodyExcerpt = null;
  }

  /** The SDK operation that failed, e.g. {@code searchOffers}, {@code launch}. */
  public String operation() {
    return operation;
  }

  /** The HTTP status, or 0 when the error came in a 2xx body or without HTTP. */
  public int statusCode() {
    return statusCode;
  }

  /** The provider's own error code ({@code no_such_ask}, {@code ZONE_RESOURCE_POOL_EXHAUSTED}) or null. */
  public String errorCode() {
    return errorCode;
  }

  /** A redacted, truncated excerpt of the response body, or null. */
  public String bodyExcerpt() {
    return bodyExcerpt;
  }
}
