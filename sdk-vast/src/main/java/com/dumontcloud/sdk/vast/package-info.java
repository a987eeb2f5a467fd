/**
 * The Vast.ai provider (id {@code vast}): {@link com.dumontcloud.sdk.vast.VastProviderFactory} is found by
 * {@link java.util.ServiceLoader}; Vast-only capabilities are {@link com.dumontcloud.sdk.vast.VastTemplates} and
 * {@link com.dumontcloud.sdk.vast.VastLogs}, fetched with {@code provider.capability(...)} next to the core ones
 * ({@code SpotMarket}, {@code Volumes}, {@code AccountBalance}).
 */
package com.dumontcloud.sdk.vast;
