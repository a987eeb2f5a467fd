package com.dumontcloud.sdk.objectstore.internal;

import com.dumontcloud.sdk.Secret;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * One {@link S3Client} and {@link S3Presigner} per (endpoint, region, credentials), created on first use and
 * closed with this cache. Path-style addressing whenever an endpoint is given (MinIO, S3Proxy, R2, GCS).
 * Checksums are computed only where the API requires them, since third-party stores reject the newer
 * {@code x-amz-checksum} trailers; integrity comes from Content-MD5 and our own SHA-256.
 */
public final class S3Clients implements AutoCloseable {
  /** A client pair. */
  public record Pair(S3Client s3, S3Presigner presigner) {}

  private record Key(URI endpoint, String region, String credentials) {}

  private final String accessKey;
  private final Secret secretKey;
  private final Map<Key, Pair> cache = new ConcurrentHashMap<>();
  private volatile SdkHttpClient http;

  /** Explicit keys, or both null for the AWS default chain / the spec's profile. */
  public S3Clients(String accessKey, Secret secretKey) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  public Pair get(URI endpoint, String region, String profile) {
    String creds = accessKey != null ? "static:" + accessKey : profile != null ? "profile:" + profile : "default";
    return cache.computeIfAbsent(new Key(endpoint, region, creds), k -> create(k, profile));
  }

  private Pair create(Key k, String profile) {
    AwsCredentialsProvider creds;
    if (accessKey != null) {
      creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey.reveal()));
    } else if (profile != null) {
      creds = ProfileCredentialsProvider.builder().profileName(profile).build();
    } else {
      creds = DefaultCredentialsProvider.builder().build();
    }
    Region region = resolveRegion(k.region, k.endpoint);
    S3Configuration conf = S3Configuration.builder().pathStyleAccessEnabled(k.endpoint != null).build();
    var s3 = S3Client.builder().httpClient(http()).credentialsProvider(creds).region(region)
        .serviceConfiguration(conf)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    var pre = S3Presigner.builder().credentialsProvider(creds).region(region).serviceConfiguration(conf);
    if (k.endpoint != null) {
      s3.endpointOverride(k.endpoint);
      pre.endpointOverride(k.endpoint);
    }
    return new Pair(s3.build(), pre.build());
  }

  private static Region resolveRegion(String region, URI endpoint) {
    if (region != null && !region.isBlank()) return Region.of(region.trim());
    if (endpoint != null) return Region.US_EAST_1;
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (RuntimeException e) {
      return Region.US_EAST_1;
    }
  }

  private SdkHttpClient http() {
    SdkHttpClient h = http;
    if (h == null) {
      synchronized (this) {
        if (http == null) http = UrlConnectionHttpClient.builder().build();
        h = http;
      }
    }
    return h;
  }

  @Override
  public void close() {
    cache.values().forEach(p -> {
      p.s3().close();
      p.presigner().close();
    });
    cache.clear();
    SdkHttpClient h = http;
    if (h != null) h.close();
  }

  @Override
  public String toString() {
    return "S3Clients[" + cache.size() + " clients, credentials=" + (accessKey != null ? "explicit" : "default chain")
        + "]";
  }
}
