package com.dumontcloud.sdk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The ledger-save check compares instants as epoch nanoseconds: order kept, never an overflow. */
class EpochNanosTest {

  @Test
  void keepsTheOrderOfInstants_toTheNanosecond() {
    Instant t = Instant.parse("2026-12-04T12:00:00.000000001Z");
    assertThat(Orchestrator.epochNanos(t)).isLessThan(Orchestrator.epochNanos(t.plusNanos(1)));
    assertThat(Orchestrator.epochNanos(t.minusSeconds(60))).isEqualTo(Orchestrator.epochNanos(t) - 60_000_000_000L);
    assertThat(Orchestrator.epochNanos(Instant.EPOCH)).isZero();
  }

  @Test
  void saturatesForAFarClock_aboveTheNeverSavedMark() {
    assertThat(Orchestrator.epochNanos(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
    assertThat(Orchestrator.epochNanos(Instant.MIN)).isGreaterThan(Long.MIN_VALUE); // "never saved" stays lowest
  }
}
