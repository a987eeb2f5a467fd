package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.model.Money;
import java.time.Duration;
import java.util.Objects;

/**
 * Spending caps, for a deployment or for every deployment carrying a team label. Checked before every
 * launch with the projected burn, and every tick against what has been spent in the current period.
 *
 * @param maxPricePerHour cap on the summed hourly price of everything running, or null
 * @param maxSpend cap on spend per {@code period}, or null
 * @param period the spend period (e.g. one day); periods are aligned to the epoch
 * @param warnAt fraction of a cap at which a {@link EngineEvent.BudgetWarned} is emitted (e.g. 0.8)
 */
public record Budget(Money maxPricePerHour, Money maxSpend, Duration period, double warnAt) {
  public Budget {
    Objects.requireNonNull(period, "budget period (budget.period)");
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("budget period (budget.period) must be positive, got " + period);
    }
    if (!(warnAt > 0 && warnAt <= 1)) {
      throw new IllegalArgumentException("budget warnAt (budget.warn_at) must be above 0 and at most 1, got "
          + show(warnAt));
    }
    if (maxPricePerHour == null && maxSpend == null) {
      throw new IllegalArgumentException("a budget needs maxPricePerHour (budget.max_price_per_hour) or maxSpend"
          + " (budget.max_spend)");
    }
    if (maxPricePerHour != null && maxPricePerHour.amount().signum() < 0) {
      throw new IllegalArgumentException("budget maxPricePerHour (budget.max_price_per_hour) must be 0 or more, got "
          + maxPricePerHour.amount().stripTrailingZeros().toPlainString() + " " + maxPricePerHour.currency());
    }
    if (maxSpend != null && maxSpend.amount().signum() < 0) {
      throw new IllegalArgumentException("budget maxSpend (budget.max_spend) must be 0 or more, got "
          + maxSpend.amount().stripTrailingZeros().toPlainString() + " " + maxSpend.currency());
    }
  }

  /** Max $/h only. */
  public static Budget perHour(double usd) {
    requireAmount(usd, "maxPricePerHour (budget.max_price_per_hour)");
    return new Budget(Money.usd(usd), null, Duration.ofDays(1), 0.8);
  }

  /** Max $/h and max spend per period. */
  public static Budget of(double maxUsdPerHour, double maxSpendUsd, Duration period) {
    requireAmount(maxUsdPerHour, "maxPricePerHour (budget.max_price_per_hour)");
    requireAmount(maxSpendUsd, "maxSpend (budget.max_spend)");
    return new Budget(Money.usd(maxUsdPerHour), Money.usd(maxSpendUsd), period, 0.8);
  }

  private static void requireAmount(double usd, String field) {
    if (!(usd >= 0) || Double.isInfinite(usd)) {
      throw new IllegalArgumentException("budget " + field + " must be 0 or more USD, got " + show(usd));
    }
  }

  private static String show(double d) {
    return Double.isNaN(d) || Double.isInfinite(d) ? String.valueOf(d)
        : java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
