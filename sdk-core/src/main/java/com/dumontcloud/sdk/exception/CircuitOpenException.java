package com.dumontcloud.sdk.exception;

/** The provider's circuit breaker is open after repeated failures; the call was not sent. */
public class CircuitOpenException extends DumontClientException {
  public CircuitOpenException(String providerId, String operation, Throwable cause) {
    super("[provider=" + providerId + " op=" + operation + "] circuit open after repeated failures; call not sent",
        cause, providerId, 0, true);
  }
}
