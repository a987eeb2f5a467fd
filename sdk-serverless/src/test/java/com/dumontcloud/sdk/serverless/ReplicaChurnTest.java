package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The churn rules in virtual time on the simulated cloud (25 s boot), requests driven through the runtime
 * with a fixed service time (no HTTP): young replicas survive a scale-down for the scale-down delay, and a
 * backlog waiting for a launching replica does not launch more.
 */
class ReplicaChurnTest {
  private final VirtualScheduler vs = VirtualScheduler.create();
  private final SimulatedCloud sim = SimulatedCloud.builder().scheduler(vs).seed(7)
      .bootProfile(BootProfile.fixed(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5))).build();
  private final Dumont dumont = Dumont.builder().scheduler(vs).providerFactories(List.of(sim.factory()))
      .provider("sim").build();
  private final Endpoints eps = Endpoints.builder(dumont).healthCheck((i, s) -> sim.workloadHealthy(i.id())).build();

  @AfterEach
  void tearDown() {
    eps.close();
    dumont.close();
  }

  /** One request arriving now, served for {@code service} once it has a replica. */
  private void request(EndpointRuntime rt, Duration service) {
    rt.acquireAsync(Set.of(), vs.now()).whenComplete((lease, err) -> {
      if (lease != null) vs.schedule(() -> lease.complete(true, service), service);
    });
  }

  private long live(String id) {
    return eps.get(id).replicas().size();
  }

  @ParameterizedTest(name = "scaleDownDelay {0} s: {2} replicas {1} s after the burst")
  @CsvSource({
      "180, 140, 4", // panic and the stable window are over, but the burst replicas have been ready < 3 min
      "180, 240, 1", // ready for more than 3 min (at ~35 s + 180 s): now they go
      "0, 140, 1", // delay off: the old rule, down once the lower decision held for the stable window
  })
  void burstReplicasSurviveTheScaleDownDelay(long delay, long after, long expected) {
    Endpoint ep = eps.create(SimHarness.spec().replicas(1, 4).targetConcurrency(1)
        .scaleDownDelay(Duration.ofSeconds(delay)).build());
    EndpointRuntime rt = eps.runtime(ep.id());
    vs.advanceBy(Duration.ofSeconds(30));
    assertThat(eps.get(ep.id()).readyReplicas()).isEqualTo(1);
    for (int i = 0; i < 4; i++) request(rt, Duration.ofSeconds(10)); // 4 at once, 10 s each: 4 replicas
    vs.advanceBy(Duration.ofSeconds(8));
    assertThat(live(ep.id())).isEqualTo(4);
    vs.advanceBy(Duration.ofSeconds(after - 8));
    assertThat(live(ep.id())).isEqualTo(expected);
  }

  @Test
  void backlogWaitingForALaunchingReplicaDoesNotLaunchMore() {
    Endpoint ep = eps.create(SimHarness.spec().replicas(0, 5).targetConcurrency(1).build());
    EndpointRuntime rt = eps.runtime(ep.id());
    // learn the service time (1 s), then idle to zero
    request(rt, Duration.ofSeconds(1));
    vs.advanceBy(Duration.ofSeconds(40));
    for (int i = 0; i < 5; i++) {
      request(rt, Duration.ofSeconds(1));
      vs.advanceBy(Duration.ofSeconds(2));
    }
    vs.advanceBy(Duration.ofMinutes(10));
    assertThat(live(ep.id())).isZero();
    int before = sim.list(Map.of()).size();
    // 0.5 rps × 1 s needs one replica; for the 25 s boot the queue grows to ~13 requests, which is backlog
    for (int s = 0; s < 60; s += 2) {
      request(rt, Duration.ofSeconds(1));
      vs.advanceBy(Duration.ofSeconds(2));
    }
    vs.advanceBy(Duration.ofSeconds(10));
    assertThat(sim.list(Map.of()).size() - before).isEqualTo(1);
    assertThat(eps.stats(ep.id()).errors24h()).isZero();
    assertThat(eps.stats(ep.id()).coldStarts24h()).isEqualTo(2);
  }
}
