package com.dumontcloud.sdk.spi.support;

import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves an ambiguous create (a timeout, a lost connection, a 5xx or an unreadable answer after the request may
 * have reached the provider) without ever resending it: the resource is looked up by what the create tagged it with
 * (an idempotency label, a name), a few times with a settle time in between because providers list a new
 * resource late. Found: it is returned and the caller adopts it. Not found: the original failure is rethrown, with
 * the lookups' own failures attached as suppressed exceptions. A lookup failure that is not
 * {@link DumontException#retryable() retryable} ends the search. Polling runs on a {@link Waiter}.
 *
 * <pre>{@code
 * try { return create(); }
 * catch (CallTimeoutException | ConnectionException | ProviderServerException e) {
 *   return CreateReconciler.<Instance>builder(ctx.scheduler(), "vast", "launch")
 *       .find(() -> findByLabel(label))
 *       .build()
 *       .reconcile(e);
 * }
 * }</pre>
 *
 * <p>Stable for provider authors.
 *
 * @param <T> the created resource
 */
public final class CreateReconciler<T> {
  private static final Logger log = LoggerFactory.getLogger(CreateReconciler.class);

  private final Scheduler scheduler;
  private final String providerId;
  private final String operation;
  private final Supplier<Optional<T>> finder;
  private final Duration interval;
  private final double multiplier;
  private final int lookups;
  private final boolean lookNow;

  private CreateReconciler(Builder<T> b) {
    this.scheduler = b.scheduler;
    this.providerId = b.providerId;
    this.operation = b.operation;
    this.finder = b.finder;
    this.interval = b.interval;
    this.multiplier = b.multiplier;
    this.lookups = b.lookups;
    this.lookNow = b.lookNow;
  }

  public static <T> Builder<T> builder(Scheduler scheduler, String providerId, String operation) {
    return new Builder<>(scheduler, providerId, operation);
  }

  /**
   * Look for the resource the ambiguous create may have made.
   *
   * @param cause why the outcome is unknown; rethrown when nothing is found
   * @return the resource the create made
   */
  public T reconcile(RuntimeException cause) {
    Objects.requireNonNull(cause, "cause");
    log.debug("[provider={} op={}] create outcome unknown ({}); looking for the resource it may have made",
        providerId, operation, cause.getClass().getSimpleName());
    List<RuntimeException> lookupErrors = new ArrayList<>();
    Supplier<Optional<T>> recording = () -> {
      try {
        return finder.get();
      } catch (RuntimeException e) {
        lookupErrors.add(e);
        throw e;
      }
    };
    try {
      if (!lookNow) sleep(interval);
      Optional<T> found = Waiter.<Optional<T>>builder(scheduler)
          .description("the resource of an ambiguous " + operation)
          .providerId(providerId)
          .acceptors(Acceptor.success(Optional::isPresent),
              Acceptor.retryOnError(e -> e instanceof DumontException d && d.retryable()))
          .backoff(lookNow ? interval : next(interval), multiplier, null)
          .maxAttempts(lookups)
          .build()
          .run(recording);
      log.debug("[provider={} op={}] the ambiguous create did make a resource; adopting it", providerId, operation);
      return found.orElseThrow();
    } catch (RuntimeException e) {
      lookupErrors.stream().distinct().filter(l -> l != cause).forEach(cause::addSuppressed);
      throw cause;
    }
  }

  private Duration next(Duration d) {
    return Duration.ofMillis((long) (d.toMillis() * multiplier));
  }

  private void sleep(Duration d) {
    if (d.isZero()) return;
    try {
      scheduler.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new com.dumontcloud.sdk.exception.DumontClientException("interrupted while reconciling " + operation, e);
    }
  }

  /** Builder. */
  public static final class Builder<T> {
    private final Scheduler scheduler;
    private final String providerId;
    private final String operation;
    private Supplier<Optional<T>> finder;
    private Duration interval = Duration.ofSeconds(2);
    private double multiplier = 2.5;
    private int lookups = 3;
    private boolean lookNow = true;

    private Builder(Scheduler scheduler, String providerId, String operation) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      this.providerId = Objects.requireNonNull(providerId, "providerId");
      this.operation = Objects.requireNonNull(operation, "operation");
    }

    /** How to find the resource (by idempotency label or name); must not create anything. */
    public Builder<T> find(Supplier<Optional<T>> f) {
      finder = Objects.requireNonNull(f, "find");
      return this;
    }

    /**
     * Settle time: {@code lookups} lookups, the first {@code firstWait} after the first, each wait
     * {@code multiplier} times the one before. Default: 3 lookups at 0 s, 2 s and 7 s.
     *
     * @param lookNow whether the first lookup is immediate (else it comes after {@code firstWait})
     */
    public Builder<T> settle(boolean lookNow, Duration firstWait, double multiplier, int lookups) {
      if (firstWait == null || firstWait.isNegative()) {
        throw new IllegalArgumentException("settle wait must be zero or positive, got " + firstWait);
      }
      if (lookups < 1) throw new IllegalArgumentException("lookups must be at least 1, got " + lookups);
      if (!(multiplier >= 1.0)) throw new IllegalArgumentException("settle multiplier must be at least 1, got " + multiplier);
      this.lookNow = lookNow;
      this.interval = firstWait;
      this.multiplier = multiplier;
      this.lookups = lookups;
      return this;
    }

    public CreateReconciler<T> build() {
      if (finder == null) throw new IllegalStateException("a CreateReconciler needs find(...)");
      return new CreateReconciler<>(this);
    }
  }
}
