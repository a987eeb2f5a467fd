package com.dumontcloud.sdk.testkit.vast;

import com.dumontcloud.sdk.testkit.http.Response;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A fault {@link FakeVastServer} injects into matching requests. Faults that say the request was processed
 * ({@link #delayed}, {@link #malformed}, {@link #disconnectAfterProcessing}) change the fake's state exactly as a
 * normal answer would, which is how Vast behaves when an answer is lost: the instance exists, the caller just
 * does not know.
 *
 * <p>Vast's own fault shapes on top of the generic {@link com.dumontcloud.sdk.testkit.http.Fault}: each one is
 * {@linkplain #toGeneric() translated} into a generic fault when it is registered. New provider fakes use the
 * generic class directly; this one stays for Vast's rate-limit styles and for the tests written against it.
 */
public final class Fault {
  /** The three 429 body styles Vast uses; none carries Retry-After. */
  public enum RateLimitStyle {
    /** {@code {"detail": "API requests too frequent endpoint threshold=4.5"}} */
    DETAIL,
    /** {@code {"success": false, "error": "rate_limit_exceeded", "msg": "... threshold=3.0"}} */
    ENVELOPE,
    /** {@code API requests too frequent endpoint threshold=1.0} as text/plain */
    PLAIN
  }

  enum Kind { STATUS, RATE_LIMIT, DELAY, MALFORMED, DISCONNECT, BAD_KEY }

  final Kind kind;
  final int status;
  final String body;
  final RateLimitStyle style;
  final Duration delay;
  final double threshold;

  private Fault(Kind kind, int status, String body, RateLimitStyle style, Duration delay, double threshold) {
    this.kind = kind;
    this.status = status;
    this.body = body;
    this.style = style;
    this.delay = delay;
    this.threshold = threshold;
  }

  /** HTTP 429 in the given body style, no Retry-After; the request is not processed. */
  public static Fault rateLimited(RateLimitStyle style) {
    return rateLimited(style, 1.0);
  }

  /** HTTP 429 mentioning {@code threshold=<seconds>}; the request is not processed. */
  public static Fault rateLimited(RateLimitStyle style, double thresholdSeconds) {
    return new Fault(Kind.RATE_LIMIT, 429, null, Objects.requireNonNull(style), null, thresholdSeconds);
  }

  /** An HTTP error (e.g. 502) with a body; the request is not processed. */
  public static Fault status(int status, String body) {
    return new Fault(Kind.STATUS, status, body, null, null, 0);
  }

  /** A 5xx gateway error; the request is not processed. */
  public static Fault serverError(int status) {
    return status(status, "<html><body><h1>" + status + " Bad Gateway</h1></body></html>");
  }

  /** The request is processed, but the answer arrives only after {@code delay} (client timeouts fire first). */
  public static Fault delayed(Duration delay) {
    return new Fault(Kind.DELAY, 200, null, null, Objects.requireNonNull(delay), 0);
  }

  /** The request is processed, but the body is replaced by {@code body} (HTTP 200). */
  public static Fault malformed(String body) {
    return new Fault(Kind.MALFORMED, 200, Objects.requireNonNull(body), null, null, 0);
  }

  /** The request is processed, then the connection is dropped before any answer. */
  public static Fault disconnectAfterProcessing() {
    return new Fault(Kind.DISCONNECT, 0, null, null, null, 0);
  }

  /** Vast's answer to an unknown key as some accounts see it: HTTP 404 with "Invalid user key". */
  public static Fault invalidKey404() {
    return new Fault(Kind.BAD_KEY, 404, null, null, null, 0);
  }

  /** The generic fault {@link FakeVastServer} registers for this one. */
  public com.dumontcloud.sdk.testkit.http.Fault toGeneric() {
    return switch (kind) {
      case STATUS -> com.dumontcloud.sdk.testkit.http.Fault.status(status, body == null ? "" : body);
      case RATE_LIMIT -> com.dumontcloud.sdk.testkit.http.Fault.respond(rateLimitAnswer());
      case DELAY -> com.dumontcloud.sdk.testkit.http.Fault.latency(delay);
      case MALFORMED -> com.dumontcloud.sdk.testkit.http.Fault.replaceAnswer(
          Response.of(200, body).withHeader("Content-Type", "application/json"));
      case DISCONNECT -> com.dumontcloud.sdk.testkit.http.Fault.dropAfterProcessing();
      case BAD_KEY -> com.dumontcloud.sdk.testkit.http.Fault.respond(VastApi.badKey(404)).beforeAuth();
    };
  }

  private Response rateLimitAnswer() {
    String t = threshold == Math.rint(threshold) ? String.format(Locale.ROOT, "%.1f", threshold)
        : Double.toString(threshold);
    String msg = "API requests too frequent endpoint threshold=" + t;
    return switch (style) {
      case DETAIL -> Response.json(429, Map.of("detail", msg));
      case ENVELOPE -> Response.json(429, Map.of("success", false, "error", "rate_limit_exceeded", "msg", msg));
      case PLAIN -> Response.text(429, msg);
    };
  }

  @Override
  public String toString() {
    return "Fault[" + kind + (status > 0 ? " " + status : "") + (style != null ? " " + style : "")
        + (delay != null ? " " + delay : "") + "]";
  }
}
