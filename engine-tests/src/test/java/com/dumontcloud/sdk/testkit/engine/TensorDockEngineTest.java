package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.HealthProbe;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.tensordock.FakeTensorDockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on the TensorDock provider (API v2) against its fake: a deployment of two replicas becomes healthy,
 * and a replica TensorDock loses (deleted under it, or in status {@code error}) is replaced. The engine runs on a
 * {@link VirtualScheduler}; the client has its own, so the provider's rate-limiter waits do not move the engine's
 * clock from inside a reconcile step. The fake completes transitions when the test says so ({@code settle}).
 */
class TensorDockEngineTest {
  private static final Template WEB = Template.builder("web", "nginx:1.27").displayName("web").description("")
      .category(TemplateCategory.GENERAL).port(80).healthPath("/health").build();
  private static final Duration TICK = Duration.ofSeconds(5);
  /** Healthy when TensorDock says running; nothing listens on the fake's loopback ports. */
  private static final HealthProbe RUNNING_IS_HEALTHY = (instance, template) -> instance.state() == InstanceState.RUNNING;

  @TempDir Path dir;
  private FakeTensorDockServer fake;
  private Dumont dumont;
  private StateStore store;
  private Orchestrator engine;
  private final VirtualScheduler time = VirtualScheduler.create();
  private final List<EngineEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    fake = FakeTensorDockServer.start();
    fake.addHostnode("geforcertx4090-pcie-24gb", 2, List.of(20000, 20001, 20002, 20003), 0.35, 0.003, 0.002, 0.0001);
    fake.addHostnode("geforcertx4090-pcie-24gb", 2, List.of(21000, 21001, 21002, 21003), 0.36, 0.003, 0.002, 0.0001);
    dumont = Dumont.builder()
        .provider("tensordock", s -> s.secret("api-token", Secret.of(fake.token())).baseUrl(fake.baseUrl()))
        .scheduler(VirtualScheduler.create()).environment(k -> null).systemProperties(k -> null)
        .offerCacheTtl(Duration.ZERO).maxAttempts(1).home(dir.resolve("home")).build();
    store = StateStore.fileJournal(dir.resolve("journal"));
    engine = Orchestrator.builder(dumont).scheduler(time).engineId("td").stateStore(store).tick(TICK)
        .healthProbe(RUNNING_IS_HEALTHY).listener(events::add).build();
    engine.start();
  }

  @AfterEach
  void stop() {
    engine.close();
    store.close();
    dumont.close();
    fake.close();
  }

  private boolean until(BooleanSupplier done, Duration max) {
    for (Duration t = Duration.ZERO; t.compareTo(max) <= 0; t = t.plus(TICK)) {
      if (done.getAsBoolean()) return true;
      fake.settle();
      time.advanceBy(TICK);
    }
    return done.getAsBoolean();
  }

  private DeploymentStatus status() {
    return engine.get("svc").orElseThrow();
  }

  private List<String> replicaIds() {
    return status().slots().stream().filter(s -> s.role().equals("replica")).map(DeploymentStatus.SlotStatus::instanceId)
        .collect(Collectors.toList());
  }

  @Test
  void twoReplicas_becomeHealthy_andALostReplicaIsReplaced() {
    engine.apply(DeploymentSpec.builder("svc", WEB).replicas(2).providers(List.of("tensordock"))
        .query(OfferQuery.all()).spotPolicy(SpotPolicy.ON_DEMAND).build());

    assertThat(until(() -> status().healthyReplicas() == 2, Duration.ofMinutes(10)))
        .as("two healthy replicas; events %s", events).isTrue();
    List<String> first = replicaIds();
    assertThat(first).hasSize(2).doesNotContainNull();
    assertThat(fake.instanceIds()).containsExactlyInAnyOrderElementsOf(first);
    assertThat(fake.api().calls("POST", "/instances")).hasSize(2); // one create per replica, none resent

    String deleted = first.get(0);
    fake.remove(deleted); // TensorDock deleted it (zero balance, host gone)
    assertThat(until(() -> status().healthyReplicas() == 2 && !replicaIds().contains(deleted),
        Duration.ofMinutes(15))).as("replaced %s; events %s", deleted, events).isTrue();

    String replacement = replicaIds().stream().filter(id -> !id.equals(first.get(1))).findFirst().orElseThrow();
    String survivor = first.get(1);
    fake.setStatus(survivor, "error");
    assertThat(until(() -> status().healthyReplicas() == 2 && !replicaIds().contains(survivor),
        Duration.ofMinutes(15))).as("replaced errored %s; events %s", survivor, events).isTrue();
    assertThat(replicaIds()).contains(replacement);
    assertThat(events).anyMatch(e -> e instanceof EngineEvent.Launched l && !first.contains(l.instanceId()));
    assertThat(fake.instanceIds()).containsExactlyInAnyOrderElementsOf(replicaIds()); // the errored one is gone
  }
}
