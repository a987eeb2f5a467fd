package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.exception.DumontException;

/**
 * A request could not be served: no replica became healthy within the endpoint's cold-start timeout,
 * the endpoint was deleted while the request waited, or the replica failed and no other could take it.
 */
public class EndpointUnavailableException extends DumontException {
  private final String endpointId;

  public EndpointUnavailableException(String endpointId, String message) {
    this(endpointId, message, null);
  }

  public EndpointUnavailableException(String endpointId, String message, Throwable cause) {
    super("endpoint " + endpointId + ": " + message, cause, null, null, 1, true);
    this.endpointId = endpointId;
  }

  public String endpointId() {
    return endpointId;
  }
}
