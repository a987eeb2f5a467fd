package com.dumontcloud.sdk.serverless;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One request's hold on a ready replica of an endpoint, from {@link Endpoints#acquire}: the router's
 * least-outstanding-requests choice, without sending anything. The caller sends the request itself (another
 * transport, or a service-time model in a replay on virtual time) and then completes the lease exactly once, which
 * frees the replica for the router and records the request in the endpoint's stats.
 */
public final class ReplicaLease {
  private final EndpointRuntime.Lease lease;

  ReplicaLease(EndpointRuntime.Lease lease) {
    this.lease = Objects.requireNonNull(lease, "lease");
  }

  /** Instance id of the replica chosen. */
  public String replicaId() {
    return lease.replicaId();
  }

  /**
   * The kind of cold start this request waited through — {@code "resume"} (a stopped warm worker was started) or
   * {@code "fresh"} (a new rental) — or null when it got a replica without one.
   */
  public String coldStart() {
    return lease.coldStart;
  }

  /**
   * True for the first request of a cold start that began with no replica ready (a scale from zero): its time to
   * first byte is the endpoint's scale-from-zero time.
   */
  public boolean scaleFromZero() {
    return lease.scaleFromZero;
  }

  /** Base URL of the replica's model server (e.g. {@code http://host:port}). */
  public String baseUrl() {
    return lease.baseUrl();
  }

  /** When the request arrived (given to {@link Endpoints#acquire}). */
  public Instant arrivedAt() {
    return lease.arrivedAt;
  }

  /** When it got the replica: its arrival, or later when it waited in the endpoint's queue. */
  public Instant acquiredAt() {
    return lease.acquiredAt;
  }

  /**
   * The request finished: {@code ok} or failed, after {@code serviceTime} on the replica (from
   * {@link #acquiredAt()}); the endpoint's latency is the queue wait plus this. A second call does nothing.
   */
  public void complete(boolean ok, Duration serviceTime) {
    lease.complete(ok, Objects.requireNonNull(serviceTime, "serviceTime"));
  }

  /**
   * The replica failed before any response byte: it is freed and marked suspect, and the request is not counted
   * (acquire again, excluding this replica, to retry it). A call after {@link #complete} does nothing.
   */
  public void failedBeforeResponse() {
    lease.failedBeforeResponse();
  }

  @Override
  public String toString() {
    return "ReplicaLease[" + replicaId() + "]";
  }
}
