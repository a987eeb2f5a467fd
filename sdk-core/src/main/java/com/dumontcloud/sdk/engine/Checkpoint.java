package com.dumontcloud.sdk.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * A completed, versioned checkpoint stored away from the instance it was taken from.
 *
 * @param deploymentId deployment
 * @param version increasing version
 * @param completedAt when the checkpoint completed (RPO is measured from here)
 * @param bytes size
 * @param location where it is stored (bucket path, volume id, ...)
 */
public record Checkpoint(String deploymentId, long version, Instant completedAt, long bytes, String location) {
  public Checkpoint {
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(completedAt, "completedAt");
  }
}
