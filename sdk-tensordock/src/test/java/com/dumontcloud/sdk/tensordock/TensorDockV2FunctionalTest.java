package com.dumontcloud.sdk.tensordock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.ConflictException;
import com.dumontcloud.sdk.exception.ConnectionException;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.exception.ProviderServerException;
import com.dumontcloud.sdk.exception.UnsupportedCapabilityException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PortMapping;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.SpotMarket;
import com.dumontcloud.sdk.spi.SshAccess;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.http.FakeProviderServer;
import com.dumontcloud.sdk.testkit.http.Fault;
import com.dumontcloud.sdk.testkit.http.JsonTrees;
import com.dumontcloud.sdk.testkit.tensordock.FakeTensorDockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TensorDock API v2 end to end against its fake: exact request bodies, every envelope variant, 429s, a delete that
 * fails once, stale capacity, ambiguous creates, dropped port forwards, location offers and SSH access.
 */
class TensorDockV2FunctionalTest {
  static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBiQ7m3vVYxZa1q2w3e4r5t6y7u8i9o0pAsDfGhJkL test@dumont";
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
    dumont = TensorDockClients.v2(fake, fake.token(), time, home, 1, Map.of("ssh-public-key", KEY));
  }

  @AfterEach
  void stop() {
    dumont.close();
    fake.close();
  }

  static String nameFor(String key) throws Exception {
    byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    return "dumont-" + HexFormat.of().formatHex(h).substring(0, 24);
  }

  private CloudProvider provider() {
    return dumont.provider("tensordock");
  }

  private Offer offer(int gpus) {
    return dumont.offers().search(OfferQuery.builder().minGpus(gpus).build()).offers().stream()
        .filter(o -> o.gpuCount() == gpus && o.id().startsWith(host)).findFirst().orElseThrow();
  }

  private Instance launch(Offer o, String key) {
    return dumont.instances().launch(LaunchSpec.fromTemplate(WEB).offer(o).idempotencyKey(key).build());
  }

  @Test
  void launch_hostnodeOffer_sendsExactlyTheDocumentedWrappedBody() throws Exception {
    launch(offer(1), "k-1");
    List<FakeProviderServer.Call> creates = fake.api().calls("POST", "/instances");
    assertThat(creates).hasSize(1);
    assertThat(JsonTrees.parse(creates.get(0).body())).isEqualTo(Map.of("data", Map.of(
        "type", "virtualmachine",
        "attributes", Map.of(
            "name", nameFor("k-1"),
            "type", "virtualmachine",
            "image", "ubuntu2204",
            "resources", Map.of("vcpu_count", 8L, "ram_gb", 48L, "storage_gb", 100L,
                "gpus", Map.of("geforcertx4090-pcie-24gb", Map.of("count", 1L))),
            "hostnode_id", host,
            "port_forwards", List.of(Map.of("internal_port", 22L, "external_port", 20000L),
                Map.of("internal_port", 80L, "external_port", 20001L)),
            "ssh_key", KEY,
            "cloud_init", Map.of("runcmd", List.of(
                "docker run -d --restart unless-stopped --gpus all -p 80:80 'nginx:1.27'"))))));
    assertThat(creates.get(0).authorization()).isEqualTo("Bearer " + fake.token());
  }

  @Test
  void startStopDelete_sendTheDocumentedMethodsPathsAndNoBody() {
    Instance i = launch(offer(1), "k-2");
    fake.settle();
    fake.api().clearCalls();
    dumont.instances().stop(i.id());
    fake.settle();
    dumont.instances().start(i.id());
    fake.settle();
    dumont.instances().destroy(i.id());
    List<String> writes = fake.api().calls().stream().filter(c -> !c.method().equals("GET"))
        .map(c -> c.method() + " " + c.path() + " [" + c.body() + "]").toList();
    assertThat(writes).containsExactly("POST /instances/" + i.id() + "/stop []",
        "POST /instances/" + i.id() + "/start []", "DELETE /instances/" + i.id() + " []");
  }

  @ParameterizedTest
  @EnumSource(FakeTensorDockServer.Envelope.class)
  void everyEnvelope_searchLaunchWaitStopStartDestroy(FakeTensorDockServer.Envelope envelope) {
    fake.envelope(envelope);
    Offer o = offer(1);
    assertThat(o.pricePerHour().doubleValue()).isEqualTo(0.35 + 8 * 0.003 + 48 * 0.002 + 100 * 0.0001,
        org.assertj.core.api.Assertions.within(1e-9));
    Instance i = launch(o, "k-env-" + envelope);
    assertThat(i.state()).isEqualTo(InstanceState.PROVISIONING);
    assertThat(dumont.instances().get(i.id()).publicIp()).isNull(); // no IP until it runs
    fake.settle();
    Instance running = dumont.instances().waitUntilRunning(i.id(), Duration.ofMinutes(5), null);
    assertThat(running.state()).isEqualTo(InstanceState.RUNNING);
    assertThat(running.publicIp()).isEqualTo("127.0.0.1");
    assertThat(running.sshPort()).isEqualTo(20000);
    assertThat(running.ports()).contains(new PortMapping(80, "tcp", "127.0.0.1", 20001));
    assertThat(running.pricePerHour().doubleValue()).isCloseTo(o.pricePerHour().doubleValue(),
        org.assertj.core.api.Assertions.within(1e-6));
    assertThat(provider().findByIdempotencyKey("k-env-" + envelope)).map(Instance::id).contains(i.id());
    assertThat(provider().list(Map.of())).extracting(Instance::id).containsExactly(i.id());
    dumont.instances().stop(i.id());
    fake.settle();
    assertThat(dumont.instances().get(i.id()).state()).isEqualTo(InstanceState.STOPPED);
    dumont.instances().start(i.id());
    fake.settle();
    assertThat(dumont.instances().get(i.id()).state()).isEqualTo(InstanceState.RUNNING);
    dumont.instances().destroy(i.id());
    assertThat(fake.status(i.id())).isNull();
    provider().terminate(i.id()); // already gone: success
  }

  @Test
  void rateLimited_theLimiterBacksOffOnTheVirtualClock_andTheCallSucceeds() {
    Instant before = time.now();
    fake.rateLimitNext(2, 7);
    List<Instance> none = provider().list(Map.of());
    assertThat(none).isEmpty();
    assertThat(Duration.between(before, time.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(14));
    assertThat(fake.api().calls("GET", "/instances")).hasSize(3);

    Offer o = offer(1); // a 429 on create proves it was not processed: sent again, one instance
    fake.rateLimitNext(1, 3);
    Instance i = launch(o, "k-429");
    assertThat(fake.instanceIds()).containsExactly(i.id());
  }

  @Test
  void rateLimited_beyondTheResends_isReportedAsRateLimited() {
    fake.rateLimitNext(10, 1);
    assertThatThrownBy(() -> provider().list(Map.of()))
        .isInstanceOf(com.dumontcloud.sdk.exception.RateLimitedException.class)
        .hasMessageNotContaining(fake.token());
  }

  @Test
  void delete_failsOnceWith500_isSentAgainAndSucceeds() {
    try (Dumont retrying = TensorDockClients.v2(fake, time, home.resolve("r"), 3)) {
      Instance i = launch(offer(1), "k-del");
      fake.failNextDelete();
      retrying.provider("tensordock").terminate(i.id());
      assertThat(fake.api().calls("DELETE", "/instances/")).hasSize(2);
      assertThat(fake.status(i.id())).isNull();
    }
  }

  @Test
  void staleCapacity_listedGpusButNoNodes_isCapacityUnavailable_andTheCreateIsNotResent() {
    Offer o = offer(1);
    fake.staleCapacity(host, 1);
    assertThatThrownBy(() -> launch(o, "k-stale")).isInstanceOf(CapacityUnavailableException.class)
        .hasMessageContaining("No available nodes found").hasMessageNotContaining(fake.token());
    assertThat(fake.api().calls("POST", "/instances")).hasSize(1);
    assertThat(fake.instanceIds()).isEmpty();
    assertThat(offer(1).id()).isEqualTo(o.id()); // still listed: the inventory is stale
  }

  @Test
  void ambiguousCreate_connectionLostAfterProcessing_isResolvedByName_neverResent() throws Exception {
    try (Dumont retrying = TensorDockClients.v2(fake, time, home.resolve("r"), 3)) {
      Offer o = offer(1);
      fake.api().failNext("POST", "/instances", Fault.dropAfterProcessing());
      Instance i = retrying.instances().launch(LaunchSpec.fromTemplate(WEB).offer(o).idempotencyKey("k-amb")
          .build());
      assertThat(fake.api().calls("POST", "/instances")).hasSize(1);
      assertThat(fake.instanceIds()).containsExactly(i.id());
      assertThat(retrying.provider("tensordock").get(i.id()).labels()).containsEntry("dumont-key", "k-amb");

      fake.api().failNext("POST", "/instances", Fault.dropConnection()); // not processed: nothing to adopt
      assertThatThrownBy(() -> retrying.instances().launch(LaunchSpec.fromTemplate(WEB).offer(o)
          .idempotencyKey("k-amb-2").build())).isInstanceOf(ConnectionException.class);
      assertThat(fake.api().calls("POST", "/instances")).hasSize(2);
    }
  }

  @Test
  void droppedPortForward_instanceRunsWithoutIt_theSdkReportsOnlyWhatTensorDockForwarded() {
    fake.dropPortForward(80);
    Instance i = launch(offer(1), "k-drop80");
    fake.settle();
    Instance r = dumont.instances().get(i.id());
    assertThat(r.state()).isEqualTo(InstanceState.RUNNING);
    assertThat(r.ports()).extracting(PortMapping::containerPort).containsExactly(22);
    SshAccess ssh = provider().capability(SshAccess.class).orElseThrow();
    assertThat(ssh.sshEndpoint(r)).contains(new SshAccess.Endpoint("127.0.0.1", 20000, "user"));

    fake.dropPortForward(22);
    Instance j = launch(offer(1), "k-drop22");
    fake.settle();
    Instance noSsh = dumont.instances().get(j.id());
    assertThat(noSsh.state()).isEqualTo(InstanceState.RUNNING);
    assertThat(ssh.sshEndpoint(noSsh)).isEmpty();
    assertThat(noSsh.statusMessage()).contains("without an SSH port forward");
  }

  @Test
  void sshAccess_endpointOnlyWhenRunning_keysOnlyAtLaunch() {
    SshAccess ssh = provider().capability(SshAccess.class).orElseThrow();
    Instance i = launch(offer(1), "k-ssh");
    assertThat(ssh.sshEndpoint(dumont.instances().get(i.id()))).isEmpty();
    fake.settle();
    Instance r = dumont.instances().get(i.id());
    assertThat(ssh.sshEndpoint(r)).contains(new SshAccess.Endpoint("127.0.0.1", 20000, "user"));
    ssh.installPublicKey(r, KEY.replace("test@dumont", "other comment")); // the launch key: success
    assertThatThrownBy(() -> ssh.installPublicKey(r,
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherKeyOtherKeyOtherKeyOtherKeyOther x"))
        .isInstanceOf(UnsupportedCapabilityException.class).hasMessageContaining("only at launch");
    assertThatThrownBy(() -> ssh.installPublicKey(r, "-----BEGIN OPENSSH PRIVATE KEY-----"))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("not an OpenSSH public key");
  }

  @Test
  void locationOffers_forCapacityNoHostnodeCovers_launchByLocationId() {
    String loc = fake.addLocation("l4-pcie-24gb", 2, 0.225, true);
    List<Offer> all = dumont.offers().search(OfferQuery.all()).offers();
    assertThat(all).filteredOn(o -> o.id().startsWith("location-")).extracting(Offer::gpuCount)
        .containsExactlyInAnyOrder(1, 2);
    assertThat(all).filteredOn(o -> o.id().startsWith("location-"))
        .allSatisfy(o -> assertThat(o.attributes()).containsEntry("location_id", loc));
    // the hostnode's own location is listed too, but its hostnode offers cover it: no duplicates
    assertThat(all).filteredOn(o -> o.gpu().name().contains("4090")).allSatisfy(o ->
        assertThat(o.id()).startsWith(host));
    Offer l4 = all.stream().filter(o -> o.id().startsWith("location-") && o.gpuCount() == 1).findFirst()
        .orElseThrow();
    Instance i = launch(l4, "k-loc");
    @SuppressWarnings("unchecked")
    Map<String, Object> attrs = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) JsonTrees
        .parse(fake.api().calls("POST", "/instances").get(0).body())).get("data")).get("attributes");
    assertThat(attrs).containsEntry("location_id", loc).containsEntry("useDedicatedIp", true)
        .doesNotContainKeys("hostnode_id", "port_forwards");
    fake.settle();
    assertThat(dumont.instances().get(i.id()).sshPort()).isEqualTo(22);
  }

  @Test
  void offers_hostsWithoutFreePortsAndModelsWithNoneFree_areExcluded() {
    String noPorts = fake.addHostnode("a100-pcie-80gb", 4, List.of(), 1.6, 0.003, 0.002, 0.0001);
    String noneFree = fake.addHostnode("l40-pcie-48gb", 8, List.of(21000, 21001), 1.05, 0.003, 0.002, 0.0001);
    fake.setAvailable(noneFree, 0);
    List<Offer> offers = provider().searchOffers(OfferQuery.all());
    assertThat(offers).extracting(Offer::hostId).doesNotContain(noPorts, noneFree).contains(host);
    assertThat(offers).noneMatch(o -> o.gpu().name().contains("A100") || o.gpu().name().contains("L40"));
  }

  @Test
  void v2_hasNoSpot_andNoReleaseStop() {
    assertThat(provider().capability(SpotMarket.class)).isEmpty();
    assertThat(provider().searchOffers(OfferQuery.builder().pricingModel(
        com.dumontcloud.sdk.model.PricingModel.SPOT).build())).isEmpty();
    TensorDockStops stops = provider().capability(TensorDockStops.class).orElseThrow();
    assertThatThrownBy(() -> stops.stopReleasingResources("00000000-0000-4000-8000-000000000000"))
        .isInstanceOf(UnsupportedCapabilityException.class).hasMessageContaining("api-version=v0");
  }

  @Test
  void startRunning_isAConflict_andServerErrorsCarryNoSecret() {
    Instance i = launch(offer(1), "k-conf");
    fake.settle();
    assertThatThrownBy(() -> provider().start(i.id())).isInstanceOf(ConflictException.class)
        .hasMessageContaining("already running");
    fake.api().failNext("GET", "/instances/{id}", Fault.status(502, "<html>Bad Gateway</html>"));
    assertThatThrownBy(() -> provider().get(i.id())).isInstanceOf(ProviderServerException.class)
        .hasMessageNotContaining(fake.token());
  }

  @Test
  void launch_anOfferNotFromASearch_isAClearErrorNamingTheAttributes() {
    Offer foreign = offer(1).toBuilder().id("made-up").attributes(Map.of()).build();
    assertThatThrownBy(() -> launch(foreign, "k-foreign")).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("offer 'made-up' does not come from a TensorDock v2 offer search")
        .hasMessageContaining("gpu_v0_name");
    assertThat(fake.api().calls("POST", "/instances")).isEmpty();
  }

  @Test
  void badConfig_namesTheKey() {
    assertThatThrownBy(() -> {
      try (Dumont bad = TensorDockClients.v2(fake, fake.token(), time, home.resolve("b"), 1,
          Map.of("api-version", "v9"))) {
        bad.provider("tensordock");
      }
    }).isInstanceOf(com.dumontcloud.sdk.exception.ConfigurationException.class)
        .hasMessageContaining("tensordock.api-version must be one of v2, v0, got 'v9'");
    assertThatThrownBy(() -> {
      try (Dumont bad = TensorDockClients.v2(fake, fake.token(), time, home.resolve("k"), 1,
          Map.of("ssh-public-key", "-----BEGIN OPENSSH PRIVATE KEY----- abc"))) {
        bad.provider("tensordock");
      }
    }).isInstanceOf(com.dumontcloud.sdk.exception.ConfigurationException.class)
        .hasMessageContaining("tensordock.ssh-public-key is not an OpenSSH public key")
        .hasMessageContaining("DUMONT_TENSORDOCK_SSH_PUBLIC_KEY").hasMessageNotContaining("abc");
  }
}
