package com.dumontcloud.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every example runs to completion and prints what it promises. */
class ExamplesRunTest {
  private static String run(Runnable main) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      main.run();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void quickStart_launchesAndReportsCost() {
    String out = run(() -> SimulatedCloudQuickStart.main(new String[0]));
    assertThat(out).contains("offers; best:").contains("running").contains("ran 2.00 h for $");
  }

  @Test
  void engineExample_recoversFromTheInterruption() {
    String out = run(() -> EngineFailoverExample.main(new String[0]));
    assertThat(out).contains("failover_completed").contains("healthy replicas after the interruption: 1");
  }
}
