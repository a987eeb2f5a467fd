package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.FailoverPolicy;
import com.dumontcloud.sdk.engine.FailoverStrategy;
import com.dumontcloud.sdk.engine.HealthProbe;
import com.dumontcloud.sdk.engine.ServingEndpoint;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.StandbyPolicy;
import com.dumontcloud.sdk.model.CpuFallback;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.serverless.EndpointClient;
import com.dumontcloud.sdk.testkit.modelserver.ModelServerWorkloads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CPU standby really serves degraded: it runs the template's CPU fallback (a real HTTP model-server stub on
 * loopback standing in for llama.cpp's server), is probed over HTTP before it counts as ready, is published as the
 * DEGRADED serving endpoint, and EndpointClient sends requests to it only while no GPU replica is healthy.
 */
class DegradedServingTest {
  static final CpuFallback FALLBACK = CpuFallback.llamaCpp("Qwen/Qwen2.5-0.5B-Instruct-GGUF", 2, 4);
  static final Template TEMPLATE = Rig.qwen().withCpuFallback(FALLBACK);
  static final Map<String, Object> CHAT = Map.of("model", "qwen", "messages",
      List.of(Map.of("role", "user", "content", "are you there?")));

  Rig rig;
  ModelServerWorkloads stubs;

  @AfterEach
  void tearDown() {
    if (rig != null && rig.engine != null) rig.engine.close();
    if (stubs != null) stubs.close();
  }

  private void startRig(Rig r) {
    rig = r;
    stubs = ModelServerWorkloads.attach(rig.cloud, TEMPLATE);
    rig.customizer = b -> b.healthProbe(HealthProbe.http(Duration.ofSeconds(2))); // real HTTP probes of the stubs
    rig.start();
  }

  private static DeploymentStatus.SlotStatus slot(Rig r, String name) {
    return r.engine.get("svc").orElseThrow().slots().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow();
  }

  private void applyService() {
    rig.engine.apply(Rig.spec("svc").template(TEMPLATE).spotPolicy(SpotPolicy.SPOT).standby(StandbyPolicy.cpuSpot())
        .failover(FailoverPolicy.defaults().withStrategies(FailoverStrategy.CPU_STANDBY, FailoverStrategy.COLD))
        .build());
  }

  private static boolean hasRole(List<ServingEndpoint> eps, ServingEndpoint.Role role) {
    return eps.stream().anyMatch(e -> e.role() == role);
  }

  @Test
  void standbyRunsTheFallback_readyOnlyAfterItsProbe_servesWhileNoGpuIsHealthy_andHandsBack() {
    startRig(new Rig());
    applyService();
    // the standby is rented from a CPU-only offer and launched with the fallback, not the vLLM image
    assertThat(rig.until(r -> slot(r, "s0").instanceId() != null, Duration.ofMinutes(2))).isTrue();
    String standbyId = slot(rig, "s0").instanceId();
    rig.cloud.breakWorkload(standbyId, true); // its server will not answer the probe
    Instance standby = rig.dumont.provider("sim").get(standbyId);
    assertThat(standby.gpu().isCpuOnly()).isTrue();
    assertThat(standby.image()).isEqualTo(FALLBACK.image());
    assertThat(rig.until(r -> r.dumont.provider("sim").get(standbyId).state() == InstanceState.RUNNING
        && r.healthy("svc"), Duration.ofMinutes(3))).isTrue();
    assertThat(rig.dumont.provider("sim").get(standbyId).port(FALLBACK.port())).isPresent();
    rig.advance(Duration.ofMinutes(1));
    // running, but its probe fails: not ready, not published
    assertThat(slot(rig, "s0").phase()).isEqualTo("booting");
    assertThat(hasRole(rig.engine.servingEndpoints("svc"), ServingEndpoint.Role.DEGRADED)).isFalse();
    rig.cloud.breakWorkload(standbyId, false);
    assertThat(rig.until(r -> "ready".equals(slot(r, "s0").phase()), Duration.ofSeconds(15))).isTrue();
    rig.advance(Duration.ofSeconds(5));
    List<ServingEndpoint> both = rig.engine.servingEndpoints("svc");
    assertThat(both).extracting(ServingEndpoint::role)
        .containsExactlyInAnyOrder(ServingEndpoint.Role.PRIMARY, ServingEndpoint.Role.DEGRADED);
    assertThat(rig.engine.get("svc").orElseThrow().servingEndpoints()).isEqualTo(both);

    EndpointClient client = EndpointClient.forDeployment(rig.engine, "svc");
    EndpointClient.Response first = client.postForResponse("/v1/chat/completions", CHAT);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header(EndpointClient.SERVED_BY_HEADER)).isEqualTo("primary");
    assertThat(stubs.stub(standbyId).orElseThrow().requests()).isZero();

    // the GPU replica is interrupted and no warm pool exists: the standby takes the traffic
    int changesBefore = rig.events(EngineEvent.ServingEndpointsChanged.class).size();
    rig.cloud.interrupt(rig.instanceOf("svc", "r0"));
    assertThat(rig.until(r -> !r.events(EngineEvent.DegradedServing.class).isEmpty(), Duration.ofSeconds(15)))
        .isTrue();
    EngineEvent.DegradedServing deg = rig.events(EngineEvent.DegradedServing.class).get(0);
    assertThat(deg.serves()).isTrue();
    assertThat(deg.standbyInstanceId()).isEqualTo(standbyId);
    List<EngineEvent.ServingEndpointsChanged> changes = rig.events(EngineEvent.ServingEndpointsChanged.class);
    EngineEvent.ServingEndpointsChanged degradedChange = changes.get(changes.size() - 1);
    assertThat(changes).hasSizeGreaterThan(changesBefore);
    assertThat(degradedChange.degraded()).isTrue();
    assertThat(degradedChange.endpoints()).singleElement().satisfies(e -> {
      assertThat(e.role()).isEqualTo(ServingEndpoint.Role.DEGRADED);
      assertThat(e.instanceId()).isEqualTo(standbyId);
      assertThat(e.url()).isEqualTo(stubs.stub(standbyId).orElseThrow().baseUrl());
    });
    assertThat(degradedChange.toMap()).containsEntry("type", "serving_endpoints_changed");
    assertThat(rig.engine.get("svc").orElseThrow().phase()).isEqualTo("degraded");

    for (int i = 0; i < 3; i++) {
      EndpointClient.Response r = client.postForResponse("/v1/chat/completions", CHAT);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header(EndpointClient.SERVED_BY_HEADER)).isEqualTo("degraded");
      assertThat(r.body()).contains(FALLBACK.modelId()); // the CPU server's model answered
    }
    assertThat(stubs.stub(standbyId).orElseThrow().requests()).isEqualTo(3);
    assertThat(client.servedBy().servedByStandby()).isEqualTo(3);
    assertThat(client.servedBy().toJson()).containsEntry("served_by_standby", 3L);

    // a GPU replica is back: routing returns to it, the standby's counter stops growing
    assertThat(rig.until(r -> r.healthy("svc")
        && hasRole(r.engine.servingEndpoints("svc"), ServingEndpoint.Role.PRIMARY), Duration.ofMinutes(5))).isTrue();
    assertThat(rig.events(EngineEvent.FailoverCompleted.class)).singleElement()
        .satisfies(fc -> assertThat(fc.strategy()).isEqualTo("CPU_STANDBY"));
    for (int i = 0; i < 3; i++) {
      assertThat(client.postForResponse("/v1/chat/completions", CHAT).header(EndpointClient.SERVED_BY_HEADER))
          .isEqualTo("primary");
    }
    assertThat(stubs.stub(standbyId).orElseThrow().requests()).isEqualTo(3);
    assertThat(client.servedBy()).isEqualTo(new EndpointClient.ServedBy(4, 3));
    assertThat(slot(rig, "s0").instanceId()).isEqualTo(standbyId); // the standby stays for the next time
    // no event without a change
    int settled = rig.events(EngineEvent.ServingEndpointsChanged.class).size();
    rig.advance(Duration.ofMinutes(2));
    assertThat(rig.events(EngineEvent.ServingEndpointsChanged.class)).hasSize(settled);
  }

  @Test
  void restart_keepsTheStandbyReadyAndTheEndpoints() {
    startRig(new Rig());
    applyService();
    assertThat(rig.until(r -> r.healthy("svc") && "ready".equals(slot(r, "s0").phase()), Duration.ofMinutes(5)))
        .isTrue();
    rig.cloud.interrupt(rig.instanceOf("svc", "r0"));
    assertThat(rig.until(r -> !r.events(EngineEvent.DegradedServing.class).isEmpty()
        && !hasRole(r.engine.servingEndpoints("svc"), ServingEndpoint.Role.PRIMARY), Duration.ofSeconds(15))).isTrue();
    String standbyId = slot(rig, "s0").instanceId();
    List<ServingEndpoint> before = rig.engine.servingEndpoints("svc");
    assertThat(before).singleElement().satisfies(e -> assertThat(e.degraded()).isTrue());

    rig.crash();
    int changes = rig.events(EngineEvent.ServingEndpointsChanged.class).size();
    rig.start(); // a new engine on the same state store
    assertThat(rig.engine.servingEndpoints("svc")).isEqualTo(before); // from the journal, before any tick
    EndpointClient client = EndpointClient.forDeployment(rig.engine, "svc");
    assertThat(client.postForResponse("/v1/chat/completions", CHAT).header(EndpointClient.SERVED_BY_HEADER))
        .isEqualTo("degraded");
    rig.advance(Duration.ofSeconds(6));
    assertThat(slot(rig, "s0").phase()).isEqualTo("ready");
    assertThat(slot(rig, "s0").instanceId()).isEqualTo(standbyId);
    assertThat(stubs.stub(standbyId).orElseThrow().requests()).isEqualTo(1);
    // the GPU comes back under the new engine; the old list is not re-announced, only the change is
    assertThat(rig.until(r -> hasRole(r.engine.servingEndpoints("svc"), ServingEndpoint.Role.PRIMARY),
        Duration.ofMinutes(5))).isTrue();
    List<EngineEvent.ServingEndpointsChanged> after = rig.events(EngineEvent.ServingEndpointsChanged.class)
        .subList(changes, rig.events(EngineEvent.ServingEndpointsChanged.class).size());
    assertThat(after).isNotEmpty().allSatisfy(e -> assertThat(e.endpoints()).isNotEqualTo(before));
    assertThat(client.postForResponse("/v1/chat/completions", CHAT).header(EndpointClient.SERVED_BY_HEADER))
        .isEqualTo("primary");
  }

  @Test
  void withoutAFallback_theStandbyHoldsDataButDoesNotClaimToServe() {
    startRig(new Rig());
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT).standby(StandbyPolicy.cpuSpot())
        .failover(FailoverPolicy.defaults().withStrategies(FailoverStrategy.CPU_STANDBY, FailoverStrategy.COLD))
        .build());
    assertThat(rig.until(r -> r.healthy("svc") && "ready".equals(slot(r, "s0").phase()), Duration.ofMinutes(5)))
        .isTrue();
    assertThat(rig.engine.servingEndpoints("svc")).extracting(ServingEndpoint::role)
        .containsExactly(ServingEndpoint.Role.PRIMARY);
    rig.cloud.interrupt(rig.instanceOf("svc", "r0"));
    assertThat(rig.until(r -> !r.events(EngineEvent.DegradedServing.class).isEmpty(), Duration.ofSeconds(15)))
        .isTrue();
    assertThat(rig.events(EngineEvent.DegradedServing.class).get(0).serves()).isFalse();
    assertThat(rig.events(EngineEvent.DegradedServing.class).get(0).toMap()).containsEntry("serves", false);
    assertThat(rig.engine.servingEndpoints("svc")).isEmpty();
    assertThat(rig.engine.get("svc").orElseThrow().phase()).isEqualTo("failing_over");
  }
}
