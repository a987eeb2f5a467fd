package com.dumontcloud.sdk.model;

/**
 * A provider that failed during a multi-provider operation; the others' results are still returned.
 *
 * @param providerId provider id
 * @param errorType exception simple name, e.g. "CallTimeoutException"
 * @param message redacted message
 */
public record ProviderError(String providerId, String errorType, String message) {}
