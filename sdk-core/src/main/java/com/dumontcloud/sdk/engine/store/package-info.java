/** Durable engine state: the {@link com.dumontcloud.sdk.engine.store.StateStore} SPI and its implementations. */
package com.dumontcloud.sdk.engine.store;
