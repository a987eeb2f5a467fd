package com.dumontcloud.sdk.objectstore;

import com.dumontcloud.sdk.Dumont;
import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.engine.Checkpoint;
import com.dumontcloud.sdk.engine.CheckpointSpec;
import com.dumontcloud.sdk.engine.DataSync;
import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.objectstore.internal.HostScripts;
import com.dumontcloud.sdk.objectstore.internal.Manifest;
import com.dumontcloud.sdk.objectstore.internal.Messages;
import com.dumontcloud.sdk.objectstore.internal.S3Clients;
import com.dumontcloud.sdk.remote.ExecOptions;
import com.dumontcloud.sdk.remote.ExecResult;
import com.dumontcloud.sdk.remote.RemoteException;
import com.dumontcloud.sdk.remote.RemoteShell;
import com.dumontcloud.sdk.time.Scheduler;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.UploadPartPresignRequest;

/**
 * Checkpoints in the user's own S3-compatible bucket (AWS S3, Cloudflare R2, GCS interoperability, MinIO,
 * Backblaze B2), configured per deployment by its {@code checkpoint:} block ({@link CheckpointSpec}).
 *
 * <p>No storage credential reaches the rented host. Over the {@link RemoteShell} the host runs the flush hook,
 * archives the declared paths (zstd, else gzip), computes SHA-256, MD5 and size, and sends the archive with
 * {@code curl} to <b>presigned</b> URLs (fed on standard input, never on a command line). The presigned PUT
 * signs {@code Content-MD5} (the store rejects other bytes) and the {@code sha256} metadata; above
 * {@link Builder#multipartThreshold(long)} the archive goes in parts. A version counts only after a
 * {@code HeadObject} from the SDK side agrees with the host on size, SHA-256 and (single part) MD5.
 * A restore downloads through a presigned GET, checks the SHA-256 on the host <b>before</b> extracting and
 * writes {@code .dumont/restored}, which {@link #verify(DeploymentSpec, Checkpoint, Instance)} reads.
 *
 * <pre>{@code
 * DataSync sync = ObjectStoreDataSync.builder(dumont).build();   // AWS default credential chain
 * }</pre>
 *
 * <p>Thread-safe; one writer per deployment (the engine) is assumed for the manifest.
 */
public final class ObjectStoreDataSync implements DataSync, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ObjectStoreDataSync.class);
  private static final long MIB = 1024L * 1024L;
  /** S3's smallest part except the last. */
  public static final long MIN_PART_SIZE = 5 * MIB;
  public static final long DEFAULT_MULTIPART_THRESHOLD = 64 * MIB;
  public static final long DEFAULT_PART_SIZE = 64 * MIB;
  public static final Duration DEFAULT_PRESIGN_TTL = Duration.ofHours(1);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(30);
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

  private final Dumont dumont;
  private final RemoteShell remoteOverride;
  private final Scheduler scheduler;
  private final S3Clients clients;
  private final long multipartThreshold;
  private final long partSize;
  private final Duration presignTtl;
  private final Duration commandTimeout;
  private final boolean zstd;
  private final Map<String, Integer> pins = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<String, Set<Long>> inFlight = new ConcurrentHashMap<>();

  private ObjectStoreDataSync(Builder b) {
    this.dumont = b.dumont;
    this.remoteOverride = b.remoteShell;
    this.scheduler = b.scheduler != null ? b.scheduler : b.dumont.scheduler();
    this.clients = new S3Clients(b.accessKey, b.secretKey);
    this.multipartThreshold = b.multipartThreshold;
    this.partSize = b.partSize;
    this.presignTtl = b.presignTtl;
    this.commandTimeout = b.commandTimeout;
    this.zstd = b.zstd;
  }

  /** A builder using {@code dumont.remote()} (on first use) for commands and {@code dumont.scheduler()} for time. */
  public static Builder builder(Dumont dumont) {
    return new Builder(Objects.requireNonNull(dumont, "dumont"));
  }

  // ---- id-only variants: this store is configured per deployment -------------------------------------------

  @Override
  public Checkpoint checkpoint(String deploymentId, Instance source) {
    throw needsSpec(deploymentId);
  }

  @Override
  public void restore(Checkpoint checkpoint, Instance target) {
    throw needsSpec(checkpoint.deploymentId());
  }

  @Override
  public boolean verify(Checkpoint checkpoint, Instance target) {
    throw needsSpec(checkpoint.deploymentId());
  }

  private static ConfigurationException needsSpec(String deploymentId) {
    return new ConfigurationException("deployment '" + deploymentId + "' needs a checkpoint: spec for object-store "
        + "checkpoints (checkpoint: {store: s3://bucket/prefix, paths: [...]}); call the DeploymentSpec variants");
  }

  // ---- checkpoint ---------------------------------------------------------------------------------------------

  @Override
  public Checkpoint checkpoint(DeploymentSpec spec, String slot, Instance source) {
    CheckpointSpec c = requireSpec(spec);
    String dep = spec.id();
    String where = "checkpoint of deployment '" + dep + "' on instance '" + source.id() + "'";
    RemoteShell shell = shell();
    if (c.command() != null) {
      ExecResult hook = shell.exec(source, c.command(), commandTimeout);
      if (!hook.ok()) {
        throw new RemoteException(where + ": the checkpoint command failed (exit " + hook.exitCode() + "): "
            + Messages.tail(hook.stderr().isBlank() ? hook.stdout() : hook.stderr(), 300));
      }
    }
    ExecResult ar = shell.exec(source,
        HostScripts.archive(c.paths(), multipartThreshold, partSize, zstd), commandTimeout);
    if (!ar.ok()) throw archiveFailure(where, ar);
    Archive a = Archive.parse(ar.stdout(), where);
    try {
      return store(where, c, dep, slot, source, shell, a);
    } finally {
      cleanup(shell, source, a.dir);
    }
  }

  private Checkpoint store(String where, CheckpointSpec c, String dep, String slot, Instance source,
      RemoteShell shell, Archive a) {
    S3Clients.Pair s3 = s3(c);
    String manifestKey = manifestKey(c, dep);
    long version = reserve(c, dep, manifestKey, s3);
    try {
      String key = join(c.prefix(), dep, safeSlot(slot), "v" + version + "." + a.ext);
      if (a.parts.isEmpty()) {
        uploadSingle(where, shell, source, s3, c.bucket(), key, a);
      } else {
        uploadMultipart(where, shell, source, s3, c.bucket(), key, a);
      }
      Instant now = scheduler.now();
      Manifest.Entry entry = new Manifest.Entry(version, slot, key, a.size, a.sha256,
          a.ext.endsWith("zst") ? "zstd" : "gzip", now, source.id());
      commit(c, dep, manifestKey, s3, entry);
      log.debug("checkpoint stored [deployment={}, instance={}, version={}, bytes={}, parts={}]", dep, source.id(),
          version, a.size, Math.max(1, a.parts.size()));
      return new Checkpoint(dep, version, now, a.size, "s3://" + c.bucket() + "/" + key, a.sha256);
    } finally {
      release(manifestKey, version);
    }
  }

  private void uploadSingle(String where, RemoteShell shell, Instance host, S3Clients.Pair s3, String bucket,
      String key, Archive a) {
    PutObjectRequest put = PutObjectRequest.builder().bucket(bucket).key(key).contentLength(a.size)
        .contentMD5(base64(a.md5)).metadata(Map.of("sha256", a.sha256)).build();
    PresignedRequest p = store(where, () -> s3.presigner().presignPutObject(
        PutObjectPresignRequest.builder().signatureDuration(presignTtl).putObjectRequest(put).build()));
    String etag = send(where, shell, host, p, a.dir, "a");
    HeadObjectResponse head = head(where, s3, bucket, key);
    String problem = mismatch(head, a);
    if (problem == null && !kms(head) && !HEX32.matcher(etag).matches()) {
      problem = "the store answered the upload with ETag '" + Messages.tail(etag, 80) + "' instead of its MD5";
    }
    if (problem == null && !kms(head) && !etag.equals(a.md5)) {
      problem = "the stored object's MD5 " + etag + " differs from the host's " + a.md5;
    }
    if (problem != null) {
      deleteQuietly(s3, bucket, key);
      throw new RemoteException(where + ": the upload did not verify: " + problem);
    }
  }

  private void uploadMultipart(String where, RemoteShell shell, Instance host, S3Clients.Pair s3, String bucket,
      String key, Archive a) {
    String uploadId = store(where, () -> s3.s3().createMultipartUpload(CreateMultipartUploadRequest.builder()
        .bucket(bucket).key(key).metadata(Map.of("sha256", a.sha256)).build()).uploadId());
    boolean done = false;
    try {
      List<CompletedPart> parts = new ArrayList<>();
      for (Part part : a.parts) {
        UploadPartRequest up = UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
            .partNumber(part.number).contentLength(part.size).contentMD5(base64(part.md5)).build();
        PresignedRequest p = store(where, () -> s3.presigner().presignUploadPart(
            UploadPartPresignRequest.builder().signatureDuration(presignTtl).uploadPartRequest(up).build()));
        String etag = send(where, shell, host, p, a.dir, part.file);
        if (HEX32.matcher(etag).matches() && !etag.equals(part.md5)) {
          throw new RemoteException(where + ": part " + part.number + " did not verify: the store's MD5 " + etag
              + " differs from the host's " + part.md5);
        }
        parts.add(CompletedPart.builder().partNumber(part.number).eTag(etag).build());
      }
      store(where, () -> s3.s3().completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket)
          .key(key).uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())
          .build()));
      done = true;
    } finally {
      if (!done) {
        try {
          s3.s3().abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key)
              .uploadId(uploadId).build());
        } catch (SdkException e) {
          log.warn("could not abort an unfinished multipart upload; the bucket's lifecycle rule should expire it "
              + "[bucket={}, key={}, error={}]", bucket, key, Messages.tail(e.getMessage(), 200));
        }
      }
    }
    HeadObjectResponse head = head(where, s3, bucket, key);
    String problem = mismatch(head, a);
    if (problem == null && !kms(head)) {
      String expected = multipartEtag(a.parts);
      String got = strip(head.eTag());
      if (got.matches("[0-9a-f]{32}-\\d+") && !got.equals(expected)) {
        problem = "the stored object's ETag " + got + " differs from the parts' " + expected;
      }
    }
    if (problem != null) {
      deleteQuietly(s3, bucket, key);
      throw new RemoteException(where + ": the upload did not verify: " + problem);
    }
  }

  /** Null when size and sha256 metadata agree with the host. */
  private static String mismatch(HeadObjectResponse head, Archive a) {
    if (head.contentLength() == null || head.contentLength() != a.size) {
      return "the store holds " + head.contentLength() + " bytes, the host sent " + a.size;
    }
    String sha = head.metadata() == null ? null : head.metadata().get("sha256");
    if (!a.sha256.equals(sha)) return "the stored sha256 metadata " + sha + " differs from the host's " + a.sha256;
    return null;
  }

  private static boolean kms(HeadObjectResponse head) {
    ServerSideEncryption sse = head.serverSideEncryption();
    return sse != null && sse.toString().startsWith("aws:kms");
  }

  /** Send one file with curl from the host to a presigned URL; returns the ETag (unquoted). */
  private String send(String where, RemoteShell shell, Instance host, PresignedRequest p, String dir, String file) {
    Map<String, String> headers = new LinkedHashMap<>();
    p.signedHeaders().forEach((k, v) -> {
      if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("content-length")) headers.put(k, String.join(",", v));
    });
    String config = HostScripts.curlConfig(p.url().toString(), headers);
    ExecResult r = shell.exec(host, HostScripts.upload(dir, file), ExecOptions.timeout(commandTimeout)
        .stdin(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8))));
    if (r.exitCode() == HostScripts.EXIT_HTTP) {
      throw new RemoteException(where + ": the store refused the upload (HTTP " + field(r.stdout(), "status")
          + "): " + Messages.s3Error(r.stderr()), null);
    }
    if (!r.ok()) {
      throw new RemoteException(where + ": uploading with curl failed (exit " + r.exitCode() + "): "
          + Messages.tail(r.stderr(), 300));
    }
    String etag = field(r.stdout(), "etag");
    return etag == null ? "" : strip(etag);
  }

  private static RemoteException archiveFailure(String where, ExecResult r) {
    String err = r.stderr() == null ? "" : r.stderr();
    if (r.exitCode() == HostScripts.EXIT_MISSING_PATH) {
      String path = "?";
      for (String line : err.split("\n")) if (line.startsWith("missing-path ")) path = line.substring(13);
      return new RemoteException(where + ": checkpoint path '" + Messages.scrub(path)
          + "' does not exist (paths are relative to the login directory; fix checkpoint.paths)");
    }
    String what = switch (r.exitCode()) {
      case HostScripts.EXIT_TEMP_DIR -> "cannot create a temp dir under .dumont/tmp";
      case HostScripts.EXIT_ARCHIVE -> "archiving failed";
      case HostScripts.EXIT_NO_TOOL -> "a checksum tool is missing";
      case HostScripts.EXIT_SPLIT -> "splitting into parts failed";
      default -> "the archive script failed (exit " + r.exitCode() + ")";
    };
    return new RemoteException(where + ": " + what + ": " + Messages.tail(err, 300));
  }

  private void cleanup(RemoteShell shell, Instance host, String dir) {
    try {
      ExecResult r = shell.exec(host, HostScripts.cleanup(dir), Duration.ofMinutes(2));
      if (!r.ok()) log.debug("temp dir not removed [instance={}, dir={}, exit={}]", host.id(), dir, r.exitCode());
    } catch (RuntimeException e) {
      log.debug("temp dir not removed [instance={}, dir={}, error={}]", host.id(), dir,
          Messages.tail(e.getMessage(), 200));
    }
  }

  // ---- versions, manifest, retention --------------------------------------------------------------------------

  private Object lock(String manifestKey) {
    return locks.computeIfAbsent(manifestKey, k -> new Object());
  }

  private long reserve(CheckpointSpec c, String dep, String manifestKey, S3Clients.Pair s3) {
    synchronized (lock(manifestKey)) {
      long max = readManifest(c, dep, manifestKey, s3).maxVersion();
      Set<Long> flying = inFlight.computeIfAbsent(manifestKey, k -> new HashSet<>());
      for (long v : flying) max = Math.max(max, v);
      flying.add(max + 1);
      return max + 1;
    }
  }

  private void release(String manifestKey, long version) {
    synchronized (lock(manifestKey)) {
      Set<Long> flying = inFlight.get(manifestKey);
      if (flying != null) flying.remove(version);
    }
  }

  private void commit(CheckpointSpec c, String dep, String manifestKey, S3Clients.Pair s3, Manifest.Entry entry) {
    List<Manifest.Entry> dropped = new ArrayList<>();
    synchronized (lock(manifestKey)) {
      Manifest m = readManifest(c, dep, manifestKey, s3).with(entry);
      List<Manifest.Entry> all = m.entries();
      List<Manifest.Entry> keep = new ArrayList<>();
      int excess = all.size() - c.keep();
      for (int i = 0; i < all.size(); i++) {
        Manifest.Entry e = all.get(i);
        boolean newest = i == all.size() - 1;
        if (i < excess && !newest && !pinned("s3://" + c.bucket() + "/" + e.key())) {
          dropped.add(e);
        } else {
          keep.add(e);
        }
      }
      Manifest next = m.withOnly(keep);
      String where = "checkpoint of deployment '" + dep + "'";
      store(where, () -> s3.s3().putObject(PutObjectRequest.builder().bucket(c.bucket()).key(manifestKey)
          .contentType("application/json").build(), RequestBody.fromString(next.toJson(), StandardCharsets.UTF_8)));
    }
    for (Manifest.Entry e : dropped) {
      try {
        s3.s3().deleteObject(DeleteObjectRequest.builder().bucket(c.bucket()).key(e.key()).build());
        log.debug("retention deleted a version [deployment={}, version={}]", dep, e.version());
      } catch (SdkException x) {
        log.warn("retention could not delete an old version; it stays in the bucket [deployment={}, key={}, "
            + "error={}]", dep, e.key(), Messages.tail(x.getMessage(), 200));
      }
    }
  }

  private boolean pinned(String location) {
    Integer n = pins.get(location);
    return n != null && n > 0;
  }

  private Manifest readManifest(CheckpointSpec c, String dep, String manifestKey, S3Clients.Pair s3) {
    String where = "checkpoints of deployment '" + dep + "'";
    String body;
    try {
      body = s3.s3().getObjectAsBytes(GetObjectRequest.builder().bucket(c.bucket()).key(manifestKey).build())
          .asUtf8String();
    } catch (NoSuchKeyException e) {
      return Manifest.empty(dep);
    } catch (SdkException e) {
      throw storeError(where, c, e);
    }
    try {
      return Manifest.parse(dep, body);
    } catch (IllegalArgumentException e) {
      throw new DumontException(where + ": s3://" + c.bucket() + "/" + manifestKey + " is unreadable: "
          + e.getMessage() + "; fix or delete it");
    }
  }

  @Override
  public boolean protects(DeploymentSpec spec) {
    return spec.checkpoint() != null;
  }

  @Override
  public List<Checkpoint> checkpoints(DeploymentSpec spec) {
    CheckpointSpec c = requireSpec(spec);
    Manifest m = readManifest(c, spec.id(), manifestKey(c, spec.id()), s3(c));
    List<Checkpoint> out = new ArrayList<>();
    for (Manifest.Entry e : m.entries()) {
      out.add(new Checkpoint(spec.id(), e.version(), e.createdAt(), e.bytes(), "s3://" + c.bucket() + "/" + e.key(),
          e.sha256()));
    }
    return List.copyOf(out);
  }

  /**
   * Keep a version out of retention ({@code restoring=true}) until released ({@code false}); counted, so nested pins
   * hold until the last release. {@link #restore} pins the version it restores for its whole run.
   */
  public void pin(DeploymentSpec spec, Checkpoint checkpoint, boolean restoring) {
    if (checkpoint.location() == null) return;
    pins.merge(checkpoint.location(), restoring ? 1 : -1, (a, b) -> {
      int n = a + b;
      return n <= 0 ? null : n;
    });
  }

  // ---- restore and verify -------------------------------------------------------------------------------------

  @Override
  public void restore(DeploymentSpec spec, Checkpoint checkpoint, Instance target) {
    CheckpointSpec c = requireSpec(spec);
    String where = "restore of deployment '" + spec.id() + "' version " + checkpoint.version() + " onto instance '"
        + target.id() + "'";
    String[] bk = location(where, checkpoint);
    String compression = bk[1].endsWith(".tar.zst") ? "zstd" : bk[1].endsWith(".tar.gz") ? "gzip" : null;
    if (compression == null) {
      throw new DumontException(where + ": " + checkpoint.location() + " is not a .tar.zst or .tar.gz checkpoint");
    }
    String sha = checkpoint.sha256();
    if (sha == null || !HEX64.matcher(sha).matches()) {
      throw new DumontException(where + ": the checkpoint carries no SHA-256, so it cannot be verified");
    }
    S3Clients.Pair s3 = s3(c);
    pin(spec, checkpoint, true);
    try {
      GetObjectRequest get = GetObjectRequest.builder().bucket(bk[0]).key(bk[1]).build();
      PresignedRequest p = store(where, () -> s3.presigner().presignGetObject(
          GetObjectPresignRequest.builder().signatureDuration(presignTtl).getObjectRequest(get).build()));
      String config = HostScripts.curlConfig(p.url().toString(), Map.of());
      ExecResult r = shell().exec(target, HostScripts.restore(compression, sha, checkpoint.version()),
          ExecOptions.timeout(commandTimeout).stdin(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8))));
      if (!r.ok()) throw restoreFailure(where, r, sha);
    } finally {
      pin(spec, checkpoint, false);
    }
    log.debug("restored [deployment={}, instance={}, version={}]", spec.id(), target.id(), checkpoint.version());
  }

  private static RemoteException restoreFailure(String where, ExecResult r, String expected) {
    String err = r.stderr() == null ? "" : r.stderr();
    return switch (r.exitCode()) {
      case HostScripts.EXIT_SHA_MISMATCH -> {
        String got = "?";
        for (String line : err.split("\n")) if (line.startsWith("sha256-mismatch ")) got = line.substring(16).trim();
        yield new RemoteException(where + ": the downloaded archive's SHA-256 " + Messages.scrub(got)
            + " differs from the checkpoint's " + expected + "; nothing was extracted");
      }
      case HostScripts.EXIT_NEEDS_ZSTD -> new RemoteException(where
          + ": the checkpoint is zstd-compressed and the instance has no zstd; install zstd in the image");
      case HostScripts.EXIT_HTTP -> new RemoteException(where + ": the store refused the download (HTTP "
          + field(r.stdout(), "status") + "): " + Messages.s3Error(err));
      case HostScripts.EXIT_CURL -> new RemoteException(where + ": downloading with curl failed: "
          + Messages.tail(err, 300));
      case HostScripts.EXIT_EXTRACT -> new RemoteException(where + ": extracting failed: " + Messages.tail(err, 300));
      default -> new RemoteException(where + ": the restore script failed (exit " + r.exitCode() + "): "
          + Messages.tail(err, 300));
    };
  }

  @Override
  public boolean verify(DeploymentSpec spec, Checkpoint checkpoint, Instance target) {
    requireSpec(spec);
    ExecResult r = shell().exec(target, HostScripts.readMarker(), Duration.ofMinutes(1));
    if (!r.ok()) return false;
    String marker = r.stdout().trim();
    return checkpoint.sha256() != null && marker.equals(checkpoint.version() + " " + checkpoint.sha256());
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private RemoteShell shell() {
    return remoteOverride != null ? remoteOverride : dumont.remote();
  }

  private S3Clients.Pair s3(CheckpointSpec c) {
    return clients.get(c.endpoint(), c.region(), c.profile());
  }

  private static CheckpointSpec requireSpec(DeploymentSpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (spec.checkpoint() == null) throw needsSpec(spec.id());
    if (!"s3".equals(spec.checkpoint().store().getScheme())) {
      throw new ConfigurationException("deployment '" + spec.id() + "': checkpoint.store must be an s3:// URL for "
          + "object-store checkpoints, got scheme '" + spec.checkpoint().store().getScheme() + "'");
    }
    return spec.checkpoint();
  }

  private static String manifestKey(CheckpointSpec c, String dep) {
    return join(c.prefix(), dep, "manifest.json");
  }

  private static String join(String... parts) {
    StringBuilder b = new StringBuilder();
    for (String p : parts) {
      if (p == null || p.isEmpty()) continue;
      if (b.length() > 0) b.append('/');
      b.append(p);
    }
    return b.toString();
  }

  private static String safeSlot(String slot) {
    String s = slot == null || slot.isBlank() ? "0" : slot.trim();
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** {bucket, key} of an {@code s3://bucket/key} location. */
  private static String[] location(String where, Checkpoint cp) {
    String loc = cp.location();
    if (loc == null || !loc.startsWith("s3://") || loc.indexOf('/', 5) < 0) {
      throw new DumontException(where + ": the checkpoint's location '" + Messages.scrub(loc)
          + "' is not an s3://bucket/key URL");
    }
    int slash = loc.indexOf('/', 5);
    return new String[] {loc.substring(5, slash), loc.substring(slash + 1)};
  }

  private HeadObjectResponse head(String where, S3Clients.Pair s3, String bucket, String key) {
    return store(where, () -> s3.s3().headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build()));
  }

  private static void deleteQuietly(S3Clients.Pair s3, String bucket, String key) {
    try {
      s3.s3().deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
    } catch (SdkException e) {
      log.warn("could not delete an unverified upload [bucket={}, key={}, error={}]", bucket, key,
          Messages.tail(e.getMessage(), 200));
    }
  }

  private interface StoreCall<T> {
    T call();
  }

  private static <T> T store(String where, StoreCall<T> call) {
    try {
      return call.call();
    } catch (SdkException e) {
      throw storeError(where, null, e);
    }
  }

  private static DumontException storeError(String where, CheckpointSpec c, SdkException e) {
    String bucket = c == null ? "" : " (bucket '" + c.bucket() + "')";
    if (e instanceof S3Exception s) {
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      String hint = switch (s.statusCode()) {
        case 403 -> "; check the credentials and that they may use this bucket (see docs/data-protection.md)";
        case 404 -> "; check that the bucket exists and the endpoint/region are right";
        case 301, 307 -> "; the bucket is in another region: set checkpoint.region";
        default -> "";
      };
      return new DumontException(where + ": the object store answered HTTP " + s.statusCode()
          + (code == null ? "" : " " + code) + bucket + hint, e, "s3", s.requestId(), 1,
          s.statusCode() >= 500 || s.statusCode() == 429);
    }
    String msg = e instanceof SdkClientException ? "cannot reach the object store" : "object store call failed";
    return new DumontException(where + ": " + msg + bucket + ": " + Messages.tail(e.getMessage(), 200), e, "s3",
        null, 1, e.retryable());
  }

  private static String field(String out, String name) {
    if (out == null) return null;
    for (String line : out.split("\n")) {
      if (line.startsWith(name + "=")) return line.substring(name.length() + 1).trim();
    }
    return null;
  }

  private static String strip(String etag) {
    String e = etag == null ? "" : etag.trim();
    if (e.startsWith("W/")) e = e.substring(2);
    return e.replace("\"", "").toLowerCase(java.util.Locale.ROOT);
  }

  private static String base64(String hex) {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
  }

  private static String multipartEtag(List<Part> parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      for (Part p : parts) md.update(HexFormat.of().parseHex(p.md5));
      return HexFormat.of().formatHex(md.digest()) + "-" + parts.size();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    clients.close();
  }

  @Override
  public String toString() {
    return "ObjectStoreDataSync[multipartThreshold=" + multipartThreshold + ", partSize=" + partSize
        + ", presignTtl=" + presignTtl + ", " + clients + "]";
  }

  private record Part(int number, long size, String md5, String file) {}

  /** What the archive script printed. */
  private record Archive(String dir, String ext, long size, String sha256, String md5, List<Part> parts) {
    static Archive parse(String out, String where) {
      String dir = field(out, "dir");
      String ext = field(out, "ext");
      String size = field(out, "size");
      String sha = field(out, "sha256");
      String md5 = field(out, "md5");
      if (dir == null || !HostScripts.TEMP_DIR.matcher(dir).matches() || ext == null
          || !(ext.equals("tar.zst") || ext.equals("tar.gz")) || size == null || !size.matches("\\d{1,19}")
          || sha == null || !HEX64.matcher(sha).matches() || md5 == null || !HEX32.matcher(md5).matches()) {
        throw new RemoteException(where + ": the archive script printed an unexpected result: "
            + Messages.tail(out, 200));
      }
      List<Part> parts = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (!line.startsWith("part=")) continue;
        String[] f = line.substring(5).trim().split(" ");
        if (f.length != 4 || !f[0].matches("\\d{1,5}") || !f[1].matches("\\d{1,19}") || !HEX32.matcher(f[2]).matches()
            || !HostScripts.PART_FILE.matcher(f[3]).matches() || Integer.parseInt(f[0]) != parts.size() + 1) {
          throw new RemoteException(where + ": the archive script printed an unexpected part line: "
              + Messages.tail(line, 120));
        }
        parts.add(new Part(Integer.parseInt(f[0]), Long.parseLong(f[1]), f[2], f[3]));
      }
      long total = parts.stream().mapToLong(Part::size).sum();
      long sz = Long.parseLong(size);
      if (!parts.isEmpty() && total != sz) {
        throw new RemoteException(where + ": the parts add up to " + total + " bytes, the archive has " + sz);
      }
      return new Archive(dir, ext, sz, sha, md5, List.copyOf(parts));
    }
  }

  /** Options of {@link ObjectStoreDataSync}. */
  public static final class Builder {
    private final Dumont dumont;
    private RemoteShell remoteShell;
    private Scheduler scheduler;
    private String accessKey;
    private Secret secretKey;
    private long multipartThreshold = DEFAULT_MULTIPART_THRESHOLD;
    private long partSize = DEFAULT_PART_SIZE;
    private Duration presignTtl = DEFAULT_PRESIGN_TTL;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private boolean zstd = true;

    private Builder(Dumont dumont) {
      this.dumont = dumont;
    }

    /** Run commands through this shell instead of {@code dumont.remote()}. */
    public Builder remoteShell(RemoteShell shell) {
      this.remoteShell = Objects.requireNonNull(shell, "remoteShell");
      return this;
    }

    /** Time source (default {@code dumont.scheduler()}). */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Explicit store keys (held on the SDK side only; the host sees presigned URLs). Default: the spec's
     * {@code profile}, else the AWS default chain (env, {@code ~/.aws}, instance role).
     */
    public Builder credentials(String accessKey, String secretKey) {
      if (accessKey == null || accessKey.isBlank()) {
        throw new ConfigurationException("credentials: the access key id is empty");
      }
      if (secretKey == null || secretKey.isBlank()) {
        throw new ConfigurationException("credentials: the secret access key is empty");
      }
      this.accessKey = accessKey.strip();
      this.secretKey = Secret.of(secretKey);
      return this;
    }

    /** Archives larger than this go in parts (default 64 MiB; at least 5 MiB). */
    public Builder multipartThreshold(long bytes) {
      if (bytes < MIN_PART_SIZE) {
        throw new ConfigurationException("multipartThreshold must be at least 5 MiB (5242880), got " + bytes);
      }
      this.multipartThreshold = bytes;
      return this;
    }

    /** Size of each part but the last (default 64 MiB; S3's minimum is 5 MiB; doubled past 10000 parts). */
    public Builder partSize(long bytes) {
      if (bytes < MIN_PART_SIZE || bytes > 5L * 1024 * MIB) {
        throw new ConfigurationException("partSize must be between 5 MiB and 5 GiB, got " + bytes);
      }
      this.partSize = bytes;
      return this;
    }

    /** How long a presigned URL stays valid (default 1 h; at most 7 days, SigV4's limit). */
    public Builder presignTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "presignTtl");
      if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(7)) > 0) {
        throw new ConfigurationException("presignTtl must be between 1 s and 7 days, got " + ttl);
      }
      this.presignTtl = ttl;
      return this;
    }

    /** Deadline of each host command (hook, archive, each upload, restore; default 30 min). */
    public Builder commandTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "commandTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new ConfigurationException("commandTimeout must be positive, got " + timeout);
      }
      this.commandTimeout = timeout;
      return this;
    }

    /** Use zstd when the host has it (default true); false always uses gzip. */
    public Builder zstd(boolean enabled) {
      this.zstd = enabled;
      return this;
    }

    public ObjectStoreDataSync build() {
      return new ObjectStoreDataSync(this);
    }
  }
}
