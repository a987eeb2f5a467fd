package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsWindowTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void countsOnlyTheLast24HoursAndProratesCostAtTheWindowEdge() {
    StatsWindow w = new StatsWindow();
    w.request(T0, 100, true);
    w.request(T0.plus(Duration.ofHours(2)), 300, true);
    w.request(T0.plus(Duration.ofHours(3)), 0, false);
    w.coldStart(T0, Duration.ofSeconds(30));
    w.coldStart(T0.plus(Duration.ofHours(3)), Duration.ofSeconds(10));
    // 0.10 $/h from T0 to T0+4h, closed
    w.closeSegment(0.10, T0, T0.plus(Duration.ofHours(4)));

    Instant now = T0.plus(Duration.ofHours(25)); // window starts at T0+1h
    EndpointStats s = w.snapshot("ep-1", now, List.of(new StatsWindow.Segment(0.20,
        T0.plus(Duration.ofHours(24)).toEpochMilli(), now.toEpochMilli())), 1);

    assertThat(s.totalRequests24h()).isEqualTo(2);
    assertThat(s.errors24h()).isEqualTo(1);
    assertThat(s.avgLatencyMs()).isEqualTo(300.0);
    assertThat(s.coldStarts24h()).isEqualTo(1);
    assertThat(s.coldStartP50Ms()).isEqualTo(10_000);
    // 3 h of the closed segment inside the window × 0.10 + 1 h open × 0.20
    assertThat(s.cost24h().doubleValue()).isEqualTo(0.5);
    assertThat(s.activeInstances()).isEqualTo(1);
  }

  @Test
  void percentilesAreNearestRank() {
    StatsWindow w = new StatsWindow();
    for (int i = 1; i <= 100; i++) w.request(T0, i, true);
    EndpointStats s = w.snapshot("ep-1", T0, List.of(), 0);
    assertThat(s.p50LatencyMs()).isEqualTo(50);
    assertThat(s.p95LatencyMs()).isEqualTo(95);
    assertThat(s.p99LatencyMs()).isEqualTo(99);
    assertThat(s.avgLatencyMs()).isEqualTo(50.5);
  }

  @Test
  void globalStatsAreRequestWeightedAndSeedShaped() {
    EndpointStats a = EndpointStats.builder("a").requests(10, 0).latency(100, 0, 0, 0).coldStarts(1, 0, 0)
        .cost(com.dumontcloud.sdk.model.Money.usd(0.5), com.dumontcloud.sdk.model.Money.ZERO_USD).activeInstances(1)
        .build();
    EndpointStats b = EndpointStats.builder("b").requests(4, 2).latency(400, 0, 0, 0).coldStarts(2, 0, 0)
        .cost(com.dumontcloud.sdk.model.Money.usd(0.25), com.dumontcloud.sdk.model.Money.ZERO_USD).activeInstances(2)
        .build();
    ServerlessStats s = ServerlessStats.of(List.of(a, b));
    assertThat(s.toJson()).containsOnlyKeys("total_endpoints", "total_requests_24h", "avg_latency_ms",
        "total_cost_24h", "active_instances", "cold_starts_24h");
    assertThat(s.totalRequests24h()).isEqualTo(14);
    assertThat(s.avgLatencyMs()).isEqualTo(150.0); // (10×100 + 2×400) / 12
    assertThat(s.coldStarts24h()).isEqualTo(3);
    assertThat(s.activeInstances()).isEqualTo(3);
    assertThat(s.totalCost24h().doubleValue()).isEqualTo(0.75);
  }

  @Test
  void survivesAJsonRoundTrip() {
    StatsWindow w = new StatsWindow();
    w.request(T0, 42, true);
    w.coldStart(T0, Duration.ofSeconds(3));
    w.closeSegment(0.09, T0, T0.plusSeconds(3600));
    StatsWindow back = StatsWindow.fromJson(w.toJson());
    EndpointStats s = back.snapshot("x", T0.plusSeconds(3600), List.of(), 0);
    assertThat(s.totalRequests24h()).isEqualTo(1);
    assertThat(s.coldStarts24h()).isEqualTo(1);
    assertThat(s.cost24h().doubleValue()).isEqualTo(0.09);
  }
}
