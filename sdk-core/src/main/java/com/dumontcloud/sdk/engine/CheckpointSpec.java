package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where and what a deployment checkpoints (YAML {@code checkpoint: {store, endpoint, region, profile, paths,
 * command, interval, keep}}). The interval lives in {@link DeploymentSpec#checkpointInterval()}.
 *
 * @param store {@code s3://bucket/prefix}: the user's own bucket; versions go to
 *     {@code <prefix>/<deployment>/<slot>/v<N>} with a manifest beside them
 * @param endpoint the S3 API endpoint for non-AWS stores (R2 {@code https://<account>.r2.cloudflarestorage.com},
 *     GCS {@code https://storage.googleapis.com}, MinIO, B2), or null for AWS
 * @param region signing region, or null (AWS default chain; {@code auto} for R2)
 * @param profile AWS credentials profile name, or null for the default chain (env, profile, instance role)
 * @param paths what to archive on the instance; relative paths are relative to the SSH login directory
 * @param command an optional hook run on the instance before the archive (flush state), or null
 * @param keep how many versions to keep (older ones are deleted, never the one a failover is restoring)
 */
public record CheckpointSpec(URI store, URI endpoint, String region, String profile, List<String> paths,
    String command, int keep) {
  public static final int DEFAULT_KEEP = 5;

  public CheckpointSpec {
    Objects.requireNonNull(store, "checkpoint.store");
    if (store.getScheme() == null || store.getHost() == null) {
      throw new InvalidSpecException("checkpoint.store must look like s3://bucket/prefix, got '" + store + "'");
    }
    if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null
        || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https")))) {
      throw new InvalidSpecException("checkpoint.endpoint must be an http(s) URL, got '" + endpoint + "'");
    }
    paths = paths == null ? List.of() : List.copyOf(paths);
    if (paths.isEmpty()) throw new InvalidSpecException("checkpoint.paths must name at least one path to archive");
    for (String p : paths) {
      if (p == null || p.isBlank() || p.contains("\n") || p.contains("\0")) {
        throw new InvalidSpecException("checkpoint.paths entries must be non-empty single-line paths");
      }
    }
    if (keep < 1 || keep > 1000) throw new InvalidSpecException("checkpoint.keep must be in 1..1000, got " + keep);
    if (command != null && command.isBlank()) command = null;
  }

  /** A store with paths, the default retention and no hook. */
  public static CheckpointSpec of(String store, String... paths) {
    return new CheckpointSpec(uri(store, "checkpoint.store"), null, null, null, List.of(paths), null, DEFAULT_KEEP);
  }

  public CheckpointSpec endpoint(String url) {
    return new CheckpointSpec(store, uri(url, "checkpoint.endpoint"), region, profile, paths, command, keep);
  }

  public CheckpointSpec region(String r) {
    return new CheckpointSpec(store, endpoint, r, profile, paths, command, keep);
  }

  public CheckpointSpec profile(String p) {
    return new CheckpointSpec(store, endpoint, region, p, paths, command, keep);
  }

  public CheckpointSpec command(String c) {
    return new CheckpointSpec(store, endpoint, region, profile, paths, c, keep);
  }

  public CheckpointSpec keep(int k) {
    return new CheckpointSpec(store, endpoint, region, profile, paths, command, k);
  }

  /** The bucket of {@link #store()}. */
  public String bucket() {
    return store.getHost();
  }

  /** The key prefix of {@link #store()}, without leading or trailing slashes ("" for none). */
  public String prefix() {
    String p = store.getPath() == null ? "" : store.getPath();
    while (p.startsWith("/")) p = p.substring(1);
    while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
    return p;
  }

  static URI uri(String s, String field) {
    if (s == null || s.isBlank()) throw new InvalidSpecException(field + " must not be empty");
    try {
      return new URI(s.trim());
    } catch (java.net.URISyntaxException e) {
      throw new InvalidSpecException(field + " is not a valid URL: '" + s + "'");
    }
  }
}
