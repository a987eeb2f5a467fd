package com.dumontcloud.sdk.testkit.engine;

import com.dumontcloud.sdk.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A view of a scheduler whose timers can all be cancelled at once with {@link #kill()}: what a process crash
 * does to an orchestrator (no more ticks, no {@code close()}), while the shared virtual time goes on. A
 * {@link #pause()} freezes the process instead (timers stay, their runs are skipped) until {@link #resume()}: a
 * replica stopped by a long GC or a suspended VM, which wakes up later believing it still owns what it owned.
 */
public final class KillableScheduler implements Scheduler {
  private final Scheduler delegate;
  private final List<Cancellable> tasks = new ArrayList<>();
  private volatile boolean killed;
  private volatile boolean paused;

  private KillableScheduler(Scheduler delegate) {
    this.delegate = delegate;
  }

  public static KillableScheduler over(Scheduler delegate) {
    return new KillableScheduler(delegate);
  }

  /** Cancel every timer scheduled through this view; later schedules are ignored. */
  public synchronized void kill() {
    killed = true;
    tasks.forEach(Cancellable::cancel);
    tasks.clear();
  }

  public boolean killed() {
    return killed;
  }

  /** Skip every timer run until {@link #resume()}; nothing is cancelled. */
  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
  }

  public boolean paused() {
    return paused;
  }

  @Override
  public Clock clock() {
    return delegate.clock();
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, Duration delay) {
    if (killed) return () -> {};
    Cancellable c = delegate.schedule(() -> {
      if (!killed && !paused) task.run();
    }, delay);
    tasks.add(c);
    return c;
  }

  @Override
  public synchronized Cancellable scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
    if (killed) return () -> {};
    Cancellable c = delegate.scheduleAtFixedRate(() -> {
      if (!killed && !paused) task.run();
    }, initialDelay, period);
    tasks.add(c);
    return c;
  }

  @Override
  public void sleep(Duration d) throws InterruptedException {
    delegate.sleep(d);
  }

  @Override
  public boolean isVirtual() {
    return delegate.isVirtual();
  }
}
