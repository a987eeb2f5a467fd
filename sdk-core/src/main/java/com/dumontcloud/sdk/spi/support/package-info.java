/**
 * Helpers for provider authors (HTTP transport, JSON, redaction). Stable for our own provider modules; may change before 1.0.
 */
package com.dumontcloud.sdk.spi.support;
