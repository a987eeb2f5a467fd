package com.dumontcloud.sdk.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.engine.BidStrategy;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.engine.SpotPolicy;
import com.dumontcloud.sdk.engine.StandbyPolicy;
import com.dumontcloud.sdk.engine.WarmPoolPolicy;
import com.dumontcloud.sdk.engine.store.StateStore;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spec's disk and bid strategy reach every launch; a spec survives an engine restart whole. */
class LaunchOptionsTest {
  private final VirtualScheduler time = VirtualScheduler.create();
  private final SimulatedCloud sim = SimulatedCloud.builder().scheduler(time).seed(7).build();
  private final List<ProviderLaunchRequest> launches = new CopyOnWriteArrayList<>();

  private Dumont dumont() {
    return Dumont.builder().scheduler(time).providerFactories(List.of(new Recording(sim.factory(), launches)))
        .provider("sim").auditSink(AuditSink.none()).build();
  }

  private Orchestrator engine(Dumont dumont, StateStore store) {
    Orchestrator o = Orchestrator.builder(dumont).scheduler(time).engineId("opts").stateStore(store)
        .healthProbe(SimHealthProbe.of(sim)).build();
    o.start().join();
    return o;
  }

  @Test
  void launch_spotWithMargin_sendsSpecDiskAndMinBidPlusMargin() {
    try (Dumont dumont = dumont(); Orchestrator o = engine(dumont, StateStore.inMemory())) {
      o.apply(DeploymentSpec.builder("svc", TemplateCatalog.get("qwen2.5-0.5b")).spotPolicy(SpotPolicy.SPOT)
          .diskGib(77).bidStrategy(BidStrategy.margin(0.5)).standby(StandbyPolicy.cpuSpot()).build());
      o.reconcileNow();
      o.reconcileNow();

      assertThat(launches).isNotEmpty().allSatisfy(r -> {
        assertThat(r.diskGib()).isEqualTo(77);
        assertThat(r.pricingModel()).isEqualTo(PricingModel.SPOT);
        assertThat(r.bidPerHour()).isEqualTo(r.offer().minBid().times(1.5));
      });
      assertThat(launches).anySatisfy(r -> assertThat(r.offer().gpu().isCpuOnly()).isTrue());
    }
  }

  @Test
  void launch_onDemand_sendsNoBidAndTheDefaultDisk() {
    try (Dumont dumont = dumont(); Orchestrator o = engine(dumont, StateStore.inMemory())) {
      o.apply(DeploymentSpec.builder("svc", TemplateCatalog.get("qwen2.5-0.5b")).spotPolicy(SpotPolicy.ON_DEMAND)
          .bidStrategy(BidStrategy.cap(Money.usd(5))).build());
      o.reconcileNow();

      assertThat(launches).singleElement().satisfies(r -> {
        assertThat(r.bidPerHour()).isNull();
        assertThat(r.diskGib()).isEqualTo(DeploymentSpec.DEFAULT_DISK_GIB);
      });
    }
  }

  @Test
  void launch_capAboveMinimumBids_bidsTheCap() {
    try (Dumont dumont = dumont(); Orchestrator o = engine(dumont, StateStore.inMemory())) {
      o.apply(DeploymentSpec.builder("svc", TemplateCatalog.get("qwen2.5-0.5b")).spotPolicy(SpotPolicy.SPOT)
          .bidStrategy(BidStrategy.cap(Money.usd(50))).build());
      o.reconcileNow();

      assertThat(launches).singleElement().satisfies(r -> assertThat(r.bidPerHour()).isEqualTo(Money.usd(50)));
    }
  }

  @Test
  void launch_capBelowEveryMinimumBid_launchesNothing() {
    try (Dumont dumont = dumont(); Orchestrator o = engine(dumont, StateStore.inMemory())) {
      o.apply(DeploymentSpec.builder("svc", TemplateCatalog.get("qwen2.5-0.5b")).spotPolicy(SpotPolicy.SPOT)
          .bidStrategy(BidStrategy.cap(Money.usd("0.000001"))).build());
      o.reconcileNow();
      time.advanceBy(Duration.ofMinutes(5));
      o.reconcileNow();

      assertThat(launches).isEmpty();
      assertThat(sim.liveInstances()).isEmpty();
    }
  }

  @Test
  void restart_fileJournal_restoresTheWholeSpec(@TempDir Path dir) {
    Path journal = dir.resolve("journal.jsonl");
    DeploymentSpec spec = DeploymentSpec.builder("chat", TemplateCatalog.get("qwen2.5-0.5b")).replicas(1)
        .spotPolicy(SpotPolicy.AUTO).diskGib(64).bidStrategy(BidStrategy.margin(0.2))
        .warmPool(WarmPoolPolicy.of(1, WarmPoolPolicy.Mode.STOPPED))
        .standby(StandbyPolicy.cpuSpot().withMinimums(4, 8))
        .query(OfferQuery.builder().minGpuRamGib(8).filter("num_gpus", OfferQuery.Op.GE, 1).build())
        .label("team", "ml").build();
    try (Dumont dumont = dumont()) {
      try (Orchestrator o = engine(dumont, StateStore.fileJournal(journal))) {
        o.apply(spec);
        o.reconcileNow();
      }
      try (Orchestrator again = engine(dumont, StateStore.fileJournal(journal))) {
        DeploymentSpec restored = again.get("chat").orElseThrow().spec();

        assertThat(restored).isEqualTo(spec);
        assertThat(restored.template().args()).hasSize(10).isEqualTo(spec.template().args());
        assertThat(restored.template().config()).isEqualTo(spec.template().config());
        assertThat(restored.diskGib()).isEqualTo(64);
        assertThat(restored.bidStrategy()).isEqualTo(BidStrategy.margin(0.2));
      }
    }
  }

  /** A factory whose providers record every launch request, then delegate. */
  private record Recording(CloudProviderFactory inner, List<ProviderLaunchRequest> out) implements CloudProviderFactory {
    @Override
    public ProviderMetadata metadata() {
      return inner.metadata();
    }

    @Override
    public CloudProvider create(ProviderContext context) {
      CloudProvider p = inner.create(context);
      return new CloudProvider() {
        @Override public ProviderMetadata metadata() { return p.metadata(); }
        @Override public List<Offer> searchOffers(OfferQuery query) { return p.searchOffers(query); }
        @Override public Instance launch(ProviderLaunchRequest request) {
          out.add(request);
          return p.launch(request);
        }
        @Override public Instance get(String instanceId) { return p.get(instanceId); }
        @Override public List<Instance> list(Map<String, String> labels) { return p.list(labels); }
        @Override public Optional<Instance> findByIdempotencyKey(String key) { return p.findByIdempotencyKey(key); }
        @Override public void start(String instanceId) { p.start(instanceId); }
        @Override public void stop(String instanceId) { p.stop(instanceId); }
        @Override public void terminate(String instanceId) { p.terminate(instanceId); }
        @Override public void setLabels(String instanceId, Map<String, String> labels) { p.setLabels(instanceId, labels); }
        @Override public <T> Optional<T> capability(Class<T> type) { return p.capability(type); }
        @Override public void close() { p.close(); }
      };
    }
  }
}
