package com.dumontcloud.sdk.spi.support;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * OpenSSH public keys as providers receive them in {@link com.dumontcloud.sdk.spi.SshAccess#installPublicKey}:
 * checked before anything is sent, compared without their comments, and named in logs by fingerprint (never the key
 * itself). Stable for provider authors.
 */
public final class SshKeys {
  private SshKeys() {}

  /**
   * The key as one stripped line.
   *
   * @throws InvalidSpecException when it is not an OpenSSH public key (a private key is named as such)
   */
  public static String requirePublicKey(String key) {
    String k = key == null ? "" : key.strip();
    String[] parts = k.split("\\s+");
    boolean typeOk = parts.length >= 2 && (parts[0].startsWith("ssh-") || parts[0].startsWith("ecdsa-")
        || parts[0].startsWith("sk-"));
    if (!typeOk || k.contains("\n") || k.contains("PRIVATE KEY") || blob(parts[1]) == null) {
      throw new InvalidSpecException("not an OpenSSH public key (expected one line 'ssh-ed25519 AAAA... comment', "
          + "the content of a .pub file)" + (k.contains("PRIVATE KEY") ? "; this looks like a private key: never "
          + "send it anywhere" : ""));
    }
    return k;
  }

  /** Type and blob: the part of a key that identifies it (comments differ between copies of one key); null if none. */
  public static String identity(String key) {
    if (key == null) return null;
    String[] parts = key.strip().split("\\s+");
    return parts.length < 2 ? null : parts[0] + " " + parts[1];
  }

  /** {@code SHA256:... (comment)} as {@code ssh-keygen -l} prints it: what logs show instead of the key. */
  public static String fingerprint(String key) {
    String[] parts = key == null ? new String[0] : key.strip().split("\\s+", 3);
    byte[] blob = parts.length > 1 ? blob(parts[1]) : null;
    if (blob == null) return "an unreadable key";
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
      String fp = "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
      return parts.length > 2 ? fp + " (" + parts[2] + ")" : fp;
    } catch (NoSuchAlgorithmException e) {
      return parts[0] + " key";
    }
  }

  private static byte[] blob(String b64) {
    try {
      byte[] b = Base64.getDecoder().decode(b64.getBytes(StandardCharsets.US_ASCII));
      return b.length == 0 ? null : b;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
