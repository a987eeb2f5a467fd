package com.dumontcloud.sdk.query;

import com.dumontcloud.sdk.catalog.GpuCatalog;
import com.dumontcloud.sdk.exception.InvalidQueryException;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.OfferQuery.Filter;
import com.dumontcloud.sdk.model.OfferQuery.Op;
import com.dumontcloud.sdk.model.OfferQuery.Sort;
import com.dumontcloud.sdk.model.PricingModel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The offer query language ({@code vastai search offers} syntax), local filtering and ranking.
 *
 * <h2>Query language</h2>
 *
 * <p>Blank-separated {@code field op value} terms, all of which must hold:
 *
 * <pre>
 * gpu_name=RTX_4090 num_gpus&gt;=2 dph&lt;1.5 gpu_ram&gt;=24 reliability&gt;0.98 geolocation in [US,CA]
 * </pre>
 *
 * <ul>
 *   <li>Operators: {@code = == != > >= < <= in notin}, and Vast's word forms {@code eq neq noteq "not eq" gt gte lt
 *       lte nin "not in"} (plus {@code ne ge le}). Blanks around operators are allowed.
 *   <li>Values: a bare token, a {@code "quoted"} or {@code 'quoted'} string, or a list {@code [a,b,c]}. In bare
 *       tokens underscores mean spaces ({@code RTX_4090} is {@code "RTX 4090"}); quoted strings are taken as written.
 *       {@code true}/{@code false} for booleans; {@code null}/{@code None} compare with {@code =}/{@code !=};
 *       {@code any}, {@code *} or {@code ?} with {@code =} drop the term (Vast's {@code rented=any}).
 *   <li>Fields are Vast's names with their aliases resolved: {@code dph_total}/{@code price} → {@code dph},
 *       {@code reliability2} → {@code reliability}, {@code cpu_cores_effective} → {@code cpu_cores},
 *       {@code cuda_max_good} → {@code cuda_vers}, {@code gpu_memory} → {@code gpu_ram}, {@code dlperf_usd} →
 *       {@code dlperf_per_dphtotal}, {@code flops_usd} → {@code flops_per_dphtotal}, ... (see
 *       {@link #knownFields()}). <b>Units are the SDK's</b>: {@code gpu_ram}, {@code gpu_total_ram}, {@code cpu_ram}
 *       and {@code disk_space} in GiB, {@code dph} in US$/h; provider modules convert to their own units.
 *   <li>{@code geolocation} takes ISO country codes, or the groups EU, EUROPE, ASIA, NORTH_AMERICA, LATAM, OCEANIA.
 *   <li>SDK extensions, not filters: {@code limit=N}, {@code sort=price|value|reliability} (suffix {@code -} for
 *       descending, e.g. {@code sort=price-}), {@code type=on-demand|spot} (also {@code bid}, {@code interruptible}).
 * </ul>
 *
 * <p>A malformed query throws {@link InvalidQueryException}; its message names the problem and shows the query with
 * a caret under the offending token, and {@link InvalidQueryException#position()} gives the zero-based offset.
 *
 * <h2>Local evaluation</h2>
 *
 * <p>{@link #matches} checks every filter against an {@link Offer}: {@code gpu_name} compares canonically through
 * {@link GpuCatalog} ({@code RTX_4090}, {@code "RTX 4090"} and {@code geforcertx4090-pcie-24gb} are one GPU;
 * {@code A100} covers both A100 variants); a field the offer does not report (null) never satisfies a condition other
 * than {@code = null}; {@code rentable} holds for every listed offer unless the provider says otherwise;
 * {@code external}, {@code datacenter} and {@code rented} are provider-side scope controls and never drop an offer
 * locally.
 *
 * <p>All methods are static and thread-safe.
 */
public final class OfferQueries {
  private OfferQueries() {}

  private static final double EPSILON = 1e-9;
  private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
  private static final Pattern BARE_SAFE = Pattern.compile("[A-Za-z0-9.:/+@-]+");

  /**
   * Parses a query such as {@code gpu_name=RTX_4090 num_gpus>=2 dph<1.5 geolocation in [US,CA]}. An empty or blank
   * query matches every offer.
   *
   * @throws InvalidQueryException on a syntax error, an unknown field, an operator the field does not support or a
   *     value of the wrong type; the message shows the offending token and its position
   */
  public static OfferQuery parse(String query) {
    return QueryParser.parse(query);
  }

  /**
   * Builds a query from the seed's search body ({@code POST /search-offers}) or query parameters
   * ({@code GET /offers?gpu_name=RTX4090&max_price=1.5&rentable=true}): {@code gpu_name} (= , underscores are
   * spaces), {@code max_price} ({@code dph <=}), {@code min_gpu_ram} ({@code gpu_ram >=}, GiB), {@code num_gpus}
   * (=), {@code rentable}, {@code verified}, {@code min_reliability} ({@code reliability >=}), {@code geolocation}
   * (a code or a list), {@code type}, {@code sort_by} (price, value, reliability), {@code order}
   * (ascending/descending) and {@code limit}. Numbers and booleans may be strings, as in query parameters; null
   * values are ignored.
   *
   * @throws InvalidQueryException for an unknown key or a bad value; {@code position()} is -1 (no query text)
   */
  public static OfferQuery parseSeedSearch(Map<String, ?> body) {
    OfferQuery.Builder b = OfferQuery.builder();
    if (body == null) return b.build();
    for (Map.Entry<String, ?> e : body.entrySet()) {
      String key = e.getKey() == null ? "" : e.getKey().trim().toLowerCase(Locale.ROOT);
      Object v = e.getValue();
      if (v == null) continue;
      switch (key) {
        case "gpu_name" -> b.filter("gpu_name", Op.EQ, text(key, v).replace('_', ' '));
        case "max_price" -> b.filter("dph", Op.LE, positive(key, v));
        case "min_gpu_ram" -> b.filter("gpu_ram", Op.GE, nonNegative(key, v));
        case "num_gpus" -> b.filter("num_gpus", Op.EQ, positive(key, v));
        case "min_reliability" -> b.filter("reliability", Op.GE, nonNegative(key, v));
        case "rentable", "verified" -> b.filter(key, Op.EQ, bool(key, v));
        case "geolocation" -> {
          if (v instanceof List<?> list) {
            b.filter("geolocation", Op.IN, list.stream().map(x -> text(key, x).toUpperCase(Locale.ROOT)).toList());
          } else {
            b.filter("geolocation", Op.EQ, text(key, v).toUpperCase(Locale.ROOT));
          }
        }
        case "type", "machine_type" -> b.pricingModel(pricing(key, text(key, v)));
        case "sort_by", "sort" -> b.sort(parseSort(text(key, v)));
        case "order" -> {
          String o = text(key, v).toLowerCase(Locale.ROOT);
          if (o.equals("descending") || o.equals("desc")) b.descending(true);
          else if (o.equals("ascending") || o.equals("asc")) b.descending(false);
          else throw mapError("order must be ascending or descending, got '" + v + "'");
        }
        case "limit" -> {
          double n = positive(key, v);
          if (n != Math.rint(n) || n > Integer.MAX_VALUE) throw mapError("limit must be a positive integer, got " + v);
          b.limit((int) n);
        }
        default -> throw mapError("unknown search field '" + e.getKey() + "'; known: gpu_name, max_price,"
            + " min_gpu_ram, num_gpus, min_reliability, rentable, verified, geolocation, type, sort_by, order, limit");
      }
    }
    return b.build();
  }

  /**
   * Parses a sort name: {@code price} (also cheapest, dph, dph_total, cost), {@code value} (price_per_performance,
   * dlperf_usd, dlperf_per_dphtotal, flops_usd, flops_per_dphtotal) or {@code reliability} (reliability2,
   * reliable); case-insensitive.
   *
   * @throws InvalidQueryException naming the valid choices
   */
  public static Sort parseSort(String name) {
    Sort s = sortOrNull(name);
    if (s == null) {
      throw new InvalidQueryException("unknown sort '" + name + "'; use price, value or reliability", 0);
    }
    return s;
  }

  static Sort sortOrNull(String name) {
    if (name == null) return null;
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "price", "cheapest", "dph", "dph_total", "cost" -> Sort.PRICE;
      case "value", "price_per_performance", "perf_per_dollar", "dlperf_usd", "dlperf_per_dphtotal", "flops_usd",
          "flops_per_dphtotal" -> Sort.VALUE;
      case "reliability", "reliability2", "reliable" -> Sort.RELIABILITY;
      default -> null;
    };
  }

  /** Every field name and alias the parser accepts (including limit, sort and type), sorted. */
  public static List<String> knownFields() {
    return QueryField.acceptedNames();
  }

  /**
   * The query in the query language, such that {@code parse(format(q))} equals {@code q} for parsed queries. Text
   * values with blanks or underscores are quoted.
   */
  public static String format(OfferQuery query) {
    Objects.requireNonNull(query, "query");
    List<String> terms = new ArrayList<>();
    for (Filter f : query.filters()) {
      boolean list = f.op() == Op.IN || f.op() == Op.NOT_IN;
      terms.add(f.field() + (list ? " " + f.op().symbol() + " " : f.op().symbol()) + literal(f.value()));
    }
    if (query.limit() != null) terms.add("limit=" + query.limit());
    if (query.sort() != Sort.PRICE || query.descending()) {
      terms.add("sort=" + query.sort().wireName() + (query.descending() ? "-" : ""));
    }
    if (query.pricingModel() != null) {
      terms.add("type=" + (query.pricingModel() == PricingModel.SPOT ? "spot" : "on-demand"));
    }
    return String.join(" ", terms);
  }

  /** True when the offer satisfies every filter and the pricing model of the query. */
  public static boolean matches(OfferQuery query, Offer offer) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(offer, "offer");
    if (query.pricingModel() != null && offer.pricingModel() != query.pricingModel()) return false;
    for (Filter f : query.filters()) {
      if (!matches(f, offer)) return false;
    }
    return true;
  }

  /** True when the offer satisfies one filter. */
  public static boolean matches(Filter filter, Offer offer) {
    QueryField field = QueryField.lookup(filter.field());
    QueryField.Type type;
    Object actual;
    if (field == null) { // a builder filter on a field we do not model: compare the raw provider attribute
      actual = offer.attributes().get(filter.field());
      type = actual instanceof Number ? QueryField.Type.NUMBER
          : actual instanceof Boolean ? QueryField.Type.BOOLEAN : QueryField.Type.STRING;
    } else {
      type = field.type();
      if (type == QueryField.Type.SCOPE) return true;
      actual = field.read(offer);
    }
    String name = field == null ? filter.field() : field.name();
    Object expected = filter.value();
    Op op = filter.op();
    if (op == Op.IN || op == Op.NOT_IN) {
      if (actual == null) return false;
      List<?> options = expected instanceof List<?> l ? l : java.util.Collections.singletonList(expected);
      boolean any = options.stream().anyMatch(x -> x != null && same(type, name, x, actual, offer));
      return op == Op.IN ? any : !any;
    }
    if (expected == null) {
      return op == Op.EQ ? actual == null : op == Op.NE && actual != null;
    }
    if (actual == null) return false;
    return switch (op) {
      case EQ -> same(type, name, expected, actual, offer);
      case NE -> !same(type, name, expected, actual, offer);
      default -> {
        Double a = number(actual);
        Double e = number(expected);
        if (a == null || e == null) yield false;
        yield switch (op) {
          case GT -> a > e + EPSILON;
          case GE -> a >= e - EPSILON;
          case LT -> a < e - EPSILON;
          case LE -> a <= e + EPSILON;
          default -> false;
        };
      }
    };
  }

  /** Filters by the query, ranks by its sort and cuts to its limit (see {@link #comparator(OfferQuery)}). */
  public static List<Offer> rank(List<Offer> offers, OfferQuery query) {
    Objects.requireNonNull(offers, "offers");
    Objects.requireNonNull(query, "query");
    var stream = offers.stream().filter(o -> matches(query, o)).sorted(comparator(query));
    return query.limit() == null ? stream.toList() : stream.limit(query.limit()).toList();
  }

  /**
   * The ranking order of a query. PRICE: price per hour ascending. VALUE: price per unit of relative GPU
   * performance ascending (offers whose GPU performance is unknown last). RELIABILITY: reliability descending
   * (unknown last). {@link OfferQuery#descending()} reverses the primary key (unknowns stay last). Ties break by
   * price, then offer id (numeric ids numerically), then provider id. Prices in other currencies are compared in US
   * dollars through {@link com.dumontcloud.sdk.pricing.FxRates#staticDefault()}.
   */
  public static Comparator<Offer> comparator(OfferQuery query) {
    boolean desc = query.descending();
    Comparator<Offer> primary = switch (query.sort()) {
      case PRICE -> Comparator.comparing(OfferQueries::price, desc ? Comparator.reverseOrder()
          : Comparator.naturalOrder());
      case VALUE -> Comparator.comparing(OfferQueries::pricePerPerformance,
          Comparator.nullsLast(desc ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder()));
      case RELIABILITY -> Comparator.comparing(Offer::reliability,
          Comparator.nullsLast(desc ? Comparator.<Double>naturalOrder() : Comparator.<Double>reverseOrder()));
    };
    return primary.thenComparing(OfferQueries::price)
        .thenComparing(Offer::id, OfferQueries::compareIds)
        .thenComparing(Offer::providerId);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  static InvalidQueryException queryError(String query, String message, int at, int length) {
    String shown = query.replaceAll("[\\r\\n\\t]", " ");
    int caretAt = Math.max(0, Math.min(at, shown.length()));
    String caret = " ".repeat(caretAt) + "^".repeat(Math.max(1, Math.min(length, shown.length() - caretAt)));
    return new InvalidQueryException(message + " at position " + at + "\n  " + shown + "\n  " + caret, at);
  }

  private static double price(Offer o) {
    return QueryField.usd(o.pricePerHour());
  }

  private static Double pricePerPerformance(Offer o) {
    double perf = o.gpu().relativePerformance() * Math.max(1, o.gpuCount());
    return perf <= 0 ? null : price(o) / perf;
  }

  private static int compareIds(String a, String b) {
    if (DIGITS.matcher(a).matches() && DIGITS.matcher(b).matches()) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    return a.compareTo(b);
  }

  private static boolean same(QueryField.Type type, String field, Object expected, Object actual, Offer offer) {
    switch (type) {
      case NUMBER -> {
        Double a = number(actual);
        Double e = number(expected);
        return a != null && e != null && Math.abs(a - e) <= EPSILON * Math.max(1, Math.abs(e));
      }
      case BOOLEAN, SCOPE -> {
        Boolean e = expected instanceof Boolean bb ? bb : Boolean.valueOf(expected.toString().trim());
        return e.equals(actual);
      }
      default -> {
        String e = expected.toString();
        if (field.equals("gpu_name")) return GpuCatalog.sameModel(e, offer.gpu());
        if (field.equals("geolocation")) return CountryGroups.matches(e, actual.toString());
        return e.trim().equalsIgnoreCase(actual.toString().trim());
      }
    }
  }

  private static Double number(Object v) {
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof String s) {
      try {
        return Double.valueOf(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static String literal(Object v) {
    if (v == null) return "null";
    if (v instanceof List<?> l) {
      List<String> items = new ArrayList<>();
      for (Object x : l) items.add(literal(x));
      return "[" + String.join(",", items) + "]";
    }
    if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      return new BigDecimal(v.toString()).stripTrailingZeros().toPlainString();
    }
    if (v instanceof Number || v instanceof Boolean) return v.toString();
    String s = v.toString();
    if (BARE_SAFE.matcher(s).matches() && !isReservedBare(s)) return s;
    return s.indexOf('"') < 0 ? "\"" + s + "\"" : "'" + s + "'";
  }

  private static boolean isReservedBare(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    return l.equals("null") || l.equals("none") || l.equals("any") || l.equals("true") || l.equals("false")
        || "=<>!".indexOf(s.charAt(0)) >= 0;
  }

  private static InvalidQueryException mapError(String message) {
    return new InvalidQueryException(message, -1);
  }

  private static String text(String key, Object v) {
    if (v instanceof String s && !s.isBlank()) return s.trim();
    if (v instanceof Number || v instanceof Boolean) return v.toString();
    throw mapError(key + " must be a non-blank string, got " + (v instanceof String ? "''" : String.valueOf(v)));
  }

  private static double numberOrFail(String key, Object v) {
    Double d = number(v);
    if (d == null || d.isNaN() || d.isInfinite()) throw mapError(key + " must be a number, got '" + v + "'");
    return d;
  }

  private static double positive(String key, Object v) {
    double d = numberOrFail(key, v);
    if (d <= 0) throw mapError(key + " must be positive, got " + v);
    return d;
  }

  private static double nonNegative(String key, Object v) {
    double d = numberOrFail(key, v);
    if (d < 0) throw mapError(key + " must be zero or positive, got " + v);
    return d;
  }

  private static boolean bool(String key, Object v) {
    if (v instanceof Boolean b) return b;
    String s = v.toString().trim().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("1")) return true;
    if (s.equals("false") || s.equals("0")) return false;
    throw mapError(key + " must be true or false, got '" + v + "'");
  }

  private static PricingModel pricing(String key, String v) {
    return switch (v.toLowerCase(Locale.ROOT).replace('_', '-')) {
      case "on-demand", "ondemand" -> PricingModel.ON_DEMAND;
      case "spot", "bid", "interruptible", "preemptible" -> PricingModel.SPOT;
      default -> throw mapError(key + " must be on-demand or spot, got '" + v + "'");
    };
  }
}
