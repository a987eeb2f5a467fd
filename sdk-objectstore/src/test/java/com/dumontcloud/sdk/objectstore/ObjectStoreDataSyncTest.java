package com.dumontcloud.sdk.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.engine.Checkpoint;
import com.dumontcloud.sdk.engine.CheckpointSpec;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.remote.RemoteException;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.s3.InProcessS3;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;

class ObjectStoreDataSyncTest {
  static final String BUCKET = "ckpt";
  @TempDir Path tmp;
  InProcessS3 s3;
  S3Client client;
  Dumont dumont;
  LocalRemoteShell shell;
  ObjectStoreDataSync sync;
  Instance a = instance("i-a");
  Instance b = instance("i-b");

  @BeforeEach
  void setUp() {
    s3 = InProcessS3.start().createBucket(BUCKET);
    client = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
        .endpointOverride(s3.endpoint()).forcePathStyle(true)
        .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
        .build();
    dumont = Dumont.builder().providerFactories(List.of(SimulatedCloud.builder().build().factory())).provider("sim")
        .build();
    shell = new LocalRemoteShell(tmp.resolve("hosts"));
    sync = builder().build();
  }

  @AfterEach
  void tearDown() {
    sync.close();
    client.close();
    dumont.close();
    s3.close();
  }

  ObjectStoreDataSync.Builder builder() {
    return ObjectStoreDataSync.builder(dumont).remoteShell(shell).credentials(s3.accessKey(), s3.secretKey())
        .zstd(false);
  }

  static Instance instance(String id) {
    return Instance.builder().id(id).providerId("sim").state(InstanceState.RUNNING).rawStatus("running").gpuCount(1)
        .publicIp("127.0.0.1").sshHost("127.0.0.1").sshPort(22).createdAt(Instant.EPOCH).build();
  }

  DeploymentSpec spec(CheckpointSpec c) {
    Template t = Template.builder("qwen2.5-0.5b", "vllm/vllm-openai").displayName("Qwen").port(8000)
        .healthPath("/health").minGpuRamGib(8).build();
    return DeploymentSpec.builder("svc", t).checkpoint(c).build();
  }

  CheckpointSpec store(String... paths) {
    return CheckpointSpec.of("s3://" + BUCKET + "/ckpt", paths).endpoint(s3.endpoint().toString()).region("us-east-1");
  }

  void seed(Instance i) throws IOException {
    Path h = shell.home(i);
    Files.createDirectories(h.resolve("data/sub"));
    Files.writeString(h.resolve("data/a.txt"), "hello\n");
    Files.writeString(h.resolve("data/it's a \"$weird\" name.txt"), "quoted\n");
    byte[] bin = new byte[200_000];
    new Random(1).nextBytes(bin);
    Files.write(h.resolve("data/sub/b.bin"), bin);
    Files.writeString(h.resolve("model.cfg"), "layers=2\n");
  }

  static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = root.relativize(p).toString();
        if (rel.startsWith(".dumont") || !Files.isRegularFile(p)) continue;
        out.put(rel, sha256(Files.readAllBytes(p)));
      }
    }
    return out;
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String key(Checkpoint cp) {
    return cp.location().substring(("s3://" + BUCKET + "/").length());
  }

  @Test
  void checkpoint_gzip_storesObjectWithReportedSizeAndSha256() throws IOException {
    seed(a);
    Checkpoint cp = sync.checkpoint(spec(store("data", "model.cfg")), "0", a);

    assertThat(cp.version()).isEqualTo(1);
    assertThat(cp.location()).isEqualTo("s3://ckpt/ckpt/svc/0/v1.tar.gz");
    byte[] stored = client.getObjectAsBytes(r -> r.bucket(BUCKET).key(key(cp))).asByteArray();
    assertThat((long) stored.length).isEqualTo(cp.bytes());
    assertThat(sha256(stored)).isEqualTo(cp.sha256());
    HeadObjectResponse head = client.headObject(r -> r.bucket(BUCKET).key(key(cp)));
    assertThat(head.metadata()).containsEntry("sha256", cp.sha256());
    assertThat(shell.home(a).resolve(".dumont/tmp")).isEmptyDirectory();
    assertThat(shell.commands).noneMatch(c -> c.contains("X-Amz-Signature") || c.contains(s3.endpoint().toString()));
  }

  @Test
  void restore_ontoAnotherInstance_identicalTreeAndVerified() throws IOException {
    seed(a);
    DeploymentSpec spec = spec(store("data", "model.cfg"));
    Checkpoint cp = sync.checkpoint(spec, "0", a);

    sync.restore(spec, cp, b);

    assertThat(tree(shell.home(b))).isEqualTo(tree(shell.home(a))).hasSize(4);
    assertThat(sync.verify(spec, cp, b)).isTrue();
    assertThat(sync.verify(spec, cp, a)).isFalse();
    assertThat(Files.readString(shell.home(b).resolve(".dumont/restored"))).isEqualTo("1 " + cp.sha256() + "\n");
  }

  @Test
  void restore_zstdWhenPresent_identicalTree() throws Exception {
    assumeTrue(new ProcessBuilder("/bin/sh", "-c", "command -v zstd").start().waitFor() == 0, "zstd not on PATH");
    seed(a);
    try (ObjectStoreDataSync z = builder().zstd(true).build()) {
      DeploymentSpec spec = spec(store("data", "model.cfg"));
      Checkpoint cp = z.checkpoint(spec, "0", a);
      assertThat(cp.location()).endsWith(".tar.zst");
      z.restore(spec, cp, b);
      assertThat(tree(shell.home(b))).isEqualTo(tree(shell.home(a)));
      assertThat(z.verify(spec, cp, b)).isTrue();
    }
  }

  @Test
  void restore_tamperedObject_refusedBeforeExtraction() throws IOException {
    seed(a);
    DeploymentSpec spec = spec(store("data"));
    Checkpoint cp = sync.checkpoint(spec, "0", a);
    Path other = tmp.resolve("other.txt");
    Files.writeString(other, "not the checkpoint");
    client.putObject(PutObjectRequest.builder().bucket(BUCKET).key(key(cp)).metadata(Map.of("sha256", cp.sha256()))
        .build(), RequestBody.fromFile(other));

    Throwable t = catchThrowable(() -> sync.restore(spec, cp, b));

    assertThat(t).isInstanceOf(RemoteException.class).hasMessageContaining("nothing was extracted")
        .hasMessageContaining("svc").hasMessageContaining("i-b");
    assertThat(tree(shell.home(b))).isEmpty();
    assertThat(shell.home(b).resolve(".dumont/restored")).doesNotExist();
    assertThat(sync.verify(spec, cp, b)).isFalse();
  }

  @Test
  void checkpoint_hook_runsBeforeTheArchive() throws IOException {
    seed(a);
    DeploymentSpec spec = spec(store("data").command("echo flushed > data/flushed.txt"));
    Checkpoint cp = sync.checkpoint(spec, "0", a);
    sync.restore(spec, cp, b);
    assertThat(shell.home(b).resolve("data/flushed.txt")).hasContent("flushed");
  }

  @Test
  void checkpoint_failingHook_failsWithItsStderr() throws IOException {
    seed(a);
    DeploymentSpec spec = spec(store("data").command("echo 'db is locked' >&2; exit 3"));
    assertThatThrownBy(() -> sync.checkpoint(spec, "0", a)).isInstanceOf(RemoteException.class)
        .hasMessageContaining("exit 3").hasMessageContaining("db is locked").hasMessageContaining("i-a");
    assertThat(sync.checkpoints(spec)).isEmpty();
  }

  @Test
  void checkpoint_missingPath_namesIt() throws IOException {
    seed(a);
    DeploymentSpec spec = spec(store("data", "no such dir"));
    assertThatThrownBy(() -> sync.checkpoint(spec, "0", a)).isInstanceOf(RemoteException.class)
        .hasMessageContaining("'no such dir' does not exist").hasMessageContaining("svc").hasMessageNotContaining("\n");
  }

  @Test
  void retention_keepsLastKAndNeverAPinnedVersion() throws IOException {
    seed(a);
    DeploymentSpec spec = spec(store("data").keep(2));
    Checkpoint v1 = sync.checkpoint(spec, "0", a);
    sync.pin(spec, v1, true);
    Checkpoint v2 = sync.checkpoint(spec, "0", a);
    sync.checkpoint(spec, "0", a);
    Checkpoint v4 = sync.checkpoint(spec, "0", a);

    assertThat(sync.checkpoints(spec)).extracting(Checkpoint::version).containsExactly(1L, 3L, 4L);
    assertThat(client.headObject(r -> r.bucket(BUCKET).key(key(v1))).contentLength()).isEqualTo(v1.bytes());
    assertThatThrownBy(() -> client.headObject(r -> r.bucket(BUCKET).key(key(v2))))
        .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);

    sync.pin(spec, v1, false);
    sync.checkpoint(spec, "0", a);
    assertThat(sync.checkpoints(spec)).extracting(Checkpoint::version).containsExactly(4L, 5L);
    assertThat(v4.version()).isEqualTo(4);
  }

  @Test
  void checkpoint_multipart_uploadsPartsAndRestores() throws IOException {
    Path h = shell.home(a);
    Files.createDirectories(h.resolve("data"));
    byte[] big = new byte[12 * 1024 * 1024];
    new Random(7).nextBytes(big);
    Files.write(h.resolve("data/weights.bin"), big);
    try (ObjectStoreDataSync mp = builder().multipartThreshold(5 << 20).partSize(5 << 20).build()) {
      DeploymentSpec spec = spec(store("data"));
      Checkpoint cp = mp.checkpoint(spec, "0", a);

      HeadObjectResponse head = client.headObject(r -> r.bucket(BUCKET).key(key(cp)));
      assertThat(head.contentLength()).isEqualTo(cp.bytes()).isGreaterThan(10L << 20);
      assertThat(head.eTag()).endsWith("-3\"");
      assertThat(head.metadata()).containsEntry("sha256", cp.sha256());
      mp.restore(spec, cp, b);
      assertThat(tree(shell.home(b))).isEqualTo(tree(h));
      assertThat(mp.verify(spec, cp, b)).isTrue();
    }
  }

  @Test
  void checkpoints_listsTheManifestOldestFirst() throws IOException {
    seed(a);
    DeploymentSpec spec = spec(store("data"));
    Checkpoint c1 = sync.checkpoint(spec, "0", a);
    Checkpoint c2 = sync.checkpoint(spec, "1", b.id().equals("x") ? b : a);

    List<Checkpoint> list = sync.checkpoints(spec);

    assertThat(list).containsExactly(c1, c2);
    assertThat(list.get(1).location()).isEqualTo("s3://ckpt/ckpt/svc/1/v2.tar.gz");
    String manifest = client.getObjectAsBytes(r -> r.bucket(BUCKET).key("ckpt/svc/manifest.json")).asUtf8String();
    assertThat(manifest).contains("\"slot\": \"1\"", "\"compression\": \"gzip\"", "\"instance\": \"i-a\"");
  }

  @Test
  void errors_neverCarrySecretsOrPresignedQueryStrings() throws IOException {
    seed(a);
    DeploymentSpec spec = spec(store("data"));
    Checkpoint cp = sync.checkpoint(spec, "0", a);
    List<Throwable> errors = new ArrayList<>();
    try (ObjectStoreDataSync wrong = ObjectStoreDataSync.builder(dumont).remoteShell(shell)
        .credentials(s3.accessKey(), s3.secretKey() + "x").zstd(false).build()) {
      errors.add(catchThrowable(() -> wrong.checkpoint(spec, "0", a)));
      errors.add(catchThrowable(() -> wrong.restore(spec, cp, b)));
    }
    client.putObject(r -> r.bucket(BUCKET).key(key(cp)), RequestBody.fromString("tampered"));
    errors.add(catchThrowable(() -> sync.restore(spec, cp, b)));
    errors.add(catchThrowable(() -> sync.checkpoint(spec(store("nope")), "0", a)));
    assertThat(errors).doesNotContainNull();
    for (Throwable t : errors) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        String m = String.valueOf(c.getMessage());
        assertThat(m).doesNotContain(s3.secretKey()).doesNotContain("X-Amz-Signature")
            .doesNotContain("X-Amz-Credential");
      }
      assertThat(t.getMessage()).doesNotContain("\n").doesNotContain("Exception").contains("svc");
    }
    assertThat(shell.commands).noneMatch(c -> c.contains("X-Amz-") || c.contains(s3.secretKey()));
  }

  @Test
  void idOnlyMethods_sayTheDeploymentNeedsACheckpointSpec() {
    assertThatThrownBy(() -> sync.checkpoint("svc", a)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'svc' needs a checkpoint: spec");
  }

  /** S3Proxy checks a signed Content-MD5: a PUT whose bytes differ is refused (400 BadDigest). */
  @Test
  void inProcessS3_presignedPutWithWrongContentMd5_isRefused() throws Exception {
    try (S3Presigner p = S3Presigner.builder().region(Region.US_EAST_1).endpointOverride(s3.endpoint())
        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
            .pathStyleAccessEnabled(true).build())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
        .build()) {
      String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest("good".getBytes()));
      PresignedPutObjectRequest put = p.presignPutObject(PutObjectPresignRequest.builder()
          .signatureDuration(Duration.ofMinutes(5))
          .putObjectRequest(r -> r.bucket(BUCKET).key("md5-test").contentMD5(md5)).build());
      HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(put.url().toURI())
          .header("Content-MD5", md5).PUT(HttpRequest.BodyPublishers.ofString("evil")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).isEqualTo(400);
      assertThat(resp.body()).contains("BadDigest");
      assertThatThrownBy(() -> client.headObject(r -> r.bucket(BUCKET).key("md5-test")))
          .isInstanceOf(NoSuchKeyException.class);
      HttpResponse<String> ok = HttpClient.newHttpClient().send(HttpRequest.newBuilder(put.url().toURI())
          .header("Content-MD5", md5).PUT(HttpRequest.BodyPublishers.ofString("good")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(URI.create(s3.endpoint().toString()).getHost()).isEqualTo("127.0.0.1");
    }
  }
}
