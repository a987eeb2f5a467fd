package com.dumontcloud.sdk.gcp.internal;

import static com.dumontcloud.sdk.spi.support.Json.arr;
import static com.dumontcloud.sdk.spi.support.Json.obj;
import static com.dumontcloud.sdk.spi.support.Json.str;

import com.dumontcloud.sdk.exception.ProviderErrorDetails;
import com.dumontcloud.sdk.exception.ProviderException;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.support.Acceptor;
import com.dumontcloud.sdk.spi.support.Bodies;
import com.dumontcloud.sdk.spi.support.ErrorRefiner;
import com.dumontcloud.sdk.spi.support.HttpCall;
import com.dumontcloud.sdk.spi.support.HttpResult;
import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.spi.support.Paginator;
import com.dumontcloud.sdk.spi.support.ProviderError;
import com.dumontcloud.sdk.spi.support.ProviderError.Kind;
import com.dumontcloud.sdk.spi.support.RateLimiter;
import com.dumontcloud.sdk.spi.support.Redaction;
import com.dumontcloud.sdk.spi.support.Waiter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP edge of Compute Engine v1: bearer tokens from {@link GcpAuth}, a client-side rate limit, the Google
 * error body refined into the core's table (403 {@code rateLimitExceeded} and every 429 retryable, 403
 * {@code quotaExceeded} not), lazy {@code nextPageToken} paging, aggregated lists, and operations awaited with
 * {@code zoneOperations.wait} in a {@link Waiter} loop (the wait is best effort: it may return before DONE).
 */
final class GcpApi {
  static final String PROVIDER = "gcp";
  private static final Set<String> CAPACITY = Set.of("ZONE_RESOURCE_POOL_EXHAUSTED",
      "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS", "REGION_RESOURCE_POOL_EXHAUSTED", "RESOURCE_POOL_EXHAUSTED",
      "GPU_STOCKOUT", "UNSUPPORTED_OPERATION", "VM_MIN_COUNT_NOT_REACHED");
  private static final Pattern QUOTA = Pattern.compile("Quota '([^']+)' exceeded\\.\\s+Limit: ([0-9.]+)(?: in (region|zone) ([a-z0-9-]+)| (globally))?");

  /** What a failed operation blocks in a zone failover. */
  enum Scope { ZONE, REGION, ALL }

  /** A DONE operation's error: the exception and what it rules out. */
  record OperationFailure(ProviderException exception, Scope scope) {}

  /**
   * @param base the Compute base URL
   * @param operationTimeout how long {@link #await} waits
   * @param limiter client-side pacing (20 requests/s), slowed down further by 429s
   */
  record Edge(ProviderContext ctx, GcpAuth auth, String base, Duration operationTimeout, RateLimiter limiter) {}

  private final Edge edge;
  private final ProviderContext ctx;

  GcpApi(ProviderContext ctx, GcpAuth auth, String base, Duration operationTimeout) {
    this.edge = new Edge(ctx, auth, base, operationTimeout, RateLimiter.of(ctx.scheduler(),
        RateLimiter.Limit.perPeriod(20, Duration.ofSeconds(1), 20), "gcp compute API"));
    this.ctx = ctx;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  Map<String, Object> get(String operation, String path) {
    return send(operation, HttpCall.builder(PROVIDER, operation).get(url(path)).kind(HttpCall.Kind.READ));
  }

  /** A mutating call; {@code requestId} makes a resend safe, so every one of them is an idempotent write. */
  Map<String, Object> post(String operation, String path, Object body) {
    return send(operation, HttpCall.builder(PROVIDER, operation)
        .post(url(path), body == null ? "{}" : ctx.json().write(body)).kind(HttpCall.Kind.IDEMPOTENT_WRITE));
  }

  Map<String, Object> delete(String operation, String path) {
    return send(operation, HttpCall.builder(PROVIDER, operation).delete(url(path))
        .kind(HttpCall.Kind.IDEMPOTENT_WRITE));
  }

  /** Every item of a paged list ({@code items} array, or the per-scope lists of an aggregatedList). */
  List<Map<String, Object>> list(String operation, String path, String arrayKey, String itemsKey) {
    return Paginator.<Map<String, Object>>cursor(PROVIDER, operation, token -> {
      String sep = path.contains("?") ? "&" : "?";
      Map<String, Object> page = get(operation, path + (token == null ? "" : sep + "pageToken=" + enc(token)));
      return mapping(operation, () -> page(page, arrayKey, itemsKey));
    }).tokenName("nextPageToken").build().toList();
  }

  private static Paginator.Page<Map<String, Object>> page(Map<String, Object> page, String arrayKey, String itemsKey) {
    List<Map<String, Object>> items = new ArrayList<>();
    Object raw = page.get(arrayKey);
    if (raw instanceof List<?> l) {
      for (Object o : l) items.add(obj(o, "items[]"));
    } else if (raw instanceof Map<?, ?> scopes) {
      for (Object scope : scopes.values()) {
        Object inner = obj(scope, "items{}").get(itemsKey);
        if (inner != null) for (Object o : arr(inner, itemsKey)) items.add(obj(o, itemsKey + "[]"));
      }
    }
    return new Paginator.Page<>(items, str(page, "nextPageToken"));
  }

  private String url(String path) {
    return path.startsWith("http") ? path : edge.base() + path;
  }

  private Map<String, Object> send(String operation, HttpCall.Builder b) {
    b.header("Accept", "application/json").deadline(Duration.ofMinutes(3));
    HttpResult r;
    try {
      r = execute(b.bearer(edge.auth().token()).build());
    } catch (com.dumontcloud.sdk.exception.AuthenticationException e) {
      if (!edge.auth().refreshable()) throw e;
      edge.auth().forceRefresh(); // revoked or expired early: one fresh token, then the answer stands
      r = execute(b.bearer(edge.auth().token()).build());
    }
    if (r.body().isBlank()) return Map.of();
    return Bodies.read(ctx.json(), PROVIDER, operation, r, root -> Json.obj(root, "answer"));
  }

  private HttpResult execute(HttpCall call) {
    edge.limiter().acquire();
    try {
      return ctx.http().execute(call, REFINER);
    } catch (RateLimitedException e) {
      edge.limiter().penalize(e.retryAfter().orElse(Duration.ofSeconds(5)));
      throw e;
    }
  }

  /**
   * Run a mapping of answers already read: the usual symptoms of an unexpected shape become a
   * {@link com.dumontcloud.sdk.exception.ProviderProtocolException} naming the operation, never a raw exception.
   */
  static <T> T mapping(String operation, java.util.function.Supplier<T> f) {
    try {
      return f.get();
    } catch (IllegalArgumentException | ClassCastException | NullPointerException | IndexOutOfBoundsException
             | java.time.DateTimeException e) {
      throw new com.dumontcloud.sdk.exception.ProviderProtocolException(ProviderErrorDetails.of(PROVIDER, operation,
          "unexpected answer: " + Redaction.redact(String.valueOf(e.getMessage()))), e);
    }
  }

  // ------------------------------------------------------------------ operations

  /**
   * Await a zonal operation until DONE ({@code zoneOperations.wait} in a loop), then return it, or throw the error a
   * DONE operation carries.
   */
  Map<String, Object> await(String operation, Map<String, Object> op) {
    Map<String, Object> done = awaitDone(operation, op);
    OperationFailure f = failure(operation, done);
    if (f != null) throw f.exception();
    return done;
  }

  /** Await DONE without judging the outcome. */
  Map<String, Object> awaitDone(String operation, Map<String, Object> op) {
    if ("DONE".equals(str(op, "status"))) return op;
    String zone = GcpNames.last(str(op, "zone"));
    String name = str(op, "name");
    if (zone == null || name == null) {
      throw new com.dumontcloud.sdk.exception.ProviderProtocolException(ProviderErrorDetails.of(PROVIDER, operation,
          "the operation answer names no zone or operation name"));
    }
    String path = "/projects/" + enc(projectOf(op)) + "/zones/" + enc(zone) + "/operations/" + enc(name) + "/wait";
    return Waiter.<Map<String, Object>>builder(ctx.scheduler())
        .description(operation + " operation " + name + " in " + zone + " done")
        .providerId(PROVIDER)
        .acceptors(Acceptor.success(o -> "DONE".equals(str(o, "status"))),
            // the wait long-polls up to 2 min, longer than an attempt may take: a cut-off wait is simply re-issued
            Acceptor.retryOnError(e -> e instanceof RateLimitedException
                || e instanceof ProviderServerException p && p.retryable()
                || e instanceof com.dumontcloud.sdk.exception.AttemptTimeoutException
                || e instanceof com.dumontcloud.sdk.exception.CallTimeoutException
                || e instanceof com.dumontcloud.sdk.exception.ConnectionException))
        .backoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(10))
        .deadline(edge.operationTimeout())
        .describeLast(o -> String.valueOf(o.get("status")))
        .build()
        .run(() -> post(operation + ".wait", path, null));
  }

  private static String projectOf(Map<String, Object> op) {
    String link = str(op, "selfLink");
    if (link == null) link = str(op, "zone");
    Matcher m = Pattern.compile("/projects/([^/]+)/").matcher(link == null ? "" : link);
    if (!m.find()) throw new IllegalArgumentException("operation selfLink names no project");
    return m.group(1);
  }

  /** The failure of a DONE operation, or null when it succeeded. */
  static OperationFailure failure(String operation, Map<String, Object> op) {
    Object error = op.get("error");
    if (error == null) return null;
    List<Object> errors = arr(obj(error, "error").getOrDefault("errors", List.of()), "error.errors");
    Map<String, Object> first = errors.isEmpty() ? Map.of() : obj(errors.get(0), "error.errors[]");
    String code = str(first, "code");
    String message = str(first, "message");
    int status = Json.num(op, "httpErrorStatusCode") == null ? 400 : Json.num(op, "httpErrorStatusCode").intValue();
    String zone = GcpNames.last(str(op, "zone"));
    Kind kind;
    Scope scope = Scope.ALL;
    String hint = null;
    if (code != null && CAPACITY.contains(code)) {
      kind = Kind.CAPACITY;
      scope = code.startsWith("REGION") ? Scope.REGION : Scope.ZONE;
      String available = errorInfo(first).get("zonesAvailable");
      message = "zone " + zone + " has no capacity for this machine (" + code + ")";
      if (available != null && !available.isBlank()) hint = "zones with capacity now: " + available;
    } else if ("QUOTA_EXCEEDED".equals(code)) {
      kind = Kind.QUOTA;
      Matcher m = QUOTA.matcher(message == null ? "" : message);
      boolean found = m.find();
      String metric = found ? m.group(1) : "unknown";
      boolean regional = found && m.group(4) != null;
      scope = regional ? Scope.REGION : Scope.ALL;
      message = "quota " + metric + " exceeded " + (regional ? "in " + m.group(3) + " " + m.group(4) : "globally")
          + " (limit " + (found ? m.group(2) : "?") + ")";
      hint = "request a higher quota in the Cloud console (IAM & Admin > Quotas)";
    } else {
      kind = switch (code == null ? "" : code) {
        case "RESOURCE_ALREADY_EXISTS", "RESOURCE_NOT_READY" -> Kind.CONFLICT;
        case "RESOURCE_NOT_FOUND" -> Kind.NOT_FOUND;
        case "RESOURCE_OPERATION_RATE_EXCEEDED" -> Kind.RATE_LIMITED;
        case "IAM_PERMISSION_DENIED" -> Kind.PERMISSION;
        default -> Kind.UNKNOWN;
      };
      if ("RESOURCE_NOT_FOUND".equals(code)) scope = Scope.ZONE;
    }
    ProviderErrorDetails d = new ProviderErrorDetails(PROVIDER, operation, status, code, null, null,
        str(op, "name"), 1, false, null);
    ProviderError pe = ProviderError.builder(kind).code(code).message(message).hint(hint).build();
    return new OperationFailure(pe.toException(d), scope);
  }

  private static Map<String, String> errorInfo(Map<String, Object> error) {
    Object details = error.get("errorDetails");
    if (!(details instanceof List<?> l)) return Map.of();
    for (Object d : l) {
      if (d instanceof Map<?, ?> m && m.get("errorInfo") instanceof Map<?, ?> info
          && info.get("metadatas") instanceof Map<?, ?> md) {
        Map<String, String> out = new java.util.HashMap<>();
        md.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
      }
    }
    return Map.of();
  }

  // ------------------------------------------------------------------ synchronous errors

  /** The Google JSON error body, refined: {@code errors[0].reason}, then {@code details[].reason}, then the status. */
  static final ErrorRefiner REFINER = (status, body) -> {
    Object tree;
    try {
      tree = com.dumontcloud.sdk.spi.support.JsonCodec.standard().parse(body);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!(tree instanceof Map<?, ?> root) || !(root.get("error") instanceof Map<?, ?> err)) return Optional.empty();
    @SuppressWarnings("unchecked") Map<String, Object> e = (Map<String, Object>) err;
    String message = str(e, "message");
    String reason = null;
    if (e.get("errors") instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> f) {
      reason = f.get("reason") == null ? null : String.valueOf(f.get("reason"));
    }
    if (reason == null && e.get("details") instanceof List<?> l) {
      for (Object d : l) if (d instanceof Map<?, ?> dm && dm.get("reason") != null) reason = String.valueOf(dm.get("reason"));
    }
    if (reason == null) reason = str(e, "status");
    String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT).replace("_", "");
    Kind kind = switch (r) {
      case "ratelimitexceeded", "userratelimitexceeded", "resourceexhausted" -> Kind.RATE_LIMITED;
      case "quotaexceeded" -> Kind.QUOTA;
      case "notfound" -> Kind.NOT_FOUND;
      case "alreadyexists", "conditionnotmet", "resourcenotready", "resourceinusebyanotherresource" -> Kind.CONFLICT;
      case "forbidden", "iampermissiondenied", "accessnotconfigured", "servicedisabled", "permissiondenied" ->
          Kind.PERMISSION;
      case "autherror", "unauthenticated" -> Kind.AUTH;
      case "invalid", "badrequest", "required", "invalidparameter", "invalidargument" -> Kind.INVALID;
      case "backenderror", "internalerror" -> Kind.SERVER;
      default -> Kind.UNKNOWN;
    };
    if (status == 429) kind = Kind.RATE_LIMITED;
    String hint = kind == Kind.AUTH ? "check the credentials: gcp.credentials-file / GOOGLE_APPLICATION_CREDENTIALS"
        : null;
    return Optional.of(ProviderError.builder(kind).code(reason).message(Redaction.redact(message)).hint(hint).build());
  };
}
