package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.HealthProbe;
import com.dumontcloud.sdk.engine.HibernationPolicy;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.serverless.EndpointClient;
import com.dumontcloud.sdk.serverless.EndpointUnavailableException;
import com.dumontcloud.sdk.testkit.modelserver.ModelServerWorkloads;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hibernated service comes back on a request through the router, or on a schedule that survives a restart; and
 * the router's request rate is an idleness signal that hibernates a service nobody calls.
 */
class HibernationResumeTest {
  static final Map<String, Object> CHAT = Map.of("model", "qwen", "messages",
      List.of(Map.of("role", "user", "content", "hi")));
  static final HibernationPolicy HIBERNATE = new HibernationPolicy(0.05, Duration.ofMinutes(2),
      HibernationPolicy.Action.STOP);

  @TempDir Path dir;
  Rig rig;
  ModelServerWorkloads stubs;

  @AfterEach
  void tearDown() {
    if (rig != null && rig.engine != null) rig.engine.close();
    if (stubs != null) stubs.close();
  }

  @Test
  void theRoutersRequestRateHibernatesAnUncalledService_andARequestResumesIt() {
    rig = new Rig();
    stubs = ModelServerWorkloads.attach(rig.cloud, Rig.qwen());
    AtomicReference<EndpointClient> client = new AtomicReference<>();
    rig.customizer = b -> b.healthProbe(HealthProbe.http(Duration.ofSeconds(2)))
        .idlenessSignal((d, i) -> client.get() == null ? -1 : client.get().requestRate(1.0, Duration.ofMinutes(1))
            .utilisation(d, i));
    rig.start();
    client.set(EndpointClient.forDeployment(rig.engine, "svc", rig.time));
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT).hibernation(HIBERNATE).build());
    assertThat(rig.until(r -> r.healthy("svc"), Duration.ofMinutes(3))).isTrue();
    // called about once a second (full load = 1 request/s): busy, no hibernation
    for (int s = 0; s < 300; s++) {
      rig.advance(Duration.ofSeconds(1));
      assertThat(client.get().postForResponse("/v1/chat/completions", CHAT).status()).isEqualTo(200);
    }
    assertThat(rig.events(EngineEvent.Hibernated.class)).isEmpty();
    // nobody calls it: idle after the window, hibernated after the policy's period
    assertThat(rig.until(r -> !r.events(EngineEvent.Hibernated.class).isEmpty(), Duration.ofMinutes(5))).isTrue();
    assertThat(rig.engine.hibernated("svc")).isTrue();
    assertThat(rig.engine.servingEndpoints("svc")).isEmpty();

    // a request arrives through the router: it resumes the deployment and says so
    assertThatThrownBy(() -> client.get().postForResponse("/v1/chat/completions", CHAT))
        .isInstanceOf(EndpointUnavailableException.class).hasMessageContaining("hibernated")
        .hasMessageContaining("resuming");
    assertThat(rig.until(r -> !r.events(EngineEvent.Resumed.class).isEmpty(), Duration.ofMinutes(3))).isTrue();
    assertThat(client.get().postForResponse("/v1/chat/completions", CHAT).status()).isEqualTo(200);
  }

  @Test
  void aScheduledResume_survivesARestart() {
    rig = new Rig(42, StateStore.fileJournal(dir.resolve("j.jsonl")));
    rig.start();
    rig.engine.apply(Rig.spec("svc").spotPolicy(SpotPolicy.SPOT).hibernation(HIBERNATE).build());
    assertThat(rig.until(r -> r.healthy("svc"), Duration.ofMinutes(3))).isTrue();
    rig.idle.instance(rig.instanceOf("svc", "r0"), 0.0);
    assertThat(rig.until(r -> r.engine.hibernated("svc"), Duration.ofMinutes(4))).isTrue();
    Instant at = rig.time.now().plus(Duration.ofMinutes(30));
    rig.engine.resumeAt("svc", at);
    rig.idle.instance(rig.instanceOf("svc", "r0"), 0.9);
    rig.crash();
    rig.start(); // a new engine on the same journal
    rig.advance(Duration.ofMinutes(29));
    assertThat(rig.events(EngineEvent.Resumed.class)).isEmpty();
    assertThat(rig.until(r -> !r.events(EngineEvent.Resumed.class).isEmpty(), Duration.ofMinutes(4))).isTrue();
    assertThat(rig.events(EngineEvent.Resumed.class).get(0).at()).isAfterOrEqualTo(at);
  }
}
