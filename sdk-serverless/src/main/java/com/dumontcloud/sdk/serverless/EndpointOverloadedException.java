package com.dumontcloud.sdk.serverless;

/** The endpoint's bounded request queue is full; the request was rejected at once, never queued. */
public final class EndpointOverloadedException extends EndpointUnavailableException {
  private final int queueCapacity;

  public EndpointOverloadedException(String endpointId, int queueCapacity) {
    super(endpointId, "request queue full (" + queueCapacity + " requests waiting for a replica); retry later");
    this.queueCapacity = queueCapacity;
  }

  public int queueCapacity() {
    return queueCapacity;
  }
}
