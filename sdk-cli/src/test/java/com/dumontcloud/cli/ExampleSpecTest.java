package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.FailoverStrategy;
import com.dumontcloud.sdk.engine.SpotPolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The example spec the README points at parses into what its comments say. */
class ExampleSpecTest {
  @Test
  void qwenServiceYaml_parsesIntoTheDocumentedSpec() {
    DeploymentSpec s = DeploymentSpec.fromMap(
        DeploymentsCommand.Apply.readSpec(Path.of("..", "examples", "deployments", "qwen-service.yaml")));
    assertThat(s.id()).isEqualTo("qwen-chat");
    assertThat(s.replicas()).isEqualTo(2);
    assertThat(s.spotPolicy()).isEqualTo(SpotPolicy.AUTO);
    assertThat(s.failover().strategies())
        .containsExactly(FailoverStrategy.WARM_POOL, FailoverStrategy.CPU_STANDBY, FailoverStrategy.COLD);
    assertThat(s.failover().coolDown()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.template().name()).isEqualTo("qwen2.5-0.5b");
    assertThat(s.labels()).containsEntry("team", "inference");
  }
}
