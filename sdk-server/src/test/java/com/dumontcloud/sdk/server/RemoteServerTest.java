package com.dumontcloud.sdk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.serverless.EndpointSpec;
import com.dumontcloud.sdk.serverless.MachineType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deployments and endpoints through RemoteServer: the same statuses as the embedded orchestrator answers. */
class RemoteServerTest {
  @TempDir Path dir;

  @Test
  void deploymentsAndEndpointsRemotely() {
    try (ServerHarness h = new ServerHarness(dir); RemoteServer remote = RemoteServer.connect(h.server.uri(), h.key)) {
      DeploymentSpec spec = DeploymentSpec.fromMap(Map.of("id", "web", "template", "budget", "replicas", 1));
      DeploymentStatus applied = remote.deployments().apply(spec);
      // applied on behalf of the key's principal: the same spec, labelled with who owns it
      String subject = "key:" + h.keys.list().get(0).id();
      assertThat(applied.spec()).isEqualTo(spec.toBuilder().label(com.dumontcloud.sdk.model.Labels.PRINCIPAL, subject)
          .build());
      for (int i = 0; i < 120 && h.engine.get("web").orElseThrow().healthyReplicas() < 1; i++) {
        h.vs.advanceBy(Duration.ofSeconds(1));
      }
      DeploymentStatus embedded = h.engine.get("web").orElseThrow();
      DeploymentStatus viaApi = remote.deployments().get("web").orElseThrow();
      assertThat(viaApi.healthyReplicas()).isEqualTo(embedded.healthyReplicas()).isEqualTo(1);
      assertThat(viaApi.slots()).isEqualTo(embedded.slots());
      assertThat(viaApi.phase()).isEqualTo(embedded.phase());
      assertThat(remote.deployments().list()).extracting(DeploymentStatus::id).containsExactly("web");
      remote.deployments().delete("web");
      assertThat(remote.deployments().get("web")).isEmpty();
      assertThat(remote.dumont().instances().list()).isNotNull();

      Map<String, Object> ep = remote.endpoints().create(EndpointSpec.builder(TemplateCatalog.get("qwen2.5-0.5b"))
          .replicas(0, 2).machineType(MachineType.SPOT).idleTimeout(Duration.ofMinutes(2)).build());
      String id = (String) ep.get("id");
      assertThat(remote.endpoints().openAiUrl(id).toString()).isEqualTo(ep.get("url"));
      assertThat(remote.endpoints().list()).extracting(e -> e.get("id")).containsExactly(id);
      assertThat(((Number) remote.endpoints().stats().get("total_endpoints")).intValue()).isEqualTo(1);
      remote.endpoints().delete(id);
      assertThat(remote.endpoints().list()).isEmpty();
      assertThatThrownBy(() -> remote.deployments().apply(DeploymentSpec.fromMap(Map.of("id", "x", "template",
          "budget", "replicas", 1, "budget", Map.of("max_per_hour", -1)))))
          .isInstanceOfAny(InvalidRequestException.class, com.dumontcloud.sdk.exception.InvalidSpecException.class);
    }
  }
}
