package com.dumontcloud.sdk.gcp.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Names and labels as GCP wants them. Label keys and values allow only {@code [a-z0-9_-]} (keys start with a letter),
 * at most 63 characters: our {@code dumont-*} values (idempotency keys like {@code web/0/3}, deployment names with
 * capitals) are escaped reversibly, every other character as {@code _xx} (its UTF-8 bytes in hex, {@code _} itself
 * as {@code _5f}); a value still longer than 63 keeps its first 46 characters and a 16-digit hash (not reversible,
 * but stable, so lookups by label still match). Instance names are {@code dumont-} and 24 hex digits of the
 * idempotency key's SHA-256: RFC 1035 and the same on every attempt.
 */
final class GcpNames {
  static final int MAX_LABEL = 63;

  private GcpNames() {}

  /** The last path segment of a (full or partial) resource URL, or null. */
  static String last(String url) {
    if (url == null || url.isBlank()) return null;
    return url.substring(url.lastIndexOf('/') + 1);
  }

  /** {@code us-central1-a} → {@code us-central1}. */
  static String region(String zone) {
    int i = zone.lastIndexOf('-');
    return i < 0 ? zone : zone.substring(0, i);
  }

  static String instanceName(String idempotencyKey) {
    return "dumont-" + sha256(idempotencyKey).substring(0, 24);
  }

  /** The insert's {@code requestId} for an idempotency key in one zone: a name-based UUID, never the zero UUID. */
  static String requestId(String idempotencyKey, String zone) {
    return UUID.nameUUIDFromBytes((idempotencyKey + "@" + zone).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Escape a label key or value into GCP's charset. */
  static String encode(String s, boolean key) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (x & 0xff);
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') b.append(c);
      else b.append('_').append(String.format(Locale.ROOT, "%02x", x & 0xff));
    }
    String out = b.toString();
    if (key && (out.isEmpty() || !(out.charAt(0) >= 'a' && out.charAt(0) <= 'z'))) out = "k" + out;
    if (out.length() > MAX_LABEL) out = out.substring(0, MAX_LABEL - 17) + "-" + sha256(s).substring(0, 16);
    return out;
  }

  /** Undo {@link #encode} (for the values of our {@code dumont-*} labels); text without escapes passes through. */
  static String decode(String s) {
    if (s.indexOf('_') < 0) return s;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '_' && isHex(s, i + 1) && isHex(s, i + 2)) {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0 && !Character.isUpperCase(s.charAt(i));
  }

  static Map<String, String> encodeAll(Map<String, String> labels) {
    Map<String, String> out = new LinkedHashMap<>();
    labels.forEach((k, v) -> out.put(encode(k, true), encode(v == null ? "" : v, false)));
    return out;
  }

  static Map<String, String> decodeAll(Map<String, ?> labels) {
    Map<String, String> out = new LinkedHashMap<>();
    labels.forEach((k, v) -> out.put(k, k.startsWith("dumont-") ? decode(String.valueOf(v)) : String.valueOf(v)));
    return out;
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
