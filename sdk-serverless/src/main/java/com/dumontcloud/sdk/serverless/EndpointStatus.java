package com.dumontcloud.sdk.serverless;

/** Lifecycle status of an endpoint, derived from its replicas (never from a timer). */
public enum EndpointStatus {
  /** Replicas are wanted or launching, but none has passed its health check yet. */
  DEPLOYING("deploying"),
  /** At least one replica passed its health check. */
  RUNNING("running"),
  /** No replica and none wanted: idle, the next request starts one. */
  SCALED_TO_ZERO("scaled_to_zero"),
  /** Deleted; its replicas were terminated. */
  DELETED("deleted");

  private final String wire;

  EndpointStatus(String wire) {
    this.wire = wire;
  }

  public String wireName() {
    return wire;
  }
}
