package com.dumontcloud.sdk.internal.http;

import java.time.Duration;

/**
 * Retry and timeout settings of the HTTP transport.
 *
 * @param maxAttempts attempts per call including the first
 * @param initialBackoff first backoff
 * @param maxBackoff backoff cap
 * @param callTimeout whole-call deadline across attempts
 * @param attemptTimeout single attempt timeout
 * @param failureRateThreshold circuit breaker failure rate (percent) that opens it
 * @param minimumCalls calls before the breaker evaluates the rate
 * @param openDuration how long the breaker stays open before half-open
 */
public record TransportSettings(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration callTimeout, Duration attemptTimeout,
    float failureRateThreshold, int minimumCalls, Duration openDuration) {
  public static TransportSettings defaults() {
    return new TransportSettings(4, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60),
        Duration.ofSeconds(20), 50f, 10, Duration.ofSeconds(30));
  }
}
