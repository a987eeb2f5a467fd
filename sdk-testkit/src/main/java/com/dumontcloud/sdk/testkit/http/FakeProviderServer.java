package com.dumontcloud.sdk.testkit.http;

import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A loopback HTTP fake of a provider's REST API, for provider authors' tests: a routing table of handlers
 * (method + path pattern, first match wins), a call log, an auth check, {@link Fault} rules and latency. A fake
 * of a whole provider is a set of handlers over the provider's state, as fabric8's {@code KubernetesCrudDispatcher}
 * is for Kubernetes; {@code FakeVastServer} in {@code testkit.vast} is built this way.
 *
 * <pre>{@code
 * try (FakeProviderServer api = FakeProviderServer.start()) {
 *   api.requireBearer("test-key")
 *      .route("GET", "/v1/machines/{id}/", r -> Response.json(200, Map.of("id", r.pathParam("id"))))
 *      .route("POST", "/v1/machines/", r -> Response.json(201, r.jsonObject()))
 *      .failNext("GET", "/v1/machines/**", Fault.status(502, "bad gateway"));
 *   MyProvider p = MyProvider.create(api.baseUrl(), "test-key");
 *   ...
 *   assertThat(api.calls("POST", "/v1/machines/")).hasSize(1);
 * }
 * }</pre>
 *
 * <h2>How a request is answered</h2>
 * <ol>
 *   <li>It is recorded in the call log ({@link #calls()}).
 *   <li>The first {@link Fault} rule matching method and path is taken (and counted down).
 *   <li>{@link #guard guards} run in order; the first that answers wins (e.g. "no keys in query strings").
 *   <li>A taken fault marked {@link Fault#beforeAuth()} answers now.
 *   <li>The {@link #authCheck auth check}; a refused request gets the {@link #unauthorized} answer (401 JSON).
 *   <li>A taken fault that is not {@link Fault#processed() processed} answers now.
 *   <li>The first route whose method and pattern match runs. No pattern matches: 404 JSON; a pattern matches
 *       with another method: 405 JSON with {@code Allow} (both answers configurable). A handler that throws gets
 *       the {@link #onError} answer (500 JSON).
 *   <li>A processed fault alters the answer (latency, replaced answer, dropped connection); then the server-wide
 *       {@link #latency(Duration)} is added.
 * </ol>
 *
 * <p><b>Path patterns.</b> Literal segments and named ones ({@code /api/v0/instances/{id}/}: {@code {id}} matches
 * one non-empty segment, decoded into {@link Request#pathParams()}); a trailing {@code **} matches any rest, and
 * a pattern without named segments that ends in {@code **} is a raw prefix ({@code /api/v0/inst**}). Paths are
 * matched raw and exactly, so {@code /a/} and {@code /a} differ.
 *
 * <p><b>Transport.</b> The JDK's {@code com.sun.net.httpserver.HttpServer} (module {@code jdk.httpserver}, in
 * every JDK since 6), bound to {@code 127.0.0.1}, one thread per concurrent exchange. Not OkHttp's
 * {@code mockwebserver3}: its 5.x releases need {@code okhttp-jvm} 5 and Kotlin stdlib 2 at compile scope, which
 * would put a second copy of the {@code okhttp3} packages next to the SDK's OkHttp 4.12 on every test kit user's
 * class path and break dependency convergence. Not the deprecated {@code okhttp3.mockwebserver} either: it
 * drags JUnit 4 onto users' test class paths. The JDK server parses HTTP/1.1; this class only routes.
 *
 * <p>Thread-safe: routes, rules and settings may change while requests are served. Handlers run concurrently;
 * a handler over shared state synchronises on it. Delays are served outside handlers, so a slow answer does not
 * hold a fake's lock.
 */
public final class FakeProviderServer implements AutoCloseable {
  /** Answers one request. May throw; the server then answers with {@link #onError}. */
  @FunctionalInterface
  public interface Handler {
    Response handle(Request request) throws Exception;
  }

  /** A request as logged: method, raw path, raw query (null: none), {@code Authorization} header, body text. */
  public record Call(String method, String path, String query, String authorization, String body) {}

  private record Route(String method, PathPattern pattern, Handler handler) {}

  private static final class FaultRule {
    final String method;
    final PathPattern pattern;
    final Fault fault;
    int remaining;

    FaultRule(String method, PathPattern pattern, int times, Fault fault) {
      this.method = method;
      this.pattern = pattern;
      this.remaining = times;
      this.fault = fault;
    }

    boolean matches(String m, String path) {
      return (method.equals("*") || method.equalsIgnoreCase(m)) && pattern.match(path) != null;
    }
  }

  static {
    // The JDK server writes an answer as a head and a body: with Nagle's algorithm on, the body waits for the
    // client's delayed ACK, about 40 ms per request on Linux, which a real provider's API does not add. The JDK
    // reads this once, when its first server is created (DumontServer sets it too).
    if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final JsonCodec json = JsonTrees.codec();
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final List<Function<Request, Response>> guards = new CopyOnWriteArrayList<>();
  private final List<FaultRule> faults = new ArrayList<>();
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private volatile Predicate<Request> authCheck = r -> true;
  private volatile Function<Request, Response> unauthorized = r -> Response.json(401,
      Map.of("error", "unauthorized", "msg", "missing or wrong credentials"));
  private volatile Function<Request, Response> notFound = r -> Response.json(404,
      Map.of("error", "not_found", "msg", "no route for " + r.method() + " " + r.path()));
  private volatile BiFunction<Request, Set<String>, Response> methodNotAllowed = (r, allowed) -> Response.json(405,
      Map.of("error", "method_not_allowed", "msg", r.method() + " is not allowed on " + r.path() + "; allowed: "
          + String.join(", ", allowed))).withHeader("Allow", String.join(", ", allowed));
  private volatile BiFunction<Request, Exception, Response> onError = (r, e) -> Response.json(500,
      Map.of("error", "handler_failed", "msg", String.valueOf(e)));
  private volatile Duration latency = Duration.ZERO;

  private FakeProviderServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Start on a free loopback port. */
  public static FakeProviderServer start() {
    return start(0);
  }

  /** Start on {@code 127.0.0.1:port} (0 picks a free one). */
  public static FakeProviderServer start(int port) {
    if (port < 0 || port > 65_535) throw new IllegalArgumentException("port " + port + " is outside 0..65535");
    HttpServer s;
    try {
      s = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a fake provider server on 127.0.0.1:" + port, e);
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService ex = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-provider-" + s.getAddress().getPort() + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    FakeProviderServer f = new FakeProviderServer(s, ex);
    s.setExecutor(ex);
    s.createContext("/", f::exchange);
    s.start();
    return f;
  }

  // ------------------------------------------------------------------ routes

  /**
   * Route {@code method} (e.g. {@code GET}; {@code *} for any) on {@code pathPattern} to {@code handler}. Routes
   * are tried in the order added.
   */
  public FakeProviderServer route(String method, String pathPattern, Handler handler) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(handler, "handler");
    routes.add(new Route(method.toUpperCase(Locale.ROOT), PathPattern.of(pathPattern), handler));
    return this;
  }

  /** A check before auth and routing; answering non-null refuses the request with that answer. */
  public FakeProviderServer guard(Function<Request, Response> guard) {
    guards.add(Objects.requireNonNull(guard, "guard"));
    return this;
  }

  /** Answer for paths no route pattern matches (default 404 JSON). */
  public FakeProviderServer notFound(Function<Request, Response> answer) {
    this.notFound = Objects.requireNonNull(answer, "answer");
    return this;
  }

  /** Answer for a path that routes only with other methods (default 405 JSON with {@code Allow}). */
  public FakeProviderServer methodNotAllowed(BiFunction<Request, Set<String>, Response> answer) {
    this.methodNotAllowed = Objects.requireNonNull(answer, "answer");
    return this;
  }

  /** Answer when a handler throws (default 500 JSON naming the exception). */
  public FakeProviderServer onError(BiFunction<Request, Exception, Response> answer) {
    this.onError = Objects.requireNonNull(answer, "answer");
    return this;
  }

  // ------------------------------------------------------------------ auth

  /** Requests must carry {@code Authorization: Bearer <token>}; null accepts every request. */
  public FakeProviderServer requireBearer(String token) {
    String want = token == null ? null : "Bearer " + token;
    return authCheck(want == null ? null : r -> want.equals(r.header("Authorization")));
  }

  /** A custom auth check (true: accepted); null accepts every request. */
  public FakeProviderServer authCheck(Predicate<Request> check) {
    this.authCheck = check == null ? r -> true : check;
    return this;
  }

  /** The answer to a request the auth check refused (default 401 JSON). */
  public FakeProviderServer unauthorized(Function<Request, Response> answer) {
    this.unauthorized = Objects.requireNonNull(answer, "answer");
    return this;
  }

  // ------------------------------------------------------------------ faults and latency

  /**
   * Inject {@code fault} into the next {@code times} requests with this method ({@code *}: any) whose path
   * matches {@code pathPattern}. Rules are tried in the order added; the first match is used and counted down.
   */
  public FakeProviderServer fail(String method, String pathPattern, int times, Fault fault) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(fault, "fault");
    if (times < 1) throw new IllegalArgumentException("times is " + times + "; a fault rule applies at least once");
    FaultRule rule = new FaultRule(method, PathPattern.of(pathPattern), times, fault);
    synchronized (faults) {
      faults.add(rule);
    }
    return this;
  }

  /** Inject {@code fault} into the next matching request. */
  public FakeProviderServer failNext(String method, String pathPattern, Fault fault) {
    return fail(method, pathPattern, 1, fault);
  }

  /** Forget every fault rule not yet used up. */
  public FakeProviderServer clearFaults() {
    synchronized (faults) {
      faults.clear();
    }
    return this;
  }

  /** Delay every answer by {@code latency} (on top of any fault's); {@link Duration#ZERO} turns it off. */
  public FakeProviderServer latency(Duration latency) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) throw new IllegalArgumentException("latency " + latency + " is negative");
    this.latency = latency;
    return this;
  }

  // ------------------------------------------------------------------ call log, address

  /** Every request received, in order. */
  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** Requests with this method whose path starts with {@code pathPrefix}. */
  public List<Call> calls(String method, String pathPrefix) {
    return calls().stream().filter(c -> c.method().equalsIgnoreCase(method) && c.path().startsWith(pathPrefix))
        .toList();
  }

  /** Forget the call log. */
  public void clearCalls() {
    calls.clear();
  }

  /** {@code http://127.0.0.1:PORT}, no trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Stop listening and end the exchanges in flight. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ------------------------------------------------------------------ serving

  private void exchange(HttpExchange ex) throws IOException {
    try (ex) {
      URI uri = ex.getRequestURI();
      String body;
      try (InputStream in = ex.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      Request request = new Request(ex.getRequestMethod().toUpperCase(Locale.ROOT), path, uri.getRawQuery(),
          Map.of(), ex.getRequestHeaders(), body, json);
      Response response = answer(request);
      send(ex, response);
    }
  }

  /** Steps 1 to 8 of the class documentation; never throws for a handler's failure. */
  Response answer(Request request) {
    calls.add(new Call(request.method(), request.path(), request.query(), request.header("Authorization"),
        request.bodyText()));
    Fault fault = takeFault(request.method(), request.path());
    Response answer = answerWithoutLatency(request, fault);
    Duration extra = latency;
    return extra.isZero() ? answer : answer.withDelay(answer.delay().plus(extra));
  }

  private Response answerWithoutLatency(Request request, Fault fault) {
    for (Function<Request, Response> g : guards) {
      Response r = g.apply(request);
      if (r != null) return r;
    }
    if (fault != null && fault.isBeforeAuth()) return fault.apply(null);
    if (!authCheck.test(request)) return unauthorized.apply(request);
    if (fault != null && !fault.processed()) return fault.apply(null);
    Response routed = route(request);
    return fault == null ? routed : fault.apply(routed);
  }

  private Response route(Request request) {
    Set<String> allowed = new LinkedHashSet<>();
    for (Route r : routes) {
      Map<String, String> params = r.pattern().match(request.path());
      if (params == null) continue;
      if (!r.method().equals("*") && !r.method().equals(request.method())) {
        allowed.add(r.method());
        continue;
      }
      Request matched = request.withPathParams(params);
      try {
        Response resp = r.handler().handle(matched);
        if (resp == null) throw new IllegalStateException("the handler for " + r.method() + " " + r.pattern()
            + " answered null");
        return resp;
      } catch (Exception e) {
        return onError.apply(matched, e);
      }
    }
    return allowed.isEmpty() ? notFound.apply(request) : methodNotAllowed.apply(request, allowed);
  }

  private Fault takeFault(String method, String path) {
    synchronized (faults) {
      for (Iterator<FaultRule> it = faults.iterator(); it.hasNext(); ) {
        FaultRule f = it.next();
        if (f.matches(method, path)) {
          if (--f.remaining <= 0) it.remove();
          return f.fault;
        }
      }
    }
    return null;
  }

  private static void send(HttpExchange ex, Response response) throws IOException {
    if (!response.delay().isZero()) {
      try {
        Thread.sleep(response.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // closing the exchange without headers drops the connection
      }
    }
    if (response.isDropped()) return; // no headers sent: closing the exchange closes the connection
    response.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    byte[] body = response.bodyBytes();
    int status = response.status();
    boolean noBody = body.length == 0 || status == 204 || status == 304 || "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
