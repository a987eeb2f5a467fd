package com.dumontcloud.sdk.spi;

import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import java.util.Map;

/**
 * A fully resolved launch, as the core hands it to a provider.
 *
 * @param offer the offer to rent
 * @param template the template with overrides applied
 * @param labels labels to set, including {@code dumont-key} = the idempotency key
 * @param idempotencyKey unique per logical launch, the same on every attempt
 * @param pricingModel ON_DEMAND or SPOT
 * @param bidPerHour the bid for SPOT on bid markets, or null
 * @param diskGib disk size
 */
public record ProviderLaunchRequest(
    Offer offer, Template template, Map<String, String> labels, String idempotencyKey, PricingModel pricingModel,
    Money bidPerHour, double diskGib) {
  public ProviderLaunchRequest {
    labels = Map.copyOf(labels);
  }
}
