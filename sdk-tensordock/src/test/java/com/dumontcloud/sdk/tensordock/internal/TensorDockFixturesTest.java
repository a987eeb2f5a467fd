package com.dumontcloud.sdk.tensordock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.testkit.http.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The readers against the research fixtures: the copies in {@code src/test/resources/tensordock} (constructed and
 * docs-example files) and, when {@code ../shared/fixtures/tensordock} is there, every file of it including the
 * recorded ones (skipped otherwise).
 */
class TensorDockFixturesTest {
  private static final Path SHARED = Path.of("..", "..", "shared", "fixtures", "tensordock");

  private static Object copy(String name) {
    try (InputStream in = TensorDockFixturesTest.class.getResourceAsStream("/tensordock/" + name)) {
      return JsonTrees.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one state table: every status any fixture carries maps to a known state. */
  private static final Map<String, InstanceState> EXPECTED = Map.of("running", InstanceState.RUNNING,
      "creating", InstanceState.PROVISIONING, "starting", InstanceState.STARTING, "stopping", InstanceState.STOPPING,
      "stopped", InstanceState.STOPPED, "stoppeddisassociated", InstanceState.STOPPED, "outbid",
      InstanceState.INTERRUPTED);

  private static void statuses(Object tree, List<String> out) {
    if (tree instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (e.getKey().equals("status") && e.getValue() instanceof String s && !(m.containsKey("timestamp_failure"))) {
          out.add(s);
        }
        statuses(e.getValue(), out);
      }
    } else if (tree instanceof List<?> l) {
      l.forEach(o -> statuses(o, out));
    }
  }

  private static void assertStatesKnown(Object tree, String file) {
    List<String> raw = new ArrayList<>();
    statuses(tree, raw);
    for (String s : raw) {
      String k = s.toLowerCase(java.util.Locale.ROOT).replaceAll("[_\\-\\s]", "");
      assertThat(TensorDockStates.of(s)).as("status '%s' of %s", s, file).isEqualTo(EXPECTED.get(k));
    }
  }

  @Test
  void stateTable_everyStatusOfEveryCopiedFixture_isKnown() throws Exception {
    try (Stream<Path> files = Files.walk(Path.of("src", "test", "resources", "tensordock"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        assertStatesKnown(JsonTrees.parse(Files.readString(f)), f.toString());
      }
    }
  }

  @Test
  void stateTable_everyStatusOfEverySharedFixture_isKnown() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(SHARED), "../shared/fixtures/tensordock is not here");
    int n = 0;
    try (Stream<Path> files = Files.walk(SHARED)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        assertStatesKnown(JsonTrees.parse(Files.readString(f)), f.toString());
        n++;
      }
    }
    assertThat(n).isGreaterThan(40);
  }

  @Test
  void recordedFixtures_parse() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(SHARED), "../shared/fixtures/tensordock is not here");
    Map<String, Object> detail = TensorDockApi.single(JsonTrees.parse(Files.readString(SHARED.resolve(
        "v2/instance.detail.json"))));
    assertThat(detail).containsEntry("ipAddress", "174.94.145.71").containsEntry("status", "running");
    Map<String, Object> created = TensorDockApi.single(JsonTrees.parse(Files.readString(SHARED.resolve(
        "v2/instance.create.response.json"))));
    assertThat(created.get("id")).isNotNull();
    Object vm = JsonTrees.parse(Files.readString(SHARED.resolve("v0/vm_record.recorded-2024.json")));
    List<String> raw = new ArrayList<>();
    statuses(vm, raw);
    assertThat(raw).contains("Running");
    assertThat(TensorDockApi.messages(JsonTrees.parse(Files.readString(SHARED.resolve(
        "v2/error.validation.http400.json"))))).singleElement().asString().contains("SSH port (22) must be forwarded");
  }

  @Test
  void envelopes_theThreeListWrappings_andTheDetailVariants() {
    List<Map<String, Object>> documented = TensorDockApi.instances(copy("v2/instances.list.json"));
    assertThat(documented).extracting(m -> m.get("status")).containsExactly("running", "stoppeddisassociated",
        "stopped");
    assertThat(documented.get(0)).containsEntry("id", "468b716a-6747-4cbe-9f13-afc153a21c14")
        .containsKey("portForwards").doesNotContainKey("attributes");
    assertThat(TensorDockApi.instances(copy("v2/instances.list.array-variant.json"))).isNotEmpty()
        .allSatisfy(m -> assertThat(m).containsKeys("id", "status"));
    Object gettingStarted = Map.of("data", Map.of("type", "list", "id", "instances", "attributes",
        Map.of("instances", List.of(Map.of("type", "virtualmachine", "id", "a", "attributes",
            Map.of("name", "n", "status", "Running"))))));
    assertThat(TensorDockApi.instances(gettingStarted)).singleElement()
        .satisfies(m -> assertThat(m).containsEntry("id", "a").containsEntry("status", "Running"));
    assertThat(TensorDockApi.instances(copy("v2/instances.list.empty.json"))).isEmpty();

    Map<String, Object> wrapped = TensorDockApi.single(copy("v2/instance.detail.wrapped-variant.json"));
    assertThat(wrapped.get("id")).isNotNull();
    assertThat(wrapped.get("status")).isNotNull();
    Map<String, Object> provisioning = TensorDockApi.single(copy("v2/instance.detail.provisioning.json"));
    assertThat(TensorDockStates.of((String) provisioning.get("status"))).isEqualTo(InstanceState.PROVISIONING);
  }

  @Test
  void offers_fromTheHostnodesFixture_skipHostsWithoutPortsOrFreeGpus_andPricePerResource() {
    Object hostnodes = copy("v2/hostnodes.json");
    List<Offer> offers = TensorDockOffers.fromHostnodes(hostnodes);
    assertThat(offers).isNotEmpty();
    assertThat(offers).allSatisfy(o -> {
      assertThat(o.vcpus() % 2).isZero();
      assertThat(o.diskGib()).isGreaterThanOrEqualTo(100);
    });
    for (Object h0 : (List<?>) ((Map<?, ?>) ((Map<?, ?>) hostnodes).get("data")).get("hostnodes")) {
      Map<?, ?> h = (Map<?, ?>) h0;
      Map<?, ?> res = (Map<?, ?>) h.get("available_resources");
      boolean noPorts = (res.get("available_ports") == null || ((List<?>) res.get("available_ports")).isEmpty())
          && !Boolean.TRUE.equals(res.get("has_public_ip_available"));
      boolean noGpus = ((List<?>) res.get("gpus")).stream()
          .allMatch(g -> ((Number) ((Map<?, ?>) g).get("availableCount")).intValue() == 0);
      if (noPorts || noGpus) assertThat(offers).noneMatch(o -> o.hostId().equals(h.get("id")));
    }
  }

  @Test
  void offers_fromLocations_docsExampleH100_isPricedAsTheReference() {
    List<Offer> offers = TensorDockOffers.fromLocations(copy("v2/locations.json"), Set.of());
    assertThat(offers).isNotEmpty().allSatisfy(o -> assertThat(o.id()).startsWith("location-"));
    assertThat(offers).noneMatch(o -> o.gpuCount() == 0);
    List<Offer> docs = TensorDockOffers.fromLocations(copy("v2/locations.docs-example.json"), Set.of());
    Offer h100 = docs.stream().filter(o -> o.gpu().name().contains("H100") && o.gpuCount() == 1).findFirst()
        .orElseThrow();
    // the configuration the SDK picks: 160 GB RAM (2 x VRAM), 28 vCPUs (even, RAM / 6), 160 GB disk
    double expected = 2.2 + h100.vcpus() * 0.003 + h100.ramGib() * 0.002 + h100.diskGib() * 0.00005;
    assertThat(h100.pricePerHour().doubleValue()).isCloseTo(expected, within(1e-6));
    // a location entry covered by a listed hostnode is left to the hostnode offer
    String covered = (String) h100.attributes().get("location_id") + "|" + h100.attributes().get("gpu_v0_name");
    assertThat(TensorDockOffers.fromLocations(copy("v2/locations.docs-example.json"), Set.of(covered)))
        .noneMatch(o -> o.gpu().name().contains("H100"));
  }

  @Test
  void v0_hostnodesFixture_gpuhuntsL40Example_andTheSkippedHost() {
    List<Offer> offers = TensorDockOffers.fromHostnodes(TensorDockV0.hostnodesAsV2(copy("v0/hostnodes.list.json")));
    assertThat(offers).noneMatch(o -> o.hostId().equals("9a0b7c3d-2e64-4f85-b1a9-c8d7e6f5a4b3")); // no ports, 0 free
    Offer l40 = offers.stream().filter(o -> o.hostId().equals("7c1e4a52-93d1-4f0b-8e36-2b5d9a0c7f14")
        && o.gpuCount() == 1).findFirst().orElseThrow();
    assertThat(l40.ramGib()).isEqualTo(96);
    assertThat(l40.vcpus()).isEqualTo(16);
    assertThat(l40.diskGib()).isEqualTo(100);
    assertThat(l40.pricePerHour().doubleValue()).isCloseTo(1.05 + 16 * 0.003 + 96 * 0.002 + 100 * 0.00005,
        within(1e-9));
    assertThat(l40.reliability()).isCloseTo(0.9996, within(1e-9));
    assertThat(l40.location()).isEqualTo(com.dumontcloud.sdk.model.Location.of("US", "US", l40.location().zone()));
    assertThat(l40.location().zone()).isNotBlank();
    assertThat(offers).filteredOn(o -> o.hostId().equals("e4f2a8c6-5b19-4d3e-a7c0-9b8d1f6e2a45"))
        .extracting(o -> o.attributes().get("gpu_v0_name")).contains("rtxa4000-pcie-16gb", "rtxa5000-pcie-24gb");
  }

  @Test
  @SuppressWarnings("unchecked")
  void v0_vmMapsKeyedByUuid_portForwardsStringOrInt_spotAndUser() {
    List<Map<String, Object>> vms = TensorDockV0.vms(copy("v0/client_list.json"));
    assertThat(vms).extracting(m -> m.get("id")).containsExactly("073072fd-40c1-4618-ba76-21367c3fddf0",
        "3e9c1a7b-5d24-4f80-b6e3-9a1c0d7e2f48", "8b2d6f14-0a93-4c7e-b5d1-e6f3a2c9087d");
    Map<String, Object> spot = vms.get(0);
    assertThat(spot).containsEntry("spot", true).containsEntry("ipAddress", "206.168.82.14");
    assertThat((List<Object>) spot.get("portForwards")).contains(Map.of("internal_port", 22L, "external_port", 47979L));
    assertThat(vms.get(1)).containsEntry("spot", false);
    Map<String, Object> docs = TensorDockV0.vmAsV2("x", (Map<String, Object>) ((Map<?, ?>) copy(
        "v0/get_single.docs-example.json")).get("virtualmachine"));
    assertThat(docs).containsEntry("ipAddress", "217.79.242.232").containsEntry("status", "Outbid");
    assertThat(TensorDockStates.of((String) docs.get("status"))).isEqualTo(InstanceState.INTERRUPTED);
    Map<String, Object> deployed = TensorDockV0.deployed(copy("v0/deploy_single.success.int-ports.json"), "n");
    assertThat((List<Object>) deployed.get("portForwards")).contains(Map.of("internal_port", 22L, "external_port",
        47983L));
    Map<String, Object> docsDeploy = TensorDockV0.deployed(copy("v0/deploy_single.success.docs-example.json"), "n");
    assertThat((List<Object>) docsDeploy.get("portForwards")).contains(Map.of("internal_port", 22L, "external_port",
        30118L));
  }

  @Test
  void errors_messagesOfEveryErrorShape() {
    assertThat(TensorDockApi.messages(copy("v2/error.validation-multi.http400.json"))).hasSizeGreaterThan(1);
    assertThat(TensorDockApi.messages(copy("v2/error.internal.http200-body.json"))).hasSize(1);
    assertThat(TensorDockApi.messages(copy("v0/error.auth-invalid.json")))
        .containsExactly("Invalid authorization key or token");
    assertThat(TensorDockApi.messages(copy("v2/error.start-conflict.http400.json"))).isNotEmpty();
  }
}
