package com.dumontcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exec}, {@code cp}, {@code logs}, {@code ssh --print} over real SSH into the persisted simulated cloud. */
class CliRemoteTest extends CliTestBase {
  @TempDir Path local;

  @AfterEach
  void closeSim() {
    CliContext.simulatedCloud().close(); // stops its SSH server; the base then forgets the cloud and the home
  }

  private String launch() {
    assertThat(run("instances", "launch", "--template", "budget", "--wait", "--json")).isZero();
    Map<String, Object> m = json();
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
