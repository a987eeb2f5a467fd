package com.dumontcloud.sdk.exception;

/** The provider rejected the request as invalid (HTTP 400/422). */
public class InvalidRequestException extends ProviderException {
  public InvalidRequestException(ProviderErrorDetails details) {
    super(details);
  }

  public InvalidRequestException(ProviderErrorDetails details, Throwable cause) {
    super(details, cause);
  }
}
