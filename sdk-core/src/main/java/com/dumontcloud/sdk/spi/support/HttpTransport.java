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
    return execute(call, ErrorClassifier.DEFAULT);
  }

  /** Execute a call with a provider-specific error classifier. */
  HttpResult execute(HttpCall call, ErrorClassifier classifier);
}
