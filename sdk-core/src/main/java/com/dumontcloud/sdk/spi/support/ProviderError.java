package com.dumontcloud.sdk.spi.support;

import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderException;
import com.dumontcloud.sdk.internal.http.ErrorMapping;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider knows about an error answer beyond its HTTP status: the provider's error code, its message, the
 * {@link Kind} of failure and, for rate limits, the wait it asked for. An {@link ErrorRefiner} returns one; the core
 * builds the exception from its single status → exception table (status + refinement → the
 * {@link com.dumontcloud.sdk.exception.DumontException} subclass), so providers never construct exceptions for
 * error answers themselves. Stable for provider authors (our own modules).
 *
 * <pre>{@code
 * ProviderError.builder(Kind.CAPACITY).code("ZONE_RESOURCE_POOL_EXHAUSTED").message(msg).build()
 * }</pre>
 */
public final class ProviderError {
  /** The kind of failure; decides the exception type. {@link #UNKNOWN} leaves it to the HTTP status. */
  public enum Kind {
    /** No capacity: offer gone, zone exhausted, no nodes ({@code CapacityUnavailableException}). */
    CAPACITY,
    /** An account quota blocks the request ({@code QuotaExceededException}). */
    QUOTA,
    /** The credential was rejected ({@code AuthenticationException}), whatever the status says. */
    AUTH,
    /** The credential is valid but may not do this ({@code PermissionDeniedException}). */
    PERMISSION,
    /** The resource does not exist ({@code NotFoundException}). */
    NOT_FOUND,
    /** Conflict with the resource's state ({@code ConflictException}). */
    CONFLICT,
    /** The request is invalid ({@code InvalidRequestException}). */
    INVALID,
    /** Rate limited ({@code RateLimitedException}, retryable, with {@link #retryAfter()} as the hint). */
    RATE_LIMITED,
    /** Provider-side failure ({@code ProviderServerException}; retryable when the status is 502, 503 or 504). */
    SERVER,
    /** Temporarily unavailable ({@code ProviderServerException}, retryable whatever the status). */
    UNAVAILABLE,
    /** Not known: the status decides the type; code and message still go into the exception. */
    UNKNOWN
  }

  private static final ProviderError NONE = new ProviderError(Kind.UNKNOWN, null, null, null, null);

  private final Kind kind;
  private final String code;
  private final String message;
  private final String hint;
  private final Duration retryAfter;

  private ProviderError(Kind kind, String code, String message, String hint, Duration retryAfter) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.code = blankToNull(code);
    this.message = blankToNull(message);
    this.hint = blankToNull(hint);
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative, got " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /** A refinement with a kind, the provider's code and message (both may be null). */
  public static ProviderError of(Kind kind, String code, String message) {
    return new ProviderError(kind, code, message, null, null);
  }

  /** Nothing known beyond the status. */
  public static ProviderError none() {
    return NONE;
  }

  public static Builder builder(Kind kind) {
    return new Builder(kind);
  }

  public Builder toBuilder() {
    return new Builder(kind).code(code).message(message).hint(hint).retryAfter(retryAfter);
  }

  public Kind kind() { return kind; }

  /** The provider's own error code ({@code no_such_ask}), or null. */
  public String code() { return code; }

  /** The provider's message, for people; must not contain secrets (the transport scrubs the call's own). */
  public String message() { return message; }

  /** How to fix it, appended in parentheses (e.g. which setting holds the API key), or null. */
  public String hint() { return hint; }

  /** The wait the provider asked for (a rate limit's threshold), when it said so in the body. */
  public Optional<Duration> retryAfter() { return Optional.ofNullable(retryAfter); }

  /**
   * The exception for an error answer the provider read itself (a 2xx body it returned to the caller, a
   * create's answer it inspected): the core's table applied to {@code details}' status and this refinement.
   *
   * @param details provider, operation, status, redacted excerpt and attempts; its description is replaced
   */
  public ProviderException toException(ProviderErrorDetails details) {
    return ErrorMapping.map(Objects.requireNonNull(details, "details"), this, null, null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProviderError p && kind == p.kind && Objects.equals(code, p.code)
        && Objects.equals(message, p.message) && Objects.equals(hint, p.hint) && Objects.equals(retryAfter, p.retryAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, code, message, hint, retryAfter);
  }

  @Override
  public String toString() {
    return "ProviderError[kind=" + kind + (code == null ? "" : ", code=" + code)
        + (message == null ? "" : ", message=" + Redaction.redact(message))
        + (retryAfter == null ? "" : ", retryAfter=" + retryAfter) + "]";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** Builder. */
  public static final class Builder {
    private final Kind kind;
    private String code;
    private String message;
    private String hint;
    private Duration retryAfter;

    private Builder(Kind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Builder code(String c) { code = c; return this; }
    public Builder message(String m) { message = m; return this; }
    public Builder hint(String h) { hint = h; return this; }
    public Builder retryAfter(Duration d) { retryAfter = d; return this; }

    public ProviderError build() {
      return new ProviderError(kind, code, message, hint, retryAfter);
    }
  }
}
