package com.dumontcloud.sdk.vast.internal;

import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.PortMapping;
import com.dumontcloud.sdk.spi.SshAccess.Endpoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a Vast instance's SSH server is and what a public key looks like in logs. Vast offers two paths: its proxy
 * ({@code ssh_host:ssh_port}, e.g. {@code ssh4.vast.ai}), reachable from anywhere, and the host's own address
 * ({@code public_ipaddr} + the host port bound to container port 22), often blocked by the host's network (SkyPilot
 * uses the proxy for that reason). The login user is {@code root}.
 */
final class VastSsh {
  /** Which path to prefer; the other one is the fallback. */
  enum Mode {
    PROXY,
    DIRECT
  }

  static final String USER = "root";

  private VastSsh() {}

  /**
   * The endpoint of a running instance, preferring {@code mode}'s path and falling back to the other; empty while
   * the instance is not running or has no address yet.
   */
  static Optional<Endpoint> endpoint(Instance i, Mode mode) {
    if (i.state() != InstanceState.RUNNING) return Optional.empty();
    Optional<Endpoint> proxy = proxy(i);
    Optional<Endpoint> direct = direct(i);
    return mode == Mode.DIRECT ? direct.or(() -> proxy) : proxy.or(() -> direct);
  }

  /**
   * {@code ssh_host:ssh_port}. The parser fills {@code sshHost} from {@code ssh_host}, or from the direct address
   * when Vast sent no proxy, so this is "the proxy if any".
   */
  private static Optional<Endpoint> proxy(Instance i) {
    String host = VastParsers.trimToNull(i.sshHost());
    if (host == null || i.sshPort() < 1 || i.sshPort() > 65535) return Optional.empty();
    return Optional.of(new Endpoint(host, i.sshPort(), USER));
  }

  /** {@code public_ipaddr} (stripped) and the host port of {@code 22/tcp}. */
  private static Optional<Endpoint> direct(Instance i) {
    for (PortMapping p : i.ports()) {
      if (p.containerPort() != 22 || !"tcp".equals(p.protocol()) || p.hostPort() < 1) continue;
      String host = VastParsers.trimToNull(p.hostIp());
      if (host == null) host = VastParsers.trimToNull(i.publicIp());
      if (host != null) return Optional.of(new Endpoint(host, p.hostPort(), USER));
    }
    return Optional.empty();
  }

  /** A key as one stripped line; InvalidSpecException when it is not an OpenSSH public key. */
  static String requirePublicKey(String key) {
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

  /** Type, blob: the part of a key that identifies it (comments differ between copies of one key). */
  static String identity(String key) {
    if (key == null) return null;
    String[] parts = key.strip().split("\\s+");
    return parts.length < 2 ? null : parts[0] + " " + parts[1];
  }

  /** {@code SHA256:... (comment)} as {@code ssh-keygen -l} prints it: what logs show instead of the key. */
  static String fingerprint(String key) {
    String[] parts = key.strip().split("\\s+", 3);
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

  /** Whether an error message says the key is already there (Vast: "SSH key already associated with instance."). */
  static boolean alreadyThere(String text) {
    if (text == null) return false;
    String t = text.toLowerCase(Locale.ROOT);
    return t.contains("already") && (t.contains("associated") || t.contains("attached") || t.contains("exist")
        || t.contains("added") || t.contains("key"));
  }
}
