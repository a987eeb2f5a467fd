package com.dumontcloud.sdk.webhook;

import com.dumontcloud.sdk.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery. The sender puts the Unix time in seconds in
 * {@value #TIMESTAMP_HEADER} and {@code sha256=} + the lower-case hex HMAC-SHA256, keyed with the hook's secret, of
 * {@code timestamp + "." + body} (the raw request body bytes, UTF-8) in {@value #SIGNATURE_HEADER}. A receiver
 * recomputes it, compares in constant time, and rejects timestamps more than {@link #DEFAULT_TOLERANCE} (5 minutes)
 * away from its clock, so a captured request cannot be replayed later.
 *
 * <pre>{@code
 * boolean ok = WebhookSignature.verify(secret, request.header("X-Dumont-Timestamp"),
 *     request.header("X-Dumont-Signature"), rawBody, Instant.now());
 * }</pre>
 */
public final class WebhookSignature {
  public static final String SIGNATURE_HEADER = "X-Dumont-Signature";
  public static final String TIMESTAMP_HEADER = "X-Dumont-Timestamp";
  /** The replay window: how far a delivery's timestamp may be from the receiver's clock. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
  private static final String PREFIX = "sha256=";

  private WebhookSignature() {}

  /** {@code sha256=<hex>} of {@code timestamp + "." + body}. */
  public static String sign(Secret secret, long timestampSeconds, String body) {
    Objects.requireNonNull(secret, "secret");
    return PREFIX + HexFormat.of().formatHex(hmac(secret.reveal(), timestampSeconds + "." + body));
  }

  /** {@link #verify(String, String, String, String, Instant, Duration)} with the 5-minute window. */
  public static boolean verify(String secret, String timestampHeader, String signatureHeader, String body, Instant now) {
    return verify(secret, timestampHeader, signatureHeader, body, now, DEFAULT_TOLERANCE);
  }

  /**
   * True when the signature matches the body and timestamp and the timestamp is within {@code tolerance} of
   * {@code now}. Missing or malformed headers are false, never an exception.
   */
  public static boolean verify(String secret, String timestampHeader, String signatureHeader, String body, Instant now,
      Duration tolerance) {
    if (secret == null || timestampHeader == null || signatureHeader == null || body == null) return false;
    long ts;
    try {
      ts = Long.parseLong(timestampHeader.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) return false;
    String sig = signatureHeader.trim();
    if (!sig.startsWith(PREFIX)) return false;
    byte[] given;
    try {
      given = HexFormat.of().parseHex(sig.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, hmac(secret, ts + "." + body));
  }

  private static byte[] hmac(String key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }
}
