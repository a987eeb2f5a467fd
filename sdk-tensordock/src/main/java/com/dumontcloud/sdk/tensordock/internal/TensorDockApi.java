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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP edge of TensorDock API v2: bearer token, the 100 requests/minute organisation limit, generous deadlines,
 * the error classifier (HTTP-200 error bodies, Zod validation arrays, "No available nodes found") and the unwrapping
 * of the envelope variants.
 */
final class TensorDockApi {
  static final String PROVIDER = "tensordock";
  private static final Duration READ_DEADLINE = Duration.ofSeconds(60);
  private static final Duration WRITE_DEADLINE = Duration.ofSeconds(120);
  private static final List<String> CAPACITY = List.of("no available nodes", "insufficient capacity", "out of stock",
      "no available public ip", "not enough", "no longer available");

  private final ProviderContext ctx;
  private final String baseUrl;
  private final Secret token;
  private final String tokenSource;
  private final RateLimiter limiter;

  TensorDockApi(ProviderContext ctx, String baseUrl, Secret token, String tokenSource) {
    this.ctx = ctx;
    this.baseUrl = baseUrl;
    this.token = token;
    this.tokenSource = tokenSource;
    this.limiter = RateLimiter.of(ctx.scheduler(),
        RateLimiter.Limit.perPeriod(100, Duration.ofMinutes(1), 10), "tensordock organisation");
  }

  Object get(String operation, String path) {
    return send(operation, HttpCall.builder(PROVIDER, operation).get(baseUrl + path).kind(HttpCall.Kind.READ)
        .deadline(READ_DEADLINE));
  }

  Object post(String operation, String path, Object body, HttpCall.Kind kind) {
    return send(operation, HttpCall.builder(PROVIDER, operation)
        .post(baseUrl + path, body == null ? null : ctx.json().write(body)).kind(kind).deadline(WRITE_DEADLINE));
  }

  Object delete(String operation, String path) {
    return send(operation, HttpCall.builder(PROVIDER, operation).delete(baseUrl + path)
        .kind(HttpCall.Kind.IDEMPOTENT_WRITE).deadline(WRITE_DEADLINE));
  }

  private Object send(String operation, HttpCall.Builder b) {
    if (token == null) {
      throw new ConfigurationException("[provider=tensordock op=" + operation + "] no TensorDock API token: set "
          + tokenSource);
    }
    HttpCall call = b.bearer(token).header("Accept", "application/json").build();
    limiter.acquire();
    HttpResult r;
    try {
      r = ctx.http().execute(call, refiner());
    } catch (RateLimitedException e) {
      limiter.penalize(e.retryAfter().orElse(Duration.ofSeconds(10)));
      throw e;
    }
    if (r.body().isBlank()) return Map.of();
    return Bodies.read(ctx.json(), PROVIDER, operation, r, Function.identity());
  }

  // ------------------------------------------------------------------ errors

  /**
   * Refines core's one error table (the exception is built there): body-level errors on 2xx, validation arrays,
   * capacity and auth wording.
   */
  ErrorRefiner refiner() {
    return new ErrorRefiner() {
      @Override
      public Optional<ProviderError> refine(int status, String body) {
        return read(status, body, false);
      }

      @Override
      public Optional<ProviderError> refineSuccess(int status, String body) {
        return read(status, body, true);
      }
    };
  }

  private Optional<ProviderError> read(int status, String body, boolean ok) {
    Object tree = lenient(ctx.json(), body);
    int bodyStatus = bodyStatus(tree);
    List<String> messages = messages(tree);
    if (ok && bodyStatus < 400 && !(tree instanceof Map<?, ?> m && m.get("error") != null && m.get("data") == null)) {
      return Optional.empty();
    }
    int effective = ok ? (bodyStatus >= 400 ? bodyStatus : 400) : status;
    String text = String.join("; ", messages);
    String lower = text.toLowerCase(Locale.ROOT);
    if (CAPACITY.stream().anyMatch(lower::contains)) {
      return Optional.of(ProviderError.of(ProviderError.Kind.CAPACITY, "no_capacity", text));
    }
    if (!ok && messages.isEmpty()) return Optional.empty(); // the status alone decides
    ProviderError.Kind kind = switch (effective) {
      case 401, 403 -> ProviderError.Kind.AUTH;
      case 404, 410 -> ProviderError.Kind.NOT_FOUND;
      case 429 -> ProviderError.Kind.RATE_LIMITED;
      default -> effective >= 500 ? ProviderError.Kind.SERVER : ProviderError.Kind.INVALID;
    };
    ProviderError.Builder e = ProviderError.builder(kind).message(text.isEmpty() ? "HTTP " + effective : text);
    if (kind == ProviderError.Kind.AUTH) e.hint("TensorDock rejected the API token; check TENSORDOCK_API_TOKEN");
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
