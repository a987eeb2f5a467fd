package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.ServingEndpoint;
import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.dumontcloud.sdk.serverless.openai.ChatRequest;
import com.dumontcloud.sdk.serverless.openai.Completion;
import com.dumontcloud.sdk.serverless.openai.CompletionRequest;
import com.dumontcloud.sdk.serverless.openai.CompletionStream;
import com.dumontcloud.sdk.time.Scheduler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;

/**
 * The router of one endpoint, speaking the OpenAI-compatible API of its replicas (vLLM, Whisper and image
 * servers): chat and text completions (JSON or SSE streaming), embeddings, image generation and audio
 * transcription, plus raw JSON pass-through for anything else. Each request goes to the ready replica with
 * the fewest outstanding requests; while none is ready it waits in the endpoint's bounded queue (a full
 * queue is rejected at once with {@link EndpointOverloadedException}). A request that failed before any
 * response byte (connection refused or reset: the replica died) is retried once on another replica.
 * Every request has the endpoint's per-request timeout. Blocking; call from any thread.
 *
 * <p><b>Degraded serving.</b> A client made by {@link #forDeployment} (or {@link #forEndpoints}) routes over an
 * engine deployment's published {@link ServingEndpoint}s instead of a serverless endpoint's replicas: to the
 * PRIMARY endpoints (healthy GPU replicas, fewest outstanding requests first); when none is listed, or every one
 * failed before answering, to the DEGRADED one (the CPU standby running the template's CPU fallback); and back
 * to a primary with the first request after one is listed again (the endpoint list is read on every request).
 * {@link #postForResponse} returns the response with the header {@value #SERVED_BY_HEADER} ({@code primary} or
 * {@code degraded}); {@link #servedBy()} counts the requests each kind answered.
 */
public final class EndpointClient {
  /** Response header naming what answered a request: {@code primary} (a GPU replica) or {@code degraded}. */
  public static final String SERVED_BY_HEADER = "X-Dumont-Served-By";

  private static final MediaType JSON = MediaType.get("application/json");

  private final Router router;
  private final OkHttpClient http;
  private final Scheduler scheduler;
  private final AtomicLong servedByPrimary = new AtomicLong();
  private final AtomicLong servedByStandby = new AtomicLong();

  EndpointClient(EndpointRuntime runtime, OkHttpClient http, Scheduler scheduler) {
    this(new RuntimeRouter(runtime), http, scheduler);
  }

  private EndpointClient(Router router, OkHttpClient http, Scheduler scheduler) {
    this.router = router;
    this.http = http.newBuilder().retryOnConnectionFailure(false).build();
    this.scheduler = scheduler;
    this.createdAt = scheduler.now();
  }

  private final Instant createdAt;
  private final Map<String, java.util.Deque<Instant>> arrivals = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A client of an engine deployment: routes over {@link Orchestrator#servingEndpoints(String)} (primary GPU
   * replicas, else the degraded CPU standby), 120 s per request.
   */
  public static EndpointClient forDeployment(Orchestrator engine, String deploymentId) {
    return forDeployment(engine, deploymentId, Scheduler.system());
  }

  /**
   * A client of an engine deployment whose time (for {@link #requestRate}) comes from {@code scheduler}. A request
   * that finds no serving endpoint while the deployment is hibernated resumes it ({@link Orchestrator#resume}) and
   * fails with a message saying so; retry once a replica is healthy again.
   */
  public static EndpointClient forDeployment(Orchestrator engine, String deploymentId, Scheduler scheduler) {
    java.util.Objects.requireNonNull(engine, "engine");
    EndpointsRouter r = new EndpointsRouter(deploymentId, () -> engine.servingEndpoints(deploymentId),
        Duration.ofSeconds(120));
    r.onEmpty = () -> {
      if (!engine.hibernated(deploymentId)) return null;
      engine.resume(deploymentId);
      return "deployment '" + deploymentId + "' is hibernated: resuming its replicas now; retry once one is healthy";
    };
    return new EndpointClient(r, new OkHttpClient(), scheduler);
  }

  /**
   * The request rate this client sent to each instance as an {@link com.dumontcloud.sdk.engine.IdlenessSignal}:
   * requests per second over {@code window} divided by {@code fullLoadPerSecond}, capped at 1. Unknown (never
   * idle) until the client has been in use for a whole window, so a fresh process does not hibernate at once.
   * Pass it to {@code Orchestrator.Builder.idlenessSignal} (alone or with {@code IdlenessSignal.firstOf}).
   */
  public com.dumontcloud.sdk.engine.IdlenessSignal requestRate(double fullLoadPerSecond, Duration window) {
    if (!(fullLoadPerSecond > 0)) throw new IllegalArgumentException("fullLoadPerSecond must be > 0");
    if (window == null || window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be > 0");
    return (deployment, instance) -> {
      Instant now = scheduler.now();
      if (Duration.between(createdAt, now).compareTo(window) < 0) return -1;
      java.util.Deque<Instant> q = arrivals.get(instance.id());
      if (q == null) return 0;
      synchronized (q) {
        Instant from = now.minus(window);
        while (!q.isEmpty() && q.peekFirst().isBefore(from)) q.pollFirst();
        return Math.min(1.0, q.size() / (window.toMillis() / 1000.0) / fullLoadPerSecond);
      }
    };
  }

  private void arrived(String instanceId, Instant at) {
    java.util.Deque<Instant> q = arrivals.computeIfAbsent(instanceId, k -> new java.util.ArrayDeque<>());
    synchronized (q) {
      q.addLast(at);
      while (q.size() > 100_000) q.pollFirst();
    }
  }

  /**
   * A client over any supplier of serving endpoints (read on every request).
   *
   * @param name what error messages call it (the deployment id)
   * @param requestTimeout per-request deadline
   */
  public static EndpointClient forEndpoints(String name, Supplier<List<ServingEndpoint>> endpoints, OkHttpClient http,
      Duration requestTimeout) {
    java.util.Objects.requireNonNull(endpoints, "endpoints");
    java.util.Objects.requireNonNull(requestTimeout, "requestTimeout");
    return new EndpointClient(new EndpointsRouter(name, endpoints, requestTimeout), http, Scheduler.system());
  }

  public String endpointId() {
    return router.id();
  }

  /** Requests answered by a primary (GPU replica) and by the degraded standby, since this client was made. */
  public ServedBy servedBy() {
    return new ServedBy(servedByPrimary.get(), servedByStandby.get());
  }

  /**
   * Requests answered (any HTTP status) per kind of endpoint.
   *
   * @param servedByPrimary by a primary endpoint (a GPU replica; every request of a serverless endpoint)
   * @param servedByStandby by the degraded CPU standby
   */
  public record ServedBy(long servedByPrimary, long servedByStandby) {
    /** JSON form {@code {served_by_primary, served_by_standby}}. */
    public Map<String, Object> toJson() {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("served_by_primary", servedByPrimary);
      m.put("served_by_standby", servedByStandby);
      return m;
    }
  }

  /**
   * A response as the endpoint's server sent it, plus {@value #SERVED_BY_HEADER}.
   *
   * @param status HTTP status
   * @param body the body as text
   * @param headers response headers (lower-case names), {@code x-dumont-served-by} included
   * @param servedBy who answered
   */
  public record Response(int status, String body, Map<String, List<String>> headers, ServingEndpoint.Role servedBy) {
    public Response {
      headers = Map.copyOf(headers);
    }

    /** The first value of a header (name in any case), or null. */
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    public boolean successful() {
      return status >= 200 && status < 300;
    }
  }

  /** {@code POST /v1/chat/completions}. */
  public Completion chat(ChatRequest request) {
    return Completion.parse(json(postJson("/v1/chat/completions", request.toJson(false))));
  }

  /** {@code POST /v1/chat/completions} with {@code stream:true}; close the stream when done. */
  public CompletionStream chatStream(ChatRequest request) {
    return stream("/v1/chat/completions", request.toJson(true));
  }

  /** {@code POST /v1/completions} (vLLM). */
  public Completion complete(CompletionRequest request) {
    return Completion.parse(json(postJson("/v1/completions", request.toJson(false))));
  }

  public CompletionStream completeStream(CompletionRequest request) {
    return stream("/v1/completions", request.toJson(true));
  }

  /** {@code POST /v1/embeddings}: one vector per input. */
  public List<List<Double>> embeddings(String model, List<String> inputs) {
    Map<String, Object> resp = json(postJson("/v1/embeddings", Map.of("model", model == null ? "" : model,
        "input", inputs)));
    return Json.arr(resp.get("data"), "data").stream()
        .map(d -> Json.arr(Json.obj(d, "embedding").get("embedding"), "embedding").stream()
            .map(x -> ((Number) x).doubleValue()).toList())
        .toList();
  }

  /** {@code POST /v1/images/generations}: base64 images ({@code b64_json}) or URLs, as the server sends. */
  public List<String> generateImages(String model, String prompt, int n, String size) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    if (model != null) body.put("model", model);
    body.put("prompt", prompt);
    body.put("n", n);
    if (size != null) body.put("size", size);
    body.put("response_format", "b64_json");
    Map<String, Object> resp = json(postJson("/v1/images/generations", body));
    return Json.arr(resp.get("data"), "data").stream().map(d -> {
      Map<String, Object> m = Json.obj(d, "image");
      return m.get("b64_json") != null ? Json.str(m, "b64_json") : Json.str(m, "url");
    }).toList();
  }

  /** {@code POST /v1/audio/transcriptions} (multipart, Whisper): the transcribed text. */
  public String transcribe(String model, byte[] audio, String fileName) {
    RequestBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("model", model == null ? "whisper" : model)
        .addFormDataPart("file", fileName, RequestBody.create(audio, MediaType.get("application/octet-stream")))
        .build();
    return Json.str(json(send("/v1/audio/transcriptions", body)), "text");
  }

  /** Raw pass-through: POST a JSON body to {@code path}, get the JSON answer as text. */
  public String postJson(String path, Object jsonTree) {
    return send(path, RequestBody.create(JsonCodec.standard().write(jsonTree), JSON));
  }

  /** Raw streaming pass-through: POST a JSON body to {@code path} and read SSE {@code data:} payloads. */
  public CompletionStream stream(String path, Object jsonTree) {
    RequestBody body = RequestBody.create(JsonCodec.standard().write(jsonTree), JSON);
    Instant arrived = scheduler.now();
    Set<String> tried = new HashSet<>();
    for (int attempt = 0; ; attempt++) {
      Lease lease = router.acquire(tried, arrived);
      arrived(lease.replicaId(), arrived);
      long t0 = System.nanoTime();
      Call call = call(lease, path, body, "text/event-stream");
      okhttp3.Response resp;
      try {
        resp = call.execute();
      } catch (IOException e) {
        if (retryOrThrow(lease, e, attempt, tried, t0)) continue;
        throw new IllegalStateException("unreachable");
      }
      if (!resp.isSuccessful()) {
        String err;
        try (resp) {
          err = bodyOf(resp);
        } catch (IOException e) {
          err = "(body unreadable: " + e.getMessage() + ")";
        }
        lease.complete(false, Duration.ofNanos(System.nanoTime() - t0));
        served(lease);
        throw new InferenceException(router.id(), resp.code(), err);
      }
      served(lease);
      ResponseBody rb = resp.body();
      BufferedReader reader = new BufferedReader(new InputStreamReader(rb.byteStream(), StandardCharsets.UTF_8));
      return new CompletionStream(reader, (ok, error) -> {
        lease.complete(ok, Duration.ofNanos(System.nanoTime() - t0));
        resp.close();
      });
    }
  }

  /**
   * POST a JSON body to {@code path} and return the whole response (any status), with {@value #SERVED_BY_HEADER}
   * saying whether a primary or the degraded standby answered.
   */
  public Response postForResponse(String path, Object jsonTree) {
    return exchange(path, RequestBody.create(JsonCodec.standard().write(jsonTree), JSON));
  }

  private String send(String path, RequestBody body) {
    Response r = exchange(path, body);
    if (!r.successful()) throw new InferenceException(router.id(), r.status(), r.body());
    return r.body();
  }

  private Response exchange(String path, RequestBody body) {
    Instant arrived = scheduler.now();
    Set<String> tried = new HashSet<>();
    for (int attempt = 0; ; attempt++) {
      Lease lease = router.acquire(tried, arrived);
      arrived(lease.replicaId(), arrived);
      long t0 = System.nanoTime();
      Call call = call(lease, path, body, "application/json");
      try (okhttp3.Response resp = call.execute()) {
        String text = bodyOf(resp);
        lease.complete(resp.isSuccessful(), Duration.ofNanos(System.nanoTime() - t0));
        ServingEndpoint.Role role = served(lease);
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        resp.headers().toMultimap().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        headers.put(SERVED_BY_HEADER.toLowerCase(java.util.Locale.ROOT), List.of(role.wireName()));
        return new Response(resp.code(), text, headers, role);
      } catch (IOException e) {
        if (retryOrThrow(lease, e, attempt, tried, t0)) continue;
      }
    }
  }

  /** Count an answered request by who answered it. */
  private ServingEndpoint.Role served(Lease lease) {
    if (lease.degraded()) {
      servedByStandby.incrementAndGet();
      return ServingEndpoint.Role.DEGRADED;
    }
    servedByPrimary.incrementAndGet();
    return ServingEndpoint.Role.PRIMARY;
  }

  /** True to retry on another replica; otherwise throws the right exception. */
  private boolean retryOrThrow(Lease lease, IOException e, int attempt, Set<String> tried, long t0) {
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    if (e instanceof InterruptedIOException && !(e instanceof java.net.SocketTimeoutException && isConnect(e))) {
      lease.complete(false, took);
      throw new EndpointTimeoutException(router.id(), router.timeout(), e);
    }
    // connection refused or reset before any response byte: the replica is gone or going
    lease.failedBeforeResponse();
    tried.add(lease.replicaId());
    if (attempt < router.retries()) return true;
    router.recordFailure();
    throw new EndpointUnavailableException(router.id(), "replica " + lease.replicaId() + " failed before answering ("
        + e.getMessage() + ") and the retry failed too", e);
  }

  private static boolean isConnect(IOException e) {
    return String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connect");
  }

  private Call call(Lease lease, String path, RequestBody body, String accept) {
    Request req = new Request.Builder().url(lease.baseUrl() + path).post(body).header("Accept", accept).build();
    Call c = http.newCall(req);
    c.timeout().timeout(router.timeout().toMillis(), TimeUnit.MILLISECONDS);
    return c;
  }

  private static String bodyOf(okhttp3.Response resp) throws IOException {
    ResponseBody b = resp.body();
    return b == null ? "" : b.string();
  }

  private Map<String, Object> json(String text) {
    try {
      return Json.obj(JsonCodec.standard().parse(text), "response");
    } catch (IllegalArgumentException e) {
      throw new InferenceException(router.id(), 200, "not JSON: " + text);
    }
  }

  // ---------------------------------------------------------------- routers

  /** Where requests go: a serverless endpoint's replicas, or an engine deployment's serving endpoints. */
  private interface Router {
    String id();

    Duration timeout();

    /** Retries after a failure before any response byte (on another replica or endpoint). */
    int retries();

    Lease acquire(Set<String> tried, Instant arrivedAt);

    void recordFailure();
  }

  /** One request's hold on a replica or endpoint; complete it exactly once. */
  private interface Lease {
    String baseUrl();

    String replicaId();

    boolean degraded();

    void complete(boolean ok, Duration serviceTime);

    void failedBeforeResponse();
  }

  /** A serverless endpoint's runtime: its ready replicas, its queue and stats (every replica is a primary). */
  private record RuntimeRouter(EndpointRuntime runtime) implements Router {
    public String id() { return runtime.id; }
    public Duration timeout() { return runtime.spec.requestTimeout(); }
    public int retries() { return 1; }
    public void recordFailure() { runtime.recordFailure(); }

    public Lease acquire(Set<String> tried, Instant arrivedAt) {
      EndpointRuntime.Lease l = runtime.acquire(tried, arrivedAt);
      return new Lease() {
        public String baseUrl() { return l.baseUrl(); }
        public String replicaId() { return l.replicaId(); }
        public boolean degraded() { return false; }
        public void complete(boolean ok, Duration t) { l.complete(ok, t); }
        public void failedBeforeResponse() { l.failedBeforeResponse(); }
      };
    }
  }

  /**
   * An engine deployment's published serving endpoints: primaries with the fewest outstanding requests first, the
   * degraded standby only when no primary is left to try.
   */
  private static final class EndpointsRouter implements Router {
    private final String id;
    private final Supplier<List<ServingEndpoint>> endpoints;
    private final Duration timeout;
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> outstanding =
        new java.util.concurrent.ConcurrentHashMap<>();
    /** Called when no endpoint is published: a message to fail with (after resuming), or null. */
    Supplier<String> onEmpty = () -> null;

    EndpointsRouter(String id, Supplier<List<ServingEndpoint>> endpoints, Duration timeout) {
      this.id = id;
      this.endpoints = endpoints;
      this.timeout = timeout;
    }

    public String id() { return id; }
    public Duration timeout() { return timeout; }
    public int retries() { return 2; } // another primary, then the standby
    public void recordFailure() {}

    public Lease acquire(Set<String> tried, Instant arrivedAt) {
      List<ServingEndpoint> all = endpoints.get();
      ServingEndpoint pick = best(all, ServingEndpoint.Role.PRIMARY, tried);
      if (pick == null) pick = best(all, ServingEndpoint.Role.DEGRADED, tried);
      if (pick == null && all.isEmpty()) {
        String resumed = onEmpty.get();
        if (resumed != null) throw new EndpointUnavailableException(id, resumed);
      }
      if (pick == null) {
        throw new EndpointUnavailableException(id, all.isEmpty()
            ? "no serving endpoint: no GPU replica is healthy and no CPU standby is ready"
            : "every serving endpoint (" + all.size() + ") failed before answering");
      }
      ServingEndpoint ep = pick;
      java.util.concurrent.atomic.AtomicInteger n =
          outstanding.computeIfAbsent(ep.url(), k -> new java.util.concurrent.atomic.AtomicInteger());
      n.incrementAndGet();
      return new Lease() {
        private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        public String baseUrl() { return ep.url(); }
        public String replicaId() { return ep.instanceId() != null ? ep.instanceId() : ep.url(); }
        public boolean degraded() { return ep.degraded(); }
        public void complete(boolean ok, Duration t) { release(); }
        public void failedBeforeResponse() { release(); }

        private void release() {
          if (done.compareAndSet(false, true)) n.decrementAndGet();
        }
      };
    }

    private ServingEndpoint best(List<ServingEndpoint> all, ServingEndpoint.Role role, Set<String> tried) {
      ServingEndpoint best = null;
      int bestLoad = Integer.MAX_VALUE;
      for (ServingEndpoint e : all) {
        if (e.role() != role) continue;
        if (tried.contains(e.instanceId() != null ? e.instanceId() : e.url())) continue;
        java.util.concurrent.atomic.AtomicInteger n = outstanding.get(e.url());
        int load = n == null ? 0 : n.get();
        if (load < bestLoad) {
          best = e;
          bestLoad = load;
        }
      }
      return best;
    }
  }
}
