package com.dumontcloud.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.serverless.EndpointStats;
import com.dumontcloud.sdk.testkit.replay.LlmReplay;
import com.dumontcloud.sdk.testkit.replay.LlmRequest;
import com.dumontcloud.sdk.testkit.replay.LlmServiceModel;
import com.dumontcloud.sdk.testkit.replay.LlmTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TrafficReplayTest {
  /** Two 20 s bursts of 30 requests, 45 min apart: an idle period far longer than the 5 min idle timeout. */
  static LlmTrace twoBursts() {
    List<LlmRequest> reqs = new ArrayList<>();
    for (long start : new long[] {0, 45 * 60_000L}) {
      for (int i = 0; i < 30; i++) reqs.add(new LlmRequest(start + i * 667L, 800 + 40 * i, 60 + 3 * i));
    }
    return LlmTrace.of("two-bursts", reqs);
  }

  /** Gaps between consecutive arrivals longer than the idle timeout plus a minute of scale-down ticks. */
  static int idleGaps(LlmTrace t, Duration idle) {
    int gaps = 0;
    List<LlmRequest> r = t.requests();
    for (int i = 1; i < r.size(); i++) {
      if (r.get(i).atMs() - r.get(i - 1).atMs() > idle.plusMinutes(1).toMillis()) gaps++;
    }
    return gaps;
  }

  @Test
  void burstyReplayAnswersEverythingWithColdStartsOnlyAfterIdlePeriodsAndCostsLessThanAlwaysOn() {
    LlmTrace trace = twoBursts();
    TrafficReplay replay = TrafficReplay.builder(trace).maxReplicas(5).seed(7).build();
    TrafficReplay.Report r = replay.run();
    TrafficReplay.Run ep = r.endpoint();
    TrafficReplay.Run ao = r.alwaysOn();

    for (TrafficReplay.Run run : List.of(ep, ao)) {
      LlmReplay.Summary s = run.summary();
      // every request answered or counted as an error, and the endpoint's own stats saw each exactly once
      assertThat(s.answered() + s.errors()).as(run.name()).isEqualTo(trace.size());
      assertThat(s.pending()).isZero();
      assertThat(run.outcomes()).hasSize(trace.size());
      EndpointStats st = run.stats();
      assertThat(st.totalRequests24h()).as(run.name()).isEqualTo(trace.size());
      assertThat(st.errors24h()).isEqualTo(s.errors());
      assertThat(s.errors()).isZero();
      assertThat(s.p50Ms()).isLessThanOrEqualTo(s.p95Ms());
      assertThat(s.p95Ms()).isLessThanOrEqualTo(s.p99Ms());
      assertThat(s.ttftP50Ms()).isLessThanOrEqualTo(s.p50Ms());
    }
    // a scale from zero at the start and one after the idle period, none in between (scale-out waits inside a burst
    // are cold starts too, ended by a fresh replica, but none begins with no replica ready)
    assertThat((Integer) ((Map<?, ?>) ep.scaleFromZero().get("fresh")).get("count"))
        .isEqualTo(1 + idleGaps(trace, replay.spec().idleTimeout())).isEqualTo(2);
    assertThat(ep.coldStarts().get("fresh").count()).isGreaterThanOrEqualTo(2);
    assertThat(ep.coldStarts().get("fresh").p50Ms()).isBetween(35_000L, 105_000L); // the realistic boot profile
    assertThat(ep.coldStarts().get("resume").count()).isZero();
    // the endpoint was at zero between the bursts
    assertThat(ep.samples()).anySatisfy(x -> {
      assertThat(x.tMs()).isBetween(15 * 60_000L, 44 * 60_000L);
      assertThat(x.live()).isZero();
    });
    assertThat(ep.stats().activeInstances()).as("back at zero replicas at the end").isZero();
    assertThat(ep.freshRentals()).isGreaterThanOrEqualTo(2);
    // always-on: booted before the trace, never a cold start, ready the whole time, dearer on a bursty trace
    assertThat(ao.replicas()).isEqualTo(TrafficReplay.alwaysOnReplicas(trace, LlmServiceModel.defaults(), replay.spec()));
    assertThat(ao.coldStarts().values()).allSatisfy(c -> assertThat(c.count()).isZero());
    assertThat(ao.freshRentals()).isZero();
    assertThat(ao.samples()).allSatisfy(x -> assertThat(x.ready()).isEqualTo(ao.replicas()));
    assertThat(ao.window()).isEqualTo(ep.window());
    assertThat(ao.cost().isGreaterThan(ep.cost())).as("always-on %s vs endpoint %s", ao.cost(), ep.cost()).isTrue();
    assertThat(r.costRatio()).isLessThan(1.0);
    // cold starts hurt the endpoint's tail: its p99 waited for a boot
    assertThat(ep.summary().p99Ms()).isGreaterThan(ao.summary().p99Ms() + 30_000);
    assertThat(r.p99Ratio()).isGreaterThan(1.0);
  }

  @Test
  void warmWorkers_resumeInSeconds_fewerFreshRentals_storageBilled() {
    LlmTrace trace = twoBursts();
    TrafficReplay.Run cold = TrafficReplay.builder(trace).maxReplicas(5).seed(7).gpuTakenChance(0).build().run()
        .endpoint();
    TrafficReplay.Run warm = TrafficReplay.builder(trace).maxReplicas(5).seed(7).gpuTakenChance(0).warmWorkers(2)
        .build().run().endpoint();
    assertThat(warm.summary().answered()).isEqualTo(trace.size());
    assertThat(warm.resumes()).isGreaterThanOrEqualTo(2);
    assertThat(warm.coldStarts().get("resume").count()).isGreaterThanOrEqualTo(1);
    assertThat(warm.coldStarts().get("resume").p50Ms()).isBetween(7_000L, 25_000L); // the 7-20 s resume profile
    assertThat(warm.freshRentals()).isLessThan(cold.freshRentals());
    assertThat(warm.storageCost().doubleValue()).isPositive();
    assertThat(cold.storageCost().doubleValue()).isZero();
    assertThat(warm.summary().p99Ms()).isLessThan(cold.summary().p99Ms());
  }

  @Test
  void jsonKeepsTheContractNamesAndTheHtmlIsSelfContained() {
    TrafficReplay.Report r = TrafficReplay.builder(twoBursts().head(Duration.ofMinutes(1))).maxReplicas(3).build().run();
    Map<String, Object> j = r.toJson();
    assertThat(j).containsKeys("trace", "endpoint", "always_on", "ratios");
    assertThat(map(j, "trace")).containsKeys("name", "requests", "duration_s").containsEntry("requests", 30);
    Map<String, Object> ep = map(j, "endpoint");
    assertThat(ep).containsKeys("p50_ms", "p95_ms", "p99_ms", "ttft_p50_ms", "ttft_p95_ms", "errors", "cost",
        "fresh_rentals", "cold_starts", "spec");
    Map<String, Object> cold = map(ep, "cold_starts");
    assertThat(cold).containsOnlyKeys("resume", "fresh");
    assertThat(map(cold, "resume")).containsKeys("count", "p50_ms", "p95_ms").containsEntry("count", 0L);
    assertThat(ep).containsKeys("resumes", "storage_cost", "scale_from_zero", "warm_workers", "prewarm");
    assertThat(map(cold, "fresh")).containsKeys("count", "p50_ms", "p95_ms").containsEntry("count", 1L);
    assertThat(map(ep, "spec")).containsEntry("template", TrafficReplay.TEMPLATE).containsEntry("max_replicas", 3);
    assertThat(map(j, "always_on")).containsKeys("replicas", "p50_ms", "p95_ms", "p99_ms", "ttft_p50_ms", "cost",
        "sizing");
    assertThat(map(j, "ratios")).containsKeys("p99", "cost");
    assertThat((Double) map(j, "ratios").get("cost"))
        .isCloseTo(r.endpoint().cost().doubleValue() / r.alwaysOn().cost().doubleValue(), org.assertj.core.data.Offset.offset(0.001));

    String html = r.html();
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("Arrivals per minute")
        .contains("Ready replicas").contains("Endpoint latency").contains("Always-on latency");
    assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=")
        .doesNotContain("NaN").doesNotContain("Infinity");
    assertThat(html.split("<svg", -1)).hasSize(5);
  }

  @Test
  void alwaysOnIsSizedForThePeakMinuteWithinMaxReplicas() {
    LlmServiceModel m = LlmServiceModel.defaults();
    List<LlmRequest> reqs = new ArrayList<>();
    for (int i = 0; i < 600; i++) reqs.add(new LlmRequest(i * 100L, 1000, 101)); // one busy minute
    reqs.add(new LlmRequest(10 * 60_000L, 1000, 101)); // and a quiet one
    LlmTrace t = LlmTrace.of("peak", reqs);
    // prefill alone (1000 / 5000 s) plus a quarter of overhead + 100 tokens at the batch-of-4 decode rate
    double each = 0.2 + (0.15 + 100 / (50 / 1.06)) / 4;
    assertThat(TrafficReplay.replicaSeconds(m, reqs.get(0), 4)).isCloseTo(each, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(TrafficReplay.peakLoad(t, m, 4)).isCloseTo(600 * each / 60, org.assertj.core.data.Offset.offset(1e-6));
    int want = (int) Math.ceil(600 * each / 60);
    assertThat(want).isEqualTo(8);
    assertThat(TrafficReplay.replicasForPeak(t, m, TrafficReplay.endpointSpec(100))).isEqualTo(want);
    assertThat(TrafficReplay.alwaysOnReplicas(t, m, TrafficReplay.endpointSpec(100))).isEqualTo(want);
    assertThat(TrafficReplay.alwaysOnReplicas(t, m, TrafficReplay.endpointSpec(3))).isEqualTo(3);
  }

  @Test
  void azureCodeTraceFirstTenMinutesWhenPresent() {
    Path csv = Path.of("../../shared/traces/azure-llm-inference-2023/AzureLLMInferenceTrace_code.csv");
    Assumptions.assumeTrue(Files.exists(csv), "no " + csv.toAbsolutePath().normalize() + ": skipped (../shared absent)");
    LlmTrace trace = LlmTrace.load(csv).head(Duration.ofMinutes(10));
    TrafficReplay.Report r = TrafficReplay.builder(trace).source(csv.toString()).maxReplicas(20).build().run();
    for (TrafficReplay.Run run : List.of(r.endpoint(), r.alwaysOn())) {
      assertThat(run.summary().answered() + run.summary().errors()).isEqualTo(trace.size());
      assertThat(run.stats().totalRequests24h()).isEqualTo(trace.size());
    }
    assertThat(r.endpoint().coldStarts().get("fresh").count()).isGreaterThanOrEqualTo(1);
    assertThat(r.alwaysOn().coldStarts().get("fresh").count()).isZero();
    assertThat(r.alwaysOn().summary().p99Ms()).isLessThan(r.endpoint().summary().p99Ms());
    assertThat(r.toJson().get("trace")).asString().contains("AzureLLMInferenceTrace_code");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String k) {
    return (Map<String, Object>) m.get(k);
  }
}
