package com.dumontcloud.sdk.spi.support;

import com.dumontcloud.sdk.exception.CallTimeoutException;
import com.dumontcloud.sdk.exception.DumontClientException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Polls a supplier on the SDK {@link Scheduler} until an {@link Acceptor} says success or failure, the maximum number
 * of attempts is used up or the deadline passes. Waits between polls go through {@link Scheduler#sleep}, so a
 * virtual scheduler costs no wall time. Anchor: AWS SDK v2 {@code Waiter} / {@code WaiterAcceptor}.
 *
 * <pre>{@code
 * Instance i = Waiter.<Instance>builder(ctx.scheduler())
 *     .description("instance " + id + " running")
 *     .acceptors(Acceptor.success(x -> x.state() == RUNNING),
 *                Acceptor.failure(x -> x.state().isTerminal(), x -> "instance " + id + " is " + x.state()),
 *                Acceptor.retryOn(RateLimitedException.class))
 *     .deadline(Duration.ofMinutes(10))
 *     .pollInterval(Duration.ofSeconds(5))
 *     .build()
 *     .run(() -> provider.get(id));
 * }</pre>
 *
 * <p>Outcomes: the value for success; a {@link DumontException} carrying the acceptor's message for failure (the
 * poll's exception as its cause when an exception matched); a {@link CallTimeoutException} (retryable) naming the
 * description, the attempts and the last value when attempts or time run out.
 *
 * <p>Stable for provider authors.
 *
 * @param <T> the polled value
 */
public final class Waiter<T> {
  private final Scheduler scheduler;
  private final List<Acceptor<T>> acceptors;
  private final int maxAttempts;
  private final Duration deadline;
  private final Duration initialInterval;
  private final double multiplier;
  private final Duration maxInterval;
  private final Consumer<? super T> onChange;
  private final Function<? super T, ?> changeKey;
  private final Function<? super T, String> describeLast;
  private final String description;
  private final String providerId;

  private Waiter(Builder<T> b) {
    this.scheduler = b.scheduler;
    this.acceptors = List.copyOf(b.acceptors);
    this.maxAttempts = b.maxAttempts;
    this.deadline = b.deadline;
    this.initialInterval = b.initialInterval;
    this.multiplier = b.multiplier;
    this.maxInterval = b.maxInterval;
    this.onChange = b.onChange;
    this.changeKey = b.changeKey;
    this.describeLast = b.describeLast;
    this.description = b.description;
    this.providerId = b.providerId;
  }

  /** A builder polling on {@code scheduler}. */
  public static <T> Builder<T> builder(Scheduler scheduler) {
    return new Builder<>(Objects.requireNonNull(scheduler, "scheduler"));
  }

  /**
   * Poll until an acceptor decides.
   *
   * @throws DumontException for a failure acceptor or an exception no acceptor matches (rethrown as is)
   * @throws CallTimeoutException when attempts or the deadline run out
   */
  public T run(Supplier<? extends T> poll) {
    Instant start = scheduler.now();
    Instant end = deadline == null ? null : start.plus(deadline);
    Duration interval = initialInterval;
    boolean seen = false;
    Object lastKey = null;
    T last = null;
    RuntimeException lastError = null;
    for (int attempt = 1; ; attempt++) {
      T value = null;
      boolean threw = false;
      try {
        value = poll.get();
      } catch (RuntimeException e) {
        Acceptor<T> match = acceptors.stream().filter(a -> a.matchesError(e)).findFirst().orElse(null);
        if (match == null) throw e;
        if (match.state() == Acceptor.State.SUCCESS) return null;
        lastError = e;
        threw = true;
      }
      if (!threw) {
        last = value;
        lastError = null;
        Object key = changeKey.apply(value);
        if (onChange != null && (!seen || !Objects.equals(key, lastKey))) onChange.accept(value);
        seen = true;
        lastKey = key;
        for (Acceptor<T> a : acceptors) {
          if (!a.matches(value)) continue;
          if (a.state() == Acceptor.State.SUCCESS) return value;
          if (a.state() == Acceptor.State.FAILURE) {
            throw new DumontException(a.message(value), null, providerId, null, attempt, false);
          }
          break;
        }
      }
      Instant now = scheduler.now();
      boolean noTime = end != null && !now.isBefore(end);
      if (attempt >= maxAttempts || noTime) {
        throw timeout(attempt, Duration.between(start, now), last, lastError);
      }
      Duration wait = interval;
      if (end != null && now.plus(wait).isAfter(end)) wait = Duration.between(now, end);
      sleep(wait);
      interval = next(interval);
    }
  }

  private Duration next(Duration d) {
    if (multiplier == 1.0) return d;
    long ms = (long) Math.min((double) Long.MAX_VALUE / 2, d.toMillis() * multiplier);
    Duration n = Duration.ofMillis(Math.max(ms, d.toMillis()));
    return maxInterval != null && n.compareTo(maxInterval) > 0 ? maxInterval : n;
  }

  private CallTimeoutException timeout(int attempts, Duration waited, T last, RuntimeException lastError) {
    StringBuilder m = new StringBuilder(description).append(": gave up after ").append(attempts)
        .append(attempts == 1 ? " attempt" : " attempts").append(" in ").append(human(waited));
    if (last != null && describeLast != null) m.append(" (last seen: ").append(describeLast.apply(last)).append(')');
    else if (lastError != null) m.append(" (last error: ").append(lastError.getClass().getSimpleName()).append(')');
    return new CallTimeoutException(m.toString(), lastError, providerId, attempts);
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s == 0) return d.toMillis() + " ms";
    if (s < 120) return s + " s";
    return d.toMinutes() + " min " + (s % 60) + " s";
  }

  private void sleep(Duration d) {
    if (d.isZero() || d.isNegative()) return;
    try {
      scheduler.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DumontClientException("interrupted while waiting for " + description, e);
    }
  }

  /** Builder; {@link #build()} validates. */
  public static final class Builder<T> {
    private final Scheduler scheduler;
    private final List<Acceptor<T>> acceptors = new ArrayList<>();
    private int maxAttempts = Integer.MAX_VALUE;
    private Duration deadline;
    private Duration initialInterval = Duration.ofSeconds(1);
    private double multiplier = 1.0;
    private Duration maxInterval;
    private Consumer<? super T> onChange;
    private Function<? super T, ?> changeKey = Function.identity();
    private Function<? super T, String> describeLast;
    private String description = "wait";
    private String providerId;

    private Builder(Scheduler scheduler) {
      this.scheduler = scheduler;
    }

    /** Replace the acceptors (tried in order). */
    @SafeVarargs
    public final Builder<T> acceptors(Acceptor<T>... as) {
      acceptors.clear();
      for (Acceptor<T> a : as) acceptors.add(Objects.requireNonNull(a, "acceptor"));
      return this;
    }

    /** Add one acceptor after the others. */
    public Builder<T> addAcceptor(Acceptor<T> a) {
      acceptors.add(Objects.requireNonNull(a, "acceptor"));
      return this;
    }

    /** At most this many polls (default unbounded; then a deadline is required). */
    public Builder<T> maxAttempts(int n) {
      if (n < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, got " + n);
      maxAttempts = n;
      return this;
    }

    /** Give up this long after the first poll. */
    public Builder<T> deadline(Duration d) {
      if (d == null || d.isNegative()) throw new IllegalArgumentException("deadline must be zero or positive, got " + d);
      deadline = d;
      return this;
    }

    /** A fixed wait between polls (default 1 s). */
    public Builder<T> pollInterval(Duration d) {
      return backoff(d, 1.0, null);
    }

    /** Exponential backoff between polls: {@code initial}, times {@code multiplier}, capped at {@code max}. */
    public Builder<T> backoff(Duration initial, double multiplier, Duration max) {
      if (initial == null || initial.isNegative()) {
        throw new IllegalArgumentException("poll interval must be zero or positive, got " + initial);
      }
      if (!(multiplier >= 1.0)) throw new IllegalArgumentException("backoff multiplier must be at least 1, got " + multiplier);
      initialInterval = initial;
      this.multiplier = multiplier;
      maxInterval = max;
      return this;
    }

    /** Called with the first value and with every value whose {@link #changeKey} differs from the previous one. */
    public Builder<T> onChange(Consumer<? super T> c) {
      onChange = c;
      return this;
    }

    /** What counts as a change for {@link #onChange} (default: the value's {@code equals}). */
    public Builder<T> changeKey(Function<? super T, ?> key) {
      changeKey = Objects.requireNonNull(key, "changeKey");
      return this;
    }

    /** How the last value is shown in a timeout message. */
    public Builder<T> describeLast(Function<? super T, String> f) {
      describeLast = f;
      return this;
    }

    /** What is awaited, for messages: {@code "instance 7 running"}. */
    public Builder<T> description(String d) {
      description = Objects.requireNonNull(d, "description");
      return this;
    }

    /** Provider id carried by the exceptions. */
    public Builder<T> providerId(String id) {
      providerId = id;
      return this;
    }

    public Waiter<T> build() {
      if (acceptors.isEmpty()) throw new IllegalStateException("a Waiter needs at least one acceptor");
      if (deadline == null && maxAttempts == Integer.MAX_VALUE) {
        throw new IllegalStateException("a Waiter needs maxAttempts or a deadline, or it may never end");
      }
      return new Waiter<>(this);
    }
  }
}
