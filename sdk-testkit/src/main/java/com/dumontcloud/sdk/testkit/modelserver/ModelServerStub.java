package com.dumontcloud.sdk.testkit.modelserver;

import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A model server on loopback speaking the OpenAI-compatible subset that vLLM, a Whisper server and an
 * image server expose: {@code GET /health}, {@code GET /v1/models}, {@code POST /v1/chat/completions}
 * and {@code /v1/completions} (JSON or SSE with {@code stream:true}), {@code /v1/embeddings},
 * {@code /v1/images/generations} and {@code /v1/audio/transcriptions} (multipart). Answers are
 * deterministic fake tokens derived from the prompt; time to first token and tokens per second are
 * configurable (real time: this is a real HTTP server). Built on the JDK's HttpServer, bound to
 * 127.0.0.1 on an ephemeral port, with named daemon threads.
 */
public final class ModelServerStub implements AutoCloseable {
  static {
    // The JDK server writes an answer as a head and a body: with Nagle's algorithm on, the body waits for the
    // client's delayed ACK, about 40 ms per request on Linux, which a real provider's API does not add. The JDK
    // reads this once, when its first server is created (DumontServer sets it too).
    if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final String[] VOCAB = {"hello", "from", "the", "dumont", "model", "server", "stub", "a",
    "token", "stream", "of", "words", "that", "is", "deterministic", "and", "fake", "GPU", "cloud", "spot"};

  /**
   * Behaviour of a stub.
   *
   * @param modelId model id reported in responses
   * @param timeToFirstToken delay before the first token
   * @param tokensPerSecond generation speed after the first token (0 or less: no delay)
   * @param defaultMaxTokens tokens generated when the request sets no {@code max_tokens}
   * @param healthPath the readiness path (default {@code /health}; llama.cpp's server and vLLM both use it)
   */
  public record Options(String modelId, Duration timeToFirstToken, double tokensPerSecond, int defaultMaxTokens,
      String healthPath) {
    public Options {
      modelId = modelId == null ? "stub-model" : modelId;
      timeToFirstToken = timeToFirstToken == null ? Duration.ZERO : timeToFirstToken;
      healthPath = healthPath == null || healthPath.isBlank() ? "/health" : healthPath;
    }

    public Options(String modelId, Duration timeToFirstToken, double tokensPerSecond, int defaultMaxTokens) {
      this(modelId, timeToFirstToken, tokensPerSecond, defaultMaxTokens, "/health");
    }

    /** Fast defaults for tests: 2 ms to first token, 5000 tokens/s, 8 tokens. */
    public static Options fast(String modelId) {
      return new Options(modelId, Duration.ofMillis(2), 5000, 8);
    }

    /**
     * A CPU server (llama.cpp-like) for tests: ten times slower than {@link #fast} (20 ms to first token, 500
     * tokens/s), ready at {@code healthPath}.
     */
    public static Options cpu(String modelId, String healthPath) {
      return new Options(modelId, Duration.ofMillis(20), 500, 8, healthPath);
    }

    public Options withTiming(Duration ttft, double tps) {
      return new Options(modelId, ttft, tps, defaultMaxTokens, healthPath);
    }

    public Options withHealthPath(String path) {
      return new Options(modelId, timeToFirstToken, tokensPerSecond, defaultMaxTokens, path);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Options options;
  private final BooleanSupplier ready;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicInteger failNext = new AtomicInteger();
  private volatile boolean closed;

  private ModelServerStub(Options options, BooleanSupplier ready) throws IOException {
    this.options = options;
    this.ready = ready == null ? () -> true : ready;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sdk-modelserver-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Start a stub; {@code ready} decides what {@code /health} answers (e.g. the model finished loading). */
  public static ModelServerStub start(Options options, BooleanSupplier ready) {
    try {
      return new ModelServerStub(options, ready);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start model server stub on loopback", e);
    }
  }

  public static ModelServerStub start(Options options) {
    return start(options, () -> true);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public Options options() {
    return options;
  }

  /** Inference requests served (health checks excluded). */
  public long requests() {
    return requests.get();
  }

  /** Answer the next {@code n} inference requests with HTTP 500. */
  public void failNext(int n) {
    failNext.set(n);
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- handlers

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (method.equals("GET") && path.equals(options.healthPath())) {
        boolean ok = ready.getAsBoolean();
        send(ex, ok ? 200 : 503, Map.of("status", ok ? "ok" : "loading"));
        return;
      }
      if (method.equals("GET") && path.equals("/v1/models")) {
        send(ex, 200, Map.of("object", "list", "data", List.of(Map.of("id", options.modelId(), "object", "model"))));
        return;
      }
      if (!method.equals("POST")) {
        send(ex, 404, error("not found: " + method + " " + path));
        return;
      }
      byte[] body = ex.getRequestBody().readAllBytes();
      if (!ready.getAsBoolean()) {
        send(ex, 503, error("model is loading"));
        return;
      }
      requests.incrementAndGet();
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        send(ex, 500, error("injected failure"));
        return;
      }
      switch (path) {
        case "/v1/chat/completions" -> generate(ex, parse(body), true);
        case "/v1/completions" -> generate(ex, parse(body), false);
        case "/v1/embeddings" -> embeddings(ex, parse(body));
        case "/v1/images/generations" -> images(ex, parse(body));
        case "/v1/audio/transcriptions" -> transcribe(ex, body);
        default -> send(ex, 404, error("not found: " + path));
      }
    } catch (RuntimeException e) {
      try {
        send(ex, 400, error(String.valueOf(e.getMessage())));
      } catch (IOException | RuntimeException ignored) {
        // the response was already started
      }
    }
  }

  private static Map<String, Object> parse(byte[] body) {
    return Json.obj(JsonCodec.standard().parse(new String(body, StandardCharsets.UTF_8)), "request");
  }

  private String promptOf(Map<String, Object> req, boolean chat) {
    if (!chat) return String.valueOf(req.getOrDefault("prompt", ""));
    StringBuilder sb = new StringBuilder();
    Object msgs = req.get("messages");
    if (msgs instanceof List<?> l) {
      for (Object m : l) {
        if (m instanceof Map<?, ?> mm) sb.append(mm.get("content")).append('\n');
      }
    }
    return sb.toString();
  }

  /** The deterministic tokens for a prompt. */
  public static List<String> tokensFor(String prompt, int n) {
    List<String> out = new ArrayList<>();
    int h = prompt.hashCode();
    for (int i = 0; i < n; i++) {
      int idx = Math.floorMod(h * 31 + i * 17, VOCAB.length);
      out.add((i == 0 ? "" : " ") + VOCAB[idx]);
    }
    return out;
  }

  private void generate(HttpExchange ex, Map<String, Object> req, boolean chat) throws IOException {
    String prompt = promptOf(req, chat);
    Double mt = Json.num(req, "max_tokens");
    int n = mt == null ? options.defaultMaxTokens() : Math.max(1, mt.intValue());
    List<String> tokens = tokensFor(prompt, n);
    boolean stream = Boolean.TRUE.equals(Json.bool(req, "stream"));
    String id = (chat ? "chatcmpl-" : "cmpl-") + Integer.toHexString(prompt.hashCode() & 0x7fffffff);
    long created = 1_767_225_600L;
    int promptTokens = Math.max(1, prompt.split("\\s+").length);
    pause(options.timeToFirstToken());
    if (!stream) {
      pause(perToken().multipliedBy(Math.max(0, n - 1)));
      String text = String.join("", tokens);
      Map<String, Object> choice = new LinkedHashMap<>();
      choice.put("index", 0);
      if (chat) choice.put("message", Map.of("role", "assistant", "content", text)); else choice.put("text", text);
      choice.put("finish_reason", "length");
      Map<String, Object> resp = new LinkedHashMap<>();
      resp.put("id", id);
      resp.put("object", chat ? "chat.completion" : "text_completion");
      resp.put("created", created);
      resp.put("model", options.modelId());
      resp.put("choices", List.of(choice));
      resp.put("usage", Map.of("prompt_tokens", promptTokens, "completion_tokens", n,
          "total_tokens", promptTokens + n));
      send(ex, 200, resp);
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    for (int i = 0; i < tokens.size(); i++) {
      if (i > 0) pause(perToken());
      Map<String, Object> choice = new LinkedHashMap<>();
      choice.put("index", 0);
      if (chat) choice.put("delta", Map.of("content", tokens.get(i))); else choice.put("text", tokens.get(i));
      choice.put("finish_reason", i == tokens.size() - 1 ? "length" : null);
      Map<String, Object> chunk = new LinkedHashMap<>();
      chunk.put("id", id);
      chunk.put("object", chat ? "chat.completion.chunk" : "text_completion");
      chunk.put("created", created);
      chunk.put("model", options.modelId());
      chunk.put("choices", List.of(choice));
      out.write(("data: " + JsonCodec.standard().write(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void embeddings(HttpExchange ex, Map<String, Object> req) throws IOException {
    Object input = req.get("input");
    List<Object> inputs = input instanceof List<?> l ? new ArrayList<>(l) : List.of(String.valueOf(input));
    List<Object> data = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      int h = String.valueOf(inputs.get(i)).hashCode();
      List<Object> vec = new ArrayList<>();
      for (int d = 0; d < 8; d++) vec.add(((Math.floorMod(h * 31 + d * 7919, 2000)) - 1000) / 1000.0);
      data.add(Map.of("object", "embedding", "index", i, "embedding", vec));
    }
    send(ex, 200, Map.of("object", "list", "model", options.modelId(), "data", data,
        "usage", Map.of("prompt_tokens", inputs.size(), "total_tokens", inputs.size())));
  }

  private void images(HttpExchange ex, Map<String, Object> req) throws IOException {
    Double nn = Json.num(req, "n");
    int n = nn == null ? 1 : nn.intValue();
    pause(options.timeToFirstToken());
    List<Object> data = new ArrayList<>();
    String prompt = String.valueOf(req.get("prompt"));
    for (int i = 0; i < n; i++) {
      String png = java.util.Base64.getEncoder().encodeToString(("PNG:" + prompt + ":" + i).getBytes(StandardCharsets.UTF_8));
      data.add(Map.of("b64_json", png));
    }
    send(ex, 200, Map.of("created", 1_767_225_600L, "data", data));
  }

  private void transcribe(HttpExchange ex, byte[] body) throws IOException {
    String ct = ex.getRequestHeaders().getFirst("Content-Type");
    if (ct == null || !ct.startsWith("multipart/form-data")) {
      send(ex, 400, error("expected multipart/form-data"));
      return;
    }
    String text = new String(body, StandardCharsets.ISO_8859_1);
    int fileParts = text.split("name=\"file\"", -1).length - 1;
    if (fileParts == 0) {
      send(ex, 400, error("missing file part"));
      return;
    }
    pause(options.timeToFirstToken());
    send(ex, 200, Map.of("text", "transcribed " + body.length + " bytes"));
  }

  private Duration perToken() {
    return options.tokensPerSecond() <= 0 ? Duration.ZERO
        : Duration.ofNanos((long) (1_000_000_000L / options.tokensPerSecond()));
  }

  private static void pause(Duration d) {
    if (d.isZero() || d.isNegative()) return;
    try {
      Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, Object> error(String msg) {
    return Map.of("error", Map.of("message", msg, "type", "invalid_request_error"));
  }

  private static void send(HttpExchange ex, int status, Object json) throws IOException {
    byte[] b = JsonCodec.standard().write(json).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  @SuppressWarnings("unused")
  private static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }
}
