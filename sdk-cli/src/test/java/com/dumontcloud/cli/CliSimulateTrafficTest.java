package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code dumont simulate traffic}: table, JSON, HTML and one-line errors. */
class CliSimulateTrafficTest extends CliTestBase {
  private Path smallTrace() throws IOException {
    StringBuilder sb = new StringBuilder("TIMESTAMP,ContextTokens,GeneratedTokens\n");
    for (int i = 0; i < 20; i++) {
      sb.append(String.format("2023-11-16 18:15:%02d.%07d,%d,%d%n", i * 2, i * 1234567 % 10_000_000, 500 + i * 50, 30 + i));
    }
    Path p = home.resolve("small.csv");
    Files.writeString(p, sb.toString());
    return p;
  }

  @Test
  void tableComparesTheEndpointWithTheAlwaysOnFleetAndProgressGoesToStderr() throws IOException {
    Path html = home.resolve("report.html");
    assertThat(run("simulate", "traffic", "--trace", smallTrace().toString(), "--max-replicas", "3", "--html",
        html.toString())).as(stderr()).isZero();
    assertThat(stdout()).contains("trace: small (20 requests").contains("RUN").contains("P99").contains("COLD-STARTS")
        .contains("endpoint").contains("always-on").contains("0..3").contains("endpoint / always-on: p99 ");
    assertThat(stdout()).doesNotContain("replaying");
    assertThat(stderr()).contains("replaying small").contains("wall time").contains("wrote " + html);
    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<svg");
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonFollowsTheContract() {
    assertThat(run("simulate", "traffic", "--minutes", "2", "--max-replicas", "4", "--seed", "3", "--json"))
        .as(stderr()).isZero();
    Map<String, Object> j = json();
    Map<String, Object> trace = (Map<String, Object>) j.get("trace");
    assertThat(trace).containsEntry("name", "synthetic-bursty-seed-3").containsEntry("source", "synthetic");
    assertThat(((Number) trace.get("duration_s")).doubleValue()).isLessThanOrEqualTo(120);
    Map<String, Object> ep = (Map<String, Object>) j.get("endpoint");
    assertThat(ep).containsKeys("p50_ms", "p95_ms", "p99_ms", "ttft_p50_ms", "ttft_p95_ms", "errors", "cost",
        "fresh_rentals", "cold_starts", "spec");
    Map<String, Object> cold = (Map<String, Object>) ep.get("cold_starts");
    assertThat((Map<String, Object>) cold.get("resume")).containsKeys("count", "p50_ms", "p95_ms");
    assertThat((Map<String, Object>) cold.get("fresh")).containsKeys("count", "p50_ms", "p95_ms");
    assertThat((Map<String, Object>) j.get("always_on")).containsKeys("replicas", "p50_ms", "p95_ms", "p99_ms",
        "ttft_p50_ms", "cost");
    assertThat((Map<String, Object>) j.get("ratios")).containsKeys("p99", "cost");
    assertThat(((Number) ((Map<String, Object>) ep.get("spec")).get("max_replicas")).intValue()).isEqualTo(4);

    // the same replay in euros: the costs converted, the ratios unchanged
    assertThat(run("simulate", "traffic", "--minutes", "2", "--max-replicas", "4", "--seed", "3", "--json",
        "--currency", "EUR")).as(stderr()).isZero();
    Map<String, Object> eur = json();
    assertThat(eur).containsEntry("currency", "EUR").containsKey("fx");
    for (String run : java.util.List.of("endpoint", "always_on")) {
      double usd = ((Number) ((Map<String, Object>) j.get(run)).get("cost")).doubleValue();
      assertThat(((Number) ((Map<String, Object>) eur.get(run)).get("cost")).doubleValue()).as(run)
          .isCloseTo(usd * 0.853, org.assertj.core.api.Assertions.within(2e-4));
    }
    assertThat(eur.get("ratios")).isEqualTo(j.get("ratios"));
  }

  @Test
  void badFlagsAndFilesGiveOneLineErrors() throws IOException {
    Path bad = home.resolve("bad.csv");
    Files.writeString(bad, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:00,12,lots\n");
    Object[][] cases = {
        {new String[] {"--max-replicas", "0"}, "--max-replicas must be 1..1000, got 0"},
        {new String[] {"--max-replicas", "many"}, "--max-replicas"},
        {new String[] {"--trace", home.resolve("nope.csv").toString()}, "--trace: trace file"},
        {new String[] {"--trace", bad.toString()}, "bad.csv line 2: GeneratedTokens 'lots'"},
        {new String[] {"--minutes", "0"}, "--minutes must be at least 1, got 0"},
        {new String[] {"--html", home.resolve("no/such/dir/r.html").toString()}, "--html: directory"},
        {new String[] {"-o", "xml"}, "-o must be table, wide, json or yaml"},
    };
    for (Object[] c : cases) {
      String[] flags = (String[]) c[0];
      String[] args = new String[flags.length + 2];
      args[0] = "simulate";
      args[1] = "traffic";
      System.arraycopy(flags, 0, args, 2, flags.length);
      assertThat(run(args)).as(String.join(" ", flags)).isIn(1, 2);
      assertThat(stderr()).as(String.join(" ", flags)).contains((String) c[1]);
      assertThat(stderr().strip().lines().filter(l -> l.startsWith("error:")).count()).isEqualTo(1);
      assertThat(stderr()).doesNotContain("Exception").doesNotContain("For input string").doesNotContain("null");
      assertThat(stdout()).isEmpty();
    }
    assertThat(run("simulate")).isEqualTo(2);
    assertThat(stderr()).contains("traffic");
  }
}
