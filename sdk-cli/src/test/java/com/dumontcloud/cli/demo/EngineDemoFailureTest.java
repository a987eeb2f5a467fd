package com.dumontcloud.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.testkit.FaultPlan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The demo tells only what happened: when the failover it shows cannot happen, it says so and exits non-zero. */
class EngineDemoFailureTest {
  @Test
  void demoFailsWhenNoReplacementCanBeHad() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    // no capacity anywhere and stopped warm members never get their GPU back: no failover can complete
    int rc = EngineDemo.run(new PrintStream(buf, true, StandardCharsets.UTF_8), false, 42,
        cloud -> cloud.faults(FaultPlan.none().withStockouts(Set.of("*")).withStartQueueDelay(Duration.ofDays(1))));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(rc).isEqualTo(1);
    assertThat(out).contains("demo FAILED: expected a completed failover within 10 min of the interruption of")
        .doesNotContain("FAILOVER COMPLETED");
  }
}
