package com.dumontcloud.benchmarks;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.audit.AuditSink;
import com.dumontcloud.sdk.engine.Checkpoint;
import com.dumontcloud.sdk.engine.CheckpointSpec;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.LaunchSpec;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.objectstore.ObjectStoreDataSync;
import com.dumontcloud.sdk.remote.ExecOptions;
import com.dumontcloud.sdk.remote.ExecResult;
import com.dumontcloud.sdk.testkit.BootProfile;
import com.dumontcloud.sdk.testkit.SimulatedCloud;
import com.dumontcloud.sdk.testkit.VirtualScheduler;
import com.dumontcloud.sdk.testkit.s3.InProcessS3;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;

/**
 * Checkpoint and restore throughput of {@link ObjectStoreDataSync} on loopback — real SSH into a simulated
 * instance, tar + compression + SHA-256 on the "host", curl to presigned URLs of an in-process S3-compatible
 * server, verification — against a raw {@code curl} upload of the same archive to a presigned URL, measured in the
 * same run. Not a unit test: run {@code java -cp benchmarks/target/benchmarks.jar
 * com.dumontcloud.benchmarks.DataPathThroughput [MB...]} after {@code mvn -B -DskipTests package}.
 */
public final class DataPathThroughput {
  private DataPathThroughput() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {32, 128} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt)
        .toArray();
    Path work = Files.createTempDirectory("dumont-throughput-");
    VirtualScheduler time = VirtualScheduler.create();
    SimulatedCloud cloud = SimulatedCloud.builder().scheduler(time).seed(1)
        .bootProfile(BootProfile.fixed(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .hostsDirectory(work.resolve("hosts")).build();
    try (InProcessS3 s3 = InProcessS3.builder().directory(work.resolve("bucket")).build().createBucket("bench");
        Dumont dumont = Dumont.builder().provider("sim").scheduler(time).providerFactories(List.of(cloud.factory()))
            .home(work.resolve("home")).auditSink(AuditSink.none()).build();
        ObjectStoreDataSync data = ObjectStoreDataSync.builder(dumont).credentials(s3.accessKey(), s3.secretKey())
            .commandTimeout(Duration.ofMinutes(20)).build();
        S3Presigner presigner = S3Presigner.builder().endpointOverride(s3.endpoint()).region(Region.of(s3.region()))
            .credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
      Instance a = running(dumont, time);
      Instance b = running(dumont, time);
      Template t = Template.builder("bench", "busybox").displayName("bench").description("")
          .category(TemplateCategory.GENERAL).port(80).healthPath("/").build();
      System.out.println("size_mb,compression,checkpoint_s,checkpoint_mb_s,raw_curl_s,raw_curl_mb_s,ratio,"
          + "restore_s,restore_mb_s");
      for (boolean zstd : new boolean[] {false, true}) {
        for (int mb : sizes) {
          DeploymentSpec spec = DeploymentSpec.builder("bench-" + mb + (zstd ? "-z" : "-g"), t)
              .checkpoint(CheckpointSpec.of("s3://bench/p", "state").endpoint(s3.endpoint().toString())
                  .region(s3.region()))
              .build();
          exec(dumont, a, "rm -rf state && mkdir -p state && head -c " + mb + "M /dev/urandom > state/blob");
          ObjectStoreDataSync sync = zstd ? data : ObjectStoreDataSync.builder(dumont).credentials(s3.accessKey(),
              s3.secretKey()).commandTimeout(Duration.ofMinutes(20)).zstd(false).build();
          long t0 = System.nanoTime();
          Checkpoint cp = sync.checkpoint(spec, "r0", a);
          double cpS = (System.nanoTime() - t0) / 1e9;
          // the same archive, uploaded raw with curl from the same host to a presigned PUT
          exec(dumont, a, "tar -cf - state | " + (zstd ? "zstd -q" : "gzip -1") + " > bench.archive");
          String url = presigner.presignPutObject(PutObjectPresignRequest.builder()
              .signatureDuration(Duration.ofMinutes(30))
              .putObjectRequest(PutObjectRequest.builder().bucket("bench").key("raw/" + spec.id()).build()).build())
              .url().toString();
          long t1 = System.nanoTime();
          ExecResult r = dumont.remote().exec(a, "curl -sS -f -K - -T bench.archive -o /dev/null",
              ExecOptions.timeout(Duration.ofMinutes(20)).stdin(new ByteArrayInputStream(
                  ("url = \"" + url + "\"\n").getBytes(StandardCharsets.UTF_8))));
          double rawS = (System.nanoTime() - t1) / 1e9;
          if (!r.ok()) throw new IllegalStateException("raw curl upload failed: " + r.stderr());
          exec(dumont, b, "rm -rf state .dumont");
          long t2 = System.nanoTime();
          sync.restore(spec, cp, b);
          if (!sync.verify(spec, cp, b)) throw new IllegalStateException("restore did not verify");
          double rsS = (System.nanoTime() - t2) / 1e9;
          System.out.println(String.format(Locale.ROOT, "%d,%s,%.2f,%.1f,%.2f,%.1f,%.2f,%.2f,%.1f", mb,
              zstd ? "zstd" : "gzip", cpS, mb / cpS, rawS, mb / rawS, cpS / rawS, rsS, mb / rsS));
          if (!zstd) sync.close();
        }
      }
    } finally {
      cloud.close();
    }
  }

  private static Instance running(Dumont dumont, VirtualScheduler time) {
    Instance i = dumont.instances().launch(LaunchSpec.fromTemplate("budget").build());
    for (int s = 0; s < 600 && dumont.instances().get(i.id()).state() != InstanceState.RUNNING; s++) {
      time.advanceBy(Duration.ofSeconds(1));
    }
    return dumont.instances().get(i.id());
  }

  private static void exec(Dumont dumont, Instance i, String cmd) {
    ExecResult r = dumont.remote().exec(i, cmd, Duration.ofMinutes(10));
    if (!r.ok()) throw new IllegalStateException(cmd + " failed: " + r.stderr());
  }
}
