/**
 * Internal: the resilient OkHttp transport (resilience4j retry and circuit breaker, error table, redaction). Not public API.
 */
package com.dumontcloud.sdk.internal.http;
