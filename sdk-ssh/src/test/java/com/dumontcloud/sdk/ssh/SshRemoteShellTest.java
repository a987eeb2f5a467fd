package com.dumontcloud.sdk.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.remote.ExecOptions;
import com.dumontcloud.sdk.remote.ExecResult;
import com.dumontcloud.sdk.remote.HostKeyMismatchException;
import com.dumontcloud.sdk.remote.RemoteException;
import com.dumontcloud.sdk.remote.RemoteShellContext;
import com.dumontcloud.sdk.remote.RemoteTimeoutException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshRemoteShellTest {
  static final Duration T = Duration.ofSeconds(20);

  @TempDir Path dir;
  SimSsh sim;

  @BeforeEach
  void setUp() {
    sim = new SimSsh(dir);
  }

  @AfterEach
  void tearDown() {
    sim.close();
  }

  @Test
  void exec_echoExitCodesAndStderr() {
    Instance i = sim.running();
    SshRemoteShell shell = sim.shell();
    ExecResult r = shell.exec(i, "echo hello; echo oops >&2", T);
    assertThat(r.exitCode()).isZero();
    assertThat(r.ok()).isTrue();
    assertThat(r.stdout()).isEqualTo("hello\n");
    assertThat(r.stderr()).isEqualTo("oops\n");
    assertThat(r.truncated()).isFalse();
    assertThat(shell.exec(i, "exit 3", T).exitCode()).isEqualTo(3);
    assertThat(shell.exec(i, "kill -9 $$", T).exitCode()).isEqualTo(137);
    // cwd and HOME are the instance home
    assertThat(shell.exec(i, "pwd; echo $HOME", T).stdout().lines().distinct().toList())
        .containsExactly(sim.cloud.home(i.id()).toString());
  }

  @Test
  void exec_outputBoundedAndTruncated_sinkGetsEverything() {
    Instance i = sim.running();
    SshRemoteShell shell = sim.shell();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    ExecResult r = shell.exec(i, "head -c 200000 /dev/zero | tr '\\0' x",
        ExecOptions.timeout(T).maxOutputBytes(1000).streamTo(sink, null));
    assertThat(r.stdout()).hasSize(1000).matches("x+");
    assertThat(r.truncated()).isTrue();
    assertThat(sink.size()).isEqualTo(200_000);
  }

  @Test
  void exec_timeout_killsTheCommandQuickly() throws Exception {
    Instance i = sim.running();
    SshRemoteShell shell = sim.shell();
    shell.exec(i, "true", T); // connect first
    Path marker = sim.cloud.home(i.id()).resolve("slept");
    long t0 = System.nanoTime();
    RemoteTimeoutException e = catchThrowableOfType(
        () -> shell.exec(i, "sleep 30; touch slept", Duration.ofSeconds(1)), RemoteTimeoutException.class);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(e).hasMessageContaining(i.id()).hasMessageContaining("1 s").hasMessageContaining("killed");
    assertThat(ms).isLessThan(8_000);
    // the session is still usable and the command did not survive
    assertThat(shell.exec(i, "echo again", T).stdout()).isEqualTo("again\n");
    assertThat(marker).doesNotExist();
  }

  @Test
  void exec_stdin() {
    Instance i = sim.running();
    SshRemoteShell shell = sim.shell();
    ExecResult r = shell.exec(i, "tr a-z A-Z",
        ExecOptions.timeout(T).stdin(new ByteArrayInputStream("hello stdin\n".getBytes(StandardCharsets.UTF_8))));
    assertThat(r.stdout()).isEqualTo("HELLO STDIN\n");
    // without stdin a reading command sees end of input at once
    assertThat(shell.exec(i, "cat; echo done", T).stdout()).isEqualTo("done\n");
  }

  @Test
  void uploadDownload_roundTripOfSomeMegabytes_sameSha256() throws Exception {
    Instance i = sim.running();
    SshRemoteShell shell = sim.shell();
    byte[] data = new byte[3 * 1024 * 1024 + 123];
    new Random(1).nextBytes(data);
    Path local = dir.resolve("blob.bin");
    Files.write(local, data);
    shell.upload(i, local, "data/in/blob.bin", T);
    assertThat(sim.cloud.home(i.id()).resolve("data/in/blob.bin")).hasSize(data.length);
    assertThat(shell.exec(i, "sha256sum data/in/blob.bin | cut -d' ' -f1", T).stdout().strip()).isEqualTo(sha256(data));
    Path back = dir.resolve("out/sub/back.bin");
    shell.download(i, "data/in/blob.bin", back, T);
    assertThat(sha256(Files.readAllBytes(back))).isEqualTo(sha256(data));
  }

  @Test
  void download_missingFile_oneLineMessageNamingInstanceAndPath() {
    Instance i = sim.running();
    SshRemoteShell shell = sim.shell();
    RemoteException e = catchThrowableOfType(() -> shell.download(i, "nope/missing.txt", dir.resolve("x"), T),
        RemoteException.class);
    assertThat(e.getMessage()).contains(i.id()).contains("nope/missing.txt").contains("no such file")
        .doesNotContain("Exception").doesNotContain("\n");
    assertThat(dir.resolve("x")).doesNotExist();
    assertThatThrownBy(() -> shell.upload(i, dir.resolve("absent.bin"), "a.bin", T))
        .isInstanceOf(RemoteException.class).hasMessageContaining("absent.bin").hasMessageContaining("does not exist");
  }

  @Test
  void key_generatedOnce0600_reusedBySecondShellOnSameHome() throws Exception {
    Instance i = sim.running();
    SshRemoteShell a = sim.shell();
    a.exec(i, "true", T);
    Path key = sim.home.resolve("ssh/default/id_ed25519");
    assertThat(key).exists();
    assertThat(a.privateKeyFile()).isEqualTo(key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent()))).isEqualTo("rwx------");
    String pub = Files.readString(key.resolveSibling("id_ed25519.pub")).strip();
    assertThat(pub).startsWith("ssh-ed25519 AAAA").endsWith(" dumont-default");
    assertThat(a.publicKey()).isEqualTo(pub);
    String privateText = Files.readString(key);
    assertThat(sim.home.resolve("ssh/installed/sim/" + i.id())).exists();

    SshRemoteShell b = sim.shell();
    assertThat(b.exec(i, "echo second", T).stdout()).isEqualTo("second\n");
    assertThat(b.publicKey()).isEqualTo(pub);
    assertThat(Files.readString(key)).isEqualTo(privateText);
    // installed once: one authorized key
    assertThat(Files.readAllLines(sim.cloud.home(i.id()).resolve(".ssh/authorized_keys"))).hasSize(1);
  }

  @Test
  void userPrivateKey_isUsedInsteadOfGeneratedOne() throws Exception {
    Instance i = sim.running();
    // a key generated by another home acts as "the user's own" key
    SshRemoteShell other = SshRemoteShell.create(new RemoteShellContext(id -> Optional.of(sim.cloud),
        dir.resolve("other-home"), "mine", null, sim.time));
    Path own = other.privateKeyFile();
    other.close();
    SshRemoteShell shell = SshRemoteShell.create(sim.context(own));
    try {
      assertThat(shell.exec(i, "echo own", T).stdout()).isEqualTo("own\n");
      assertThat(shell.privateKeyFile()).isEqualTo(own);
      assertThat(sim.home.resolve("ssh/default/id_ed25519")).doesNotExist();
    } finally {
      shell.close();
    }
  }

  @Test
  void hostKey_pinnedOnFirstUse_rotatedKeyRefused() throws Exception {
    Instance i = sim.running();
    SshRemoteShell a = sim.shell();
    a.exec(i, "true", T);
    Path pinned = sim.home.resolve("ssh/known_hosts/sim/" + i.id());
    assertThat(a.knownHostsFile(i)).isEqualTo(pinned);
    String line = Files.readString(pinned).strip();
    assertThat(line).startsWith("[127.0.0.1]:" + sim.cloud.sshServer().port() + " ecdsa-sha2-nistp256 AAAA");

    sim.cloud.sshServer().rotateHostKey();
    SshRemoteShell b = sim.shell(); // a new process: no cached session
    HostKeyMismatchException e = catchThrowableOfType(() -> b.exec(i, "echo should-not-run", T),
        HostKeyMismatchException.class);
    assertThat(e.getMessage()).contains(i.id()).containsPattern("SHA256:\\S+ but SHA256:\\S+").contains(pinned.toString())
        .doesNotContain("\n");
    assertThat(Files.readString(pinned).strip()).isEqualTo(line); // the pin is not replaced
  }

  @Test
  void interruptedInstance_execRefusedWithClearMessage() {
    Instance i = sim.running();
    SshRemoteShell shell = sim.shell();
    shell.exec(i, "true", T);
    sim.cloud.interrupt(i.id());
    RemoteException e = catchThrowableOfType(() -> shell.exec(i, "echo hi", T), RemoteException.class);
    assertThat(e.getMessage()).contains(i.id()).contains("not running").doesNotContain("Exception");
    // and the server refuses it too, even to a client that knows the port
    assertThat(sim.cloud.sshEndpoint(i)).isEmpty();
  }

  @Test
  void providerWithoutSshAccess_clearMessage() {
    Instance i = sim.running();
    SshRemoteShell shell = SshRemoteShell.create(new RemoteShellContext(id -> Optional.empty(), sim.home, "default",
        null, sim.time));
    try {
      assertThatThrownBy(() -> shell.exec(i, "true", T)).isInstanceOf(RemoteException.class)
          .hasMessageContaining("provider 'sim'").hasMessageContaining("no SSH access");
    } finally {
      shell.close();
    }
  }

  @Test
  void sessions_reusedAcrossThreads() throws Exception {
    Instance i = sim.running();
    SshRemoteShell shell = sim.shell();
    List<Thread> threads = new ArrayList<>();
    List<String> outs = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int n = 0; n < 6; n++) {
      int k = n;
      Thread t = new Thread(() -> outs.add(shell.exec(i, "echo " + k, T).stdout().strip()));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) t.join(30_000);
    assertThat(outs).containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5");
    assertThat(Files.readAllLines(sim.cloud.home(i.id()).resolve(".ssh/authorized_keys"))).hasSize(1);
  }

  @Test
  void recordsLog_materialisedPerVirtualSecond_restoreDoesNotFillTheGap() throws Exception {
    Instance a = sim.running();
    SshRemoteShell shell = sim.shell();
    int first = lines(shell, a);
    assertThat(first).isEqualTo(6); // healthy from +25 s (inclusive), now +30 s: one record per second 25..30
    sim.time.advanceBy(Duration.ofSeconds(10));
    assertThat(lines(shell, a)).isEqualTo(first + 10);
    List<String> recs = Files.readAllLines(sim.cloud.home(a.id()).resolve("state/records.log"));
    assertThat(recs).allMatch(l -> l.matches("\\d+ " + a.id()));
    for (int k = 1; k < recs.size(); k++) {
      assertThat(epoch(recs.get(k))).isEqualTo(epoch(recs.get(k - 1)) + 1);
    }
    // checkpoint: the archive of A's file
    Path archive = dir.resolve("archive.log");
    shell.download(a, "state/records.log", archive, T);
    long archiveLast = epoch(Files.readAllLines(archive).get(Files.readAllLines(archive).size() - 1));
    sim.time.advanceBy(Duration.ofSeconds(20));
    sim.cloud.interrupt(a.id());
    sim.time.advanceBy(Duration.ofSeconds(15));

    Instance b = sim.running();
    shell.upload(b, archive, "state/records.log", T); // restore onto the replacement
    sim.time.advanceBy(Duration.ofSeconds(5));
    List<String> after = Files.readAllLines(sim.cloud.home(b.id()).resolve("state/records.log"));
    assertThat(lines(shell, b)).isEqualTo(after.size() + 5);
    List<String> all = Files.readAllLines(sim.cloud.home(b.id()).resolve("state/records.log"));
    List<String> bLines = all.stream().filter(l -> l.endsWith(" " + b.id())).toList();
    assertThat(bLines).hasSize(5);
    assertThat(all.subList(0, all.size() - 5)).allMatch(l -> l.endsWith(" " + a.id()));
    // B continues from its own position: the gap after the archive is never filled
    assertThat(epoch(bLines.get(0))).isGreaterThan(archiveLast + 30);
    assertThat(epoch(bLines.get(4))).isEqualTo(sim.time.now().getEpochSecond());
  }

  @Test
  void dumontRemote_findsTheFactoryByServiceLoader() {
    Instance i = sim.running();
    try (Dumont d = Dumont.builder().scheduler(sim.time).home(sim.home).providerFactories(List.of(sim.cloud.factory()))
        .provider("sim").build()) {
      assertThat(d.remote()).isInstanceOf(SshRemoteShell.class);
      assertThat(d.instances().exec(i.id(), "echo via-dumont", T).stdout()).isEqualTo("via-dumont\n");
    }
  }

  @Test
  void sshCommand_argvForOpenSsh_worksWithTheRealClient() throws Exception {
    Instance i = sim.running();
    SshRemoteShell shell = sim.shell();
    List<String> argv = shell.sshCommand(i);
    Path pinned = sim.home.resolve("ssh/known_hosts/sim/" + i.id());
    int port = sim.cloud.sshServer().port();
    assertThat(argv).containsExactly("ssh", "-i", sim.home.resolve("ssh/default/id_ed25519").toAbsolutePath().toString(),
        "-o", "IdentitiesOnly=yes", "-o", "UserKnownHostsFile=" + pinned.toAbsolutePath(), "-o",
        "StrictHostKeyChecking=yes", "-p", String.valueOf(port), i.id() + "@127.0.0.1");
    assertThat(pinned).exists();
    Assumptions.assumeTrue(onPath("ssh"), "OpenSSH client not installed");
    List<String> cmd = new ArrayList<>(argv);
    cmd.addAll(1, List.of("-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-F", "/dev/null"));
    cmd.add("echo from-openssh");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("from-openssh");
  }

  @Test
  void privateKey_neverInMessagesOrToString() throws Exception {
    Instance i = sim.running();
    SshRemoteShell shell = sim.shell();
    shell.exec(i, "true", T);
    List<String> secrets = Files.readAllLines(sim.home.resolve("ssh/default/id_ed25519")).stream()
        .filter(l -> !l.startsWith("-----") && l.length() > 16).toList();
    assertThat(secrets).isNotEmpty();
    List<String> texts = new ArrayList<>();
    texts.add(shell.toString());
    texts.add(String.valueOf(shell.sshCommand(i)));
    texts.add(catchThrowableOfType(() -> shell.download(i, "missing", dir.resolve("m"), T), RemoteException.class)
        .getMessage());
    sim.cloud.sshServer().rotateHostKey();
    SshRemoteShell other = sim.shell();
    texts.add(catchThrowableOfType(() -> other.exec(i, "true", T), HostKeyMismatchException.class).getMessage());
    sim.cloud.interrupt(i.id());
    texts.add(catchThrowableOfType(() -> shell.exec(i, "true", T), RemoteException.class).getMessage());
    for (String t : texts) {
      for (String s : secrets) assertThat(t).doesNotContain(s).doesNotContain(s.substring(0, 16));
    }
  }

  private static int lines(SshRemoteShell shell, Instance i) {
    ExecResult r = shell.exec(i, "wc -l < state/records.log", T);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return Integer.parseInt(r.stdout().strip());
  }

  private static long epoch(String line) {
    return Long.parseLong(line.substring(0, line.indexOf(' ')));
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static boolean onPath(String exe) {
    for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(p, exe))) return true;
    }
    return false;
  }
}
