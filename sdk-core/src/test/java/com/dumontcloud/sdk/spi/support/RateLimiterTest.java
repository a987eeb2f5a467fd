package com.dumontcloud.sdk.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.internal.http.FakeScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final FakeScheduler clock = new FakeScheduler(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void acquire_burstThenSpacedByInterval() {
    RateLimiter r = RateLimiter.of(clock, new RateLimiter.Limit(Duration.ofSeconds(6), 3), "search");
    for (int i = 0; i < 5; i++) r.acquire();
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(6), Duration.ofSeconds(6));
  }

  @Test
  void perPeriod_tenPerMinute_isOneEverySixSeconds() {
    assertThat(RateLimiter.Limit.perPeriod(10, Duration.ofMinutes(1), 1).interval()).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void tryAcquire_neverWaits_andIdleTimeRefills() {
    RateLimiter r = RateLimiter.of(clock, new RateLimiter.Limit(Duration.ofSeconds(2), 2), "show");
    assertThat(r.tryAcquire()).isTrue();
    assertThat(r.tryAcquire()).isTrue();
    assertThat(r.tryAcquire()).isFalse();
    assertThat(r.peekWait()).isEqualTo(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(2));
    assertThat(r.tryAcquire()).isTrue();
    assertThat(r.tryAcquire()).isFalse();
    clock.advance(Duration.ofSeconds(10));
    assertThat(r.tryAcquire()).isTrue();
    assertThat(r.tryAcquire()).isTrue();
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void penalize_holdsTheLimiterForThePause() {
    RateLimiter r = RateLimiter.of(clock, new RateLimiter.Limit(Duration.ofSeconds(1), 1), "list");
    r.penalize(Duration.ofMillis(4500));
    assertThat(r.peekWait()).isEqualTo(Duration.ofMillis(4500));
    assertThat(r.acquire()).isEqualTo(Duration.ofMillis(4500));
    r.penalize(Duration.ZERO);
    r.penalize(null);
    assertThat(r.peekWait()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void keyed_limitersAreIndependentPerKey() {
    RateLimiter.Keyed<String> k = RateLimiter.keyed(clock, key -> new RateLimiter.Limit(Duration.ofSeconds(3), 1), "x");
    k.acquire("a");
    k.acquire("b");
    assertThat(clock.sleeps()).isEmpty();
    k.acquire("a");
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(3));
    assertThat(k.get("a")).isSameAs(k.get("a"));
  }

  @Test
  void limit_rejectsNonsense_namingTheField() {
    assertThatThrownBy(() -> new RateLimiter.Limit(Duration.ZERO, 1)).hasMessageContaining("interval must be positive");
    assertThatThrownBy(() -> new RateLimiter.Limit(Duration.ofSeconds(1), 0)).hasMessageContaining("burst must be at least 1");
  }
}
