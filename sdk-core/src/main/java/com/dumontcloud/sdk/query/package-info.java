/**
 * The offer query language ({@code vastai search offers} syntax): parsing with positioned errors, local evaluation
 * of filters against {@link com.dumontcloud.sdk.model.Offer}s, and ranking. Entry point:
 * {@link com.dumontcloud.sdk.query.OfferQueries}.
 */
package com.dumontcloud.sdk.query;
