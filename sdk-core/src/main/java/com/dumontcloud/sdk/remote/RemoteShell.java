package com.dumontcloud.sdk.remote;

import com.dumontcloud.sdk.model.Instance;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Commands and file copies on instances, over SSH: what {@code dumont.instances().exec(...)}, the CLI's
 * {@code exec}/{@code cp}/{@code ssh}, {@code ObjectStoreDataSync} and the SSH utilisation sampler use. Obtain
 * it from {@code Dumont.remote()}; the implementation ({@code dumont-sdk-ssh}) is found on the class path.
 *
 * <p>Keys: an ed25519 key pair per identity is generated on first use (private key 0600 under
 * {@code $DUMONT_HOME/ssh/<identity>/}) or the user's own is used; the public key is installed through the
 * provider's {@link com.dumontcloud.sdk.spi.SshAccess}. Host keys are pinned on first use per instance and a
 * changed host key is refused with {@link HostKeyMismatchException}.
 */
public interface RemoteShell extends AutoCloseable {
  /** Run a command through the login shell of the instance. */
  ExecResult exec(Instance instance, String command, ExecOptions options);

  default ExecResult exec(Instance instance, String command, Duration timeout) {
    return exec(instance, command, ExecOptions.timeout(timeout));
  }

  /** Copy a local file to the instance (parent directories are created). */
  void upload(Instance instance, Path local, String remotePath, Duration timeout);

  /** Copy a file from the instance to a local path. */
  void download(Instance instance, String remotePath, Path local, Duration timeout);

  /**
   * What a user's own {@code ssh} needs to log in like the SDK does: the argument list of an OpenSSH client
   * invocation (key, pinned known-hosts file, port, user@host), the key installed and the host key pinned first.
   */
  java.util.List<String> sshCommand(Instance instance);

  @Override
  default void close() {}
}
