package com.dumontcloud.sdk.internal.http;

import com.dumontcloud.sdk.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Virtual time for tests: {@link #sleep} records the wait and advances the clock instantly. */
public final class FakeScheduler implements Scheduler {
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final List<Task> tasks = new ArrayList<>();
  private volatile Instant now;
  private final Clock clock = new Clock() {
    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  };

  public FakeScheduler(Instant start) {
    this.now = start;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, Duration delay) {
    Task t = new Task(task, now.plus(delay), null);
    tasks.add(t);
    return () -> remove(t);
  }

  @Override
  public synchronized Cancellable scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
    Task t = new Task(task, now.plus(initialDelay), period);
    tasks.add(t);
    return () -> remove(t);
  }

  @Override
  public void sleep(Duration d) {
    sleeps.add(d);
    advance(d);
  }

  @Override
  public boolean isVirtual() {
    return true;
  }

  /** Move virtual time forward, running what falls due. */
  public void advance(Duration d) {
    Instant target = now.plus(d);
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.stream().filter(t -> !t.due.isAfter(target)).min((a, b) -> a.due.compareTo(b.due)).orElse(null);
        if (next == null) break;
        now = next.due;
        if (next.period != null) next.due = next.due.plus(next.period); else tasks.remove(next);
      }
      next.task.run();
    }
    now = target;
  }

  /** Every wait requested through {@link #sleep}, in order. */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  private synchronized void remove(Task t) {
    tasks.remove(t);
  }

  private static final class Task {
    final Runnable task;
    final Duration period;
    Instant due;

    Task(Runnable task, Instant due, Duration period) {
      this.task = task;
      this.due = due;
      this.period = period;
    }
  }
}
