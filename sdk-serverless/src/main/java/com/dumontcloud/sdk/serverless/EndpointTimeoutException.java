package com.dumontcloud.sdk.serverless;

/** The model server did not finish answering within the endpoint's per-request timeout. */
public final class EndpointTimeoutException extends EndpointUnavailableException {
  public EndpointTimeoutException(String endpointId, java.time.Duration timeout, Throwable cause) {
    super(endpointId, "request timed out after " + timeout.toMillis() + " ms", cause);
  }
}
