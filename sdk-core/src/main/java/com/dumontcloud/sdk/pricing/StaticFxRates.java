package com.dumontcloud.sdk.pricing;

import com.dumontcloud.sdk.model.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A fixed table of rates against one base currency (US dollar for the static default, euro for the ECB's
 * reference rates). Cross rates divide at {@link MathContext#DECIMAL128} (34 significant digits), so nothing is
 * rounded to display precision here.
 */
final class StaticFxRates implements FxRates {
  static final String DEFAULT_SOURCE = "static table (approximate mid-market rates of 2025-06-30)";
  static final StaticFxRates DEFAULT = new StaticFxRates("USD", Map.of(
      "EUR", new BigDecimal("0.853"),
      "BRL", new BigDecimal("5.46"),
      "GBP", new BigDecimal("0.729"),
      "KRW", new BigDecimal("1350"),
      "JPY", new BigDecimal("144.0")), LocalDate.of(2025, 6, 30), DEFAULT_SOURCE);

  private final String base;
  private final Map<String, BigDecimal> perBase;
  private final LocalDate asOf;
  private final String source;

  StaticFxRates(Map<String, BigDecimal> unitsPerUsd, LocalDate asOf) {
    this("USD", unitsPerUsd, asOf, "user-supplied rates of " + asOf);
  }

  StaticFxRates(String base, Map<String, BigDecimal> unitsPerBase, LocalDate asOf, String source) {
    Objects.requireNonNull(unitsPerBase, "unitsPerBase");
    this.asOf = Objects.requireNonNull(asOf, "asOf");
    this.source = Objects.requireNonNull(source, "source");
    this.base = Money.checkCurrency(base);
    Map<String, BigDecimal> m = new TreeMap<>();
    m.put(this.base, BigDecimal.ONE);
    unitsPerBase.forEach((code, rate) -> {
      String c = Objects.requireNonNull(code, "currency code").trim().toUpperCase(Locale.ROOT);
      if (c.length() != 3) throw new IllegalArgumentException("currency must be an ISO 4217 code like EUR, got '" + code + "'");
      Money.checkCurrency(c);
      if (rate == null || rate.signum() <= 0) {
        throw new IllegalArgumentException("rate for " + c + " must be positive, got " + rate);
      }
      if (c.equals(this.base) && rate.compareTo(BigDecimal.ONE) != 0) {
        throw new IllegalArgumentException(this.base + " is the base currency; its rate is 1, got " + rate);
      }
      m.put(c, rate);
    });
    this.perBase = java.util.Collections.unmodifiableMap(m);
  }

  @Override
  public BigDecimal rate(String from, String to) {
    BigDecimal f = lookup(from);
    BigDecimal t = lookup(to);
    return t.divide(f, MathContext.DECIMAL128);
  }

  private BigDecimal lookup(String code) {
    String c = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
    BigDecimal r = perBase.get(c);
    if (r == null) {
      throw new IllegalArgumentException("no exchange rate for '" + code + "'; supported: " + perBase.keySet()
          + " (plug in your own FxRates for others)");
    }
    return r;
  }

  /** The base currency of the table. */
  String base() {
    return base;
  }

  /** Units of each currency per unit of the base. */
  Map<String, BigDecimal> perBase() {
    return perBase;
  }

  @Override
  public Set<String> currencies() {
    return perBase.keySet();
  }

  @Override
  public LocalDate asOf() {
    return asOf;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "FxRates" + perBase + " per " + base + " as of " + asOf + " (" + source + ")";
  }
}
