package com.dumontcloud.cli;

import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Runs the CLI in process with its own {@code $DUMONT_HOME} and captures what it prints. */
abstract class CliTestBase {
  @TempDir Path home;
  private final PrintStream out0 = System.out;
  private final PrintStream err0 = System.err;
  private ByteArrayOutputStream out;
  private ByteArrayOutputStream err;

  @BeforeEach
  void useHome() {
    System.setProperty("dumont.home", home.toString());
    CliContext.reset();
  }

  @AfterEach
  void restore() {
    System.setOut(out0);
    System.setErr(err0);
    System.clearProperty("dumont.home");
    CliContext.reset();
  }

  int run(String... args) {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return DumontCli.execute(args);
    } finally {
      System.setOut(out0);
      System.setErr(err0);
    }
  }

  String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> json() {
    return (Map<String, Object>) MoshiJsonCodec.get().parse(stdout());
  }
}
