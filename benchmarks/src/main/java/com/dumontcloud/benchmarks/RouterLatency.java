package com.dumontcloud.benchmarks;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.serverless.Endpoint;
import com.dumontcloud.sdk.serverless.EndpointClient;
import com.dumontcloud.sdk.serverless.EndpointSpec;
import com.dumontcloud.sdk.serverless.EndpointStore;
import com.dumontcloud.sdk.serverless.Endpoints;
import com.dumontcloud.sdk.serverless.openai.ChatRequest;
import com.dumontcloud.sdk.serverless.openai.Completion;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.modelserver.ModelServerStub;
import com.dumontcloud.sdk.testkit.modelserver.ModelServerWorkloads;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The latency the serverless router adds in process: the same chat completion sent to one replica's
 * {@link ModelServerStub} (loopback, answering at once: no time to first token, no token pacing) (1) with a raw
 * OkHttp call — the baseline: POST the JSON, read the body as a string — and (2) through {@link EndpointClient#chat}
 * — request JSON built from a {@code ChatRequest}, the router's lease (least outstanding, admission, deadline),
 * statistics, the same OkHttp client, the answer parsed into a {@code Completion}. Interleaved one by one in one
 * run, one request at a time, both on one {@link OkHttpClient} (one connection pool, kept-alive connections).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar com.dumontcloud.benchmarks.RouterLatency 5000 1000   # requests, warm-up
 * </pre>
 */
public final class RouterLatency {
  private static final MediaType JSON = MediaType.get("application/json");

  private RouterLatency() {}

  /** Latencies in nanoseconds, sorted, per variant. */
  record Result(long[] raw, long[] router) {
    void print(PrintStream out) {
      out.printf(Locale.ROOT, "requests per variant: %d, interleaved, sequential, loopback%n", raw.length);
      out.printf(Locale.ROOT, "%-40s %9s %9s %9s %9s%n", "variant", "p50 ms", "p90 ms", "p99 ms", "mean ms");
      line(out, "raw OkHttp call to the stub (baseline)", raw);
      line(out, "EndpointClient.chat (router)", router);
      out.printf(Locale.ROOT, "added by the router: p50 %+.3f ms (%.2f x), p99 %+.3f ms (%.2f x)%n",
          ms(pct(router, 50) - pct(raw, 50)), pct(router, 50) / (double) pct(raw, 50),
          ms(pct(router, 99) - pct(raw, 99)), pct(router, 99) / (double) pct(raw, 99));
    }

    private static void line(PrintStream out, String name, long[] s) {
      out.printf(Locale.ROOT, "%-40s %9.3f %9.3f %9.3f %9.3f%n", name, ms(pct(s, 50)), ms(pct(s, 90)), ms(pct(s, 99)),
          ms((long) Arrays.stream(s).average().orElse(0)));
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int warm = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    run(n, warm).print(System.out);
  }

  static Result run(int n, int warm) throws Exception {
    System.setProperty("sun.net.httpserver.nodelay", "true"); // the stub is a JDK HTTP server (see ServeLatency)
    VirtualScheduler vs = VirtualScheduler.create();
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(vs).seed(7)
        .bootProfile(BootProfile.fixed(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5))).build();
    ModelServerWorkloads stubs = ModelServerWorkloads.attach(sim,
        i -> new ModelServerStub.Options("qwen", Duration.ZERO, 0, 8));
    OkHttpClient http = new OkHttpClient();
    Path dir = Files.createTempDirectory("router-latency");
    try (Dumont dumont = Dumont.builder().scheduler(vs).home(dir).providerFactories(List.of(sim.factory()))
        .provider("sim").build();
        Endpoints eps = Endpoints.builder(dumont).store(EndpointStore.inMemory()).okHttpClient(http).build()) {
      Endpoint ep = eps.create(EndpointSpec.builder(TemplateCatalog.get("qwen2.5-0.5b")).replicas(1, 1).build());
      for (int s = 0; s < 600 && eps.get(ep.id()).readyReplicas() == 0; s++) vs.advanceBy(Duration.ofSeconds(1));
      Endpoint ready = eps.get(ep.id());
      if (ready.readyReplicas() == 0) throw new IllegalStateException("the replica did not become ready");
      ModelServerStub stub = stubs.stub(ready.replicas().get(0).instanceId()).orElseThrow();
      EndpointClient client = eps.client(ep.id());
      ChatRequest chat = ChatRequest.of("qwen", "Say hello").withMaxTokens(8);
      String body = "{\"model\":\"qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],\"max_tokens\":8}";
      Request raw = new Request.Builder().url("http://127.0.0.1:" + stub.port() + "/v1/chat/completions")
          .post(RequestBody.create(body, JSON)).build();
      long[] a = new long[n];
      long[] b = new long[n];
      for (int i = -warm; i < n; i++) {
        long t0 = System.nanoTime();
        try (Response r = http.newCall(raw).execute()) {
          String text = r.body().string();
          if (r.code() != 200 || !text.contains("choices")) throw new IllegalStateException("stub answered " + r.code());
        }
        long t1 = System.nanoTime();
        Completion c = client.chat(chat);
        long t2 = System.nanoTime();
        if (c.text() == null || c.text().isEmpty()) throw new IllegalStateException("empty completion via the router");
        if (i >= 0) {
          a[i] = t1 - t0;
          b[i] = t2 - t1;
        }
      }
      Arrays.sort(a);
      Arrays.sort(b);
      return new Result(a, b);
    } finally {
      stubs.close();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  static long pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }
}
