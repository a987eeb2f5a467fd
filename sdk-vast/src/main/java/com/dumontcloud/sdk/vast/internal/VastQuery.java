package com.dumontcloud.sdk.vast.internal;

import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.OfferQuery.Filter;
import com.dumontcloud.sdk.model.OfferQuery.Op;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.spi.support.FilterValues;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Translates an {@link OfferQuery} (canonical field names and units, see its javadoc) into the body of
 * {@code POST /api/v0/bundles/}: {@code {"field": {"op": value}, "order": [[field, dir]], "type": ..., "limit": n}}.
 *
 * <p>A filter is sent to Vast only when Vast can apply it with the same meaning (units converted: GiB to MB with
 * the rounding the provider applies when it normalises, so the server never drops an offer the local re-filter
 * would keep); everything else is left to the core, which re-applies every filter locally. The CLI's default
 * filters ({@code verified}, {@code external}, {@code rentable}, {@code rented}) are sent unless the query has its
 * own filter on the field, or {@code field=any} (also {@code *} or {@code ?}) removes it.
 */
final class VastQuery {
  /** The translated body and whether every filter went to Vast. */
  record Translation(Map<String, Object> body, boolean allFiltersServerSide) {}

  private static final Map<String, Object> DEFAULTS = defaults();
  private static final Set<String> ANY = Set.of("any", "*", "?");
  /** Vast offer fields that may be filtered as they are when a query names them directly. */
  private static final Set<String> PASS_THROUGH = Set.of("bw_nvlink", "compute_cap", "cpu_arch", "cpu_ghz",
      "cpu_cores_effective", "direct_port_count", "disk_bw", "dlperf", "dlperf_per_dphtotal", "dph_total",
      "flops_per_dphtotal", "gpu_arch", "gpu_display_active", "gpu_frac", "gpu_max_power", "gpu_max_temp",
      "gpu_mem_bw", "hosting_type", "id", "inet_down_cost", "inet_up_cost", "min_bid", "mobo_name", "pci_gen",
      "pcie_bw", "score", "static_ip", "storage_cost", "total_flops", "verification", "vms_enabled", "cluster_id",
      "datacenter", "reliability2", "cuda_max_good", "has_avx", "gpu_lanes");

  private VastQuery() {}

  private static Map<String, Object> defaults() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("verified", true);
    d.put("external", false);
    d.put("rentable", true);
    d.put("rented", false);
    return d;
  }

  static Translation translate(OfferQuery q, int defaultLimit) {
    Map<String, Map<String, Object>> filters = new LinkedHashMap<>();
    Set<String> removed = new HashSet<>();
    Set<String> overridden = new HashSet<>();
    Set<String> conflicted = new HashSet<>();
    boolean all = true;
    for (Filter f : q.filters()) {
      if (f.op() == Op.EQ && f.value() instanceof String s && ANY.contains(s.strip().toLowerCase(Locale.ROOT))) {
        removed.add(vastField(f.field()));
        continue;
      }
      boolean pushed;
      try {
        pushed = push(f, filters, conflicted);
      } catch (RuntimeException e) {
        pushed = false; // a value Vast cannot take: the core's local filter decides
      }
      if (pushed) overridden.add(vastField(f.field()));
      all &= pushed;
    }
    for (String c : conflicted) filters.remove(c);
    all &= conflicted.isEmpty();

    Map<String, Object> body = new LinkedHashMap<>();
    DEFAULTS.forEach((field, value) -> {
      if (!removed.contains(field) && !overridden.contains(field)) body.put(field, Map.of("eq", value));
    });
    filters.forEach((field, ops) -> {
      if (!removed.contains(field)) body.put(field, ops);
    });
    body.put("order", List.of(order(q)));
    body.put("type", q.pricingModel() == PricingModel.SPOT ? "bid" : "on-demand");
    int limit = q.limit() != null && all ? q.limit() : Math.max(defaultLimit, q.limit() == null ? 0 : q.limit());
    body.put("limit", (long) limit);
    return new Translation(body, all);
  }

  private static List<String> order(OfferQuery q) {
    return switch (q.sort()) {
      case PRICE -> List.of("dph_total", q.descending() ? "desc" : "asc");
      case VALUE -> List.of("dlperf_per_dphtotal", q.descending() ? "asc" : "desc");
      case RELIABILITY -> List.of("reliability2", q.descending() ? "asc" : "desc");
    };
  }

  /** The Vast field a canonical field is sent as (the field itself when it is not translated). */
  static String vastField(String canonical) {
    return switch (canonical) {
      case "dph" -> "dph_total";
      case "reliability" -> "reliability2";
      case "cpu_cores" -> "cpu_cores_effective";
      case "cuda_vers" -> "cuda_max_good";
      default -> canonical;
    };
  }

  /** Put one filter into the body; false when it stays local. */
  private static boolean push(Filter f, Map<String, Map<String, Object>> filters, Set<String> conflicted) {
    String field = f.field();
    Op op = f.op();
    Object v = f.value();
    switch (field) {
      case "gpu_name" -> {
        if (!isSetOp(op)) return false;
        return put(filters, conflicted, "gpu_name", op, FilterValues.strings(v, s -> s.replace('_', ' ').strip()));
      }
      case "geolocation" -> {
        if (!isSetOp(op)) return false;
        return put(filters, conflicted, "geolocation", op,
            FilterValues.strings(v, s -> s.strip().toUpperCase(Locale.ROOT)));
      }
      case "num_gpus", "host_id", "machine_id" -> {
        return put(filters, conflicted, field, op, v instanceof List<?> ? FilterValues.each(v, FilterValues::integer)
            // (Object): a bare ternary of long and double would promote the long to a double ("eq": 0.0)
            : op == Op.EQ || op == Op.NE || op == Op.GE || op == Op.LE ? (Object) FilterValues.integer(v)
            : (Object) FilterValues.number(v));
      }
      case "gpu_ram" -> {
        return gpuRam(filters, conflicted, op, FilterValues.number(v));
      }
      case "cpu_ram" -> {
        if (op != Op.GE && op != Op.GT) return false; // Vast's cpu_ram is the whole machine; only a lower bound is safe
        return put(filters, conflicted, "cpu_ram", Op.GE, (long) Math.floor((FilterValues.number(v) - 0.01) * 1024));
      }
      case "dph", "reliability", "cpu_cores", "cuda_vers", "disk_space", "inet_up", "inet_down" -> {
        if (isSetOp(op) && op != Op.EQ && op != Op.NE) return false;
        return put(filters, conflicted, vastField(field), op, FilterValues.number(v));
      }
      case "verified", "rentable", "rented", "external" -> {
        if (op != Op.EQ && op != Op.NE) return false;
        return put(filters, conflicted, field, op, FilterValues.bool(v));
      }
      default -> {
        if (!PASS_THROUGH.contains(field)) return false;
        return put(filters, conflicted, field, op, FilterValues.scalar(v));
      }
    }
  }

  /**
   * The provider reports GPU memory as {@code round(MB / 1024)} GiB, so {@code gpu_ram >= x} GiB holds exactly when
   * {@code MB >= (ceil(x) - 0.5) * 1024}; the other operators follow the same way.
   */
  private static boolean gpuRam(Map<String, Map<String, Object>> filters, Set<String> conflicted, Op op, double x) {
    return switch (op) {
      case GE -> put(filters, conflicted, "gpu_ram", Op.GE, mb(Math.ceil(x) - 0.5));
      case GT -> put(filters, conflicted, "gpu_ram", Op.GE, mb(Math.floor(x) + 0.5));
      case LE -> put(filters, conflicted, "gpu_ram", Op.LT, mb(Math.floor(x) + 0.5));
      case LT -> put(filters, conflicted, "gpu_ram", Op.LT, mb(Math.ceil(x) - 0.5));
      case EQ -> x == Math.rint(x)
          && put(filters, conflicted, "gpu_ram", Op.GE, mb(x - 0.5))
          && put(filters, conflicted, "gpu_ram", Op.LT, mb(x + 0.5));
      default -> false;
    };
  }

  private static long mb(double gib) {
    return Math.round(Math.max(0, gib) * 1024);
  }

  private static boolean isSetOp(Op op) {
    return op == Op.EQ || op == Op.NE || op == Op.IN || op == Op.NOT_IN;
  }

  private static boolean put(Map<String, Map<String, Object>> filters, Set<String> conflicted, String field, Op op,
      Object value) {
    String wireOp = switch (op) {
      case EQ -> "eq";
      case NE -> "neq";
      case GT -> "gt";
      case GE -> "gte";
      case LT -> "lt";
      case LE -> "lte";
      case IN -> "in";
      case NOT_IN -> "notin";
    };
    if ((op == Op.IN || op == Op.NOT_IN) != value instanceof List) return false;
    Map<String, Object> ops = filters.computeIfAbsent(field, k -> new LinkedHashMap<>());
    Object prev = ops.get(wireOp);
    if (prev == null) {
      ops.put(wireOp, value);
    } else if (!prev.equals(value)) {
      if (value instanceof Number n && prev instanceof Number p) {
        boolean lower = op == Op.GE || op == Op.GT;
        boolean upper = op == Op.LE || op == Op.LT;
        if (lower) ops.put(wireOp, n.doubleValue() > p.doubleValue() ? value : prev);
        else if (upper) ops.put(wireOp, n.doubleValue() < p.doubleValue() ? value : prev);
        else conflicted.add(field);
      } else {
        conflicted.add(field);
      }
    }
    return true;
  }
}
