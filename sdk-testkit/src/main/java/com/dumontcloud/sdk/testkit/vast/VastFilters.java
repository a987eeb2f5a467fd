package com.dumontcloud.sdk.testkit.vast;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offer and instance filter semantics of the fake ({@code {"field": {"op": value}}} with {@code eq}, {@code neq},
 * {@code gt}, {@code gte}, {@code lt}, {@code lte}, {@code in}, {@code notin}), the bid view of an offer and number
 * coercion. The SDK's own query building lives in {@code sdk-vast}; this class is what the fake server answers to.
 */
final class VastFilters {
  private static final Set<String> NOT_FILTERS = Set.of("order", "type", "limit", "allocated_storage",
      "disable_bundling", "georegion", "chunked");

  private VastFilters() {}

  static double num(Object v) {
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** The offer as an interruptible search shows it: priced at its minimum bid. */
  static Map<String, Object> bidView(Map<String, Object> o) {
    Map<String, Object> v = new LinkedHashMap<>(o);
    double storage = num(o.get("storage_total_cost"));
    double minBid = num(o.get("min_bid"));
    if (!Double.isNaN(minBid)) {
      double total = minBid + (Double.isNaN(storage) ? 0 : storage);
      v.put("dph_total", total);
      v.put("search", Map.of("gpuCostPerHour", minBid, "diskHour", Double.isNaN(storage) ? 0.0 : storage,
          "totalHour", total, "discountTotalHour", 0L, "discountedTotalPerHour", total));
    }
    return v;
  }


  @SuppressWarnings("unchecked")
  static boolean matches(Map<String, Object> offer, Map<String, Object> q) {
    for (Map.Entry<String, Object> e : q.entrySet()) {
      if (NOT_FILTERS.contains(e.getKey()) || !(e.getValue() instanceof Map)) continue;
      String field = e.getKey();
      if (field.equals("datacenter")) continue; // a scope control, not an offer field
      Object actual = offer.get(field);
      for (Map.Entry<String, Object> op : ((Map<String, Object>) e.getValue()).entrySet()) {
        if (!test(field, actual, op.getKey(), op.getValue())) return false;
      }
    }
    return true;
  }

  private static boolean test(String field, Object actual, String op, Object want) {
    if (field.equals("geolocation") && actual instanceof String s && s.length() >= 2) {
      actual = s.substring(s.length() - 2);
    }
    switch (op) {
      case "in", "notin" -> {
        boolean any = false;
        if (want instanceof List<?> l) for (Object w : l) any |= same(actual, w);
        return op.equals("in") == any;
      }
      case "eq" -> {
        return same(actual, want);
      }
      case "neq" -> {
        return !same(actual, want);
      }
      default -> {
        double a = toNumber(actual);
        double w = toNumber(want);
        if (Double.isNaN(a) || Double.isNaN(w)) return false;
        return switch (op) {
          case "gt" -> a > w;
          case "gte" -> a >= w;
          case "lt" -> a < w;
          case "lte" -> a <= w;
          default -> true; // an unknown operator: Vast ignores it
        };
      }
    }
  }

  private static boolean same(Object actual, Object want) {
    if (want instanceof Boolean b) return b == (actual instanceof Boolean ab ? ab : actual != null && !Boolean.FALSE.equals(actual)
        && !(actual instanceof Number n && n.doubleValue() == 0));
    if (want instanceof Number || actual instanceof Number) {
      double a = toNumber(actual);
      double w = toNumber(want);
      return !Double.isNaN(a) && a == w;
    }
    return actual != null && want != null && String.valueOf(actual).equalsIgnoreCase(String.valueOf(want));
  }

  static double toNumber(Object v) {
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

}
