/**
 * The provider SPI: factories found with ServiceLoader, the thin {@link com.dumontcloud.sdk.spi.CloudProvider} adapter and optional capability interfaces.
 */
package com.dumontcloud.sdk.spi;
