package com.dumontcloud.sdk.exception;

/** The provider failed (HTTP 5xx). */
public class ProviderServerException extends ProviderException {
  public ProviderServerException(ProviderErrorDetails details) {
    super(details);
  }

  public ProviderServerException(ProviderErrorDetails details, Throwable cause) {
    super(details, cause);
  }
}
