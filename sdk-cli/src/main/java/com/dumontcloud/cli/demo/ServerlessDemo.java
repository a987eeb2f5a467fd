package com.dumontcloud.cli.demo;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.serverless.Endpoint;
import com.dumontcloud.sdk.serverless.EndpointClient;
import com.dumontcloud.sdk.serverless.EndpointSpec;
import com.dumontcloud.sdk.serverless.EndpointStats;
import com.dumontcloud.sdk.serverless.EndpointStatus;
import com.dumontcloud.sdk.serverless.EndpointStore;
import com.dumontcloud.sdk.serverless.Endpoints;
import com.dumontcloud.sdk.serverless.MachineType;
import com.dumontcloud.sdk.serverless.ReplicaInfo;
import com.dumontcloud.sdk.serverless.openai.ChatRequest;
import com.dumontcloud.sdk.serverless.openai.Completion;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.modelserver.ModelServerWorkloads;
import com.dumontcloud.sdk.pricing.CurrencyView;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The serverless part of {@code dumont demo}: an endpoint on spot capacity scales from zero on the first
 * request, serves a burst, loses a spot replica and keeps serving, then scales back to zero. Lifecycle time
 * is virtual (the simulated cloud's realistic boot profile); every request is a real HTTP call through the
 * router to a model-server stub on loopback.
 */
public final class ServerlessDemo {
  private final PrintStream out;
  private final boolean json;
  private final VirtualScheduler time = VirtualScheduler.create();
  private final Instant t0 = time.now();
  private final List<Map<String, Object>> events = new ArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "demo-request");
    t.setDaemon(true);
    return t;
  });
  private int failed;
  /** What the demo shows that did not happen; any entry makes {@code dumont demo} exit non-zero. */
  private final List<String> failures = new ArrayList<>();

  private final CurrencyView view;

  private ServerlessDemo(PrintStream out, boolean json, CurrencyView view) {
    this.out = out;
    this.json = json;
    this.view = view;
  }

  /** Run; returns the JSON summary (also printed as a timeline unless {@code json}). */
  public static Map<String, Object> run(PrintStream out, boolean json, long seed) {
    return run(out, json, seed, CurrencyView.usd());
  }

  /** Run showing money (the stats' costs, the timeline) in {@code view}'s currency, converted and rounded once. */
  public static Map<String, Object> run(PrintStream out, boolean json, long seed, CurrencyView view) {
    return new ServerlessDemo(out, json, view).play(seed);
  }

  private void note(String type, String text, Map<String, Object> extra) {
    Duration d = Duration.between(t0, time.now());
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("t", d.toMillis() / 1000.0);
    e.put("type", type);
    e.put("message", text);
    if (extra != null) e.putAll(extra);
    events.add(e);
    if (!json) out.printf(Locale.ROOT, "[%s] %-10s %s%n", EngineDemo.hms(d), type, text);
  }

  private Map<String, Object> play(long seed) {
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(time).seed(seed).bootProfile(BootProfile.defaults()).build();
    try (ModelServerWorkloads stubs = ModelServerWorkloads.attach(sim);
        Dumont dumont = Dumont.builder().scheduler(time).providerFactories(List.of(sim.factory())).provider("sim")
            .auditSink(AuditSink.none()).build();
        Endpoints eps = Endpoints.builder(dumont).store(EndpointStore.inMemory()).engineListener(e -> {
          if (e instanceof EngineEvent.Interrupted in) {
            note("engine", String.format(Locale.ROOT, "the engine detected the loss of %s (%s) after %.0f s; its "
                + "failover replaces it in replica deployment %s while the other replicas serve", in.instanceId(),
                in.reason(), in.detect().toMillis() / 1000.0, in.deploymentId()),
                Map.of("deployment", in.deploymentId(), "instance", in.instanceId()));
          } else if (e instanceof EngineEvent.FailoverCompleted fc) {
            note("failover", String.format(Locale.ROOT, "the engine's failover (%s) replaced %s with %s in replica "
                + "deployment %s, %.0f s after the interruption", fc.strategy(), fc.failedInstanceId(),
                fc.newInstanceId(), fc.deploymentId(), fc.total().toMillis() / 1000.0),
                Map.of("deployment", fc.deploymentId(), "new_instance", fc.newInstanceId()));
          }
        }).build()) {
      Endpoint ep = eps.create(EndpointSpec.builder(TemplateCatalog.get("qwen2.5-0.5b")).replicas(0, 3)
          .machineType(MachineType.SPOT).spotExtra(1).idleTimeout(Duration.ofMinutes(5)).coldStartTimeout(Duration.ofMinutes(4))
          .requestTimeout(Duration.ofSeconds(30)).build());
      note("endpoint", "created " + ep.id() + " (qwen2.5-0.5b, 0..3 replicas, spot with on-demand fallback and "
          + "one hedging spot replica on another host, scale to zero after 5 min idle)", Map.of("endpoint", ep.id()));
      advance(Duration.ofSeconds(4));
      note("status", ep.id() + " is " + eps.get(ep.id()).status().wireName() + " (no replica, no cost)", null);

      EndpointClient client = eps.client(ep.id());
      Future<Completion> first = pool.submit(() -> client.chat(ChatRequest.of("qwen", "Say hello")));
      Instant sent = time.now();
      note("request", "first request arrives at a zero-replica endpoint: held in the queue, a spot replica launches",
          null);
      Completion c = advanceUntilDone(first, Duration.ofMinutes(4));
      note("served", String.format(Locale.ROOT, "first answer after %.0f s (cold start): \"%s\"",
          Duration.between(sent, time.now()).toMillis() / 1000.0, c.text().strip()),
          Map.of("cold_start_s", Duration.between(sent, time.now()).toSeconds()));

      List<Future<Completion>> burst = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        int n = i;
        burst.add(pool.submit(() -> client.chat(ChatRequest.of("qwen", "burst request " + n))));
      }
      note("burst", "a burst of 24 concurrent requests", null);
      for (Future<Completion> f : burst) collect(f, Duration.ofMinutes(4));
      Endpoint peak = eps.get(ep.id());
      note("scaled", "after the burst: " + replicas(peak), Map.of("replicas", peak.replicas().size()));
      long trickled = trickle(client, Duration.ofMinutes(5));
      Endpoint now = eps.get(ep.id());
      note("steady", trickled + " requests over 5 min of light traffic; young replicas kept for their boot time, "
          + "then scaled down to the target plus one hedge: " + replicas(now), Map.of("replicas", now.replicas().size()));

      ReplicaInfo victim = now.replicas().stream().filter(r -> r.state().equals("ready")).findFirst().orElseThrow();
      List<Future<Completion>> during = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        int n = i;
        during.add(pool.submit(() -> client.chat(ChatRequest.of("qwen", "during interruption " + n))));
      }
      sim.interrupt(victim.instanceId());
      note("interrupt", "spot replica " + victim.slot() + " (" + victim.instanceId() + " on " + victim.hostId()
          + ") preempted while 12 requests are in flight", Map.of("instance", victim.instanceId()));
      for (Future<Completion> f : during) collect(f, Duration.ofMinutes(4));
      trickled += trickle(client, Duration.ofMinutes(3));
      check(eps.replacements(ep.id()) >= 1, "the engine to replace the preempted replica " + victim.instanceId());
      check(failed == 0, "every request answered (" + failed + " failed)");
      note("recovered", "requests failed: " + failed + "; replacements: " + eps.replacements(ep.id()) + "; replicas: "
          + replicas(eps.get(ep.id())), Map.of("failed_requests", failed, "replacements", eps.replacements(ep.id())));

      Instant idleFrom = time.now();
      while (eps.get(ep.id()).status() != EndpointStatus.SCALED_TO_ZERO
          && Duration.between(idleFrom, time.now()).compareTo(Duration.ofMinutes(15)) < 0) {
        advance(Duration.ofSeconds(10));
      }
      note("idle", ep.id() + " is " + eps.get(ep.id()).status().wireName() + " after "
          + Duration.between(idleFrom, time.now()).toSeconds() + " s without traffic", null);
      check(eps.get(ep.id()).status() == EndpointStatus.SCALED_TO_ZERO, ep.id() + " scaled to zero when idle");

      EndpointStats s = eps.stats(ep.id());
      Map<String, Object> stats = new LinkedHashMap<>(eps.stats().toJson(view));
      stats.put("endpoint", s.toJson(view));
      note("stats", String.format(Locale.ROOT, "%d requests, %d errors, latency p50 %d ms / p95 %d ms / p99 %d ms, "
          + "%d cold start(s) p50 %d ms, cost %s", s.totalRequests24h(), s.errors24h(), s.p50LatencyMs(),
          s.p95LatencyMs(), s.p99LatencyMs(), s.coldStarts24h(), s.coldStartP50Ms(),
          EngineDemo.money(view, s.cost24h().amount().doubleValue())), null);
      eps.delete(ep.id());
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("endpoint", ep.id());
      root.put("events", events);
      root.put("stats", stats);
      root.put("failures", failures);
      return root;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String replicas(Endpoint e) {
    StringBuilder sb = new StringBuilder();
    for (ReplicaInfo r : e.replicas()) {
      if (sb.length() > 0) sb.append(", ");
      sb.append(r.slot()).append(' ').append(r.state()).append(' ').append(r.pricing() == null ? "" :
          r.pricing().name().toLowerCase(Locale.ROOT)).append('@').append(r.region());
    }
    return sb.length() == 0 ? "none" : sb.toString();
  }

  private void check(boolean happened, String expected) {
    if (happened) return;
    failures.add(expected);
    note("failed", "demo FAILED: expected " + expected + ", but it did not happen", null);
  }

  private void collect(Future<Completion> f, Duration budget) {
    try {
      advanceUntilDone(f, budget);
    } catch (RuntimeException e) {
      failed++;
    }
  }

  /** One request every 10 s of virtual time for {@code d}; returns how many were sent. */
  private long trickle(EndpointClient client, Duration d) {
    Instant end = time.now().plus(d);
    long n = 0;
    while (time.now().isBefore(end)) {
      Instant next = time.now().plusSeconds(10);
      long k = n++;
      collect(pool.submit(() -> client.chat(ChatRequest.of("qwen", "steady request " + k))), Duration.ofMinutes(4));
      while (time.now().isBefore(next)) time.advanceBy(Duration.ofSeconds(1));
    }
    return n;
  }

  private void advance(Duration d) {
    for (long s = 0; s < d.toSeconds(); s++) time.advanceBy(Duration.ofSeconds(1));
  }

  /** Advance virtual time in 1 s steps until the request finishes; HTTP itself is real. */
  private <T> T advanceUntilDone(Future<T> f, Duration budget) {
    for (long i = 0; i < budget.toSeconds() && !f.isDone(); i++) {
      time.advanceBy(Duration.ofSeconds(1));
      long until = System.nanoTime() + 2_000_000;
      while (!f.isDone() && System.nanoTime() < until) LockSupport.parkNanos(200_000);
    }
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new IllegalStateException("request did not finish", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
