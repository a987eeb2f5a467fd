package com.dumontcloud.sdk.spi.support;

/**
 * The resilient HTTP transport the core hands to providers: shared OkHttp pool, retry with exponential
 * backoff and jitter bounded by the call deadline, Retry-After honoured, a circuit breaker per provider,
 * the status → exception table, and redaction of secrets in everything it reports.
 */
public interface HttpTransport {
  /**
   * Execute a call. Returns only for 2xx; every other outcome is a
   * {@link com.dumontcloud.sdk.exception.DumontException} subclass.
   */
  default HttpResult execute(HttpCall call) {
    return execute(call, ErrorRefiner.NONE);
  }

  /**
   * Execute a call; the provider's {@code refiner} reads its error bodies (and may say a 2xx is an error), the
   * core's one table turns status + refinement into the exception. Returns only for 2xx, and for the non-2xx
   * answers {@link ErrorRefiner#returnsAnswer} asks for.
   */
  HttpResult execute(HttpCall call, ErrorRefiner refiner);

  /**
   * Execute a call with a classifier that builds its own exceptions.
   *
   * @deprecated return a {@link ProviderError} from an {@link ErrorRefiner} and let the core build the exception;
   *     kept so existing providers compile and behave as before (a non-null exception from the classifier wins)
   */
  @Deprecated
  HttpResult execute(HttpCall call, ErrorClassifier classifier);
}
