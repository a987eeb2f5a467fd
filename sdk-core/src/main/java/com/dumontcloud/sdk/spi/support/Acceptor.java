package com.dumontcloud.sdk.spi.support;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One rule of a {@link Waiter}: when it matches a polled value (or an exception thrown by the poll), the waiter
 * succeeds, fails or polls again. Acceptors are tried in order; the first that matches decides. A value no acceptor
 * matches means "poll again"; an exception no acceptor matches is rethrown (as in AWS SDK v2's
 * {@code WaiterAcceptor}).
 *
 * <p>Stable for provider authors.
 *
 * @param <T> the polled value
 */
public final class Acceptor<T> {
  /** What a matching acceptor decides. */
  public enum State {
    /** Stop and return the value. */
    SUCCESS,
    /** Stop and throw. */
    FAILURE,
    /** Poll again (unless attempts or time are exhausted). */
    RETRY
  }

  private final State state;
  private final Predicate<? super T> onValue;
  private final Predicate<? super Throwable> onError;
  private final Function<? super T, String> message;

  private Acceptor(State state, Predicate<? super T> onValue, Predicate<? super Throwable> onError,
      Function<? super T, String> message) {
    this.state = state;
    this.onValue = onValue;
    this.onError = onError;
    this.message = message;
  }

  /** Succeed with the value when {@code when} holds. */
  public static <T> Acceptor<T> success(Predicate<? super T> when) {
    return new Acceptor<>(State.SUCCESS, Objects.requireNonNull(when, "when"), null, null);
  }

  /**
   * Fail when {@code when} holds.
   *
   * @param message what went wrong, for a person (e.g. {@code i -> "instance 7 is failed (no GPU)"})
   */
  public static <T> Acceptor<T> failure(Predicate<? super T> when, Function<? super T, String> message) {
    return new Acceptor<>(State.FAILURE, Objects.requireNonNull(when, "when"), null,
        Objects.requireNonNull(message, "message"));
  }

  /** Poll again when {@code when} holds (ends the search for a matching acceptor). */
  public static <T> Acceptor<T> retry(Predicate<? super T> when) {
    return new Acceptor<>(State.RETRY, Objects.requireNonNull(when, "when"), null, null);
  }

  /** Poll again when the poll throws one of {@code types} (or a subclass). */
  @SafeVarargs
  public static <T> Acceptor<T> retryOn(Class<? extends Throwable>... types) {
    List<Class<? extends Throwable>> ts = List.of(types);
    return new Acceptor<>(State.RETRY, null, e -> ts.stream().anyMatch(t -> t.isInstance(e)), null);
  }

  /** Poll again when the poll throws and {@code when} holds for the exception. */
  public static <T> Acceptor<T> retryOnError(Predicate<? super Throwable> when) {
    return new Acceptor<>(State.RETRY, null, Objects.requireNonNull(when, "when"), null);
  }

  /** Succeed (with a null value) when the poll throws one of {@code types}: "wait until gone". */
  @SafeVarargs
  public static <T> Acceptor<T> successOn(Class<? extends Throwable>... types) {
    List<Class<? extends Throwable>> ts = List.of(types);
    return new Acceptor<>(State.SUCCESS, null, e -> ts.stream().anyMatch(t -> t.isInstance(e)), null);
  }

  public State state() {
    return state;
  }

  boolean matches(T value) {
    return onValue != null && onValue.test(value);
  }

  boolean matchesError(Throwable e) {
    return onError != null && onError.test(e);
  }

  String message(T value) {
    return message == null ? null : message.apply(value);
  }
}
