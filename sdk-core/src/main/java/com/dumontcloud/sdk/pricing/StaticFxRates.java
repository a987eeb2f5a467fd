package com.dumontcloud.sdk.pricing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** A fixed table of rates against the US dollar. */
final class StaticFxRates implements FxRates {
  static final StaticFxRates DEFAULT = new StaticFxRates(Map.of(
      "EUR", new BigDecimal("0.853"),
      "BRL", new BigDecimal("5.46"),
      "GBP", new BigDecimal("0.729"),
      "KRW", new BigDecimal("1350"),
      "JPY", new BigDecimal("144.0")), LocalDate.of(2025, 6, 30));

  private final Map<String, BigDecimal> perUsd;
  private final LocalDate asOf;

  StaticFxRates(Map<String, BigDecimal> unitsPerUsd, LocalDate asOf) {
    Objects.requireNonNull(unitsPerUsd, "unitsPerUsd");
    this.asOf = Objects.requireNonNull(asOf, "asOf");
    Map<String, BigDecimal> m = new TreeMap<>();
    m.put("USD", BigDecimal.ONE);
    unitsPerUsd.forEach((code, rate) -> {
      String c = Objects.requireNonNull(code, "currency code").trim().toUpperCase(Locale.ROOT);
      if (c.length() != 3) throw new IllegalArgumentException("currency must be an ISO 4217 code like EUR, got '" + code + "'");
      if (rate == null || rate.signum() <= 0) {
        throw new IllegalArgumentException("rate for " + c + " must be positive, got " + rate);
      }
      if (c.equals("USD") && rate.compareTo(BigDecimal.ONE) != 0) {
        throw new IllegalArgumentException("USD is the base currency; its rate is 1, got " + rate);
      }
      m.put(c, rate);
    });
    this.perUsd = java.util.Collections.unmodifiableMap(m);
  }

  @Override
  public BigDecimal rate(String from, String to) {
    BigDecimal f = lookup(from);
    BigDecimal t = lookup(to);
    return t.divide(f, MathContext.DECIMAL64);
  }

  private BigDecimal lookup(String code) {
    String c = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
    BigDecimal r = perUsd.get(c);
    if (r == null) {
      throw new IllegalArgumentException("no exchange rate for '" + code + "'; supported: " + perUsd.keySet()
          + " (plug in your own FxRates for others)");
    }
    return r;
  }

  @Override
  public Set<String> currencies() {
    return perUsd.keySet();
  }

  @Override
  public LocalDate asOf() {
    return asOf;
  }

  @Override
  public String toString() {
    return "FxRates" + perUsd + " as of " + asOf;
  }
}
