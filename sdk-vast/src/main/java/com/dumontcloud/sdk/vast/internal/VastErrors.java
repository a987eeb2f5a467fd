package com.dumontcloud.sdk.vast.internal;

import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.ConflictException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.PermissionDeniedException;
import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderException;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.spi.support.ErrorClassifier;
import com.dumontcloud.sdk.spi.support.Redaction;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vast's error vocabulary mapped to the SDK's exceptions, in one place. An error is a status &ge; 400, or a
 * 2xx JSON object with {@code "success": false}. Bodies are parsed leniently: JSON with
 * {@code error}/{@code msg}/{@code message}/{@code detail}, or plain text.
 */
final class VastErrors {
  private static final Pattern THRESHOLD = Pattern.compile("threshold\\s*=\\s*([0-9]+(?:\\.[0-9]+)?)");
  /** Longest provider message kept in a description (the body excerpt carries the rest). */
  private static final int MAX_MSG = 240;
  private static final Duration MAX_RETRY_HINT = Duration.ofSeconds(30);
  static final Set<String> CAPACITY_CODES = Set.of("no_such_ask", "bid_too_low", "insufficient_bid", "outbid",
      "invalid_price_bid", "resources_unavailable", "machine_unavailable", "no_such_offer");

  private VastErrors() {}

  /** What a call does with a 2xx body that says {@code "success": false}. */
  enum SoftFailure {
    /** Throw the mapped exception (most endpoints). */
    THROW,
    /** Return the body; the caller inspects it (launch: bid rejected but created; start: queued). */
    RETURN
  }

  /** A parsed error body. */
  record ErrorBody(String code, String message, Long newContract) {}

  static ErrorClassifier classifier(String providerId, String operation, SoftFailure soft, UnaryOperator<String> scrub) {
    return (status, body, details) -> {
      if (status >= 200 && status < 300) {
        if (soft == SoftFailure.RETURN) return null;
        Map<String, Object> obj = tryObject(body);
        if (obj == null || !Boolean.FALSE.equals(obj.get("success"))) return null;
      }
      if (soft == SoftFailure.RETURN) {
        ErrorBody e = parse(body);
        if (e.newContract() != null) return new CreatedAnyway(status, body, details.attempts(), e.newContract());
      }
      return map(providerId, operation, status, body, details.attempts(), scrub);
    };
  }

  /**
   * Internal signal: a create failed but the body still names the instance Vast created (a rejected bid leaves a
   * stopped instance that bills storage). Caught by the launch, which destroys that instance and reports.
   */
  static final class CreatedAnyway extends DumontException {
    final int status;
    final transient String body;
    final int attempts;
    final long contract;

    CreatedAnyway(int status, String body, int attempts, long contract) {
      super("create failed but Vast created instance " + contract, null, "vast", null, attempts, false);
      this.status = status;
      this.body = body;
      this.attempts = attempts;
      this.contract = contract;
    }
  }

  /** The exception for an error answer (any status; 2xx only when the body says success false). */
  static ProviderException map(String providerId, String operation, int status, String body, int attempts,
      UnaryOperator<String> scrub) {
    return map(providerId, operation, status, body, attempts, scrub, null);
  }

  /** As {@link #map(String, String, int, String, int, UnaryOperator)}, with a note appended to the message. */
  static ProviderException map(String providerId, String operation, int status, String body, int attempts,
      UnaryOperator<String> scrub, String note) {
    ErrorBody e = parse(body);
    String code = e.code();
    String msg = e.message() == null ? null : truncate(scrub.apply(Redaction.redact(e.message())));
    if (note != null) msg = msg == null ? note : msg + "; " + note;
    String text = ((code == null ? "" : code) + " " + (msg == null ? "" : msg)).toLowerCase(Locale.ROOT);
    String excerpt = scrub.apply(Redaction.excerpt(body));
    if (excerpt != null && excerpt.isEmpty()) excerpt = null;

    if ("auth_error".equals(code) || text.contains("invalid user key") || text.contains("invalid api key")) {
      return new AuthenticationException(details(providerId, operation, status, code,
          "authentication failed: Vast rejected the API key" + suffix(msg)
              + " (set it with dumont.vast.api-key / DUMONT_VAST_API_KEY / VAST_API_KEY)", excerpt, attempts, false, null));
    }
    if (status == 429 || "rate_limit_exceeded".equals(code) || text.contains("too frequent")) {
      Duration hint = threshold(msg);
      return new RateLimitedException(details(providerId, operation, status == 0 ? 429 : status,
          code == null ? "rate_limited" : code, "rate limited by Vast" + suffix(msg), excerpt, attempts, true, hint));
    }
    if (code != null && CAPACITY_CODES.contains(code) || text.contains("no_such_ask")
        || text.contains("no longer available") || text.contains("is not available")) {
      return new CapacityUnavailableException(details(providerId, operation, status, code,
          "capacity unavailable: the offer is gone or cannot be rented now" + suffix(msg), excerpt, attempts, false, null));
    }
    if ("no_such_instance".equals(code) || "not_found".equals(code) || status == 404) {
      return new NotFoundException(details(providerId, operation, status, code, "not found" + suffix(msg), excerpt,
          attempts, false, null));
    }
    return switch (status) {
      case 400, 422 -> new InvalidRequestException(details(providerId, operation, status, code,
          "invalid request" + suffix(msg), excerpt, attempts, false, null));
      case 401 -> new AuthenticationException(details(providerId, operation, status, code,
          "authentication failed" + suffix(msg) + " (set the key with dumont.vast.api-key / DUMONT_VAST_API_KEY / "
              + "VAST_API_KEY)", excerpt, attempts, false, null));
      case 403 -> new PermissionDeniedException(details(providerId, operation, status, code,
          "permission denied" + suffix(msg), excerpt, attempts, false, null));
      case 409 -> new ConflictException(details(providerId, operation, status, code,
          "conflict with the instance's state" + suffix(msg), excerpt, attempts, false, null));
      case 410 -> new NotFoundException(details(providerId, operation, status, code, "gone" + suffix(msg), excerpt,
          attempts, false, null));
      default -> status >= 500
          ? new ProviderServerException(details(providerId, operation, status, code, "Vast server error" + suffix(msg),
              excerpt, attempts, status == 502 || status == 503 || status == 504, null))
          : new InvalidRequestException(details(providerId, operation, status, code,
              (status < 300 ? "Vast refused the request" : "unexpected HTTP status " + status) + suffix(msg), excerpt,
              attempts, false, null));
    };
  }

  /** A malformed or unexpected body. */
  static ProviderProtocolException protocol(String providerId, String operation, int status, String body,
      String problem, Throwable cause, UnaryOperator<String> scrub) {
    String excerpt = scrub.apply(Redaction.excerpt(body));
    return new ProviderProtocolException(details(providerId, operation, status, null,
        "malformed Vast response: " + truncate(scrub.apply(Redaction.redact(problem))), excerpt, 1, false, null), cause);
  }

  static ErrorBody parse(String body) {
    Map<String, Object> obj = tryObject(body);
    if (obj == null) {
      String t = body == null ? null : body.strip();
      return new ErrorBody(null, t == null || t.isEmpty() ? null : t, null);
    }
    String code = string(obj.get("error"));
    String msg = string(obj.get("msg"));
    if (msg == null) msg = string(obj.get("message"));
    if (msg == null) msg = string(obj.get("detail"));
    Long contract = null;
    Object nc = obj.get("new_contract");
    if (nc instanceof Number n && n.doubleValue() > 0 && n.doubleValue() == Math.rint(n.doubleValue())) {
      contract = n.longValue();
    } else if (nc instanceof String s && s.strip().matches("\\d+")) {
      contract = Long.parseLong(s.strip());
    }
    return new ErrorBody(code, msg, contract);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> tryObject(String body) {
    if (body == null || body.isBlank() || body.stripLeading().charAt(0) != '{') return null;
    try {
      Object v = MoshiJsonCodec.get().parse(body);
      return v instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String string(Object v) {
    if (v == null) return null;
    String s = v instanceof String str ? str : String.valueOf(v);
    return s.isBlank() ? null : s.strip();
  }

  /** The wait suggested by {@code threshold=4.5} in a 429 message (seconds), capped; null when absent. */
  static Duration threshold(String msg) {
    if (msg == null) return null;
    Matcher m = THRESHOLD.matcher(msg);
    if (!m.find()) return null;
    try {
      Duration d = Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * 1000));
      return d.compareTo(MAX_RETRY_HINT) > 0 ? MAX_RETRY_HINT : d;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static boolean isRateLimit(DumontException e) {
    return e instanceof RateLimitedException;
  }

  private static String suffix(String msg) {
    return msg == null ? "" : ": " + msg;
  }

  private static String truncate(String s) {
    if (s == null) return null;
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() > MAX_MSG ? t.substring(0, MAX_MSG) + "…" : t;
  }

  static ProviderErrorDetails details(String providerId, String operation, int status, String code, String description,
      String excerpt, int attempts, boolean retryable, Duration retryAfter) {
    return new ProviderErrorDetails(providerId, operation, status, code, description, excerpt, null,
        Math.max(1, attempts), retryable, retryAfter);
  }
}
