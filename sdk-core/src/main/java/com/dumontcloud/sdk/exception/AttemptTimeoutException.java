package com.dumontcloud.sdk.exception;

/** A single attempt timed out. For a launch the outcome is unknown: it is resolved by label, never resent. */
public class AttemptTimeoutException extends DumontClientException {
  public AttemptTimeoutException(String message, Throwable cause, String providerId, int attempts) {
    super(message, cause, providerId, attempts, true);
  }
}
