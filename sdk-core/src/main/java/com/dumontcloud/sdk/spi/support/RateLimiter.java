package com.dumontcloud.sdk.spi.support;

import com.dumontcloud.sdk.exception.DumontClientException;
import com.dumontcloud.sdk.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Client-side rate limiting with the generic cell rate algorithm (GCRA) on the SDK {@link Scheduler}'s clock:
 * one call per {@code interval} on average, with up to {@code burst} calls back to back after an idle period.
 * {@link #acquire()} waits through {@link Scheduler#sleep}, so virtual schedulers cost no wall time; the slot is
 * reserved under a lock and slept outside it, so concurrent callers queue in arrival order.
 * {@link #tryAcquire()} never waits. {@link #penalize(Duration)} holds the limiter after the provider answered
 * 429 (with or without Retry-After). For one limiter per endpoint or per identity use {@link #keyed}.
 *
 * <p>Stable for provider authors.
 */
public final class RateLimiter {
  /**
   * A rate: one call per {@code interval}, {@code burst} calls allowed back to back.
   *
   * @param interval average spacing of calls, positive
   * @param burst calls allowed at once after an idle period, at least 1
   */
  public record Limit(Duration interval, int burst) {
    public Limit {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("rate limit interval must be positive, got " + interval);
      }
      if (burst < 1) throw new IllegalArgumentException("rate limit burst must be at least 1, got " + burst);
    }

    /** {@code permits} calls per {@code period}, {@code burst} at once. */
    public static Limit perPeriod(int permits, Duration period, int burst) {
      if (permits < 1) throw new IllegalArgumentException("rate limit permits must be at least 1, got " + permits);
      return new Limit(period.dividedBy(permits), burst);
    }
  }

  private final Scheduler scheduler;
  private final Limit limit;
  private final Duration tolerance;
  private final String name;
  /** Theoretical arrival time of the next call. */
  private Instant tat = Instant.MIN;

  private RateLimiter(Scheduler scheduler, Limit limit, String name) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.limit = Objects.requireNonNull(limit, "limit");
    this.tolerance = limit.interval().multipliedBy(limit.burst() - 1L);
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * A limiter.
   *
   * @param name what is limited, for messages ({@code "vast SEARCH"})
   */
  public static RateLimiter of(Scheduler scheduler, Limit limit, String name) {
    return new RateLimiter(scheduler, limit, name);
  }

  /** One limiter per key, created on first use with the key's limit. */
  public static <K> Keyed<K> keyed(Scheduler scheduler, Function<? super K, Limit> limits, String name) {
    return new Keyed<>(scheduler, limits, name);
  }

  public Limit limit() {
    return limit;
  }

  /**
   * Wait (on the scheduler) until a call is allowed and take the slot.
   *
   * @return how long the caller waited
   */
  public Duration acquire() {
    Duration wait = reserve(scheduler.now());
    if (wait.isZero()) return wait;
    try {
      scheduler.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DumontClientException("interrupted while waiting for the rate limit of " + name, e);
    }
    return wait;
  }

  /** Take a slot when one is free now; never waits. */
  public synchronized boolean tryAcquire() {
    Instant now = scheduler.now();
    if (!waitAt(now).isZero()) return false;
    reserve(now);
    return true;
  }

  /** How long a call made now would wait, without taking a slot. */
  public synchronized Duration peekWait() {
    return waitAt(scheduler.now());
  }

  /** No call before {@code pause} from now (after a 429); a zero, negative or null pause changes nothing. */
  public synchronized void penalize(Duration pause) {
    if (pause == null || pause.isNegative() || pause.isZero()) return;
    Instant candidate = scheduler.now().plus(pause).plus(tolerance);
    if (candidate.isAfter(tat)) tat = candidate;
  }

  private synchronized Duration reserve(Instant now) {
    Duration wait = waitAt(now);
    Instant base = tat.isAfter(now) ? tat : now;
    tat = base.plus(limit.interval());
    return wait;
  }

  private Duration waitAt(Instant now) {
    Instant base = tat.isAfter(now) ? tat : now;
    Instant allowedAt = base.minus(tolerance);
    return allowedAt.isAfter(now) ? Duration.between(now, allowedAt) : Duration.ZERO;
  }

  @Override
  public String toString() {
    return "RateLimiter[" + name + " 1/" + limit.interval() + " burst " + limit.burst() + "]";
  }

  /** Limiters by key (endpoint, identity, region). Stable for provider authors. */
  public static final class Keyed<K> {
    private final Scheduler scheduler;
    private final Function<? super K, Limit> limits;
    private final String name;
    private final Map<K, RateLimiter> limiters = new ConcurrentHashMap<>();

    private Keyed(Scheduler scheduler, Function<? super K, Limit> limits, String name) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      this.limits = Objects.requireNonNull(limits, "limits");
      this.name = Objects.requireNonNull(name, "name");
    }

    /** The limiter of {@code key}. */
    public RateLimiter get(K key) {
      return limiters.computeIfAbsent(Objects.requireNonNull(key, "key"),
          k -> new RateLimiter(scheduler, limits.apply(k), name + " " + k));
    }

    public Duration acquire(K key) {
      return get(key).acquire();
    }

    public boolean tryAcquire(K key) {
      return get(key).tryAcquire();
    }

    public void penalize(K key, Duration pause) {
      get(key).penalize(pause);
    }

    public Duration peekWait(K key) {
      return get(key).peekWait();
    }
  }
}
