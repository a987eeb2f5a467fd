/**
 * The provider toolkit, stable for provider authors: HTTP calls (JSON and form bodies, secret scrubbing) through the
 * core transport, error refinement ({@link com.dumontcloud.sdk.spi.support.ErrorRefiner} returns a
 * {@link com.dumontcloud.sdk.spi.support.ProviderError}; the core's one table builds the exception), body reading ({@link com.dumontcloud.sdk.spi.support.Bodies}), redaction, typed configuration
 * ({@link com.dumontcloud.sdk.spi.support.ConfigReader}), waiting ({@link com.dumontcloud.sdk.spi.support.Waiter}),
 * rate limiting ({@link com.dumontcloud.sdk.spi.support.RateLimiter}), pagination
 * ({@link com.dumontcloud.sdk.spi.support.Paginator}) and ambiguous-create reconciliation
 * ({@link com.dumontcloud.sdk.spi.support.CreateReconciler}); the container start line of a VM's boot script
 * ({@link com.dumontcloud.sdk.spi.support.ContainerCommands}). What provider modules share lives here, never in
 * another module's {@code internal} package.
 */
package com.dumontcloud.sdk.spi.support;
