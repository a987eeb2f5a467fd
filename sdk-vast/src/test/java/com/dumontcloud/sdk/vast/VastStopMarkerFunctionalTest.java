package com.dumontcloud.sdk.vast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.SpotMarket;
import com.dumontcloud.sdk.testkit.vast.Fault;
import com.dumontcloud.sdk.testkit.vast.FakeVastOffer;
import com.dumontcloud.sdk.testkit.vast.FakeVastServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stop the SDK asked for is recorded on the Vast instance (a marker in its label), not in one process's memory:
 * client A stops, a brand-new client B (a restarted host application) still tells that stop from an outbid.
 */
class VastStopMarkerFunctionalTest {
  private static final Template WEB = Template.builder("web", "nginx:1.27").displayName("web").description("")
      .category(TemplateCategory.GENERAL).port(80).healthPath("/").build();
  private static final String MARKER = ";dumont-stopped=client";

  private FakeVastServer fake;
  private Dumont a;
  private CloudProvider vastA;

  @BeforeEach
  void start() {
    fake = FakeVastServer.start();
    fake.addOffer(FakeVastOffer.builder().dphTotal(0.35).minBid(0.2));
    fake.addOffer(FakeVastOffer.builder().dphTotal(0.40).minBid(0.22));
    a = client();
    vastA = a.provider("vast");
  }

  @AfterEach
  void stop() {
    a.close();
    fake.close();
  }

  /** A new client on the same account: nothing shared with {@link #a} but the fake server. */
  private Dumont client() {
    return Dumont.builder()
        .provider("vast", s -> s.apiKey(Secret.of(fake.apiKey())).baseUrl(fake.baseUrl()))
        .scheduler(new ManualScheduler()).environment(k -> null).systemProperties(k -> null)
        .offerCacheTtl(Duration.ZERO).maxAttempts(1).home(Path.of("target", "dumont-home")).build();
  }

  private Instance launchSpot(String key) {
    Offer o = vastA.searchOffers(OfferQuery.builder().pricingModel(PricingModel.SPOT).build()).get(0);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.KEY, key);
    labels.put(Labels.DEPLOYMENT, "svc");
    Instance i = vastA.launch(new ProviderLaunchRequest(o, WEB, labels, key, PricingModel.SPOT, o.minBid(), 20));
    fake.settle();
    assertThat(vastA.get(i.id())).satisfies(x -> {
      assertThat(x.state()).isEqualTo(InstanceState.RUNNING);
      assertThat(x.pricingModel()).isEqualTo(PricingModel.SPOT);
    });
    return i;
  }

  private String rawLabel(Instance i) {
    return (String) fake.instanceJson(Long.parseLong(i.id())).get("label");
  }

  private static List<SpotMarket.Interruption> interruptions(CloudProvider p, Instance i) {
    return p.capability(SpotMarket.class).orElseThrow().interruptions(List.of(i.id()), null);
  }

  @Test
  void stoppedByA_readsStoppedInANewClientB_notInterrupted() {
    Instance i = launchSpot("stop-a");
    String before = rawLabel(i);

    vastA.stop(i.id());
    fake.settle();

    assertThat(rawLabel(i)).isEqualTo(before + MARKER);
    assertThat(fake.instanceJson(Long.parseLong(i.id()))).containsEntry("intended_status", "stopped")
        .containsEntry("cur_state", "stopped").containsEntry("next_state", "stopped").containsEntry("is_bid", true);
    try (Dumont b = client()) {
      CloudProvider vastB = b.provider("vast");
      Instance seen = vastB.list(Map.of(Labels.DEPLOYMENT, "svc")).get(0);
      assertThat(seen.state()).isEqualTo(InstanceState.STOPPED);
      assertThat(seen.labels()).containsEntry(Labels.KEY, "stop-a").doesNotContainKey("dumont-stopped");
      assertThat(vastB.get(i.id()).state()).isEqualTo(InstanceState.STOPPED);
      assertThat(vastB.findByIdempotencyKey("stop-a")).map(Instance::id).contains(i.id());
      assertThat(interruptions(vastB, i)).isEmpty();
    }
    assertThat(vastA.get(i.id()).state()).isEqualTo(InstanceState.STOPPED);
  }

  @Test
  void outbidByVast_readsInterruptedInAAndB_andTheLabelIsUntouched() {
    Instance i = launchSpot("outbid");
    String before = rawLabel(i);

    fake.outbid(Long.parseLong(i.id()));

    assertThat(rawLabel(i)).isEqualTo(before);
    assertThat(vastA.get(i.id()).state()).isEqualTo(InstanceState.INTERRUPTED);
    assertThat(interruptions(vastA, i)).extracting(SpotMarket.Interruption::instanceId).containsExactly(i.id());
    try (Dumont b = client()) {
      assertThat(b.provider("vast").get(i.id()).state()).isEqualTo(InstanceState.INTERRUPTED);
      assertThat(interruptions(b.provider("vast"), i)).hasSize(1);
    }
  }

  @Test
  void startedByB_removesTheMarker_runs_andALaterOutbidIsAnInterruptionAgain() {
    Instance i = launchSpot("start-b");
    String before = rawLabel(i);
    vastA.stop(i.id());
    fake.settle();

    try (Dumont b = client()) {
      CloudProvider vastB = b.provider("vast");
      vastB.start(i.id());
      assertThat(rawLabel(i)).isEqualTo(before);
      fake.settle();
      assertThat(vastB.get(i.id()).state()).isEqualTo(InstanceState.RUNNING);
      assertThat(vastA.get(i.id()).state()).isEqualTo(InstanceState.RUNNING);

      fake.outbid(Long.parseLong(i.id()));
      assertThat(vastA.get(i.id()).state()).isEqualTo(InstanceState.INTERRUPTED);
      assertThat(vastB.get(i.id()).state()).isEqualTo(InstanceState.INTERRUPTED);
    }
  }

  @Test
  void relabelWhileStopped_keepsTheMarker_inANewClientToo() {
    Instance i = launchSpot("relabel");
    vastA.stop(i.id());
    fake.settle();

    try (Dumont b = client()) {
      Map<String, String> labels = new LinkedHashMap<>(b.provider("vast").get(i.id()).labels());
      labels.put(Labels.REPLICA, "r0");
      b.provider("vast").setLabels(i.id(), labels);
    }
    assertThat(rawLabel(i)).endsWith(MARKER).contains("dumont-replica=r0");
    try (Dumont c = client()) {
      Instance seen = c.provider("vast").get(i.id());
      assertThat(seen.state()).isEqualTo(InstanceState.STOPPED);
      assertThat(seen.labels()).containsEntry(Labels.REPLICA, "r0");
    }
  }

  @Test
  void relaunchWithTheSameKeyAfterAStop_adoptsTheStoppedInstance_rentsNothing() {
    Instance i = launchSpot("again");
    vastA.stop(i.id());
    fake.settle();
    Offer other = vastA.searchOffers(OfferQuery.builder().pricingModel(PricingModel.SPOT).build()).get(0);

    try (Dumont b = client()) {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put(Labels.KEY, "again");
      labels.put(Labels.DEPLOYMENT, "svc");
      Instance adopted = b.provider("vast").launch(new ProviderLaunchRequest(other, WEB, labels, "again",
          PricingModel.SPOT, other.minBid(), 20));
      assertThat(adopted.id()).isEqualTo(i.id());
      assertThat(adopted.state()).isEqualTo(InstanceState.STOPPED);
    }
    assertThat(fake.calls("PUT", "/api/v0/asks/")).hasSize(1);
    assertThat(fake.instanceIds()).containsExactly(Long.parseLong(i.id()));
  }

  @Test
  void markerWriteFails_nothingIsStopped_andARetryStops() {
    Instance i = launchSpot("retry");
    fake.failNext("PUT", "/api/v0/instances/" + i.id() + "/", Fault.serverError(502));

    assertThatThrownBy(() -> vastA.stop(i.id())).isInstanceOf(ProviderServerException.class);
    fake.settle();
    assertThat(fake.instanceJson(Long.parseLong(i.id()))).containsEntry("intended_status", "running");
    assertThat(vastA.get(i.id()).state()).isEqualTo(InstanceState.RUNNING);

    vastA.stop(i.id());
    fake.settle();
    try (Dumont b = client()) {
      assertThat(b.provider("vast").get(i.id()).state()).isEqualTo(InstanceState.STOPPED);
    }
  }

  @Test
  void stopFailsAfterTheMarker_theRunningInstanceStaysRunning_andAStartClearsIt() {
    Instance i = launchSpot("half");
    String before = rawLabel(i);
    String path = "/api/v0/instances/" + i.id() + "/";
    fake.failNext("PUT", path, Fault.delayed(Duration.ZERO)); // the label write goes through (faults apply in order)
    fake.failNext("PUT", path, Fault.serverError(502)); // the state write does not

    assertThatThrownBy(() -> vastA.stop(i.id())).isInstanceOf(ProviderServerException.class);
    fake.settle();
    assertThat(rawLabel(i)).isEqualTo(before + MARKER);
    assertThat(vastA.get(i.id()).state()).isEqualTo(InstanceState.RUNNING); // the marker means nothing while running

    vastA.start(i.id());
    assertThat(rawLabel(i)).isEqualTo(before);
    assertThat(vastA.get(i.id()).state()).isEqualTo(InstanceState.RUNNING);
  }
}
