package com.dumontcloud.sdk.vast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.ConnectionException;
import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.exception.PermissionDeniedException;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.Location;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.testkit.vast.Fault;
import com.dumontcloud.sdk.testkit.vast.FakeVastOffer;
import com.dumontcloud.sdk.testkit.vast.FakeVastServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VastLaunchFunctionalTest extends VastTestSupport {
  private static final String EMPTY_LIST = "{\"success\": true, \"instances\": [], \"next_token\": null}";
  private static final Template VLLM = Template.builder("qwen", "vllm/vllm-openai:v0.6.3").displayName("Qwen")
      .description("LLM").category(TemplateCategory.LLM).port(8000).healthPath("/health")
      .modelId("Qwen/Qwen2.5-0.5B-Instruct").minGpuRamGib(4).vramRequiredGib(1)
      .env(Map.of("HF_HOME", "/workspace/hf")).args(List.of("--model", "Qwen/Qwen2.5-0.5B-Instruct")).build();

  private static Offer offer(String id, PricingModel pricing, Double minBid) {
    return Offer.builder().providerId("vast").id(id).gpuCount(1).gpuRamGib(24).location(Location.UNKNOWN)
        .pricingModel(pricing).pricePerHour(Money.usd(0.35)).minBid(minBid == null ? null : Money.usd(minBid)).build();
  }

  private static ProviderLaunchRequest request(Offer offer, String key, PricingModel pricing, Money bid) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.KEY, key);
    labels.put(Labels.TEMPLATE, "qwen");
    return new ProviderLaunchRequest(offer, VLLM, labels, key, pricing, bid, 40);
  }

  private static final String STOPPED = ";dumont-stopped=client";

  private static String labelQuery(String label) {
    String filters = "{\"label\":{\"eq\":\"" + label + "\"}}";
    return "/api/v1/instances/?limit=25&select_filters="
        + URLEncoder.encode(filters, StandardCharsets.UTF_8).replace("+", "%20") + "&select_cols=%5B%22*%22%5D";
  }

  @Test
  void launch_onDemand_checksLabelThenPutsAskThenShows() {
    enqueue(json(200, EMPTY_LIST), json(200, EMPTY_LIST), jsonResponse("instance_create_success_minimal.json"),
        jsonResponse("instance_show_loading.json"));
    Instance i = vast.launch(request(offer("25111432", PricingModel.ON_DEMAND, 0.18), "k1", PricingModel.ON_DEMAND, null));

    assertSent("GET", labelQuery("dumont-key=k1;dumont-template=qwen"), null);
    assertSent("GET", labelQuery("dumont-key=k1;dumont-template=qwen" + STOPPED), null); // launched, then stopped?
    assertSent("PUT", "/api/v0/asks/25111432/", "{\"client_id\":\"me\",\"image\":\"vllm/vllm-openai:v0.6.3\","
        + "\"env\":{\"HF_HOME\":\"/workspace/hf\",\"-p 8000:8000\":\"1\"},\"disk\":40.0,"
        + "\"label\":\"dumont-key=k1;dumont-template=qwen\",\"runtype\":\"args\","
        + "\"args\":[\"--model\",\"Qwen/Qwen2.5-0.5B-Instruct\"],\"cancel_unavail\":true,\"target_state\":\"running\"}");
    assertSent("GET", "/api/v0/instances/41234501/", null);
    assertThat(i.id()).isEqualTo("41234522"); // the show fixture's own id
    assertThat(i.offerId()).isEqualTo("25111432");
    assertThat(i.state()).isEqualTo(InstanceState.STARTING);
  }

  @Test
  void launch_spot_sendsTheBidAsPriceAndNoCancelUnavail() {
    enqueue(json(200, EMPTY_LIST), json(200, EMPTY_LIST), jsonResponse("instance_create_success_minimal.json"),
        jsonResponse("instance_show_running.json"));
    vast.launch(request(offer("25111432", PricingModel.SPOT, 0.18), "k2", PricingModel.SPOT, Money.usd(0.21)));
    take();
    take();
    Map<String, Object> body = parseObject(take().getBody().readUtf8());
    assertThat(body).containsEntry("price", 0.21).doesNotContainKey("cancel_unavail");
  }

  @Test
  void launch_spotWithoutBid_usesTheOffersMinBid_andWithNeitherFailsBeforeSending() {
    enqueue(json(200, EMPTY_LIST), json(200, EMPTY_LIST), jsonResponse("instance_create_success_minimal.json"),
        jsonResponse("instance_show_running.json"));
    vast.launch(request(offer("1", PricingModel.SPOT, 0.18), "k3", PricingModel.SPOT, null));
    take();
    take();
    assertThat(parseObject(take().getBody().readUtf8())).containsEntry("price", 0.18);
    take();
    assertThatThrownBy(() -> vast.launch(request(offer("1", PricingModel.SPOT, null), "k4", PricingModel.SPOT, null)))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("bid");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void launch_templateConfig_runtypeOnstartTemplateHashAndExtraPorts() {
    Template t = Template.builder("ssh-box", "pytorch/pytorch:2.4.0").displayName("SSH box").description("")
        .category(TemplateCategory.GENERAL).port(8080).healthPath("/")
        .config(Map.of("runtype", "ssh_direc ssh_proxy", "onstart", "env >> /etc/environment",
            "vast_template_hash_id", "661d064bbda1f2a133816b6d55da07c3", "ports", List.of(22.0, 8080.0)))
        .build();
    enqueue(json(200, EMPTY_LIST), json(200, EMPTY_LIST), jsonResponse("instance_create_success_minimal.json"),
        jsonResponse("instance_show_running.json"));
    vast.launch(new ProviderLaunchRequest(offer("5", PricingModel.ON_DEMAND, null), t, Map.of(Labels.KEY, "k5"), "k5",
        PricingModel.ON_DEMAND, null, 20));
    take();
    take();
    Map<String, Object> body = parseObject(take().getBody().readUtf8());
    assertThat(body).containsEntry("runtype", "ssh_direc ssh_proxy").containsEntry("onstart", "env >> /etc/environment")
        .containsEntry("template_hash_id", "661d064bbda1f2a133816b6d55da07c3").doesNotContainKey("args");
    assertThat((Map<String, Object>) body.get("env")).containsOnlyKeys("-p 8080:8080", "-p 22:22");
  }

  @Test
  void launch_offerGone_inEveryShape_throwsCapacityUnavailable() {
    for (String[] c : new String[][] {{"404", "error_create_404_no_such_ask.json"},
        {"410", "error_create_410_no_longer_available.json"}}) {
      enqueue(json(200, EMPTY_LIST), json(200, EMPTY_LIST), json(Integer.parseInt(c[0]), fixture(c[1])), json(200, EMPTY_LIST));
      assertThatThrownBy(() -> vast.launch(request(offer("1234567", PricingModel.ON_DEMAND, null), "k-" + c[0],
          PricingModel.ON_DEMAND, null)))
          .as(c[1])
          .isInstanceOfSatisfying(CapacityUnavailableException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(Integer.parseInt(c[0]));
            assertThat(e.operation()).isEqualTo("launch");
            assertThat(e.getMessage()).contains("no_such_ask");
          });
      take();
      take();
      take();
      assertSent("GET", labelQuery("dumont-key=k-" + c[0] + ";dumont-template=qwen"), null); // not our own rental?
    }
  }

  @Test
  void launch_otherErrors_mapToTheirTypes() {
    enqueue(json(200, EMPTY_LIST), json(200, EMPTY_LIST), json(403, fixture("error_create_403_not_your_offer.json")));
    assertThatThrownBy(() -> vast.launch(request(offer("1234567", PricingModel.ON_DEMAND, null), "k6",
        PricingModel.ON_DEMAND, null))).isInstanceOf(PermissionDeniedException.class);
    enqueue(json(200, EMPTY_LIST), json(200, EMPTY_LIST), json(400, fixture("error_create_400_invalid_args.json")));
    assertThatThrownBy(() -> vast.launch(request(offer("1234567", PricingModel.ON_DEMAND, null), "k7",
        PricingModel.ON_DEMAND, null))).isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.errorCode()).isEqualTo("invalid_args"));
    enqueue(json(200, EMPTY_LIST), json(200, EMPTY_LIST), json(200, "{\"success\": false, \"error\": \"invalid_price\", \"msg\": \"bad\"}"));
    assertThatThrownBy(() -> vast.launch(request(offer("1", PricingModel.ON_DEMAND, null), "k8",
        PricingModel.ON_DEMAND, null))).isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.statusCode()).isEqualTo(200));
  }

  @Test
  void launch_bidRejectedButCreated_destroysTheStoppedInstanceAndReports() {
    for (int status : new int[] {200, 400}) {
      enqueue(json(200, EMPTY_LIST), json(200, EMPTY_LIST), json(status, fixture("instance_create_bid_rejected_but_created.json")),
          jsonResponse("destroy_success.json"));
      int before = server.getRequestCount();
      assertThatThrownBy(() -> vast.launch(request(offer("24998114", PricingModel.SPOT, 0.2), "kb" + status,
          PricingModel.SPOT, Money.usd(0.05))))
          .isInstanceOfSatisfying(CapacityUnavailableException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("bid_too_low");
            assertThat(e.getMessage()).contains("41234612").contains("was destroyed");
          });
      assertThat(server.getRequestCount() - before).isEqualTo(4);
      take();
      take();
      assertSent("PUT", "/api/v0/asks/24998114/", null);
      assertSent("DELETE", "/api/v0/instances/41234612/", "{}");
    }
  }

  @Test
  void launch_bidRejectedAndDestroyFails_namesTheSurvivingInstance() {
    enqueue(json(200, EMPTY_LIST), json(200, EMPTY_LIST), json(200, fixture("instance_create_bid_rejected_but_created.json")),
        json(403, "{\"success\": false, \"error\": \"forbidden\", \"msg\": \"scoped key cannot destroy\"}"));
    assertThatThrownBy(() -> vast.launch(request(offer("24998114", PricingModel.SPOT, 0.2), "kc", PricingModel.SPOT,
        Money.usd(0.05))))
        .isInstanceOf(CapacityUnavailableException.class)
        .hasMessageContaining("could NOT be destroyed")
        .hasMessageContaining("destroy instance 41234612")
        .satisfies(e -> assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(PermissionDeniedException.class));
  }

  @Test
  void launch_instanceWithTheLabelExists_adoptedWithoutRenting() {
    String label = "dumont-key=k9;dumont-template=qwen";
    enqueue(json(200, "{\"instances\": [" + VastInstancesFunctionalTest.instanceJson(77, "running", label)
        + "], \"next_token\": null}"));
    Instance i = vast.launch(request(offer("1", PricingModel.ON_DEMAND, null), "k9", PricingModel.ON_DEMAND, null));
    assertThat(i.id()).isEqualTo("77");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void launch_instanceWithTheLabelWasStoppedBySdk_adoptedWithoutRenting() {
    String label = "dumont-key=k10;dumont-template=qwen";
    enqueue(json(200, EMPTY_LIST), json(200, "{\"instances\": [" + VastInstancesFunctionalTest.instanceJson(78, "stopped",
        label + STOPPED) + "], \"next_token\": null}"));
    Instance i = vast.launch(request(offer("1", PricingModel.ON_DEMAND, null), "k10", PricingModel.ON_DEMAND, null));
    assertThat(i.id()).isEqualTo("78");
    assertThat(i.labels()).containsEntry(Labels.KEY, "k10").doesNotContainKey("dumont-stopped");
    assertSent("GET", labelQuery(label), null);
    assertSent("GET", labelQuery(label + STOPPED), null);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void launch_nonVastOfferOrOversizedLabels_failBeforeSending() {
    Offer sim = Offer.builder().providerId("sim").id("sim-offer-1").pricePerHour(Money.usd(1)).build();
    assertThatThrownBy(() -> vast.launch(request(sim, "k", PricingModel.ON_DEMAND, null)))
        .isInstanceOf(InvalidSpecException.class);
    Map<String, String> big = new LinkedHashMap<>();
    big.put(Labels.KEY, "k");
    big.put("note", "x".repeat(300));
    assertThatThrownBy(() -> vast.launch(new ProviderLaunchRequest(offer("1", PricingModel.ON_DEMAND, null), VLLM, big, "k",
        PricingModel.ON_DEMAND, null, 20))).isInstanceOf(InvalidSpecException.class).hasMessageContaining("256");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void launch_recordedCreateAnswer_isRead() {
    enqueue(json(200, EMPTY_LIST), json(200, EMPTY_LIST), json(200, sharedFixture("instance_create_success.json")),
        jsonResponse("instance_show_running.json"));
    assertThat(vast.launch(request(offer("1", PricingModel.ON_DEMAND, null), "kr", PricingModel.ON_DEMAND, null)).id())
        .isEqualTo("41234501");
  }

  // ------------------------------------------------------------------ ambiguity against the stateful fake

  private static Dumont fakeClient(FakeVastServer fake, Duration attemptTimeout) {
    return Dumont.builder()
        .provider("vast", s -> s.apiKey(Secret.of(fake.apiKey())).baseUrl(fake.baseUrl()))
        .scheduler(new ManualScheduler())
        .timeouts(Duration.ofSeconds(30), attemptTimeout)
        .environment(k -> null)
        .systemProperties(k -> null)
        .offerCacheTtl(Duration.ZERO)
        .maxAttempts(1)
        .home(Path.of("target", "dumont-home"))
        .build();
  }

  @Test
  void launch_timedOutThenRetried_rentsExactlyOneInstance() {
    try (FakeVastServer fake = FakeVastServer.start();
        Dumont d = fakeClient(fake, Duration.ofMillis(300))) {
      fake.addOffer(FakeVastOffer.builder().id(777).dphTotal(0.35));
      fake.failNext("PUT", "/api/v0/asks/", Fault.delayed(Duration.ofMillis(1500)));
      Offer o = d.offers().search(OfferQuery.all()).best().orElseThrow();
      LaunchSpec spec = LaunchSpec.fromTemplate(VLLM).offer(o).idempotencyKey("retry-key-1").build();

      Instance first = d.instances().launch(spec); // the create times out; the instance is found by its label
      Instance again = d.instances().launch(spec); // a retry of the whole operation adopts it too

      assertThat(fake.calls("PUT", "/api/v0/asks/")).hasSize(1);
      assertThat(fake.instanceIds()).hasSize(1);
      assertThat(first.id()).isEqualTo(String.valueOf(fake.instanceIds().get(0)));
      assertThat(again.id()).isEqualTo(first.id());
      assertThat(first.labels()).containsEntry(Labels.KEY, "retry-key-1");
      assertThat(d.provider("vast").findByIdempotencyKey("retry-key-1")).map(Instance::id).contains(first.id());
    }
  }

  @Test
  void launch_connectionDroppedAfterCreate_resolvedByLabel() {
    try (FakeVastServer fake = FakeVastServer.start();
        Dumont d = fakeClient(fake, Duration.ofSeconds(5))) {
      long offerId = fake.addOffer(FakeVastOffer.builder().dphTotal(0.4));
      fake.failNext("PUT", "/api/v0/asks/", Fault.disconnectAfterProcessing());
      Instance i = d.provider("vast").launch(request(offer(Long.toString(offerId), PricingModel.ON_DEMAND, null),
          "drop-key", PricingModel.ON_DEMAND, null));
      assertThat(fake.instanceIds()).containsExactly(Long.parseLong(i.id()));
      // OkHttp itself resends a request whose connection dropped after sending (retryOnConnectionFailure): the
      // second PUT finds the offer taken; the provider then finds its own instance by label. The core transport
      // should make CREATE calls one-shot so that the resend never happens (see the sdk-vast notes).
      assertThat(fake.calls("PUT", "/api/v0/asks/")).hasSizeBetween(1, 2);
    }
  }

  @Test
  void launch_unreadableCreateAnswer_resolvedByLabel() {
    try (FakeVastServer fake = FakeVastServer.start();
        Dumont d = fakeClient(fake, Duration.ofSeconds(5))) {
      long offerId = fake.addOffer(FakeVastOffer.builder().dphTotal(0.4));
      fake.failNext("PUT", "/api/v0/asks/", Fault.malformed("{\"success\": tr"));
      Instance i = d.provider("vast").launch(request(offer(Long.toString(offerId), PricingModel.ON_DEMAND, null),
          "garbled-key", PricingModel.ON_DEMAND, null));
      assertThat(fake.instanceIds()).containsExactly(Long.parseLong(i.id()));
    }
  }

  @Test
  void launch_gatewayErrorWithNothingCreated_isReportedNotResent() {
    try (FakeVastServer fake = FakeVastServer.start();
        Dumont d = fakeClient(fake, Duration.ofSeconds(5))) {
      long offerId = fake.addOffer(FakeVastOffer.builder().dphTotal(0.4));
      fake.failNext("PUT", "/api/v0/asks/", Fault.serverError(502));
      assertThatThrownBy(() -> d.provider("vast").launch(request(offer(Long.toString(offerId), PricingModel.ON_DEMAND,
          null), "gw-key", PricingModel.ON_DEMAND, null))).isInstanceOf(ProviderServerException.class);
      assertThat(fake.calls("PUT", "/api/v0/asks/")).hasSize(1);
      // the pre-check (exact label, then with the stop marker) and three settle re-checks
      assertThat(fake.calls("GET", "/api/v1/instances/")).hasSize(5);
      assertThat(fake.instanceIds()).isEmpty();
    }
  }

  @Test
  void launch_connectionRefused_isAConnectionErrorAndNothingIsRented() throws Exception {
    FakeVastServer fake = FakeVastServer.start();
    String base = fake.baseUrl();
    fake.close();
    try (Dumont d = Dumont.builder().provider("vast", s -> s.apiKey(Secret.of("k")).baseUrl(base))
        .scheduler(new ManualScheduler()).environment(k -> null).systemProperties(k -> null).maxAttempts(1)
        .home(Path.of("target", "dumont-home")).build()) {
      assertThatThrownBy(() -> d.provider("vast").launch(request(offer("1", PricingModel.ON_DEMAND, null), "x",
          PricingModel.ON_DEMAND, null))).isInstanceOf(ConnectionException.class);
    }
  }
}
