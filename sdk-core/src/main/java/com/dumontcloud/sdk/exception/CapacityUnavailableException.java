package com.dumontcloud.sdk.exception;

/** No capacity for the request: offer gone, zone exhausted, no nodes (stockout). */
public class CapacityUnavailableException extends ProviderException {
  public CapacityUnavailableException(ProviderErrorDetails details) {
    super(details);
  }

  public CapacityUnavailableException(ProviderErrorDetails details, Throwable cause) {
    super(details, cause);
  }
}
