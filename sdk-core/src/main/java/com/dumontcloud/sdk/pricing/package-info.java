/**
 * Money-related services beside {@link com.dumontcloud.sdk.model.Money}: currency conversion through
 * {@link com.dumontcloud.sdk.pricing.FxRates} — a dated static default, the ECB's daily reference rates over HTTP
 * ({@link com.dumontcloud.sdk.pricing.HttpFxRates}, cached with staleness rules), user-supplied tables — and
 * {@link com.dumontcloud.sdk.pricing.CurrencyView}, the one place where amounts are converted for display and
 * rounded half-even, once.
 */
package com.dumontcloud.sdk.pricing;
