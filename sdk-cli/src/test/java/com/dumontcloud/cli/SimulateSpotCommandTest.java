package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dumont simulate spot} on short traces: the table, JSON and HTML forms, and its flag errors. */
class SimulateSpotCommandTest extends CliTestBase {
  @TempDir Path dir;

  /** Two zones over 12 h at 600 s per tick: a has capacity in the first half, b in the second. */
  private Path traces() throws IOException {
    Path d = Files.createDirectories(dir.resolve("traces"));
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 72; i++) {
      a.append(i == 0 ? "" : ",").append(i < 36 ? 1 : 0);
      b.append(i == 0 ? "" : ",").append(i < 36 ? 0 : 1);
    }
    Files.writeString(d.resolve("zone-b.json"), "{\"metadata\": {\"gap_seconds\": 600}, \"data\": [" + b + "]}");
    Files.writeString(d.resolve("zone-a.json"), "{\"metadata\": {\"gap_seconds\": 600}, \"data\": [" + a + "]}");
    return d;
  }

  @Test
  void spot_table_showsOracleRowPoliciesAndSpotRatio() throws IOException {
    int rc = run("simulate", "spot", "--traces", traces().toString(), "--policy", "SPOT_COLD,on-demand");
    assertThat(rc).as(stderr()).isZero();
    String out = stdout();
    assertThat(out).contains("POLICY", "COST %", "AVAILABILITY", "SERVING", "ALL REPLICAS", "FAILOVERS",
        "RECOVERY P50 S", "RECOVERY P95 S", "GAP TO ORACLE");
    assertThat(out).containsPattern("ORACLE\\s+30\\.00\\s+100%");
    assertThat(out).contains("SPOT_COLD", "ON_DEMAND", "spot price = 0.30 x on-demand");
    assertThat(out.indexOf("ORACLE")).isLessThan(out.indexOf("SPOT_COLD"));
    assertThat(stderr()).contains("replaying 2 zones", "replayed in");
  }

  @Test
  @SuppressWarnings("unchecked")
  void spot_jsonAndHtml_haveTheDocumentedShape() throws IOException {
    Path html = dir.resolve("out/r.html");
    int rc = run("simulate", "spot", "--traces", traces().toString(), "--policy", "SPOT_COLD", "--spot-ratio", "0.5",
        "--replicas", "2", "--json", "--html", html.toString());
    assertThat(rc).as(stderr()).isZero();
    Map<String, Object> j = json();
    assertThat(j).containsKeys("traces", "spot_ratio", "replicas", "oracle", "policies");
    assertThat(j.get("spot_ratio")).isEqualTo(0.5);
    assertThat(((Number) j.get("replicas")).intValue()).isEqualTo(2);
    Map<String, Object> oracle = (Map<String, Object>) j.get("oracle");
    assertThat(oracle).containsEntry("availability", 1.0).containsEntry("cost_percent", 50.0);
    Map<String, Object> traces = (Map<String, Object>) j.get("traces");
    assertThat(traces.get("zones")).isEqualTo(List.of("zone-a", "zone-b"));
    assertThat(((Number) traces.get("ticks")).intValue()).isEqualTo(72);
    List<Map<String, Object>> ps = (List<Map<String, Object>>) j.get("policies");
    assertThat(ps).hasSize(1);
    assertThat(ps.get(0)).containsEntry("policy", "SPOT_COLD").containsKeys("cost_percent", "availability",
        "serving_availability", "availability_all_replicas", "failovers", "recovery_p50_s", "recovery_p95_s",
        "gap_to_oracle_points", "spec");
    Map<String, Object> spec = (Map<String, Object>) ps.get(0).get("spec");
    assertThat(spec).containsEntry("id", "spot-cold").containsEntry("spot_policy", "spot");
    String page = Files.readString(html);
    assertThat(page).startsWith("<!DOCTYPE html>").contains("<svg", "Spot capacity per zone", "Spend over time",
        "Cost vs availability", "SPOT_COLD").doesNotContain("<script", "src=", "href=", "@import");
  }

  @Test
  void spot_badFlags_failWithOneLine() throws IOException {
    Path t = traces();
    assertOneLineError(run("simulate", "spot", "--traces", t.toString(), "--policy", "CHEAPEST"),
        "--policy: unknown policy 'CHEAPEST'; use one of ON_DEMAND");
    assertOneLineError(run("simulate", "spot", "--traces", t.toString(), "--spot-ratio", "1.5"),
        "--spot-ratio must be in (0, 1]");
    assertOneLineError(run("simulate", "spot", "--traces", t.toString(), "--spot-ratio", "0"),
        "--spot-ratio must be in (0, 1]");
    assertOneLineError(run("simulate", "spot", "--traces", dir.resolve("nope").toString()),
        "--traces: trace directory " + dir.resolve("nope") + " does not exist");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertOneLineError(run("simulate", "spot", "--traces", empty.toString()), "holds no trace files");
    Path bad = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(bad.resolve("z.json"), "{\"metadata\": {\"gap_seconds\": -5}, \"data\": [1]}");
    assertOneLineError(run("simulate", "spot", "--traces", bad.toString()), "field metadata.gap_seconds");
    assertOneLineError(run("simulate", "spot", "--traces", t.toString(), "--replicas", "0"), "--replicas must be in 1..20");
  }

  private void assertOneLineError(int rc, String expected) {
    assertThat(rc).isNotZero();
    assertThat(stdout()).isEmpty();
    String err = stderr().lines().filter(l -> l.startsWith("error:")).findFirst().orElse("");
    assertThat(err).contains(expected).doesNotContain("Exception", "null");
  }

  @Test
  void simulate_withoutSubcommand_namesIt() {
    int rc = run("simulate");
    assertThat(rc).isEqualTo(2);
    assertThat(stderr()).contains("needs a command: spot");
  }
}
