package com.dumontcloud.sdk.vast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.AuthenticationException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.ProviderProtocolException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Location;
import com.dumontcloud.sdk.model.PortMapping;
import com.dumontcloud.sdk.model.PricingModel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class VastInstancesFunctionalTest extends VastTestSupport {
  private static final String LIST_QUERY = "/api/v1/instances/?limit=25&select_cols=%5B%22*%22%5D";

  @Test
  void list_twoPages_followsNextTokenAndParsesAllTen() {
    enqueue(jsonResponse("instances_list_v1_page1.json"), jsonResponse("instances_list_v1_page2.json"));
    List<Instance> all = vast.list(Map.of());
    assertThat(all).hasSize(10);
    assertSent("GET", LIST_QUERY, null);
    RecordedRequest second = assertSent("GET", LIST_QUERY + "&after_token=eyJ2YWx1ZXMiOiB7ImlkIjogNDEyMzQ1NTV9fQ%3D%3D",
        null);
    assertThat(second.getRequestUrl().queryParameter("after_token")).isEqualTo("eyJ2YWx1ZXMiOiB7ImlkIjogNDEyMzQ1NTV9fQ==");
    assertThat(all).extracting(Instance::state).containsExactly(
        InstanceState.RUNNING, InstanceState.STARTING, InstanceState.PROVISIONING, InstanceState.FAILED,
        InstanceState.FAILED, InstanceState.STOPPED, InstanceState.INTERRUPTED, InstanceState.FAILED,
        InstanceState.STARTING, InstanceState.RUNNING);
  }

  @Test
  void list_v0Fixture_sameTenInstancesAsV1() {
    enqueue(json(404, "{\"success\": false, \"error\": \"not_found\", \"msg\": \"no such endpoint\"}"),
        jsonResponse("instances_list_v0.json"));
    List<Instance> v0 = vast.list(Map.of());
    assertSent("GET", LIST_QUERY, null);
    assertSent("GET", "/api/v0/instances/", null);
    enqueue(jsonResponse("instances_list_v0.json"));
    assertThat(vast.list(Map.of())).hasSize(10); // the fallback is remembered
    assertSent("GET", "/api/v0/instances/", null);
    assertThat(v0).extracting(Instance::id).containsExactly("41234501", "41234522", "41234533", "41234544",
        "41234555", "41234566", "41234577", "41234588", "41234599", "41234610");
  }

  @Test
  void list_v1Gone410_fallsBackToV0_andV0Gone410IsReported() {
    enqueue(json(410, fixture("error_410_v0_instances_deprecated.json")),
        json(410, fixture("error_410_v0_instances_deprecated.json")));
    assertThatThrownBy(() -> vast.list(Map.of())).isInstanceOfSatisfying(NotFoundException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(410);
      assertThat(e.errorCode()).isEqualTo("deprecated_endpoint");
    });
  }

  @Test
  void list_emptyAndDocsExample_parsed() {
    enqueue(jsonResponse("instances_list_v1_empty.json"));
    assertThat(vast.list(Map.of())).isEmpty();
    take();
    String docs = fixture("instances_list_v1_docs_example.json").replace("\"next_token\": \"eyJ2YWx1ZXMiOiB7ImlkIjogMTIzfX0=\"",
        "\"next_token\": null");
    enqueue(json(200, docs));
    List<Instance> l = vast.list(Map.of());
    assertThat(l).hasSize(1);
    Instance i = l.get(0);
    assertThat(i.id()).isEqualTo("312");
    assertThat(i.labels()).containsEntry("label", "ML Training Job 2025");
    assertThat(i.location().country()).isEqualTo("US");
    assertThat(i.port(8888)).contains(new PortMapping(8888, "tcp", "192.0.2.45", 8888));
  }

  @Test
  void list_byLabels_filtersOnDecodedLabels() {
    String mine = "dumont-key=k1;dumont-deployment=web";
    String page = "{\"instances\": [" + instanceJson(1, "running", mine) + "," + instanceJson(2, "running",
        "dumont-key=k2;dumont-deployment=db") + "," + instanceJson(3, "running", "hand made") + "], \"next_token\": null}";
    enqueue(json(200, page));
    assertThat(vast.list(Map.of(Labels.DEPLOYMENT, "web"))).extracting(Instance::id).containsExactly("1");
    enqueue(json(200, page));
    assertThat(vast.findByIdempotencyKey("k2")).map(Instance::id).contains("2");
  }

  @Test
  void get_runningFixture_mapsNetworkPortsSshAndPrice() {
    enqueue(jsonResponse("instance_show_running.json"));
    Instance i = vast.get("41234501");
    assertSent("GET", "/api/v0/instances/41234501/", null);
    assertThat(i.state()).isEqualTo(InstanceState.RUNNING);
    assertThat(i.rawStatus()).isEqualTo("running (intended=running cur=running next=running)");
    assertThat(i.publicIp()).isEqualTo("203.0.113.88");
    assertThat(i.ports()).containsExactly(new PortMapping(22, "tcp", "203.0.113.88", 34512),
        new PortMapping(8080, "tcp", "203.0.113.88", 34533));
    assertThat(i.sshHost()).isEqualTo("ssh5.vast.ai");
    assertThat(i.sshPort()).isEqualTo(34501);
    assertThat(i.gpu()).isEqualTo(com.dumontcloud.sdk.catalog.GpuCatalog.resolve("RTX 4090"));
    assertThat(i.gpuCount()).isEqualTo(1);
    assertThat(i.gpuRamGib()).isEqualTo(24.0);
    assertThat(i.pricingModel()).isEqualTo(PricingModel.ON_DEMAND);
    assertThat(i.pricePerHour().doubleValue()).isEqualTo(0.326667);
    assertThat(i.hostId()).isEqualTo("288410");
    assertThat(i.location()).isEqualTo(Location.of("US", "US", "Texas"));
    assertThat(i.image()).isEqualTo("pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime");
    assertThat(i.labels()).isEqualTo(Map.of("label", "sdk-it-a1"));
    assertThat(i.createdAt()).isEqualTo(Instant.ofEpochMilli(1787207400319L));
    assertThat(i.statusMessage()).startsWith("success, running");
  }

  @Test
  void get_everyShowFixture_mapsStateAndMessage() {
    record Case(String fixture, String id, InstanceState state, String message) {}
    for (Case c : List.of(
        new Case("instance_show_loading.json", "41234522", InstanceState.STARTING, "Pulling vllm/vllm-openai:latest"),
        new Case("instance_show_provisioning_null_status.json", "41234533", InstanceState.PROVISIONING, null),
        new Case("instance_show_oci_failed.json", "41234544", InstanceState.FAILED, "OCI runtime create failed"),
        new Case("instance_show_bid_outbid.json", "41234577", InstanceState.INTERRUPTED, "outbid"),
        new Case("instance_show_start_queued.json", "41234599", InstanceState.STARTING, "state change queued"),
        new Case("instance_show_docs_example.json", "883", InstanceState.RUNNING, null))) {
      enqueue(jsonResponse(c.fixture()));
      Instance i = vast.get(c.id());
      assertThat(i.state()).as(c.fixture()).isEqualTo(c.state());
      if (c.message() != null) assertThat(i.statusMessage()).as(c.fixture()).contains(c.message());
      assertThat(i.id()).isEqualTo(c.id());
    }
  }

  @Test
  void get_bidOutbid_isSpotAndInterrupted() {
    enqueue(jsonResponse("instance_show_bid_outbid.json"));
    Instance i = vast.get("41234577");
    assertThat(i.pricingModel()).isEqualTo(PricingModel.SPOT);
    assertThat(i.state()).isEqualTo(InstanceState.INTERRUPTED);
    assertThat(i.location()).isEqualTo(Location.of("CN", "ASIA", "Guangxi"));
    assertThat(i.ports()).isEmpty();
  }

  @Test
  void get_docsExample_plainPortListAndUntrimmedFields() {
    enqueue(jsonResponse("instance_show_docs_example.json"));
    Instance i = vast.get("883");
    assertThat(i.ports()).containsExactly(new PortMapping(8080, "tcp", "63.135.50.11", 8080),
        new PortMapping(8081, "tcp", "63.135.50.11", 8081));
    assertThat(i.sshHost()).isEqualTo("ssh2281.vast.ai");
  }

  @Test
  void get_portShapes_nullEmptyNullBindingNumericHostPortAndIpv6Only() {
    String ports = "{\"22/tcp\": null, \"80/tcp\": [{\"HostIp\": \"::\", \"HostPort\": \"40080\"}],"
        + " \"443/tcp\": [{\"HostIp\": \"::\", \"HostPort\": 40443}, {\"HostIp\": \"0.0.0.0\", \"HostPort\": 40444}],"
        + " \"53/udp\": [{\"HostIp\": \"127.0.0.9\", \"HostPort\": \"40053\"}]}";
    enqueue(json(200, "{\"instances\": " + instanceJson(7, "running", null).replace("\"ports\": null", "\"ports\": " + ports)
        + "}"));
    Instance i = vast.get("7");
    assertThat(i.ports()).containsExactly(new PortMapping(80, "tcp", "127.0.0.1", 40080),
        new PortMapping(443, "tcp", "127.0.0.1", 40444), new PortMapping(53, "udp", "127.0.0.9", 40053));
    for (String shape : List.of("null", "{}")) {
      enqueue(json(200, "{\"instances\": " + instanceJson(7, "loading", null).replace("\"ports\": null", "\"ports\": " + shape)
          + "}"));
      assertThat(vast.get("7").ports()).isEmpty();
    }
  }

  @Test
  void get_deletedInstance_throwsNotFound() {
    enqueue(json(200, "{\"instances\": null}"));
    assertThatThrownBy(() -> vast.get("41234501")).isInstanceOfSatisfying(NotFoundException.class, e -> {
      assertThat(e.errorCode()).isEqualTo("no_such_instance");
      assertThat(e.operation()).isEqualTo("get");
    });
  }

  @Test
  void get_recordedDeletedShape_throwsNotFound() {
    enqueue(json(200, sharedFixture("instance_show_deleted.json")));
    assertThatThrownBy(() -> vast.get("41234501")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void get_recordedAbandonedInstance_isFailedWithTheOciMessage() {
    enqueue(json(200, sharedFixture("instance_show_abandoned_recorded_subset.json")));
    Instance i = vast.get("48738927");
    assertThat(i.state()).isEqualTo(InstanceState.FAILED);
    assertThat(i.statusMessage()).contains("unresolvable CDI devices");
    assertThat(i.sshPort()).isEqualTo(18926);
  }

  @Test
  void get_nonNumericId_notFoundWithoutSending() {
    assertThatThrownBy(() -> vast.get("sim-42")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> vast.get("1/../2")).isInstanceOf(NotFoundException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  private static final String STOPPED = ";dumont-stopped=client";

  /** A show answer: the instance in the given states with the given raw Vast label. */
  private static okhttp3.mockwebserver.MockResponse shown(long id, String actual, String intended, boolean bid,
      String label) {
    String i = instanceJson(id, actual, label).replace("\"intended_status\": \"running\", \"cur_state\": \"running\", "
        + "\"next_state\": \"running\"", "\"intended_status\": \"" + intended + "\", \"cur_state\": \"" + intended
        + "\", \"next_state\": \"" + intended + "\"").replace("\"is_bid\": false", "\"is_bid\": " + bid);
    return json(200, "{\"instances\": " + i + "}");
  }

  @Test
  void stop_marksTheLabelFirst_thenStops() {
    enqueue(shown(41234501, "running", "running", true, "dumont-key=k;team=ml"), jsonResponse("label_success.json"),
        jsonResponse("success_true.json"));
    vast.stop("41234501");
    assertSent("GET", "/api/v0/instances/41234501/", null);
    assertSent("PUT", "/api/v0/instances/41234501/", "{\"label\":\"dumont-key=k;team=ml" + STOPPED + "\"}");
    assertSent("PUT", "/api/v0/instances/41234501/", "{\"state\":\"stopped\"}");
  }

  @Test
  void stop_foreignOrMissingLabel_getsTheMarkerToo_andAMarkedOneIsNotRewritten() {
    enqueue(shown(1, "running", "running", true, null), jsonResponse("label_success.json"),
        jsonResponse("success_true.json"));
    vast.stop("1");
    take();
    assertSent("PUT", "/api/v0/instances/1/", "{\"label\":\"dumont-stopped=client\"}");
    take();
    enqueue(shown(2, "stopped", "stopped", true, "hand made" + STOPPED), jsonResponse("success_true.json"));
    vast.stop("2");
    take();
    assertSent("PUT", "/api/v0/instances/2/", "{\"state\":\"stopped\"}");
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void stop_markerCannotBeWritten_nothingIsStopped() {
    enqueue(shown(41234501, "running", "running", true, "dumont-key=k"),
        json(429, "{\"detail\": \"API requests too frequent endpoint threshold=1.0\"}"));
    assertThatThrownBy(() -> vast.stop("41234501")).isInstanceOf(RateLimitedException.class);
    take();
    assertThat(parseObject(take().getBody().readUtf8())).containsOnlyKeys("label");
    assertThat(server.getRequestCount()).isEqualTo(2); // no {"state": "stopped"}
  }

  @Test
  void stop_missingInstance_isNotFound() {
    enqueue(json(200, "{\"instances\": null}"));
    assertThatThrownBy(() -> vast.stop("41234501")).isInstanceOf(NotFoundException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void start_startsThenRemovesTheMarker() {
    enqueue(shown(41234501, "stopped", "stopped", true, "dumont-key=k;team=ml" + STOPPED),
        jsonResponse("success_true.json"), jsonResponse("label_success.json"));
    vast.start("41234501");
    assertSent("GET", "/api/v0/instances/41234501/", null);
    assertSent("PUT", "/api/v0/instances/41234501/", "{\"state\":\"running\"}");
    assertSent("PUT", "/api/v0/instances/41234501/", "{\"label\":\"dumont-key=k;team=ml\"}");
  }

  @Test
  void start_withoutMarker_onlyStarts_andAFailedStartKeepsTheMarker() {
    enqueue(shown(1, "stopped", "stopped", false, "dumont-key=k"), jsonResponse("success_true.json"));
    vast.start("1");
    take();
    assertSent("PUT", "/api/v0/instances/1/", "{\"state\":\"running\"}");
    enqueue(shown(2, "stopped", "stopped", true, "dumont-key=k" + STOPPED),
        json(200, "{\"success\": false, \"error\": \"invalid_args\", \"msg\": \"cannot start\"}"));
    assertThatThrownBy(() -> vast.start("2")).hasMessageContaining("cannot start");
    assertThat(server.getRequestCount()).isEqualTo(4); // no label write after the failed start
  }

  @Test
  void start_markerRemovalFails_theStartStillCounts() {
    enqueue(shown(1, "stopped", "stopped", true, "dumont-key=k" + STOPPED), jsonResponse("success_true.json"),
        json(502, "<html>Bad Gateway</html>"));
    vast.start("1");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void start_resourcesUnavailable_isQueuedNotAnError() {
    enqueue(shown(41234599, "stopped", "stopped", false, "sdk-it-q"), json(200, "{\"success\": false, \"error\": "
        + "\"resources_unavailable\", \"msg\": \"Required resources are currently unavailable on this machine; state "
        + "change queued.\"}"), jsonResponse("instance_show_start_queued.json"));
    vast.start("41234599");
    Instance i = vast.get("41234599");
    assertThat(i.state()).isEqualTo(InstanceState.STARTING);
    assertThat(i.statusMessage()).isEqualTo("resources unavailable, state change queued.");
  }

  @Test
  void start_otherSuccessFalse_isAnError() {
    enqueue(shown(41234599, "stopped", "stopped", false, null),
        json(200, "{\"success\": false, \"error\": \"invalid_args\", \"msg\": \"cannot start\"}"));
    assertThatThrownBy(() -> vast.start("41234599")).hasMessageContaining("cannot start");
  }

  @Test
  void get_stoppedBidInstance_markerSaysStopped_noMarkerSaysOutbid_inAnyClient() {
    String outbid = fixture("instance_show_bid_outbid.json");
    String marked = outbid.replace("\"label\": \"sdk-it-g7-spot\"", "\"label\": \"sdk-it-g7-spot" + STOPPED + "\"");
    assertThat(marked).isNotEqualTo(outbid);
    enqueue(json(200, marked), json(200, outbid));
    try (com.dumontcloud.sdk.Dumont other = client(s -> s.apiKey(com.dumontcloud.sdk.Secret.of(KEY)))) {
      Instance stopped = other.provider("vast").get("41234577");
      assertThat(stopped.state()).isEqualTo(InstanceState.STOPPED);
      assertThat(stopped.labels()).isEqualTo(Map.of("label", "sdk-it-g7-spot"));
      assertThat(other.provider("vast").get("41234577").state()).isEqualTo(InstanceState.INTERRUPTED);
    }
  }

  @Test
  void setLabels_sendsEncodedLabel() {
    enqueue(shown(41234501, "running", "running", false, "sdk-it-a1"), jsonResponse("label_success.json"));
    vast.setLabels("41234501", Map.of("team", "ml;ops", Labels.KEY, "abc", "a=b", "c"));
    assertSent("GET", "/api/v0/instances/41234501/", null);
    assertSent("PUT", "/api/v0/instances/41234501/", "{\"label\":\"dumont-key=abc;a%3Db=c;team=ml%3Bops\"}");
  }

  @Test
  void setLabels_keepsTheMarkerWhileStopped_dropsAStaleOneWhenRunning() {
    enqueue(shown(1, "stopped", "stopped", true, "dumont-key=a" + STOPPED), jsonResponse("label_success.json"));
    vast.setLabels("1", Map.of(Labels.KEY, "a", Labels.REPLICA, "r0"));
    take();
    assertSent("PUT", "/api/v0/instances/1/", "{\"label\":\"dumont-key=a;dumont-replica=r0" + STOPPED + "\"}");
    enqueue(shown(2, "running", "running", true, "dumont-key=b" + STOPPED), jsonResponse("label_success.json"));
    vast.setLabels("2", Map.of(Labels.KEY, "b"));
    take();
    assertSent("PUT", "/api/v0/instances/2/", "{\"label\":\"dumont-key=b\"}");
    assertThatThrownBy(() -> vast.setLabels("3", Map.of("dumont-stopped", "client")))
        .isInstanceOf(com.dumontcloud.sdk.exception.InvalidSpecException.class);
  }

  @Test
  void terminate_sendsDeleteWithEmptyBody() {
    enqueue(jsonResponse("destroy_success.json"));
    vast.terminate("41234501");
    assertSent("DELETE", "/api/v0/instances/41234501/", "{}");
  }

  @Test
  void terminate_alreadyGone_inEveryShape_isSuccess() {
    enqueue(json(404, fixture("error_destroy_404_not_found.json")),
        json(404, fixture("error_destroy_no_such_instance.json")),
        json(200, fixture("error_destroy_no_such_instance.json")));
    vast.terminate("1");
    vast.terminate("1");
    vast.terminate("1");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void terminate_badKey404_isAuthenticationNotGone() {
    enqueue(json(404, fixture("error_401_invalid_user_key.json")));
    assertThatThrownBy(() -> vast.terminate("1")).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void list_malformedInstance_failsTheWholeList() {
    enqueue(json(200, "{\"instances\": [" + instanceJson(1, "running", null) + ", {\"id\": \"x\"}], \"next_token\": null}"));
    assertThatThrownBy(() -> vast.list(Map.of())).isInstanceOfSatisfying(ProviderProtocolException.class, e -> {
      assertThat(e.operation()).isEqualTo("list");
      assertThat(e.getMessage()).contains("unreadable instance");
    });
  }

  @Test
  void list_repeatingNextToken_isAProtocolErrorNotAnEndlessLoop() {
    String page = "{\"instances\": [], \"next_token\": \"abc\"}";
    enqueue(json(200, page), json(200, page));
    assertThatThrownBy(() -> vast.list(Map.of())).isInstanceOf(ProviderProtocolException.class)
        .hasMessageContaining("next_token repeats");
  }

  static String instanceJson(long id, String actual, String label) {
    return "{\"id\": " + id + ", \"actual_status\": " + (actual == null ? "null" : "\"" + actual + "\"")
        + ", \"intended_status\": \"running\", \"cur_state\": \"running\", \"next_state\": \"running\""
        + ", \"label\": " + (label == null ? "null" : "\"" + label + "\"")
        + ", \"public_ipaddr\": \"127.0.0.1\\n\", \"ssh_host\": \"ssh1.vast.ai\", \"ssh_port\": 2" + id
        + ", \"ports\": null, \"gpu_name\": \"RTX 4090\", \"num_gpus\": 1, \"gpu_ram\": 24564, \"dph_total\": 0.3"
        + ", \"is_bid\": false, \"geolocation\": \"Texas, US\", \"start_date\": 1787207400.0}";
  }
}
