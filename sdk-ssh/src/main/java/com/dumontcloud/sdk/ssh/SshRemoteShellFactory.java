package com.dumontcloud.sdk.ssh;

import com.dumontcloud.sdk.remote.RemoteShell;
import com.dumontcloud.sdk.remote.RemoteShellContext;
import com.dumontcloud.sdk.remote.RemoteShellFactory;

/** ServiceLoader entry point: {@code Dumont.remote()} finds it when {@code dumont-sdk-ssh} is on the class path. */
public final class SshRemoteShellFactory implements RemoteShellFactory {
  @Override
  public RemoteShell create(RemoteShellContext context) {
    return SshRemoteShell.create(context);
  }
}
