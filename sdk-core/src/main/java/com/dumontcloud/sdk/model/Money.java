package com.dumontcloud.sdk.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An amount of money in any ISO 4217 currency ({@link java.util.Currency} knows the codes and their minor units).
 * Arithmetic keeps 6 decimals, rounding half-even; {@link #rounded(int)} and {@link #rounded()} give display
 * precision. Conversions that must keep full precision until printing use
 * {@link com.dumontcloud.sdk.pricing.FxRates#convertExact}.
 *
 * @param amount the amount, never null
 * @param currency ISO 4217 code, upper case (e.g. "USD")
 */
public record Money(BigDecimal amount, String currency) implements Comparable<Money> {
  /** Internal precision of every amount. */
  public static final int SCALE = 6;

  public static final Money ZERO_USD = usd(0);

  public Money {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    currency = checkCurrency(currency);
    amount = amount.setScale(SCALE, RoundingMode.HALF_EVEN);
  }

  /**
   * The code upper-cased and checked against ISO 4217.
   *
   * @throws IllegalArgumentException naming the bad code and where the valid ones are listed
   */
  public static String checkCurrency(String code) {
    String c = code == null ? "" : code.trim().toUpperCase(java.util.Locale.ROOT);
    if (c.length() == 3 && c.chars().allMatch(ch -> ch >= 'A' && ch <= 'Z')) {
      try {
        java.util.Currency.getInstance(c);
        return c;
      } catch (IllegalArgumentException notIso) {
        // reported below
      }
    }
    throw new IllegalArgumentException("currency must be an ISO 4217 code like USD or EUR, got '" + code
        + "' (the codes are listed at https://www.iso.org/iso-4217-currency-codes.html)");
  }

  /** Digits after the decimal point this currency is shown with: 2 for USD and EUR, 0 for JPY and KRW, 3 for BHD. */
  public static int fractionDigits(String currency) {
    int d = java.util.Currency.getInstance(checkCurrency(currency)).getDefaultFractionDigits();
    return d < 0 ? 2 : d;
  }

  public static Money of(BigDecimal amount, String currency) {
    return new Money(amount, currency);
  }

  public static Money usd(double amount) {
    return new Money(BigDecimal.valueOf(amount), "USD");
  }

  public static Money usd(String amount) {
    return new Money(new BigDecimal(amount), "USD");
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.add(other.amount), currency);
  }

  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.subtract(other.amount), currency);
  }

  public Money times(double factor) {
    return new Money(amount.multiply(BigDecimal.valueOf(factor)), currency);
  }

  public Money times(BigDecimal factor) {
    return new Money(amount.multiply(factor), currency);
  }

  /** Cost of running {@code duration} at this hourly rate. */
  public Money forDuration(java.time.Duration duration) {
    BigDecimal hours = BigDecimal.valueOf(duration.toMillis()).divide(BigDecimal.valueOf(3_600_000L), 12, RoundingMode.HALF_EVEN);
    return times(hours);
  }

  public boolean isGreaterThan(Money other) {
    return compareTo(other) > 0;
  }

  /** The amount rounded half-even to {@code decimals} places. */
  public BigDecimal rounded(int decimals) {
    return amount.setScale(decimals, RoundingMode.HALF_EVEN);
  }

  /** The amount rounded half-even to the currency's minor unit ({@link #fractionDigits(String)}). */
  public BigDecimal rounded() {
    return rounded(fractionDigits(currency));
  }

  public double doubleValue() {
    return amount.doubleValue();
  }

  @Override
  public int compareTo(Money o) {
    requireSameCurrency(o);
    return amount.compareTo(o.amount);
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "cannot combine " + currency + " with " + other.currency + "; convert with FxRates first");
    }
  }

  @Override
  public String toString() {
    return rounded(4).stripTrailingZeros().toPlainString() + " " + currency;
  }
}
