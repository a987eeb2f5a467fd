package com.dumontcloud.sdk.vast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.spi.InstanceLogs;
import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferPage;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.testkit.vast.Fault;
import com.dumontcloud.sdk.testkit.vast.FakeVastOffer;
import com.dumontcloud.sdk.testkit.vast.FakeVastServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stateful fake, driven through the real provider: the scenarios users of the test kit rely on. */
class FakeVastServerFunctionalTest {
  private static final Template NGINX = Template.builder("web", "nginx:1.27").displayName("web").description("")
      .category(TemplateCategory.GENERAL).port(80).healthPath("/").build();
  private FakeVastServer fake;
  private Dumont dumont;
  private CloudProvider vast;

  @BeforeEach
  void start() {
    fake = FakeVastServer.start().addDefaultCatalog();
    dumont = client(fake.apiKey());
    vast = dumont.provider("vast");
  }

  @AfterEach
  void stop() {
    dumont.close();
    fake.close();
  }

  private Dumont client(String key) {
    return Dumont.builder()
        .provider("vast", s -> {
          s.baseUrl(fake.baseUrl());
          if (key != null) s.apiKey(Secret.of(key));
        })
        .scheduler(new ManualScheduler()).environment(k -> null).systemProperties(k -> null)
        .offerCacheTtl(Duration.ZERO).maxAttempts(1).home(Path.of("target", "dumont-home")).build();
  }

  private Instance launch(Offer o, String key) {
    return vast.launch(new ProviderLaunchRequest(o, NGINX, Map.of(Labels.KEY, key), key, o.pricingModel(),
        o.minBid(), 20));
  }

  private Offer cheapest(PricingModel pricing) {
    return vast.searchOffers(OfferQuery.builder().pricingModel(pricing).build()).get(0);
  }

  @Test
  void search_defaultCatalog_filteredOrderedAndLimitedByTheFake() {
    OfferPage page = dumont.offers().search(OfferQuery.builder().gpuName("RTX 4090").maxPricePerHour(0.5).build());
    assertThat(page.offers()).extracting(o -> o.pricePerHour().doubleValue()).containsExactly(0.29, 0.35);
    assertThat(vast.searchOffers(OfferQuery.builder().limit(2).build())).hasSize(2);
    assertThat(vast.searchOffers(OfferQuery.builder().filter("geolocation", OfferQuery.Op.EQ, "NL").build()))
        .extracting(o -> o.gpu().name()).containsExactly("A100 80GB"); // "A100 SXM4" with 80 GiB
    assertThat(vast.searchOffers(OfferQuery.builder().minGpuRamGib(80).build())).hasSize(2);
  }

  @Test
  void launch_bootsThroughProvisioningLoadingRunning_onReads() {
    Instance i = launch(cheapest(PricingModel.ON_DEMAND), "boot");
    assertThat(i.state()).isEqualTo(InstanceState.PROVISIONING);
    assertThat(vast.get(i.id()).state()).isEqualTo(InstanceState.STARTING);
    Instance running = vast.get(i.id());
    assertThat(running.state()).isEqualTo(InstanceState.RUNNING);
    assertThat(running.port(80)).isPresent();
    assertThat(running.publicIp()).isEqualTo("127.0.0.1");
    assertThat(running.ports()).allSatisfy(p -> {
      assertThat(p.hostIp()).isEqualTo("127.0.0.1");
      assertThat(p.hostPort()).isBetween(1024, 65535);
    });
    assertThat(running.sshHost()).isEqualTo("127.0.0.1");
    assertThat(vast.searchOffers(OfferQuery.all())).extracting(Offer::id).doesNotContain(i.offerId());
    vast.terminate(i.id());
    assertThat(vast.searchOffers(OfferQuery.all())).extracting(Offer::id).contains(i.offerId());
  }

  @Test
  void loopbackOnly_everyAddressIs127001_andEveryHostPortDistinct() {
    Instance a = launch(cheapest(PricingModel.ON_DEMAND), "lo-a");
    Instance b = launch(cheapest(PricingModel.ON_DEMAND), "lo-b");
    fake.settle();
    List<Integer> hostPorts = new java.util.ArrayList<>();
    for (Instance i : List.of(vast.get(a.id()), vast.get(b.id()))) {
      assertThat(i.state()).isEqualTo(InstanceState.RUNNING);
      assertThat(i.publicIp()).isEqualTo("127.0.0.1");
      assertThat(i.sshHost()).isEqualTo("127.0.0.1");
      assertThat(i.ports()).isNotEmpty().allSatisfy(p -> assertThat(p.hostIp()).isEqualTo("127.0.0.1"));
      i.ports().forEach(p -> hostPorts.add(p.hostPort()));
      hostPorts.add(i.sshPort());
    }
    assertThat(hostPorts).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isBetween(1, 65535));
    assertThat(vast.get(a.id()).port(80)).isEqualTo(vast.get(a.id()).port(80)); // stable for the instance's life
  }

  @Test
  void queuedStart_isStartingWithTheReason_untilReleased() {
    Instance i = launch(cheapest(PricingModel.ON_DEMAND), "queued");
    fake.settle();
    vast.stop(i.id());
    fake.settle();
    fake.queueStarts(true);
    vast.start(i.id());
    Instance q = vast.get(i.id());
    assertThat(q.state()).isEqualTo(InstanceState.STARTING);
    assertThat(q.statusMessage()).contains("state change queued");
    fake.releaseQueuedStart(Long.parseLong(i.id()));
    fake.settle();
    assertThat(vast.get(i.id()).state()).isEqualTo(InstanceState.RUNNING);
  }

  @Test
  void containerFailureAndHostOffline_areFailedWithMessages() {
    Instance a = launch(cheapest(PricingModel.ON_DEMAND), "oci");
    fake.failContainer(Long.parseLong(a.id()));
    assertThat(vast.get(a.id())).satisfies(x -> {
      assertThat(x.state()).isEqualTo(InstanceState.FAILED);
      assertThat(x.statusMessage()).contains("OCI runtime create failed");
    });
    Instance b = launch(cheapest(PricingModel.ON_DEMAND), "offline");
    fake.settle();
    fake.hostOffline(Long.parseLong(b.id()));
    assertThat(vast.get(b.id())).satisfies(x -> {
      assertThat(x.state()).isEqualTo(InstanceState.FAILED);
      assertThat(x.statusMessage()).contains("host offline");
    });
  }

  @Test
  void bidBelowMinimum_createdStoppedAnyway_isDestroyedAndReported() {
    Offer spot = cheapest(PricingModel.SPOT);
    assertThatThrownBy(() -> vast.launch(new ProviderLaunchRequest(spot, NGINX, Map.of(Labels.KEY, "low"), "low",
        PricingModel.SPOT, Money.usd(0.01), 20)))
        .isInstanceOf(CapacityUnavailableException.class).hasMessageContaining("was destroyed");
    assertThat(fake.instanceIds()).isEmpty();
  }

  @Test
  void outbidThenRaisedBid_resumes() {
    Offer spot = cheapest(PricingModel.SPOT);
    Instance i = launch(spot, "spot");
    fake.settle();
    assertThat(vast.get(i.id()).pricingModel()).isEqualTo(PricingModel.SPOT);
    fake.outbid(Long.parseLong(i.id()));
    assertThat(vast.get(i.id()).state()).isEqualTo(InstanceState.INTERRUPTED);
    vast.capability(com.dumontcloud.sdk.spi.SpotMarket.class).orElseThrow().changeBid(i.id(), spot.minBid().times(2));
    fake.settle();
    assertThat(vast.get(i.id()).state()).isEqualTo(InstanceState.RUNNING);
  }

  @Test
  void pagination_labelFilterAndV0Fallback() {
    fake.pageSize(2).autoAdvance(false);
    for (int n = 0; n < 5; n++) {
      fake.addOffer(FakeVastOffer.builder().dphTotal(0.5 + n / 100.0));
    }
    for (int n = 0; n < 5; n++) launch(cheapest(PricingModel.ON_DEMAND), "page-" + n);
    assertThat(vast.list(Map.of())).hasSize(5);
    assertThat(fake.calls("GET", "/api/v1/instances/").stream().filter(c -> c.query().contains("after_token")))
        .isNotEmpty();
    assertThat(vast.findByIdempotencyKey("page-3")).isPresent();
    fake.v1ListGone(true);
    try (Dumont fresh = client(fake.apiKey())) {
      assertThat(fresh.provider("vast").list(Map.of(Labels.KEY, "page-4"))).hasSize(1);
    }
  }

  @Test
  void instancesLaunch_viaTheClient_withTemplateValue() {
    Offer o = dumont.offers().search(OfferQuery.builder().gpuName("RTX 3090").build()).best().orElseThrow();
    Instance i = dumont.instances().launch(LaunchSpec.fromTemplate(NGINX).offer(o).label("team", "ml").build());
    assertThat(i.labels()).containsEntry("team", "ml").containsEntry(Labels.TEMPLATE, "web").containsKey(Labels.KEY);
    Instance running = dumont.instances().waitUntilRunning(i.id(), Duration.ofMinutes(1), null);
    assertThat(running.state()).isEqualTo(InstanceState.RUNNING);
    dumont.instances().destroy(i.id());
    assertThat(fake.instanceIds()).isEmpty();
  }

  @Test
  void auth_anonymousSearchAllowed_wrongKeyRejectedIn401Or404Style() {
    try (Dumont anonymous = client(null)) {
      assertThat(anonymous.provider("vast").searchOffers(OfferQuery.all())).isNotEmpty();
    }
    try (Dumont wrong = client("wrong-key")) {
      assertThatThrownBy(() -> wrong.provider("vast").list(Map.of())).isInstanceOf(AuthenticationException.class);
      fake.badKeyStatus(404);
      assertThatThrownBy(() -> wrong.provider("vast").searchOffers(OfferQuery.all()))
          .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }
    fake.failNext("GET", "/api/v0/instances/", Fault.invalidKey404());
    assertThatThrownBy(() -> vast.get("1")).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void faults_rateLimitedOnceThenFine() {
    fake.fail("POST", "/api/v0/bundles/", 1, Fault.rateLimited(Fault.RateLimitStyle.ENVELOPE, 3.0));
    assertThatThrownBy(() -> vast.searchOffers(OfferQuery.all())).isInstanceOf(RateLimitedException.class);
    assertThat(vast.searchOffers(OfferQuery.all())).isNotEmpty();
  }

  @Test
  void logs_servedAfterAPoll() {
    Instance i = launch(cheapest(PricingModel.ON_DEMAND), "logs");
    fake.logs(Long.parseLong(i.id()), "hello from the container\n");
    String text = vast.capability(InstanceLogs.class).orElseThrow().logs(i.id(), 10);
    assertThat(text).isEqualTo("hello from the container\n");
  }
}
