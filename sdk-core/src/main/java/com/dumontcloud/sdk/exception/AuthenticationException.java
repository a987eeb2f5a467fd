package com.dumontcloud.sdk.exception;

/** Missing or bad credentials (HTTP 401, and Vast's 404-for-bad-key body). */
public class AuthenticationException extends ProviderException {
  public AuthenticationException(ProviderErrorDetails details) {
    super(details);
  }

  public AuthenticationException(ProviderErrorDetails details, Throwable cause) {
    super(details, cause);
  }
}
