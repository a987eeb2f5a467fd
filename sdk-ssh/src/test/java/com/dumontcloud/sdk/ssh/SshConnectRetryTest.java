package com.dumontcloud.sdk.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.remote.RemoteException;
import com.dumontcloud.sdk.remote.RemoteShellContext;
import com.dumontcloud.sdk.spi.SshAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key propagation delays (Vast takes seconds): the connection is retried on the scheduler, the install never. */
class SshConnectRetryTest {
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

  /** SSH access whose installed keys become effective only after {@code delay} of (virtual) time, or never. */
  private SshAccess slowKeys(AtomicInteger installs, Duration delay) {
    return new SshAccess() {
      @Override
      public Optional<Endpoint> sshEndpoint(Instance instance) {
        return sim.cloud.sshEndpoint(instance);
      }

      @Override
      public void installPublicKey(Instance instance, String key) {
        installs.incrementAndGet();
        if (delay != null) sim.time.schedule(() -> sim.cloud.installPublicKey(instance, key), delay);
      }
    };
  }

  private SshRemoteShell shell(SshAccess access, Duration window) {
    return SshRemoteShell.builder(new RemoteShellContext(id -> Optional.of(access), sim.home, "default", null, sim.time))
        .connectRetryWindow(window).build();
  }

  @Test
  void keyEffectiveAfterSomeSeconds_connectionRetriedWithBackoff_installedOnce() {
    Instance i = sim.running();
    AtomicInteger installs = new AtomicInteger();
    Instant t0 = sim.time.now();
    try (SshRemoteShell shell = shell(slowKeys(installs, Duration.ofSeconds(3)), Duration.ofSeconds(30))) {
      assertThat(shell.exec(i, "echo in", T).stdout()).isEqualTo("in\n");
    }
    assertThat(installs).hasValue(1);
    assertThat(Duration.between(t0, sim.time.now())).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(10));
  }

  @Test
  void keyNeverEffective_givesUpAfterTheWindow_withoutReinstalling() {
    Instance i = sim.running();
    AtomicInteger installs = new AtomicInteger();
    Instant t0 = sim.time.now();
    try (SshRemoteShell shell = shell(slowKeys(installs, null), Duration.ofSeconds(10))) {
      RemoteException e = catchThrowableOfType(() -> shell.exec(i, "true", T), RemoteException.class);
      assertThat(e.getMessage()).contains(i.id()).contains("not accepted").contains("10 s").doesNotContain("Exception");
    }
    assertThat(installs).hasValue(1);
    assertThat(Duration.between(t0, sim.time.now())).isLessThanOrEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void markerOnDiskAvoidsReinstall_staleMarkerLeadsToOneReinstall() throws Exception {
    Instance i = sim.running();
    AtomicInteger installs = new AtomicInteger();
    SshAccess counting = new SshAccess() {
      @Override
      public Optional<Endpoint> sshEndpoint(Instance instance) {
        return sim.cloud.sshEndpoint(instance);
      }

      @Override
      public void installPublicKey(Instance instance, String key) {
        installs.incrementAndGet();
        sim.cloud.installPublicKey(instance, key);
      }
    };
    try (SshRemoteShell a = shell(counting, Duration.ofSeconds(5))) {
      a.exec(i, "true", T);
    }
    try (SshRemoteShell b = shell(counting, Duration.ofSeconds(5))) { // "a new process"
      b.exec(i, "true", T);
    }
    assertThat(installs).hasValue(1);
    Files.delete(sim.cloud.home(i.id()).resolve(".ssh/authorized_keys")); // e.g. the instance was rebuilt
    try (SshRemoteShell c = shell(counting, Duration.ofSeconds(5))) {
      assertThat(c.exec(i, "echo back", T).stdout()).isEqualTo("back\n");
    }
    assertThat(installs).hasValue(2);
  }
}
