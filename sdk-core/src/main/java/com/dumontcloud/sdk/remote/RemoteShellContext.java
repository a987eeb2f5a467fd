package com.dumontcloud.sdk.remote;

import com.dumontcloud.sdk.spi.SshAccess;
import com.dumontcloud.sdk.time.Scheduler;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a {@link RemoteShell} implementation is given.
 *
 * @param access the SSH capability of a provider, by provider id (empty when the provider has none)
 * @param home the SDK's state directory ({@code $DUMONT_HOME}); keys live under {@code ssh/<identity>/}, pinned
 *     host keys under {@code ssh/known_hosts/}
 * @param identity whose key pair to use (the engine identity, or {@code default})
 * @param privateKey the user's own OpenSSH private key file instead of a generated one, or null
 * @param scheduler time source for timeouts and retries
 */
public record RemoteShellContext(Function<String, Optional<SshAccess>> access, Path home, String identity,
    Path privateKey, Scheduler scheduler) {}
