package com.dumontcloud.sdk.tensordock.internal;

import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.support.Bodies;
import com.dumontcloud.sdk.spi.support.ErrorRefiner;
import com.dumontcloud.sdk.spi.support.ProviderError;
import java.util.Optional;
import com.dumontcloud.sdk.spi.support.HttpCall;
import com.dumontcloud.sdk.spi.support.HttpResult;
import com.dumontcloud.sdk.spi.support.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP edge of both TensorDock API generations. v2: bearer token, JSON bodies. v0 (legacy): form-encoded POSTs
 * carrying {@code api_key} + {@code api_token}, declared as secret fields so the transport scrubs them from every log
 * line and exception and {@link HttpCall#toString()} masks them. Shared: a client-side rate limiter (v2: the 100
 * requests/minute organisation limit; v0: the docs' one request per second) that a 429 penalises, after which the
 * call is sent again through the limiter (a 429 proves the request was not processed, so this holds for creates
 * too); generous deadlines; the error refiner (HTTP-200 error bodies, Zod validation arrays, capacity wording, v0
 * state conflicts) and the unwrapping of the envelope variants.
 */
final class TensorDockApi {
  static final String PROVIDER = "tensordock";
  /** Sends after a 429 before the rate limit is reported to the caller. */
  static final int RATE_LIMIT_RESENDS = 3;
  private static final Duration READ_DEADLINE = Duration.ofSeconds(60);
  private static final Duration WRITE_DEADLINE = Duration.ofSeconds(120);
  private static final Duration DEFAULT_PENALTY = Duration.ofSeconds(10);
  private static final List<String> CAPACITY = List.of("no available nodes", "insufficient capacity", "out of stock",
      "no available public ip", "not enough", "no longer available");
  /** v0 state conflicts ("Machine is running, therefore it cannot be started") and v2's start/stop wording. */
  private static final List<String> CONFLICT = List.of("therefore it cannot", "already running", "must be stopped",
      "already stopped");

  /** The API generation. */
  enum Generation {
    V2,
    V0
  }

  private final ProviderContext ctx;
  private final Generation generation;
  private final String baseUrl;
  private final Secret token;
  private final Secret key;
  private final String credentialSource;
  private final RateLimiter limiter;

  /**
   * @param token v2 bearer token, or the v0 {@code api_token}
   * @param key the v0 {@code api_key} (Authorization ID); null on v2
   * @param credentialSource where the credentials are set, for the "not configured" message
   */
  TensorDockApi(ProviderContext ctx, Generation generation, String baseUrl, Secret token, Secret key,
      String credentialSource) {
    this.ctx = ctx;
    this.generation = generation;
    this.baseUrl = baseUrl;
    this.token = token;
    this.key = key;
    this.credentialSource = credentialSource;
    this.limiter = RateLimiter.of(ctx.scheduler(), generation == Generation.V2
        ? RateLimiter.Limit.perPeriod(100, Duration.ofMinutes(1), 10)
        : RateLimiter.Limit.perPeriod(60, Duration.ofMinutes(1), 5), "tensordock organisation");
  }

  Generation generation() {
    return generation;
  }

  Object get(String operation, String path) {
    return send(operation, HttpCall.builder(PROVIDER, operation).get(baseUrl + path).kind(HttpCall.Kind.READ)
        .deadline(READ_DEADLINE), true);
  }

  /** A GET that needs no credentials (v0 {@code /client/deploy/hostnodes} is public). */
  Object getPublic(String operation, String path) {
    return send(operation, HttpCall.builder(PROVIDER, operation).get(baseUrl + path).kind(HttpCall.Kind.READ)
        .deadline(READ_DEADLINE), false);
  }

  Object post(String operation, String path, Object body, HttpCall.Kind kind) {
    return send(operation, HttpCall.builder(PROVIDER, operation)
        .post(baseUrl + path, body == null ? null : ctx.json().write(body)).kind(kind).deadline(WRITE_DEADLINE), true);
  }

  Object delete(String operation, String path) {
    return send(operation, HttpCall.builder(PROVIDER, operation).delete(baseUrl + path)
        .kind(HttpCall.Kind.IDEMPOTENT_WRITE).deadline(WRITE_DEADLINE), true);
  }

  /** A v0 form POST: {@code api_key}, {@code api_token}, then {@code fields} in order. */
  Object form(String operation, String path, Map<String, String> fields, HttpCall.Kind kind) {
    requireCredentials(operation);
    Map<String, String> f = new LinkedHashMap<>();
    f.put("api_key", key.reveal());
    f.put("api_token", token.reveal());
    f.putAll(fields);
    return send(operation, HttpCall.builder(PROVIDER, operation).form(baseUrl + path, f)
        .secretFields("api_key", "api_token").kind(kind).deadline(WRITE_DEADLINE), false);
  }

  /** What to set when the credentials of this API generation are missing; null when they are there. */
  String missingCredentials() {
    if (token != null && (generation != Generation.V0 || key != null)) return null;
    return "no TensorDock " + (generation == Generation.V0 ? "API v0 key pair (api-key and api-token)" : "API token")
        + ": set " + credentialSource;
  }

  private void requireCredentials(String operation) {
    String missing = missingCredentials();
    if (missing != null) throw new ConfigurationException("[provider=tensordock op=" + operation + "] " + missing);
  }

  private Object send(String operation, HttpCall.Builder b, boolean bearer) {
    if (bearer) {
      requireCredentials(operation);
      b.bearer(token);
    }
    HttpCall call = b.header("Accept", "application/json").build();
    HttpResult r = null;
    for (int sent = 1; r == null; sent++) {
      limiter.acquire();
      try {
        r = ctx.http().execute(call, refiner(operation));
      } catch (RateLimitedException e) {
        limiter.penalize(e.retryAfter().orElse(DEFAULT_PENALTY));
        if (sent > RATE_LIMIT_RESENDS || !e.retryable()) throw e;
      }
    }
    if (r.body().isBlank()) return Map.of();
    return Bodies.read(ctx.json(), PROVIDER, operation, r, Function.identity());
  }

  // ------------------------------------------------------------------ errors

  /**
   * Refines core's one error table (the exception is built there): body-level errors on 2xx, validation arrays,
   * capacity and auth wording.
   */
  ErrorRefiner refiner(String operation) {
    return new ErrorRefiner() {
      @Override
      public Optional<ProviderError> refine(int status, String body) {
        return read(operation, status, body, false);
      }

      @Override
      public Optional<ProviderError> refineSuccess(int status, String body) {
        return read(operation, status, body, true);
      }
    };
  }

  /**
   * A 2xx is an error when its body says so: v2 {@code {"status":>=400,"error":..}} or an {@code error} without
   * {@code data}, v0 {@code "success": false} (also the string {@code "false"}). A bare 5xx on delete is
   * {@link ProviderError.Kind#UNAVAILABLE} (retried: v0 deletes fail now and then and succeed when sent again).
   */
  private Optional<ProviderError> read(String operation, int status, String body, boolean ok) {
    Object tree = lenient(ctx.json(), body);
    int bodyStatus = bodyStatus(tree);
    List<String> messages = messages(tree);
    boolean failed = tree instanceof Map<?, ?> m && ((m.get("error") != null && m.get("data") == null)
        || Boolean.FALSE.equals(m.get("success")) || "false".equals(m.get("success")));
    if (ok && bodyStatus < 400 && !failed) return Optional.empty();
    int effective = ok ? (bodyStatus >= 400 ? bodyStatus : 400) : status;
    String text = String.join("; ", messages);
    String lower = text.toLowerCase(Locale.ROOT);
    if (CAPACITY.stream().anyMatch(lower::contains)) {
      return Optional.of(ProviderError.of(ProviderError.Kind.CAPACITY, "no_capacity", text));
    }
    if (CONFLICT.stream().anyMatch(lower::contains)) {
      return Optional.of(ProviderError.of(ProviderError.Kind.CONFLICT, "state_conflict", text));
    }
    if (lower.contains("already terminated")) {
      return Optional.of(ProviderError.of(ProviderError.Kind.NOT_FOUND, "already_terminated", text));
    }
    if (!ok && effective >= 500 && operation.equals("terminate")) {
      return Optional.of(ProviderError.builder(ProviderError.Kind.UNAVAILABLE).code("delete_failed")
          .message(text.isEmpty() ? "HTTP " + effective + " on delete" : text).build());
    }
    if (!ok && messages.isEmpty()) return Optional.empty(); // the status alone decides
    ProviderError.Kind kind = switch (effective) {
      case 401, 403 -> ProviderError.Kind.AUTH;
      case 404, 410 -> ProviderError.Kind.NOT_FOUND;
      case 429 -> ProviderError.Kind.RATE_LIMITED;
      default -> effective >= 500 ? ProviderError.Kind.SERVER : ProviderError.Kind.INVALID;
    };
    if (ok && lower.contains("authoriz")) kind = ProviderError.Kind.AUTH; // v0: 200 "Invalid authorization ..."
    if (ok && lower.contains("not found")) kind = ProviderError.Kind.NOT_FOUND; // v0: 200 "Machine not found"
    ProviderError.Builder e = ProviderError.builder(kind).message(text.isEmpty() ? "HTTP " + effective : text);
    if (kind == ProviderError.Kind.AUTH) e.hint("TensorDock rejected the credentials; check " + credentialSource);
    return Optional.of(e.build());
  }

  private static Object lenient(com.dumontcloud.sdk.spi.support.JsonCodec json, String body) {
    if (body == null || body.isBlank()) return null;
    try {
      return json.parse(body);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static int bodyStatus(Object tree) {
    if (tree instanceof Map<?, ?> m && m.get("status") instanceof Number n) return n.intValue();
    return 0;
  }

  /** Every message of an error body: Zod arrays, {@code error}, {@code message}, JSON:API {@code errors}. */
  static List<String> messages(Object tree) {
    List<String> out = new ArrayList<>();
    if (tree instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m && m.get("message") != null) {
          Object path = m.get("path");
          String at = path instanceof List<?> p && !p.isEmpty() ? " (at " + p.get(p.size() - 1) + ")" : "";
          out.add(m.get("message") + at);
        } else if (o instanceof String s) {
          out.add(s);
        }
      }
    } else if (tree instanceof Map<?, ?> m) {
      if (m.get("error") instanceof String s) out.add(s);
      if (m.get("error") instanceof Map<?, ?> e && e.get("message") != null) out.add(String.valueOf(e.get("message")));
      if (m.get("message") instanceof String s && !out.contains(s)) out.add(s);
      if (m.get("errors") instanceof List<?> l) {
        for (Object o : l) {
          if (o instanceof Map<?, ?> e) {
            Object t = e.get("detail") != null ? e.get("detail") : e.get("title") != null ? e.get("title") : e.get("message");
            if (t != null) out.add(String.valueOf(t));
          }
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ envelopes

  /** The instance objects of a list answer, in any of the documented and observed envelopes. */
  static List<Map<String, Object>> instances(Object tree) {
    Object data = tree instanceof Map<?, ?> m && m.containsKey("data") ? m.get("data") : tree;
    if (data instanceof Map<?, ?> dm) {
      if (dm.get("instances") != null) data = dm.get("instances");
      else if (dm.get("attributes") instanceof Map<?, ?> a && a.get("instances") != null) data = a.get("instances");
    }
    if (tree instanceof Map<?, ?> m && !m.containsKey("data") && m.get("instances") != null) data = m.get("instances");
    List<Map<String, Object>> out = new ArrayList<>();
    if (data instanceof List<?> l) {
      for (Object o : l) out.add(flatten(o));
    }
    return out;
  }

  /** One instance or create answer: flat, {@code {data:{..}}} or {@code {data:{id,type,attributes:{..}}}}. */
  static Map<String, Object> single(Object tree) {
    Object o = tree;
    if (o instanceof Map<?, ?> m && m.get("data") instanceof Map<?, ?> d) o = d;
    return flatten(o);
  }

  /** The object with its {@code attributes} merged in (attributes win, the outer id is kept). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> flatten(Object o) {
    Map<String, Object> m = new java.util.LinkedHashMap<>((Map<String, Object>) o);
    if (m.get("attributes") instanceof Map<?, ?> a) {
      Object id = m.get("id");
      m.putAll((Map<String, Object>) a);
      if (id != null) m.put("id", id);
      m.remove("attributes");
    }
    return m;
  }

  /** The first present of the keys (camelCase and snake_case spellings). */
  static Object field(Map<String, Object> m, String... keys) {
    for (String k : keys) {
      Object v = m.get(k);
      if (v != null) return v;
    }
    return null;
  }

  static String str(Map<String, Object> m, String... keys) {
    Object v = field(m, keys);
    return v == null ? null : v instanceof Double d && d == Math.rint(d) ? String.valueOf(d.longValue()) : v.toString();
  }

  static double num(Object v, double def) {
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return def;
      }
    }
    return def;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> obj(Object v) {
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static List<?> list(Object v) {
    return v instanceof List<?> l ? l : List.of();
  }
}
