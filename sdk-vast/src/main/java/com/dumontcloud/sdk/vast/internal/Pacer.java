package com.dumontcloud.sdk.vast.internal;

import com.dumontcloud.sdk.spi.support.RateLimiter;
import com.dumontcloud.sdk.time.Scheduler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side pacing per Vast endpoint: Vast's endpoint → rate table on the toolkit's GCRA {@link RateLimiter}.
 * Vast enforces a minimum interval between requests per endpoint and identity and answers 429 without Retry-After
 * when it is not respected, so a fleet of calls is spaced here instead of being rejected there.
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

  private final boolean enabled;
  private final RateLimiter.Keyed<Endpoint> limiters;

  Pacer(Scheduler scheduler, boolean enabled) {
    this.enabled = enabled;
    this.limiters = RateLimiter.keyed(scheduler, e -> new RateLimiter.Limit(e.interval, e.burst), "vast");
  }

  /** Wait (on the scheduler) until a call to {@code endpoint} is allowed, and take the slot. */
  void acquire(Endpoint endpoint) {
    if (!enabled) return;
    Duration waited = limiters.acquire(endpoint);
    if (!waited.isZero()) log.debug("[provider=vast endpoint={} delayMs={}] paced call", endpoint, waited.toMillis());
  }

  /** After a 429: no call to {@code endpoint} before {@code pause} from now. */
  void penalize(Endpoint endpoint, Duration pause) {
    if (enabled) limiters.penalize(endpoint, pause);
  }

  /** How long a call made now would wait, without taking a slot (for tests and diagnostics). */
  Duration peekWait(Endpoint endpoint) {
    return enabled ? limiters.peekWait(endpoint) : Duration.ZERO;
  }
}
