package com.dumontcloud.sdk.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the engine paces creates (and, with a second instance, offer searches) at a provider that refused one with a
 * rate limit (HTTP 429). Without it every
 * waiting slot sends its create on every tick: after a mass interruption under Vast's create limit (one per
 * 4.5 s) 100 replacements cost 4,950 refused creates (docs/benchmarks.md, {@code MassInterruption}), which is how
 * an account gets throttled harder.
 *
 * <p>After a 429 the provider's creates pause for the provider's {@code Retry-After} (or threshold) when it gives
 * one, else for a spacing that starts at one tick and doubles with every further 429 (at most a minute); then, for
 * {@link #WINDOW} after the last 429, creates go out one per spacing: each accepted create pauses the next for
 * the spacing. A window without a 429 ends the pacing. A rate-limited create was not processed, so it is a
 * definite refusal: the slot keeps its intent and key and is retried when the pause ends, without counting as a
 * failed attempt (the slot did nothing wrong).
 *
 * <p>Process memory, like the checkpoint retry times: a restarted engine starts unpaced and learns again from the
 * first refusal, which costs one 429. Used by the planner (to not plan, nor search offers for, launches that could
 * only be refused) and by the provider's action queue, which runs one action at a time per provider.
 */
final class LaunchPacer {
  private static final Logger log = LoggerFactory.getLogger(LaunchPacer.class);
  /** How long after the last 429 creates stay paced. */
  static final Duration WINDOW = Duration.ofMinutes(10);
  /** The longest spacing between creates the pacer chooses by itself (a Retry-After may ask for more). */
  static final Duration MAX_SPACING = Duration.ofMinutes(1);

  private static final class Pace {
    Instant pausedUntil;
    Instant limitedAt;
    Duration spacing;
  }

  private final Duration tick;
  /** What is paced, for the log: {@code creates}, {@code offer searches}. */
  private final String calls;
  private final Map<String, Pace> byProvider = new ConcurrentHashMap<>();

  LaunchPacer(Duration tick, String calls) {
    this.tick = tick;
    this.calls = calls;
  }

  /** Whether creates at {@code providerId} wait at {@code now}. */
  boolean paused(String providerId, Instant now) {
    Pace p = byProvider.get(providerId);
    if (p == null) return false;
    synchronized (p) {
      return p.pausedUntil != null && now.isBefore(p.pausedUntil);
    }
  }

  /** Whether {@code providerId} refused one within the last {@link #WINDOW} (its calls are being paced). */
  boolean paced(String providerId, Instant now) {
    Pace p = byProvider.get(providerId);
    if (p == null) return false;
    synchronized (p) {
      return p.limitedAt != null && now.isBefore(p.limitedAt.plus(WINDOW));
    }
  }

  /** Whether creates wait at every one of {@code providerIds} (none given: false). */
  boolean allPaused(Collection<String> providerIds, Instant now) {
    if (byProvider.isEmpty() || providerIds.isEmpty()) return false;
    for (String p : providerIds) {
      if (!paused(p, now)) return false;
    }
    return true;
  }

  /** The provider refused a create with a rate limit at {@code now}; returns until when its creates pause. */
  Instant limited(String providerId, Instant now, Optional<Duration> retryAfter) {
    Pace p = byProvider.computeIfAbsent(providerId, k -> new Pace());
    synchronized (p) {
      boolean paced = p.limitedAt != null && now.isBefore(p.limitedAt.plus(WINDOW));
      if (!paced) {
        p.spacing = tick;
        log.info("[provider={}] {} refused with a rate limit: they now go out one at a time, {} s apart, until {} "
            + "min pass without a refusal", providerId, calls, p.spacing.toSeconds(), WINDOW.toMinutes());
      } else {
        Duration doubled = p.spacing.multipliedBy(2);
        p.spacing = doubled.compareTo(MAX_SPACING) > 0 ? MAX_SPACING : doubled;
      }
      Duration wait = p.spacing;
      if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) wait = retryAfter.get();
      p.limitedAt = now;
      p.pausedUntil = now.plus(wait);
      return p.pausedUntil;
    }
  }

  /** The provider accepted a create at {@code now}: while paced, the next one waits for the spacing. */
  void accepted(String providerId, Instant now) {
    Pace p = byProvider.get(providerId);
    if (p == null) return;
    synchronized (p) {
      if (!now.isBefore(p.limitedAt.plus(WINDOW))) {
        byProvider.remove(providerId, p);
        log.info("[provider={}] no {} refused for {} min: no longer paced", providerId, calls, WINDOW.toMinutes());
        return;
      }
      Instant next = now.plus(p.spacing);
      if (p.pausedUntil == null || next.isAfter(p.pausedUntil)) p.pausedUntil = next;
    }
  }
}
