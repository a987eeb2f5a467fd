package com.dumontcloud.sdk.exception;

import java.time.Duration;
import java.util.Optional;

/** The provider rate-limited the call (HTTP 429, or a rate-limit body). */
public class RateLimitedException extends ProviderException {
  private final Duration retryAfter;

  public RateLimitedException(ProviderErrorDetails details) {
    super(details);
    this.retryAfter = details.retryAfter();
  }

  /** The wait the provider asked for (Retry-After), if it asked. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
