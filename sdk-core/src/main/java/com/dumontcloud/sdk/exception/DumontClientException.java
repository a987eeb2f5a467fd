package com.dumontcloud.sdk.exception;

/** The SDK could not send a request or understand an answer (config, connection, timeout, ...). */
public class DumontClientException extends DumontException {
  public DumontClientException(String message) {
    super(message);
  }

  public DumontClientException(String message, Throwable cause) {
    super(message, cause);
  }

  public DumontClientException(
      String message, Throwable cause, String providerId, int attempts, boolean retryable) {
    super(message, cause, providerId, null, attempts, retryable);
  }
}
