/**
 * The Vast.ai provider (id {@code vast}): {@link com.dumontcloud.sdk.vast.VastProviderFactory} is found by
 * {@link java.util.ServiceLoader}; the Vast-only capability {@link com.dumontcloud.sdk.vast.VastTemplates} is
 * fetched with {@code provider.capability(...)} next to the core ones
 * ({@code SpotMarket}, {@code Volumes}, {@code AccountBalance}).
 */
package com.dumontcloud.sdk.vast;
