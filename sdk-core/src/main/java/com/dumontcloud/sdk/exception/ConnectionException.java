package com.dumontcloud.sdk.exception;

/** Could not reach the provider (DNS, refused, reset) after the allowed attempts. */
public class ConnectionException extends DumontClientException {
  public ConnectionException(String message, Throwable cause, String providerId, int attempts) {
    super(message, cause, providerId, attempts, true);
  }
}
