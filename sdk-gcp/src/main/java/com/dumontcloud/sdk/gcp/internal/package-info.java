/**
 * Internals of the GCP provider: the REST edge and error refinement ({@code GcpApi}), credentials
 * ({@code GcpAuth}), the offer catalog and prices ({@code GcpOffers}, {@code GcpPrices}), the insert body
 * ({@code InsertBody}) and the adapter ({@code GcpProvider}). Not part of the compatibility promise.
 */
package com.dumontcloud.sdk.gcp.internal;
