package com.dumontcloud.sdk.vast;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.HealthProbe;
import com.dumontcloud.sdk.engine.HibernationPolicy;
import com.dumontcloud.sdk.engine.IdlenessSignal;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.WarmPoolPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.vast.FakeVastOffer;
import com.dumontcloud.sdk.testkit.vast.FakeVastServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on the fake Vast API across a restart of the host application: a parked (stopped) warm-pool member
 * and a replica hibernated with STOP are interruptible instances that Vast shows exactly like outbid ones. The new
 * process must read them as the engine left them, not terminate them and rent replacements.
 *
 * <p>Each "process" is a fresh {@link Dumont} client (its own provider instance, nothing in memory) and a fresh
 * {@link Orchestrator} on the same file journal; the engine runs on a {@link VirtualScheduler}. The clients get
 * their own {@link ManualScheduler}: a provider's pacing sleeps must not advance the engine's clock from inside a
 * reconcile step.
 */
class VastEngineRestartFunctionalTest {
  private static final Template WEB = Template.builder("web", "nginx:1.27").displayName("web").description("")
      .category(TemplateCategory.GENERAL).port(80).healthPath("/health").build();
  private static final Duration TICK = Duration.ofSeconds(5);
  /** Healthy when Vast says running; the fake's loopback ports have nothing listening, so nothing is dialled. */
  private static final HealthProbe RUNNING_IS_HEALTHY = (instance, template) -> instance.state() == InstanceState.RUNNING;
  /** Always idle: the replica hibernates once healthy for the policy's period. */
  private static final IdlenessSignal IDLE = (deployment, instance) -> 0.0;

  @TempDir Path dir;
  private FakeVastServer fake;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void start() {
    fake = FakeVastServer.start();
    double[] minBids = {0.20, 0.22, 0.24, 0.26}; // literals: a computed 0.2 + 0.02 would exceed the bid sent
    for (int n = 0; n < minBids.length; n++) {
      fake.addOffer(FakeVastOffer.builder().dphTotal(minBids[n] + 0.15).minBid(minBids[n])
          .geolocation(n % 2 == 0 ? "Texas, US" : "Quebec, CA"));
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    fake.close();
  }

  /** One host-application process: a client, a journal and an engine; nothing shared with earlier ones. */
  private final class Process {
    final Dumont dumont;
    final StateStore store;
    final Orchestrator engine;
    final List<EngineEvent> events = new CopyOnWriteArrayList<>();

    Process(VirtualScheduler time) {
      dumont = Dumont.builder()
          .provider("vast", s -> s.apiKey(Secret.of(fake.apiKey())).baseUrl(fake.baseUrl()))
          .scheduler(new ManualScheduler()).environment(k -> null).systemProperties(k -> null)
          .offerCacheTtl(Duration.ZERO).maxAttempts(1).home(Path.of("target", "dumont-home")).build();
      store = StateStore.fileJournal(dir.resolve("j"));
      engine = Orchestrator.builder(dumont).scheduler(time).engineId("t").stateStore(store).tick(TICK)
          .healthProbe(RUNNING_IS_HEALTHY).idlenessSignal(IDLE).listener(events::add).build();
      open.add(dumont);
      open.add(store);
      open.add(engine);
      engine.start();
    }

    DeploymentStatus.SlotStatus slot(String name) {
      return engine.get("svc").orElseThrow().slots().stream().filter(s -> s.name().equals(name)).findFirst()
          .orElseThrow();
    }

    void close() {
      engine.close();
      store.close();
      dumont.close();
    }
  }

  private static DeploymentSpec spec() {
    return DeploymentSpec.builder("svc", WEB).replicas(1).providers(List.of("vast")).query(OfferQuery.all())
        .spotPolicy(SpotPolicy.SPOT).warmPool(WarmPoolPolicy.of(1, WarmPoolPolicy.Mode.STOPPED))
        .hibernation(new HibernationPolicy(0.05, Duration.ofMinutes(1), HibernationPolicy.Action.STOP)).build();
  }

  private static boolean until(VirtualScheduler time, BooleanSupplier done, Duration max) {
    for (Duration t = Duration.ZERO; t.compareTo(max) <= 0; t = t.plus(TICK)) {
      if (done.getAsBoolean()) return true;
      time.advanceBy(TICK);
    }
    return done.getAsBoolean();
  }

  private String actual(String instanceId) {
    Map<String, Object> raw = fake.instanceJson(Long.parseLong(instanceId));
    return raw == null ? "destroyed" : raw.get("actual_status") + "/" + raw.get("intended_status");
  }

  @Test
  void restart_parkedWarmMemberAndHibernatedSpotReplica_areKept_nothingIsTerminatedOrRented() {
    VirtualScheduler time = VirtualScheduler.create();
    Process a = new Process(time);
    a.engine.apply(spec());

    assertThat(until(time, () -> "ready".equals(a.slot("w0").phase())
        && !a.events.stream().filter(EngineEvent.Hibernated.class::isInstance).toList().isEmpty(), Duration.ofMinutes(10)))
        .as("warm member parked and replica hibernated; events %s", a.events).isTrue();
    String warm = a.slot("w0").instanceId();
    String replica = a.slot("r0").instanceId();
    assertThat(a.slot("r0").phase()).isEqualTo("hibernated");
    assertThat(until(time, () -> actual(warm).equals("stopped/stopped") && actual(replica).equals("stopped/stopped"),
        Duration.ofMinutes(1))).as("both stopped on Vast: warm %s, replica %s", actual(warm), actual(replica)).isTrue();
    for (String id : List.of(warm, replica)) {
      assertThat(fake.instanceJson(Long.parseLong(id))).containsEntry("is_bid", true)
          .containsEntry("cur_state", "stopped").containsEntry("next_state", "stopped");
    }
    List<Long> rentedBefore = fake.instanceIds();
    assertThat(rentedBefore).hasSize(2);
    int asksBefore = fake.calls("PUT", "/api/v0/asks/").size();

    a.close(); // the host application exits; its memory (and the provider's) is gone

    VirtualScheduler later = VirtualScheduler.startingAt(time.now().plusSeconds(30));
    Process b = new Process(later);
    later.advanceBy(Duration.ofMinutes(2)); // 24 ticks

    assertThat(fake.calls("DELETE", "/api/v0/instances/")).as("nothing terminated").isEmpty();
    assertThat(fake.instanceIds()).as("nothing rented, nothing destroyed").isEqualTo(rentedBefore);
    assertThat(fake.calls("PUT", "/api/v0/asks/")).hasSize(asksBefore);
    assertThat(actual(warm)).isEqualTo("stopped/stopped");
    assertThat(actual(replica)).isEqualTo("stopped/stopped");
    assertThat(b.slot("w0")).satisfies(s -> {
      assertThat(s.phase()).isEqualTo("ready");
      assertThat(s.instanceId()).isEqualTo(warm);
      assertThat(s.generation()).isEqualTo(1);
    });
    assertThat(b.slot("r0")).satisfies(s -> {
      assertThat(s.phase()).isEqualTo("hibernated");
      assertThat(s.instanceId()).isEqualTo(replica);
      assertThat(s.generation()).isEqualTo(1);
    });
    assertThat(b.events).noneMatch(e -> e instanceof EngineEvent.Terminated || e instanceof EngineEvent.Interrupted
        || e instanceof EngineEvent.FailoverStarted || e instanceof EngineEvent.Launched);
    assertThat(b.dumont.provider("vast").get(warm).state()).isEqualTo(InstanceState.STOPPED);
    assertThat(b.dumont.provider("vast").get(replica).state()).isEqualTo(InstanceState.STOPPED);
  }
}
