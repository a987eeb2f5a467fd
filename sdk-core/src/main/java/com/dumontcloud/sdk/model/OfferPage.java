package com.dumontcloud.sdk.model;

import java.util.List;
import java.util.Optional;

/**
 * A ranked page of offers (seed 001 shape: {@code offers, total, filtered_count, sort_info}).
 *
 * @param offers ranked offers, at most the query's limit
 * @param total offers the providers returned before local filtering
 * @param filteredCount offers that matched the query (before the limit)
 * @param sortBy "price", "value" or "reliability"
 * @param order "ascending" or "descending"
 * @param errors providers that failed; their offers are missing from this page
 */
public record OfferPage(
    List<Offer> offers, int total, int filteredCount, String sortBy, String order, List<ProviderError> errors) {
  public OfferPage {
    offers = List.copyOf(offers);
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** The top-ranked offer, if any. */
  public Optional<Offer> best() {
    return offers.isEmpty() ? Optional.empty() : Optional.of(offers.get(0));
  }

  /** True when at least one provider failed. */
  public boolean partial() {
    return !errors.isEmpty();
  }
}
