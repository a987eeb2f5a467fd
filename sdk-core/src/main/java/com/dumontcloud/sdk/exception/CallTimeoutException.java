package com.dumontcloud.sdk.exception;

/** The whole call, across all attempts, ran past its deadline. */
public class CallTimeoutException extends DumontClientException {
  public CallTimeoutException(String message, Throwable cause, String providerId, int attempts) {
    super(message, cause, providerId, attempts, true);
  }
}
