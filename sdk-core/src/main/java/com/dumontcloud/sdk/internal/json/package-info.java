/**
 * Internal: JSON codec on Moshi, null-safe readers, seed-shaped JSON of model types. Not public API.
 */
package com.dumontcloud.sdk.internal.json;
