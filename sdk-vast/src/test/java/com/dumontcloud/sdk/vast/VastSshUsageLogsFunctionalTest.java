package com.dumontcloud.sdk.vast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.internal.json.MoshiJsonCodec;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Labels;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.OfferQuery.Op;
import com.dumontcloud.sdk.model.PricingModel;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.spi.Capability;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.InstanceLogs;
import com.dumontcloud.sdk.spi.ProviderLaunchRequest;
import com.dumontcloud.sdk.spi.SshAccess;
import com.dumontcloud.sdk.spi.Utilisation;
import com.dumontcloud.sdk.testkit.vast.FakeVastServer;
import com.dumontcloud.sdk.vast.internal.VastProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SSH access, utilisation, logs and CPU-only standby search, at the HTTP level against the stateful fake. */
class VastSshUsageLogsFunctionalTest {
  private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZha2Uta2V5LWZvci10ZXN0cy1vbmx5LTAxMjM0 dev@laptop";
  private static final Template SSH_IMAGE = Template.builder("box", "ubuntu:24.04").displayName("box").description("")
      .category(TemplateCategory.GENERAL).port(0).healthPath("/").config(Map.of("runtype", "ssh_direc ssh_proxy"))
      .build();
  private FakeVastServer fake;
  private ManualScheduler scheduler;
  private Dumont dumont;
  private CloudProvider vast;

  @BeforeEach
  void start() {
    fake = FakeVastServer.start().addDefaultCatalog().addCpuCatalog();
    scheduler = new ManualScheduler();
    dumont = client(s -> { });
    vast = dumont.provider("vast");
  }

  @AfterEach
  void stop() {
    dumont.close();
    fake.close();
  }

  private Dumont client(Consumer<com.dumontcloud.sdk.ProviderSettings> extra) {
    return Dumont.builder()
        .provider("vast", s -> {
          s.baseUrl(fake.baseUrl()).apiKey(Secret.of(fake.apiKey()));
          extra.accept(s);
        })
        .scheduler(scheduler).environment(k -> null).systemProperties(k -> null)
        .offerCacheTtl(Duration.ZERO).maxAttempts(1).home(Path.of("target", "dumont-home")).build();
  }

  private Instance running(CloudProvider p, Template t) {
    Offer o = p.searchOffers(OfferQuery.builder().gpuName("RTX 3090").build()).get(0);
    Instance i = p.launch(new ProviderLaunchRequest(o, t, Map.of(Labels.KEY, "k-" + System.nanoTime()),
        "k-" + System.nanoTime(), PricingModel.ON_DEMAND, null, 20));
    fake.settle();
    Instance r = p.get(i.id());
    assertThat(r.state()).isEqualTo(InstanceState.RUNNING);
    return r;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(FakeVastServer.Call c) {
    return (Map<String, Object>) MoshiJsonCodec.get().parse(c.body());
  }

  // ---------------------------------------------------------------- capabilities

  @Test
  void metadata_declaresTheNewCapabilities_andTheProviderImplementsThem() {
    assertThat(vast.metadata().capabilities()).contains(Capability.SSH_ACCESS, Capability.UTILISATION,
        Capability.LOGS, Capability.CPU_INSTANCES);
    assertThat(vast.capability(SshAccess.class)).isPresent();
    assertThat(vast.capability(Utilisation.class)).isPresent();
    assertThat(vast.capability(InstanceLogs.class)).isPresent();
  }

  // ---------------------------------------------------------------- ssh endpoint

  @Test
  void sshEndpoint_prefersTheProxy_rootUser() {
    Instance i = running(vast, SSH_IMAGE);
    Map<String, Object> raw = fake.instanceJson(Long.parseLong(i.id()));
    SshAccess.Endpoint e = vast.capability(SshAccess.class).orElseThrow().sshEndpoint(i).orElseThrow();
    assertThat(e.host()).isEqualTo("127.0.0.1");
    assertThat(e.port()).isEqualTo(((Number) raw.get("ssh_port")).intValue());
    assertThat(e.user()).isEqualTo("root");
  }

  @Test
  void sshEndpoint_directMode_usesPublicIpStrippedAndThePort22Mapping() {
    try (Dumont direct = client(s -> s.set("ssh-mode", "direct"))) {
      CloudProvider p = direct.provider("vast");
      Instance i = running(p, SSH_IMAGE);
      Map<String, Object> raw = fake.instanceJson(Long.parseLong(i.id()));
      assertThat((String) raw.get("public_ipaddr")).endsWith("\n");
      @SuppressWarnings("unchecked")
      Map<String, Object> b = ((List<Map<String, Object>>) ((Map<String, Object>) raw.get("ports")).get("22/tcp")).get(0);
      SshAccess.Endpoint e = p.capability(SshAccess.class).orElseThrow().sshEndpoint(i).orElseThrow();
      assertThat(e).isEqualTo(new SshAccess.Endpoint("127.0.0.1", Integer.parseInt((String) b.get("HostPort")), "root"));
      assertThat(e.port()).isNotEqualTo(((Number) raw.get("ssh_port")).intValue());
    }
  }

  @Test
  void sshEndpoint_directModeWithoutPort22_fallsBackToTheProxy() {
    try (Dumont direct = client(s -> s.set("ssh-mode", "direct"))) {
      CloudProvider p = direct.provider("vast");
      Template args = Template.builder("a", "nginx:1.27").displayName("a").description("")
          .category(TemplateCategory.GENERAL).port(80).healthPath("/").build(); // runtype args: no 22/tcp binding
      Instance i = running(p, args);
      SshAccess.Endpoint e = p.capability(SshAccess.class).orElseThrow().sshEndpoint(i).orElseThrow();
      assertThat(e.port()).isEqualTo(((Number) fake.instanceJson(Long.parseLong(i.id())).get("ssh_port")).intValue());
    }
  }

  @Test
  void sshEndpoint_emptyWhileNotRunning_orWithoutAnyAddress() {
    fake.autoAdvance(false);
    Offer o = vast.searchOffers(OfferQuery.builder().gpuName("RTX 3090").build()).get(0);
    Instance booting = vast.launch(new ProviderLaunchRequest(o, SSH_IMAGE, Map.of(Labels.KEY, "boot"), "boot",
        PricingModel.ON_DEMAND, null, 20));
    SshAccess ssh = vast.capability(SshAccess.class).orElseThrow();
    assertThat(ssh.sshEndpoint(booting)).isEmpty();
    // a RUNNING snapshot without addresses (stale): read once; Vast says it is still booting
    Instance stale = booting.toBuilder().state(InstanceState.RUNNING).sshHost(null).sshPort(0).publicIp(null)
        .ports(List.of()).build();
    int before = fake.calls("GET", "/api/v0/instances/" + booting.id() + "/").size();
    assertThat(ssh.sshEndpoint(stale)).isEmpty();
    assertThat(fake.calls("GET", "/api/v0/instances/" + booting.id() + "/")).hasSize(before + 1);
  }

  @Test
  void sshMode_invalid_isAConfigurationErrorNamingTheKey() {
    assertThatThrownBy(() -> {
      try (Dumont bad = client(s -> s.set("ssh-mode", "tunnel"))) {
        bad.provider("vast").list(Map.of());
      }
    }).isInstanceOf(ConfigurationException.class).hasMessageContaining("ssh-mode").hasMessageContaining("tunnel");
  }

  // ---------------------------------------------------------------- keys

  @Test
  void installPublicKey_postsTheKey_andIsIdempotent() {
    Instance i = running(vast, SSH_IMAGE);
    SshAccess ssh = vast.capability(SshAccess.class).orElseThrow();
    ssh.installPublicKey(i, KEY + "\n");
    ssh.installPublicKey(i, KEY); // Vast: "SSH key already associated with instance."
    List<FakeVastServer.Call> posts = fake.calls("POST", "/api/v0/instances/" + i.id() + "/ssh/");
    assertThat(posts).hasSize(2);
    assertThat(body(posts.get(0))).isEqualTo(Map.of("ssh_key", KEY));
    assertThat(posts.get(0).authorization()).isEqualTo("Bearer " + fake.apiKey());
    assertThat(fake.attachedKeys(Long.parseLong(i.id()))).containsExactly(KEY);
  }

  @Test
  void installPublicKey_goneInstance_isNotFound_andAPrivateKeyIsRefusedBeforeSending() {
    Instance i = running(vast, SSH_IMAGE);
    SshAccess ssh = vast.capability(SshAccess.class).orElseThrow();
    Instance gone = i.toBuilder().id("99999999").build();
    assertThatThrownBy(() -> ssh.installPublicKey(gone, KEY)).isInstanceOf(NotFoundException.class);
    int sent = fake.calls().size();
    assertThatThrownBy(() -> ssh.installPublicKey(i, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n"))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("private key")
        .hasMessageNotContaining("b3Blbn");
    assertThat(fake.calls()).hasSize(sent);
  }

  @Test
  void registerAccountKey_addsOnce() {
    VastProvider p = (VastProvider) vast.capability(VastProvider.class).orElseThrow();
    p.registerAccountKey(KEY);
    p.registerAccountKey(KEY.replace("dev@laptop", "other-comment"));
    assertThat(fake.accountKeys()).containsExactly(KEY);
    assertThat(fake.calls("POST", "/api/v0/ssh/")).hasSize(1);
    assertThat(fake.calls("GET", "/api/v0/ssh/")).hasSize(2);
  }

  // ---------------------------------------------------------------- utilisation

  @Test
  void usage_servedFromTheLatestListWhileFresh_thenOneShow() {
    Instance i = running(vast, SSH_IMAGE);
    long id = Long.parseLong(i.id());
    Utilisation u = vast.capability(Utilisation.class).orElseThrow();
    fake.setGpuUtil(id, 0.03, 12.0); // 12 GB of the 3090's 24576 MB
    vast.list(Map.of());
    int shows = fake.calls("GET", "/api/v0/instances/" + id + "/").size();
    Utilisation.Usage seen = u.usage(i).orElseThrow();
    assertThat(seen.gpu()).isEqualTo(0.03);
    assertThat(seen.memory()).isCloseTo(12_000.0 / 24_576, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(seen.observedAt()).isEqualTo(scheduler.now());
    assertThat(fake.calls("GET", "/api/v0/instances/" + id + "/")).hasSize(shows); // no extra call

    fake.setGpuUtil(id, 0.9);
    scheduler.advance(Duration.ofSeconds(61));
    Utilisation.Usage later = u.usage(i).orElseThrow();
    assertThat(later.gpu()).isEqualTo(0.9);
    assertThat(later.memory()).isNegative();
    assertThat(fake.calls("GET", "/api/v0/instances/" + id + "/")).hasSize(shows + 1);
  }

  @Test
  void usage_percentValuesScaled_nullIsEmpty_goneIsEmpty() {
    Instance i = running(vast, SSH_IMAGE);
    long id = Long.parseLong(i.id());
    Utilisation u = vast.capability(Utilisation.class).orElseThrow();
    assertThat(u.usage(i)).isEmpty(); // no sample yet: gpu_util null
    fake.setGpuUtil(id, 45.0);
    vast.get(i.id());
    assertThat(u.usage(i).orElseThrow().gpu()).isEqualTo(0.45);
    fake.setGpuUtil(id, 250.0);
    vast.get(i.id());
    assertThat(u.usage(i).orElseThrow().gpu()).isEqualTo(1.0);
    vast.terminate(i.id());
    assertThat(u.usage(i)).isEmpty();
  }

  // ---------------------------------------------------------------- cpu-only standby search

  @Test
  void cpuStandbySearch_sendsVastUnits_andReturnsOnlyCpuOffers() {
    List<Offer> found = vast.searchOffers(OfferQuery.builder()
        .filter("num_gpus", Op.EQ, 0.0)
        .filter("cpu_cores", Op.GE, 16.0)
        .filter("cpu_ram", Op.GE, 32.0)
        .filter("dph", Op.LE, 0.10)
        .build());
    Map<String, Object> sent = body(fake.calls("POST", "/api/v0/bundles/").get(0));
    assertThat(sent.get("num_gpus")).isEqualTo(Map.of("eq", 0.0));
    assertThat(sent.get("cpu_cores_effective")).isEqualTo(Map.of("gte", 16.0));
    assertThat(sent.get("cpu_ram")).isEqualTo(Map.of("gte", 32_757.0)); // MB, whole machine: a safe lower bound
    assertThat(sent.get("dph_total")).isEqualTo(Map.of("lte", 0.1));
    assertThat(sent).doesNotContainKey("cpu_cores");
    assertThat(found).hasSize(1);
    Offer o = found.get(0);
    assertThat(o.gpu().isCpuOnly()).isTrue();
    assertThat(o.gpuCount()).isZero();
    assertThat(o.gpuRamGib()).isZero();
    assertThat(o.vcpus()).isEqualTo(16.0);
    assertThat(o.pricePerHour().doubleValue()).isEqualTo(0.07);
  }

  @Test
  void cpuOffer_withAnEmptyOrLeftoverGpuName_isCpuOnly() {
    fake.addOffer(Map.of("id", 424242L, "num_gpus", 0L, "gpu_name", "", "dph_total", 0.03, "cpu_cores_effective", 4.0,
        "rentable", true, "rented", false, "verified", true, "external", false));
    fake.addOffer(Map.of("id", 424243L, "num_gpus", 0L, "gpu_name", "RTX 4090", "dph_total", 0.02,
        "cpu_cores_effective", 4.0, "rentable", true, "rented", false, "verified", true, "external", false));
    List<Offer> found = vast.searchOffers(OfferQuery.builder().filter("num_gpus", Op.EQ, 0.0).build());
    assertThat(found.stream().map(Offer::id).toList()).contains("424242", "424243");
    assertThat(found).allSatisfy(o -> assertThat(o.gpu().isCpuOnly()).isTrue());
  }

  // ---------------------------------------------------------------- logs

  @Test
  void logs_requestThenPollTheLoopbackUrl_withoutTheKey() {
    Instance i = running(vast, SSH_IMAGE);
    fake.logs(Long.parseLong(i.id()), "line 1\nline 2\n");
    fake.logsNotReadyPolls(2);
    String text = vast.capability(InstanceLogs.class).orElseThrow().logs(i.id(), 1000);
    assertThat(text).isEqualTo("line 1\nline 2\n");
    FakeVastServer.Call req = fake.calls("PUT", "/api/v0/instances/request_logs/" + i.id() + "/").get(0);
    assertThat(body(req)).isEqualTo(Map.of("tail", "1000"));
    List<FakeVastServer.Call> polls = fake.calls("GET", "/fake-logs/");
    assertThat(polls).hasSize(3).allSatisfy(c -> assertThat(c.authorization()).isNull());
    assertThat(scheduler.sleeps()).contains(Duration.ofMillis(300));
  }

  @Test
  void logs_neverReady_isNotFoundAfterABoundedNumberOfPolls() {
    Instance i = running(vast, SSH_IMAGE);
    fake.logsNotReadyPolls(1_000);
    assertThatThrownBy(() -> vast.capability(InstanceLogs.class).orElseThrow().logs(i.id(), 50))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("did not appear");
    assertThat(fake.calls("GET", "/fake-logs/")).hasSize(30);
    assertThatThrownBy(() -> vast.capability(InstanceLogs.class).orElseThrow().logs("99999999", 10))
        .isInstanceOf(NotFoundException.class);
  }
}
