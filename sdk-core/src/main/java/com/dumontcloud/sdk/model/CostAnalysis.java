package com.dumontcloud.sdk.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Cost of one instance, exactly as seed 001: total = rate × uptime hours, daily = rate × 24,
 * monthly = rate × 720, uptime_days = hours / 24.
 *
 * @param instanceId instance id
 * @param costPerHour hourly rate
 * @param totalCost rate × uptime
 * @param uptimeHours billed running hours
 * @param uptimeDays uptime hours / 24
 * @param estimatedDailyCost rate × 24
 * @param estimatedMonthlyCost rate × 720
 */
public record CostAnalysis(
    String instanceId,
    Money costPerHour,
    Money totalCost,
    double uptimeHours,
    double uptimeDays,
    Money estimatedDailyCost,
    Money estimatedMonthlyCost) {

  /** Hours in the seed's month. */
  public static final int HOURS_PER_MONTH = 720;

  public static CostAnalysis of(String instanceId, Money rate, Duration uptime) {
    double hours = BigDecimal.valueOf(uptime.toMillis())
        .divide(BigDecimal.valueOf(3_600_000L), 6, RoundingMode.HALF_EVEN).doubleValue();
    return new CostAnalysis(instanceId, rate, rate.times(hours), hours, hours / 24.0, rate.times(24),
        rate.times(HOURS_PER_MONTH));
  }
}
