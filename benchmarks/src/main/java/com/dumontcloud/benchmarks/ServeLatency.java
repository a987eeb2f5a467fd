package com.dumontcloud.benchmarks;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.server.ApiKeys;
import com.dumontcloud.sdk.server.DumontServer;
import com.dumontcloud.sdk.serverless.Endpoint;
import com.dumontcloud.sdk.serverless.EndpointSpec;
import com.dumontcloud.sdk.serverless.EndpointStore;
import com.dumontcloud.sdk.serverless.Endpoints;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.modelserver.ModelServerStub;
import com.dumontcloud.sdk.testkit.modelserver.ModelServerWorkloads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The latency {@code dumont serve} adds to an OpenAI-compatible call: the same chat completion sent straight to a
 * replica's {@link ModelServerStub} (no artificial delay: the stub answers at once), through the server's
 * {@code /endpoints/{id}/v1/chat/completions} without auth, and through it with an API key — interleaved
 * round-robin in one run on loopback, one client ({@code java.net.http}, kept-alive connections), one request at a
 * time. The server route is: JDK HTTP server, key check (cached after the first PBKDF2), JSON parse, the serverless
 * router (least-outstanding choice, stats), an OkHttp call to the replica, the answer copied back. Not a unit test:
 * {@code java -cp benchmarks/target/benchmarks.jar com.dumontcloud.benchmarks.ServeLatency [requests] [warmup]}
 * after {@code mvn -B -pl benchmarks -am package -DskipTests}.
 */
public final class ServeLatency {
  private ServeLatency() {}

  public static void main(String[] args) throws Exception {
    // the stubs and the server share the JDK HTTP server, which reads TCP_NODELAY once (DumontServer sets it too)
    System.setProperty("sun.net.httpserver.nodelay", "true");
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int warm = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    VirtualScheduler vs = VirtualScheduler.create();
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(vs).seed(7)
        .bootProfile(BootProfile.fixed(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5))).build();
    ModelServerWorkloads stubs = ModelServerWorkloads.attach(sim,
        i -> new ModelServerStub.Options("qwen", Duration.ZERO, 0, 8));
    Path dir = Files.createTempDirectory("serve-latency");
    try (Dumont dumont = Dumont.builder().scheduler(vs).home(dir).providerFactories(List.of(sim.factory()))
        .provider("sim").build();
        Endpoints eps = Endpoints.builder(dumont).store(EndpointStore.inMemory()).build()) {
      Endpoint ep = eps.create(EndpointSpec.builder(TemplateCatalog.get("qwen2.5-0.5b")).replicas(1, 1).build());
      for (int s = 0; s < 600 && eps.get(ep.id()).readyReplicas() == 0; s++) vs.advanceBy(Duration.ofSeconds(1));
      Endpoint ready = eps.get(ep.id());
      if (ready.readyReplicas() == 0) throw new IllegalStateException("the replica did not become ready");
      ModelServerStub stub = stubs.stub(ready.replicas().get(0).instanceId()).orElseThrow();
      ApiKeys keys = ApiKeys.open(dir.resolve("server"));
      String key = keys.create("bench").token();
      // serve always authenticates: the cheapest credential is the per-run session token (a constant-time compare)
      String session = "ds_bench_" + Long.toHexString(System.nanoTime());
      DumontServer open = DumontServer.builder(dumont).endpoints(eps).port(0).apiKeys(keys).sessionToken(session)
          .build().start();
      DumontServer authed = DumontServer.builder(dumont).endpoints(eps).port(0).apiKeys(keys).build().start();
      try {
        String body = "{\"model\":\"qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],\"max_tokens\":8}";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI direct = URI.create("http://127.0.0.1:" + stub.port() + "/v1/chat/completions");
        URI viaOpen = URI.create(open.uri() + "/endpoints/" + ep.id() + "/v1/chat/completions");
        URI viaAuth = URI.create(authed.uri() + "/endpoints/" + ep.id() + "/v1/chat/completions");
        long[][] t = new long[3][n];
        for (int i = -warm; i < n; i++) {
          long a = call(http, direct, body, null);
          long b = call(http, viaOpen, body, session);
          long c = call(http, viaAuth, body, key);
          if (i >= 0) {
            t[0][i] = a;
            t[1][i] = b;
            t[2][i] = c;
          }
        }
        System.out.printf(Locale.ROOT, "requests per variant: %d (after %d warm-up), interleaved, sequential%n", n, warm);
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %9s %9s%n", "variant", "p50 ms", "p90 ms", "p99 ms", "mean ms");
        String[] names = {"direct to the model-server stub", "via serve (session token)", "via serve (API key)"};
        for (int v = 0; v < 3; v++) {
          long[] s = t[v].clone();
          Arrays.sort(s);
          System.out.printf(Locale.ROOT, "%-34s %9.3f %9.3f %9.3f %9.3f%n", names[v], ms(pct(s, 50)), ms(pct(s, 90)),
              ms(pct(s, 99)), ms((long) Arrays.stream(s).average().orElse(0)));
        }
        long[] d = sorted(t[0]);
        for (int v = 1; v < 3; v++) {
          long[] s = sorted(t[v]);
          System.out.printf(Locale.ROOT, "added by %-25s p50 %+.3f ms, p99 %+.3f ms%n", names[v] + ":",
              ms(pct(s, 50) - pct(d, 50)), ms(pct(s, 99) - pct(d, 99)));
        }
      } finally {
        open.close();
        authed.close();
      }
    } finally {
      stubs.close();
    }
  }

  private static long call(HttpClient http, URI uri, String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) b.header("Authorization", "Bearer " + key);
    long t0 = System.nanoTime();
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    long dt = System.nanoTime() - t0;
    if (r.statusCode() != 200 || !r.body().contains("choices")) {
      throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
    }
    return dt;
  }

  private static long[] sorted(long[] a) {
    long[] s = a.clone();
    Arrays.sort(s);
    return s;
  }

  private static long pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
