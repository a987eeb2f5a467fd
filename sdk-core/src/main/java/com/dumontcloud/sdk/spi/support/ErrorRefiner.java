package com.dumontcloud.sdk.spi.support;

import java.util.Optional;

/**
 * A provider's reading of its own error bodies, for {@link HttpTransport#execute(HttpCall, ErrorRefiner)}. It refines,
 * it does not decide the exception: the core builds that from its one status → exception table with the returned
 * {@link ProviderError} (Vast's 404 {@code auth_error} body is {@link ProviderError.Kind#AUTH}, GCP's
 * {@code ZONE_RESOURCE_POOL_EXHAUSTED} {@link ProviderError.Kind#CAPACITY}). Implementations must not throw; a
 * refiner that trips over a malformed body is reported as a {@code ProviderProtocolException}.
 *
 * <p>Three hooks, in the order the transport asks them:
 * <ol>
 *   <li>{@link #refineSuccess} for a 2xx answer: present means "this 2xx is an error" ({@code "success": false},
 *       {@code {"status": 400, "error": ...}});
 *   <li>{@link #returnsAnswer} for a non-2xx answer the caller reads itself instead of an exception (rare: Vast's
 *       rejected bid that still created an instance, which the launch must clean up);
 *   <li>{@link #refine} for every other non-2xx answer: empty means "the status alone".
 * </ol>
 */
@FunctionalInterface
public interface ErrorRefiner {
  /** No refinement: the status table alone, every 2xx a success. */
  ErrorRefiner NONE = (status, body) -> Optional.empty();

  /**
   * Refine a non-2xx answer.
   *
   * @param status HTTP status
   * @param body raw body, never null (not yet redacted; the transport redacts what it reports)
   */
  Optional<ProviderError> refine(int status, String body);

  /** Whether a 2xx answer reports an error, and which; empty (the default) for a success. */
  default Optional<ProviderError> refineSuccess(int status, String body) {
    return Optional.empty();
  }

  /** True to return this non-2xx answer as an {@link HttpResult} instead of throwing; false by default. */
  default boolean returnsAnswer(int status, String body) {
    return false;
  }
}
