package com.dumontcloud.sdk.testkit.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmTraceTest {
  @TempDir Path dir;

  private Path csv(String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, body);
    return p;
  }

  @Test
  void loadsTheAzureFormatWithTimesRelativeToTheFirstRequest() throws IOException {
    LlmTrace t = LlmTrace.load(csv("AzureLLMInferenceTrace_code.csv", """
        TIMESTAMP,ContextTokens,GeneratedTokens
        2023-11-16 18:17:03.9799600,4808,10
        2023-11-16 18:17:04.0319600,3180,8
        2023-11-16 18:18:03.9799600,12,0
        """));
    assertThat(t.name()).isEqualTo("AzureLLMInferenceTrace_code");
    assertThat(t.requests()).containsExactly(new LlmRequest(0, 4808, 10), new LlmRequest(52, 3180, 8),
        new LlmRequest(60_000, 12, 0));
    assertThat(t.duration()).isEqualTo(Duration.ofMinutes(1));
    assertThat(t.arrivalsPerMinute()).containsExactly(2, 1);
    assertThat(t.head(Duration.ofSeconds(30)).size()).isEqualTo(2);
    assertThat(t.toJson()).containsEntry("requests", 3).containsEntry("duration_s", 60.0);
  }

  @Test
  void sortsRowsOutOfOrderAndAcceptsOtherFractionLengths() throws IOException {
    LlmTrace t = LlmTrace.load(csv("t.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n"
        + "2023-11-16 18:00:02.5,1,1\n\n2023-11-16 18:00:00,2,2\n"));
    assertThat(t.requests()).containsExactly(new LlmRequest(0, 2, 2), new LlmRequest(2500, 1, 1));
  }

  @Test
  void badInputGivesOneLineNamingFileAndLine() throws IOException {
    String h = "TIMESTAMP,ContextTokens,GeneratedTokens\n";
    assertThatThrownBy(() -> LlmTrace.load(csv("a.csv", h + "2023-11-16 18:00:00,12,x\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a.csv line 2").hasMessageContaining("GeneratedTokens 'x'")
        .hasMessageNotContaining("For input string");
    assertThatThrownBy(() -> LlmTrace.load(csv("b.csv", h + "yesterday,1,2\n")))
        .hasMessageContaining("b.csv line 2: TIMESTAMP 'yesterday'");
    assertThatThrownBy(() -> LlmTrace.load(csv("c.csv", h + "2023-11-16 18:00:00,1\n")))
        .hasMessageContaining("c.csv line 2: expected 3 comma-separated values");
    assertThatThrownBy(() -> LlmTrace.load(csv("d.csv", "time,in,out\n")))
        .hasMessageContaining("d.csv line 1: the header must be TIMESTAMP,ContextTokens,GeneratedTokens");
    assertThatThrownBy(() -> LlmTrace.load(csv("e.csv", ""))).hasMessageContaining("e.csv is empty");
    assertThatThrownBy(() -> LlmTrace.load(csv("f.csv", h))).hasMessageContaining("no requests");
    assertThatThrownBy(() -> LlmTrace.load(csv("g.csv", h + "2023-11-16 18:00:00,-5,1\n")))
        .hasMessageContaining("ContextTokens '-5'");
    assertThatThrownBy(() -> LlmTrace.load(dir.resolve("missing.csv"))).hasMessageContaining("missing.csv does not exist");
    Path binary = dir.resolve("bin.csv");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    assertThatThrownBy(() -> LlmTrace.load(binary)).hasMessageContaining("not UTF-8");
    for (String f : List.of("a.csv", "b.csv", "c.csv", "d.csv")) {
      try {
        LlmTrace.load(dir.resolve(f));
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).doesNotContain("\n");
      }
    }
  }

  @Test
  void syntheticTraceIsSeededAndBursty() {
    LlmTrace a = LlmTrace.synthetic(7, Duration.ofHours(1));
    assertThat(a.requests()).isEqualTo(LlmTrace.synthetic(7, Duration.ofHours(1)).requests());
    assertThat(a.requests()).isNotEqualTo(LlmTrace.synthetic(8, Duration.ofHours(1)).requests());
    int[] perMinute = a.arrivalsPerMinute();
    // a burst minute (10 rps for 30 s) against a background minute (0.5 rps)
    assertThat(perMinute[0]).isGreaterThan(200);
    assertThat(perMinute[5]).isBetween(10, 60);
    // silent for the 15 minutes before 45 min
    for (int m = 31; m < 44; m++) assertThat(perMinute[m]).isZero();
    assertThat(a.requests()).allSatisfy(q -> {
      assertThat(q.inputTokens()).isBetween(200, 1999);
      assertThat(q.outputTokens()).isBetween(20, 219);
    });
  }

  @Test
  void readsTheSharedAzureTracesWhenPresent() {
    Path d = Path.of("../../shared/traces/azure-llm-inference-2023");
    Assumptions.assumeTrue(Files.isDirectory(d), "no " + d.toAbsolutePath().normalize() + ": skipped (../shared absent)");
    LlmTrace code = LlmTrace.load(d.resolve("AzureLLMInferenceTrace_code.csv"));
    LlmTrace conv = LlmTrace.load(d.resolve("AzureLLMInferenceTrace_conv.csv"));
    // the counts the traces README gives
    assertThat(code.size()).isEqualTo(8819);
    assertThat(conv.size()).isEqualTo(19366);
    assertThat(code.duration()).isBetween(Duration.ofMinutes(56), Duration.ofMinutes(58));
    assertThat(code.toJson()).containsEntry("median_input_tokens", 1469).containsEntry("median_output_tokens", 13);
  }
}
