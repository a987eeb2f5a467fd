package com.dumontcloud.sdk.testkit.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.TransientApiMetadata;
import org.jclouds.filesystem.FilesystemApiMetadata;

/**
 * An S3-compatible server (S3Proxy on Jetty, jclouds blob store) on {@code 127.0.0.1} and a free port, for tests
 * and the persisted CLI simulation. Keys are generated per start, never configured; authentication is AWS
 * SigV2 or SigV4, in headers or as presigned query strings.
 *
 * <p>What the server checks: the signature (and expiry) of every request, and the {@code Content-MD5} of a PUT
 * or an uploaded part when the client sends one (a mismatch is {@code 400 BadDigest}). It does not check
 * {@code x-amz-checksum-*} trailers; clients must verify content themselves beyond that.
 *
 * <pre>{@code
 * try (InProcessS3 s3 = InProcessS3.builder().build()) {   // in memory
 *   s3.createBucket("ckpt");
 *   ... s3.endpoint(), s3.accessKey(), s3.secretKey() ...
 * }
 * }</pre>
 */
public final class InProcessS3 implements AutoCloseable {
  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final String accessKey;
  private final String secretKey;
  private final URI endpoint;
  private volatile boolean closed;

  private InProcessS3(Builder b) {
    this.accessKey = b.accessKey != null ? b.accessKey : "AK" + random(9).toUpperCase(java.util.Locale.ROOT);
    this.secretKey = b.secretKey != null ? b.secretKey : random(20);
    ContextBuilder cb;
    if (b.directory != null) {
      try {
        Files.createDirectories(b.directory);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the blob store directory " + b.directory, e);
      }
      Properties props = new Properties();
      props.setProperty("jclouds.filesystem.basedir", b.directory.toAbsolutePath().toString());
      cb = ContextBuilder.newBuilder(new FilesystemApiMetadata()).overrides(props);
    } else {
      // by metadata, not by name: a name makes jclouds load every registered provider, and S3Proxy registers
      // back ends (Azure, GCS) whose libraries are left out of the test kit
      cb = ContextBuilder.newBuilder(new TransientApiMetadata());
    }
    this.context = cb.credentials("identity", "credential").build(BlobStoreContext.class);
    this.proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:" + b.port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
        .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("S3Proxy did not start within 10 s");
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while starting the in-process S3 server", e);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("cannot start the in-process S3 server: " + e.getMessage(), e);
    }
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** An in-memory server on a free port. */
  public static InProcessS3 start() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://127.0.0.1:<port>}: use path-style addressing. */
  public URI endpoint() {
    return endpoint;
  }

  public String accessKey() {
    return accessKey;
  }

  /** The generated secret key (tests only; it is not printed by {@link #toString()}). */
  public String secretKey() {
    return secretKey;
  }

  /** The signing region the server accepts (any; this is what clients should use). */
  public String region() {
    return "us-east-1";
  }

  /** Create a bucket (no-op when it exists). */
  public InProcessS3 createBucket(String name) {
    Objects.requireNonNull(name, "bucket name");
    context.getBlobStore().createContainerInLocation(null, name);
    return this;
  }


  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      proxy.stop();
    } catch (Exception ignored) {
      // stopping a server that failed to start
    } finally {
      context.close();
    }
  }

  @Override
  public String toString() {
    return "InProcessS3[" + endpoint + ", accessKey=" + accessKey + ", secretKey=****]";
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Options of {@link InProcessS3}. */
  public static final class Builder {
    private Path directory;
    private int port;
    private String accessKey;
    private String secretKey;

    private Builder() {}

    /**
     * Keep objects as files under {@code dir} (jclouds "filesystem"), so another process started on the same
     * directory sees them; default: in memory (jclouds "transient").
     */
    public Builder directory(Path dir) {
      this.directory = Objects.requireNonNull(dir, "directory");
      return this;
    }

    /** Listen on this port (default 0: a free one). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
      this.port = port;
      return this;
    }

    /**
     * Fixed keys, for a persisted simulation whose clients restart (default: fresh random keys per start).
     * Never put real credentials here.
     */
    public Builder keys(String accessKey, String secretKey) {
      this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
      this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
      return this;
    }

    public InProcessS3 build() {
      return new InProcessS3(this);
    }
  }
}
