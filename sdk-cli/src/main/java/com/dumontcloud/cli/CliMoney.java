package com.dumontcloud.cli;

import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.pricing.CurrencyView;
import com.dumontcloud.sdk.pricing.FxRates;
import com.dumontcloud.sdk.pricing.HttpFxRates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Which currency the CLI shows money in and where its exchange rates come from: the {@code --currency} flag, else
 * {@code DUMONT_CURRENCY}, else the config file's {@code currency}, else USD (as the providers bill); rates from
 * {@code fx.source} ({@code static}, {@code ecb} or {@code file}). Every command that prints money gets its
 * {@link CurrencyView} here, through {@link Output#view()}.
 */
final class CliMoney {
  private CliMoney() {}

  /** The view for a {@code --currency} flag value (null: the configured currency). */
  static CurrencyView view(String flag) {
    String code = flag != null ? flag : CliSettings.value("currency");
    String from = flag != null ? "--currency" : "currency (" + (System.getenv("DUMONT_CURRENCY") != null
        ? "DUMONT_CURRENCY" : "config file") + ")";
    String c;
    try {
      c = Money.checkCurrency(code);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(from + ": '" + code + "' is not an ISO 4217 currency code; 'dumont fx rates'"
          + " lists the codes the rate source converts (e.g. EUR, GBP, JPY)");
    }
    if (c.equals("USD")) return CurrencyView.usd();
    FxRates rates = rates();
    if (!rates.supports(c)) {
      throw new IllegalArgumentException(from + ": no exchange rate for " + c + " in the " + rates.source()
          + "; it converts " + String.join(", ", rates.currencies()) + " ('dumont fx rates' lists them; "
          + "fx.source=ecb has about 30 currencies)");
    }
    return CurrencyView.of(rates, c);
  }

  /** The rates for a long-running server: the ECB source itself (it refreshes), else the same as {@link #rates()}. */
  static FxRates liveRates() {
    if (CliSettings.value("fx.source").equalsIgnoreCase("ecb")) {
      return HttpFxRates.builder().url(CliSettings.value("fx.url"))
          .cacheFile(CliContext.home().resolve("fx").resolve("ecb.json"))
          .allowStale(Boolean.parseBoolean(CliSettings.value("fx.allow-stale"))).build();
    }
    return rates();
  }

  /** The configured exchange-rate source. */
  static FxRates rates() {
    String source = CliSettings.value("fx.source").toLowerCase(Locale.ROOT);
    return switch (source) {
      case "static" -> FxRates.staticDefault();
      case "ecb" -> HttpFxRates.builder().url(CliSettings.value("fx.url"))
          .cacheFile(CliContext.home().resolve("fx").resolve("ecb.json"))
          .allowStale(Boolean.parseBoolean(CliSettings.value("fx.allow-stale"))).build().snapshot();
      case "file" -> fromFile(CliSettings.value("fx.file"));
      default -> throw new IllegalArgumentException("fx.source must be static, ecb or file, got '" + source + "'");
    };
  }

  @SuppressWarnings("unchecked")
  static FxRates fromFile(String path) {
    if (path == null) {
      throw new IllegalArgumentException("fx.source=file needs fx.file: set it with 'dumont config set fx.file PATH'");
    }
    Path p = Path.of(path);
    Object tree;
    try {
      tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(p));
    } catch (IOException e) {
      throw new UncheckedIOException("fx.file: cannot read " + p + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("fx.file: " + p + " is not YAML or JSON (" + DumontCli.oneLine(e.getMessage()) + ")");
    }
    if (!(tree instanceof Map<?, ?> m) || !(m.get("rates") instanceof Map<?, ?> rates)) {
      throw new IllegalArgumentException("fx.file: " + p + " must hold base, as_of and rates, e.g. "
          + "{base: USD, as_of: 2026-01-05, rates: {EUR: 0.853}}");
    }
    Map<String, BigDecimal> perBase = new LinkedHashMap<>();
    rates.forEach((k, v) -> {
      try {
        perBase.put(String.valueOf(k), new BigDecimal(String.valueOf(v).trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("fx.file: the rate of " + k + " in " + p + " is not a number: '" + v + "'");
      }
    });
    LocalDate asOf;
    try {
      asOf = LocalDate.parse(String.valueOf(m.get("as_of")));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("fx.file: as_of in " + p + " must be a date like 2026-01-05, got '"
          + m.get("as_of") + "'");
    }
    String base = m.get("base") == null ? "USD" : String.valueOf(m.get("base"));
    return FxRates.of(base, perBase, asOf, "rates file " + p + " of " + asOf);
  }
}
