package com.dumontcloud.sdk.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.CallTimeoutException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.internal.http.FakeScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class WaiterTest {
  private final FakeScheduler clock = new FakeScheduler(Instant.parse("2026-01-01T00:00:00Z"));

  private static Supplier<String> script(Object... steps) {
    Deque<Object> q = new ArrayDeque<>(List.of(steps));
    return () -> {
      Object o = q.size() > 1 ? q.poll() : q.peek();
      if (o instanceof RuntimeException e) throw e;
      return (String) o;
    };
  }

  private Waiter.Builder<String> running() {
    return Waiter.<String>builder(clock)
        .description("instance 7 running")
        .acceptors(Acceptor.success("running"::equals),
            Acceptor.failure("failed"::equals, s -> "instance 7 failed"),
            Acceptor.retryOn(RateLimitedException.class))
        .pollInterval(Duration.ofSeconds(5))
        .deadline(Duration.ofMinutes(1));
  }

  @Test
  void run_successAfterPolls_returnsValueAndSleepsOnScheduler() {
    String v = running().build().run(script("pending", "pending", "running"));
    assertThat(v).isEqualTo("running");
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @Test
  void run_failureAcceptor_throwsWithItsMessage() {
    assertThatThrownBy(() -> running().build().run(script("pending", "failed")))
        .isExactlyInstanceOf(DumontException.class).hasMessage("instance 7 failed");
  }

  @Test
  void run_deadline_throwsCallTimeoutNamingWhatAndLastValue() {
    assertThatThrownBy(() -> running().describeLast(s -> "state " + s).build().run(script("pending")))
        .isInstanceOf(CallTimeoutException.class)
        .hasMessageContaining("instance 7 running: gave up after 13 attempts in 60 s")
        .hasMessageContaining("last seen: state pending");
    assertThat(clock.now()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
  }

  @Test
  void run_maxAttempts_stopsAfterThatManyPolls() {
    int[] polls = {0};
    assertThatThrownBy(() -> Waiter.<String>builder(clock).acceptors(Acceptor.success("x"::equals)).maxAttempts(3)
        .pollInterval(Duration.ofMillis(300)).build().run(() -> {
          polls[0]++;
          return "y";
        })).isInstanceOf(CallTimeoutException.class).hasMessageContaining("3 attempts");
    assertThat(polls[0]).isEqualTo(3);
    assertThat(clock.sleeps()).hasSize(2);
  }

  @Test
  void run_retryOnException_keepsPolling_unmatchedExceptionIsRethrown() {
    RateLimitedException limited = new RateLimitedException(ProviderErrorDetails.of("vast", "get", "slow down"));
    assertThat(running().build().run(script(limited, "pending", limited, "running"))).isEqualTo("running");
    NotFoundException gone = new NotFoundException(ProviderErrorDetails.of("vast", "get", "gone"));
    assertThatThrownBy(() -> running().build().run(script("pending", gone))).isSameAs(gone);
  }

  @Test
  void run_successOnException_returnsNull() {
    Waiter<String> w = Waiter.<String>builder(clock).acceptors(Acceptor.successOn(NotFoundException.class))
        .maxAttempts(5).build();
    assertThat(w.run(script("up", new NotFoundException(ProviderErrorDetails.of("vast", "get", "gone"))))).isNull();
  }

  @Test
  void run_onChange_calledOnlyWhenTheKeyChanges() {
    List<String> seen = new ArrayList<>();
    running().onChange(seen::add).build().run(script("pending", "pending", "loading", "loading", "running"));
    assertThat(seen).containsExactly("pending", "loading", "running");
  }

  @Test
  void run_backoff_growsToTheCap_andTheLastWaitEndsAtTheDeadline() {
    assertThatThrownBy(() -> Waiter.<String>builder(clock).acceptors(Acceptor.success("x"::equals))
        .backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5)).deadline(Duration.ofSeconds(15)).build()
        .run(() -> "y")).isInstanceOf(CallTimeoutException.class);
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofSeconds(5), Duration.ofSeconds(3));
  }

  @Test
  void build_withoutBound_orAcceptors_fails() {
    assertThatThrownBy(() -> Waiter.<String>builder(clock).acceptors(Acceptor.success("x"::equals)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxAttempts or a deadline");
    assertThatThrownBy(() -> Waiter.<String>builder(clock).maxAttempts(2).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least one acceptor");
  }
}
