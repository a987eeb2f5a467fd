package com.dumontcloud.sdk;

import java.util.Objects;

/**
 * A credential. {@link #toString()} prints a fixed mask; the raw value is read only where a request is
 * authenticated ({@link #reveal()}). Not a record, so no generated method ever prints the value.
 */
public final class Secret {
  private static final String MASK = "****";
  private final char[] value;

  private Secret(String value) {
    this.value = value.toCharArray();
  }

  /** Wrap a raw value; blank values are rejected with a message that names the fix. */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "secret value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("secret is blank; set a non-empty API key");
    }
    return new Secret(value.strip());
  }

  /** The secret from an environment variable, or null when unset or blank. */
  public static Secret fromEnv(String envName) {
    String v = System.getenv(envName);
    return v == null || v.isBlank() ? null : of(v);
  }

  /** The raw value. Call only where the value goes on the wire. */
  public String reveal() {
    return new String(value);
  }

  @Override
  public String toString() {
    return MASK;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && java.security.MessageDigest.isEqual(
        new String(value).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        new String(s.value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0x5ec7e7;
  }
}
