package com.dumontcloud.sdk.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed 001 cost-analysis and statistics examples, number for number. */
class CostAnalysisJsonTest {

  @Test
  void costAnalysis_seedInstance_matchesSeed001Numbers() {
    CostAnalysis c = CostAnalysis.of("inst_67890", Money.usd(1.2), Duration.ofMinutes(150));

    Map<String, Object> json = ModelJson.costAnalysis(c);

    assertThat(json).containsEntry("instance_id", "inst_67890")
        .containsEntry("cost_per_hour", 1.2)
        .containsEntry("total_cost", 3.0)
        .containsEntry("uptime_hours", 2.5);
    assertThat(json.get("cost_breakdown")).isEqualTo(Map.of(
        "hourly_rate", 1.2,
        "uptime_days", 0.1,
        "estimated_daily_cost", 28.8,
        "estimated_monthly_cost", 864.0));
    assertThat(json.keySet()).containsExactly("instance_id", "cost_per_hour", "total_cost", "uptime_hours",
        "cost_breakdown");
  }

  @Test
  void costAnalysis_values_followRateTimes24And720() {
    CostAnalysis c = CostAnalysis.of("i", Money.usd("0.18"), Duration.ofHours(48));

    assertThat(c.totalCost()).isEqualTo(Money.usd("8.64"));
    assertThat(c.estimatedDailyCost()).isEqualTo(Money.usd("4.32"));
    assertThat(c.estimatedMonthlyCost()).isEqualTo(Money.usd("129.6"));
    assertThat(c.uptimeDays()).isEqualTo(2.0);
  }

  @Test
  void statistics_seedExample_hasSeedShape() {
    FleetStatistics s = new FleetStatistics(15, 8, 7, Money.usd("245.67"), Money.usd("1.35"),
        Map.of("RTX 4090", 5, "RTX 3090", 3), Map.of("running", 6, "creating", 2, "exited", 7));

    Map<String, Object> json = ModelJson.statistics(s);

    assertThat(json.keySet()).containsExactly("total_instances", "active_instances", "destroyed_instances",
        "total_cost", "average_cost_per_hour", "gpu_distribution", "status_distribution");
    assertThat(json).containsEntry("total_instances", 15)
        .containsEntry("active_instances", 8)
        .containsEntry("destroyed_instances", 7)
        .containsEntry("total_cost", 245.67)
        .containsEntry("average_cost_per_hour", 1.35)
        .containsEntry("gpu_distribution", Map.of("RTX 4090", 5, "RTX 3090", 3))
        .containsEntry("status_distribution", Map.of("running", 6, "creating", 2, "exited", 7));
  }
}
