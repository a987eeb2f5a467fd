package com.dumontcloud.sdk.vast;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.engine.Checkpoint;
import com.dumontcloud.sdk.engine.CheckpointSpec;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.Offer;
import com.dumontcloud.sdk.model.OfferQuery;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.objectstore.ObjectStoreDataSync;
import com.dumontcloud.sdk.remote.ExecResult;
import com.dumontcloud.sdk.testkit.s3.InProcessS3;
import com.dumontcloud.sdk.testkit.ssh.SimSshServer;
import com.dumontcloud.sdk.testkit.vast.FakeVastServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's SSH path on "Vast": the key is attached through {@code POST /api/v0/instances/{id}/ssh/} of the fake
 * Vast API, which (like Vast's agent) lets it into the instance's SSH server — here the test kit's real SSH server
 * on loopback behind the fake's {@code ssh_host:ssh_port} — and then remote exec and an {@link ObjectStoreDataSync}
 * checkpoint and restore run against it unchanged.
 */
class VastRemoteAccessFunctionalTest {
  private static final Template WEB = Template.builder("web", "nginx:1.27").displayName("web").description("")
      .category(TemplateCategory.GENERAL).port(80).healthPath("/").config(Map.of("runtype", "ssh_direc ssh_proxy"))
      .build();

  @TempDir Path dir;
  private FakeVastServer fake;
  private SimSshServer ssh;
  private InProcessS3 s3;
  private Dumont dumont;

  @BeforeEach
  void start() {
    ssh = SimSshServer.builder(dir.resolve("hosts")).build().start();
    fake = FakeVastServer.start().addDefaultCatalog()
        .sshGateway(ssh.port(), (id, key) -> SimSshServer.authorize(ssh.home("root"), key));
    s3 = InProcessS3.start().createBucket("ckpt");
    dumont = Dumont.builder().provider("vast", s -> s.apiKey(Secret.of(fake.apiKey())).baseUrl(fake.baseUrl()))
        .scheduler(new ManualScheduler()).environment(k -> null).systemProperties(k -> null)
        .offerCacheTtl(Duration.ZERO).maxAttempts(1).home(dir.resolve("home")).build();
  }

  @AfterEach
  void stop() {
    dumont.close();
    s3.close();
    fake.close();
    ssh.close();
  }

  private Instance running() {
    Offer o = dumont.offers().search(OfferQuery.builder().gpuName("RTX 3090").build()).best().orElseThrow();
    Instance i = dumont.instances().launch(LaunchSpec.fromTemplate(WEB).offer(o).build());
    return dumont.instances().waitUntilRunning(i.id(), Duration.ofMinutes(1), null);
  }

  @Test
  void exec_attachesTheKeyThroughVastsApi_thenRunsOverSsh_andAReconnectDoesNotAttachAgain() {
    Instance i = running();
    ExecResult r = dumont.instances().exec(i.id(), "echo hello-vast && pwd", Duration.ofSeconds(30));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).startsWith("hello-vast\n").contains(ssh.home("root").toString());
    List<String> keys = fake.attachedKeys(Long.parseLong(i.id()));
    assertThat(keys).singleElement().satisfies(k -> assertThat(k).startsWith("ssh-ed25519 "));
    assertThat(fake.calls("POST", "/api/v0/instances/" + i.id() + "/ssh/")).hasSize(1);
    assertThat(dumont.instances().exec(i.id(), "true", Duration.ofSeconds(30)).ok()).isTrue();
    assertThat(fake.calls("POST", "/api/v0/instances/" + i.id() + "/ssh/")).hasSize(1);
  }

  @Test
  void objectStoreCheckpoint_andVerifiedRestore_onAVastInstance() {
    Instance i = running();
    assertThat(dumont.instances().exec(i.id(), "mkdir -p data && echo state-42 > data/s.txt", Duration.ofSeconds(30))
        .ok()).isTrue();
    DeploymentSpec spec = DeploymentSpec.builder("vsvc", WEB).providers(List.of("vast"))
        .checkpoint(CheckpointSpec.of("s3://ckpt/v", "data").endpoint(s3.endpoint().toString()).region(s3.region()))
        .build();
    try (ObjectStoreDataSync sync = ObjectStoreDataSync.builder(dumont).credentials(s3.accessKey(), s3.secretKey())
        .build()) {
      Checkpoint cp = sync.checkpoint(spec, "r0", i);
      assertThat(cp.bytes()).isPositive();
      assertThat(cp.sha256()).matches("[0-9a-f]{64}");
      assertThat(dumont.instances().exec(i.id(), "rm -rf data", Duration.ofSeconds(30)).ok()).isTrue();
      sync.restore(spec, cp, i);
      assertThat(sync.verify(spec, cp, i)).isTrue();
      assertThat(dumont.instances().exec(i.id(), "cat data/s.txt", Duration.ofSeconds(30)).stdout())
          .isEqualTo("state-42\n");
    }
  }
}
