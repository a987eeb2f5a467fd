package com.dumontcloud.sdk.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Time and timers for everything time-dependent in the SDK (waiters, retries' backoff, the engine's
 * ticks, the autoscaler). {@link #system()} uses the wall clock and daemon threads; the test kit's
 * {@code VirtualScheduler} advances time deterministically.
 */
public interface Scheduler extends AutoCloseable {
  /** A handle to cancel a scheduled task. */
  interface Cancellable {
    void cancel();
  }

  Clock clock();

  default Instant now() {
    return clock().instant();
  }

  /** Run {@code task} once after {@code delay}. */
  Cancellable schedule(Runnable task, Duration delay);

  /** Run {@code task} every {@code period}, first after {@code initialDelay}. */
  Cancellable scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period);

  /**
   * Block the caller for {@code d}. On a virtual scheduler this advances virtual time and runs what falls
   * due, so waiters and backoffs cost no wall time in tests.
   */
  void sleep(Duration d) throws InterruptedException;

  /** True for virtual schedulers (the simulated cloud may then skip real-time behaviour). */
  default boolean isVirtual() {
    return false;
  }

  @Override
  default void close() {}

  /** Wall-clock scheduler on named daemon threads ({@code sdk-scheduler-N}). */
  static Scheduler system() {
    return new SystemScheduler(Clock.systemUTC());
  }
}
