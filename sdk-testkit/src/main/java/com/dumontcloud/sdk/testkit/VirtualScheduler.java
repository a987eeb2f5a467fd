package com.dumontcloud.sdk.testkit;

import com.dumontcloud.sdk.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} on virtual time. Nothing happens until time is advanced with {@link #advanceBy} or
 * {@link #advanceTo} (or a caller {@link #sleep}s, which advances time): then every task that falls due
 * runs in time order on the advancing thread, with the clock set to the task's due time. The same
 * sequence of calls gives the same run, so whole simulated days take milliseconds and are reproducible.
 *
 * <p>Thread-safe: other threads may schedule tasks; tasks run on the thread that advances time.
 */
public final class VirtualScheduler implements Scheduler {
  /** Default start time of every virtual run: 2026-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final Object lock = new Object();
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private volatile Instant now;
  private long seq;
  private long tasksRun;

  private final class Task implements Comparable<Task>, Cancellable {
    final long id;
    Instant due;
    final Duration period;
    final Runnable body;
    volatile boolean cancelled;

    Task(long id, Instant due, Duration period, Runnable body) {
      this.id = id;
      this.due = due;
      this.period = period;
      this.body = body;
    }

    @Override
    public int compareTo(Task o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(id, o.id);
    }

    @Override
    public void cancel() {
      cancelled = true;
      synchronized (lock) {
        queue.remove(this);
      }
    }
  }

  private VirtualScheduler(Instant start) {
    this.now = start;
  }

  public static VirtualScheduler create() {
    return new VirtualScheduler(DEFAULT_START);
  }

  public static VirtualScheduler startingAt(Instant start) {
    return new VirtualScheduler(start);
  }

  @Override
  public Clock clock() {
    return new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now;
      }
    };
  }

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    return add(task, delay, null);
  }

  @Override
  public Cancellable scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
    if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("period must be positive: " + period);
    return add(task, initialDelay, period);
  }

  private Task add(Runnable body, Duration delay, Duration period) {
    synchronized (lock) {
      Task t = new Task(seq++, now.plus(delay.isNegative() ? Duration.ZERO : delay), period, body);
      queue.add(t);
      return t;
    }
  }

  /** Advance time by {@code d}, running every task that falls due. */
  public void advanceBy(Duration d) {
    advanceTo(now.plus(d));
  }

  /** Advance time to {@code target}, running every task due at or before it, in order. */
  public void advanceTo(Instant target) {
    while (true) {
      Task next;
      synchronized (lock) {
        next = queue.peek();
        if (next == null || next.due.isAfter(target)) {
          if (now.isBefore(target)) now = target;
          return;
        }
        queue.poll();
        if (next.due.isAfter(now)) now = next.due;
        if (next.period != null && !next.cancelled) {
          next.due = next.due.plus(next.period);
          queue.add(next);
        }
        tasksRun++;
      }
      if (!next.cancelled) next.body.run();
    }
  }

  /** Run what is due now without moving time. */
  public void runDue() {
    advanceTo(now);
  }

  /** Advances virtual time (running due tasks) instead of blocking. */
  @Override
  public void sleep(Duration d) {
    advanceBy(d.isNegative() ? Duration.ZERO : d);
  }

  @Override
  public boolean isVirtual() {
    return true;
  }

  /** Tasks waiting to run. */
  public int pendingTasks() {
    synchronized (lock) {
      return queue.size();
    }
  }

  /** Tasks run so far (for benchmarks). */
  public long tasksRun() {
    synchronized (lock) {
      return tasksRun;
    }
  }

  @Override
  public String toString() {
    return "VirtualScheduler[now=" + now + ", pending=" + pendingTasks() + "]";
  }
}
