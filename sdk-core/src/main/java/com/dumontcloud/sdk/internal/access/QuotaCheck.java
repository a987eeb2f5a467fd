package com.dumontcloud.sdk.internal.access;

import com.dumontcloud.sdk.access.Quota;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The arithmetic of team quotas, shared by the client's direct launches and the engine's budget guard. */
public final class QuotaCheck {
  private QuotaCheck() {}

  /**
   * A team's usage at one instant.
   *
   * @param running instances running or starting
   * @param gpusRunning GPUs of those instances
   * @param burnPerHour their summed price, USD per hour
   * @param gpuHoursThisMonth GPU hours used since the start of the month
   * @param spentThisMonthUsd spend since the start of the month
   */
  public record Usage(int running, int gpusRunning, double burnPerHour, double gpuHoursThisMonth,
      double spentThisMonthUsd) {}

  /** A threshold crossed: {@code kind} is {@code gpu_hours} or {@code budget}. */
  public record Warning(String kind, String message) {}

  /**
   * Null when an action adding {@code addInstances} instances with {@code addGpus} GPUs at {@code addPerHour} fits
   * the quota; otherwise one line saying which limit it breaks.
   */
  public static String denial(Quota q, Usage u, int addInstances, int addGpus, double addPerHour, Instant now) {
    String t = "team " + q.team() + ": ";
    if (q.maxConcurrentInstances() != null && u.running() + addInstances > q.maxConcurrentInstances()) {
      return t + (u.running() + addInstances) + " instances would exceed max_concurrent_instances="
          + q.maxConcurrentInstances() + " (running: " + u.running() + "); stop one or raise the quota";
    }
    double horizon = Math.min(Duration.between(now, Quota.monthEnd(now)).toMillis(), 3_600_000L) / 3_600_000.0;
    if (q.maxGpuHoursPerMonth() != null) {
      double projected = u.gpuHoursThisMonth() + (u.gpusRunning() + addGpus) * horizon;
      if (projected > q.maxGpuHoursPerMonth() + 1e-9) {
        return t + "projected " + round(projected) + " GPU hours this month would exceed max_gpu_hours_per_month="
            + round(q.maxGpuHoursPerMonth()) + " (used: " + round(u.gpuHoursThisMonth()) + "); wait for next month or "
            + "raise the quota";
      }
    }
    if (q.maxMonthlyBudgetUsd() != null) {
      double projected = u.spentThisMonthUsd() + (u.burnPerHour() + addPerHour) * horizon;
      if (projected > q.maxMonthlyBudgetUsd() + 1e-9) {
        return t + "projected spend $" + round(projected) + " this month would exceed max_monthly_budget_usd="
            + round(q.maxMonthlyBudgetUsd()) + " (spent: $" + round(u.spentThisMonthUsd()) + "); wait for next month or "
            + "raise the quota";
      }
    }
    return null;
  }

  /** The warn thresholds the usage has reached. */
  public static List<Warning> warnings(Quota q, Usage u) {
    List<Warning> out = new ArrayList<>();
    if (q.maxGpuHoursPerMonth() != null && q.maxGpuHoursPerMonth() > 0
        && u.gpuHoursThisMonth() >= q.maxGpuHoursPerMonth() * q.warnAtGpuHoursPercent() / 100.0) {
      out.add(new Warning("gpu_hours", "team " + q.team() + " has used " + round(u.gpuHoursThisMonth())
          + " of max_gpu_hours_per_month=" + round(q.maxGpuHoursPerMonth()) + " (warn at "
          + q.warnAtGpuHoursPercent() + "%)"));
    }
    if (q.maxMonthlyBudgetUsd() != null && q.maxMonthlyBudgetUsd() > 0
        && u.spentThisMonthUsd() >= q.maxMonthlyBudgetUsd() * q.warnAtBudgetPercent() / 100.0) {
      out.add(new Warning("budget", "team " + q.team() + " has spent $" + round(u.spentThisMonthUsd())
          + " of max_monthly_budget_usd=" + round(q.maxMonthlyBudgetUsd()) + " (warn at " + q.warnAtBudgetPercent()
          + "%)"));
    }
    return out;
  }

  static String round(double v) {
    return java.math.BigDecimal.valueOf(Math.round(v * 100) / 100.0).stripTrailingZeros().toPlainString();
  }
}
