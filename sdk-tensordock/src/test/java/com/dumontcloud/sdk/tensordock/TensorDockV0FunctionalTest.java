package com.dumontcloud.sdk.tensordock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.ConflictException;
import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.Money;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.SpotMarket;
import com.dumontcloud.sdk.spi.SshAccess;
import com.dumontcloud.sdk.spi.support.HttpCall;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.http.FakeProviderServer;
import com.dumontcloud.sdk.testkit.http.Fault;
import com.dumontcloud.sdk.testkit.tensordock.FakeTensorDockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The legacy API v0 end to end against the fake: exact form bodies with the key pair (redacted everywhere but the
 * wire), maps keyed by UUID, spot with a bid and {@code Outbid}, the 500 state conflicts, the two stops, deletes.
 */
class TensorDockV0FunctionalTest {
  private static final Template WEB = Template.builder("web", "nginx:1.27").port(80).healthPath("/").build();

  @TempDir Path home;
  private FakeTensorDockServer fake;
  private VirtualScheduler time;
  private Dumont dumont;
  private String host;

  @BeforeEach
  void start() {
    fake = FakeTensorDockServer.start();
    host = fake.addHostnode("geforcertx4090-pcie-24gb", 2, List.of(20000, 20001, 20002), 0.35, 0.003, 0.002, 0.0001);
    time = VirtualScheduler.create();
    dumont = TensorDockClients.v0(fake, time, home, 1, Map.of("ssh-public-key", TensorDockV2FunctionalTest.KEY));
  }

  @AfterEach
  void stop() {
    dumont.close();
    fake.close();
  }

  private CloudProvider provider() {
    return dumont.provider("tensordock");
  }

  static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private Map<String, String> lastForm(String path) {
    List<FakeProviderServer.Call> calls = fake.api().calls("POST", FakeTensorDockServer.V0_PREFIX + path);
    assertThat(calls).as("calls to %s", path).isNotEmpty();
    return form(calls.get(calls.size() - 1).body());
  }

  private Map<String, String> auth(Map<String, String> rest) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("api_key", fake.v0Key());
    m.put("api_token", fake.token());
    m.putAll(rest);
    return m;
  }

  private Offer offer(PricingModel pricing) {
    return dumont.offers().search(OfferQuery.builder().pricingModel(pricing).minGpus(1).build()).offers().stream()
        .filter(o -> o.gpuCount() == 1).findFirst().orElseThrow();
  }

  @Test
  void launch_sendsExactlyTheDeployForm_andParsesTheUuidKeyedAnswers() throws Exception {
    Offer o = offer(PricingModel.ON_DEMAND);
    assertThat(fake.api().calls("GET", FakeTensorDockServer.V0_PREFIX + "/client/deploy/hostnodes").get(0)
        .authorization()).isNull(); // the hostnode listing is public
    Instance i = dumont.instances().launch(LaunchSpec.fromTemplate(WEB).offer(o).idempotencyKey("v0-1").build());
    Map<String, String> sent = lastForm("/client/deploy/single");
    String password = sent.get("password");
    assertThat(password).matches("Td[0-9a-f]{36}");
    Map<String, String> expected = auth(new LinkedHashMap<>());
    expected.put("name", TensorDockV2FunctionalTest.nameFor("v0-1"));
    expected.put("hostnode", host);
    expected.put("gpu_model", "geforcertx4090-pcie-24gb");
    expected.put("gpu_count", "1");
    expected.put("vcpus", "8");
    expected.put("ram", "48");
    expected.put("storage", "100");
    expected.put("operating_system", "Ubuntu 22.04 LTS");
    expected.put("password", password);
    expected.put("external_ports", "{20000, 20001}");
    expected.put("internal_ports", "{22, 80}");
    expected.put("ssh_key", TensorDockV2FunctionalTest.KEY);
    expected.put("cloudinit_script",
        "runcmd:\\n  - \"docker run -d --restart unless-stopped --gpus all -p 80:80 'nginx:1.27'\"");
    assertThat(sent).containsExactlyEntriesOf(expected);
    // the deploy answer already has the address and the int-valued port map
    assertThat(i.publicIp()).isEqualTo("127.0.0.1");
    assertThat(i.sshPort()).isEqualTo(20000);

    fake.settle();
    Instance got = dumont.instances().waitUntilRunning(i.id(), java.time.Duration.ofMinutes(5), null);
    assertThat(lastForm("/client/get/single")).containsExactlyEntriesOf(auth(Map.of("server", i.id())));
    assertThat(got.state()).isEqualTo(InstanceState.RUNNING);
    assertThat(got.rawStatus()).isEqualTo("Running");
    assertThat(got.sshPort()).isEqualTo(20000); // string-valued port map on get
    SshAccess ssh = provider().capability(SshAccess.class).orElseThrow();
    assertThat(ssh.sshEndpoint(got)).contains(new SshAccess.Endpoint("127.0.0.1", 20000, "user"));
    assertThat(provider().list(Map.of())).extracting(Instance::id).containsExactly(i.id());
    assertThat(lastForm("/client/list")).containsExactlyEntriesOf(auth(Map.of()));
  }

  @Test
  void stopStartDelete_sendExactForms_andTheTwoStopsBillDifferently() {
    Offer o = offer(PricingModel.ON_DEMAND);
    Instance i = dumont.instances().launch(LaunchSpec.fromTemplate(WEB).offer(o).build());
    fake.settle();
    dumont.instances().stop(i.id());
    assertThat(lastForm("/client/stop/single")).containsExactlyEntriesOf(auth(linked("server", i.id(),
        "disassociate_resources", "false")));
    fake.settle();
    assertThat(dumont.instances().get(i.id()).rawStatus()).isEqualTo("Stopped");
    dumont.instances().start(i.id());
    assertThat(lastForm("/client/start/single")).containsExactlyEntriesOf(auth(Map.of("server", i.id())));
    fake.settle();

    TensorDockStops stops = provider().capability(TensorDockStops.class).orElseThrow();
    stops.stopReleasingResources(i.id());
    assertThat(lastForm("/client/stop/single")).containsExactlyEntriesOf(auth(linked("server", i.id(),
        "disassociate_resources", "true")));
    fake.settle();
    Instance released = dumont.instances().get(i.id());
    assertThat(released.state()).isEqualTo(InstanceState.STOPPED);
    assertThat(released.rawStatus()).isEqualTo("StoppedDisassociated");
    assertThatThrownBy(() -> provider().stop(i.id())).isInstanceOf(ConflictException.class)
        .hasMessageContaining("Machine is stoppeddisassociated, therefore it cannot be stopped")
        .hasMessageNotContaining(fake.token()).hasMessageNotContaining(fake.v0Key());

    dumont.instances().destroy(i.id());
    assertThat(lastForm("/client/delete/single")).containsExactlyEntriesOf(auth(Map.of("server", i.id())));
    provider().terminate(i.id()); // "Machine is already terminated": success
    assertThat(fake.instanceIds()).isEmpty();
  }

  private static Map<String, String> linked(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int n = 0; n < kv.length; n += 2) m.put(kv[n], kv[n + 1]);
    return m;
  }

  @Test
  void startRunning_is500StateConflict_asConflictException() {
    Instance i = dumont.instances().launch(LaunchSpec.fromTemplate(WEB).offer(offer(PricingModel.ON_DEMAND)).build());
    fake.settle();
    assertThatThrownBy(() -> provider().start(i.id())).isInstanceOf(ConflictException.class)
        .hasMessageContaining("Machine is running, therefore it cannot be started");
  }

  @Test
  void spot_launchesWithPriceTypeAndBid_outbidIsInterrupted_andARebidRestarts() {
    fake.spotFloor(0.1);
    Offer spot = offer(PricingModel.SPOT);
    assertThat(spot.pricingModel()).isEqualTo(PricingModel.SPOT);
    assertThat(spot.minBid()).isEqualTo(offer(PricingModel.ON_DEMAND).pricePerHour().times(0.5));
    Instance i = dumont.instances().launch(LaunchSpec.fromTemplate(WEB).offer(spot).pricingModel(PricingModel.SPOT)
        .bidPerHour(Money.usd("0.3")).build());
    Map<String, String> sent = lastForm("/client/deploy/single");
    assertThat(sent).containsEntry("price_type", "spot").containsEntry("price", "0.3");
    assertThat(List.copyOf(sent.keySet()).subList(sent.size() - 2, sent.size())).containsExactly("price_type", "price");
    assertThat(fake.bid(i.id())).isEqualTo(0.3);
    fake.settle();
    assertThat(dumont.instances().get(i.id()).pricingModel()).isEqualTo(PricingModel.SPOT);

    fake.outbid(i.id());
    Instance out = dumont.instances().get(i.id());
    assertThat(out.state()).isEqualTo(InstanceState.INTERRUPTED);
    assertThat(out.rawStatus()).isEqualTo("Outbid");
    SpotMarket market = provider().capability(SpotMarket.class).orElseThrow();
    Instant seen = time.now();
    assertThat(market.interruptions(List.of(i.id()), Instant.EPOCH)).singleElement()
        .satisfies(x -> assertThat(x.at()).isEqualTo(seen));

    assertThatThrownBy(() -> market.changeBid(i.id(), Money.usd("0.05")))
        .isInstanceOf(CapacityUnavailableException.class).hasMessageContaining("Bid price is too low");
    market.changeBid(i.id(), Money.usd("0.4"));
    assertThat(lastForm("/client/spot/validate/existing")).containsExactlyEntriesOf(auth(linked("server", i.id(),
        "price", "0.4")));
    assertThat(fake.bid(i.id())).isEqualTo(0.4);
    fake.settle();
    assertThat(dumont.instances().get(i.id()).state()).isEqualTo(InstanceState.RUNNING);
    assertThat(market.interruptions(List.of(i.id()), Instant.EPOCH)).isEmpty();
  }

  @Test
  void spot_bidBelowTheFloor_isCapacityUnavailable() {
    fake.spotFloor(5);
    Offer spot = offer(PricingModel.SPOT);
    assertThatThrownBy(() -> dumont.instances().launch(LaunchSpec.fromTemplate(WEB).offer(spot)
        .pricingModel(PricingModel.SPOT).build())).isInstanceOf(CapacityUnavailableException.class);
    assertThat(fake.instanceIds()).isEmpty();
  }

  @Test
  void delete500_isSentAgain_andSucceeds() {
    try (Dumont retrying = TensorDockClients.v0(fake, time, home.resolve("r"), 3, Map.of())) {
      Instance i = retrying.instances().launch(LaunchSpec.fromTemplate(WEB).offer(offer(PricingModel.ON_DEMAND))
          .build());
      fake.failNextDelete();
      retrying.provider("tensordock").terminate(i.id());
      assertThat(fake.api().calls("POST", FakeTensorDockServer.V0_PREFIX + "/client/delete/single")).hasSize(2);
      assertThat(fake.instanceIds()).isEmpty();
    }
  }

  @Test
  void ambiguousDeploy_connectionLostAfterProcessing_isFoundByName_neverResent() {
    try (Dumont retrying = TensorDockClients.v0(fake, time, home.resolve("a"), 3, Map.of())) {
      Offer o = offer(PricingModel.ON_DEMAND);
      fake.api().failNext("POST", FakeTensorDockServer.V0_PREFIX + "/client/deploy/single",
          Fault.dropAfterProcessing());
      Instance i = retrying.instances().launch(LaunchSpec.fromTemplate(WEB).offer(o).idempotencyKey("v0-amb")
          .build());
      assertThat(fake.api().calls("POST", FakeTensorDockServer.V0_PREFIX + "/client/deploy/single")).hasSize(1);
      assertThat(fake.instanceIds()).containsExactly(i.id());
    }
  }

  @Test
  void errors_http200SuccessFalse_400_andAnUnknownVm_areTyped() {
    assertThatThrownBy(() -> provider().get("00000000-0000-4000-8000-000000000000"))
        .isInstanceOf(NotFoundException.class);
    fake.api().failNext("POST", FakeTensorDockServer.V0_PREFIX + "/client/deploy/single", Fault.json(400,
        Map.of("success", false, "error", "vCPUs must be an even number")));
    Offer o = offer(PricingModel.ON_DEMAND);
    assertThatThrownBy(() -> dumont.instances().launch(LaunchSpec.fromTemplate(WEB).offer(o).build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("vCPUs must be an even number");
    fake.staleCapacity(host, 1);
    assertThatThrownBy(() -> dumont.instances().launch(LaunchSpec.fromTemplate(WEB).offer(o).build()))
        .isInstanceOf(CapacityUnavailableException.class).hasMessageContaining("No available nodes found");
  }

  @Test
  void keyPair_isRedactedFromExceptionsToStringAndLogs_evenWhenRejected() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (Dumont bad = TensorDockClients.v0(fake, "wrong-key-1234", time, home.resolve("b"), 1, Map.of())) {
      assertThatThrownBy(() -> bad.provider("tensordock").list(Map.of()))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("Invalid authorization key or token")
          .hasMessageNotContaining("wrong-key-1234").hasMessageNotContaining(fake.token())
          .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain(fake.token()));
    } finally {
      System.setErr(err);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("wrong-key-1234")
        .doesNotContain(fake.token());

    // a server that echoes the key pair back in a retried error: scrubbed from the retry log and the exception
    captured.reset();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    String echo = "bad pair api_key=" + fake.v0Key() + " api_token=" + fake.token();
    fake.api().fail("POST", FakeTensorDockServer.V0_PREFIX + "/client/list", 2, Fault.json(503,
        Map.of("success", false, "error", echo)));
    try (Dumont retrying = TensorDockClients.v0(fake, time, home.resolve("e"), 2, Map.of())) {
      assertThatThrownBy(() -> retrying.provider("tensordock").list(Map.of()))
          .isInstanceOf(com.dumontcloud.sdk.exception.ProviderServerException.class)
          .hasMessageContaining("bad pair").hasMessageNotContaining(fake.v0Key())
          .hasMessageNotContaining(fake.token());
    } finally {
      System.setErr(err);
    }
    String logged = captured.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("retrying").contains("client/list").doesNotContain(fake.v0Key())
        .doesNotContain(fake.token());

    HttpCall call = HttpCall.builder("tensordock", "list").form(fake.v0BaseUrl() + "/client/list",
        Map.of("api_key", fake.v0Key(), "api_token", fake.token())).secretFields("api_key", "api_token").build();
    assertThat(call.toString()).doesNotContain(fake.v0Key()).doesNotContain(fake.token());
    assertThat(call.secretValues()).contains(fake.v0Key(), fake.token());
  }

  @Test
  void missingKeyPair_failsBeforeSending_namingWhereToSetIt() {
    try (Dumont none = com.dumontcloud.sdk.Dumont.builder()
        .provider("tensordock", s -> s.set("api-version", "v0").baseUrl(fake.v0BaseUrl()))
        .scheduler(time).environment(k -> null).systemProperties(k -> null).home(home.resolve("n")).build()) {
      fake.api().clearCalls();
      assertThatThrownBy(() -> none.provider("tensordock").list(Map.of())).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("api-key").hasMessageContaining("DUMONT_TENSORDOCK_API_TOKEN");
      assertThat(fake.api().calls()).isEmpty();
      assertThat(none.provider("tensordock").searchOffers(OfferQuery.all())).isNotEmpty(); // public listing
    }
  }
}
