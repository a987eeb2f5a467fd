package com.dumontcloud.sdk.gcp.internal;

import static com.dumontcloud.sdk.spi.support.Json.arr;
import static com.dumontcloud.sdk.spi.support.Json.num;
import static com.dumontcloud.sdk.spi.support.Json.obj;
import static com.dumontcloud.sdk.spi.support.Json.str;

import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-hour prices of GPUs and of vCPU/RAM per machine series, on-demand and spot, per region: from the Cloud Billing
 * Catalog SKUs of Compute Engine (service {@code 6F81-5844-456A}; price = {@code units + nanos / 1e9}; on-demand vs
 * spot from {@code usageType} OnDemand / Preemptible; regions from {@code serviceRegions}; commitments, sole
 * tenancy, custom and premium SKUs skipped), cached for {@code price-ttl} on the SDK scheduler's clock. When the
 * catalog is off, unreachable or refused, the bundled table ({@code gcp-prices.json}, with its as-of date) stands in,
 * and every offer says which source priced it ({@code price_source}, {@code priced_at}).
 */
final class GcpPrices {
  static final String CATALOG = "billing-catalog";
  static final String BUNDLED = "bundled-table";
  private static final Logger log = LoggerFactory.getLogger(GcpPrices.class);
  private static final Pattern HOST = Pattern.compile("^([A-Z][A-Z0-9]*) (?:Predefined )?Instance (Core|Ram) running in");
  private static final Pattern GPU = Pattern.compile("^(.+?) GPU running in");
  private static final List<String> SKIP = List.of("commitment", "sole tenancy", "custom", "premium", "reserved",
      "suspended", "extended");

  /** A price and where it came from. */
  record Price(double perHour, String source, Instant pricedAt) {}

  /** Prices keyed "gpu|T4|us-central1|spot" and "host|n1|core|us-central1|ondemand" ("*" region: any). */
  private record Table(Map<String, Double> prices, String source, Instant pricedAt) {}

  private final Supplier<Instant> clock;
  private final Supplier<List<Map<String, Object>>> skus;
  private final Duration ttl;
  private final Table bundled;
  private Table catalog;
  private Instant catalogAt;

  /**
   * @param skus reads every Compute Engine SKU; null when the catalog is not used
   */
  GcpPrices(Supplier<Instant> clock, Supplier<List<Map<String, Object>>> skus, Duration ttl, JsonCodec json) {
    this.clock = clock;
    this.skus = skus;
    this.ttl = ttl;
    this.bundled = bundled(json);
  }

  /** The price of {@code count} units of a component; null when neither source knows it. */
  synchronized Price gpu(String gpuModel, String region, boolean spot) {
    return find("gpu|" + gpuModel, region, spot);
  }

  synchronized Price host(String series, String part, String region, boolean spot) {
    return find("host|" + series + "|" + part, region, spot);
  }

  private Price find(String key, String region, boolean spot) {
    String usage = spot ? "spot" : "ondemand";
    Table c = catalog();
    for (Table t : c == null ? List.of(bundled) : List.of(c, bundled)) {
      Double v = t.prices().get(key + "|" + region + "|" + usage);
      if (v == null) v = t.prices().get(key + "|*|" + usage);
      if (v != null) return new Price(v, t.source(), t.pricedAt());
    }
    return null;
  }

  private Table catalog() {
    if (skus == null) return null;
    Instant now = clock.get();
    if (catalogAt != null && now.isBefore(catalogAt.plus(catalog == null ? Duration.ofMinutes(30) : ttl))) {
      return catalog;
    }
    catalogAt = now;
    try {
      catalog = parse(skus.get(), now);
    } catch (DumontException | IllegalArgumentException e) {
      if (catalog == null) {
        log.warn("[provider=gcp] Billing Catalog prices unavailable ({}); using the bundled price table as of {}",
            e.getMessage(), bundled.pricedAt());
      }
    }
    return catalog;
  }

  /** Parse Billing Catalog SKUs into a table. */
  static Map<String, Double> parseSkus(List<Map<String, Object>> skus) {
    Map<String, Double> out = new HashMap<>();
    for (Map<String, Object> sku : skus) {
      String d = str(sku, "description");
      Map<String, Object> cat = obj(sku.getOrDefault("category", Map.of()), "category");
      String usageType = str(cat, "usageType");
      if (d == null || !("OnDemand".equals(usageType) || "Preemptible".equals(usageType))) continue;
      String lower = d.toLowerCase(Locale.ROOT);
      if (SKIP.stream().anyMatch(lower::contains)) continue;
      boolean spot = "Preemptible".equals(usageType) || lower.startsWith("spot preemptible");
      String stem = d.replaceFirst("^(?:Spot )?Preemptible ", "");
      String key;
      Matcher h = HOST.matcher(stem);
      Matcher g = GPU.matcher(stem);
      if (h.find()) key = "host|" + h.group(1).toLowerCase(Locale.ROOT) + "|" + h.group(2).toLowerCase(Locale.ROOT);
      else if (g.find()) key = "gpu|" + GpuCatalog.resolve(g.group(1)).name();
      else continue;
      Double price = unitPrice(sku);
      if (price == null) continue;
      for (Object r : arr(sku.getOrDefault("serviceRegions", List.of()), "serviceRegions")) {
        out.putIfAbsent(key + "|" + r + "|" + (spot ? "spot" : "ondemand"), price);
      }
    }
    return out;
  }

  private static Table parse(List<Map<String, Object>> skus, Instant now) {
    Map<String, Double> prices = parseSkus(skus);
    if (prices.isEmpty()) throw new IllegalArgumentException("the catalog lists no Compute Engine GPU or vCPU SKUs");
    return new Table(prices, CATALOG, now);
  }

  private static Double unitPrice(Map<String, Object> sku) {
    List<Object> info = arr(sku.getOrDefault("pricingInfo", List.of()), "pricingInfo");
    if (info.isEmpty()) return null;
    Map<String, Object> expr = obj(obj(info.get(0), "pricingInfo[]").get("pricingExpression"), "pricingExpression");
    List<Object> tiers = arr(expr.getOrDefault("tieredRates", List.of()), "tieredRates");
    if (tiers.isEmpty()) return null;
    Map<String, Object> unit = obj(obj(tiers.get(tiers.size() - 1), "tieredRates[]").get("unitPrice"), "unitPrice");
    Double units = num(unit, "units");
    Double nanos = num(unit, "nanos");
    return (units == null ? 0 : units) + (nanos == null ? 0 : nanos) / 1e9;
  }

  private static Table bundled(JsonCodec json) {
    try (InputStream in = GcpPrices.class.getResourceAsStream("gcp-prices.json")) {
      Map<String, Object> root = obj(json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)), "prices");
      Map<String, Double> prices = new HashMap<>();
      obj(root.get("gpus"), "gpus").forEach((gpu, v) -> put(prices, "gpu|" + gpu, v));
      obj(root.get("series"), "series").forEach((series, parts) -> obj(parts, series).forEach((part, v) ->
          put(prices, "host|" + series + "|" + part, v)));
      Instant asOf = LocalDate.parse(str(root, "as_of")).atStartOfDay().toInstant(ZoneOffset.UTC);
      return new Table(prices, BUNDLED, asOf);
    } catch (IOException e) {
      throw new UncheckedIOException("the bundled GCP price table cannot be read", e);
    }
  }

  private static void put(Map<String, Double> prices, String key, Object pair) {
    List<Object> p = arr(pair, key);
    prices.put(key + "|*|ondemand", ((Number) p.get(0)).doubleValue());
    prices.put(key + "|*|spot", ((Number) p.get(1)).doubleValue());
  }
}
