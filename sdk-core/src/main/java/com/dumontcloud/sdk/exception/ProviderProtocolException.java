package com.dumontcloud.sdk.exception;

/** A malformed or unexpected response body; never surfaced as an NPE. */
public class ProviderProtocolException extends ProviderException {
  public ProviderProtocolException(ProviderErrorDetails details) {
    super(details);
  }

  public ProviderProtocolException(ProviderErrorDetails details, Throwable cause) {
    super(details, cause);
  }
}
