package com.dumontcloud.sdk.exception;

/** An account quota blocks the request. */
public class QuotaExceededException extends ProviderException {
  public QuotaExceededException(ProviderErrorDetails details) {
    super(details);
  }

  public QuotaExceededException(ProviderErrorDetails details, Throwable cause) {
    super(details, cause);
  }
}
