package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.internal.json.Json;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
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
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The router of one endpoint, speaking the OpenAI-compatible API of its replicas (vLLM, Whisper and image
 * servers): chat and text completions (JSON or SSE streaming), embeddings, image generation and audio
 * transcription, plus raw JSON pass-through for anything else. Each request goes to the ready replica with
 * the fewest outstanding requests; while none is ready it waits in the endpoint's bounded queue (a full
 * queue is rejected at once with {@link EndpointOverloadedException}). A request that failed before any
 * response byte (connection refused or reset: the replica died) is retried once on another replica.
 * Every request has the endpoint's per-request timeout. Blocking; call from any thread.
 */
public final class EndpointClient {
  private static final MediaType JSON = MediaType.get("application/json");

  private final EndpointRuntime runtime;
  private final OkHttpClient http;
  private final Scheduler scheduler;

  EndpointClient(EndpointRuntime runtime, OkHttpClient http, Scheduler scheduler) {
    this.runtime = runtime;
    this.http = http.newBuilder().retryOnConnectionFailure(false).build();
    this.scheduler = scheduler;
  }

  public String endpointId() {
    return runtime.id;
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
    return send(path, RequestBody.create(MoshiJsonCodec.get().write(jsonTree), JSON));
  }

  /** Raw streaming pass-through: POST a JSON body to {@code path} and read SSE {@code data:} payloads. */
  public CompletionStream stream(String path, Object jsonTree) {
    RequestBody body = RequestBody.create(MoshiJsonCodec.get().write(jsonTree), JSON);
    Instant arrived = scheduler.now();
    Set<String> tried = new HashSet<>();
    for (int attempt = 0; ; attempt++) {
      EndpointRuntime.Lease lease = runtime.acquire(tried, arrived);
      long t0 = System.nanoTime();
      Call call = call(lease, path, body, "text/event-stream");
      Response resp;
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
        throw new InferenceException(runtime.id, resp.code(), err);
      }
      ResponseBody rb = resp.body();
      BufferedReader reader = new BufferedReader(new InputStreamReader(rb.byteStream(), StandardCharsets.UTF_8));
      return new CompletionStream(reader, (ok, error) -> {
        lease.complete(ok, Duration.ofNanos(System.nanoTime() - t0));
        resp.close();
      });
    }
  }

  private String send(String path, RequestBody body) {
    Instant arrived = scheduler.now();
    Set<String> tried = new HashSet<>();
    for (int attempt = 0; ; attempt++) {
      EndpointRuntime.Lease lease = runtime.acquire(tried, arrived);
      long t0 = System.nanoTime();
      Call call = call(lease, path, body, "application/json");
      try (Response resp = call.execute()) {
        String text = bodyOf(resp);
        lease.complete(resp.isSuccessful(), Duration.ofNanos(System.nanoTime() - t0));
        if (!resp.isSuccessful()) throw new InferenceException(runtime.id, resp.code(), text);
        return text;
      } catch (IOException e) {
        if (retryOrThrow(lease, e, attempt, tried, t0)) continue;
      }
    }
  }

  /** True to retry on another replica; otherwise throws the right exception. */
  private boolean retryOrThrow(EndpointRuntime.Lease lease, IOException e, int attempt, Set<String> tried, long t0) {
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    if (e instanceof InterruptedIOException && !(e instanceof java.net.SocketTimeoutException && isConnect(e))) {
      lease.complete(false, took);
      throw new EndpointTimeoutException(runtime.id, runtime.spec.requestTimeout(), e);
    }
    // connection refused or reset before any response byte: the replica is gone or going
    lease.failedBeforeResponse();
    tried.add(lease.replicaId());
    if (attempt == 0) return true;
    runtime.recordFailure();
    throw new EndpointUnavailableException(runtime.id, "replica " + lease.replicaId() + " failed before answering ("
        + e.getMessage() + ") and the retry failed too", e);
  }

  private static boolean isConnect(IOException e) {
    return String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connect");
  }

  private Call call(EndpointRuntime.Lease lease, String path, RequestBody body, String accept) {
    Request req = new Request.Builder().url(lease.baseUrl() + path).post(body).header("Accept", accept).build();
    Call c = http.newCall(req);
    c.timeout().timeout(runtime.spec.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    return c;
  }

  private static String bodyOf(Response resp) throws IOException {
    ResponseBody b = resp.body();
    return b == null ? "" : b.string();
  }

  private Map<String, Object> json(String text) {
    try {
      return Json.obj(MoshiJsonCodec.get().parse(text), "response");
    } catch (IllegalArgumentException e) {
      throw new InferenceException(runtime.id, 200, "not JSON: " + text);
    }
  }
}
