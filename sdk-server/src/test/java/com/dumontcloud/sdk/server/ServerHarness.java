package com.dumontcloud.sdk.server;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.serverless.EndpointStore;
import com.dumontcloud.sdk.serverless.Endpoints;
import com.dumontcloud.sdk.spi.support.JsonCodec;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.engine.SimHealthProbe;
import com.dumontcloud.sdk.testkit.modelserver.ModelServerWorkloads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A server on loopback over the simulated cloud on virtual time: the test thread advances the VirtualScheduler while
 * requests that wait for capacity (a cold start) run on their own threads.
 */
final class ServerHarness implements AutoCloseable {
  final VirtualScheduler vs = VirtualScheduler.create();
  final SimulatedCloud sim;
  final ModelServerWorkloads stubs;
  final Dumont dumont;
  final Orchestrator engine;
  final Endpoints endpoints;
  final ServerEvents events = new ServerEvents();
  final ApiKeys keys;
  final String key;
  final DumontServer server;
  /** The client's audit records (queried by GET /api/v1/audit). */
  final com.dumontcloud.sdk.audit.InMemoryAuditSink audit = com.dumontcloud.sdk.audit.InMemoryAuditSink.create();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-request");
    t.setDaemon(true);
    return t;
  });

  ServerHarness(Path dir) {
    this(dir, b -> {});
  }

  /** With extra server settings (OIDC, role mapping). */
  ServerHarness(Path dir, java.util.function.Consumer<DumontServer.Builder> extra) {
    this(dir, EndpointStore.inMemory(), d -> d, extra);
  }

  /** With the endpoints' store (a file store to restart over) and client settings (team quotas). */
  ServerHarness(Path dir, EndpointStore endpointStore, java.util.function.UnaryOperator<Dumont.Builder> client) {
    this(dir, endpointStore, client, b -> {});
  }

  private ServerHarness(Path dir, EndpointStore endpointStore, java.util.function.UnaryOperator<Dumont.Builder> client,
      java.util.function.Consumer<DumontServer.Builder> extra) {
    sim = SimulatedCloud.builder().scheduler(vs).seed(7)
        .bootProfile(BootProfile.fixed(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5))).build();
    stubs = ModelServerWorkloads.attach(sim);
    dumont = client.apply(Dumont.builder().scheduler(vs).home(dir).providerFactories(List.of(sim.factory()))
        .provider("sim").auditSink(audit)).build();
    engine = Orchestrator.builder(dumont).scheduler(vs).stateStore(StateStore.inMemory())
        .healthProbe(SimHealthProbe.of(sim)).listener(events).build();
    engine.start().join();
    endpoints = Endpoints.builder(dumont).store(endpointStore).engineListener(events).build();
    // fewer PBKDF2 iterations than a real server's: every test builds a harness (AuthTest checks the real count)
    keys = ApiKeys.openWithIterations(dir.resolve("server"), 1_000);
    key = keys.create("test").token();
    DumontServer.Builder b = DumontServer.builder(dumont).orchestrator(engine).endpoints(endpoints).events(events)
        .port(0).maxBodyBytes(64 * 1024);
    b.apiKeys(keys);
    extra.accept(b);
    server = b.build().start();
  }

  URI uri(String path) {
    return URI.create(server.uri() + path);
  }

  /** One request with the test's key; answers status and parsed JSON (or raw text). */
  Answer call(String method, String path, String body) {
    return call(method, path, body, key);
  }

  Answer call(String method, String path, String body, String apiKey) {
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (apiKey != null) rb.header("Authorization", "Bearer " + apiKey);
    try {
      HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), r.headers().firstValue("content-type").orElse(""));
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    }
  }

  record Answer(int status, String body, String contentType) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return (Map<String, Object>) JsonCodec.standard().parse(body);
    }
  }

  <T> Future<T> submit(Callable<T> c) {
    return pool.submit(c);
  }

  /**
   * Wait (real time, bounded) until the endpoint holds the request in its queue, then advance virtual time in 1 s
   * steps until the future completes (or the virtual budget runs out).
   */
  <T> T advanceUntilDone(String endpointId, Future<T> f, Duration budget) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!f.isDone() && endpoints.queued(endpointId) == 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
    return advanceUntilDone(f, budget);
  }

  /** Advance virtual time in 1 s steps until the future completes (or the virtual budget runs out). */
  <T> T advanceUntilDone(Future<T> f, Duration budget) throws Exception {
    for (long i = 0; i < budget.toSeconds() && !f.isDone(); i++) {
      vs.advanceBy(Duration.ofSeconds(1));
      long until = System.nanoTime() + 2_000_000;
      while (!f.isDone() && System.nanoTime() < until) LockSupport.parkNanos(200_000);
    }
    return f.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    server.close();
    endpoints.close();
    engine.close();
    dumont.close();
    stubs.close();
    pool.shutdownNow();
  }
}
