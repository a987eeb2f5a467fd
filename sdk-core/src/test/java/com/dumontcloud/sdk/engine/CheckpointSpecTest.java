package com.dumontcloud.sdk.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code checkpoint:} block of a deployment spec: parsing, defaults, round trip, and errors naming the field. */
class CheckpointSpecTest {
  private static Map<String, Object> spec(Map<String, Object> checkpoint) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", "chat");
    m.put("template", "qwen2.5-0.5b");
    m.put("checkpoint", checkpoint);
    return m;
  }

  @Test
  void yamlBlock_parses_defaultsTheInterval_andRoundTrips() {
    DeploymentSpec s = DeploymentSpec.fromMap(spec(Map.of("store", "s3://my-bucket/dumont/", "endpoint",
        "https://acc.r2.cloudflarestorage.com", "region", "auto", "paths", List.of("data", "models/a.bin"),
        "command", "sync", "keep", 3)));
    CheckpointSpec c = s.checkpoint();
    assertThat(c.bucket()).isEqualTo("my-bucket");
    assertThat(c.prefix()).isEqualTo("dumont");
    assertThat(c.paths()).containsExactly("data", "models/a.bin");
    assertThat(c.keep()).isEqualTo(3);
    assertThat(s.checkpointInterval()).isEqualTo(DeploymentSpec.DEFAULT_CHECKPOINT_INTERVAL);
    assertThat(DeploymentSpec.fromMap(s.toMap())).isEqualTo(s);

    DeploymentSpec withInterval = DeploymentSpec.fromMap(spec(Map.of("store", "s3://b", "paths", "state",
        "interval", 45)));
    assertThat(withInterval.checkpointInterval()).isEqualTo(Duration.ofSeconds(45));
    assertThat(withInterval.checkpoint().prefix()).isEmpty();
    assertThat(withInterval.checkpoint().keep()).isEqualTo(CheckpointSpec.DEFAULT_KEEP);
  }

  @Test
  void badBlocks_failWithTheFieldNamed() {
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec(Map.of("paths", List.of("x")))))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("checkpoint.store");
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec(Map.of("store", "my-bucket", "paths", List.of("x")))))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("s3://bucket/prefix");
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec(Map.of("store", "s3://b"))))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("checkpoint.paths");
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec(Map.of("store", "s3://b", "paths", List.of("x"),
        "keep", 0)))).isInstanceOf(InvalidSpecException.class).hasMessageContaining("checkpoint.keep");
    assertThatThrownBy(() -> DeploymentSpec.fromMap(spec(Map.of("store", "s3://b", "paths", List.of("x"),
        "endpoint", "ftp://host")))).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("checkpoint.endpoint");
  }
}
