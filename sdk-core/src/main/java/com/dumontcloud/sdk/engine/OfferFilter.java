package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import java.util.List;
import java.util.Locale;

/**
 * The engine's own check of the offer fields it relies on (GPU, count, memory, price, reliability, region),
 * so placement is right whatever a provider or the shared query matcher supports. Unknown fields pass.
 */
final class OfferFilter {
  private OfferFilter() {}

  static boolean matches(OfferQuery q, Offer o) {
    for (OfferQuery.Filter f : q.filters()) {
      Object actual = switch (f.field()) {
        case "gpu_name" -> norm(o.gpu().name());
        case "num_gpus" -> (double) o.gpuCount();
        case "gpu_ram" -> o.gpuRamGib();
        case "gpu_total_ram" -> o.totalGpuRamGib();
        case "dph", "dph_total" -> o.pricePerHour().doubleValue();
        case "reliability" -> o.reliability();
        case "region" -> o.location().region() == null ? null : norm(o.location().region());
        case "geolocation" -> o.location().country() == null ? null : norm(o.location().country());
        case "host_id" -> o.hostId();
        default -> Skip.SKIP;
      };
      if (actual == Skip.SKIP) continue;
      if (actual == null) return false;
      if (!test(actual, f.op(), f.value())) return false;
    }
    return true;
  }

  private enum Skip { SKIP }

  private static String norm(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
  }

  private static boolean test(Object actual, OfferQuery.Op op, Object expected) {
    if (actual instanceof Double a) {
      if (!(expected instanceof Number n)) return true;
      double e = n.doubleValue();
      return switch (op) {
        case EQ -> a == e;
        case NE -> a != e;
        case GT -> a > e;
        case GE -> a >= e;
        case LT -> a < e;
        case LE -> a <= e;
        default -> true;
      };
    }
    String a = String.valueOf(actual);
    boolean normed = !(actual instanceof String s && s.startsWith("sim-")) ;
    java.util.function.Function<Object, String> n = v -> normed ? norm(String.valueOf(v)) : String.valueOf(v);
    return switch (op) {
      case EQ -> a.equals(n.apply(expected));
      case NE -> !a.equals(n.apply(expected));
      case IN -> expected instanceof List<?> l && l.stream().map(n).anyMatch(a::equals);
      case NOT_IN -> !(expected instanceof List<?> l) || l.stream().map(n).noneMatch(a::equals);
      default -> true;
    };
  }
}
