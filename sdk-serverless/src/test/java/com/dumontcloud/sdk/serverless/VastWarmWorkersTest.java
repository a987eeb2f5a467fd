package com.dumontcloud.sdk.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.vast.FakeVastOffer;
import com.dumontcloud.sdk.testkit.vast.FakeVastServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Warm workers on the fake Vast API: the pool member is stopped and started with Vast's own calls (PUT
 * /instances/{id} state stopped / running), and a start Vast queues ({@code resources_unavailable}) falls back to a
 * fresh rental. Healthy = Vast says running (nothing listens on the fake's ports).
 */
class VastWarmWorkersTest {
  private static final Template WEB = Template.builder("web", "nginx:1.27").displayName("web").description("")
      .category(TemplateCategory.LLM).port(80).healthPath("/health").build();
  private final FakeVastServer fake = FakeVastServer.start();
  private final VirtualScheduler vs = VirtualScheduler.create();
  private Dumont dumont;
  private Endpoints eps;

  @AfterEach
  void tearDown() {
    if (eps != null) eps.close();
    if (dumont != null) dumont.close();
    fake.close();
  }

  private String setUp() {
    double[] bids = {0.20, 0.22, 0.24, 0.26};
    for (int n = 0; n < bids.length; n++) {
      fake.addOffer(FakeVastOffer.builder().dphTotal(bids[n] + 0.15).minBid(bids[n])
          .geolocation(n % 2 == 0 ? "Texas, US" : "Quebec, CA"));
    }
    // pacing off: its sleeps would advance the virtual clock from inside a tick (the fake needs no pacing)
    dumont = Dumont.builder().provider("vast", s -> s.apiKey(Secret.of(fake.apiKey())).baseUrl(fake.baseUrl())
            .set("pacing", "off"))
        .scheduler(vs).environment(k -> null).systemProperties(k -> null).offerCacheTtl(Duration.ZERO).maxAttempts(1)
        .home(Path.of("target", "dumont-home")).build();
    eps = Endpoints.builder(dumont).healthCheck((i, s) -> i.state() == InstanceState.RUNNING).build();
    return eps.create(EndpointSpec.builder(WEB).replicas(0, 3).machineType(MachineType.ON_DEMAND).warmWorkers(1)
        .build()).id();
  }

  /** Warm workers Vast reports stopped (a stop asked for counts once Vast says so). */
  private long parked(String id) {
    return eps.warmPool(id).stream().filter(r -> r.state().equals("parked")).count();
  }

  private boolean until(BooleanSupplier done) {
    for (int i = 0; i < 300 && !done.getAsBoolean(); i++) vs.advanceBy(Duration.ofSeconds(2));
    return done.getAsBoolean();
  }

  @Test
  void warmWorker_isStoppedAndStartedThroughVast_andAQueuedStartFallsBackToAFreshRental() {
    String id = setUp();
    assertThat(until(() -> parked(id) == 1)).as("warm pool %s", eps.warmPool(id)).isTrue();
    assertThat(eps.stats(id).warmWorkers()).isEqualTo(1);
    assertThat(fake.calls("PUT", "/api/v0/instances/")).anyMatch(c -> c.body().contains("\"stopped\""));
    assertThat(fake.instanceIds()).hasSize(1);

    // a request resumes it with Vast's start call
    CompletableFuture<ReplicaLease> f = eps.acquire(id, vs.now(), Set.of());
    assertThat(until(f::isDone)).isTrue();
    assertThat(f.join().coldStart()).isEqualTo("resume");
    assertThat(fake.calls("PUT", "/api/v0/instances/")).anyMatch(c -> c.body().contains("\"running\""));
    assertThat(fake.instanceIds()).hasSize(1);
    f.join().complete(true, Duration.ofSeconds(1));
    assertThat(until(() -> parked(id) == 1 && eps.get(id).replicas().isEmpty()))
        .as("scaled in into the pool").isTrue();

    // Vast queues the next start: the resume falls back to a fresh rental at once
    fake.queueStarts(true);
    CompletableFuture<ReplicaLease> g = eps.acquire(id, vs.now(), Set.of());
    assertThat(until(g::isDone)).isTrue();
    assertThat(g.join().coldStart()).isEqualTo("fresh");
    assertThat(eps.starts(id)).containsEntry("resume_fallbacks", 1L);
    assertThat(fake.instanceIds()).hasSize(1); // the queued worker was destroyed, the fresh one serves
    assertThat(fake.calls("DELETE", "/api/v0/instances/")).hasSize(1);
  }
}
