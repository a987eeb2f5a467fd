package com.dumontcloud.sdk.remote;

/** ServiceLoader entry point of a {@link RemoteShell} implementation ({@code dumont-sdk-ssh} provides one). */
public interface RemoteShellFactory {
  RemoteShell create(RemoteShellContext context);
}
