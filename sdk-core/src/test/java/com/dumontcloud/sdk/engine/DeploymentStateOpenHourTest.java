package com.dumontcloud.sdk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The open hour of the ledger: what accrual gathers there is in every read of the hourly maps and the journal. */
class DeploymentStateOpenHourTest {
  private static final long HOUR = Instant.parse("2026-01-01T10:00:00Z").getEpochSecond() / 3600;

  @Test
  void spendOfTheOpenHourIsCountedBeforeItIsFolded() {
    DeploymentState d = new DeploymentState();
    d.accrueHour(HOUR, 0.25, 1.0);
    d.accrueHour(HOUR, 0.25, 1.0);
    assertThat(d.spendByHour).isEmpty(); // nothing merged per tick
    assertThat(d.spendSince(Instant.parse("2026-01-01T10:00:00Z"))).isEqualTo(0.5);
    assertThat(d.gpuHoursSince(Instant.parse("2026-01-01T10:00:00Z"))).isEqualTo(2.0);
    d.accrueHour(HOUR, 0.5, 0);
    assertThat(d.spendSince(Instant.parse("2026-01-01T09:00:00Z"))).isEqualTo(1.0); // read twice in one hour: no double count
    assertThat(d.spendSince(Instant.parse("2026-01-01T11:00:00Z"))).isZero();
  }

  @Test
  void anHourChangeFoldsThePreviousHourAndTheJournalHasBoth() {
    DeploymentState d = new DeploymentState();
    d.accrueHour(HOUR, 0.5, 0);
    d.accrueHour(HOUR + 1, 0.75, 0);
    assertThat(d.spendByHour).containsEntry(HOUR, 0.5).doesNotContainKey(HOUR + 1);
    @SuppressWarnings("unchecked")
    Map<String, Object> hours = (Map<String, Object>) journal(d).get("spend_by_hour");
    assertThat(hours).containsEntry(String.valueOf(HOUR), 0.5).containsEntry(String.valueOf(HOUR + 1), 0.75);
    assertThat(d.spendSince(Instant.parse("2026-01-01T10:00:00Z"))).isEqualTo(1.25);
  }

  private static Map<String, Object> journal(DeploymentState d) {
    d.spec = DeploymentSpec.builder("d", com.dumontcloud.sdk.catalog.TemplateCatalog.get("qwen2.5-0.5b")).build();
    return d.toMap();
  }
}
