package com.dumontcloud.sdk.access;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A team's limits per calendar month (UTC), checked before every billable action (a launch, a start of a stopped
 * instance) of anything labelled {@code dumont-team=TEAM}: direct launches through a bound client and the engine's
 * launches alike. A limit left unset is not checked. Crossing a warn threshold emits one warning (an engine event,
 * an audit record) per team, limit and month; going over a limit is a
 * {@link com.dumontcloud.sdk.exception.QuotaExceededException}.
 *
 * <p>Before an action the projected usage is checked, as for budgets: what was used this month plus what is running
 * and the action add for the next hour (or to the end of the month, if sooner) must stay within each limit.
 */
public final class Quota {
  private final String team;
  private final Double maxGpuHoursPerMonth;
  private final Integer maxConcurrentInstances;
  private final Double maxMonthlyBudgetUsd;
  private final int warnAtGpuHoursPercent;
  private final int warnAtBudgetPercent;

  private Quota(Builder b) {
    this.team = b.team;
    this.maxGpuHoursPerMonth = b.maxGpuHoursPerMonth;
    this.maxConcurrentInstances = b.maxConcurrentInstances;
    this.maxMonthlyBudgetUsd = b.maxMonthlyBudgetUsd;
    this.warnAtGpuHoursPercent = b.warnAtGpuHoursPercent;
    this.warnAtBudgetPercent = b.warnAtBudgetPercent;
  }

  public static Builder builder(String team) {
    return new Builder(team);
  }

  public String team() {
    return team;
  }

  /** GPU hours (GPUs × hours running) per month, or null. */
  public Double maxGpuHoursPerMonth() {
    return maxGpuHoursPerMonth;
  }

  /** Instances running or starting at once, or null. */
  public Integer maxConcurrentInstances() {
    return maxConcurrentInstances;
  }

  /** Spend per month in USD, or null. */
  public Double maxMonthlyBudgetUsd() {
    return maxMonthlyBudgetUsd;
  }

  /** Percent of the GPU-hour limit at which to warn (default 80). */
  public int warnAtGpuHoursPercent() {
    return warnAtGpuHoursPercent;
  }

  /** Percent of the monthly budget at which to warn (default 80). */
  public int warnAtBudgetPercent() {
    return warnAtBudgetPercent;
  }

  /** Start of the calendar month (UTC) that contains {@code now}. */
  public static Instant monthStart(Instant now) {
    ZonedDateTime z = now.atZone(ZoneOffset.UTC);
    return z.withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Start of the next calendar month (UTC) after {@code now}. */
  public static Instant monthEnd(Instant now) {
    return monthStart(now).atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
  }

  public Builder toBuilder() {
    Builder b = new Builder(team);
    b.maxGpuHoursPerMonth = maxGpuHoursPerMonth;
    b.maxConcurrentInstances = maxConcurrentInstances;
    b.maxMonthlyBudgetUsd = maxMonthlyBudgetUsd;
    b.warnAtGpuHoursPercent = warnAtGpuHoursPercent;
    b.warnAtBudgetPercent = warnAtBudgetPercent;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quota q && team.equals(q.team) && Objects.equals(maxGpuHoursPerMonth, q.maxGpuHoursPerMonth)
        && Objects.equals(maxConcurrentInstances, q.maxConcurrentInstances)
        && Objects.equals(maxMonthlyBudgetUsd, q.maxMonthlyBudgetUsd) && warnAtGpuHoursPercent == q.warnAtGpuHoursPercent
        && warnAtBudgetPercent == q.warnAtBudgetPercent;
  }

  @Override
  public int hashCode() {
    return Objects.hash(team, maxGpuHoursPerMonth, maxConcurrentInstances, maxMonthlyBudgetUsd, warnAtGpuHoursPercent,
        warnAtBudgetPercent);
  }

  @Override
  public String toString() {
    return "Quota[team=" + team + " max_gpu_hours_per_month=" + maxGpuHoursPerMonth + " max_concurrent_instances="
        + maxConcurrentInstances + " max_monthly_budget_usd=" + maxMonthlyBudgetUsd + "]";
  }

  /** Builder for {@link Quota}. */
  public static final class Builder {
    private final String team;
    private Double maxGpuHoursPerMonth;
    private Integer maxConcurrentInstances;
    private Double maxMonthlyBudgetUsd;
    private int warnAtGpuHoursPercent = 80;
    private int warnAtBudgetPercent = 80;

    private Builder(String team) {
      this.team = Principal.builder("_").team(team).build().teams().iterator().next();
    }

    /** {@code max_gpu_hours_per_month}: 0 or more. */
    public Builder maxGpuHoursPerMonth(double hours) {
      maxGpuHoursPerMonth = nonNegative("max_gpu_hours_per_month", hours);
      return this;
    }

    /** {@code max_concurrent_instances}: 0 or more. */
    public Builder maxConcurrentInstances(int n) {
      if (n < 0) throw new IllegalArgumentException("quota max_concurrent_instances must be 0 or more, got " + n);
      maxConcurrentInstances = n;
      return this;
    }

    /** {@code max_monthly_budget_usd}: 0 or more. */
    public Builder maxMonthlyBudgetUsd(double usd) {
      maxMonthlyBudgetUsd = nonNegative("max_monthly_budget_usd", usd);
      return this;
    }

    /** {@code warn_at_gpu_hours_percent}: 1-100 (default 80). */
    public Builder warnAtGpuHoursPercent(int pct) {
      warnAtGpuHoursPercent = percent("warn_at_gpu_hours_percent", pct);
      return this;
    }

    /** {@code warn_at_budget_percent}: 1-100 (default 80). */
    public Builder warnAtBudgetPercent(int pct) {
      warnAtBudgetPercent = percent("warn_at_budget_percent", pct);
      return this;
    }

    private static double nonNegative(String field, double v) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("quota " + field + " must be a number 0 or more, got " + v);
      }
      return v;
    }

    private static int percent(String field, int v) {
      if (v < 1 || v > 100) throw new IllegalArgumentException("quota " + field + " must be 1-100, got " + v);
      return v;
    }

    public Quota build() {
      return new Quota(this);
    }
  }
}
