package com.dumontcloud.sdk.vast.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.spi.support.Json;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.model.InstanceState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class VastStatesTest {
  private static final String OCI = "Error response from daemon: failed to create task for container: failed to create "
      + "shim task: OCI runtime create failed: could not apply required modification to OCI specification: error "
      + "modifying OCI spec: failed to inject CDI devices: unresolvable CDI devices";

  @ParameterizedTest(name = "{0}/{1}/{2}/{3} bid={4} msg={5} ownStop={6} -> {7}")
  @CsvSource(nullValues = "-", value = {
      // actual, intended, cur, next, is_bid, status_msg, stopped by client, expected
      "-,         running, running, running, false, -,                               false, PROVISIONING",
      "-,         stopped, stopped, stopped, false, -,                               false, STOPPED",
      "created,   running, running, running, false, -,                               false, STARTING",
      "loading,   running, running, running, false, Pulling vllm,                    false, STARTING",
      "rebooting, running, running, running, false, -,                               false, STARTING",
      "restarting,running, running, running, false, -,                               false, STARTING",
      "running,   running, running, running, false, success,                         false, RUNNING",
      "RUNNING,   Running, running, running, false, -,                               false, RUNNING",
      "running,   stopped, stopped, stopped, false, -,                               false, STOPPING",
      "loading,   stopped, stopped, stopped, false, -,                               false, STOPPING",
      "created,   stopped, stopped, stopped, false, OCI_ERROR,                       false, FAILED",
      "created,   stopped, stopped, stopped, true,  OCI_ERROR,                       false, FAILED",
      "created,   stopped, stopped, stopped, false, Error response from daemon: manifest for x:y not found, false, FAILED",
      "exited,    running, running, running, false, Error: container exited with code 1, false, FAILED",
      "stopped,   stopped, stopped, stopped, false, stopped,                         false, STOPPED",
      "exited,    stopped, stopped, stopped, false, -,                               false, STOPPED",
      "created,   stopped, stopped, stopped, false, -,                               false, STOPPED",
      "exited,    stopped, stopped, stopped, true,  -,                               false, INTERRUPTED",
      "stopped,   stopped, stopped, stopped, true,  -,                               false, INTERRUPTED",
      "created,   stopped, stopped, stopped, true,  -,                               false, INTERRUPTED",
      "exited,    stopped, stopped, stopped, true,  -,                               true,  STOPPED",
      "stopped,   running, running, running, true,  -,                               false, INTERRUPTED",
      "offline,   running, running, running, true,  -,                               false, INTERRUPTED",
      "exited,    running, stopped, running, true,  -,                               false, INTERRUPTED",
      "exited,    running, stopped, running, false, resources unavailable,           false, STARTING",
      "stopped,   running, stopped, stopped, false, -,                               false, STARTING",
      "stopped,   running, running, running, false, -,                               false, STARTING",
      "offline,   running, running, running, false, machine offline,                 false, FAILED",
      "offline,   stopped, stopped, stopped, false, -,                               false, STOPPED",
      "frozen,    frozen,  running, running, false, -,                               false, STOPPED",
      "unknown,   running, running, running, false, -,                               false, UNKNOWN",
      "hibernating, running, running, running, false, -,                             false, UNKNOWN",
      "destroyed, stopped, unloaded, unloaded, false, -,                             false, TERMINATED",
      "exited,    stopped, unloaded, unloaded, false, -,                             false, TERMINATED"})
  void map_table_rowsGiveTheDocumentedState(String actual, String intended, String cur, String next, boolean bid,
      String msg, boolean ownStop, InstanceState expected) {
    String m = "OCI_ERROR".equals(msg) ? OCI : msg;
    VastStates.Mapping r = VastStates.map(new VastStates.Status(actual, intended, cur, next, bid, m, ownStop));
    assertThat(r.state()).isEqualTo(expected);
    if (expected == InstanceState.FAILED || expected == InstanceState.INTERRUPTED || expected == InstanceState.UNKNOWN) {
      assertThat(r.message()).isNotBlank();
    }
    if (expected == InstanceState.FAILED && m != null) assertThat(r.message()).contains(m);
  }

  @Test
  void map_unknownStatus_keepsTheRawValues() {
    VastStates.Status s = new VastStates.Status("hibernating", "running", "running", "running", false, "zzz", false);
    VastStates.Mapping r = VastStates.map(s);
    assertThat(r.state()).isEqualTo(InstanceState.UNKNOWN);
    assertThat(r.message()).contains("hibernating").contains("zzz");
    assertThat(s.raw()).isEqualTo("hibernating (intended=running cur=running next=running)");
  }

  @Test
  void map_startQueued_keepsTheReasonAsMessage() {
    VastStates.Mapping r = VastStates.map(new VastStates.Status("exited", "running", "stopped", "running", false,
        "resources unavailable, state change queued.", false));
    assertThat(r.state()).isEqualTo(InstanceState.STARTING);
    assertThat(r.message()).isEqualTo("resources unavailable, state change queued.");
    VastStates.Mapping noMsg = VastStates.map(new VastStates.Status("exited", "running", "stopped", "running", false,
        null, false));
    assertThat(noMsg.message()).contains("resources unavailable");
  }

  static Stream<Arguments> fixtureInstances() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String f : List.of("instances_list_v0.json", "instances_list_v1_page1.json", "instances_list_v1_page2.json",
        "instances_list_v1_docs_example.json", "instance_show_running.json", "instance_show_loading.json",
        "instance_show_provisioning_null_status.json", "instance_show_oci_failed.json", "instance_show_bid_outbid.json",
        "instance_show_start_queued.json", "instance_show_docs_example.json")) {
      Object instances = Json.obj(MoshiJsonCodec.get().parse(read(f)), f).get("instances");
      List<Object> list = instances instanceof List<?> l ? new ArrayList<>(l) : List.of(instances);
      for (Object o : list) {
        Map<String, Object> i = Json.obj(o, f);
        out.add(Arguments.of(f, Json.id(i, "id"), i));
      }
    }
    return out.stream();
  }

  private static final Map<String, InstanceState> EXPECTED = Map.ofEntries(
      Map.entry("41234501", InstanceState.RUNNING), Map.entry("41234522", InstanceState.STARTING),
      Map.entry("41234533", InstanceState.PROVISIONING), Map.entry("41234544", InstanceState.FAILED),
      Map.entry("41234555", InstanceState.FAILED), Map.entry("41234566", InstanceState.STOPPED),
      Map.entry("41234577", InstanceState.INTERRUPTED), Map.entry("41234588", InstanceState.FAILED),
      Map.entry("41234599", InstanceState.STARTING), Map.entry("41234610", InstanceState.RUNNING),
      Map.entry("312", InstanceState.RUNNING), Map.entry("883", InstanceState.RUNNING));

  @ParameterizedTest(name = "{0} #{1}")
  @MethodSource("fixtureInstances")
  void map_everyFixtureInstance_hasItsExpectedState(String fixture, String id, Map<String, Object> raw) {
    VastStates.Mapping m = VastStates.map(VastParsers.status(raw));
    assertThat(EXPECTED).containsKey(id);
    assertThat(m.state()).as(fixture + " " + id + " via row " + m.row()).isEqualTo(EXPECTED.get(id));
  }

  @Test
  void table_coversEveryStatusCombinationInTheFixtures() throws IOException {
    Set<String> rows = new HashSet<>();
    fixtureInstances().forEach(a -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> raw = (Map<String, Object>) a.get()[2];
      VastStates.Mapping m = VastStates.map(VastParsers.status(raw));
      assertThat(m.row()).as("no fixture status may fall through to unknown").isNotEqualTo("unknown");
      rows.add(m.row());
    });
    assertThat(rows).hasSizeGreaterThanOrEqualTo(7);
  }

  @Test
  void status_stopMarkerInTheLabel_tellsTheSdksStopFromAnOutbid() throws IOException {
    Map<String, Object> outbid = new java.util.LinkedHashMap<>(Json.obj(Json.obj(MoshiJsonCodec.get().parse(
        read("instance_show_bid_outbid.json")), "body").get("instances"), "instances"));
    assertThat(VastStates.map(VastParsers.status(outbid)).state()).isEqualTo(InstanceState.INTERRUPTED);
    outbid.put("label", VastLabels.withStopMarker((String) outbid.get("label")));
    assertThat(VastStates.map(VastParsers.status(outbid)).state()).isEqualTo(InstanceState.STOPPED);
    outbid.put("label", VastLabels.STOP_MARKER);
    assertThat(VastStates.map(VastParsers.status(outbid)).state()).isEqualTo(InstanceState.STOPPED);
  }

  private static String read(String name) throws IOException {
    try (InputStream in = VastStatesTest.class.getResourceAsStream("/fixtures/vast/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
