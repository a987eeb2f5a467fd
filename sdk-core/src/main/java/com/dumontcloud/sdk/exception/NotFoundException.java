package com.dumontcloud.sdk.exception;

/** The resource does not exist or is gone (HTTP 404, or a provider's empty answer). */
public class NotFoundException extends ProviderException {
  public NotFoundException(ProviderErrorDetails details) {
    super(details);
  }

  public NotFoundException(ProviderErrorDetails details, Throwable cause) {
    super(details, cause);
  }
}
