package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.spi.SpotMarket;
import java.time.Instant;

/**
 * The pure part of detection: what one observation says about one slot's instance. No I/O, no state: the
 * engine feeds it the slot's phase and the tick's snapshot and acts on the {@link Condition} it returns.
 */
final class Classifier {
  private Classifier() {}

  /** What the snapshot says about an instance the slot expects. */
  enum Kind {
    /** The provider's listing failed, or the instance is missing but not yet confirmed: change nothing. */
    UNKNOWN,
    /** Lost: interrupted, failed, terminated, stopped by the provider, or confirmed gone. */
    LOST,
    /** Running: probe it. */
    RUNNING,
    /** Exists, not running yet (pending, starting, or stopped as the engine asked). */
    NOT_RUNNING
  }

  /** A classification with the reason and the time the loss happened (for LOST). */
  record Condition(Kind kind, String reason, Instant occurredAt) {
    static final Condition UNKNOWN = new Condition(Kind.UNKNOWN, null, null);
    static final Condition RUNNING = new Condition(Kind.RUNNING, null, null);
    static final Condition NOT_RUNNING = new Condition(Kind.NOT_RUNNING, null, null);

    static Condition lost(String reason, Instant at) {
      return new Condition(Kind.LOST, reason, at);
    }
  }

  /** Result of one health probe for a slot. */
  enum Health {
    /** Passed. */
    HEALTHY,
    /** Failed, but fewer times in a row than the threshold (a serving replica stays in service). */
    SUSPECT,
    /** Failed the threshold number of times in a row: lost. */
    FAILED,
    /** Not serving yet (booting or restoring): a failed probe means nothing. */
    BOOTING
  }

  static boolean lostState(InstanceState st) {
    return st == InstanceState.INTERRUPTED || st == InstanceState.FAILED || st == InstanceState.TERMINATED;
  }

  /**
   * Classify a replica's instance.
   *
   * @param listed whether this tick's listing of the slot's provider succeeded
   * @param inst the instance as listed (or fetched with {@code get}), null when absent
   * @param missingConfirmed the instance was absent from two consecutive listings and {@code get} said not found
   * @param signal the provider's interruption signal for it, or null
   * @param serving the slot was serving (HEALTHY): a stop it did not ask for is then a loss
   * @param lastHealthyAt when it last passed a probe (the loss is dated there when the provider gives no time)
   */
  static Condition replica(boolean listed, Instance inst, boolean missingConfirmed, SpotMarket.Interruption signal,
      boolean serving, Instant lastHealthyAt, Instant now) {
    if (!listed) return Condition.UNKNOWN;
    if (inst == null) {
      return missingConfirmed ? Condition.lost("instance disappeared", lastHealthyAt != null ? lastHealthyAt : now)
          : Condition.UNKNOWN;
    }
    InstanceState st = inst.state();
    if ((signal != null && st != InstanceState.RUNNING) || lostState(st)) {
      String reason = signal != null ? signal.reason()
          : inst.statusMessage() != null ? inst.statusMessage() : inst.rawStatus();
      Instant at = signal != null ? signal.at() : inst.stoppedAt() != null ? inst.stoppedAt() : now;
      return Condition.lost(reason == null ? st.name().toLowerCase(java.util.Locale.ROOT) : reason, at);
    }
    if ((st == InstanceState.STOPPED || st == InstanceState.STOPPING) && serving) {
      return Condition.lost("stopped by the provider", inst.stoppedAt() != null ? inst.stoppedAt() : now);
    }
    return st == InstanceState.RUNNING ? Condition.RUNNING : Condition.NOT_RUNNING;
  }

  /**
   * Interpret one probe result.
   *
   * @param ok the probe passed
   * @param serving the slot was serving (HEALTHY)
   * @param failuresBefore consecutive failures before this probe
   * @param threshold failures in a row that count as lost
   */
  static Health probe(boolean ok, boolean serving, int failuresBefore, int threshold) {
    if (ok) return Health.HEALTHY;
    if (!serving) return Health.BOOTING;
    return failuresBefore + 1 >= threshold ? Health.FAILED : Health.SUSPECT;
  }
}
