package com.dumontcloud.sdk.pricing;

import com.dumontcloud.sdk.model.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Currency conversion for {@link Money}. Providers bill in US dollars; budgets, reports and the CLI may want
 * another currency. Sources: {@link #staticDefault()} (a small fixed table dated 2025-06-30, good enough for
 * display and rough budget comparisons), {@link #ecb()} (the ECB's daily reference rates over HTTP, cached, with
 * staleness rules), {@link #of} / {@link #ofUsdRates} (user-supplied), or an implementation of your own.
 *
 * <p>Implementations must be thread-safe.
 */
public interface FxRates {

  /**
   * Units of {@code to} that one unit of {@code from} buys (e.g. {@code rate("USD", "BRL")} = 5.46).
   *
   * @throws IllegalArgumentException when either currency is not supported
   */
  BigDecimal rate(String from, String to);

  /** ISO 4217 codes this source can convert between. */
  Set<String> currencies();

  /** The day the rates describe. */
  LocalDate asOf();

  /**
   * Where the rates come from, for people: {@code "static table (...)"}, {@code "ECB https://..."},
   * {@code "user-supplied ..."}. Printed beside converted amounts together with {@link #asOf()}.
   */
  default String source() {
    return getClass().getSimpleName();
  }

  /** True when {@code currency} (any case) can be converted. */
  default boolean supports(String currency) {
    return currency != null && currencies().contains(currency.trim().toUpperCase(java.util.Locale.ROOT));
  }

  /**
   * The same amount in another currency, rounded half-even at {@link Money#SCALE} decimals. Converting to the same
   * currency returns the amount unchanged.
   *
   * @throws IllegalArgumentException when either currency is not supported
   */
  default Money convert(Money amount, String toCurrency) {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(toCurrency, "toCurrency");
    String to = toCurrency.trim().toUpperCase(java.util.Locale.ROOT);
    if (amount.currency().equals(to)) return amount;
    return Money.of(amount.amount().multiply(rate(amount.currency(), to)), to);
  }

  /**
   * The amount in another currency at full precision (34 significant digits), not rounded: round it once, where
   * it is printed (half-even to the currency's minor unit, {@link Money#fractionDigits(String)}). Converting to the
   * same currency returns the amount unchanged.
   *
   * @throws IllegalArgumentException when either currency is not supported
   */
  default BigDecimal convertExact(Money amount, String toCurrency) {
    Objects.requireNonNull(amount, "amount");
    String to = Money.checkCurrency(toCurrency);
    if (amount.currency().equals(to)) return amount.amount();
    return amount.amount().multiply(rate(amount.currency(), to), java.math.MathContext.DECIMAL128);
  }

  /**
   * A fixed table of approximate mid-market rates as of <b>2025-06-30</b> (1 USD = 0.853 EUR, 5.46 BRL,
   * 0.729 GBP, 1350 KRW, 144.0 JPY). Not for billing: rates move every day. Replace it with your own
   * {@code FxRates} (or {@link #ofUsdRates}) when the numbers matter.
   */
  static FxRates staticDefault() {
    return StaticFxRates.DEFAULT;
  }

  /**
   * A fixed table given as units of each currency per US dollar; USD itself is implied (1).
   *
   * @param unitsPerUsd e.g. {@code Map.of("EUR", new BigDecimal("0.853"))}; every rate must be positive
   * @param asOf the day the rates describe
   * @throws IllegalArgumentException on a non-positive rate or a code that is not 3 letters
   */
  static FxRates ofUsdRates(Map<String, BigDecimal> unitsPerUsd, LocalDate asOf) {
    return new StaticFxRates(unitsPerUsd, asOf);
  }

  /**
   * A fixed table given as units of each currency per unit of {@code base} (user-supplied rates).
   *
   * @param base the currency the rates are quoted against, e.g. "EUR"
   * @param unitsPerBase e.g. {@code Map.of("USD", new BigDecimal("1.172"))}; every rate must be positive
   * @param asOf the day the rates describe
   * @param source where they come from, printed beside converted amounts (e.g. "treasury feed")
   * @throws IllegalArgumentException on a non-positive rate or a code that is not ISO 4217
   */
  static FxRates of(String base, Map<String, BigDecimal> unitsPerBase, LocalDate asOf, String source) {
    return new StaticFxRates(base, unitsPerBase, asOf, source);
  }

  /**
   * The European Central Bank's daily reference rates, fetched over HTTP and cached (see {@link HttpFxRates} for
   * the staleness rules and the settings).
   */
  static HttpFxRates.Builder ecb() {
    return HttpFxRates.builder();
  }
}
