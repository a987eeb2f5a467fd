package com.dumontcloud.sdk.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.Template;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentSpecTest {
  static Template t() {
    return Template.builder("qwen2.5-0.5b", "vllm/vllm-openai").displayName("Qwen").port(8000).healthPath("/health")
        .minGpuRamGib(8).build();
  }

  @Test
  void toMap_fromMap_roundTrips() {
    DeploymentSpec s = DeploymentSpec.builder("svc", t()).replicas(3).spotPolicy(SpotPolicy.AUTO)
        .warmPool(WarmPoolPolicy.of(1, WarmPoolPolicy.Mode.STOPPED)).standby(StandbyPolicy.cpuSpot())
        .checkpointInterval(Duration.ofMinutes(5)).hibernation(HibernationPolicy.defaults())
        .budget(Budget.of(2, 20, Duration.ofDays(1))).priority(3).label("team", "ml").build();
    assertThat(DeploymentSpec.fromMap(s.toMap())).isEqualTo(s);
  }

  @Test
  void fromMap_missingImage_namesTheField() {
    assertThatThrownBy(() -> DeploymentSpec.fromMap(Map.of("id", "x", "template", Map.of("name", "nope"))))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("template.image");
  }

  @Test
  void idempotencyKey_isLabelSafe() {
    assertThat(Orchestrator.idempotencyKey("svc", "r0", 3)).isEqualTo("svc_r0_3").matches("[a-z0-9_-]{1,63}");
    assertThat(Orchestrator.idempotencyKey("a".repeat(40), "w0", 12345)).hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void events_haveStableJson_withDurationsInSeconds() {
    var e = new EngineEvent.FailoverCompleted(java.time.Instant.EPOCH, "svc", "r0", "COLD", "a", "b",
        Map.of("detect", Duration.ofMillis(3500)), Duration.ofMillis(3500), Duration.ofSeconds(45), null, null);
    assertThat(e.toMap()).containsEntry("type", "failover_completed").containsEntry("detect", 3.5)
        .containsEntry("timings", Map.of("detect", 3.5));
    assertThat(e.toJson()).isInstanceOf(String.class).startsWith("{\"type\":\"failover_completed\",")
        .contains("\"detect\":3.5").doesNotContain("\n");
  }
}
