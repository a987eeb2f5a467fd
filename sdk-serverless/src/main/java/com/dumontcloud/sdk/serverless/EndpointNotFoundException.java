package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.exception.DumontException;

/** No endpoint with this id (never created, or deleted). */
public final class EndpointNotFoundException extends DumontException {
  public EndpointNotFoundException(String endpointId) {
    super("endpoint '" + endpointId + "' not found");
  }
}
