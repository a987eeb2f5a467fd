package com.dumontcloud.sdk.vast;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.EngineEvent;
import com.dumontcloud.sdk.engine.HealthProbe;
import com.dumontcloud.sdk.engine.HibernationPolicy;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.StandbyPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.model.CpuFallback;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.vast.Fault;
import com.dumontcloud.sdk.testkit.vast.FakeVastOffer;
import com.dumontcloud.sdk.testkit.vast.FakeVastServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's real-provider signals on the fake Vast API, with no custom code: hibernation driven by Vast's own
 * {@code gpu_util} (the default idleness signal), the CPU standby searched among CPU-only offers server-side, and
 * Vast's create rate limit: a {@code 429 ... threshold=N} on {@code PUT /asks/} pauses the engine's creates for the
 * threshold (no create sent before it passes), the same key is sent again afterwards, and one instance comes up.
 */
class VastEngineSignalsFunctionalTest {
  private static final Duration TICK = Duration.ofSeconds(5);
  private static final Template WEB = Template.builder("web", "nginx:1.27").displayName("web").description("")
      .category(TemplateCategory.GENERAL).port(80).healthPath("/health").build();
  /** Healthy when Vast says running; the fake's loopback ports have nothing listening, so nothing is dialled. */
  private static final HealthProbe RUNNING_IS_HEALTHY = (instance, template) -> instance.state() == InstanceState.RUNNING;

  private FakeVastServer fake;
  private Dumont dumont;
  private Orchestrator engine;
  private final VirtualScheduler time = VirtualScheduler.create();
  private final List<EngineEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    fake = FakeVastServer.start();
    fake.addOffer(FakeVastOffer.builder().dphTotal(0.35).minBid(0.20).geolocation("Texas, US"));
    fake.addOffer(FakeVastOffer.builder().dphTotal(0.37).minBid(0.22).geolocation("Quebec, CA"));
    fake.addCpuCatalog();
    dumont = Dumont.builder().provider("vast", s -> s.apiKey(Secret.of(fake.apiKey())).baseUrl(fake.baseUrl()))
        .scheduler(new ManualScheduler()).environment(k -> null).systemProperties(k -> null)
        .offerCacheTtl(Duration.ZERO).maxAttempts(1).home(Path.of("target", "dumont-home")).build();
    engine = Orchestrator.builder(dumont).scheduler(time).engineId("sig").stateStore(StateStore.inMemory()).tick(TICK)
        .healthProbe(RUNNING_IS_HEALTHY).listener(events::add) // no idleness signal: the default
        .actionWait(Duration.ofSeconds(30)) // each tick waits for its HTTP calls, even on a loaded machine
        .build();
    engine.start();
  }

  @AfterEach
  void stop() {
    engine.close();
    dumont.close();
    fake.close();
  }

  private boolean until(BooleanSupplier done, Duration max) {
    for (Duration t = Duration.ZERO; t.compareTo(max) <= 0; t = t.plus(TICK)) {
      if (done.getAsBoolean()) return true;
      time.advanceBy(TICK);
    }
    return done.getAsBoolean();
  }

  private DeploymentStatus.SlotStatus slot(String name) {
    return engine.get("svc").orElseThrow().slots().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow();
  }

  @Test
  void hibernation_isDrivenByVastsGpuUtil_withTheDefaultSignal() {
    engine.apply(DeploymentSpec.builder("svc", WEB).providers(List.of("vast")).query(OfferQuery.all())
        .spotPolicy(SpotPolicy.SPOT).hibernation(new HibernationPolicy(0.05, Duration.ofMinutes(1),
            HibernationPolicy.Action.STOP)).build());
    assertThat(until(() -> "healthy".equals(slot("r0").phase()), Duration.ofMinutes(5))).as("%s", events).isTrue();
    String id = slot("r0").instanceId();
    time.advanceBy(Duration.ofMinutes(3));
    assertThat(events).noneMatch(EngineEvent.Hibernated.class::isInstance); // no gpu_util reported: never idle
    fake.setGpuUtil(Long.parseLong(id), 0.62);
    time.advanceBy(Duration.ofMinutes(3));
    assertThat(events).noneMatch(EngineEvent.Hibernated.class::isInstance); // busy
    fake.setGpuUtil(Long.parseLong(id), 0.01);
    assertThat(until(() -> events.stream().anyMatch(EngineEvent.Hibernated.class::isInstance), Duration.ofMinutes(3)))
        .as("%s", events).isTrue();
    assertThat(fake.calls("PUT", "/api/v0/instances/" + id + "/")).anySatisfy(c ->
        assertThat(c.body()).contains("\"stopped\""));
  }

  @Test
  void cpuStandby_isSearchedAmongCpuOnlyOffersOnVast_andRunsTheFallback() {
    CpuFallback fb = CpuFallback.llamaCpp("Qwen/Qwen2.5-0.5B-Instruct-GGUF", 2, 4);
    engine.apply(DeploymentSpec.builder("svc", WEB.withCpuFallback(fb)).providers(List.of("vast"))
        .query(OfferQuery.all()).spotPolicy(SpotPolicy.SPOT).standby(StandbyPolicy.cpuSpot()).build());
    assertThat(until(() -> slot("s0").instanceId() != null, Duration.ofMinutes(3))).as("%s", events).isTrue();
    Instance standby = dumont.provider("vast").get(slot("s0").instanceId());
    assertThat(standby.gpu().isCpuOnly()).isTrue();
    assertThat(standby.gpuCount()).isZero();
    assertThat(fake.calls("POST", "/api/v0/bundles/")).anySatisfy(c -> {
      assertThat(c.body()).contains("\"num_gpus\":{\"eq\":0}");
      assertThat(c.body()).contains("cpu_cores_effective");
    });
    Map<String, Object> raw = fake.instanceJson(Long.parseLong(standby.id()));
    assertThat(String.valueOf(raw.get("image_uuid"))).isEqualTo(fb.image());
  }

  private int creates() {
    return fake.calls("PUT", "/api/v0/asks/").size();
  }

  @Test
  void a429WithAThreshold_pausesCreatesForIt_thenTheSameKeyIsSentAgain() {
    fake.fail("PUT", "/api/v0/asks/", 2, Fault.rateLimited(Fault.RateLimitStyle.DETAIL, 20));
    engine.apply(DeploymentSpec.builder("svc", WEB).providers(List.of("vast")).query(OfferQuery.all())
        .spotPolicy(SpotPolicy.ON_DEMAND).build());
    time.advanceBy(Duration.ofSeconds(1)); // the first tick (t = 0) sent the first create
    assertThat(creates()).as("the first create, refused").isEqualTo(1);
    time.advanceBy(Duration.ofSeconds(17)); // t = 18: three more ticks inside the 20 s threshold, nothing sent
    assertThat(creates()).isEqualTo(1);
    time.advanceBy(Duration.ofSeconds(5)); // t = 23: the tick at 20 sent the second create, refused again
    assertThat(creates()).isEqualTo(2);
    time.advanceBy(Duration.ofSeconds(15)); // t = 38
    assertThat(creates()).as("still inside the second threshold").isEqualTo(2);
    time.advanceBy(Duration.ofSeconds(5)); // t = 43: the tick at 40
    assertThat(creates()).as("the third create, accepted").isEqualTo(3);
    for (int i = 0; i < 12 && fake.instanceIds().isEmpty(); i++) time.advanceBy(TICK);
    assertThat(fake.instanceIds()).hasSize(1);
    // the same launch each time: one idempotency label value across the three calls
    java.util.regex.Pattern label = java.util.regex.Pattern.compile("\"label\"\\s*:\\s*\"([^\"]+)\"");
    List<String> labels = fake.calls("PUT", "/api/v0/asks/").stream().map(c -> {
      java.util.regex.Matcher m = label.matcher(c.body());
      assertThat(m.find()).as("a label in %s", c.body()).isTrue();
      return m.group(1);
    }).distinct().toList();
    assertThat(labels).hasSize(1);
    assertThat(events).noneMatch(EngineEvent.FailoverFailed.class::isInstance);
  }
}
