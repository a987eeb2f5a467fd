package com.dumontcloud.sdk.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to launch: a template (by name or value), where (an offer, or a query to pick the cheapest
 * matching offer), and overrides. With neither offer nor query, the cheapest offer that meets the
 * template's {@code min_gpu_ram} and {@code max_price} is used.
 */
public final class LaunchSpec {
  private final String templateName;
  private final Template template;
  private final Offer offer;
  private final String offerId;
  private final OfferQuery query;
  private final String providerId;
  private final Map<String, Object> overrides;
  private final Map<String, String> labels;
  private final String idempotencyKey;
  private final PricingModel pricingModel;
  private final Money bidPerHour;
  private final Double diskGib;

  private LaunchSpec(Builder b) {
    this.templateName = b.templateName;
    this.template = b.template;
    this.offer = b.offer;
    this.offerId = b.offerId;
    this.query = b.query;
    this.providerId = b.providerId;
    this.overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.overrides));
    this.labels = Map.copyOf(b.labels);
    this.idempotencyKey = b.idempotencyKey;
    this.pricingModel = b.pricingModel;
    this.bidPerHour = b.bidPerHour;
    this.diskGib = b.diskGib;
  }

  /** Start a spec from a catalog template name. */
  public static Builder fromTemplate(String templateName) {
    Builder b = new Builder();
    b.templateName = Objects.requireNonNull(templateName, "templateName");
    return b;
  }

  /** Start a spec from a template value (e.g. a customised copy). */
  public static Builder fromTemplate(Template template) {
    Builder b = new Builder();
    b.template = Objects.requireNonNull(template, "template");
    b.templateName = template.name();
    return b;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.templateName = templateName; b.template = template; b.offer = offer; b.offerId = offerId; b.query = query;
    b.providerId = providerId; b.overrides.putAll(overrides); b.labels.putAll(labels);
    b.idempotencyKey = idempotencyKey; b.pricingModel = pricingModel; b.bidPerHour = bidPerHour; b.diskGib = diskGib;
    return b;
  }

  public String templateName() { return templateName; }
  /** The resolved template value, or null when only a name was given. */
  public Template template() { return template; }
  public Offer offer() { return offer; }
  public String offerId() { return offerId; }
  public OfferQuery query() { return query; }
  public String providerId() { return providerId; }
  /** Seed-style {@code custom_config} overrides. */
  public Map<String, Object> overrides() { return overrides; }
  public Map<String, String> labels() { return labels; }
  /** Key reused on every attempt; generated when not given. */
  public String idempotencyKey() { return idempotencyKey; }
  /** Requested pricing model, or null for the offer's own. */
  public PricingModel pricingModel() { return pricingModel; }
  /** Bid for spot launches, or null for the offer's minimum bid. */
  public Money bidPerHour() { return bidPerHour; }
  public Double diskGib() { return diskGib; }

  @Override
  public String toString() {
    return "LaunchSpec[template=" + templateName + ", offer=" + (offer != null ? offer.id() : offerId) + ", query="
        + query + ", provider=" + providerId + ", key=" + idempotencyKey + "]";
  }

  /** Builder for {@link LaunchSpec}. */
  public static final class Builder {
    private String templateName;
    private Template template;
    private Offer offer;
    private String offerId;
    private OfferQuery query;
    private String providerId;
    private final Map<String, Object> overrides = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String idempotencyKey;
    private PricingModel pricingModel;
    private Money bidPerHour;
    private Double diskGib;

    private Builder() {}

    public Builder template(Template t) { template = t; if (t != null) templateName = t.name(); return this; }
    public Builder offer(Offer o) { offer = o; if (o != null) providerId = o.providerId(); return this; }
    public Builder offerId(String id) { offerId = id; return this; }
    public Builder query(OfferQuery q) { query = q; return this; }
    public Builder providerId(String p) { providerId = p; return this; }
    public Builder override(String key, Object value) { overrides.put(key, value); return this; }
    public Builder overrides(Map<String, Object> m) { overrides.clear(); overrides.putAll(m); return this; }
    public Builder label(String k, String v) { labels.put(k, v); return this; }
    public Builder labels(Map<String, String> m) { labels.clear(); labels.putAll(m); return this; }
    public Builder idempotencyKey(String k) { idempotencyKey = k; return this; }
    public Builder pricingModel(PricingModel p) { pricingModel = p; return this; }
    public Builder bidPerHour(Money m) { bidPerHour = m; return this; }
    public Builder diskGib(Double d) { diskGib = d; return this; }

    public LaunchSpec build() {
      if (offer != null && offerId != null && !offer.id().equals(offerId)) {
        throw new IllegalArgumentException("offer and offerId disagree: " + offer.id() + " vs " + offerId);
      }
      return new LaunchSpec(this);
    }
  }
}
