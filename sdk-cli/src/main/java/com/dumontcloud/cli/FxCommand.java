package com.dumontcloud.cli;

import com.dumontcloud.sdk.pricing.FxRates;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dumont fx rates}: the exchange rates money is converted with. */
@Command(name = "fx", description = "Exchange rates for --currency.", subcommands = FxCommand.Rates.class)
final class FxCommand {
  @Command(name = "rates", description = {"Show the exchange rates the CLI converts money with: their source,",
      "date and the units of each currency per US dollar. The codes listed are",
      "the ones --currency accepts."},
      footer = {"", "Sources (config key fx.source, env DUMONT_FX_SOURCE):",
          "  static (built-in, 2025-06-30), ecb (the ECB's daily reference rates,",
          "  fetched and cached) or file (fx.file).",
          "", "Examples:", "  dumont fx rates", "  DUMONT_FX_SOURCE=ecb dumont fx rates -o json",
          "  dumont config set fx.source ecb && dumont offers search --currency EUR"})
  static final class Rates implements Runnable {
    @Mixin Output out;

    @Override
    public void run() {
      out.check();
      FxRates fx = CliMoney.rates();
      List<String> codes = new ArrayList<>(fx.currencies());
      Map<String, Object> rates = new LinkedHashMap<>();
      for (String c : codes) rates.put(c, fx.rate("USD", c).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros());
      Map<String, Object> tree = new LinkedHashMap<>();
      tree.put("source", fx.source());
      tree.put("as_of", fx.asOf().toString());
      tree.put("base", "USD");
      Map<String, Object> numbers = new LinkedHashMap<>();
      rates.forEach((k, v) -> numbers.put(k, ((BigDecimal) v).doubleValue()));
      tree.put("rates", numbers);
      if (out.printData(tree)) return;
      System.out.println("source: " + fx.source());
      System.out.println("as of:  " + fx.asOf());
      Table t = new Table("CURRENCY", "PER USD");
      rates.forEach((k, v) -> t.row(k, ((BigDecimal) v).toPlainString()));
      t.print(System.out, out.wide());
    }
  }
}
