package com.dumontcloud.sdk.exception;

/** Credentials are valid but lack permission (HTTP 403). */
public class PermissionDeniedException extends ProviderException {
  public PermissionDeniedException(ProviderErrorDetails details) {
    super(details);
  }

  public PermissionDeniedException(ProviderErrorDetails details, Throwable cause) {
    super(details, cause);
  }
}
