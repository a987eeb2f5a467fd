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
    Objects.requireNonNull(period, "period");
    if (period.isZero() || period.isNegative()) throw new IllegalArgumentException("period must be positive");
    if (warnAt <= 0 || warnAt > 1) throw new IllegalArgumentException("warnAt must be in (0,1]: " + warnAt);
    if (maxPricePerHour == null && maxSpend == null) {
      throw new IllegalArgumentException("a budget needs maxPricePerHour or maxSpend");
    }
  }

  /** Max $/h only. */
  public static Budget perHour(double usd) {
    return new Budget(Money.usd(usd), null, Duration.ofDays(1), 0.8);
  }

  /** Max $/h and max spend per period. */
  public static Budget of(double maxUsdPerHour, double maxSpendUsd, Duration period) {
    return new Budget(Money.usd(maxUsdPerHour), Money.usd(maxSpendUsd), period, 0.8);
  }
}
