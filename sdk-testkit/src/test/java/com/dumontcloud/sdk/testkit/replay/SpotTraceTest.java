package com.dumontcloud.sdk.testkit.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.dumontcloud.sdk.testkit.SpotCapacity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trace files, their polarity, the capacity model and the oracle formula. */
class SpotTraceTest {
  /** The real traces, where developers and CI have them (never copied into the project). */
  static final Path SHARED = Path.of("..", "..", "shared", "traces", "spot-traces", "availability", "1-node",
      "aws-02-15-2023");

  @TempDir Path dir;

  private Path write(String name, String json) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, json);
    return p;
  }

  @Test
  void load_readsZoneFromFileNameAndCountsAsAvailability() throws IOException {
    SpotTrace t = SpotTrace.load(write("us-x-1a_v100_1.json", "{\"metadata\": {\"gap_seconds\": 60}, \"data\": [0, 2, 1, 0]}"));
    assertThat(t.zone()).isEqualTo("us-x-1a_v100_1");
    assertThat(t.gapSeconds()).isEqualTo(60);
    assertThat(t.ticks()).isEqualTo(4);
    // polarity: a count > 0 means spot capacity could be had at that tick, 0 means not
    assertThat(t.available(0)).isFalse();
    assertThat(t.available(1)).isTrue();
    assertThat(t.count(1)).isEqualTo(2);
    assertThat(t.availability()).isEqualTo(0.5);
  }

  @Test
  void allZeroTrace_meansNoSpotCapacity() {
    SpotTrace t = SpotTrace.of("z", 300, 0, 0, 0);
    assertThat(t.availability()).isZero();
    SpotTraces set = SpotTraces.of(List.of(t));
    SpotCapacity c = set.capacity(Instant.EPOCH);
    assertThat(c.available("z", Instant.EPOCH.plusSeconds(450))).isFalse();
    assertThat(c.nextUnavailable("z", Instant.EPOCH.plusSeconds(10))).isEqualTo(Instant.EPOCH.plusSeconds(10));
    assertThat(SpotReplay.oracleCostPercent(set, 0.3)).isEqualTo(100.0);
  }

  @Test
  void capacity_followsTicksAndNamesTheNextDrop() {
    SpotTraces set = SpotTraces.of(List.of(SpotTrace.of("a", 100, 1, 1, 0, 1), SpotTrace.of("b", 100, 1, 1, 1, 1)));
    SpotCapacity c = set.capacity(Instant.EPOCH);
    assertThat(c.available("a", Instant.EPOCH.plusSeconds(199))).isTrue();
    assertThat(c.available("a", Instant.EPOCH.plusSeconds(200))).isFalse();
    assertThat(c.available("a", Instant.EPOCH.plusSeconds(300))).isTrue();
    assertThat(c.nextUnavailable("a", Instant.EPOCH.plusSeconds(50))).isEqualTo(Instant.EPOCH.plusSeconds(200));
    assertThat(c.nextUnavailable("a", Instant.EPOCH.plusSeconds(300))).isNull(); // the last tick holds after the end
    assertThat(c.nextUnavailable("b", Instant.EPOCH)).isNull();
    assertThat(c.available("elsewhere", Instant.EPOCH)).isTrue();
  }

  @Test
  void oracle_isSpotWheneverSomeZoneHasCapacityElseOnDemand() {
    // ticks: both, a only, none, none -> (0.4 + 0.4 + 1 + 1) / 4
    SpotTraces set = SpotTraces.of(List.of(SpotTrace.of("a", 60, 1, 1, 0, 0), SpotTrace.of("b", 60, 1, 0, 0, 0)));
    assertThat(SpotReplay.oracleCostPercent(set, 0.4)).isCloseTo(100 * (0.4 + 0.4 + 1 + 1) / 4, within(1e-9));
    double[] spend = SpotReplay.oracleSpend(set, 0.4, 2, 4);
    assertThat(spend[3]).isCloseTo(2 * (0.4 + 0.4 + 1 + 1) / 60.0, within(1e-9));
  }

  @Test
  void directory_sortedByZoneCutToTheShortest() throws IOException {
    write("b.json", "{\"metadata\": {\"gap_seconds\": 10}, \"data\": [1, 1, 1]}");
    write("a.json", "{\"metadata\": {\"gap_seconds\": 10}, \"data\": [0, 1]}");
    write("notes.txt", "ignored");
    SpotTraces set = SpotTraces.load(dir);
    assertThat(set.zoneNames()).containsExactly("a", "b");
    assertThat(set.ticks()).isEqualTo(2);
    assertThat(set.toMap()).containsEntry("any_zone_availability", 1.0).containsEntry("ticks", 2);
  }

  @Test
  void malformedFiles_failWithFileAndField() throws IOException {
    Path f = write("z.json", "{\"metadata\": {}, \"data\": [1]}");
    assertThatThrownBy(() -> SpotTrace.load(f)).hasMessageContaining(f.toString())
        .hasMessageContaining("metadata.gap_seconds").hasMessageContaining("got nothing");
    Path g = write("y.json", "{\"metadata\": {\"gap_seconds\": 30}, \"data\": [1, \"x\"]}");
    assertThatThrownBy(() -> SpotTrace.load(g)).hasMessageContaining("data[1]").hasMessageContaining("\"x\"");
    Path h = write("x.json", "not json");
    assertThatThrownBy(() -> SpotTrace.load(h)).hasMessageContaining("not valid JSON");
    Path i = write("w.json", "{\"metadata\": {\"gap_seconds\": 30}, \"data\": []}");
    assertThatThrownBy(() -> SpotTrace.load(i)).hasMessageContaining("field data must be a non-empty array");
    Path mixed = Files.createDirectories(dir.resolve("mixed"));
    Files.writeString(mixed.resolve("u.json"), "{\"metadata\": {\"gap_seconds\": 60}, \"data\": [1]}");
    Files.writeString(mixed.resolve("v.json"), "{\"metadata\": {\"gap_seconds\": 30}, \"data\": [1]}");
    assertThatThrownBy(() -> SpotTraces.load(mixed)).hasMessageContaining("one sampling gap");
    assertThatThrownBy(() -> SpotTraces.load(dir.resolve("missing"))).hasMessageContaining("does not exist");
  }

  @Test
  void synthetic_isSeededAndMixesUpAndDown() {
    SpotTraces a = SpotTraces.synthetic(7);
    SpotTraces b = SpotTraces.synthetic(7);
    assertThat(a.zoneNames()).containsExactly("sim-zone-a", "sim-zone-b", "sim-zone-c", "sim-zone-d");
    assertThat(a.toMap()).isEqualTo(b.toMap());
    assertThat(a.toMap()).isNotEqualTo(SpotTraces.synthetic(8).toMap());
    for (SpotTrace t : a.zones()) assertThat(t.availability()).isStrictlyBetween(0.0, 1.0);
  }

  @Test
  void realTraces_matchTheReadmeAvailabilityFractions() {
    Assumptions.assumeTrue(Files.isDirectory(SHARED), "../shared/traces (spot-traces) is not here; skipped");
    SpotTraces set = SpotTraces.load(SHARED);
    assertThat(set.zones()).hasSize(9);
    assertThat(set.gapSeconds()).isEqualTo(195);
    assertThat(set.ticks()).isEqualTo(20158);
    // the README's table (fraction of ticks > 0): the upstream "available" reading, not the converted "preempted" one
    SpotTrace east1a = set.zones().stream().filter(t -> t.zone().startsWith("us-east-1a")).findFirst().orElseThrow();
    SpotTrace west2b = set.zones().stream().filter(t -> t.zone().startsWith("us-west-2b")).findFirst().orElseThrow();
    assertThat(east1a.availability()).isCloseTo(0.167, within(0.0006));
    assertThat(west2b.availability()).isCloseTo(0.905, within(0.0006));
  }

  @Test
  void realTraces_oneDayReplayThroughTheEngine() {
    Assumptions.assumeTrue(Files.isDirectory(SHARED), "../shared/traces (spot-traces) is not here; skipped");
    SpotTraces set = SpotTraces.load(SHARED).truncate(443); // one day at 195 s
    SpotReplayReport r = SpotReplay.builder(set).policies(List.of(ReplayPolicy.AUTO, ReplayPolicy.SPOT_COLD)).build().run();
    assertThat(r.oracleCostPercent()).isBetween(30.0, 100.0);
    SpotReplayReport.PolicyResult auto = r.policy(ReplayPolicy.AUTO).orElseThrow();
    SpotReplayReport.PolicyResult cold = r.policy(ReplayPolicy.SPOT_COLD).orElseThrow();
    // no policy beats the oracle's cost at full availability; AUTO is never less available than spot-only COLD
    assertThat(auto.availability()).isLessThanOrEqualTo(1.0).isGreaterThanOrEqualTo(cold.availability() - 0.001);
    assertThat(auto.costPercent()).isLessThanOrEqualTo(100.0);
    assertThat(r.toMap()).containsKeys("traces", "spot_ratio", "replicas", "oracle", "policies");
  }
}
