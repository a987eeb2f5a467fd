/**
 * Money-related services beside {@link com.dumontcloud.sdk.model.Money}: currency conversion through
 * {@link com.dumontcloud.sdk.pricing.FxRates} (pluggable, with a dated static default).
 */
package com.dumontcloud.sdk.pricing;
