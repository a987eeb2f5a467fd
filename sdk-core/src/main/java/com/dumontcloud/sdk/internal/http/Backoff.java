package com.dumontcloud.sdk.internal.http;

import com.dumontcloud.sdk.exception.RateLimitedException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The wait before retry {@code n} (1-based), plugged into resilience4j's {@code RetryConfig.intervalBiFunction}.
 *
 * <ul>
 *   <li>A {@link RateLimitedException} with a {@code Retry-After} waits exactly that long (the call deadline
 *       still bounds it: the transport gives up rather than wait past it).
 *   <li>Otherwise exponential backoff with jitter: base {@code initial × 2^(n-1)} capped at {@code max}
 *       (resilience4j's {@link IntervalFunction#ofExponentialBackoff}), randomised by ±50% and clamped to
 *       {@code [initial, max]}.
 * </ul>
 */
final class Backoff implements IntervalBiFunction<Object> {
  static final double RANDOMIZATION = 0.5;
  private final Duration initial;
  private final Duration max;
  private final IntervalFunction exponential;
  private final DoubleSupplier random;

  Backoff(Duration initial, Duration max) {
    this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** @param random uniform values in [0, 1); 0.5 gives the plain exponential (no jitter) */
  Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initial = initial;
    this.max = max;
    this.exponential = IntervalFunction.ofExponentialBackoff(initial, 2.0, max);
    this.random = random;
  }

  @Override
  public Long apply(Integer attempt, Either<Throwable, Object> outcome) {
    if (outcome != null && outcome.isLeft()) {
      Optional<Duration> asked = retryAfter(outcome.getLeft());
      if (asked.isPresent()) return asked.get().toMillis();
    }
    return delay(attempt).toMillis();
  }

  /** The jittered exponential delay before retry {@code attempt} (1-based). */
  Duration delay(int attempt) {
    long base = exponential.apply(Math.max(1, attempt));
    double factor = 1 + RANDOMIZATION * (2 * random.getAsDouble() - 1);
    long ms = Math.round(base * factor);
    return Duration.ofMillis(Math.min(max.toMillis(), Math.max(initial.toMillis(), ms)));
  }

  private static Optional<Duration> retryAfter(Throwable t) {
    return t instanceof RateLimitedException r ? r.retryAfter() : Optional.empty();
  }
}
