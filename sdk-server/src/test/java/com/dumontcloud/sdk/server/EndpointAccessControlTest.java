package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.access.Quota;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.server.ServerHarness.Answer;
import com.dumontcloud.sdk.serverless.EndpointStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serverless endpoints over {@code dumont serve}: owned, deleted and counted in quotas as deployments are. */
class EndpointAccessControlTest {
  private static final String CREATE = "/api/v1/serverless/endpoints";
  @TempDir Path dir;

  @Test
  void create_labelsTheAuthenticatedOwner_notWhoeverTheBodyNames() {
    try (ServerHarness h = new ServerHarness(dir)) {
      String ml = h.keys.create("ml", List.of("developer"), List.of("ml")).token();
      Answer made = h.call("POST", CREATE, "{\"template\": \"qwen2.5-0.5b\", \"min_instances\": 0, "
          + "\"max_instances\": 2, \"labels\": {\"dumont-principal\": \"mallory\", \"cost-center\": \"42\"}}", ml);
      assertThat(made.status()).as(made.body()).isEqualTo(200);
      String id = (String) made.json().get("id");
      Map<String, String> labels = h.endpoints.get(id).spec().labels();
      String subject = labels.get(Labels.PRINCIPAL);
      assertThat(subject).isNotEqualTo("mallory").startsWith("key:");
      assertThat(labels).containsEntry(Labels.TEAM, "ml").containsEntry("cost-center", "42");
      // the owner is what GET shows, in the detail and in the list
      assertThat(h.call("GET", CREATE + "/" + id, null, ml).json().get("labels"))
          .isEqualTo(Map.of(Labels.PRINCIPAL, subject, Labels.TEAM, "ml", "cost-center", "42"));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> listed = (List<Map<String, Object>>) h.call("GET", CREATE, null, ml).json()
          .get("endpoints");
      assertThat(listed).singleElement().satisfies(e -> assertThat(e.get("labels")).isEqualTo(
          Map.of(Labels.PRINCIPAL, subject, Labels.TEAM, "ml", "cost-center", "42")));
      assertThat(h.audit.records()).anySatisfy(r -> {
        assertThat(r.operation()).isEqualTo("create_endpoint");
        assertThat(r.principal()).isEqualTo(subject);
        assertThat(r.metadata()).containsEntry("endpoint", id);
      });
    }
  }

  @Test
  void create_refusesAForeignTeam_andLabelsThatAreNotTexts() {
    try (ServerHarness h = new ServerHarness(dir)) {
      String ml = h.keys.create("ml", List.of("developer"), List.of("ml")).token();
      Answer foreignTeam = h.call("POST", CREATE,
          "{\"template\": \"qwen2.5-0.5b\", \"labels\": {\"dumont-team\": \"ops\"}}", ml);
      assertThat(foreignTeam.status()).isEqualTo(400);
      assertThat(foreignTeam.json().get("detail").toString()).contains("dumont-team=ops").contains("not a member");
      Answer notText = h.call("POST", CREATE, "{\"template\": \"qwen2.5-0.5b\", \"labels\": {\"n\": [1]}}", ml);
      assertThat(notText.status()).isEqualTo(400);
      assertThat(notText.json().get("detail").toString()).isEqualTo("labels.n must be a text such as \"42\", got an array");
      assertThat(h.endpoints.list()).isEmpty();
    }
  }

  @Test
  void delete_403ForAnotherTeamsDeveloper_allowedForTheOwnerAndAdmin() {
    try (ServerHarness h = new ServerHarness(dir)) {
      String ml = h.keys.create("ml", List.of("developer"), List.of("ml")).token();
      String ops = h.keys.create("ops", List.of("developer"), List.of("ops")).token();
      String a = (String) h.call("POST", CREATE, "{\"template\": \"qwen2.5-0.5b\"}", ml).json().get("id");
      String c = (String) h.call("POST", CREATE, "{\"template\": \"qwen2.5-0.5b\"}", ml).json().get("id");

      Answer other = h.call("DELETE", CREATE + "/" + a, null, ops);
      assertThat(other.status()).isEqualTo(403);
      assertThat(other.json().get("detail").toString()).contains("lacks permission gpu.delete").contains("team ml")
          .contains("delete endpoint " + a);
      assertThat(h.endpoints.list()).extracting(e -> e.id()).contains(a);
      assertThat(h.call("DELETE", CREATE + "/" + a, null, ml).status()).isEqualTo(200); // its owner (and team)
      assertThat(h.call("DELETE", CREATE + "/" + c, null, h.key).status()).isEqualTo(200); // an admin
      assertThat(h.call("DELETE", CREATE + "/ep-00000000", null, ops).status()).isEqualTo(404);
      assertThat(h.endpoints.list()).isEmpty();
      assertThat(h.audit.records()).filteredOn(r -> r.operation().equals("delete_endpoint"))
          .extracting(r -> r.success()).containsExactly(false, true, true);
    }
  }

  @Test
  void aTeamQuota_capsTheEndpointsReplicas_andTheEndpointSaysWhy() {
    try (ServerHarness h = new ServerHarness(dir, EndpointStore.inMemory(),
        d -> d.quota(Quota.builder("ml").maxConcurrentInstances(1).build()))) {
      String ml = h.keys.create("ml", List.of("developer"), List.of("ml")).token();
      Answer made = h.call("POST", CREATE, "{\"template\": \"qwen2.5-0.5b\", \"min_instances\": 2, "
          + "\"max_instances\": 2}", ml);
      String id = (String) made.json().get("id");
      for (int s = 0; s < 40; s++) h.vs.advanceBy(Duration.ofSeconds(1));
      Map<String, Object> shown = h.call("GET", CREATE + "/" + id, null, ml).json();
      @SuppressWarnings("unchecked")
      Map<String, Object> scaling = (Map<String, Object>) shown.get("auto_scaling");
      assertThat(scaling).containsEntry("ready_instances", 1.0).containsEntry("desired_instances", 2.0);
      assertThat(shown.get("launch_refused").toString()).contains("team ml")
          .contains("would exceed max_concurrent_instances=1");
      assertThat(h.events.recent()).anySatisfy(e -> {
        assertThat(e.get("type")).isEqualTo("budget_blocked");
        assertThat(e.get("deployment").toString()).startsWith(id + "-");
      });
    }
  }

  @Test
  void aTeamQuota_holdsOverTheTeamsDeploymentsAndEndpointsTogether() {
    try (ServerHarness h = new ServerHarness(dir, EndpointStore.inMemory(),
        d -> d.quota(Quota.builder("ml").maxConcurrentInstances(2).build()))) {
      String ml = h.keys.create("ml", List.of("developer"), List.of("ml")).token();
      assertThat(h.call("POST", "/api/v1/deployments", "{\"id\": \"web\", \"template\": \"budget\", "
          + "\"replicas\": 1, \"spot_policy\": \"ON_DEMAND\"}", ml).status()).isLessThan(300);
      for (int s = 0; s < 40; s++) h.vs.advanceBy(Duration.ofSeconds(1));
      assertThat(h.sim.liveInstances()).as("the deployment's replica").hasSize(1);
      // the endpoints run on their own engine: it counts the deployment's instance from its listing
      Answer made = h.call("POST", CREATE, "{\"template\": \"qwen2.5-0.5b\", \"min_instances\": 2, "
          + "\"max_instances\": 2}", ml);
      String id = (String) made.json().get("id");
      for (int s = 0; s < 40; s++) h.vs.advanceBy(Duration.ofSeconds(1));
      assertThat(h.sim.liveInstances()).as("1 deployment replica + 1 endpoint replica: the team's limit is 2")
          .hasSize(2);
      Map<String, Object> shown = h.call("GET", CREATE + "/" + id, null, ml).json();
      assertThat(shown.get("launch_refused").toString()).contains("would exceed max_concurrent_instances=2");
    }
  }

  @Test
  void aRestartedServerOverTheSameStore_stillKnowsTheOwner() {
    Path store = dir.resolve("serverless");
    String ml;
    String ops;
    String id;
    try (ServerHarness h = new ServerHarness(dir, EndpointStore.files(store), d -> d)) {
      ml = h.keys.create("ml", List.of("developer"), List.of("ml")).token();
      ops = h.keys.create("ops", List.of("developer"), List.of("ops")).token();
      id = (String) h.call("POST", CREATE, "{\"template\": \"qwen2.5-0.5b\"}", ml).json().get("id");
    }
    // another process over the same files (API keys and endpoints): nothing shared in memory
    try (ServerHarness h = new ServerHarness(dir, EndpointStore.files(store), d -> d)) {
      assertThat(h.endpoints.get(id).spec().labels()).containsEntry(Labels.TEAM, "ml");
      Answer other = h.call("DELETE", CREATE + "/" + id, null, ops);
      assertThat(other.status()).isEqualTo(403);
      assertThat(other.json().get("detail").toString()).contains("gpu.delete").contains("team ml");
      assertThat(h.call("DELETE", CREATE + "/" + id, null, ml).status()).isEqualTo(200);
    }
  }
}
