package com.dumontcloud.sdk.internal.http;

import com.dumontcloud.sdk.exception.ConfigurationException;
import java.time.Duration;

/**
 * Retry, timeout and circuit-breaker settings of the HTTP transport.
 *
 * @param maxAttempts attempts per call including the first (at least 1)
 * @param initialBackoff first backoff, also the floor of every backoff
 * @param maxBackoff backoff cap (at least {@code initialBackoff})
 * @param callTimeout whole-call deadline across attempts and backoffs, unless the call sets its own
 * @param attemptTimeout single attempt timeout (connect, send, wait, read)
 * @param failureRateThreshold circuit breaker failure rate (percent, 1..100) that opens it
 * @param minimumCalls calls the breaker looks at: it evaluates the failure rate over the last
 *     {@code minimumCalls} calls, once it has seen that many
 * @param openDuration how long the breaker stays open before letting one probe call through (half-open)
 */
public record TransportSettings(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration callTimeout, Duration attemptTimeout,
    float failureRateThreshold, int minimumCalls, Duration openDuration) {

  public TransportSettings {
    if (maxAttempts < 1) {
      throw new ConfigurationException("maxAttempts must be at least 1 (1 disables retries), got " + maxAttempts);
    }
    positive("initialBackoff", initialBackoff);
    positive("maxBackoff", maxBackoff);
    positive("callTimeout", callTimeout);
    positive("attemptTimeout", attemptTimeout);
    positive("openDuration", openDuration);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new ConfigurationException("maxBackoff (" + maxBackoff + ") must not be shorter than initialBackoff ("
          + initialBackoff + ")");
    }
    if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
      throw new ConfigurationException("failureRateThreshold must be in (0, 100] percent, got " + failureRateThreshold);
    }
    if (minimumCalls < 1) {
      throw new ConfigurationException("minimumCalls must be at least 1, got " + minimumCalls);
    }
  }

  /** 4 attempts, backoff 500 ms..8 s, call 60 s, attempt 20 s, breaker opens at 50% of 10 calls for 30 s. */
  public static TransportSettings defaults() {
    return new TransportSettings(4, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60),
        Duration.ofSeconds(20), 50f, 10, Duration.ofSeconds(30));
  }

  public TransportSettings withMaxAttempts(int n) {
    return new TransportSettings(n, initialBackoff, maxBackoff, callTimeout, attemptTimeout, failureRateThreshold,
        minimumCalls, openDuration);
  }

  public TransportSettings withTimeouts(Duration call, Duration attempt) {
    return new TransportSettings(maxAttempts, initialBackoff, maxBackoff, call, attempt, failureRateThreshold,
        minimumCalls, openDuration);
  }

  public TransportSettings withBackoff(Duration initial, Duration max) {
    return new TransportSettings(maxAttempts, initial, max, callTimeout, attemptTimeout, failureRateThreshold,
        minimumCalls, openDuration);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new ConfigurationException(name + " must be a positive duration, got " + d);
    }
  }
}
