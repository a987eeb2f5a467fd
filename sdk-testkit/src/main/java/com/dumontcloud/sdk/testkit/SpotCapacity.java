package com.dumontcloud.sdk.testkit;

import java.time.Instant;

/**
 * Whether spot capacity can be had in a region of the {@link SimulatedCloud} at a given time, e.g. replayed from
 * spot-availability traces ({@code com.dumontcloud.sdk.testkit.replay.SpotTrace}). While a region has none, its spot
 * offers are not listed, a spot launch or start there fails with the provider's capacity error, and a spot instance
 * there (provisioning, booting or running) is preempted at the moment the capacity goes. On-demand offers are never
 * affected. The cloud evaluates this lazily: when an instance starts it asks {@link #nextUnavailable} once for the
 * moment it will be preempted, so the model must not change after the cloud was built.
 */
public interface SpotCapacity {
  /** True when spot capacity can be had in {@code region} at {@code at}. */
  boolean available(String region, Instant at);

  /**
   * The first instant at or after {@code from} at which {@code region} has no spot capacity, or null when it keeps
   * having capacity from then on.
   */
  Instant nextUnavailable(String region, Instant from);

  /** Spot capacity everywhere, always (the cloud's default). */
  static SpotCapacity unlimited() {
    return Unlimited.INSTANCE;
  }

  /** The default model. */
  enum Unlimited implements SpotCapacity {
    INSTANCE;

    @Override
    public boolean available(String region, Instant at) {
      return true;
    }

    @Override
    public Instant nextUnavailable(String region, Instant from) {
      return null;
    }
  }
}
