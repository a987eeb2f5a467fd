package com.dumontcloud.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.engine.DeploymentStatus;
import com.dumontcloud.sdk.engine.Orchestrator;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.vast.FakeVastServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every Java block of the README is one of this package's sources, verbatim (so they cannot drift), and runs as
 * written on the simulated cloud: the engine's and the serverless snippets become healthy with no extra wiring.
 */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
      .toAbsolutePath().getParent();
  private static final Path SOURCES = ROOT.resolve("examples/src/main/java/com/dumontcloud/examples/readme");
  private static final List<String> ORDER = List.of("ReadmeClient", "ReadmeEngine", "ReadmeServerless",
      "ReadmeTestkit");

  @Test
  void readmeJavaBlocks_equalTheExampleSources() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("(?ms)^```java\\n(.*?)^```").matcher(readme);
    while (m.find()) blocks.add(normalise(m.group(1)));
    List<String> sources = new ArrayList<>();
    for (String name : ORDER) sources.add(snippet(Files.readString(SOURCES.resolve(name + ".java"))));

    assertThat(blocks).as("README.md's ```java blocks, in order, against examples/.../readme/*.java between"
        + " README:begin and README:end").containsExactlyElementsOf(sources);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void client_runsOnSim_withVastOnALoopbackFake_andReportsEachStateOnce() {
    try (FakeVastServer vast = FakeVastServer.start().apiKey(null)) {
      System.setProperty("dumont.vast.base-url", vast.baseUrl());
      System.setProperty("dumont.sim.boot", "fast");
      String out = stdout(() -> ReadmeClient.main(new String[0]));
      List<String> states = out.lines().filter(l -> l.matches("[A-Z_]+")).toList();
      assertThat(states).last().isEqualTo("RUNNING");
      assertThat(states).doesNotHaveDuplicates(); // on state changes, not on every poll
      assertThat(out).contains(" so far, ").contains("/month");
    } finally {
      System.clearProperty("dumont.vast.base-url");
      System.clearProperty("dumont.sim.boot");
    }
  }

  @Test
  void engine_becomesHealthyOnSim_withTheDefaultProbe() throws IOException {
    Path journal = Path.of("engine.jsonl");
    Files.deleteIfExists(journal);
    VirtualScheduler time = VirtualScheduler.create();
    try (Dumont dumont = Dumont.builder().scheduler(time).provider("sim").build();
        Orchestrator engine = ReadmeEngine.start(dumont)) {
      DeploymentStatus s = engine.get("chat").orElseThrow();
      for (int i = 0; i < 120 && s.healthyReplicas() < 2; i++) {
        time.advanceBy(Duration.ofSeconds(5));
        s = engine.get("chat").orElseThrow();
      }
      assertThat(s.healthyReplicas()).as("healthy replicas of 'chat' after %s", Duration.ofSeconds(5L * 120))
          .isEqualTo(2);
      engine.delete("chat");
    } finally {
      Files.deleteIfExists(journal);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void serverless_answersFromZeroOnSim_withTheDefaultModelServers() {
    try (Dumont dumont = Dumont.builder().provider("sim", s -> s.set("boot", "fast")).build()) {
      String out = ReadmeServerless.run(dumont);
      assertThat(out).isNotBlank().contains("requests 1");
    }
  }

  @Test
  void testkit_48SimulatedHoursThenAnInterruption() {
    assertThat(ReadmeTestkit.run()).isIn("interrupted", "terminated");
  }

  /** The lines between {@code // README:begin} and {@code // README:end}, without their common indent. */
  static String snippet(String source) {
    Matcher m = Pattern.compile("(?ms)^[ \\t]*// README:begin\\n(.*?)^[ \\t]*// README:end").matcher(source);
    assertThat(m.find()).as("README:begin/end markers").isTrue();
    return normalise(m.group(1));
  }

  private static String normalise(String block) {
    List<String> lines = block.lines().map(String::stripTrailing).toList();
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
        .min().orElse(0);
    StringBuilder sb = new StringBuilder();
    for (String l : lines) sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
    return sb.toString().strip();
  }

  private static String stdout(Runnable r) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
