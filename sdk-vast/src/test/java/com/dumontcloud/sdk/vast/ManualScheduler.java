package com.dumontcloud.sdk.vast;

import com.dumontcloud.sdk.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** A scheduler whose time moves only when someone sleeps or calls {@link #advance(Duration)}; records sleeps. */
final class ManualScheduler implements Scheduler {
  private record Task(Instant due, long seq, Runnable run, Duration period) {}

  private Instant now = Instant.parse("2026-08-20T12:00:00Z");
  private long seq;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due.equals(b.due)
      ? Long.compare(a.seq, b.seq) : a.due.compareTo(b.due));
  private final List<Duration> sleeps = new ArrayList<>();

  @Override
  public synchronized Clock clock() {
    return Clock.fixed(now, ZoneOffset.UTC);
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, Duration delay) {
    Task t = new Task(now.plus(delay), seq++, task, null);
    tasks.add(t);
    return () -> remove(t);
  }

  @Override
  public synchronized Cancellable scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
    Task t = new Task(now.plus(initialDelay), seq++, task, period);
    tasks.add(t);
    return () -> remove(t);
  }

  private synchronized void remove(Task t) {
    tasks.remove(t);
  }

  @Override
  public void sleep(Duration d) {
    synchronized (this) {
      sleeps.add(d);
    }
    advance(d);
  }

  void advance(Duration d) {
    Instant target;
    synchronized (this) {
      target = now.plus(d);
    }
    while (true) {
      Task t;
      synchronized (this) {
        t = tasks.peek();
        if (t == null || t.due.isAfter(target)) {
          now = target;
          return;
        }
        tasks.poll();
        now = t.due;
        if (t.period != null) tasks.add(new Task(t.due.plus(t.period), seq++, t.run, t.period));
      }
      t.run.run();
    }
  }

  synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  synchronized Duration slept() {
    return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
  }

  @Override
  public boolean isVirtual() {
    return true;
  }
}
