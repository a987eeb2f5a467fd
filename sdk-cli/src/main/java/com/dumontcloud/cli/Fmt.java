package com.dumontcloud.cli;

import com.dumontcloud.sdk.model.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** How the CLI shows values to people: money with currency, counts, times, durations; never Java's toString. */
final class Fmt {
  private Fmt() {}

  /** {@code $0.1497}, {@code $12.50}, {@code $0.0003}, {@code 0.50 EUR}; null is {@code -}. */
  static String money(Money m) {
    if (m == null) return "-";
    return money(m.amount(), m.currency());
  }

  static String money(double usd) {
    return money(BigDecimal.valueOf(usd), "USD");
  }

  static String money(BigDecimal amount, String currency) {
    String n = amountText(amount);
    return "USD".equals(currency) ? (n.startsWith("-") ? "-$" + n.substring(1) : "$" + n) : n + " " + currency;
  }

  /** A rate: {@code $0.1497/h}. */
  static String perHour(Money m) {
    return m == null ? "-" : money(m) + "/h";
  }

  /**
   * Sensible precision: 2 decimals from 1 up, 4 below 1, and for amounts that would round to zero two
   * significant digits (at most 8 decimals), so a small cost never shows as 0.
   */
  static String amountText(BigDecimal a) {
    BigDecimal abs = a.abs();
    if (abs.signum() == 0) return "0.00";
    int scale = abs.compareTo(BigDecimal.ONE) >= 0 ? 2 : 4;
    BigDecimal r = a.setScale(scale, RoundingMode.HALF_EVEN);
    if (r.signum() != 0 && scale == 4) {
      r = r.stripTrailingZeros();
      if (r.scale() < 2) r = r.setScale(2, RoundingMode.UNNECESSARY);
    }
    if (r.signum() == 0) {
      int sig = Math.min(8, Math.max(4, 1 - abs.precision() + abs.scale() + 1));
      r = a.setScale(sig, RoundingMode.HALF_EVEN).stripTrailingZeros();
      if (r.signum() == 0) return a.signum() < 0 ? "-0.00000001" : "<0.00000001";
      return r.toPlainString();
    }
    return r.toPlainString();
  }

  /** A plain number: no exponent, no trailing zeros. */
  static String number(Object v) {
    if (v == null) return "-";
    if (v instanceof Double d) {
      if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf(d.longValue());
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    if (v instanceof Float f) return number(f.doubleValue());
    if (v instanceof BigDecimal b) return b.stripTrailingZeros().toPlainString();
    return String.valueOf(v);
  }

  /** {@code RTX 3080 ×1, A100 ×2}; an empty distribution is {@code -}. */
  static String counts(Map<String, ?> m) {
    if (m == null || m.isEmpty()) return "-";
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" ×").append(number(v)));
    return sb.toString();
  }

  /** {@code key=value, key=value}; empty is {@code -}. */
  static String pairs(Map<String, ?> m) {
    if (m == null || m.isEmpty()) return "-";
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(value(v)));
    return sb.toString();
  }

  /** Any JSON-shaped value for a person: lists joined, maps as k=v, numbers plain, null as "-". */
  static String value(Object v) {
    if (v == null) return "-";
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder();
      m.forEach((k, x) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(value(x)));
      return sb.length() == 0 ? "-" : sb.toString();
    }
    if (v instanceof Collection<?> c) {
      if (c.isEmpty()) return "-";
      return String.join(", ", c.stream().map(Fmt::value).toList());
    }
    if (v instanceof Number) return number(v);
    if (v instanceof Money m) return money(m);
    if (v instanceof Duration d) return duration(d);
    if (v instanceof Instant i) return time(i);
    return String.valueOf(v);
  }

  /** UTC time to the second: {@code 2026-12-02 02:52:27Z}. */
  static String time(Instant i) {
    if (i == null) return "-";
    return i.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ');
  }

  /** A duration for people: {@code 45s}, {@code 5m}, {@code 1h30m}, {@code 2d4h}. */
  static String duration(Duration d) {
    if (d == null) return "-";
    long s = d.toSeconds();
    if (s < 60) return s + "s";
    if (s < 3600) return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    if (s < 86_400) return (s / 3600) + "h" + (s % 3600 / 60 == 0 ? "" : (s % 3600 / 60) + "m");
    return (s / 86_400) + "d" + (s % 86_400 / 3600 == 0 ? "" : (s % 86_400 / 3600) + "h");
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)?");

  /**
   * A flag's duration: {@code 90} (seconds), {@code 90s}, {@code 15m}, {@code 1h}, {@code 1h30m}, {@code 500ms}.
   *
   * @throws IllegalArgumentException naming the flag, the value and the accepted forms
   */
  static Duration parseDuration(String flag, String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Duration total = Duration.ZERO;
    int pos = 0;
    Matcher m = DURATION.matcher(t);
    while (pos < t.length() && m.find(pos) && m.start() == pos) {
      double n = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      if (m.group(2) == null && m.end() != t.length()) break;
      long millis = switch (unit) {
        case "ms" -> 1;
        case "m" -> 60_000;
        case "h" -> 3_600_000;
        case "d" -> 86_400_000;
        default -> 1000;
      };
      total = total.plusMillis(Math.round(n * millis));
      pos = m.end();
    }
    if (t.isEmpty() || pos != t.length() || total.compareTo(Duration.ofDays(3650)) > 0) {
      throw new IllegalArgumentException(flag + " must be a positive duration such as 90, 90s, 15m or 1h30m, got '"
          + text + "'");
    }
    if (total.isZero()) throw new IllegalArgumentException(flag + " must be greater than zero, got '" + text + "'");
    return total;
  }

  /** picocli converter for duration flags: errors are one line naming the accepted forms. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parseDuration("the value", value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("expected a positive duration such as 90, 90s, 15m or 1h30m, got '"
            + value + "'");
      }
    }
  }

  /** Shorten to {@code max} characters with an ellipsis. */
  static String truncate(String s, int max) {
    if (s == null || s.length() <= max) return s;
    if (max <= 1) return "…";
    return s.substring(0, max - 1) + "…";
  }

  static String join(List<String> parts) {
    return parts == null || parts.isEmpty() ? "-" : String.join(", ", parts);
  }
}
