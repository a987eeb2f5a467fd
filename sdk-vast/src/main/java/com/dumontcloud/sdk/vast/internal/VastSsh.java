package com.dumontcloud.sdk.vast.internal;

import com.dumontcloud.sdk.model.Instance;
import com.dumontcloud.sdk.model.InstanceState;
import com.dumontcloud.sdk.model.PortMapping;
import com.dumontcloud.sdk.spi.SshAccess.Endpoint;
import com.dumontcloud.sdk.spi.support.Json;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a Vast instance's SSH server is. Vast offers two paths: its proxy
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
    String host = Json.trimToNull(i.sshHost());
    if (host == null || i.sshPort() < 1 || i.sshPort() > 65535) return Optional.empty();
    return Optional.of(new Endpoint(host, i.sshPort(), USER));
  }

  /** {@code public_ipaddr} (stripped) and the host port of {@code 22/tcp}. */
  private static Optional<Endpoint> direct(Instance i) {
    for (PortMapping p : i.ports()) {
      if (p.containerPort() != 22 || !"tcp".equals(p.protocol()) || p.hostPort() < 1) continue;
      String host = Json.trimToNull(p.hostIp());
      if (host == null) host = Json.trimToNull(i.publicIp());
      if (host != null) return Optional.of(new Endpoint(host, p.hostPort(), USER));
    }
    return Optional.empty();
  }

  /** Whether an error message says the key is already there (Vast: "SSH key already associated with instance."). */
  static boolean alreadyThere(String text) {
    if (text == null) return false;
    String t = text.toLowerCase(Locale.ROOT);
    return t.contains("already") && (t.contains("associated") || t.contains("attached") || t.contains("exist")
        || t.contains("added") || t.contains("key"));
  }
}
