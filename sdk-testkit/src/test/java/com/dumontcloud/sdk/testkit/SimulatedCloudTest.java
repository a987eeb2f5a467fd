package com.dumontcloud.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.spi.SpotMarket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedCloudTest {
  static final Template SERVICE = Template.builder("svc", "vllm/vllm-openai:latest").displayName("Service")
      .description("test service").category(TemplateCategory.LLM).port(8000).healthPath("/health")
      .modelId("Qwen/Qwen2.5-0.5B-Instruct").minGpuRamGib(8).vramRequiredGib(1).build();

  private final List<Dumont> clients = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(Dumont::close);
  }

  private Dumont client(SimulatedCloud sim, VirtualScheduler vs) {
    Dumont d = Dumont.builder().scheduler(vs).providerFactories(List.of(sim.factory())).provider("sim")
        .offerCacheTtl(Duration.ZERO).build();
    clients.add(d);
    return d;
  }

  private static Offer cheapest(SimulatedCloud sim, PricingModel pm) {
    return sim.searchOffers(OfferQuery.builder().pricingModel(pm).build()).stream()
        .filter(o -> o.gpuCount() > 0)
        .min(java.util.Comparator.comparing(Offer::pricePerHour)).orElseThrow();
  }

  @Test
  void offers_sameSeed_areIdentical() {
    var a = SimulatedCloud.builder().scheduler(VirtualScheduler.create()).seed(7).build();
    var b = SimulatedCloud.builder().scheduler(VirtualScheduler.create()).seed(7).build();
    var c = SimulatedCloud.builder().scheduler(VirtualScheduler.create()).seed(8).build();
    assertThat(a.searchOffers(OfferQuery.all())).isEqualTo(b.searchOffers(OfferQuery.all()));
    assertThat(a.searchOffers(OfferQuery.all())).isNotEqualTo(c.searchOffers(OfferQuery.all()));
  }

  @Test
  void offers_coverRegionsHostsAndPricingModels() {
    var sim = SimulatedCloud.builder().scheduler(VirtualScheduler.create()).build();
    List<Offer> all = sim.searchOffers(OfferQuery.all());
    assertThat(all).extracting(o -> o.location().region()).contains("US", "EU", "ASIA");
    assertThat(all).extracting(Offer::pricingModel).contains(PricingModel.SPOT, PricingModel.ON_DEMAND);
    assertThat(all.stream().map(Offer::hostId).distinct().count()).isGreaterThanOrEqualTo(18);
    assertThat(all).anyMatch(o -> o.gpu().isCpuOnly());
    // spot is cheaper than on-demand on the same host and size
    for (Offer spot : all.stream().filter(Offer::interruptible).toList()) {
      Offer od = all.stream().filter(o -> o.id().equals(spot.id().replace("-spot", "-od"))).findFirst().orElseThrow();
      assertThat(spot.pricePerHour()).isLessThan(od.pricePerHour());
    }
  }

  @Test
  void lifecycle_goesThroughProvisioningStartingRunning_withDrawnDelays() {
    var vs = VirtualScheduler.create();
    var sim = SimulatedCloud.builder().scheduler(vs).bootProfile(BootProfile.fixed(Duration.ofSeconds(30),
        Duration.ofSeconds(20), Duration.ofSeconds(10))).build();
    Dumont d = client(sim, vs);
    Instance i = d.instances().launch(LaunchSpec.fromTemplate(SERVICE).offer(cheapest(sim, PricingModel.ON_DEMAND)).build());
    assertThat(i.state()).isEqualTo(InstanceState.PROVISIONING);
    vs.advanceBy(Duration.ofSeconds(31));
    assertThat(d.instances().get(i.id()).state()).isEqualTo(InstanceState.STARTING);
    vs.advanceBy(Duration.ofSeconds(20));
    Instance running = d.instances().get(i.id());
    assertThat(running.state()).isEqualTo(InstanceState.RUNNING);
    assertThat(running.port(8000)).isPresent();
    assertThat(running.labels()).containsKey("dumont-key");
    assertThat(sim.workloadHealthy(i.id())).isFalse();
    vs.advanceBy(Duration.ofSeconds(10));
    assertThat(sim.workloadHealthy(i.id())).isTrue();
  }

  @Test
  void waitUntilRunning_usesVirtualTime_andReportsProgress() {
    var vs = VirtualScheduler.create();
    var sim = SimulatedCloud.builder().scheduler(vs).build();
    Dumont d = client(sim, vs);
    Instance i = d.instances().launch(LaunchSpec.fromTemplate(SERVICE).offer(cheapest(sim, PricingModel.ON_DEMAND)).build());
    List<InstanceState> seen = new ArrayList<>();
    Instance r = d.instances().waitUntilRunning(i.id(), Duration.ofMinutes(5), x -> seen.add(x.state()));
    assertThat(r.state()).isEqualTo(InstanceState.RUNNING);
    assertThat(seen).contains(InstanceState.PROVISIONING, InstanceState.RUNNING);
    for (int k = 1; k < seen.size(); k++) assertThat(seen.get(k)).as("a report per change, not per poll").isNotEqualTo(seen.get(k - 1));
    assertThat(Duration.between(VirtualScheduler.DEFAULT_START, vs.now())).isBetween(Duration.ofSeconds(25),
        Duration.ofSeconds(80));
  }

  @Test
  void spotInstances_areInterruptedAtTheConfiguredRate_andSignalIt() {
    var vs = VirtualScheduler.create();
    var sim = SimulatedCloud.builder().scheduler(vs).seed(3).interruptionsPerHour(2.0).build();
    Dumont d = client(sim, vs);
    Instance i = d.instances().launch(LaunchSpec.fromTemplate(SERVICE).offer(cheapest(sim, PricingModel.SPOT)).build());
    vs.advanceBy(Duration.ofHours(12));
    Instance after = d.instances().get(i.id());
    assertThat(after.state()).isEqualTo(InstanceState.INTERRUPTED);
    assertThat(after.rawStatus()).isEqualTo("preempted");
    List<SpotMarket.Interruption> signals = sim.interruptions(List.of(i.id()), VirtualScheduler.DEFAULT_START);
    assertThat(signals).hasSize(1);
    assertThat(signals.get(0).at()).isAfter(VirtualScheduler.DEFAULT_START);
  }

  @Test
  void sameSeed_givesSameEvents() {
    List<String> a = run(11);
    List<String> b = run(11);
    assertThat(a).isEqualTo(b).isNotEmpty();
    assertThat(run(12)).isNotEqualTo(a);
  }

  private List<String> run(long seed) {
    var vs = VirtualScheduler.create();
    var sim = SimulatedCloud.builder().scheduler(vs).seed(seed).interruptionsPerHour(0.5).build();
    Dumont d = client(sim, vs);
    List<String> ids = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      ids.add(d.instances().launch(LaunchSpec.fromTemplate(SERVICE).offer(cheapest(sim, PricingModel.SPOT)).build()).id());
    }
    vs.advanceBy(Duration.ofHours(6));
    List<String> events = new ArrayList<>();
    for (String id : ids) {
      Instance x = d.instances().get(id);
      events.add(id + " " + x.state() + " " + x.startedAt() + " " + x.stoppedAt());
    }
    return events;
  }

  @Test
  void stopAndStart_releaseAndReacquire_withQueuedStart() {
    var vs = VirtualScheduler.create();
    var sim = SimulatedCloud.builder().scheduler(vs).bootProfile(BootProfile.fixed(Duration.ofSeconds(10),
        Duration.ofSeconds(10), Duration.ofSeconds(5))).build();
    Dumont d = client(sim, vs);
    Instance i = d.instances().launch(LaunchSpec.fromTemplate(SERVICE).offer(cheapest(sim, PricingModel.ON_DEMAND)).build());
    vs.advanceBy(Duration.ofSeconds(30));
    d.instances().stop(i.id());
    vs.advanceBy(Duration.ofSeconds(10));
    assertThat(d.instances().get(i.id()).state()).isEqualTo(InstanceState.STOPPED);
    sim.faults(FaultPlan.none().withStartQueueDelay(Duration.ofMinutes(2)));
    d.instances().start(i.id());
    Instance queued = d.instances().get(i.id());
    assertThat(queued.state()).isEqualTo(InstanceState.STARTING);
    assertThat(queued.statusMessage()).contains("resources_unavailable");
    vs.advanceBy(Duration.ofMinutes(2).plusSeconds(11));
    assertThat(d.instances().get(i.id()).state()).isEqualTo(InstanceState.RUNNING);
  }

  @Test
  void terminate_isIdempotent_andUnknownIdIsNotFound() {
    var vs = VirtualScheduler.create();
    var sim = SimulatedCloud.builder().scheduler(vs).build();
    Dumont d = client(sim, vs);
    Instance i = d.instances().launch(LaunchSpec.fromTemplate(SERVICE).offer(cheapest(sim, PricingModel.ON_DEMAND)).build());
    d.instances().destroy(i.id());
    sim.terminate(i.id());
    assertThat(d.instances().get(i.id()).state()).isEqualTo(InstanceState.TERMINATED);
    assertThatThrownBy(() -> d.instances().get("sim-999")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("sim-999");
  }

  @Test
  void ambiguousLaunch_isResolvedByKey_exactlyOneInstance() {
    var vs = VirtualScheduler.create();
    var sim = SimulatedCloud.builder().scheduler(vs).build();
    sim.faults(FaultPlan.none().withAmbiguousLaunches(1));
    Dumont d = client(sim, vs);
    Instance i = d.instances().launch(LaunchSpec.fromTemplate(SERVICE).offer(cheapest(sim, PricingModel.ON_DEMAND))
        .idempotencyKey("k-1").build());
    assertThat(i.label("dumont-key")).isEqualTo("k-1");
    assertThat(sim.liveInstances()).hasSize(1);
  }

  @Test
  void aKeyRentsOnceWhileItsInstanceLives_againOnceItIsTerminated_andARelabelledInstanceHoldsItsNewKey() {
    var vs = VirtualScheduler.create();
    var sim = SimulatedCloud.builder().scheduler(vs).build();
    Dumont d = client(sim, vs);
    LaunchSpec k1 = LaunchSpec.fromTemplate(SERVICE).offer(cheapest(sim, PricingModel.ON_DEMAND)).idempotencyKey("k-1")
        .build();
    Instance first = d.instances().launch(k1);
    assertThat(d.instances().launch(k1).id()).isEqualTo(first.id()); // the same key never rents twice
    assertThat(sim.liveInstances()).hasSize(1);

    sim.terminate(first.id());
    Instance second = d.instances().launch(k1); // its instance is gone: the key rents again
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(d.instances().launch(k1).id()).isEqualTo(second.id());

    Map<String, String> relabelled = new java.util.HashMap<>(second.labels());
    relabelled.put("dumont-key", "k-2");
    sim.setLabels(second.id(), relabelled);
    LaunchSpec k2 = LaunchSpec.fromTemplate(SERVICE).offer(cheapest(sim, PricingModel.ON_DEMAND)).idempotencyKey("k-2")
        .build();
    assertThat(d.instances().launch(k2).id()).isEqualTo(second.id()); // found under the key it holds now
    Instance third = d.instances().launch(k1); // and no longer under the old one
    assertThat(third.id()).isNotIn(first.id(), second.id());
    assertThat(sim.liveInstances()).hasSize(2);
  }

  @Test
  void rateLimit_isATokenBucketOnVirtualTime_answering429_andCallsAreCountedByOperation() {
    var vs = VirtualScheduler.create();
    var sim = SimulatedCloud.builder().scheduler(vs).build();
    sim.rateLimit("search_offers", 2, Duration.ofSeconds(6));
    sim.searchOffers(OfferQuery.all());
    sim.searchOffers(OfferQuery.all()); // the burst
    assertThatThrownBy(() -> sim.searchOffers(OfferQuery.all())).isInstanceOf(RateLimitedException.class)
        .hasMessageContaining("429");
    vs.advanceBy(Duration.ofSeconds(5));
    assertThatThrownBy(() -> sim.searchOffers(OfferQuery.all())).isInstanceOf(RateLimitedException.class);
    vs.advanceBy(Duration.ofSeconds(1)); // one token after 6 s
    sim.searchOffers(OfferQuery.all());
    assertThatThrownBy(() -> sim.searchOffers(OfferQuery.all())).isInstanceOf(RateLimitedException.class);
    sim.list(Map.of()); // other operations are not limited
    vs.advanceBy(Duration.ofMinutes(10)); // refills up to the burst only
    sim.searchOffers(OfferQuery.all());
    sim.searchOffers(OfferQuery.all());
    assertThatThrownBy(() -> sim.searchOffers(OfferQuery.all())).isInstanceOf(RateLimitedException.class);

    assertThat(sim.apiCallsByOperation()).containsEntry("search_offers", 9L).containsEntry("list", 1L);
    assertThat(sim.rateLimitedByOperation()).isEqualTo(Map.of("search_offers", 4L));
    sim.rateLimit("search_offers", 0, null); // removed
    for (int i = 0; i < 5; i++) sim.searchOffers(OfferQuery.all());
    assertThatThrownBy(() -> sim.rateLimit("launch", 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("every");
  }

  @Test
  void faults_stockoutsErrorsAndRateLimits() {
    var vs = VirtualScheduler.create();
    var sim = SimulatedCloud.builder().scheduler(vs).build();
    Offer spot = cheapest(sim, PricingModel.SPOT);
    sim.faults(FaultPlan.none().withStockouts(Set.of("spot")));
    assertThat(sim.searchOffers(OfferQuery.all())).noneMatch(Offer::interruptible);
    Dumont d = client(sim, vs);
    assertThatThrownBy(() -> d.instances().launch(LaunchSpec.fromTemplate(SERVICE).offer(spot).build()))
        .isInstanceOf(CapacityUnavailableException.class).hasMessageContaining("no longer available");
    sim.faults(FaultPlan.none().withErrorRate(1.0));
    assertThatThrownBy(() -> sim.list(Map.of())).isInstanceOf(ProviderServerException.class);
    sim.faults(FaultPlan.none().withRateLimitRate(1.0));
    assertThatThrownBy(() -> sim.list(Map.of())).isInstanceOf(RateLimitedException.class)
        .satisfies(e -> assertThat(((RateLimitedException) e).retryable()).isTrue());
  }

  @Test
  void capacity_isConsumed_andHostFailureInterrupts() {
    var vs = VirtualScheduler.create();
    var sim = SimulatedCloud.builder().scheduler(vs).build();
    Offer o = cheapest(sim, PricingModel.ON_DEMAND);
    Dumont d = client(sim, vs);
    Instance i = d.instances().launch(LaunchSpec.fromTemplate(SERVICE).offer(o).build());
    long before = sim.searchOffers(OfferQuery.all()).stream().filter(x -> x.hostId().equals(o.hostId())).count();
    sim.failHost(o.hostId());
    assertThat(d.instances().get(i.id()).state()).isEqualTo(InstanceState.INTERRUPTED);
    assertThat(sim.searchOffers(OfferQuery.all())).noneMatch(x -> x.hostId().equals(o.hostId()));
    assertThat(before).isPositive();
  }

  @Test
  void persistence_survivesANewProcess(@TempDir Path dir) {
    var vs = VirtualScheduler.create();
    Path file = dir.resolve("state.json");
    var sim = SimulatedCloud.builder().scheduler(vs).stateFile(file).build();
    Dumont d = client(sim, vs);
    Instance i = d.instances().launch(LaunchSpec.fromTemplate(SERVICE).offer(cheapest(sim, PricingModel.ON_DEMAND))
        .label("team", "a").build());
    vs.advanceBy(Duration.ofMinutes(10));
    var again = SimulatedCloud.builder().scheduler(vs).stateFile(file).build();
    Instance seen = again.get(i.id());
    assertThat(seen.state()).isEqualTo(InstanceState.RUNNING);
    assertThat(seen.labels()).containsEntry("team", "a");
    assertThat(again.accruedCost().doubleValue()).isGreaterThan(0);
  }

  @Test
  void accruedCost_isPriceTimesRunningTime() {
    var vs = VirtualScheduler.create();
    var sim = SimulatedCloud.builder().scheduler(vs).bootProfile(BootProfile.fixed(Duration.ofSeconds(30),
        Duration.ofSeconds(30), Duration.ZERO)).build();
    Offer o = cheapest(sim, PricingModel.ON_DEMAND);
    Dumont d = client(sim, vs);
    Instance i = d.instances().launch(LaunchSpec.fromTemplate(SERVICE).offer(o).build());
    vs.advanceBy(Duration.ofMinutes(1).plusHours(2));
    d.instances().get(i.id());
    assertThat(sim.accruedCost().doubleValue()).isCloseTo(o.pricePerHour().doubleValue() * 2, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(d.costs().analyze(i.id()).uptimeHours()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-6));
  }
}
