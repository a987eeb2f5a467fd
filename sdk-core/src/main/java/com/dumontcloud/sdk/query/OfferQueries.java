package com.dumontcloud.sdk.query;

import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import java.util.List;

/**
 * The offer query language ({@code vastai search offers} syntax), local filtering and ranking.
 *
 * <p>STUB: to be completed (parser with positions, aliases, all fields).
 */
public final class OfferQueries {
  private OfferQueries() {}

  /** Parse a query such as {@code gpu_name=RTX_4090 num_gpus>=2 dph<1.5 geolocation in [US,CA]}. */
  public static OfferQuery parse(String query) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** Parse a sort name: price, value or reliability. */
  public static OfferQuery.Sort parseSort(String name) {
    return OfferQuery.Sort.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
  }

  /** True when the offer satisfies every filter of the query. */
  public static boolean matches(OfferQuery query, Offer offer) {
    return true;
  }

  /** Filter, rank by the query's sort and cut to its limit. */
  public static List<Offer> rank(List<Offer> offers, OfferQuery query) {
    return offers;
  }
}
