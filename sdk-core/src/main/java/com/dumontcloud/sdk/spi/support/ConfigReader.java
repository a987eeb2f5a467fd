package com.dumontcloud.sdk.spi.support;

import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.spi.ProviderConfig;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Typed getters over a provider's {@link ProviderConfig}. A bad value is a {@link ConfigurationException} that names
 * the key, the bad value, what is allowed and where the key is set:
 * {@code [provider=vast] vast.ssh-mode must be one of proxy, direct, got 'x' (set dumont.vast.ssh-mode / ...)}.
 * Values are trimmed; a blank value counts as unset and gives the default.
 *
 * <p>Stable for provider authors.
 */
public final class ConfigReader {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private final String providerId;
  private final ProviderConfig config;

  private ConfigReader(String providerId, ProviderConfig config) {
    this.providerId = Objects.requireNonNull(providerId, "providerId");
    this.config = Objects.requireNonNull(config, "config");
  }

  public static ConfigReader of(String providerId, ProviderConfig config) {
    return new ConfigReader(providerId, config);
  }

  /** The trimmed value, or {@code def} when unset or blank. */
  public String string(String key, String def) {
    String v = config.get(key).map(String::strip).orElse("");
    return v.isEmpty() ? def : v;
  }

  /** An integer in {@code [min, max]}. */
  public int integer(String key, int def, int min, int max) {
    String v = string(key, null);
    if (v == null) return def;
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw bad(key, "must be a whole number" + range(min, max), v);
    }
    if (n < min || n > max) throw bad(key, "must be" + range(min, max), v);
    return n;
  }

  /** A number in {@code [min, max]}. */
  public double decimal(String key, double def, double min, double max) {
    String v = string(key, null);
    if (v == null) return def;
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw bad(key, "must be a number between " + plain(min) + " and " + plain(max), v);
    }
    if (!(d >= min && d <= max)) throw bad(key, "must be between " + plain(min) + " and " + plain(max), v);
    return d;
  }

  /** {@code true/false}, {@code on/off}, {@code yes/no}, {@code 1/0} in any case. */
  public boolean bool(String key, boolean def) {
    String v = string(key, null);
    if (v == null) return def;
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes", "1" -> true;
      case "false", "off", "no", "0" -> false;
      default -> throw bad(key, "must be true or false (or on/off, yes/no)", v);
    };
  }

  /** A positive duration: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT30S}. */
  public Duration duration(String key, Duration def) {
    String v = string(key, null);
    if (v == null) return def;
    Duration d;
    Matcher m = SHORT_DURATION.matcher(v.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } else {
      try {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw bad(key, "must be a duration such as 30s, 5m, 2h or PT30S", v);
      }
    }
    if (d.isNegative() || d.isZero()) throw bad(key, "must be a positive duration such as 30s", v);
    return d;
  }

  /** One of the enum's constants, written in lower case with {@code -} for {@code _} ({@code PROXY} is "proxy"). */
  public <E extends Enum<E>> E enumValue(String key, Class<E> type, E def) {
    String v = string(key, null);
    if (v == null) return def;
    String wanted = v.toLowerCase(Locale.ROOT).replace('_', '-');
    for (E e : type.getEnumConstants()) {
      if (name(e).equals(wanted)) return e;
    }
    throw bad(key, "must be one of " + Arrays.stream(type.getEnumConstants()).map(ConfigReader::name)
        .collect(Collectors.joining(", ")), v);
  }

  /** An absolute http(s) URL without trailing slashes (a base URL). */
  public String baseUrl(String key, String def) {
    String v = string(key, def);
    if (v == null) return null;
    java.net.URI u;
    try {
      u = new java.net.URI(v);
    } catch (java.net.URISyntaxException e) {
      throw bad(key, "must be an http(s) URL", v);
    }
    if (u.getScheme() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http"))
        || u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null) {
      throw bad(key, "must be an http(s) URL without query or fragment", v);
    }
    while (v.endsWith("/")) v = v.substring(0, v.length() - 1);
    return v;
  }

  private static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String range(int min, int max) {
    if (min == Integer.MIN_VALUE && max == Integer.MAX_VALUE) return "";
    if (max == Integer.MAX_VALUE) return min == 1 ? " of at least 1 (a positive number)" : " of at least " + min;
    if (min == Integer.MIN_VALUE) return " of at most " + max;
    return " between " + min + " and " + max;
  }

  private static String plain(double d) {
    return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }

  private ConfigurationException bad(String key, String rule, String value) {
    return new ConfigurationException("[provider=" + providerId + "] " + providerId + "." + key + " " + rule
        + ", got '" + Redaction.redact(value) + "' (set " + config.describe(key) + ")");
  }
}
