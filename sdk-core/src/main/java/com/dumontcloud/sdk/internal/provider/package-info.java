/**
 * Internal: provider discovery, configuration resolution, audit wrapper. Not public API.
 */
package com.dumontcloud.sdk.internal.provider;
