package com.dumontcloud.sdk.vast.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
  /** Time moves only when the pacer sleeps. */
  static final class SleepClock implements Scheduler {
    Instant now = Instant.parse("2026-08-20T12:00:00Z");
    final List<Duration> sleeps = new ArrayList<>();

    @Override public Clock clock() { return Clock.fixed(now, ZoneOffset.UTC); }
    @Override public Instant now() { return now; }
    @Override public Cancellable schedule(Runnable task, Duration delay) { throw new UnsupportedOperationException(); }
    @Override public Cancellable scheduleAtFixedRate(Runnable t, Duration i, Duration p) { throw new UnsupportedOperationException(); }
    @Override public void sleep(Duration d) { sleeps.add(d); now = now.plus(d); }
  }

  @Test
  void acquire_createBurst_spacedByTheDocumentedInterval() {
    SleepClock clock = new SleepClock();
    Pacer p = new Pacer(clock, true);
    for (int i = 0; i < 4; i++) p.acquire(Pacer.Endpoint.CREATE);
    assertThat(clock.sleeps).containsExactly(Duration.ofMillis(4500), Duration.ofMillis(4500), Duration.ofMillis(4500));
  }

  @Test
  void acquire_search_allowsASmallBurstThenOnePerSixSeconds() {
    SleepClock clock = new SleepClock();
    Pacer p = new Pacer(clock, true);
    for (int i = 0; i < 5; i++) p.acquire(Pacer.Endpoint.SEARCH);
    assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(6), Duration.ofSeconds(6));
  }

  @Test
  void acquire_endpointsAreIndependent_andIdleTimeRefills() {
    SleepClock clock = new SleepClock();
    Pacer p = new Pacer(clock, true);
    p.acquire(Pacer.Endpoint.SHOW);
    p.acquire(Pacer.Endpoint.MANAGE);
    p.acquire(Pacer.Endpoint.DESTROY);
    assertThat(clock.sleeps).isEmpty();
    clock.now = clock.now.plusSeconds(10);
    p.acquire(Pacer.Endpoint.SHOW);
    assertThat(clock.sleeps).isEmpty();
  }

  @Test
  void penalize_after429_holdsTheEndpointForTheHint() {
    SleepClock clock = new SleepClock();
    Pacer p = new Pacer(clock, true);
    p.penalize(Pacer.Endpoint.LIST, Duration.ofMillis(4500));
    assertThat(p.peekWait(Pacer.Endpoint.LIST)).isEqualTo(Duration.ofMillis(4500));
    p.acquire(Pacer.Endpoint.LIST);
    assertThat(clock.sleeps).containsExactly(Duration.ofMillis(4500));
  }

  @Test
  void acquire_disabled_neverWaits() {
    SleepClock clock = new SleepClock();
    Pacer p = new Pacer(clock, false);
    for (int i = 0; i < 10; i++) p.acquire(Pacer.Endpoint.CREATE);
    assertThat(clock.sleeps).isEmpty();
  }
}
