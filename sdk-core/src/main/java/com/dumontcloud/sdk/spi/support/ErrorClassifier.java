package com.dumontcloud.sdk.spi.support;

import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;

/**
 * Provider-specific refinement of the transport's error mapping table: e.g. Vast's 404-for-bad-key body is
 * an {@code AuthenticationException}, GCP's {@code ZONE_RESOURCE_POOL_EXHAUSTED} a
 * {@code CapacityUnavailableException}. Return null to keep the default mapping for the status.
 *
 * @deprecated a classifier that builds exceptions re-implements the core's status table. Implement
 *     {@link ErrorRefiner} instead: return a {@link ProviderError} (code, message, kind, retry hint) and the core
 *     builds the exception. Still honoured by {@link HttpTransport#execute(HttpCall, ErrorClassifier)}.
 */
@Deprecated
@FunctionalInterface
public interface ErrorClassifier {
  ErrorClassifier DEFAULT = (status, body, details) -> null;

  /**
   * @param status HTTP status (also called for 2xx bodies that carry an error when the provider inspects them)
   * @param body raw body (not yet redacted; never put it in a message unredacted)
   * @param details pre-filled details (provider, operation, status, redacted excerpt, attempts)
   * @return the exception to throw, or null for the default mapping
   */
  DumontException classify(int status, String body, ProviderErrorDetails details);
}
