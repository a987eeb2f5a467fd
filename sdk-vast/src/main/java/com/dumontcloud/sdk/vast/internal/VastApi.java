package com.dumontcloud.sdk.vast.internal;

import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.support.Bodies;
import com.dumontcloud.sdk.spi.support.ErrorRefiner;
import com.dumontcloud.sdk.spi.support.HttpCall;
import com.dumontcloud.sdk.spi.support.HttpResult;
import com.dumontcloud.sdk.spi.support.Redaction;
import com.dumontcloud.sdk.spi.support.Urls;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The HTTP edge of the Vast provider: builds URLs (base URL + path with its trailing slash, query values
 * URL-encoded), checks the key is there before anything is sent, paces the endpoint, executes through the
 * core transport with Vast's error refiner (the core builds the exceptions), and turns every malformed body into a
 * {@code ProviderProtocolException}. The key only ever travels through {@link HttpCall.Builder#bearer(Secret)}.
 */
final class VastApi {
  /** What a call needs. */
  enum Auth {
    /** Send the key when there is one; work anonymously otherwise (offer search). */
    OPTIONAL,
    /** Fail before sending when there is no key. */
    REQUIRED,
    /** Never send the key (downloads from other hosts). */
    NONE
  }

  /** A parsed answer. */
  record Answer(HttpResult result, Object json) {
    int status() {
      return result.status();
    }

    String body() {
      return result.body();
    }

    int attempts() {
      return result.attempts();
    }
  }

  private final ProviderContext ctx;
  private final String providerId;
  private final String baseUrl;
  private final Secret apiKey;
  private final Pacer pacer;
  private final UnaryOperator<String> scrub;
  private final List<String> secrets;

  VastApi(ProviderContext ctx, String baseUrl, Secret apiKey, Pacer pacer) {
    this.ctx = ctx;
    this.providerId = ctx.providerId();
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.pacer = pacer;
    this.secrets = apiKey == null ? List.of() : List.of(apiKey.reveal());
    this.scrub = text -> Redaction.scrub(text, secrets);
  }

  UnaryOperator<String> scrub() {
    return scrub;
  }

  String providerId() {
    return providerId;
  }

  boolean hasKey() {
    return apiKey != null;
  }

  /** What to set when there is no key; null when there is one. */
  String missingKey() {
    return apiKey != null ? null : "no Vast API key: set VAST_API_KEY (or DUMONT_VAST_API_KEY, the system property "
        + "dumont.vast.api-key, or Dumont.builder().provider(\"vast\", s -> s.apiKey(...))); only offer search works "
        + "without a key";
  }

  /** Fail before sending anything when the key is missing. */
  void requireKey(String operation) {
    if (apiKey == null) throw new ConfigurationException("[provider=" + providerId + " op=" + operation + "] " + missingKey());
  }

  /** {@code base + path + ?query}, query values URL-encoded (JSON values included). */
  String url(String path, Map<String, String> query) {
    return Urls.of(baseUrl, path, query);
  }

  /**
   * Execute and parse the body as JSON.
   *
   * @param body a Map/List tree written as JSON, or null
   */
  Answer json(String operation, Pacer.Endpoint endpoint, String method, String url, Object body, Auth auth,
      HttpCall.Kind kind, VastErrors.SoftFailure soft) {
    HttpResult r = send(operation, endpoint, method, url, body, auth, kind, soft);
    Object parsed;
    try {
      parsed = ctx.json().parse(r.body());
    } catch (RuntimeException e) {
      throw VastErrors.protocol(providerId, operation, r.status(), r.body(), e.getMessage(), e, scrub);
    }
    if (soft == VastErrors.SoftFailure.THROW && parsed instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("success"))) {
      // normally the classifier already threw; this holds even for a transport that classifies only errors
      throw VastErrors.exception(providerId, operation, r.status(), r.body(), r.attempts(), scrub);
    }
    return new Answer(r, parsed);
  }

  /** A GET that needs the key and reads {@code "success": false} as an error (most reads). */
  Answer get(String operation, Pacer.Endpoint endpoint, String path, Map<String, String> query) {
    return json(operation, endpoint, "GET", url(path, query), null, Auth.REQUIRED, HttpCall.Kind.READ,
        VastErrors.SoftFailure.THROW);
  }

  /** Execute and return the raw text (log downloads). */
  String text(String operation, Pacer.Endpoint endpoint, String url, Auth auth) {
    return send(operation, endpoint, "GET", url, null, auth, HttpCall.Kind.READ, VastErrors.SoftFailure.RETURN).body();
  }

  private HttpResult send(String operation, Pacer.Endpoint endpoint, String method, String url, Object body, Auth auth,
      HttpCall.Kind kind, VastErrors.SoftFailure soft) {
    if (auth == Auth.REQUIRED) requireKey(operation);
    HttpCall.Builder b = HttpCall.builder(providerId, operation)
        .method(method, url, body == null ? null : ctx.json().write(body))
        .header("Accept", "application/json")
        .kind(kind);
    if (auth != Auth.NONE && apiKey != null) b.bearer(apiKey);
    ErrorRefiner refiner = VastErrors.refiner(soft, scrub);
    if (endpoint != null) pacer.acquire(endpoint);
    try {
      return ctx.http().execute(b.build(), refiner);
    } catch (RateLimitedException e) {
      if (endpoint != null) pacer.penalize(endpoint, e.retryAfter().orElse(endpoint.interval));
      throw e;
    }
  }

  /**
   * Map a parsed answer with {@code parser}; a wrong shape (a missing field, a wrong type) becomes a
   * {@code ProviderProtocolException} naming the operation, the key scrubbed from its excerpt.
   */
  <T> T parse(String operation, Answer a, Function<Object, T> parser) {
    return Bodies.map(providerId, operation, a.result(), a.json(), secrets, parser);
  }
}
