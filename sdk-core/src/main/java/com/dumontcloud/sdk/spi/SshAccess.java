package com.dumontcloud.sdk.spi;

import com.dumontcloud.sdk.model.Instance;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach an instance over SSH and how to let a key in: the provider capability behind remote exec, copy,
 * {@code ObjectStoreDataSync} and the SSH utilisation sampler. The SSH client itself lives in
 * {@code dumont-sdk-ssh}; a provider only says where to connect and installs public keys.
 */
public interface SshAccess {
  /**
   * Where an instance's SSH server listens.
   *
   * @param host host name or address
   * @param port TCP port
   * @param user login user
   */
  record Endpoint(String host, int port, String user) {
    public Endpoint {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(user, "user");
      if (port < 1 || port > 65535) throw new IllegalArgumentException("ssh port must be in 1..65535, got " + port);
    }

    @Override
    public String toString() {
      return user + "@" + host + ":" + port;
    }
  }

  /** The endpoint of a running instance; empty while it has no reachable SSH address yet (still booting). */
  Optional<Endpoint> sshEndpoint(Instance instance);

  /**
   * Let an OpenSSH public key ({@code ssh-ed25519 AAAA... comment}) log in to the instance. Idempotent: a key
   * already installed is success. A key may take a few seconds to become effective (Vast); callers retry the
   * connection, never the installation.
   */
  void installPublicKey(Instance instance, String openSshPublicKey);
}
