package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.access.Principal;
import com.dumontcloud.sdk.access.Quota;
import com.dumontcloud.sdk.access.Role;
import com.dumontcloud.sdk.audit.InMemoryAuditSink;
import com.dumontcloud.sdk.exception.AccessDeniedException;
import com.dumontcloud.sdk.exception.QuotaExceededException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.server.ServerHarness.Answer;
import com.dumontcloud.sdk.server.internal.RoutePermissions;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessControlTest {
  @TempDir Path dir;

  @Test
  void everyRouteButThePublicOnes_answers403WithoutItsPermission() {
    try (ServerHarness h = new ServerHarness(dir)) {
      assertThat(h.server.routes()).containsExactlyInAnyOrderElementsOf(RoutePermissions.all().keySet());
      assertThat(RoutePermissions.all().entrySet().stream().filter(e -> e.getValue().isPublic()).map(Map.Entry::getKey))
          .containsExactlyInAnyOrder("GET /healthz", "GET /", "GET /dashboard/{*file}", "GET /webjars/{*file}");
      String none = h.keys.create("none", List.of("no-such-role"), List.of()).token(); // authenticated, no permission
      int checked = 0;
      for (String route : h.server.routes()) {
        RoutePermissions.Rule rule = RoutePermissions.of(route.substring(0, route.indexOf(' ')),
            route.substring(route.indexOf(' ') + 1));
        if (rule.isPublic()) continue;
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{\\*?[a-z_]+}", "x");
        Answer a = h.call(method, path, method.equals("GET") || method.equals("DELETE") ? null : "{}", none);
        assertThat(a.status()).as(route).isEqualTo(403);
        assertThat(a.json().get("detail").toString()).as(route)
            .contains("lacks permission " + rule.permission().name());
        checked++;
      }
      assertThat(checked).isGreaterThan(40);
    }
  }

  @Test
  void developersDeleteOnlyTheirTeamsInstances_viewersLaunchNothing() {
    try (ServerHarness h = new ServerHarness(dir)) {
      String ml = h.keys.create("ml", List.of("developer"), List.of("ml")).token();
      String ops = h.keys.create("ops", List.of("developer"), List.of("ops")).token();
      String viewer = h.keys.create("v", List.of("viewer"), List.of()).token();
      Answer denied = h.call("POST", "/api/vast/instances", "{\"template_name\": \"budget\"}", viewer);
      assertThat(denied.status()).isEqualTo(403);
      assertThat(denied.json().get("detail").toString()).contains("lacks permission gpu.provision");
      Answer made = h.call("POST", "/api/vast/instances", "{\"template_name\": \"budget\"}", ml);
      assertThat(made.status()).as(made.body()).isEqualTo(200);
      String id = String.valueOf(made.json().get("instance_id") != null ? made.json().get("instance_id")
          : made.json().get("id"));
      Instance i = h.dumont.instances().get(id);
      assertThat(i.labels()).containsEntry(Labels.TEAM, "ml").containsKey(Labels.PRINCIPAL);
      Answer other = h.call("DELETE", "/api/vast/instances/" + id, null, ops);
      assertThat(other.status()).isEqualTo(403);
      assertThat(other.json().get("detail").toString()).contains("gpu.delete").contains("team ml");
      assertThat(h.call("DELETE", "/api/vast/instances/" + id, null, ml).status()).isEqualTo(200);
    }
  }

  @Test
  void boundClient_checksNamesThePermission_labelsLaunches_recordsThePrincipal_andEnforcesQuotas() {
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(VirtualScheduler.create()).seed(3).build();
    InMemoryAuditSink audit = InMemoryAuditSink.create();
    try (Dumont d = Dumont.builder().scheduler(sim.scheduler()).home(dir).providerFactories(List.of(sim.factory()))
        .provider("sim").auditSink(audit).quota(Quota.builder("ml").maxConcurrentInstances(1).build()).build()) {
      Principal viewer = Principal.builder("vic").role(Role.VIEWER).build();
      assertThat(d.as(viewer).instances().list()).isNotNull();
      assertThatThrownBy(() -> d.as(viewer).instances().launch(LaunchSpec.fromTemplate("budget").build()))
          .isInstanceOf(AccessDeniedException.class).hasMessageContaining("vic")
          .hasMessageContaining("lacks permission gpu.provision");
      Principal alice = Principal.builder("alice").team("ml").role(Role.DEVELOPER).build();
      Instance i = d.as(alice).instances().launch(LaunchSpec.fromTemplate("budget").build());
      assertThat(i.labels()).containsEntry(Labels.PRINCIPAL, "alice").containsEntry(Labels.TEAM, "ml");
      assertThat(audit.records()).anySatisfy(r -> {
        assertThat(r.operation()).isEqualTo("launch");
        assertThat(r.principal()).isEqualTo("alice");
        assertThat(r.teams()).containsExactly("ml");
      });
      // the team's quota: one concurrent instance
      assertThatThrownBy(() -> d.as(alice).instances().launch(LaunchSpec.fromTemplate("budget").build()))
          .isInstanceOf(QuotaExceededException.class)
          .hasMessageContaining("team ml: 2 instances would exceed max_concurrent_instances=1");
      // the unbound client is unchanged: no checks, no labels
      Instance plain = d.instances().launch(LaunchSpec.fromTemplate("budget").build());
      assertThat(plain.labels()).doesNotContainKeys(Labels.PRINCIPAL, Labels.TEAM);
      Principal bob = Principal.builder("bob").team("ops").role(Role.DEVELOPER).build();
      assertThatThrownBy(() -> d.as(bob).instances().destroy(i.id())).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("gpu.delete");
      d.as(alice).instances().destroy(i.id());
    }
  }
}
