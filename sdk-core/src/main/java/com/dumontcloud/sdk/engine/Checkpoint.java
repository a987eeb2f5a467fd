package com.dumontcloud.sdk.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * A completed, versioned checkpoint stored away from the instance it was taken from.
 *
 * @param deploymentId deployment
 * @param version increasing version
 * @param completedAt when the checkpoint completed (RPO is measured from here)
 * @param bytes size of the stored object
 * @param location where it is stored ({@code s3://bucket/key}, volume id, ...)
 * @param sha256 hex SHA-256 of the stored object, or null when the store has none
 */
public record Checkpoint(String deploymentId, long version, Instant completedAt, long bytes, String location,
    String sha256) {
  public Checkpoint {
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(completedAt, "completedAt");
  }

  public Checkpoint(String deploymentId, long version, Instant completedAt, long bytes, String location) {
    this(deploymentId, version, completedAt, bytes, location, null);
  }
}
