package com.dumontcloud.sdk.time;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Wall-clock {@link Scheduler}. */
final class SystemScheduler implements Scheduler {
  private static final AtomicInteger THREADS = new AtomicInteger();
  private final Clock clock;
  private final ScheduledExecutorService executor;

  SystemScheduler(Clock clock) {
    this.clock = clock;
    this.executor = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "sdk-scheduler-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public Cancellable scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
    ScheduledFuture<?> f = executor.scheduleAtFixedRate(task, initialDelay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void sleep(Duration d) throws InterruptedException {
    if (!d.isNegative() && !d.isZero()) Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
