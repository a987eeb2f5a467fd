package com.dumontcloud.sdk.pricing;

import com.dumontcloud.sdk.model.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Amounts shown in one currency: the display edge where money is converted (at full precision, through
 * {@link FxRates#convertExact}) and rounded half-even, once. The CLI's tables, its JSON and the server's JSON all go
 * through this class, so a {@code --currency EUR} (or a {@code currency=EUR} query parameter) changes every amount
 * the same way. {@link #usd()} shows amounts as they are (providers bill in US dollars).
 */
public final class CurrencyView {
  private static final CurrencyView AS_IS = new CurrencyView(FxRates.staticDefault(), null);

  private final FxRates rates;
  private final String currency;

  private CurrencyView(FxRates rates, String currency) {
    this.rates = rates;
    this.currency = currency;
  }

  /** Amounts in their own currency (no conversion, nothing added to JSON forms). */
  public static CurrencyView usd() {
    return AS_IS;
  }

  /**
   * Amounts converted to {@code currency} with {@code rates}.
   *
   * @throws IllegalArgumentException when the code is not ISO 4217, or the rates cannot convert it (the message
   *     names the source and the codes it knows)
   */
  public static CurrencyView of(FxRates rates, String currency) {
    Objects.requireNonNull(rates, "rates");
    String c = Money.checkCurrency(currency);
    if (!rates.supports(c)) {
      throw new IllegalArgumentException("no exchange rate for '" + currency + "' in " + rates.source()
          + "; it converts " + String.join(", ", rates.currencies()));
    }
    return new CurrencyView(rates, c);
  }

  /** True when amounts are shown as they are. */
  public boolean asIs() {
    return currency == null;
  }

  /** The currency amounts are shown in, or {@code fallback} when shown as they are. */
  public String currency(String fallback) {
    return currency == null ? fallback : currency;
  }

  public FxRates rates() {
    return rates;
  }

  /** The amount in this view's currency, not rounded. */
  public BigDecimal exact(Money m) {
    return currency == null ? m.amount() : rates.convertExact(m, currency);
  }

  /** The amount in this view's currency, converted then rounded half-even to {@code decimals}. */
  public BigDecimal rounded(Money m, int decimals) {
    return exact(m).setScale(decimals, RoundingMode.HALF_EVEN);
  }

  /**
   * The amount in this view's currency with the currency's own precision added to {@code usdDecimals} minus 2
   * (a USD figure shown with 4 decimals becomes a EUR figure with 4 and a JPY figure with 2), rounded once.
   */
  public BigDecimal display(Money m, int usdDecimals) {
    int digits = currency == null ? usdDecimals : Math.max(0, usdDecimals - 2 + Money.fractionDigits(currency));
    return rounded(m, digits);
  }

  /**
   * A US-dollar figure kept as a {@code double} (the engine's ledger, a replica's price) in this view's currency:
   * exactly as it is when shown as is (so the JSON forms that carry such figures stay byte-identical), else
   * converted and rounded half-even once, as {@link #display(Money, int)} does.
   */
  public double usdFigure(double usd, int usdDecimals) {
    if (currency == null || !Double.isFinite(usd)) return usd;
    return display(Money.usd(usd), usdDecimals).doubleValue();
  }

  /**
   * What a JSON answer says about the conversion: {@code {"currency": "EUR", "fx": {"source": ..., "as_of":
   * "2025-06-30"}}}; empty when amounts are shown as they are (the seeds' shapes stay exactly as they were).
   */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (currency == null) return m;
    m.put("currency", currency);
    Map<String, Object> fx = new LinkedHashMap<>();
    fx.put("source", rates.source());
    fx.put("as_of", rates.asOf().toString());
    m.put("fx", fx);
    return m;
  }

  /** {@code tree} with {@link #describe()} added (a copy; the tree is unchanged when shown as is). */
  public Map<String, Object> annotate(Map<String, Object> tree) {
    if (currency == null) return tree;
    Map<String, Object> m = new LinkedHashMap<>(tree);
    m.putAll(describe());
    return m;
  }

  @Override
  public String toString() {
    return currency == null ? "CurrencyView[as is]" : "CurrencyView[" + currency + ", " + rates.source() + "]";
  }
}
