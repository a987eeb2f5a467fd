package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exec}, {@code cp}, {@code logs}, {@code ssh --print} over real SSH into the persisted simulated cloud. */
class CliRemoteTest {
  @TempDir Path home;
  @TempDir Path local;
  private final PrintStream out0 = System.out;
  private final PrintStream err0 = System.err;
  private ByteArrayOutputStream out;
  private ByteArrayOutputStream err;

  @BeforeEach
  void setUp() {
    System.setProperty("dumont.home", home.toString());
    CliContext.reset();
  }

  @AfterEach
  void tearDown() {
    System.setOut(out0);
    System.setErr(err0);
    CliContext.simulatedCloud().close();
    System.clearProperty("dumont.home");
    CliContext.reset();
  }

  private int run(String... args) {
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

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private String launch() {
    assertThat(run("instances", "launch", "--template", "budget", "--wait", "--json")).isZero();
    Map<String, Object> m = (Map<String, Object>) MoshiJsonCodec.get().parse(stdout());
    Object id = m.get("instance_id") != null ? m.get("instance_id") : m.get("id");
    return String.valueOf(id);
  }

  @Test
  void exec_printsOutput_andExitsWithTheRemoteStatus() {
    String id = launch();
    assertThat(run("exec", id, "--", "echo", "hello-cli")).isZero();
    assertThat(stdout()).isEqualTo("hello-cli\n");
    assertThat(run("exec", id, "--", "echo oops >&2; exit 7")).isEqualTo(7);
    assertThat(stderr()).contains("oops");
    assertThat(run("exec", id, "--timeout", "0", "--", "true")).isEqualTo(1);
    assertThat(stderr()).contains("--timeout must be a positive number of seconds");
  }

  @Test
  void cp_uploadsAndDownloads_andLogsReadAFile() throws Exception {
    String id = launch();
    Path src = local.resolve("in.bin");
    byte[] bytes = new byte[300_000];
    new java.util.Random(3).nextBytes(bytes);
    Files.write(src, bytes);
    assertThat(run("cp", src.toString(), id + ":work/in.bin")).as(stderr()).isZero();
    assertThat(run("exec", id, "--", "wc -c < work/in.bin")).isZero();
    assertThat(stdout().trim()).isEqualTo("300000");
    Path back = local.resolve("back");
    Files.createDirectories(back);
    assertThat(run("cp", id + ":work/in.bin", back.toString())).as(stderr()).isZero();
    assertThat(Files.readAllBytes(back.resolve("in.bin"))).isEqualTo(bytes);
    assertThat(run("cp", src.toString(), back.toString())).isEqualTo(1);
    assertThat(stderr()).contains("exactly one remote side");

    assertThat(run("exec", id, "--", "printf 'a\\nb\\nc\\n' > workload.log")).isZero();
    assertThat(run("logs", id, "--tail", "2")).isZero();
    assertThat(stdout()).isEqualTo("b\nc\n");
  }

  @Test
  void sshPrint_givesAnOpenSshCommandWithThePinnedKnownHostsFile() {
    String id = launch();
    assertThat(run("ssh", id, "--print")).as(stderr()).isZero();
    assertThat(stdout()).startsWith("ssh ").contains("StrictHostKeyChecking=yes").contains("UserKnownHostsFile=")
        .contains(id + "@127.0.0.1");
    assertThat(stdout()).doesNotContain("PRIVATE KEY");
  }
}
