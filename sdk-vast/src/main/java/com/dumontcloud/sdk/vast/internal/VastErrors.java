package com.dumontcloud.sdk.vast.internal;

import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderException;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import com.dumontcloud.sdk.spi.support.ErrorRefiner;
import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.spi.support.ProviderError;
import com.dumontcloud.sdk.spi.support.ProviderError.Kind;
import com.dumontcloud.sdk.spi.support.Redaction;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vast's error vocabulary read into {@link ProviderError} refinements; the core's one table builds the exceptions.
 * An error is a status &ge; 400, or a 2xx JSON object with {@code "success": false}. Bodies are parsed leniently:
 * JSON with {@code error}/{@code msg}/{@code message}/{@code detail}, or plain text.
 */
final class VastErrors {
  private static final Pattern THRESHOLD = Pattern.compile("threshold\\s*=\\s*([0-9]+(?:\\.[0-9]+)?)");
  /** Longest problem text kept in a protocol error (the body excerpt carries the rest). */
  private static final int MAX_MSG = 240;
  private static final Duration MAX_RETRY_HINT = Duration.ofSeconds(30);
  private static final String KEY_HINT = "set it with dumont.vast.api-key / DUMONT_VAST_API_KEY / VAST_API_KEY";
  private static final String CAPACITY_HINT = "the offer is gone or cannot be rented now; search offers again";
  static final Set<String> CAPACITY_CODES = Set.of("no_such_ask", "bid_too_low", "insufficient_bid", "outbid",
      "invalid_price_bid", "resources_unavailable", "machine_unavailable", "no_such_offer");

  private VastErrors() {}

  /** What a call does with a 2xx body that says {@code "success": false}. */
  enum SoftFailure {
    /** An error (most endpoints). */
    THROW,
    /**
     * Return the body; the caller inspects it (launch: bid rejected but created; start: queued). A non-2xx answer
     * naming a {@code new_contract} is returned too: the launch must destroy the instance Vast created anyway.
     */
    RETURN
  }

  /** A parsed error body. */
  record ErrorBody(String code, String message, Long newContract) {}

  /** The refiner for a call; {@code scrub} removes the API key from messages. */
  static ErrorRefiner refiner(SoftFailure soft, UnaryOperator<String> scrub) {
    return new ErrorRefiner() {
      @Override
      public Optional<ProviderError> refine(int status, String body) {
        return Optional.of(refinement(status, body, scrub, null));
      }

      @Override
      public Optional<ProviderError> refineSuccess(int status, String body) {
        if (soft == SoftFailure.RETURN || !isSoftFailure(body)) return Optional.empty();
        return Optional.of(refinement(status, body, scrub, null));
      }

      @Override
      public boolean returnsAnswer(int status, String body) {
        return soft == SoftFailure.RETURN && parse(body).newContract() != null;
      }
    };
  }

  /** True for a JSON object with {@code "success": false}. */
  static boolean isSoftFailure(String body) {
    Map<String, Object> obj = Json.objectOrNull(body);
    return obj != null && Boolean.FALSE.equals(obj.get("success"));
  }

  /**
   * What Vast's body says beyond the status. Vast answers a bad key with 404 and a stockout with 400, 404 or 410,
   * so the body's code and text decide the kind; {@link Kind#UNKNOWN} leaves it to the status.
   *
   * @param note what the SDK did about it (appended as the hint), or null
   */
  static ProviderError refinement(int status, String body, UnaryOperator<String> scrub, String note) {
    ErrorBody e = parse(body);
    String code = e.code();
    String msg = e.message() == null ? null : scrub.apply(Redaction.redact(e.message()));
    String text = ((code == null ? "" : code) + " " + (msg == null ? "" : msg)).toLowerCase(Locale.ROOT);
    Kind kind;
    String hint = null;
    if ("auth_error".equals(code) || text.contains("invalid user key") || text.contains("invalid api key")) {
      kind = Kind.AUTH;
      hint = "Vast rejected the API key; " + KEY_HINT;
    } else if ("rate_limit_exceeded".equals(code) || text.contains("too frequent")) {
      kind = Kind.RATE_LIMITED;
    } else if (status == 429) {
      kind = Kind.UNKNOWN; // a rate limit whatever the body says (a stockout text must not hide it)
    } else if (code != null && CAPACITY_CODES.contains(code) || text.contains("no_such_ask")
        || text.contains("no longer available") || text.contains("is not available")) {
      kind = Kind.CAPACITY;
      hint = CAPACITY_HINT;
    } else if ("no_such_instance".equals(code) || "not_found".equals(code)) {
      kind = Kind.NOT_FOUND;
    } else if (status >= 200 && status <= 299) {
      kind = Kind.INVALID; // "success": false with a code we do not know: Vast refused the request
    } else {
      kind = Kind.UNKNOWN;
      if (status == 401) hint = KEY_HINT;
    }
    if (note != null) hint = note;
    return ProviderError.builder(kind).code(code).message(msg).hint(hint).retryAfter(threshold(msg)).build();
  }

  /** The exception for an error answer the caller read itself (any status; 2xx when the body says success false). */
  static ProviderException exception(String providerId, String operation, int status, String body, int attempts,
      UnaryOperator<String> scrub) {
    return exception(providerId, operation, status, body, attempts, scrub, null);
  }

  /** As {@link #exception(String, String, int, String, int, UnaryOperator)}, with a note as the hint. */
  static ProviderException exception(String providerId, String operation, int status, String body, int attempts,
      UnaryOperator<String> scrub, String note) {
    String excerpt = scrub.apply(Redaction.excerpt(body));
    if (excerpt != null && excerpt.isEmpty()) excerpt = null;
    return refinement(status, body, scrub, note).toException(
        details(providerId, operation, status, null, "error answer", excerpt, attempts, false, null));
  }

  /** A malformed or unexpected body. */
  static ProviderProtocolException protocol(String providerId, String operation, int status, String body,
      String problem, Throwable cause, UnaryOperator<String> scrub) {
    String excerpt = scrub.apply(Redaction.excerpt(body));
    return new ProviderProtocolException(details(providerId, operation, status, null,
        "malformed " + providerId + " response: " + truncate(scrub.apply(Redaction.redact(problem))), excerpt, 1, false, null), cause);
  }

  static ErrorBody parse(String body) {
    Map<String, Object> obj = Json.objectOrNull(body);
    if (obj == null) {
      String t = body == null ? null : body.strip();
      return new ErrorBody(null, t == null || t.isEmpty() ? null : t, null);
    }
    String code = Json.text(obj, "error");
    String msg = Json.text(obj, "msg");
    if (msg == null) msg = Json.text(obj, "message");
    if (msg == null) msg = Json.text(obj, "detail");
    Long contract = null;
    Object nc = obj.get("new_contract");
    if (nc instanceof Number n && n.doubleValue() > 0 && n.doubleValue() == Math.rint(n.doubleValue())) {
      contract = n.longValue();
    } else if (nc instanceof String s && s.strip().matches("\\d+")) {
      contract = Long.parseLong(s.strip());
    }
    return new ErrorBody(code, msg, contract);
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
