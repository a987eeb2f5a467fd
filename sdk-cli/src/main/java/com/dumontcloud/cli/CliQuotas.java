package com.dumontcloud.cli;

import com.dumontcloud.sdk.access.Principal;
import com.dumontcloud.sdk.access.Quota;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Team quotas in {@code config.yaml}, one mapping per team, with the keys of {@link #KEYS} ({@link Quota}'s limits):
 *
 * <pre>
 * quotas:
 *   ml-research:
 *     max-concurrent-instances: 4
 *     max-gpu-hours-per-month: 500
 *     max-monthly-budget-usd: 1000
 *     warn-at-budget-percent: 90
 * </pre>
 *
 * Every client the CLI opens carries them ({@code Dumont.Builder.quota}), so {@code dumont serve} refuses a team
 * member's launch over its quota and every engine (serve's, or a one-shot {@code deployments apply}) vets the
 * launches of deployments labelled {@code dumont-team=TEAM}. Values are checked when a client is opened and by
 * {@code dumont config set}; a bad one fails naming {@code quotas.TEAM.KEY}, the value and the fix.
 */
final class CliQuotas {
  private CliQuotas() {}

  /** What a quota value must be. */
  enum Kind {
    WHOLE("a whole number >= 0"),
    NUMBER("a number >= 0"),
    PERCENT("a whole number 1-100");

    final String expected;

    Kind(String expected) {
      this.expected = expected;
    }

    /** The value as a number, or null when it is not one of this kind. */
    Number parse(String v) {
      String s = v.strip();
      try {
        return switch (this) {
          case WHOLE -> {
            int n = Integer.parseInt(s);
            yield n >= 0 ? n : null;
          }
          case PERCENT -> {
            int n = Integer.parseInt(s);
            yield n >= 1 && n <= 100 ? n : null;
          }
          case NUMBER -> {
            BigDecimal d = new BigDecimal(s); // no NaN, no Infinity
            yield d.signum() >= 0 && Double.isFinite(d.doubleValue()) ? d : null;
          }
        };
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /**
   * One quota key: its name in {@code config.yaml}, what it takes, its default (null: no limit), an example value and
   * which {@link Quota.Builder} setting it sets.
   */
  record Key(String name, Kind kind, String defaultValue, String example, String description,
      BiConsumer<Quota.Builder, Number> apply) {}

  static final List<Key> KEYS = List.of(
      new Key("max-concurrent-instances", Kind.WHOLE, null, "4", "instances of the team running or starting at once",
          (b, n) -> b.maxConcurrentInstances(n.intValue())),
      new Key("max-gpu-hours-per-month", Kind.NUMBER, null, "500",
          "GPU hours (GPUs x hours running) per calendar month (UTC)", (b, n) -> b.maxGpuHoursPerMonth(n.doubleValue())),
      new Key("max-monthly-budget-usd", Kind.NUMBER, null, "1000", "spend per calendar month (UTC) in USD",
          (b, n) -> b.maxMonthlyBudgetUsd(n.doubleValue())),
      new Key("warn-at-gpu-hours-percent", Kind.PERCENT, "80", "90", "percent of max-gpu-hours-per-month at which to "
          + "warn, once a month (an engine event and an audit record)", (b, n) -> b.warnAtGpuHoursPercent(n.intValue())),
      new Key("warn-at-budget-percent", Kind.PERCENT, "80", "90", "percent of max-monthly-budget-usd at which to warn, "
          + "once a month (an engine event and an audit record)", (b, n) -> b.warnAtBudgetPercent(n.intValue())));

  /** The key named {@code name}, or null. */
  static Key key(String name) {
    return KEYS.stream().filter(k -> k.name().equals(name)).findFirst().orElse(null);
  }

  static String keyNames() {
    return String.join(", ", KEYS.stream().map(Key::name).toList());
  }

  /** The team name as quotas and labels take it; fails naming {@code quotas.TEAM}. */
  static String team(String team) {
    try {
      return Principal.builder("_").team(team).build().teams().iterator().next();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("quotas." + team + ": " + e.getMessage());
    }
  }

  /** The key {@code name} of {@code quotas.TEAM}; fails naming the known keys. */
  static Key requireKey(String team, String name) {
    Key k = key(name);
    if (k == null) {
      throw new IllegalArgumentException("quotas." + team + "." + name + ": unknown quota key (keys: " + keyNames()
          + ")");
    }
    return k;
  }

  /** The value of {@code quotas.TEAM.KEY} as a number; fails with the expected form and the fix. */
  static Number value(String team, Key k, String value) {
    Number n = value == null ? null : k.kind().parse(value);
    if (n == null) {
      String at = "quotas." + team + "." + k.name();
      throw new IllegalArgumentException(at + ": expected " + k.kind().expected + ", got \"" + value + "\"; set it "
          + "with 'dumont config set " + at + " " + k.example() + "'");
    }
    return n;
  }

  /** The quota of one team from its {@code config.yaml} values (null values are unset limits). */
  static Quota quota(String team, Map<String, String> values) {
    Quota.Builder b = Quota.builder(team(team));
    values.forEach((name, v) -> {
      if (v == null) return;
      Key k = requireKey(team, name);
      k.apply().accept(b, value(team, k, v));
    });
    return b.build();
  }

  /** A checked value as {@code config.yaml} stores it: a YAML number (a string only if it is not one). */
  static Object yamlValue(String name, String v) {
    Key k = key(name);
    Number n = k == null || v == null ? null : k.kind().parse(v);
    if (n instanceof BigDecimal d) {
      BigDecimal s = d.stripTrailingZeros();
      return s.scale() <= 0 && s.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 ? (Object) s.longValueExact()
          : (Object) d.doubleValue();
    }
    return n != null ? n : v;
  }
}
