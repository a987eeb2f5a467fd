package com.dumontcloud.sdk.server;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.server.internal.ApiError;
import com.dumontcloud.sdk.server.internal.DeploymentRoutes;
import com.dumontcloud.sdk.server.internal.Errors;
import com.dumontcloud.sdk.server.internal.Exchange;
import com.dumontcloud.sdk.server.internal.OpenApi;
import com.dumontcloud.sdk.access.Principal;
import com.dumontcloud.sdk.server.internal.ProviderRoutes;
import com.dumontcloud.sdk.server.internal.RoutePermissions;
import com.dumontcloud.sdk.server.internal.Router;
import com.dumontcloud.sdk.server.internal.ServerlessRoutes;
import com.dumontcloud.sdk.server.internal.StaticFiles;
import com.dumontcloud.sdk.serverless.Endpoints;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server mode: the seeds' REST API (seed 001 under {@code /api/vast/} and {@code /api/v1/providers/{p}/}, seed 000
 * under {@code /api/v1/serverless/}), deployments, a live event stream, an OpenAI-compatible URL per endpoint
 * ({@code /endpoints/{id}/v1}), an OpenAPI document and a dashboard, on the JDK's HTTP server. The server only
 * serves: the caller owns (and closes) the client, the orchestrator and the endpoints.
 *
 * <pre>{@code
 * DumontServer server = DumontServer.builder(dumont).orchestrator(engine).endpoints(endpoints)
 *     .apiKeys(ApiKeys.open(dumont.home().resolve("server"))).build().start();
 * }</pre>
 *
 * <p>Every route but {@code /healthz} and the dashboard's static files needs an authenticated principal: an API key
 * ({@code Authorization: Bearer <key>} or {@code X-API-Key}; its roles and teams), an OIDC bearer token
 * ({@link Builder#oidc}), or the per-run session token (admin; readable only by the server's user). There is no
 * anonymous or demo access. Each route then needs the permission {@code RoutePermissions} names for it: 401 without
 * credentials, 403 with {@code {"detail"}} naming the missing permission.
 */
public final class DumontServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DumontServer.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  static {
    // Answers are written as a head and a body: with Nagle's algorithm on, the body waits for the client's delayed
    // ACK (about 40 ms per request on Linux). The JDK server reads this once, when its first server is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final Builder b;
  private final Router router = new Router();
  private final DeploymentRoutes deployments;
  private final ServerlessRoutes serverless;
  private HttpServer http;
  private ExecutorService executor;
  private volatile URI uri;
  private volatile boolean accepting;

  private DumontServer(Builder b) {
    this.b = b;
    address(b.host);
    router.open("GET", "/healthz", x -> x.json(200, Map.of("status", accepting ? "ok" : "stopping")));
    new ProviderRoutes(b.dumont, b.defaultProvider != null ? b.defaultProvider : b.dumont.providerIds().get(0), b.fx)
        .register(router);
    new com.dumontcloud.sdk.server.internal.AuditRoutes(b.dumont.auditSink(), b.dumont.scheduler().clock())
        .register(router);
    this.serverless = b.endpoints == null ? null : new ServerlessRoutes(b.endpoints, () -> uri.toString(), b.fx);
    if (serverless != null) serverless.register(router);
    this.deployments = new DeploymentRoutes(b.engine, b.events, b.keepAlive, b.fx);
    deployments.register(router);
    new com.dumontcloud.sdk.server.internal.AdvisorRoutes(b.dumont, b.fx, b.explainer).register(router);
    router.add("GET", "/openapi.json", x -> x.json(200, OpenApi.document(router.routes())));
    StaticFiles dashboard = new StaticFiles("com/dumontcloud/sdk/server/dashboard/");
    router.open("GET", "/", x -> dashboard.serve(x, "index.html"));
    router.open("GET", "/dashboard/{*file}", x -> dashboard.serve(x, x.param("file")));
    StaticFiles webjars = new StaticFiles("META-INF/resources/webjars/");
    router.open("GET", "/webjars/{*file}", x -> webjars.serve(x, x.param("file")));
  }

  public static Builder builder(Dumont dumont) {
    return new Builder(dumont);
  }

  private static InetAddress address(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (IOException e) {
      throw new IllegalArgumentException("--host '" + host + "' is not an address of this machine: " + e.getMessage());
    }
  }

  /** Bind and start serving. */
  public synchronized DumontServer start() {
    if (http != null) return this;
    InetSocketAddress at = new InetSocketAddress(address(b.host), b.port);
    try {
      if (b.tls != null) {
        HttpsServer s = HttpsServer.create(at, 64);
        s.setHttpsConfigurator(new HttpsConfigurator(b.tls));
        http = s;
      } else {
        http = HttpServer.create(at, 64);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + b.host + ":" + b.port + ": " + e.getMessage(), e);
    }
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "dumont-http-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(executor);
    http.createContext("/", this::dispatch);
    http.start();
    String scheme = b.tls != null ? "https" : "http";
    String host = at.getAddress().isAnyLocalAddress() ? "127.0.0.1" : at.getAddress().getHostAddress();
    if (host.contains(":")) host = "[" + host + "]";
    uri = URI.create(scheme + "://" + host + ":" + http.getAddress().getPort());
    accepting = true;
    log.info("dumont serve listening on {}", uri);
    return this;
  }

  /** Where the server listens, e.g. {@code http://127.0.0.1:8001}. */
  public URI uri() {
    return uri;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /** The routes served, as {@code METHOD /path/{param}}. */
  public java.util.List<String> routes() {
    return router.routes();
  }

  private void dispatch(HttpExchange http) {
    Exchange x = null;
    try {
      boolean[] otherMethod = {false};
      Router.Match m = router.match(http, otherMethod);
      x = new Exchange(http, m == null ? Map.of() : m.params(), b.maxBodyBytes);
      if (!accepting) throw new ApiError(503, "the server is stopping");
      if (m == null) {
        if (otherMethod[0]) throw new ApiError(405, http.getRequestMethod() + " is not allowed on " + x.path());
        throw ApiError.notFound("no route " + http.getRequestMethod() + " " + x.path() + " (see /openapi.json)");
      }
      if (!m.open()) authorize(x, m.rule(), authenticate(x));
      m.handler().handle(x);
      if (!x.responded()) x.send(204, "application/json", new byte[0]);
    } catch (Throwable e) {
      int status = Errors.status(e);
      if (status >= 500 && !(e instanceof ApiError)) {
        log.warn("{} {} failed: {}", http.getRequestMethod(), http.getRequestURI().getRawPath(), e.toString());
        log.debug("stack", e);
      }
      if (x == null) x = new Exchange(http, Map.of(), b.maxBodyBytes);
      if (x.responded()) {
        http.close();
        return;
      }
      if (status == 401) http.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"dumont\"");
      x.json(status, Map.of("detail", Errors.detail(e)));
      if (e instanceof Error err && !(e instanceof StackOverflowError)) throw err;
    }
  }

  /** True when {@code host} names a loopback address (a name that does not resolve is not). */
  public static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** Who a credential-less request is with {@link Builder#noAuthOnLoopback()}: the local machine's admin. */
  private static final Principal LOCAL = Principal.builder("local").role(com.dumontcloud.sdk.access.Role.ADMIN)
      .authenticatedBy("no-auth (loopback only)").build();

  /** The request's principal; 401 without valid credentials. */
  private Principal authenticate(Exchange x) {
    String token = null;
    String auth = x.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) token = auth.substring(7).strip();
    if (token == null) token = x.header("X-API-Key");
    if (token == null || token.isEmpty()) {
      if (b.localNoAuth) { // explicit development mode, loopback only (checked at build)
        x.principal(LOCAL);
        return LOCAL;
      }
      throw new ApiError(401, "credentials are required: send 'Authorization: Bearer <API key or OIDC token>' "
          + "(create a key with 'dumont serve keys create')");
    }
    Principal p;
    if (b.sessionToken != null && MessageDigest.isEqual(b.sessionToken.getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8))) {
      p = Principal.builder("session").role(com.dumontcloud.sdk.access.Role.ADMIN).authenticatedBy("session-token")
          .build();
    } else if (token.startsWith("dk_")) {
      ApiKeys.KeyInfo k = b.keys == null ? null : b.keys.verify(token).orElse(null);
      if (k == null) throw new ApiError(401, "the API key is not valid (revoked or mistyped)");
      p = keyPrincipal(k);
    } else if (b.oidc != null && OidcAuthenticator.looksLikeJwt(token)) {
      try {
        p = b.oidc.authenticate(token);
      } catch (OidcAuthenticator.RejectedTokenException e) {
        throw new ApiError(401, e.getMessage());
      }
    } else {
      throw new ApiError(401, b.oidc == null ? "the bearer token is not an API key of this server"
          : "the bearer token is neither an API key of this server nor a JWT of " + b.oidc.issuer());
    }
    x.principal(p);
    return p;
  }

  private Principal keyPrincipal(ApiKeys.KeyInfo k) {
    Principal.Builder pb = Principal.builder(k.subject()).authenticatedBy("api-key:" + k.id() + " (" + k.name() + ")");
    for (String r : k.roles()) {
      com.dumontcloud.sdk.access.Role role = com.dumontcloud.sdk.access.Role.builtIn(r)
          .orElse(b.roleMapping.customRoles().get(r));
      if (role != null) pb.role(role);
      else log.warn("API key {} names role '{}', which is neither built-in nor in the role mapping; ignored", k.id(), r);
    }
    k.teams().forEach(pb::team);
    return pb.build();
  }

  /** 403 naming the permission when the route's rule is not met. */
  private void authorize(Exchange x, RoutePermissions.Rule rule, Principal p) {
    com.dumontcloud.sdk.access.AccessPolicy policy = b.dumont.accessPolicy();
    String action = x.method() + " " + x.path();
    if (rule.own()) policy.requireSomewhere(p, rule.permission(), action);
    else policy.require(p, rule.permission(), action);
  }

  /**
   * Stop taking requests and close the listener (open streams end within a second). The client, engine and
   * endpoints are left to the caller, which closes them after this (the engine finishes its tick, nothing is
   * terminated).
   */
  @Override
  public synchronized void close() {
    accepting = false;
    deployments.closing();
    if (http != null) {
      http.stop(1);
      executor.shutdownNow();
      http = null;
    }
  }

  /** Builder for {@link DumontServer}. */
  public static final class Builder {
    private final Dumont dumont;
    private Orchestrator engine;
    private Endpoints endpoints;
    private ServerEvents events = new ServerEvents();
    private String host = "127.0.0.1";
    private int port = 8001;
    private ApiKeys keys;
    private boolean keysSet;
    private OidcAuthenticator oidc;
    private com.dumontcloud.sdk.access.GroupMapping roleMapping = com.dumontcloud.sdk.access.GroupMapping.implicit();
    private String sessionToken;
    private boolean localNoAuth;
    private long maxBodyBytes = 10L << 20;
    private String defaultProvider;
    private SSLContext tls;
    private Duration keepAlive = Duration.ofSeconds(15);
    private com.dumontcloud.sdk.pricing.FxRates fx = com.dumontcloud.sdk.pricing.FxRates.staticDefault();
    private com.dumontcloud.sdk.advisor.LlmExplainer explainer;

    private Builder(Dumont dumont) {
      this.dumont = Objects.requireNonNull(dumont, "dumont");
    }

    /** The deployments engine served under {@code /api/v1/deployments} (optional). */
    public Builder orchestrator(Orchestrator o) { engine = o; return this; }
    /** The endpoints served under {@code /api/v1/serverless} and {@code /endpoints/{id}/v1} (optional). */
    public Builder endpoints(Endpoints e) { endpoints = e; return this; }
    /** The event stream (register it as the engines' listener). */
    public Builder events(ServerEvents e) { events = Objects.requireNonNull(e); return this; }
    /** Address to bind (default 127.0.0.1). */
    public Builder host(String h) { host = Objects.requireNonNull(h); return this; }
    /** Port (default 8001; 0 picks a free one). */
    public Builder port(int p) {
      if (p < 0 || p > 65535) throw new IllegalArgumentException("--port must be 0-65535, got " + p);
      port = p;
      return this;
    }
    /** API keys checked on every route but /healthz (required). */
    public Builder apiKeys(ApiKeys k) { keys = Objects.requireNonNull(k); keysSet = true; return this; }
    /** Accept OIDC bearer tokens of this issuer beside the API keys. */
    public Builder oidc(OidcAuthenticator o) { oidc = Objects.requireNonNull(o); return this; }
    /** Custom roles API keys may name (the OIDC role mapping file's {@code roles}). */
    public Builder roleMapping(com.dumontcloud.sdk.access.GroupMapping m) { roleMapping = Objects.requireNonNull(m); return this; }
    /**
     * Development mode ({@code dumont serve --no-auth}): a request without credentials acts as the local admin
     * (principal {@code local}); credentials that are sent are still checked. Only with a loopback {@link #host}
     * and without OIDC: {@link #build()} refuses it otherwise.
     */
    public Builder noAuthOnLoopback() { localNoAuth = true; return this; }
    /** A per-run token accepted beside the keys (the CLI's {@code session.token}). */
    public Builder sessionToken(String t) { sessionToken = t; return this; }
    /** Largest request body (default 10 MiB); larger ones get 413. */
    public Builder maxBodyBytes(long n) { maxBodyBytes = n; return this; }
    /** The provider behind the seed alias {@code /api/vast/} (default: the first configured). */
    public Builder defaultProvider(String p) { defaultProvider = p; return this; }
    /** Exchange rates for the {@code currency} query parameter of the routes that return money (default: static). */
    public Builder fxRates(com.dumontcloud.sdk.pricing.FxRates rates) { fx = Objects.requireNonNull(rates); return this; }
    /**
     * The language model that writes the advisor's optional explanation ({@code GET /api/v1/advisor/recommend?explain=
     * true}); without one, {@code explain=true} is a 400 naming the settings ({@code dumont serve} configures it from
     * {@code DUMONT_ADVISOR_LLM_URL}, {@code DUMONT_ADVISOR_LLM_MODEL}, {@code DUMONT_ADVISOR_LLM_KEY}).
     */
    public Builder advisorExplainer(com.dumontcloud.sdk.advisor.LlmExplainer e) { explainer = e; return this; }
    /** Interval of keep-alive comments on idle event streams (default 15 s). */
    public Builder keepAlive(Duration d) { keepAlive = d; return this; }

    /** Serve HTTPS with the key pair in a PKCS#12 (or JKS) key store. */
    public Builder tls(Path keyStore, char[] password) {
      try (InputStream in = Files.newInputStream(keyStore)) {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(in, password);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        tls = ctx;
        return this;
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException("cannot read the TLS key store " + keyStore + ": " + e.getMessage());
      }
    }

    public DumontServer build() {
      if (!keysSet) throw new IllegalStateException("apiKeys(...) is required: dumont serve always authenticates");
      if (localNoAuth && !DumontServer.isLoopback(host)) {
        throw new IllegalArgumentException("--no-auth is refused on --host " + host + ": without credentials the "
            + "server binds only a loopback address; drop --no-auth and use an API key ('dumont serve keys create')");
      }
      if (localNoAuth && oidc != null) {
        throw new IllegalArgumentException("--no-auth and --oidc-issuer exclude each other: drop --no-auth");
      }
      return new DumontServer(this);
    }
  }
}
