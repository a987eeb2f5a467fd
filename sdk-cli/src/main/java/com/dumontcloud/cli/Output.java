package com.dumontcloud.cli;

import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Option;

/** The {@code -o table|wide|json|yaml} option (and {@code --json}) of every command that prints data. */
final class Output {
  enum Format { TABLE, WIDE, JSON, YAML }

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "Output format: table, wide (every column, nothing cut), json or yaml (default: table).")
  String output;

  @Option(names = "--json", description = "Same as -o json.")
  boolean json;

  @Option(names = "--currency", paramLabel = "CODE",
      description = "Show money in this ISO 4217 currency, e.g. EUR (default: DUMONT_CURRENCY, else the config "
          + "file's currency, else USD). Rates: fx.source (see 'dumont fx rates').")
  String currency;

  private com.dumontcloud.sdk.pricing.CurrencyView view;
  private boolean converted;

  /** The currency money is shown in, resolved once (a bad code fails naming the flag or setting). */
  com.dumontcloud.sdk.pricing.CurrencyView view() {
    if (view == null) view = CliMoney.view(currency);
    return view;
  }

  /** An amount in the chosen currency, converted exactly and rounded once: {@code $0.1497}, {@code 0.1277 EUR}. */
  String money(com.dumontcloud.sdk.model.Money m) {
    if (m == null) return "-";
    com.dumontcloud.sdk.pricing.CurrencyView v = view();
    if (!v.asIs()) converted = true;
    return Fmt.money(v.exact(m), v.currency(m.currency()));
  }

  /** A US-dollar amount in the chosen currency. */
  String money(double usd) {
    return money(com.dumontcloud.sdk.model.Money.usd(usd));
  }

  /**
   * An amount a {@code dumont serve} already converted to the chosen currency (it was asked with
   * {@code ?currency=}): {@code $0.1497}, {@code 0.1277 EUR}; anything but a number is {@code -}.
   */
  String converted(Object amount) {
    if (!(amount instanceof Number n)) return "-";
    com.dumontcloud.sdk.pricing.CurrencyView v = view();
    if (!v.asIs()) converted = true;
    return Fmt.money(new java.math.BigDecimal(n.toString()), v.currency("USD"));
  }

  /** A rate: {@code $0.1497/h}. */
  String perHour(com.dumontcloud.sdk.model.Money m) {
    return m == null ? "-" : money(m) + "/h";
  }

  /** A JSON form with the currency and the rates' source and date added when amounts were converted. */
  java.util.Map<String, Object> annotate(java.util.Map<String, Object> tree) {
    return view().annotate(tree);
  }

  /** After a command: in wide output, the line that says which rates converted its amounts. */
  void printCurrencyNote() {
    if (!converted || format() != Format.WIDE) return;
    com.dumontcloud.sdk.pricing.CurrencyView v = view();
    String source = v.rates().source();
    String asOf = String.valueOf(v.rates().asOf());
    // a source that names its date already ("... rates of 2025-06-30") is not followed by it twice
    System.out.println("amounts in " + v.currency("USD") + " at " + source
        + (source.contains(asOf) ? "" : " (rates of " + asOf + ")"));
  }

  Format format() {
    if (json) {
      if (output != null && !output.equalsIgnoreCase("json")) {
        throw new IllegalArgumentException("give --json or -o " + output + ", not both");
      }
      return Format.JSON;
    }
    if (output == null) return Format.TABLE;
    return switch (output.trim().toLowerCase(Locale.ROOT)) {
      case "table" -> Format.TABLE;
      case "wide" -> Format.WIDE;
      case "json" -> Format.JSON;
      case "yaml", "yml" -> Format.YAML;
      default -> throw new IllegalArgumentException("-o must be table, wide, json or yaml, got '" + output + "'");
    };
  }

  /** Fails on a bad -o before anything is done. */
  Output check() {
    format();
    return this;
  }

  boolean machine() {
    Format f = format();
    return f == Format.JSON || f == Format.YAML;
  }

  boolean wide() {
    return format() == Format.WIDE;
  }

  /** Print the tree as JSON or YAML and return true; false when the format is a human one. */
  boolean printData(Object tree) {
    Format f = format();
    if (f == Format.JSON) {
      System.out.println(JsonCodec.standard().writePretty(tree));
      return true;
    }
    if (f == Format.YAML) {
      System.out.print(yaml(tree));
      return true;
    }
    return false;
  }

  static String yaml(Object tree) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setIndicatorIndent(2);
    o.setIndentWithIndicator(true);
    o.setSplitLines(false);
    return new Yaml(o).dump(normalize(tree));
  }

  /** Trees from JsonCodec may hold types snakeyaml would tag; keep plain maps, lists, strings, numbers. */
  private static Object normalize(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), normalize(x)));
      return out;
    }
    if (v instanceof java.util.Collection<?> c) return c.stream().map(Output::normalize).toList();
    if (v instanceof Number || v instanceof Boolean || v instanceof String || v == null) return v;
    return String.valueOf(v);
  }
}
