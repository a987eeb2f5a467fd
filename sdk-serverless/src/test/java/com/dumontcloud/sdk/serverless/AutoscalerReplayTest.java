package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Simulation benchmark: replays a bursty request pattern against the autoscaler on the simulated cloud, in
 * virtual time (default boot profile: 35–105 s from launch to healthy). Service time per request =
 * 150 ms + prompt tokens / 5000 tok/s + output tokens / 50 tok/s. Prints cold starts and latency
 * percentiles. The synthetic pattern always runs; the Azure LLM trace (read from ../shared/traces, never
 * copied) runs when present. Also a regular test with a short synthetic pattern.
 */
class AutoscalerReplayTest {
  record Req(long atMs, int in, int out) {}

  record Result(String name, int requests, EndpointStats stats, long replicasLaunched, double costUsd) {
    String line() {
      return String.format("%-26s requests=%d errors=%d cold_starts=%d cold_start_p50=%.1fs p95=%.1fs "
              + "latency_ms p50=%d p95=%d p99=%d avg=%.0f replicas_launched=%d cost=$%.4f", name, requests,
          stats.errors24h(), stats.coldStarts24h(), stats.coldStartP50Ms() / 1000.0, stats.coldStartP95Ms() / 1000.0,
          stats.p50LatencyMs(), stats.p95LatencyMs(), stats.p99LatencyMs(), stats.avgLatencyMs(), replicasLaunched,
          costUsd);
    }
  }

  /** One hour: 0.5 rps background, a 30 s burst of 10 rps every 10 min, then 15 min of silence. */
  static List<Req> synthetic(long seed, Duration span) {
    Random r = new Random(seed);
    List<Req> out = new ArrayList<>();
    double t = 0;
    long end = span.toMillis();
    while (t < end) {
      long ms = (long) t;
      boolean silent = ms > end * 3 / 4 - 15 * 60_000L && ms < end * 3 / 4;
      boolean burst = (ms % 600_000L) < 30_000L;
      double rate = silent ? 0 : burst ? 10 : 0.5;
      if (rate == 0) {
        t += 1000;
        continue;
      }
      t += -Math.log(1 - r.nextDouble()) / rate * 1000;
      if (t < end) out.add(new Req((long) t, 200 + r.nextInt(1800), 20 + r.nextInt(200)));
    }
    return out;
  }

  static List<Req> azure(Path csv) throws IOException {
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSS");
    List<Req> out = new ArrayList<>();
    LocalDateTime t0 = null;
    for (String line : Files.readAllLines(csv)) {
      if (line.startsWith("TIMESTAMP") || line.isBlank()) continue;
      String[] p = line.split(",");
      LocalDateTime t = LocalDateTime.parse(p[0].trim(), f);
      if (t0 == null) t0 = t;
      out.add(new Req(Duration.between(t0, t).toMillis(), Integer.parseInt(p[1].trim()), Integer.parseInt(p[2].trim())));
    }
    return out;
  }

  static Result replay(String name, List<Req> reqs, EndpointSpec spec, long seed) {
    VirtualScheduler vs = VirtualScheduler.create();
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(vs).seed(seed).bootProfile(BootProfile.defaults()).build();
    try (Dumont dumont = Dumont.builder().scheduler(vs).providerFactories(List.of(sim.factory())).provider("sim").build();
         Endpoints eps = Endpoints.builder(dumont).healthCheck((i, s) -> sim.workloadHealthy(i.id())).build()) {
      Endpoint ep = eps.create(spec);
      EndpointRuntime rt = eps.runtime(ep.id());
      AtomicLong served = new AtomicLong();
      for (Req q : reqs) {
        vs.schedule(() -> {
          java.time.Instant arrived = vs.now();
          rt.acquireAsync(Set.of(), arrived).whenComplete((lease, err) -> {
            if (lease == null) return;
            Duration service = Duration.ofMillis(150 + q.in() / 5 + q.out() * 20L);
            vs.schedule(() -> {
              lease.complete(true, service);
              served.incrementAndGet();
            }, service);
          });
        }, Duration.ofMillis(q.atMs()));
      }
      long last = reqs.isEmpty() ? 0 : reqs.get(reqs.size() - 1).atMs();
      vs.advanceBy(Duration.ofMillis(last).plus(spec.coldStartTimeout()).plusMinutes(1));
      long launched = countLaunched(sim);
      return new Result(name, reqs.size(), eps.stats(ep.id()), launched, sim.accruedCost().doubleValue());
    }
  }

  private static long countLaunched(SimulatedCloud sim) {
    // the sim keeps terminated instances: every instance ever launched
    return sim.list(java.util.Map.of()).size();
  }

  static EndpointSpec spec() {
    return EndpointSpec.builder(SimHarness.QWEN).replicas(0, 5).targetConcurrency(4)
        .idleTimeout(Duration.ofMinutes(5)).queueCapacity(1000).coldStartTimeout(Duration.ofMinutes(5)).build();
  }

  @Test
  void shortBurstyReplayServesEverythingWithOneColdStartPerIdlePeriod() {
    List<Req> reqs = synthetic(42, Duration.ofMinutes(20));
    Result r = replay("synthetic-20min", reqs, spec(), 42);
    assertThat(r.stats().errors24h()).isZero();
    assertThat(r.stats().totalRequests24h()).isEqualTo(reqs.size());
    assertThat(r.stats().coldStarts24h()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void replayBenchmark() throws IOException {
    Assumptions.assumeTrue(Boolean.getBoolean("serverless.replay"), "enable with -Dserverless.replay=true");
    List<String> lines = new ArrayList<>();
    for (long seed : new long[] {1, 2, 3}) {
      lines.add(replay("synthetic-1h seed=" + seed, synthetic(seed, Duration.ofHours(1)), spec(), seed).line());
    }
    for (Path dir : List.of(Path.of("../shared/traces"), Path.of("../../shared/traces"))) {
      Path d = dir.resolve("azure-llm-inference-2023");
      if (!Files.isDirectory(d)) continue;
      for (String f : List.of("AzureLLMInferenceTrace_code.csv", "AzureLLMInferenceTrace_conv.csv")) {
        Path csv = d.resolve(f);
        if (Files.exists(csv)) lines.add(replay("azure " + f.replace("AzureLLMInferenceTrace_", ""), azure(csv),
            spec().toBuilder().maxReplicas(20).build(), 7).line());
      }
      break;
    }
    String report = String.join("\n", lines);
    System.out.println(report);
    Files.writeString(Path.of("target", "serverless-replay.txt"), report + "\n");
  }
}
