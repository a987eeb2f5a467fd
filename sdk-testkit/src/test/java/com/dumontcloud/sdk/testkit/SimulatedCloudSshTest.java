package com.dumontcloud.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.spi.Capability;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.SshAccess;
import com.dumontcloud.sdk.spi.Utilisation;
import com.dumontcloud.sdk.testkit.ssh.SimSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedCloudSshTest {
  @TempDir Path dir;

  private static Instance launch(SimulatedCloud sim) {
    Offer o = sim.searchOffers(OfferQuery.builder().pricingModel(PricingModel.ON_DEMAND).build()).stream()
        .filter(x -> x.gpuCount() > 0).min(Comparator.comparing(Offer::pricePerHour)).orElseThrow();
    String key = UUID.randomUUID().toString();
    return sim.launch(new ProviderLaunchRequest(o, SimulatedCloudTest.SERVICE, Map.of(Labels.KEY, key), key,
        PricingModel.ON_DEMAND, null, 50));
  }

  private static String publicKey() throws Exception {
    return PublicKeyEntry.toString(KeyUtils.generateKeyPair("ssh-ed25519", 256).getPublic()) + " test";
  }

  @Test
  void capabilities_declaredAndUtilisationEmptyByDefault() {
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(time).build();
    assertThat(sim.metadata().capabilities()).contains(Capability.SSH_ACCESS, Capability.UTILISATION);
    assertThat(sim.capability(SshAccess.class)).containsSame(sim);
    Instance i = launch(sim);
    time.advanceBy(Duration.ofMinutes(5));
    assertThat(sim.usage(sim.get(i.id()))).isEmpty(); // never set: the engine's default signal stays "unknown"
    sim.gpuUtilisation(i.id(), 0.25);
    assertThat(sim.usage(i)).map(Utilisation.Usage::gpu).contains(0.25);
    assertThatThrownBy(() -> sim.gpuUtilisation(i.id(), 1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0,1]");
    sim.close();
  }

  @Test
  void sshEndpoint_onlyWhileRunning_serverStartsLazily_tempHostsDeletedOnClose() throws Exception {
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud sim = SimulatedCloud.builder().scheduler(time)
        .bootProfile(BootProfile.fixed(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5))).build();
    Instance i = launch(sim);
    assertThat(sim.sshEndpoint(i)).isEmpty();
    time.advanceBy(Duration.ofSeconds(21));
    assertThat(sim.get(i.id()).state()).isEqualTo(InstanceState.RUNNING);
    SshAccess.Endpoint ep = sim.sshEndpoint(i).orElseThrow();
    assertThat(ep.host()).isEqualTo("127.0.0.1");
    assertThat(ep.user()).isEqualTo(i.id());
    assertThat(ep.port()).isEqualTo(sim.sshServer().port());
    Path hosts = sim.hostsDirectory();
    assertThat(hosts).isDirectory();

    String key = publicKey();
    sim.installPublicKey(i, key);
    sim.installPublicKey(i, key); // idempotent
    assertThat(Files.readAllLines(sim.home(i.id()).resolve(".ssh/authorized_keys"))).containsExactly(key);
    assertThat(sim.home(i.id()).resolve(".sim/bin/nvidia-smi")).isExecutable();
    assertThatThrownBy(() -> sim.installPublicKey(i, "not a key")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not an OpenSSH public key");

    sim.interrupt(i.id());
    assertThat(sim.sshEndpoint(i)).isEmpty();
    sim.close();
    assertThat(hosts).doesNotExist();
  }

  @Test
  void persistedCloud_hostsBesideTheStateFile_hostKeyStableAcrossProcesses() {
    Path state = dir.resolve("sim/state.json");
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud a = SimulatedCloud.builder().scheduler(time).stateFile(state).build();
    assertThat(a.hostsDirectory()).isEqualTo(dir.resolve("sim/hosts").toAbsolutePath());
    Instance i = launch(a);
    a.gpuUtilisation(i.id(), 0.5);
    a.close();
    assertThat(dir.resolve("sim/hosts")).isDirectory(); // not a temporary directory: kept

    SimulatedCloud b = SimulatedCloud.builder().scheduler(time).stateFile(state).build();
    time.advanceBy(Duration.ofMinutes(5));
    assertThat(b.usage(b.get(i.id()))).map(Utilisation.Usage::gpu).contains(0.5);
    b.close();

    try (SimSshServer s1 = SimSshServer.builder(dir.resolve("hosts")).build().start();
        SimSshServer s2 = SimSshServer.builder(dir.resolve("hosts")).build().start()) {
      assertThat(KeyUtils.compareKeys(s1.hostKey(), s2.hostKey())).isTrue();
      var before = s1.hostKey();
      s1.rotateHostKey();
      assertThat(KeyUtils.compareKeys(before, s1.hostKey())).isFalse();
      assertThat(s1.port()).isNotEqualTo(s2.port()).isPositive();
    }
  }
}
