package com.dumontcloud.sdk.vast.internal;

import com.dumontcloud.sdk.exception.DumontClientException;
import com.dumontcloud.sdk.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side pacing per Vast endpoint: a token bucket (GCRA form) per endpoint on the {@link Scheduler}'s
 * clock. Vast enforces a minimum interval between requests per endpoint and identity and answers 429 without
 * Retry-After when it is not respected, so a fleet of calls is spaced here instead of being rejected there.
 * Waiting uses {@link Scheduler#sleep(Duration)}, so virtual schedulers cost no wall time. Reservations are
 * made under a lock and slept outside it, so concurrent callers queue in order.
 */
final class Pacer {
  private static final Logger log = LoggerFactory.getLogger(Pacer.class);

  /**
   * A Vast endpoint family and its pacing. Intervals are the documented {@code threshold=} values of the
   * per-endpoint {@code x-rate-limit} blocks (their meaning as seconds is unverified); search is "10 requests per
   * minute per IP".
   */
  enum Endpoint {
    SEARCH(Duration.ofSeconds(6), 3),
    CREATE(Duration.ofMillis(4500), 1),
    SHOW(Duration.ofSeconds(2), 1),
    LIST(Duration.ofSeconds(1), 1),
    MANAGE(Duration.ofSeconds(1), 1),
    DESTROY(Duration.ofSeconds(3), 1),
    CHANGE_BID(Duration.ofMillis(5500), 1),
    LOGS(Duration.ofSeconds(1), 1),
    SSH_KEYS(Duration.ofSeconds(1), 1),
    TEMPLATES(Duration.ofSeconds(3), 1),
    VOLUMES(Duration.ofMillis(5500), 1),
    USER(Duration.ofSeconds(2), 1);

    final Duration interval;
    final int burst;

    Endpoint(Duration interval, int burst) {
      this.interval = interval;
      this.burst = burst;
    }
  }

  private final Scheduler scheduler;
  private final boolean enabled;
  private final Map<Endpoint, Bucket> buckets = new ConcurrentHashMap<>();

  Pacer(Scheduler scheduler, boolean enabled) {
    this.scheduler = scheduler;
    this.enabled = enabled;
  }

  /** Wait (on the scheduler) until a call to {@code endpoint} is allowed, and take the slot. */
  void acquire(Endpoint endpoint) {
    if (!enabled) return;
    Duration wait = bucket(endpoint).reserve(scheduler.now());
    if (wait.isZero()) return;
    log.debug("[provider=vast endpoint={} delayMs={}] pacing call", endpoint, wait.toMillis());
    try {
      scheduler.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DumontClientException("interrupted while pacing a Vast " + endpoint + " call", e);
    }
  }

  /** After a 429: no call to {@code endpoint} before {@code pause} from now. */
  void penalize(Endpoint endpoint, Duration pause) {
    if (!enabled || pause == null || pause.isNegative() || pause.isZero()) return;
    bucket(endpoint).pushBack(scheduler.now().plus(pause));
  }

  /** How long a call made now would wait, without taking a slot (for tests and diagnostics). */
  Duration peekWait(Endpoint endpoint) {
    if (!enabled) return Duration.ZERO;
    return bucket(endpoint).peek(scheduler.now());
  }

  private Bucket bucket(Endpoint e) {
    return buckets.computeIfAbsent(e, k -> new Bucket(k.interval, k.burst));
  }

  /** Generic cell rate algorithm: {@code tat} is the theoretical arrival time of the next call. */
  private static final class Bucket {
    private final Duration interval;
    private final Duration tolerance;
    private Instant tat = Instant.MIN;

    Bucket(Duration interval, int burst) {
      this.interval = interval;
      this.tolerance = interval.multipliedBy(Math.max(0, burst - 1));
    }

    synchronized Duration reserve(Instant now) {
      Instant base = tat.isAfter(now) ? tat : now;
      Instant allowedAt = base.minus(tolerance);
      Duration wait = allowedAt.isAfter(now) ? Duration.between(now, allowedAt) : Duration.ZERO;
      tat = base.plus(interval);
      return wait;
    }

    synchronized Duration peek(Instant now) {
      Instant base = tat.isAfter(now) ? tat : now;
      Instant allowedAt = base.minus(tolerance);
      return allowedAt.isAfter(now) ? Duration.between(now, allowedAt) : Duration.ZERO;
    }

    synchronized void pushBack(Instant notBefore) {
      Instant candidate = notBefore.plus(tolerance);
      if (candidate.isAfter(tat)) tat = candidate;
    }
  }
}
