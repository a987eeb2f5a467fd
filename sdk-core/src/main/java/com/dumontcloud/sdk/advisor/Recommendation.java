package com.dumontcloud.sdk.advisor;

import com.dumontcloud.sdk.model.ProviderError;
import com.dumontcloud.sdk.pricing.CurrencyView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The advisor's answer: the memory estimate and up to three tiers of live offers. */
public final class Recommendation {
  private final String model;
  private final VramEstimate estimate;
  private final List<TierChoice> tiers;
  private final List<String> notes;
  private final List<ProviderError> providerErrors;

  Recommendation(String model, VramEstimate estimate, List<TierChoice> tiers, List<String> notes,
      List<ProviderError> providerErrors) {
    this.model = model;
    this.estimate = estimate;
    this.tiers = List.copyOf(tiers);
    this.notes = List.copyOf(notes);
    this.providerErrors = List.copyOf(providerErrors);
  }

  /** The model id as asked for. */
  public String model() { return model; }

  /** The catalog entry (or the assumed shape) used. */
  public ModelSpec spec() { return estimate.model(); }

  public VramEstimate estimate() { return estimate; }

  /** Minimum, recommended, maximum, in that order; a tier no offer qualifies for is left out (see {@link #notes()}). */
  public List<TierChoice> tiers() { return tiers; }

  public Optional<TierChoice> tier(Tier t) {
    return tiers.stream().filter(c -> c.tier() == t).findFirst();
  }

  /** Assumptions and caveats: an assumed model shape, sliding windows, a tier left out and why. */
  public List<String> notes() { return notes; }

  /** Providers whose search failed (the tiers come from the others). */
  public List<ProviderError> providerErrors() { return providerErrors; }

  /** {@link #toMap(CurrencyView)} in US dollars, as billed (no {@code currency} or {@code fx} fields). */
  public Map<String, Object> toMap() {
    return toMap(CurrencyView.usd());
  }

  /**
   * The JSON form of {@code dumont advisor recommend -o json} and {@code GET /api/v1/advisor/recommend}:
   * {@code model, dtype, context, concurrency, estimate {weights_gb, kv_cache_gb, overhead_gb, total_gb}, tiers}.
   * Each tier's {@code price_per_hour} and {@code price_per_million_output_tokens} are in the view's currency,
   * converted and rounded once; when converted, {@code currency} and {@code fx} (source, as_of) are added at the top
   * ({@link CurrencyView#annotate}), and the form is unchanged in US dollars.
   */
  public Map<String, Object> toMap(CurrencyView view) {
    Objects.requireNonNull(view, "view");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", model);
    m.put("dtype", estimate.dtype().wireName());
    m.put("context", estimate.context());
    m.put("concurrency", estimate.concurrency());
    m.put("estimate", estimate.toMap());
    m.put("tiers", tiers.stream().map(t -> t.toMap(view)).toList());
    return view.annotate(m);
  }

  @Override
  public String toString() {
    return "Recommendation[" + model + ", " + estimate.toMap() + ", " + tiers + "]";
  }
}
