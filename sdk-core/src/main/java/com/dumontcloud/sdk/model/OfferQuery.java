package com.dumontcloud.sdk.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What offers to look for. Build one with {@link #builder()} or parse the {@code vastai search offers}
 * query language with {@link com.dumontcloud.sdk.query.OfferQueries#parse(String)}.
 *
 * <p>Field names are canonical (Vast's names, aliases resolved by the parser): {@code gpu_name},
 * {@code num_gpus}, {@code gpu_ram} (GiB per GPU), {@code gpu_total_ram}, {@code dph} ($/h total),
 * {@code reliability} (0..1), {@code geolocation} (country code), {@code region}, {@code cpu_cores},
 * {@code cpu_ram} (GiB), {@code disk_space} (GB), {@code inet_up}, {@code inet_down} (Mbit/s),
 * {@code cuda_vers}, {@code verified}, {@code rentable}, {@code rented}, {@code external},
 * {@code host_id}, {@code machine_id}.
 */
public final class OfferQuery {
  /** Comparison operators of the query language. */
  public enum Op {
    EQ("="), NE("!="), GT(">"), GE(">="), LT("<"), LE("<="), IN("in"), NOT_IN("notin");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /** How to rank offers. */
  public enum Sort {
    /** Cheapest first (default). */
    PRICE,
    /** Lowest price per unit of GPU performance first. */
    VALUE,
    /** Most reliable first. */
    RELIABILITY;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One condition.
   *
   * @param field canonical field name
   * @param op operator
   * @param value a String, Double or Boolean; a List of those for IN/NOT_IN; null to test for absence (= and !=).
   *     Other numbers (an Integer from code or a YAML file) become Doubles, so a filter compares equal after a
   *     JSON round trip.
   */
  public record Filter(String field, Op op, Object value) {
    public Filter {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(op, "op");
      if (value instanceof List<?> l) {
        List<Object> copy = new ArrayList<>(l.size());
        for (Object o : l) copy.add(o instanceof Number n ? (Object) n.doubleValue() : o);
        value = List.copyOf(copy);
      } else if (value instanceof Number n) {
        value = n.doubleValue();
      }
    }

    @Override
    public String toString() {
      return field + (op == Op.IN || op == Op.NOT_IN ? " " + op.symbol() + " " : op.symbol()) + value;
    }
  }

  private final List<Filter> filters;
  private final Sort sort;
  private final boolean descending;
  private final Integer limit;
  private final PricingModel pricingModel;

  private OfferQuery(Builder b) {
    this.filters = List.copyOf(b.filters);
    this.sort = b.sort;
    this.descending = b.descending;
    this.limit = b.limit;
    this.pricingModel = b.pricingModel;
  }

  /**
   * Parses the {@code vastai search offers} query language; shortcut for
   * {@link com.dumontcloud.sdk.query.OfferQueries#parse(String)}.
   *
   * @throws com.dumontcloud.sdk.exception.InvalidQueryException on a malformed query (message shows the position)
   */
  public static OfferQuery parse(String query) {
    return com.dumontcloud.sdk.query.OfferQueries.parse(query);
  }

  /** A query that matches every offer. */
  public static OfferQuery all() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.filters.addAll(filters);
    b.sort = sort;
    b.descending = descending;
    b.limit = limit;
    b.pricingModel = pricingModel;
    return b;
  }

  public List<Filter> filters() {
    return filters;
  }

  /** The filters on one field. */
  public List<Filter> filters(String field) {
    return filters.stream().filter(f -> f.field().equals(field)).toList();
  }

  public Sort sort() {
    return sort;
  }

  /** True when the ranking is reversed (most expensive / least reliable first). */
  public boolean descending() {
    return descending;
  }

  /** Maximum number of offers to return, or null for the provider's default. */
  public Integer limit() {
    return limit;
  }

  /** ON_DEMAND, SPOT, or null for both. */
  public PricingModel pricingModel() {
    return pricingModel;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OfferQuery q && filters.equals(q.filters) && sort == q.sort && descending == q.descending
        && Objects.equals(limit, q.limit) && pricingModel == q.pricingModel;
  }

  @Override
  public int hashCode() {
    return Objects.hash(filters, sort, descending, limit, pricingModel);
  }

  @Override
  public String toString() {
    return "OfferQuery" + filters + " sort=" + sort.wireName() + (descending ? " desc" : "")
        + (limit == null ? "" : " limit=" + limit) + (pricingModel == null ? "" : " type=" + pricingModel);
  }

  /** Builder for {@link OfferQuery}. */
  public static final class Builder {
    private final List<Filter> filters = new ArrayList<>();
    private Sort sort = Sort.PRICE;
    private boolean descending;
    private Integer limit;
    private PricingModel pricingModel;

    private Builder() {}

    public Builder filter(String field, Op op, Object value) {
      filters.add(new Filter(field, op, value));
      return this;
    }

    public Builder filters(List<Filter> fs) {
      filters.clear();
      filters.addAll(fs);
      return this;
    }

    public Builder gpuName(String name) {
      return filter("gpu_name", Op.EQ, name);
    }

    public Builder maxPricePerHour(double dph) {
      if (!(dph >= 0) || Double.isInfinite(dph)) {
        throw new IllegalArgumentException("maxPricePerHour (max_price) must be 0 or more USD per hour, got " + dph);
      }
      return filter("dph", Op.LE, dph);
    }

    public Builder minGpuRamGib(double gib) {
      return filter("gpu_ram", Op.GE, gib);
    }

    public Builder minGpus(int n) {
      return filter("num_gpus", Op.GE, (double) n);
    }

    public Builder sort(Sort s) {
      sort = Objects.requireNonNull(s, "sort");
      return this;
    }

    public Builder descending(boolean d) {
      descending = d;
      return this;
    }

    public Builder limit(Integer n) {
      if (n != null && n <= 0) throw new IllegalArgumentException("limit must be positive, got " + n);
      limit = n;
      return this;
    }

    public Builder pricingModel(PricingModel p) {
      pricingModel = p;
      return this;
    }

    public OfferQuery build() {
      return new OfferQuery(this);
    }
  }
}
