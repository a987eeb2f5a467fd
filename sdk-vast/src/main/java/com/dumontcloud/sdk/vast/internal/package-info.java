/**
 * Implementation of the Vast.ai provider; not public API. {@code VastProvider} is the adapter, {@code VastApi}
 * the HTTP edge (key check, pacing, error classification, protocol errors), {@code VastQuery} the offer query
 * translation, {@code VastParsers} the unit-normalising readers, {@code VastStates} the one state table,
 * {@code VastLabels} the label encoding, {@code VastErrors} the error vocabulary and {@code Pacer} the
 * per-endpoint client-side rate limiter.
 */
package com.dumontcloud.sdk.vast.internal;
