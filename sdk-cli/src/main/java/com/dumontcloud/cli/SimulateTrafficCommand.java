package com.dumontcloud.cli;

import com.dumontcloud.cli.simulate.TrafficReplay;
import com.dumontcloud.sdk.testkit.replay.LlmReplay;
import com.dumontcloud.sdk.testkit.replay.LlmTrace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dumont simulate traffic}: an LLM request trace against a serverless endpoint and an always-on fleet. */
@Command(name = "traffic", mixinStandardHelpOptions = true,
    description = {"Replay LLM traffic against a serverless endpoint and against an always-on",
        "fleet sized for the peak, on the simulated cloud (realistic 35-105 s boots,",
        "virtual time): latency, time to first token, cold starts, errors and cost.",
        "Service times come from a model (prefill 5000 tok/s shared, decode 50 tok/s",
        "per sequence, slower as the batch grows); see docs/simulation.md."},
    footer = {"", "Examples:",
        "  dumont simulate traffic                # a seeded synthetic bursty hour",
        "  T=../shared/traces/azure-llm-inference-2023",
        "  dumont simulate traffic --trace $T/AzureLLMInferenceTrace_code.csv",
        "  dumont simulate traffic --trace conv.csv --minutes 10 --json",
        "  dumont simulate traffic --html report.html"})
final class SimulateTrafficCommand implements Callable<Integer> {
  @Option(names = "--trace", paramLabel = "FILE",
      description = "Azure LLM inference trace CSV (TIMESTAMP,ContextTokens,GeneratedTokens); default: a seeded "
          + "synthetic bursty hour.")
  Path trace;

  @Option(names = "--max-replicas", paramLabel = "N", description = "Most replicas of the endpoint (and of the "
      + "always-on fleet).")
  int maxReplicas = 20;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the simulated cloud and of the synthetic trace.")
  long seed = 42;

  @Option(names = "--warm-workers", paramLabel = "N", description = "Stopped warm workers the endpoint keeps "
      + "(rented, booted and stopped before the trace starts; resumed in 7-20 s).")
  int warmWorkers;

  @Option(names = "--prewarm", description = "Predictive pre-warming: the endpoint adds replicas ahead of a rising "
      + "arrival rate.")
  boolean prewarm;

  @Option(names = "--gpu-taken", paramLabel = "P", description = "Chance that a stopped warm worker's host GPU was "
      + "taken when it resumes (the resume then falls back to a fresh rental; default 0.1).")
  double gpuTaken = TrafficReplay.DEFAULT_GPU_TAKEN;

  @Option(names = "--minutes", paramLabel = "M", description = "Replay only the first M minutes of the trace "
      + "(default: all of it).")
  Integer minutes;

  @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report with charts.")
  Path html;

  @Mixin Output out;

  @Override
  public Integer call() throws IOException {
    out.check();
    if (minutes != null && minutes < 1) {
      throw new IllegalArgumentException("--minutes must be at least 1, got " + minutes);
    }
    if (html != null) {
      Path dir = html.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        throw new IllegalArgumentException("--html: directory " + dir + " does not exist; create it or give another path");
      }
    }
    LlmTrace t;
    String source;
    if (trace != null) {
      try {
        t = LlmTrace.load(trace);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--trace: " + e.getMessage(), e);
      }
      source = trace.toString();
    } else {
      t = LlmTrace.synthetic(seed, Duration.ofHours(1));
      source = "synthetic";
    }
    if (minutes != null) t = t.head(Duration.ofMinutes(minutes));
    if (t.size() == 0) throw new IllegalArgumentException("--minutes " + minutes + ": no request arrives that early");
    TrafficReplay replay = TrafficReplay.builder(t).source(source).maxReplicas(maxReplicas).seed(seed)
        .warmWorkers(warmWorkers).prewarm(prewarm).gpuTakenChance(gpuTaken).progress(System.err::println).build();
    long t0 = System.nanoTime();
    TrafficReplay.Report r = replay.run();
    System.err.printf(Locale.ROOT, "simulated %.1f min of traffic twice in %.1f s wall time%n",
        r.trace().duration().toMillis() / 60_000.0, (System.nanoTime() - t0) / 1e9);
    if (html != null) {
      Files.writeString(html, r.html(), StandardCharsets.UTF_8);
      System.err.println("wrote " + html);
    }
    if (out.printData(r.toJson(out.view()))) return 0;
    print(r);
    return 0;
  }

  private void print(TrafficReplay.Report r) {
    var tj = r.trace().toJson();
    System.out.printf(Locale.ROOT, "trace: %s (%d requests over %.1f min, peak %s per minute)%n", r.trace().name(),
        r.trace().size(), r.trace().duration().toMillis() / 60_000.0, tj.get("peak_per_minute"));
    Table table = new Table("RUN", "REPLICAS", "P50", "P95", "P99", "TTFT-P50", "TTFT-P95", "COLD-STARTS", "ERRORS",
        "RENTALS", "RESUMES", "COST").wideOnly("TTFT-P95");
    row(table, r.endpoint(), "0.." + r.endpoint().spec().maxReplicas(), out);
    row(table, r.alwaysOn(), String.valueOf(r.alwaysOn().replicas()), out);
    table.print(System.out, out.wide());
    System.out.printf(Locale.ROOT, "endpoint / always-on: p99 %s, cost %s%n", times(r.p99Ratio()), times(r.costRatio()));
  }

  private static void row(Table t, TrafficReplay.Run run, String replicas, Output out) {
    LlmReplay.Summary s = run.summary();
    TrafficReplay.ColdStarts fresh = run.coldStarts().get("fresh");
    TrafficReplay.ColdStarts resume = run.coldStarts().get("resume");
    String coldText = fresh.count() + resume.count() == 0 ? "0" : kind("resume", resume) + kind("fresh", fresh);
    t.row(run.name(), replicas, secs(s.p50Ms()), secs(s.p95Ms()), secs(s.p99Ms()), secs(s.ttftP50Ms()),
        secs(s.ttftP95Ms()), coldText.trim(), String.valueOf(s.errors()), String.valueOf(run.freshRentals()),
        String.valueOf(run.resumes()), out.money(run.cost()));
  }

  private static String kind(String name, TrafficReplay.ColdStarts c) {
    return c.count() == 0 ? "" : String.format(Locale.ROOT, "%s %d (p50 %s) ", name, c.count(), secs(c.p50Ms()));
  }

  private static String secs(long ms) {
    return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
  }

  private static String times(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.2fx", v);
  }
}
