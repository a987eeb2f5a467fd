package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.replay.LlmReplay;
import com.dumontcloud.sdk.testkit.replay.LlmServiceModel;
import com.dumontcloud.sdk.testkit.replay.LlmTrace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A bursty trace replayed against the autoscaler and the router's leases ({@link Endpoints#acquire}) on the
 * simulated cloud, in virtual time with the realistic boot profile (35–105 s from launch to healthy); service times
 * from the test kit's {@link LlmServiceModel}. The full replays of the Azure LLM traces, against an always-on fleet
 * too, are {@code ./dumont simulate traffic} (sdk-cli's {@code TrafficReplay}, same driver).
 */
class AutoscalerReplayTest {
  record Result(LlmReplay replay, EndpointStats stats, long replicasLaunched) {}

  static Result replay(LlmTrace trace, EndpointSpec spec, long seed) {
    VirtualScheduler vs = VirtualScheduler.create();
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(vs).seed(seed).bootProfile(BootProfile.defaults()).build();
    try (Dumont dumont = Dumont.builder().scheduler(vs).providerFactories(List.of(sim.factory())).provider("sim").build();
         Endpoints eps = Endpoints.builder(dumont).healthCheck((i, s) -> sim.workloadHealthy(i.id())).build()) {
      Endpoint ep = eps.create(spec);
      LlmReplay replay = LlmReplay.start(vs, trace, LlmServiceModel.defaults(),
          at -> eps.acquire(ep.id(), at, Set.of()).thenApply(l -> new LlmReplay.Lease() {
            public String replicaId() { return l.replicaId(); }
            public void complete(boolean ok, Duration serviceTime) { l.complete(ok, serviceTime); }
          }));
      vs.advanceBy(trace.duration().plus(spec.coldStartTimeout()).plusMinutes(1));
      // the sim keeps terminated instances: every instance ever launched
      return new Result(replay, eps.stats(ep.id()), sim.list(Map.of()).size());
    }
  }

  static EndpointSpec spec() {
    return EndpointSpec.builder(SimHarness.QWEN).replicas(0, 5).targetConcurrency(4)
        .idleTimeout(Duration.ofMinutes(5)).queueCapacity(1000).coldStartTimeout(Duration.ofMinutes(5)).build();
  }

  @Test
  void shortBurstyReplayServesEverythingWithOneColdStartPerIdlePeriod() {
    LlmTrace trace = LlmTrace.synthetic(42, Duration.ofMinutes(20));
    Result r = replay(trace, spec(), 42);
    assertThat(r.replay().finished()).isTrue();
    assertThat(r.replay().summary().answered()).isEqualTo(trace.size());
    assertThat(r.stats().errors24h()).isZero();
    assertThat(r.stats().totalRequests24h()).isEqualTo(trace.size());
    // over 20 min the synthetic trace's silent quarter-hour runs from just after the first request to 0:15: a cold
    // start for that request, scale to zero after the 5 min idle timeout, and one more at 0:15
    assertThat(r.stats().coldStarts24h()).isEqualTo(2);
    assertThat(r.stats().coldStartP50Ms()).isBetween(35_000L, 105_000L);
    assertThat(r.replicasLaunched()).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(30);
  }
}
