package com.dumontcloud.sdk.exception;

/** The request conflicts with the resource's state (HTTP 409). */
public class ConflictException extends ProviderException {
  public ConflictException(ProviderErrorDetails details) {
    super(details);
  }

  public ConflictException(ProviderErrorDetails details, Throwable cause) {
    super(details, cause);
  }
}
